"""The newcomer's path: what a fresh Debian or Ubuntu machine does to the build.

- .ci/run installs nox and uv with a Python that is "externally managed"
  (PEP 668), as Debian's and Ubuntu's python3 are: pip refuses to install
  there, so the tools go into a venv of their own (.ci/install-tools).
- The HTML builds without the system's time-zone database (minimal containers
  and Windows have none): tzdata comes from uv.lock, and without it the build
  stops with a Danish message naming conf.py's line, not a traceback.
- No build prints what a reader should not act on: Sphinx's closing line for
  the in-between HTML page the PDF is printed from.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import Build, copy_project, edit_file, run_build
from os2_handbook import nodejs
from os2_handbook.build import ROOT, sphinx_command
from os2_handbook.ext import timezone

SYSTEM_PYTHON = Path("/usr/bin/python3")  # Debian's own on these machines

# What a build must never print: Sphinx's own closing line for the page the PDF
# is printed from, which would send a reader to an in-between HTML file as if it
# were the result. (sphinxext-opengraph's import-time "matplotlib is not
# installed" notice is printed: hiding it took a wrapper, dropped in issue 22.)
ALARMING = ("The HTML page is in",)


def alarming_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if any(text in line for text in ALARMING)]


# -- nox and uv on an externally managed Python -------------------------------------


def externally_managed_marker(python: Path) -> Path | None:
    """The PEP 668 marker of python's standard library, if it has one."""
    if not python.exists():
        return None
    stdlib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    marker = Path(stdlib) / "EXTERNALLY-MANAGED"
    return marker if marker.exists() else None


def fixture_wheel(folder: Path, name: str) -> Path:
    """A tiny wheel named like a real tool, with a console script of that name.

    A test fixture, not the tool: it lets pip really install "nox" and "uv"
    from a local folder, so the test needs no registry.
    """
    module = f"fixture_{name}"
    files = {
        f"{module}.py": f'def main():\n    print("{name} fixture 0.0.0")\n',
        f"{name}-0.0.0.dist-info/METADATA": (
            f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.0.0\n"
            "Summary: test fixture standing in for the real tool\n"
        ),
        f"{name}-0.0.0.dist-info/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
        f"{name}-0.0.0.dist-info/entry_points.txt": (
            f"[console_scripts]\n{name} = {module}:main\n"
        ),
    }
    record = []
    for path, text in files.items():
        data = text.encode()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record_path = f"{name}-0.0.0.dist-info/RECORD"
    files[record_path] = "\n".join([*record, f"{record_path},,"]) + "\n"
    wheel = folder / f"{name}-0.0.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return wheel


@pytest.fixture
def offline_pip(tmp_path: Path) -> dict[str, str]:
    """Environment in which pip installs only the fixture wheels, from a folder."""
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    for name in ("nox", "uv"):
        fixture_wheel(wheels, name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    return {
        **env,
        "PIP_CONFIG_FILE": os.devnull,  # no machine-wide index or constraints
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheels),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }


@pytest.fixture
def system_python() -> Path:
    if externally_managed_marker(SYSTEM_PYTHON) is None:
        pytest.skip(f"{SYSTEM_PYTHON} is not an externally managed (PEP 668) Python here")
    return SYSTEM_PYTHON


def test_ci_installs_its_tools_with_an_externally_managed_python(
    system_python: Path, offline_pip: dict[str, str], tmp_path: Path
) -> None:
    venv = tmp_path / "tools"
    result = subprocess.run(
        ["bash", str(ROOT / ".ci" / "install-tools"), str(system_python), str(venv)],
        env=offline_pip, capture_output=True, text=True, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "externally-managed-environment" not in output
    assert "nox fixture 0.0.0" in output and "uv fixture 0.0.0" in output
    for tool in ("nox", "uv"):
        assert (venv / "bin" / tool).is_file()


def test_ci_puts_the_tools_first_on_path_and_runs_the_readmes_commands() -> None:
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install = re.search(r'^bash \.ci/install-tools python3 "\$tools"$', ci_run, re.M)
    path = re.search(r'^export PATH="\$tools/bin:\$PATH"$', ci_run, re.M)
    tests = re.search(r"^nox -s tests$", ci_run, re.M)
    assert install and path and tests
    assert install.start() < path.start() < tests.start()
    assert "pip install" not in ci_run  # only inside the tools' own venv


def test_twin_pip_refuses_the_externally_managed_python(
    system_python: Path, offline_pip: dict[str, str]
) -> None:
    # The old `python3 -m pip install nox uv` of .ci/run and the README, and --user.
    # Debian's python3 has pip only with python3-pip, which the README does not
    # install: there the old way fails before the marker is even read.
    refusals = ("externally-managed-environment", "No module named pip")
    for user in ((), ("--user",)):
        result = subprocess.run(
            [str(system_python), "-m", "pip", "install", "--quiet", "--upgrade", *user,
             "nox", "uv"],
            env=offline_pip, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode != 0
        assert any(refusal in result.stderr for refusal in refusals), result.stderr


# -- Time zones without the system's database --------------------------------------


@pytest.fixture(scope="module")
def no_system_timezones(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """PYTHONTZPATH on an empty folder: zoneinfo sees no system database."""
    return {"PYTHONTZPATH": str(tmp_path_factory.mktemp("no-timezones"))}


def test_html_builds_without_system_timezones(
    tmp_path: Path, no_system_timezones: dict[str, str]
) -> None:
    root = copy_project(tmp_path / "project")
    build = run_build(root, env=no_system_timezones)
    assert build.returncode == 0, build.output
    # "Sidst opdateret" was computed in Europe/Copenhagen, from tzdata.
    assert "Sidst opdateret" in build.page_path("index").read_text(encoding="utf-8")


# Python without the tzdata package, as in an environment not installed from uv.lock.
WITHOUT_TZDATA = (
    "import sys; sys.modules['tzdata'] = None; "
    "from sphinx.cmd.build import main; sys.exit(main(sys.argv[1:]))"
)


def test_twin_build_without_tzdata_stops_with_a_clear_message(
    tmp_path: Path, no_system_timezones: dict[str, str]
) -> None:
    root = copy_project(tmp_path / "project")
    command = sphinx_command("dirhtml", root / "_build" / "html", root=root)
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_TZDATA, *command[3:]],
        cwd=root, env={**os.environ, **no_system_timezones},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode != 0
    line = next(
        number
        for number, text in enumerate((root / "conf.py").read_text().splitlines(), 1)
        if text.startswith("git_last_updated_timezone ")
    )
    assert re.search(
        rf"conf\.py:{line}: ERROR: tidszonen 'Europe/Copenhagen' .*tzdata.*nox -s docs", output
    ), output
    assert "Traceback" not in output and "sphinx-err-" not in output


def test_a_misspelt_timezone_is_named() -> None:
    assert timezone.problem("Europe/Copenhagen") is None
    message = timezone.problem("Europe/Kobenhavn")
    assert message and "'Europe/Kobenhavn'" in message and "findes ikke" in message


# -- Nothing alarming in the build output --------------------------------------------


def test_html_build_prints_nothing_alarming(html_build: Build) -> None:
    assert alarming_lines(html_build.output) == []


def test_pdf_build_prints_nothing_alarming(tmp_path: Path) -> None:
    from support.pdf import build_pdf

    build = build_pdf(copy_project(tmp_path / "project"))
    assert build.returncode == 0, build.output
    assert alarming_lines(build.output) == []
    assert "PDF'en er bygget:" in build.output


def test_twin_without_the_handbooks_epilog_sphinxs_line_appears(tmp_path: Path) -> None:
    from support.pdf import build_pdf

    root = copy_project(tmp_path / "project")
    # Sphinx's own closing line for the pdfhtml builder (a singlehtml builder underneath).
    edit_file(
        root,
        "os2_handbook/pdf/paper.py",
        lambda t: re.sub(r"^    epilog = .*\n", "", t, flags=re.M),
    )
    build = build_pdf(root)
    assert build.returncode == 0, build.output
    found = alarming_lines(build.output)
    assert [text for text in ALARMING if any(text in line for line in found)] == list(ALARMING)


# -- One minimum Node.js, checked before the tools run ------------------------------

# The nodejs of each Debian release a workflow container may be built on.
DEBIAN_NODEJS = {"bookworm": (18, 19, 0), "trixie": (20, 19, 2)}


def lowest_allowed(spec: str) -> tuple[int, ...]:
    """The oldest Node.js an npm engines range allows: "^18.19 || >=20.0" -> (18, 19)."""
    return min(nodejs.version_tuple(part) for part in spec.split("||"))


def test_package_json_names_the_highest_minimum_of_the_locked_tools() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    minimums = [
        lowest_allowed(package["engines"]["node"])
        for name, package in lock["packages"].items()
        if name and isinstance(package.get("engines"), dict) and "node" in package["engines"]
    ]
    assert nodejs.minimum() == max(minimums)


def test_the_docs_and_the_workflows_name_the_same_minimum() -> None:
    wanted = nodejs.minimum()
    shown = ".".join(map(str, wanted[:2]))
    for doc in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        named = set(re.findall(r"Node\.js (\d+(?:\.\d+)*) eller nyere", text))
        assert {nodejs.version_tuple(n) for n in named} <= {wanted}, f"{doc} names {named}"
    readthedocs = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert int(readthedocs["build"]["tools"]["nodejs"]) >= wanted[0]  # the newest of that major
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        image = job.get("container", "")
        codename = next((name for name in DEBIAN_NODEJS if image.endswith(name)), None)
        assert codename, f"{image}: a Debian container whose nodejs is known here"
        assert DEBIAN_NODEJS[codename] >= wanted, f"{image}'s nodejs is older than {shown}"
    assert DEBIAN_NODEJS["bookworm"] < wanted  # twin: the old container's Node.js fails


def fake_node(folder: Path, version: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "node"
    program.write_text(f"#!/bin/sh\necho v{version}\n", encoding="utf-8")
    program.chmod(0o755)
    return str(program)


def test_an_old_node_is_named_with_the_way_to_a_new_one(tmp_path: Path) -> None:
    message = nodejs.problem(node=fake_node(tmp_path / "old", "18.19.0"))
    assert message and "v18.19.0" in message and f"node@{nodejs.minimum()[0]}" in message
    assert nodejs.problem(node=fake_node(tmp_path / "new", "20.19.2")) is None  # twin


def test_a_text_only_pull_request_runs_the_content_checks_and_nothing_else() -> None:
    workflows = ROOT / ".github" / "workflows"
    content = yaml.safe_load((workflows / "content.yml").read_text(encoding="utf-8"))
    full = yaml.safe_load((workflows / "ci.yml").read_text(encoding="utf-8"))
    # YAML reads the key "on" as True.
    paths = content[True]["pull_request"]["paths"]
    assert full[True]["pull_request"]["paths-ignore"] == paths
    assert "source/**" in paths and "udgave.toml" in paths
    steps = [step.get("run", "") for step in content["jobs"]["content"]["steps"]]
    for command in ("nox -s lint", "nox -s docs", "nox -s pdf", "nox -s tests -- -m"):
        assert any(command in step for step in steps), command

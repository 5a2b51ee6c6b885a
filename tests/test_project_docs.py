"""The maintainer's instructions agree with what CI and Read the Docs really do.

README.md's quick start names the Debian packages to install; .ci/run installs
them on a fresh machine; .readthedocs.yaml installs the PDF's share of them.
Every nox session is in the README's command table. Each check reports the
file and line of what is missing.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from os2_handbook.build import ROOT
from os2_handbook.ext import diagrams
from os2_handbook.pdf.printing import DEBIAN_PACKAGES

APT_INSTALL = re.compile(r"apt-get install\b")


def ci_packages(ci_run: str) -> dict[str, int]:
    """The packages in .ci/run's apt_packages=( … ) array, with their lines."""
    found: dict[str, int] = {}
    inside = False
    for number, line in enumerate(ci_run.splitlines(), start=1):
        if line.startswith("apt_packages=("):
            inside = True
        elif inside and line.strip() == ")":
            break
        elif inside and (name := line.split("#", 1)[0].strip()):
            found[name] = number
    return found


# Packages the README installs that .ci/run does without, and why.
README_ONLY = {
    "pipx": "the README's way to install nox and uv; .ci/run uses a venv of its own",
}


def readme_packages(readme: str) -> dict[str, int]:
    """The packages of every apt-get install command in README.md's code blocks."""
    found: dict[str, int] = {}
    command = fenced = False
    for number, line in enumerate(readme.splitlines(), start=1):
        if line.startswith("```"):
            fenced, command = not fenced, False
            continue
        if not fenced:
            continue
        if APT_INSTALL.search(line):
            command = True
            line = APT_INSTALL.split(line, 1)[1]
        if command:
            for word in line.replace("\\", " ").split():
                if not word.startswith("-"):
                    found.setdefault(word, number)
            command = line.rstrip().endswith("\\")
    return found


def readme_problems(readme: str, ci_run: str, sessions: list[str]) -> list[str]:
    """What README.md says wrongly or not at all, as "README.md:line: …" messages."""
    problems = []
    in_readme = readme_packages(readme)
    in_ci = ci_packages(ci_run)
    for name, line in in_ci.items():
        if name not in in_readme:
            problems.append(
                f"README.md: the quick start's apt-get command lacks {name} "
                f"(.ci/run:{line} installs it)"
            )
    for name, line in in_readme.items():
        if name not in in_ci and name not in README_ONLY:
            problems.append(f"README.md:{line}: {name} is not installed by .ci/run")
    for session in sessions:
        if not re.search(rf"^\| `nox -s {re.escape(session)}\b", readme, re.MULTILINE):
            problems.append(f"README.md: the command table lacks `nox -s {session}`")
    return problems


def nox_sessions() -> list[str]:
    """The sessions noxfile.py defines: @nox.session functions, under name= if given."""
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    sessions = []
    for function in tree.body:
        for decorator in getattr(function, "decorator_list", []):
            call = decorator if isinstance(decorator, ast.Call) else None
            target = call.func if call else decorator
            if ast.unparse(target) != "nox.session":
                continue
            names = [k.value.value for k in (call.keywords if call else []) if k.arg == "name"]
            sessions.append(names[0] if names else function.name)
    return sessions


@pytest.fixture(scope="module")
def project_texts() -> tuple[str, str, list[str]]:
    return (
        (ROOT / "README.md").read_text(encoding="utf-8"),
        (ROOT / ".ci" / "run").read_text(encoding="utf-8"),
        nox_sessions(),
    )


def test_readme_matches_ci_and_the_sessions(project_texts: tuple[str, str, list[str]]) -> None:
    readme, ci_run, sessions = project_texts
    assert {"docs", "tests", "lint", "pdf", "serve", "linkcheck"} <= set(sessions)
    assert len(readme_packages(readme)) >= 10
    assert readme_problems(readme, ci_run, sessions) == []


def test_readme_names_the_build_and_test_commands(project_texts) -> None:
    readme = project_texts[0]
    assert "nox -s docs" in readme and "nox -s tests" in readme
    assert "Python 3.11" in readme


def test_ci_runs_the_readmes_test_command(project_texts) -> None:
    ci_run = project_texts[1]
    assert re.search(r"^nox -s tests$", ci_run, re.MULTILINE)
    assert re.search(r"^nox -s lint$", ci_run, re.MULTILINE)


def test_read_the_docs_installs_exactly_the_pdf_packages() -> None:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    # The PDF's packages, then what puppeteer's Chrome needs for the diagrams.
    assert config["build"]["apt_packages"] == [*DEBIAN_PACKAGES, *diagrams.READTHEDOCS_PACKAGES]
    assert set(DEBIAN_PACKAGES) <= set(ci_packages((ROOT / ".ci" / "run").read_text()))


# -- Negative twins ------------------------------------------------------------------


def test_twin_package_missing_from_the_readme(project_texts) -> None:
    readme, ci_run, sessions = project_texts
    broken = readme.replace(" hunspell-da", "", 1)
    problems = readme_problems(broken, ci_run, sessions)
    assert len(problems) == 1
    assert re.fullmatch(
        r"README\.md: .* lacks hunspell-da \(\.ci/run:\d+ installs it\)", problems[0]
    )


def test_twin_package_ci_does_not_install(project_texts) -> None:
    readme, ci_run, sessions = project_texts
    broken = readme.replace("poppler-utils", "poppler-utils graphviz", 1)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "graphviz" in text)
    assert readme_problems(broken, ci_run, sessions) == [
        f"README.md:{line}: graphviz is not installed by .ci/run"
    ]


def test_twin_session_missing_from_the_table(project_texts) -> None:
    readme, ci_run, sessions = project_texts
    broken = "\n".join(
        line for line in readme.splitlines() if not line.startswith("| `nox -s pdf`")
    )
    assert readme_problems(broken, ci_run, sessions) == [
        "README.md: the command table lacks `nox -s pdf`"
    ]


def test_package_lists_are_read_from_real_files(tmp_path: Path) -> None:
    assert ci_packages("apt_packages=(\n  a  # why\n  # note\n  b\n)\nc\n") == {"a": 2, "b": 4}
    readme = (
        "Prose about apt-get install is not a command.\n"
        "```console\nsudo apt-get update\nsudo apt-get install -y --no-install-recommends \\\n"
        "  p q\nr\n```\n\n```console\napt-get install s\n```\n"
    )
    assert readme_packages(readme) == {"p": 5, "q": 5, "s": 10}


# -- Every Python uv.lock resolves for ----------------------------------------------

LOCK_VERSION = re.compile(r"""python_full_version\s*[<>=!~]+\s*'(3\.\d+)""")


def lock_pythons(lock: str) -> set[str]:
    """The Python versions uv.lock tells apart: its lowest, and each one its markers name."""
    lowest = re.search(r'^requires-python = ">=(3\.\d+)"', lock, re.MULTILINE)
    markers = re.search(r"^resolution-markers = \[(.*?)^\]", lock, re.MULTILINE | re.DOTALL)
    assert lowest and markers, "uv.lock: no requires-python or resolution-markers"
    return {lowest.group(1), *LOCK_VERSION.findall(markers.group(1))}


def ci_python_problems(lock: str, ci_run: str) -> list[str]:
    """Where .ci/run's lock_pythons=( … ) differs from the Pythons uv.lock tells apart."""
    line = re.search(r"^lock_pythons=\((.*)\)$", ci_run, re.MULTILINE)
    if line is None:
        return [".ci/run: no lock_pythons=( … ) line"]
    number = ci_run.count("\n", 0, line.start()) + 1
    tested, wanted = set(line.group(1).split()), lock_pythons(lock)
    return [
        f".ci/run:{number}: lock_pythons lacks {version}, which uv.lock resolves for"
        for version in sorted(wanted - tested)
    ]


def test_ci_tests_every_python_the_lock_resolves_for() -> None:
    lock = (ROOT / "uv.lock").read_text(encoding="utf-8")
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert lock_pythons(lock) >= {"3.11", "3.12", "3.13"}
    assert ci_python_problems(lock, ci_run) == []


def test_twin_a_python_new_to_the_lock_is_missing_from_ci() -> None:
    lock = (ROOT / "uv.lock").read_text(encoding="utf-8")
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    newer = lock.replace(
        "resolution-markers = [\n",
        "resolution-markers = [\n    \"python_full_version >= '3.14'\",\n",
        1,
    )
    assert newer != lock
    problems = ci_python_problems(newer, ci_run)
    assert len(problems) == 1
    assert re.fullmatch(
        r"\.ci/run:\d+: lock_pythons lacks 3\.14, which uv\.lock resolves for", problems[0]
    ), problems

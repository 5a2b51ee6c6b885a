"""Publishing: .readthedocs.yaml run as Read the Docs would, the links and tags
every page gets, the 404 page, the sitemap, and the GitHub workflows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import Build, copy_project, git, run_build
from os2_handbook.build import ROOT
from os2_handbook.project import read_site, web_url_from_clone_url

CANONICAL = "https://haandbog.example.org/da/latest/"
RTD_ENV = {
    "READTHEDOCS": "True",
    "READTHEDOCS_CANONICAL_URL": CANONICAL,
    "READTHEDOCS_VERSION": "latest",
    "READTHEDOCS_VERSION_TYPE": "branch",
    "READTHEDOCS_GIT_IDENTIFIER": "main",
    "READTHEDOCS_LANGUAGE": "da",
    "READTHEDOCS_GIT_CLONE_URL": "https://github.com/example/haandbog.git",
    "READTHEDOCS_GIT_COMMIT_HASH": "0123456789abcdef0123456789abcdef01234567",
}
HTML_COMMAND = 'python -m os2_handbook.build html "$READTHEDOCS_OUTPUT/html"'
PDF_COMMAND = 'python -m os2_handbook.build pdf "$READTHEDOCS_OUTPUT/pdf"'
RTD_CONFIG = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))


def shallow_clone(tmp_path: Path) -> Path:
    """A copy of the project with two commits, cloned with --depth 1 like Read the Docs."""
    origin = copy_project(tmp_path / "origin")
    page = origin / "source" / "bidrag.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEn senere rettelse.\n", "utf-8")
    git(origin, "commit", "--quiet", "--all", "--message", "Edit", date="2025-11-03T12:00:00+01:00")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", origin.as_uri(), str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    return clone


def run_jobs(commands: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run build.jobs commands as Read the Docs does: one shell each, in the checkout,
    with this interpreter as `python` (Read the Docs puts its virtualenv first on PATH)."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    full_env = {**os.environ, **env, "PATH": path}
    output = []
    for command in commands:
        result = subprocess.run(
            ["bash", "-c", command], cwd=cwd, env=full_env, capture_output=True, text=True
        )
        output.append(result.stdout + result.stderr)
        if result.returncode:
            return subprocess.CompletedProcess(command, result.returncode, "\n".join(output))
    return subprocess.CompletedProcess(commands, 0, "\n".join(output))


@pytest.fixture(scope="module")
def rtd_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """$READTHEDOCS_OUTPUT after post_checkout and the build jobs of .readthedocs.yaml."""
    tmp = tmp_path_factory.mktemp("rtd")
    clone = shallow_clone(tmp)
    env = {**RTD_ENV, "READTHEDOCS_OUTPUT": str(tmp / "output")}
    jobs = RTD_CONFIG["build"]["jobs"]
    result = run_jobs(jobs["post_checkout"], clone, env)
    assert result.returncode == 0, result.stdout
    result = run_jobs(jobs["build"]["html"], clone, env)
    assert result.returncode == 0, result.stdout
    result = run_jobs(jobs["build"]["pdf"], clone, env)
    assert result.returncode == 0, result.stdout
    return tmp / "output"


def page(output: Path, docname: str) -> BeautifulSoup:
    path = output / "html" / ("" if docname == "index" else docname) / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# -- .readthedocs.yaml ------------------------------------------------------------


def test_readthedocs_yaml_uses_the_shared_build_command_and_lock() -> None:
    assert RTD_CONFIG["version"] == 2
    jobs = RTD_CONFIG["build"]["jobs"]
    assert jobs["build"]["html"] == [HTML_COMMAND]
    assert jobs["build"]["pdf"] == [PDF_COMMAND]
    assert "pdf" in RTD_CONFIG["formats"]
    install = " ".join(jobs["install"])
    for flag in ("uv export --locked", "--group docs", "--require-hashes"):
        assert flag in install
    assert "git fetch --unshallow" in " ".join(jobs["post_checkout"])


def test_readthedocs_build_commands_produce_html_and_pdf(rtd_output: Path) -> None:
    assert (rtd_output / "html" / "index.html").is_file()
    # Read the Docs uploads this folder: the formats only, no Sphinx cache.
    assert sorted(p.name for p in rtd_output.iterdir()) == ["html", "pdf"]
    assert (rtd_output / "html" / "docs" / "communication" / "index.html").is_file()
    # Read the Docs takes exactly one file from pdf/.
    assert [p.suffix for p in (rtd_output / "pdf").iterdir()] == [".pdf"]


def test_a_shallow_clone_without_post_checkout_fails_clearly(tmp_path: Path) -> None:
    clone = shallow_clone(tmp_path)
    env = {**RTD_ENV, "READTHEDOCS_OUTPUT": str(tmp_path / "output")}
    result = run_jobs(RTD_CONFIG["build"]["jobs"]["build"]["html"], clone, env)
    assert result.returncode != 0
    assert re.search(r"source/index\.md: WARNING: Git clone too shallow", result.stdout)


# -- What each page carries on Read the Docs ----------------------------------------


def test_pages_link_to_the_pdf_of_the_version_being_read(rtd_output: Path) -> None:
    for docname in ("index", "docs/communication"):
        link = page(rtd_output, docname).select_one(".os2-pdf-download a")
        assert link.get_text(strip=True) == "Hent som PDF"
        assert link["href"] == "https://haandbog.example.org/_/downloads/da/latest/pdf/"


def test_pages_have_edit_link_and_last_updated_from_git(rtd_output: Path) -> None:
    soup = page(rtd_output, "docs/communication")
    edit = soup.select_one(".os2-edit-link a")
    assert edit.get_text(strip=True) == "Foreslå en ændring"
    assert edit["href"] == (
        "https://github.com/example/haandbog/edit/main/source/docs/communication.md"
    )
    # Each page's own last commit: bidrag.md was edited later than the rest.
    updated = soup.select_one(".os2-last-updated").get_text(strip=True)
    assert updated == "Sidst opdateret 1. oktober 2025"
    later = page(rtd_output, "bidrag").select_one(".os2-last-updated").get_text(strip=True)
    assert later == "Sidst opdateret 3. november 2025"
    assert "Last updated" not in soup.get_text()


def test_canonical_opengraph_and_description_on_every_page(rtd_output: Path) -> None:
    pages = sorted((rtd_output / "html").rglob("index.html"))
    assert len(pages) >= 13
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        relative = path.parent.relative_to(rtd_output / "html").as_posix()
        if relative.startswith(("404", "search", "genindex")):
            continue
        expected = CANONICAL + ("" if relative == "." else f"{relative}/")
        assert soup.find("link", rel="canonical")["href"] == expected, path
        assert soup.find("meta", property="og:url")["content"] == expected, path
        assert soup.find("meta", property="og:title")["content"], path
        description = soup.find("meta", attrs={"name": "description"})
        assert description and len(description["content"]) > 20, path


def test_sitemap_lists_every_page_at_its_canonical_address(rtd_output: Path) -> None:
    tree = ElementTree.parse(rtd_output / "html" / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in tree.iterfind("s:url/s:loc", namespace)}
    assert CANONICAL in locations
    assert CANONICAL + "docs/communication/" in locations
    assert not any("404" in loc for loc in locations)


def test_danish_404_page_with_absolute_links(rtd_output: Path) -> None:
    soup = page(rtd_output, "404")
    assert soup.find("h1").get_text() == "Siden findes ikke"
    assert soup.find("a", string="forsiden")["href"] == "/da/latest/"
    stylesheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert stylesheets and all(href.startswith("/da/latest/_static/") for href in stylesheets)


def test_no_preview_banner_on_a_published_version(rtd_output: Path) -> None:
    assert page(rtd_output, "index").select_one(".announcement") is None


def test_pull_request_preview_shows_a_banner(tmp_path: Path) -> None:
    env = {**RTD_ENV, "READTHEDOCS_VERSION_TYPE": "external", "READTHEDOCS_VERSION": "42"}
    build = run_build(copy_project(tmp_path / "project"), env=env)
    assert build.returncode == 0, build.output
    banner = build.html("index").select_one(".announcement").get_text(" ", strip=True)
    assert banner.startswith("Dette er en forhåndsvisning af ændringsforslag 42.")
    # Read the Docs builds no PDF for previews: no link to one.
    assert build.html("index").select_one(".os2-pdf-download") is None


# -- Local builds ----------------------------------------------------------------------


def test_local_build_has_no_canonical_edit_or_pdf_link(html_build: Build) -> None:
    soup = html_build.html("docs/communication")
    assert soup.find("link", rel="canonical") is None
    assert soup.select_one(".os2-edit-link") is None
    assert soup.select_one(".os2-pdf-download") is None
    assert soup.select_one(".os2-last-updated").get_text(strip=True).startswith("Sidst opdateret")
    # No sitemap of made-up addresses: it needs the real, public one.
    assert not (html_build.outdir / "sitemap.xml").exists()


def test_local_build_links_the_locally_built_pdf(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    pdf = root / "_build" / "pdf" / "os2-haandbog.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.7 test\n")
    build = run_build(root)
    assert build.returncode == 0, build.output
    link = build.html("docs/communication").select_one(".os2-pdf-download a")
    assert link["href"] == "../../os2-haandbog.pdf"
    assert (build.outdir / "os2-haandbog.pdf").read_bytes() == b"%PDF-1.7 test\n"


# -- read_site: one place for the addresses ---------------------------------------------


def pyproject_with(tmp_path: Path, **values: str) -> Path:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for key, value in values.items():
        text = re.sub(rf'(?m)^{key} = "[^"]*"', f'{key} = "{value}"', text, count=1)
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_pyproject_wins_over_read_the_docs(tmp_path: Path) -> None:
    pyproject = pyproject_with(
        tmp_path, url="https://a.example.org/", repository="https://gitlab.com/o/h"
    )
    site = read_site(RTD_ENV, pyproject)
    assert site.canonical_url == "https://a.example.org/"
    assert site.edit_url_base == "https://gitlab.com/o/h/-/edit/main/source/"


def test_without_pyproject_or_read_the_docs_nothing_is_made_up() -> None:
    site = read_site({})
    assert (site.canonical_url, site.repository, site.pdf_url, site.preview_banner) == ("",) * 4


def test_a_repository_that_is_not_a_web_address_is_refused(tmp_path: Path) -> None:
    pyproject = pyproject_with(tmp_path, repository="git@github.com:o/h.git")
    with pytest.raises(ValueError, match=r"pyproject\.toml: \[tool\.os2-haandbog\] repository"):
        read_site({}, pyproject)


@pytest.mark.parametrize(
    ("clone_url", "web_url"),
    [
        ("https://github.com/o/h.git", "https://github.com/o/h"),
        ("git@github.com:o/h.git", "https://github.com/o/h"),
        ("not a url", ""),
    ],
)
def test_clone_urls_become_web_addresses(clone_url: str, web_url: str) -> None:
    assert web_url_from_clone_url(clone_url) == web_url


# -- GitHub workflows ----------------------------------------------------------------------

WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^\s*-?\s*uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*\s*$")


def workflow_problems(path: Path) -> list[str]:
    """What breaks the rules: permissions, pinning, timeouts, concurrency."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"^\s*-?\s*uses:", line) and not PINNED.match(line):
            problems.append(f"{path.name}:{number}: action not pinned to a full SHA with # vX")
    if data.get("permissions") != {}:
        problems.append(f"{path.name}: top-level permissions must be {{}}")
    if data.get("concurrency", {}).get("cancel-in-progress") is not True:
        problems.append(f"{path.name}: concurrency must cancel superseded runs")
    for name, job in data["jobs"].items():
        if "timeout-minutes" not in job:
            problems.append(f"{path.name}: job {name} has no timeout-minutes")
        if job.get("permissions") not in ({}, {"contents": "read"}):
            problems.append(f"{path.name}: job {name} asks for more than contents: read")
    return problems


@pytest.mark.parametrize("name", ["ci.yml", "linkcheck.yml", "review.yml", "upgrade.yml"])
def test_workflows_are_least_privilege_pinned_and_bounded(name: str) -> None:
    assert workflow_problems(WORKFLOWS / name) == []


def test_workflow_check_catches_a_floating_tag(tmp_path: Path) -> None:
    text = (WORKFLOWS / "ci.yml").read_text(encoding="utf-8")
    broken = tmp_path / "ci.yml"
    broken.write_text(re.sub(r"actions/checkout@\S+ # \S+", "actions/checkout@v4", text))
    problems = workflow_problems(broken)
    assert len(problems) == 1 and re.match(r"ci\.yml:\d+: action not pinned", problems[0])


def test_ci_runs_tests_and_builds_html_and_pdf_on_pull_requests() -> None:
    ci = yaml.safe_load((WORKFLOWS / "ci.yml").read_text(encoding="utf-8"))
    assert "pull_request" in ci[True]  # PyYAML reads the key `on` as True
    steps = " ".join(step.get("run", "") for step in ci["jobs"]["build-and-test"]["steps"])
    assert "bash .ci/run" in steps
    assert "os2_handbook.build html" in steps and "os2_handbook.build pdf" in steps


def test_linkcheck_runs_on_a_schedule_and_not_on_pull_requests() -> None:
    workflow = yaml.safe_load((WORKFLOWS / "linkcheck.yml").read_text(encoding="utf-8"))
    assert "schedule" in workflow[True]
    assert "pull_request" not in workflow[True] and "push" not in workflow[True]
    steps = " ".join(step.get("run", "") for step in workflow["jobs"]["linkcheck"]["steps"])
    assert "nox -s linkcheck" in steps


def test_review_runs_weekly_and_prints_the_list_in_the_job_summary() -> None:
    workflow = yaml.safe_load((WORKFLOWS / "review.yml").read_text(encoding="utf-8"))
    assert "schedule" in workflow[True] and "pull_request" not in workflow[True]
    steps = [step.get("run", "") for step in workflow["jobs"]["review"]["steps"]]
    review = steps.index("python -m nox -s review")
    assert 'cat _build/review/review.md >> "$GITHUB_STEP_SUMMARY"' in steps[review + 1 :]


def test_upgrade_runs_weekly_upgrading_the_lock_before_the_full_suite() -> None:
    workflow = yaml.safe_load((WORKFLOWS / "upgrade.yml").read_text(encoding="utf-8"))
    assert "schedule" in workflow[True] and "pull_request" not in workflow[True]
    runs = [step.get("run", "") for step in workflow["jobs"]["upgrade-and-test"]["steps"]]
    upgrade = next(i for i, run in enumerate(runs) if "uv lock --upgrade" in run)
    tests = next(i for i, run in enumerate(runs) if run.strip() == "bash .ci/run")
    assert upgrade < tests
    # .ci/run runs the whole suite, and it holds the comparison with furo's own navigation.
    assert "\nnox -s tests\n" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "os2_fast_navigation=0" in (ROOT / "tests" / "test_navigation.py").read_text()

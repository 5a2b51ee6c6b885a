"""Shared fixtures: one strict build of the handbook, and broken copies of it.

Every build runs the same command as `nox -s docs` (os2_handbook.build), in a
subprocess, so the tests see exactly what a maintainer sees.

Tests follow the content: a test of the built handbook (marked ``content``)
derives what it expects from the pages it was built from, never from a count
or a text written into the test. Set OS2_TEST_SOURCE to another ``source/``
folder and those tests run against it (tests/test_follows_content.py does,
with a section filled in and a sentence edited). Comparisons with the old
site use the port as it happened (tests/fixtures/port/, ``port_build``).
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from os2_handbook.build import sphinx_command
from support import copies
from support.copies import commit_all, git
from support.pdf import PdfBuild, build_pdf
from support.trees import edit_file

if TYPE_CHECKING:  # Playwright is imported by the browser tests only
    from playwright.sync_api import Browser

# Sphinx's own test fixtures (make_app), for the fast tier in tests/fast/.
pytest_plugins = ("sphinx.testing.fixtures",)

__all__ = ["Build", "copy_project", "edit_file", "git", "run_build"]

# Another source/ folder for the content-dependent tests (see the docstring).
SOURCE_ENV = "OS2_TEST_SOURCE"
# The pages as the port from the old site produced them, frozen.
PORT_SOURCE = Path(__file__).resolve().parent / "fixtures" / "port" / "source"
# Fixtures whose tests depend on the handbook's content.
CONTENT_FIXTURES = {"html_build", "pdf_build"}
# The fast tier: in-process builds of tiny roots (tests/fast/conftest.py).
FAST_TIER = Path(__file__).resolve().parent / "fast"
# The modules that build HTML and check it, and the fast tier (marked ``html``):
# CI runs them on every Python that uv.lock resolves for, because each of those
# gets its own Sphinx and docutils, and the rest of the suite on one (.ci/run).
HTML_MODULES = {
    "test_awkward_input.py", "test_changes.py", "test_confinement.py", "test_csp.py",
    "test_diagrams.py", "test_feedback.py", "test_handbook.py", "test_import.py",
    "test_import_diagrams.py", "test_incremental.py", "test_licence.py", "test_linkcheck.py",
    "test_navigation.py", "test_old_urls.py", "test_pending.py", "test_publishing.py",
    "test_hostile_input.py", "test_review.py", "test_theme.py",
}  # fmt: skip


def pytest_configure(config: pytest.Config) -> None:
    # Sphinx colours its output when CI=true (and on terminals); the tests read
    # that output as plain text, so every tool they start runs without colour.
    os.environ["NO_COLOR"] = "1"
    # Tests serve what they fetch from this machine: a proxy set in the
    # environment (common on CI) must never see those requests.
    for name in ("NO_PROXY", "no_proxy"):
        os.environ[name] = "127.0.0.1,localhost"
    # Every copy of the project draws its Mermaid diagrams into one cache, so
    # a diagram is drawn once per test run (tests/test_diagrams.py checks
    # drawing into empty caches of its own).
    # (A run with -p no:cacheprovider, as tests/test_follows_content.py starts
    # one, has no pytest cache: each copy then keeps its own.)
    if getattr(config, "cache", None) is not None:
        os.environ.setdefault("OS2_DIAGRAM_CACHE", str(config.cache.mkdir("os2-diagrams")))


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # `-m fast` selects tests/fast/ only, so the other modules are not even
    # imported: they import Playwright, pikepdf and pypdf at the top, and the
    # fast tier must run on a machine without a browser or PDF libraries.
    if (
        config.option.markexpr.strip() == "fast"
        and collection_path.suffix == ".py"
        and not collection_path.is_relative_to(FAST_TIER)
    ):
        return True
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A renamed module would silently leave the html marker: stop instead.
    here = Path(__file__).resolve().parent
    if missing := sorted(name for name in HTML_MODULES if not (here / name).is_file()):
        raise pytest.UsageError(f"tests/conftest.py: HTML_MODULES names missing files: {missing}")
    for item in items:
        # Tests of the built handbook are the ones that must follow the content.
        if CONTENT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.content)
        html_module = item.path.parent == here and item.path.name in HTML_MODULES
        if html_module or item.path.is_relative_to(FAST_TIER):
            item.add_marker(pytest.mark.html)


@dataclass
class Build:
    """The result of one sphinx-build run."""

    root: Path
    outdir: Path
    returncode: int
    output: str  # stdout and stderr together: the warnings a maintainer sees

    def page_path(self, docname: str) -> Path:
        """The HTML file of a page: "index" or "docs/communication" (dirhtml layout)."""
        if docname in ("", "index"):
            return self.outdir / "index.html"
        return self.outdir / docname / "index.html"

    def html(self, docname: str) -> BeautifulSoup:
        return BeautifulSoup(self.page_path(docname).read_text(encoding="utf-8"), "html.parser")


def copy_project(dest: Path, source: Path | None = None) -> Path:
    """A buildable copy of the project in dest, as one git commit (see support.copies).

    The pages come from source (a source/ folder) if given, else from
    OS2_TEST_SOURCE if set, else from the project's own source/.
    """
    source = source or (Path(os.environ[SOURCE_ENV]) if os.environ.get(SOURCE_ENV) else None)
    copies.copy_project(dest, with_sources=source is None)
    if source is not None:
        shutil.copytree(source, dest / "source")
    return commit_all(dest)


def run_build(
    root: Path,
    builder: str = "dirhtml",
    outdir: Path | None = None,
    env: dict[str, str] | None = None,
    extra: tuple[str, ...] = (),
) -> Build:
    """Build root with the strict command; env adds environment variables."""
    outdir = outdir or root / "_build" / "html"
    result = subprocess.run(
        sphinx_command(builder, outdir, root=root, extra=extra, python=sys.executable),
        cwd=root,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    return Build(root, outdir, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def html_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The handbook as HTML, built once per test session from the real sources."""
    root = copy_project(tmp_path_factory.mktemp("handbook"))
    build = run_build(root)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory: pytest.TempPathFactory) -> PdfBuild:
    """The handbook as a PDF, built once per test session from the real sources:
    here, so that every module that reads it (test_pdf, test_licence) shares the one build."""
    build = build_pdf(copy_project(tmp_path_factory.mktemp("pdf")))
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def port_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The pages as the port from the old site left them (tests/fixtures/port), as HTML."""
    build = run_build(copy_project(tmp_path_factory.mktemp("port"), source=PORT_SOURCE))
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def broken_build(tmp_path: Path) -> Callable[[str, Callable[[str], str]], Build]:
    """Build a copy of the project (pages: the frozen port) after editing one file.

    Usage: ``broken_build("source/index.md", lambda text: text.replace(a, b))``.
    The edit must change the file, so a twin cannot pass by editing nothing.
    """

    def build(relpath: str, edit: Callable[[str], str]) -> Build:
        # The frozen port: the text a twin edits stays where it expects it.
        root = copy_project(tmp_path / "project", source=PORT_SOURCE)
        edit_file(root, relpath, edit)
        return run_build(root)

    return build


# -- Owners, review dates, report link, accessibility statement (tests/test_review.py) --

FICTIONAL_OWNER = "Fiktivt testteam"  # a fixture, not a real OS2 team
FICTIONAL_REPOSITORY = "https://github.com/eksempel/haandbog"
FICTIONAL_STATEMENT = "https://www.was.digst.dk/eksempel-haandbog"


def front_matter(**fields: str) -> Callable[[str], str]:
    """An edit that puts these fields in a page's front matter."""
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return lambda text: f"---\n{lines}---\n\n{text}"


# One date for the whole run, so a run that passes midnight stays consistent.
TODAY = datetime.date.today()


def review_fixture(root: Path, today: datetime.date) -> dict[str, str]:
    """Give pages of a copy each review status; return docname -> status.

    The dates are relative to today, so the statuses hold on any day.
    """
    from os2_handbook.ext.review import add_months

    recent = add_months(today, -1).isoformat()
    soon = (add_months(today, -12) + datetime.timedelta(days=10)).isoformat()
    pages = {
        "docs/welcome_and_purpose": (
            front_matter(ansvarlig=FICTIONAL_OWNER, gennemgået=recent),
            "ok",
        ),
        "docs/communication": (
            front_matter(ansvarlig=FICTIONAL_OWNER, gennemgået="2020-01-15"),
            "overdue",
        ),
        "docs/appendix": (front_matter(gennemgået=soon), "due-soon"),
        "docs/organisation_and_roles": (front_matter(ansvarlig=FICTIONAL_OWNER), "never-reviewed"),
    }
    for docname, (edit, _) in pages.items():
        edit_file(root, f"source/{docname}.md", edit)
    edit_file(
        root,
        "pyproject.toml",
        lambda text: text.replace(
            'repository = ""', f'repository = "{FICTIONAL_REPOSITORY}"', 1
        ).replace(
            'accessibility-statement = ""', f'accessibility-statement = "{FICTIONAL_STATEMENT}"', 1
        ),
    )
    return {docname: status for docname, (_, status) in pages.items()}


@pytest.fixture(scope="session")
def review_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The handbook with owners and review dates on four pages, a repository and
    an accessibility statement: built once per session."""
    root = copies.copy_project(tmp_path_factory.mktemp("review"))
    review_fixture(root, TODAY)
    build = run_build(commit_all(root))
    assert build.returncode == 0, build.output
    return build


GENERATED_PAGES = 45  # the benchmark's generator: enough for two parts, sub-pages and captions


@pytest.fixture(scope="module")
def generated_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A generated book of GENERATED_PAGES pages nested three levels (benchmarks)."""
    from benchmarks.generate import generate_pages, write_sphinx_project

    root = write_sphinx_project(generate_pages(GENERATED_PAGES), tmp_path_factory.mktemp("gen"))
    build = run_build(root)
    assert build.returncode == 0, build.output
    return build


# -- The browser tests (tests/browser.py) ------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, one per test module (a module may start its own)."""
    from playwright.sync_api import sync_playwright

    from browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()

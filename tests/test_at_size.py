"""The project at the real size: the full-size fixture site (tests/fixtures/jekyll_full/,
about 45 pages nested three levels, with tables, diagrams, raw HTML and a page
in English) imported into a copy, its old faults fixed as a maintainer would.

On that book: the strict build passes, lint passes once its findings are in a
baseline (and a new finding still fails), the English page is marked and
spell-checked in English, the PDF builds, and in a real browser no page shows
English interface text or an axe violation.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser import DESKTOP, PHONE, axe_violations, english_interface_strings, new_reader
from browser import site_pages as built_pages
from conftest import Build, edit_file, run_build
from fixture_book import fix_raw_heading_levels, fix_true_faults, import_fixture, manifest
from localserver import serve_directory
from os2_handbook.build import ROOT
from support.lint import LINT_FILES
from support.pdf import build_pdf

PROSE_GATES = ("markdown", "terms", "spelling")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The full fixture imported, its true faults fixed, built strictly."""
    run = import_fixture(tmp_path_factory.mktemp("at-size") / "project")
    fix_true_faults(run.root)
    for name in LINT_FILES:  # what the gates read besides the buildable project
        shutil.copy2(ROOT / name, run.root / name)
    build = run_build(run.root)
    assert build.returncode == 0, build.output
    return build


def lint(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "os2_handbook.authoring.lint", "--root", str(root), *args],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_book_is_nested_three_levels(book: Build) -> None:
    pages = built_pages(book.outdir)
    assert len(pages) >= 40
    assert any(page.count("/") >= 4 for page in pages), pages  # docs/a/b/c/


# -- Lint with a baseline ------------------------------------------------------------------


def test_lint_passes_with_a_baseline_and_new_findings_still_fail(
    book: Build, tmp_path: Path
) -> None:
    root = tmp_path / "project"
    shutil.copytree(book.root, root, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    before = lint(root, *PROSE_GATES)
    updated = lint(root, "--update-baseline", *PROSE_GATES)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    with (root / "lint-baseline.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    again = lint(root, *PROSE_GATES)
    assert again.returncode == 0, again.stdout + again.stderr
    if before.returncode:  # findings today: all of them counted, none failing
        assert rows and "kendte fund står i lint-baseline.csv" in again.stdout
    # Twin: a new misspelling on a page of the book fails with its file and line.
    page = "source/docs/introduktion/formaal.md"
    edit_file(root, page, lambda text: text + "\nEn ny fejl i testbogen: mødeplen.\n")
    line = len((root / page).read_text(encoding="utf-8").splitlines())
    new = lint(root, *PROSE_GATES)
    assert new.returncode == 1
    assert f"{page}:{line}: ukendt ord »mødeplen«" in new.stdout


def test_the_english_page_is_marked_and_spell_checked_in_english(book: Build) -> None:
    for page in manifest()["english_pages"]:
        docname = page.removesuffix(".md")
        marked = book.html(docname).find("article").find(attrs={"lang": True})
        assert marked is not None and marked["lang"] == "en", docname
    result = lint(book.root, "spelling")
    english = [f"source/{page}:" for page in manifest()["english_pages"]]
    flagged = [line for line in result.stdout.splitlines() if line.startswith(tuple(english))]
    assert flagged == [], flagged  # English words pass the English dictionary


# -- The PDF -------------------------------------------------------------------------------


def test_the_pdf_builds(book: Build, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(book.root, root, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    fix_raw_heading_levels(root)  # the tagged PDF's headings descend one level at a time
    pdf = build_pdf(root)
    assert pdf.returncode == 0, pdf.output
    assert "Traceback" not in pdf.output
    header_only = manifest()["header_only_table"]
    assert (root / "source" / header_only).is_file()  # the table that crashed Sphinx is in it


# -- Every page in a real browser ----------------------------------------------------------


@pytest.fixture(scope="module")
def site(book: Build) -> Iterator[str]:
    with serve_directory(book.outdir) as base_url:
        yield base_url


@pytest.mark.browser
def test_no_page_has_english_interface_text(browser: Browser, site: str, book: Build) -> None:
    reader = new_reader(browser, site, viewport=DESKTOP)
    findings = []
    try:
        for path in built_pages(book.outdir):
            findings += english_interface_strings(reader.open(path), path)
    finally:
        reader.context.close()
    assert not findings, "English interface text:\n" + "\n".join(findings)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("viewport", "theme"),
    [(DESKTOP, "light"), (PHONE, "dark")],
    ids=["desktop-light", "phone-dark"],
)
def test_no_page_has_an_axe_violation(
    browser: Browser, site: str, book: Build, viewport: dict, theme: str
) -> None:
    reader = new_reader(browser, site, viewport=viewport, theme=theme)
    findings = []
    try:
        for path in built_pages(book.outdir):
            findings += axe_violations(
                reader.open(path), f"/{path} ({viewport['width']} px, {theme})"
            )
    finally:
        reader.context.close()
    assert not findings, "axe-core WCAG 2.1 AA violations:\n" + "\n".join(findings)

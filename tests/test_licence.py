"""Licence and attribution: every file has a licence, and readers see whose text it is.

- ``reuse lint`` passes on the repository and names a new file that no group
  of REUSE.toml covers;
- every page's footer, the PDF's colophon and XMP ``dc:rights``, and the Atom
  feed's ``<rights>`` name the creator, licence and source that conf.py sets
  (and REUSE.toml declares for ``source/``);
- the importer reports the old site's licence, and asks for a person when there
  is none or another one; with the logo it writes the trademark notice.

The expected texts come from conf.py and REUSE.toml, the pages from the build.
Each check is a function that returns its findings naming file (and line), so
a test and its negative twin share it.
"""

from __future__ import annotations

import re
import runpy
import shutil
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from browser import DESKTOP, PHONE, axe_violations, new_reader
from conftest import Build, copy_project, git, run_build
from fixture_book import FULL_SITE, SMALL_SITE, run_import
from localserver import serve_directory
from os2_handbook.build import ROOT
from os2_handbook.edition import EDITION_FILE, read_edition
from os2_handbook.ext.changes import FEED_NAME
from os2_handbook.ext.publishing import FONT_LICENCES, moved_on
from os2_handbook.ext.review import danish_date
from os2_handbook.pdf.printing import CODE_FONTS, FALLBACK_FONTS, TEXT_FONTS

ATOM = "{http://www.w3.org/2005/Atom}"
TRADEMARK = "LicenseRef-OS2-varemaerke"


@cache
def conf() -> dict:
    """conf.py's settings (configuration only: no side effects)."""
    return runpy.run_path(str(ROOT / "conf.py"))


def expected() -> list[str]:
    """What every attribution must name: creator, licence, its address, the source."""
    c = conf()
    return [c[f"os2_text_{key}"] for key in ("creator", "licence", "licence_url", "source")]


def reuse_lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reuse", "--root", str(root), "lint", "--lines"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip


def copy_repository(dest: Path) -> Path:
    """The files git would commit (tracked, and new ones not ignored), in a new git
    repository (uncommitted): reuse then skips what .gitignore ignores, as it does here."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True, text=True, check=True,
    ).stdout.split("\0")  # fmt: skip
    for relative in filter(None, listed):
        source = ROOT / relative
        if source.is_file() and not source.is_symlink():  # reuse skips links (node_modules)
            (dest / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / relative)
    git(dest, "init", "--quiet")
    return dest


# -- REUSE ------------------------------------------------------------------------------


def test_reuse_lint_passes_on_the_repository() -> None:
    result = reuse_lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_twin_reuse_lint_names_a_new_file_without_a_licence(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    assert reuse_lint(root).returncode == 0  # the copy passes as the repository does
    (root / "noter").mkdir()
    (root / "noter" / "udkast.md").write_text("# Udkast\n", encoding="utf-8")
    result = reuse_lint(root)
    assert result.returncode == 1
    assert "noter/udkast.md: no license identifier" in result.stdout


def test_reuse_toml_declares_for_the_text_what_conf_py_shows_readers() -> None:
    annotations = tomllib.loads((ROOT / "REUSE.toml").read_text(encoding="utf-8"))["annotations"]
    text = next(a for a in annotations if "source/**" in a["path"])
    assert text["SPDX-FileCopyrightText"] == conf()["os2_text_creator"]
    assert text["SPDX-License-Identifier"] == conf()["os2_text_licence"].replace(" ", "-")
    assert (ROOT / "LICENSES" / f"{text['SPDX-License-Identifier']}.txt").is_file()


# -- Every page's footer ----------------------------------------------------------------


def pages_without_attribution(outdir: Path) -> list[str]:
    """Every built page whose footer does not name creator, licence and source."""
    creator, licence, licence_url, source = expected()
    problems = []
    for path in sorted(outdir.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a forwarding page for an old address: nothing to read
        where = path.relative_to(outdir).as_posix()
        footer = soup.select_one("footer .os2-licence")
        if footer is None:
            problems.append(f"{where}: the footer has no licence")
            continue
        text = " ".join(footer.get_text(" ").split())
        lacking = [w for w in (creator, licence) if w not in text]
        problems += [f"{where}: the footer lacks {w!r}" for w in lacking]
        if not footer.select_one(f'a[rel="license"][href="{licence_url}"]'):
            problems.append(f"{where}: the footer has no rel=license link to {licence_url}")
        if not footer.select_one(f'a[href="{source}"]'):
            problems.append(f"{where}: the footer has no link to the source {source}")
        if not soup.select_one(f'head link[rel="license"][href="{licence_url}"]'):
            problems.append(f'{where}: the head has no <link rel="license">')
    return problems


def test_every_page_names_creator_licence_and_source(html_build: Build) -> None:
    checked = {
        p.relative_to(html_build.outdir).as_posix() for p in html_build.outdir.rglob("*.html")
    }
    sources = (html_build.root / "source").rglob("*.md")
    pages = {html_build.page_path(p.relative_to(html_build.root / "source").with_suffix("")
                                  .as_posix()) for p in sources}  # fmt: skip
    assert {p.relative_to(html_build.outdir).as_posix() for p in pages} <= checked
    assert pages_without_attribution(html_build.outdir) == []
    # furo's credit stays beside it.
    footer = html_build.html("index").find("footer")
    assert {"Sphinx", "Furo"} <= {a.get_text(strip=True) for a in footer.find_all("a")}


def test_twin_a_page_without_the_footer_licence_is_named(html_build: Build, tmp_path: Path) -> None:
    page = html_build.page_path("docs/communication")
    copy = tmp_path / "docs" / "communication" / "index.html"
    copy.parent.mkdir(parents=True)
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    soup.select_one(".os2-licence").decompose()
    copy.write_text(str(soup), encoding="utf-8")
    assert pages_without_attribution(tmp_path) == [
        "docs/communication/index.html: the footer has no licence"
    ]


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_footer_licence_is_readable_on_phone_and_desktop(
    browser: Browser, html_build: Build, viewport: dict
) -> None:
    with serve_directory(html_build.outdir) as site:
        reader = new_reader(browser, site, viewport=viewport)
        try:
            page = reader.open("docs/welcome_and_purpose/")
            licence = page.locator(".os2-licence")
            licence.scroll_into_view_if_needed()
            box = licence.bounding_box()
            size = licence.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            found = axe_violations(page, f"/docs/welcome_and_purpose/ ({viewport['width']} px)")
        finally:
            reader.context.close()
    assert box and box["width"] > 0  # shown, and within the window's width
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert size >= 12  # the small print of furo's own footer line, not smaller
    assert found == []


# -- The PDF ----------------------------------------------------------------------------


def colophon_problems(pdf: Path, colophon: str, wanted: list[str]) -> list[str]:
    """What the PDF's colophon (page 2 text) or its XMP dc:rights lacks."""
    flat = " ".join(colophon.split())
    problems = [f"{pdf.name}: page 2 lacks {w!r}" for w in wanted if w not in flat]
    with pikepdf.open(pdf) as document:
        rights = document.open_metadata().get("dc:rights") or ""
    problems += [f"{pdf.name}: XMP dc:rights lacks {w!r}" for w in expected() if w not in rights]
    return problems


def colophon_wanted(root: Path) -> list[str]:
    edition = read_edition(root / EDITION_FILE.name)
    day = moved_on(root / "source")
    assert day is not None  # the copy is a git repository
    return [
        *expected(),
        f"Version {edition.version}, udgivet {edition.released_text}",
        "Bygget fra commit",
        f"flyttet derfra til denne udgave den {danish_date(day)}",
        *[f"{font} ({licence})" for font, licence in FONT_LICENCES.items()],
    ]


def test_pdf_colophon_and_metadata_name_creator_licence_and_source(pdf_build) -> None:
    colophon = pdf_build.text(2, 2)
    assert colophon_problems(pdf_build.pdf, colophon, colophon_wanted(pdf_build.root)) == []
    assert "Indhold" not in colophon  # the contents start on the next page


def test_twin_a_pdf_without_dc_rights_is_named(pdf_build, tmp_path: Path) -> None:
    copy = tmp_path / pdf_build.pdf.name
    with pikepdf.open(pdf_build.pdf) as document:
        with document.open_metadata(set_pikepdf_as_editor=False) as xmp:
            del xmp["dc:rights"]
        document.save(copy)
    colophon = pdf_build.text(2, 2)
    problems = colophon_problems(copy, colophon, colophon_wanted(pdf_build.root))
    assert problems == [f"{copy.name}: XMP dc:rights lacks {w!r}" for w in expected()]


LOGO_NOTE = "OS2-logoet i webudgaven er et varemærke"


def test_colophon_says_the_logo_is_a_trademark_when_there_is_one(pdf_build, tmp_path: Path) -> None:
    assert LOGO_NOTE not in " ".join(pdf_build.text(2, 2).split())  # no logo, no note
    root = copy_project(tmp_path / "project")
    logo = root / "_static" / "imported" / "logo.svg"
    logo.parent.mkdir(parents=True)
    shutil.copy2(FULL_SITE / "assets" / "images" / "testlogo.svg", logo)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "An imported logo")
    # The page WeasyPrint prints is enough: the colophon is in its HTML.
    build = run_build(root, "pdfhtml", root / "_build" / "pdfhtml")
    assert build.returncode == 0, build.output
    colophon = build.html("index").select_one("section.colophon")
    assert LOGO_NOTE in " ".join(colophon.get_text(" ").split())


def test_every_font_of_the_pdf_has_its_licence_listed() -> None:
    assert set(FONT_LICENCES) == {*TEXT_FONTS, *CODE_FONTS, *FALLBACK_FONTS}


# -- The Atom feed ----------------------------------------------------------------------


def feed_problems(feed: Path) -> list[str]:
    rights = ElementTree.parse(feed).getroot().find(f"{ATOM}rights")
    if rights is None:
        return [f"{feed.name}: no <rights>"]
    return [f"{feed.name}: <rights> lacks {w!r}" for w in expected() if w not in rights.text]


def test_atom_feed_has_rights(html_build: Build) -> None:
    assert feed_problems(html_build.outdir / FEED_NAME) == []


def test_twin_a_feed_without_rights_is_named(html_build: Build, tmp_path: Path) -> None:
    text = (html_build.outdir / FEED_NAME).read_text(encoding="utf-8")
    copy = tmp_path / FEED_NAME
    copy.write_text(re.sub(r"<rights>.*?</rights>", "", text, flags=re.S), encoding="utf-8")
    assert feed_problems(copy) == [f"{FEED_NAME}: no <rights>"]


# -- The importer -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project to run the importer in (dry runs: it stays as it is)."""
    return copy_project(tmp_path_factory.mktemp("licence-import"))


def test_importer_reports_the_sites_licence_when_it_is_the_handbooks(project: Path) -> None:
    run = run_import(project, "--dry-run", site=FULL_SITE)
    title = (FULL_SITE / "LICENSE").read_text(encoding="utf-8").splitlines()[0].strip()
    assert f"Sidens licens: `LICENSE`: {title} – den samme som håndbogens tekst" in run.output
    manual = run.output.split("## Skal gøres i hånden")[1].split("\n## ")[0]
    assert "licens" not in manual


def test_importer_asks_for_a_person_when_the_site_has_no_licence(project: Path) -> None:
    assert not any((SMALL_SITE / name).exists() for name in ("LICENSE", "LICENSE.md", "COPYING"))
    run = run_import(project, "--dry-run", site=SMALL_SITE)
    assert run.returncode == 1
    assert "Sidens licens: ingen licensfil fundet" in run.output
    assert re.search(r"^- `\.`: siden har ingen licensfil \(LICENSE\)", run.output, re.M)


def test_importer_names_a_different_licence_with_file_and_line(
    project: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(SMALL_SITE, site)
    shutil.copy2(ROOT / "LICENSES" / "MIT.txt", site / "LICENSE")
    run = run_import(project, "--dry-run", site=site)
    assert run.returncode == 1
    assert re.search(
        r"^- `LICENSE:1`: sidens licens er »MIT License«, ikke CC BY-SA 4\.0", run.output, re.M
    ), run.output


def test_imported_logo_is_marked_as_a_trademark_and_reuse_lint_passes(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "repo")
    run = run_import(root, "--force", site=FULL_SITE)
    assert run.returncode in (0, 1), run.output
    logos = list((root / "_static" / "imported").glob("logo.*"))
    assert logos, run.output
    result = reuse_lint(root)
    assert result.returncode == 0, result.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "reuse", "--root", str(root), "spdx"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    block = listed.split(f"FileName: ./{logos[0].relative_to(root).as_posix()}")[1]
    assert f"LicenseInfoInFile: {TRADEMARK}" in block.split("FileName:")[0]
    # Twin: without the notice the logo's licence is missing, and reuse says which.
    (root / "LICENSES" / f"{TRADEMARK}.txt").unlink()
    result = reuse_lint(root)
    assert result.returncode == 1
    assert TRADEMARK in result.stdout

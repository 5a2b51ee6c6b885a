"""Mermaid diagrams (os2_handbook/ext/diagrams.py): drawn at build time, accessible, offline.

The handbook's own pages have no diagrams, so these tests build a copy of the
project with one fixture page (tests/fixtures/diagrams/diagrammer.md, in our
own placeholder words) and check the real artefacts: the HTML's inline SVG
and its accessible name, the PDF's drawing and its tagged figure, the browser's requests.
Each check has a negative twin that breaks a copy and names file and line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import Build, run_build
from os2_handbook.authoring.lint import run_gates
from os2_handbook.build import BUILD, ROOT
from os2_handbook.ext.diagrams import TextAlternative, missing_renderer, text_alternative
from os2_handbook.pdf.pdfcheck import elements
from support.copies import commit_all, copy_project
from support.trees import edit_file, replace

FIXTURE = ROOT / "tests" / "fixtures" / "diagrams" / "diagrammer.md"
PAGE = "diagrammer"
PAGE_SOURCE = f"source/{PAGE}.md"
# The fixture's text alternatives, as a screen reader should hear them.
NAMES = ["Pladsholder-forløb i tre trin", "Pladsholder-sekvens mellem to parter"]
DESCRIPTION = "Første trin fører til andet trin, som fører til tredje trin."
LABEL = "Første trin"  # a box label inside the first diagram


def diagram_project(dest: Path, edit: Callable[[str], str] | None = None) -> Path:
    """A copy of the project with the fixture page in its table of contents."""
    root = copy_project(dest)
    (root / PAGE_SOURCE).write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    if edit is not None:
        edit_file(root, PAGE_SOURCE, edit)
    index = root / "source" / "index.md"
    contents = index.read_text(encoding="utf-8")
    assert "\nbidrag\n" in contents
    index.write_text(contents.replace("\nbidrag\n", f"\nbidrag\n{PAGE}\n", 1), encoding="utf-8")
    return commit_all(root)


def line_of(text: str, marker: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if marker in line)


def broken_diagram(dest: Path, edit: Callable[[str], str], marker: str) -> tuple[Path, str]:
    """diagram_project with edit, and where marker stands in it: "source/…md:LINE: "."""
    root = diagram_project(dest, edit)
    line = line_of((root / PAGE_SOURCE).read_text(encoding="utf-8"), marker)
    return root, f"{PAGE_SOURCE}:{line}: "


@pytest.fixture(scope="module")
def cold_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("diagram-cache")


@pytest.fixture(scope="module")
def diagram_build(tmp_path_factory: pytest.TempPathFactory, cold_cache: Path) -> Build:
    """The copy built once with an empty diagram cache: every diagram is drawn."""
    root = diagram_project(tmp_path_factory.mktemp("diagrams"))
    build = run_build(root, env={"OS2_DIAGRAM_CACHE": str(cold_cache)})
    assert build.returncode == 0, build.output
    return build


# -- The text alternative --------------------------------------------------------------


def test_text_alternative_comes_from_mermaid_alt_or_caption() -> None:
    code = "flowchart LR\n  accTitle: Titel\n  accDescr {\n    To\n    linjer\n  }\n  A --> B"
    assert text_alternative(code) == TextAlternative("Titel", "To linjer")
    assert text_alternative(code, alt="Andet navn").name == "Andet navn"
    assert text_alternative("flowchart LR\n  A --> B", caption="Billedtekst").name == "Billedtekst"
    assert not text_alternative("flowchart LR\n  A --> B")


def lint_diagrams(root: Path) -> list[str]:
    problems, broken = run_gates(root, ["diagrams"])
    assert not broken, broken
    return [problem.render(root) for problem in problems]


def test_lint_passes_the_fixture_page(tmp_path: Path) -> None:
    assert lint_diagrams(diagram_project(tmp_path)) == []


def test_twin_lint_names_a_diagram_without_text_alternative(tmp_path: Path) -> None:
    def strip(text: str) -> str:
        kept = [line for line in text.splitlines() if "accTitle" not in line]
        return "\n".join(line for line in kept if "accDescr" not in line) + "\n"

    root, at = broken_diagram(tmp_path, strip, "```{mermaid}")
    assert lint_diagrams(root) == [
        f"{at}diagrammet har intet tekstalternativ, så en skærmlæser kan ikke "
        "læse det op. Skriv øverst i diagrammet en linje `accTitle: kort titel` og gerne "
        "`accDescr: hvad diagrammet viser`, eller giv det en billedtekst med `:caption: …`."
    ]


def test_twin_lint_names_a_plain_mermaid_fence(tmp_path: Path) -> None:
    root, at = broken_diagram(tmp_path, replace("```{mermaid}", "```mermaid", 1), "```mermaid")
    [problem] = lint_diagrams(root)
    assert problem.startswith(f"{at}en ```mermaid-blok vises som kode")


def spelling_of(root: Path) -> list[str]:
    shutil.copy2(ROOT / "ordliste.txt", root / "ordliste.txt")
    problems, broken = run_gates(root, ["spelling"])
    assert not broken, broken
    return [problem.render(root) for problem in problems]


def test_text_alternative_is_spell_checked_but_the_diagram_code_is_not(tmp_path: Path) -> None:
    assert spelling_of(diagram_project(tmp_path)) == []  # "flowchart", "accTitle" are code


def test_twin_misspelt_text_alternative_names_file_and_line(tmp_path: Path) -> None:
    root, at = broken_diagram(tmp_path, replace("i tre trin", "i tre trni", 1), "tre trni")
    [problem] = spelling_of(root)
    assert problem.startswith(f"{at}ukendt ord »trni«")


# -- The HTML: inline SVG, named for screen readers, no diagram library ------------------


def diagram_problems(soup: BeautifulSoup) -> list[str]:
    """What is wrong with the drawn diagrams of one page, one line each."""
    problems = []
    for number, box in enumerate(soup.select("article .os2-diagram"), 1):
        for variant in ("light", "dark"):
            svg = box.select_one(f"svg.os2-diagram-{variant}")
            if svg is None:
                problems.append(f"diagram {number}: no {variant} drawing")
                continue
            if svg.get("role") != "img" or not svg.get("aria-label", "").strip():
                problems.append(f"diagram {number}: the {variant} SVG has no accessible name")
            if not svg.find("text"):
                problems.append(f"diagram {number}: the {variant} SVG has no text labels")
    return problems


def test_html_has_drawn_svgs_with_accessible_names(diagram_build: Build) -> None:
    soup = diagram_build.html(PAGE)
    assert diagram_problems(soup) == []
    drawings = soup.select("article .os2-diagram svg.os2-diagram-light")
    assert [svg["aria-label"] for svg in drawings] == NAMES
    described = soup.find(id=drawings[0]["aria-describedby"])
    assert described.name == "desc" and described.get_text() == DESCRIPTION
    assert LABEL in drawings[0].get_text()
    # The light drawing as a file, for an HTML-to-PDF engine that wants <img alt>.
    box = soup.select_one("article .os2-diagram")
    drawing_file = (diagram_build.page_path(PAGE).parent / box["data-svg"]).resolve()
    assert drawing_file.read_text(encoding="utf-8").startswith("<svg")
    assert (box["data-alt"], box["data-desc"]) == (NAMES[0], DESCRIPTION)
    caption = soup.select_one("article figure.os2-diagram-figure figcaption")
    assert caption.select_one(".caption-text").get_text() == NAMES[1]
    # Drawn, not shipped as code for a script to draw in the reader's browser.
    assert "flowchart LR" not in soup.find("article").get_text()
    scripts = " ".join(str(script) for script in soup.find_all("script"))
    assert "mermaid" not in scripts.lower()


def test_twin_svg_without_accessible_name_is_found(diagram_build: Build) -> None:
    soup = diagram_build.html(PAGE)
    del soup.select("article .os2-diagram svg.os2-diagram-dark")[1]["aria-label"]
    assert diagram_problems(soup) == ["diagram 2: the dark SVG has no accessible name"]


# -- Errors name the file and the line -------------------------------------------------


def test_twin_broken_diagram_fails_the_build_naming_file_and_line(tmp_path: Path) -> None:
    root = diagram_project(
        tmp_path, lambda text: text.replace("A[Første trin] -->", "A[Første trin] -->>", 1)
    )
    line = line_of((root / PAGE_SOURCE).read_text(encoding="utf-8"), "-->>")
    build = run_build(root, env={"OS2_DIAGRAM_CACHE": str(tmp_path / "cache")})
    assert build.returncode != 0
    assert f"{PAGE_SOURCE}:{line}: WARNING: Mermaid-diagrammet har en fejl" in build.output
    assert "Parse error on line" in build.output
    assert "Traceback" not in build.output
    # The refusal is remembered by the diagram's content, like a drawing: the
    # next build reports the same error at the same line without a browser.
    again = run_build(root, env={"OS2_DIAGRAM_CACHE": str(tmp_path / "cache")})
    assert again.returncode != 0
    assert f"{PAGE_SOURCE}:{line}: WARNING: Mermaid-diagrammet har en fejl" in again.output
    assert "tegner" not in again.output  # Chromium never started
    # Twin: mended, the diagram is drawn (the remembered error belongs to the old code).
    edit_file(root, PAGE_SOURCE, lambda t: t.replace("-->>", "-->", 1))
    mended = run_build(root, env={"OS2_DIAGRAM_CACHE": str(tmp_path / "cache")})
    assert mended.returncode == 0, mended.output


def test_twin_missing_renderer_fails_with_what_to_install(tmp_path: Path) -> None:
    root = diagram_project(tmp_path / "project")
    (root / "node_modules").unlink()  # the copy's link to the installed renderer
    build = run_build(root, env={"OS2_DIAGRAM_CACHE": str(tmp_path / "cache")})
    assert build.returncode != 0
    line = line_of(FIXTURE.read_text(encoding="utf-8"), "```{mermaid}") + 1
    assert f"{PAGE_SOURCE}:{line}: WARNING: diagrammet kan ikke tegnes" in build.output
    assert "npm ci" in build.output and "Traceback" not in build.output


def test_twin_browser_that_does_not_start_fails_with_what_to_install(tmp_path: Path) -> None:
    root = diagram_project(tmp_path / "project")
    env = {"OS2_DIAGRAM_CACHE": str(tmp_path / "cache"), "PUPPETEER_EXECUTABLE_PATH": "/ingen"}
    build = run_build(root, env=env)
    assert build.returncode != 0
    line = line_of(FIXTURE.read_text(encoding="utf-8"), "```{mermaid}") + 1
    assert f"{PAGE_SOURCE}:{line}: WARNING: diagrammet kan ikke tegnes: browseren starter ikke" in (
        build.output
    )
    assert "Traceback" not in build.output


def test_renderer_older_than_the_lock_is_reported(tmp_path: Path) -> None:
    for name in ("package.json", "package-lock.json"):  # package.json: the Node.js minimum
        shutil.copy2(ROOT / name, tmp_path / name)
    installed = tmp_path / "node_modules" / "@mermaid-js" / "mermaid-cli"
    installed.mkdir(parents=True)
    locked = read_json("package-lock.json")["packages"]["node_modules/@mermaid-js/mermaid-cli"]
    (installed / "package.json").write_text(json.dumps({"version": locked["version"]}))
    assert missing_renderer(tmp_path) is None
    (installed / "package.json").write_text(json.dumps({"version": "0.0.1"}))
    assert missing_renderer(tmp_path) == (
        "den installerede @mermaid-js/mermaid-cli er version 0.0.1, men "
        f"package-lock.json angiver {locked['version']}"
    )


# -- Cached, and the same every time ------------------------------------------------------


def test_rebuild_draws_nothing_and_gives_the_same_page(
    diagram_build: Build, cold_cache: Path, tmp_path: Path
) -> None:
    assert "tegner 2 diagram(mer)" in diagram_build.output
    first = diagram_build.page_path(PAGE).read_bytes()
    again = run_build(
        diagram_build.root, outdir=tmp_path / "html", env={"OS2_DIAGRAM_CACHE": str(cold_cache)}
    )
    assert again.returncode == 0, again.output
    assert "tegner" not in again.output  # the cache answered: Chromium never started
    assert (tmp_path / "html" / PAGE / "index.html").read_bytes() == first


def test_two_cold_drawings_are_byte_identical(
    diagram_build: Build, cold_cache: Path, tmp_path: Path
) -> None:
    other = tmp_path / "cache"
    build = run_build(
        diagram_build.root, outdir=tmp_path / "html", env={"OS2_DIAGRAM_CACHE": str(other)}
    )
    assert build.returncode == 0, build.output
    drawn = sorted(path.name for path in cold_cache.iterdir())
    assert len(drawn) == 4  # two diagrams: light SVG, dark SVG
    assert sorted(path.name for path in other.iterdir()) == drawn
    for name in drawn:
        assert (other / name).read_bytes() == (cold_cache / name).read_bytes(), name


# -- The PDF: the drawing itself, its labels as text, one figure with the text alternative --


def pdf_diagram_pages(pdf: Path, label: str) -> list[int]:
    """The pages that show label and carry an embedded vector drawing (a Form XObject)."""
    found = []
    for number, page in enumerate(PdfReader(pdf).pages, 1):
        if label not in " ".join(page.extract_text().split()):  # a label may wrap
            continue
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        if any(xobject.get_object().get("/Subtype") == "/Form" for xobject in xobjects.values()):
            found.append(number)
    return found


def tagged_figures(pdf: Path) -> list[str]:
    """The text alternative (/Alt) of every Figure in the PDF's structure tree, in order."""
    with pikepdf.open(pdf) as document:
        return [
            str(element.get("/Alt", ""))
            for element in elements(document.Root.StructTreeRoot)
            if str(element.S) == "/Figure"
        ]


def build_pdf_of(root: Path, cache: Path) -> tuple[Path, str]:
    from support.pdf import build_pdf

    build = build_pdf(root, env={**os.environ, "OS2_DIAGRAM_CACHE": str(cache)})
    assert build.returncode == 0, build.output
    return build.pdf, build.text()


@pytest.fixture(scope="module")
def diagram_pdf(tmp_path_factory: pytest.TempPathFactory, cold_cache: Path) -> tuple[Path, str]:
    return build_pdf_of(diagram_project(tmp_path_factory.mktemp("diagram-pdf")), cold_cache)


def test_pdf_shows_the_drawing_with_its_text_alternative(diagram_pdf: tuple[Path, str]) -> None:
    pdf, _ = diagram_pdf
    assert len(pdf_diagram_pages(pdf, LABEL)) == 1  # drawn, its labels text
    # Each diagram is one figure, read out by its text alternative.
    assert [alt for alt in tagged_figures(pdf) if alt in NAMES] == NAMES


def test_twin_diagram_as_code_is_no_drawing_in_the_pdf(tmp_path: Path) -> None:
    root = diagram_project(tmp_path / "project", lambda text: text.replace("{mermaid}", "text"))
    pdf, text = build_pdf_of(root, tmp_path / "cache")
    assert LABEL in text  # the words are there, as code ...
    assert pdf_diagram_pages(pdf, LABEL) == []  # ... but nothing is drawn
    assert [alt for alt in tagged_figures(pdf) if alt in NAMES] == []  # ... and no figure


# -- In a browser: offline, the right drawing for the theme, named -------------------------


@pytest.fixture(scope="module")
def diagram_site(diagram_build: Build) -> Iterator[str]:
    from localserver import serve_directory

    with serve_directory(diagram_build.outdir) as base_url:
        yield base_url


@pytest.mark.browser
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_browser_shows_one_named_drawing_per_diagram_and_fetches_nothing_else(
    diagram_site: str, theme: str
) -> None:
    from playwright.sync_api import sync_playwright

    from browser import DESKTOP, PHONE, axe_violations, foreign_requests, launch, new_reader

    shots = BUILD / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            for name, viewport in (("desktop", DESKTOP), ("mobil", PHONE)):
                reader = new_reader(chromium, diagram_site, viewport=viewport, theme=theme)
                try:
                    assert foreign_requests(reader, f"{PAGE}/") == []
                    page = reader.page
                    for accessible_name in NAMES:
                        image = page.get_by_role("img", name=accessible_name, exact=True)
                        assert image.count() == 1, accessible_name  # the other theme is hidden
                        assert f"os2-diagram-{theme}" in image.get_attribute("class")
                    assert axe_violations(page, f"/{PAGE}/") == []
                    page.screenshot(path=shots / f"diagrammer-{name}-{theme}.png", full_page=True)
                finally:
                    reader.context.close()
        finally:
            chromium.close()


# -- The renderer is pinned and installed alike everywhere -------------------------------

EXACT_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def renderer_pin_problems(package: dict, lock: dict) -> list[str]:
    """package.json's npm packages that package-lock.json does not pin to the same version."""
    problems = []
    for name, wanted in package["dependencies"].items():
        locked = lock["packages"].get(f"node_modules/{name}", {}).get("version")
        if not EXACT_VERSION.match(wanted):
            problems.append(f"package.json: {name} {wanted!r} is not an exact version")
        elif locked != wanted:
            problems.append(f"package-lock.json: {name} is {locked}, package.json says {wanted}")
    return problems


def read_json(name: str) -> dict:
    return json.loads((ROOT / name).read_text(encoding="utf-8"))


def test_renderer_is_pinned_and_installed_with_npm_ci() -> None:
    package, lock = read_json("package.json"), read_json("package-lock.json")
    assert "@mermaid-js/mermaid-cli" in package["dependencies"]
    assert renderer_pin_problems(package, lock) == []
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^PUPPETEER_SKIP_DOWNLOAD=1 npm ci\b", ci_run, re.MULTILINE)
    readthedocs = (ROOT / ".readthedocs.yaml").read_text(encoding="utf-8")
    assert re.search(r"^\s+- npm ci\b", readthedocs, re.MULTILINE)


def test_twin_unpinned_renderer_is_found() -> None:
    package, lock = read_json("package.json"), read_json("package-lock.json")
    package["dependencies"]["puppeteer"] = "^24.0.0"
    assert renderer_pin_problems(package, lock) == [
        "package.json: puppeteer '^24.0.0' is not an exact version"
    ]


def test_fixture_page_is_no_handbook_content() -> None:
    # The diagrams are test fixtures: the handbook's sources must not carry them.
    assert not (ROOT / PAGE_SOURCE).exists()

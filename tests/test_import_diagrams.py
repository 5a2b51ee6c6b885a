"""Every diagram type Mermaid draws comes through the import drawn and named.

tests/fixtures/jekyll_diagrams/ is a tiny just-the-docs site whose one page has
a diagram of each type, each under a heading and none with a text alternative
of its own. The expectations come from that page: the headings and the
diagram types are read from it, not typed here.
"""

from __future__ import annotations

import re

import pytest

import fixture_book
from conftest import Build, edit_file, run_build
from os2_handbook.build import ROOT

SITE = ROOT / "tests" / "fixtures" / "jekyll_diagrams"
PAGE = "docs/diagrammer"
ERROR_PICTURE = "Syntax error in text"  # Mermaid's picture of a diagram it cannot read
DIAGRAM = re.compile(r"^## (?P<heading>.+)\n\n```mermaid\n(?P<type>\S+)", re.MULTILINE)


def fixture_diagrams() -> dict[str, str]:
    """Heading -> diagram type, as the fixture page has them."""
    text = (SITE / f"{PAGE}.md").read_text(encoding="utf-8")
    return {m["heading"]: m["type"] for m in DIAGRAM.finditer(text)}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Build:
    run = fixture_book.import_fixture(tmp_path_factory.mktemp("diagrams"), SITE)
    assert run.returncode in (0, 1), run.output
    build = run_build(run.root)
    assert build.returncode == 0, build.output  # strict: no diagram failed to draw
    return build


def test_the_fixture_has_the_types_the_issue_names() -> None:
    types = set(fixture_diagrams().values())
    for name in ("flowchart", "mindmap", "sankey-beta", "architecture-beta", "kanban", "C4Context"):
        assert name in types
    # And the newest the locked Mermaid knows (tests/fixtures/jekyll_diagrams/README.md).
    for name in ("cynefin-beta", "ishikawa-beta", "railroad-beta", "wardley-beta", "swimlane-beta",
                 "eventmodeling"):  # fmt: skip
        assert name in types


def test_every_type_is_drawn_and_named_after_its_section(imported: Build) -> None:
    article = imported.html(PAGE).find("article")
    assert article.select_one(".os2-diagram-missing") is None
    for heading, kind in fixture_diagrams().items():
        section = next(h for h in article.find_all("h2") if h.get_text().startswith(heading))
        drawing = section.find_parent("section").select_one(".os2-diagram svg.os2-diagram-light")
        assert drawing is not None, f"{kind} under «{heading}» was not drawn"
        assert drawing["aria-label"] == heading, kind
        # Mermaid draws a syntax error in many types as a picture instead of failing
        # (tests/fixtures/jekyll_diagrams/README.md): such a picture is not the diagram.
        assert ERROR_PICTURE not in drawing.get_text(), f"{kind} under «{heading}»"


def test_the_imported_diagram_code_is_the_authors(imported: Build) -> None:
    source = (imported.root / "source" / f"{PAGE}.md").read_text(encoding="utf-8")
    assert "accTitle" not in source  # the name is the directive's :alt:, not in the code
    for heading, kind in fixture_diagrams().items():
        assert f"```{{mermaid}}\n:alt: {heading}\n{kind}" in source


def test_twin_a_syntax_error_drawn_as_a_picture_fails_naming_file_and_line(
    imported: Build,
) -> None:
    """Mermaid draws a syntax error in many types as a picture instead of failing; the
    renderer (os2_handbook/ext/diagrams.mjs) refuses that picture, so the build fails."""
    heading, kind = next((h, k) for h, k in fixture_diagrams().items() if k == "wardley-beta")
    relpath = f"source/{PAGE}.md"
    page = imported.root / relpath
    original = page.read_text(encoding="utf-8")
    edit_file(page.parent, page.name, lambda t: t.replace(f"{kind}\ntitle", f"{kind}\ntitel"))
    try:
        build = run_build(imported.root, outdir=imported.root / "_build" / "picture")
    finally:  # the module's other tests read the page as imported
        page.write_text(original, encoding="utf-8")
    line = original[: original.index(f":alt: {heading}\n{kind}")].count("\n") + 2  # the code
    assert build.returncode != 0, build.output
    assert f"{relpath}:{line}: WARNING: Mermaid-diagrammet" in build.output, build.output
    assert "Syntax error in text" in build.output


def test_twin_a_name_inside_a_mindmap_fails_naming_file_and_line(imported: Build) -> None:
    """What the importer once wrote: accTitle inside a mindmap, which Mermaid refuses."""
    heading = next(h for h, kind in fixture_diagrams().items() if kind == "mindmap")
    relpath = f"source/{PAGE}.md"
    edit_file(
        imported.root, relpath,
        lambda t: t.replace(f":alt: {heading}\nmindmap\n", f"mindmap\n  accTitle: {heading}\n"),
    )  # fmt: skip
    text = (imported.root / relpath).read_text(encoding="utf-8")
    line = text[: text.index("mindmap\n  accTitle")].count("\n") + 1
    build = run_build(imported.root, outdir=imported.root / "_build" / "twin")
    assert build.returncode != 0
    assert f"{relpath}:{line}: WARNING: Mermaid-diagrammet" in build.output, build.output
    assert "only one root" in build.output  # Mermaid's own words, passed on

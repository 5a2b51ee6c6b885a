"""Input a full-size handbook has and the small one lacked: each builds, or
fails with a Danish message naming file, line and fix, never a traceback.

- an empty link ``[tekst]()`` (JekyllLinkHint in os2_handbook/ext/links.py);
- a table with a header row and no body rows (what an import of a table
  still to be filled in gives), which the LaTeX route crashed on;
- task lists, whose checkboxes must survive on paper.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from conftest import PORT_SOURCE, copy_project, edit_file, run_build
from os2_handbook.pdf.pdfcheck import elements
from support.pdf import PdfBuild, body_text, build_pdf

APPENDIX = "source/docs/appendix.md"
HEADER_ONLY_TABLE = "\n| Opgave i testkopien | Ansvarlig i testkopien |\n| --- | --- |\n"


def appended(addition: str):
    return lambda text: text + addition


def last_line(root: Path, relpath: str) -> int:
    return len((root / relpath).read_text(encoding="utf-8").splitlines())


# -- Empty links ------------------------------------------------------------------------


def test_empty_link_fails_naming_file_line_and_fix(broken_build) -> None:
    build = broken_build(APPENDIX, appended("\nSe [vejledningen]() for mere.\n"))
    assert build.returncode != 0
    line = last_line(build.root, APPENDIX)
    warnings = [w for w in build.output.splitlines() if "WARNING" in w]
    assert len(warnings) == 1, warnings  # one clear message, not Sphinx's as well
    assert (
        f"appendix.md:{line}: WARNING: tomt link: [vejledningen]() peger ingen steder hen"
        in (warnings[0])
    )
    assert "skriv adressen i ( ), eller fjern linket og behold teksten" in warnings[0]
    assert "Traceback" not in build.output


def test_twin_a_link_with_a_target_is_no_empty_link(broken_build) -> None:
    build = broken_build(APPENDIX, appended("\nSe [vejledningen](../bidrag.md) for mere.\n"))
    assert build.returncode == 0, build.output
    assert "tomt link" not in build.output


# -- A table with a header and no rows ---------------------------------------------------


TASKS = "\n- [ ] En opgave i testkopien\n- [x] En løst opgave i testkopien\n"


@pytest.fixture(scope="module")
def awkward_pdf(tmp_path_factory: pytest.TempPathFactory) -> PdfBuild:
    """The port's pages with a header-only table and a task list, as a PDF (one build)."""
    root = copy_project(tmp_path_factory.mktemp("awkward") / "project", source=PORT_SOURCE)
    edit_file(root, APPENDIX, appended(HEADER_ONLY_TABLE + TASKS))
    build = build_pdf(root)
    assert build.returncode == 0, build.output
    assert "Traceback" not in build.output
    return build


def test_header_only_table_is_in_the_web_page_and_the_pdf(awkward_pdf: PdfBuild) -> None:
    html = run_build(awkward_pdf.root)
    assert html.returncode == 0, html.output
    headers = [th.get_text() for th in html.html("docs/appendix").select("article table th")]
    assert headers == ["Opgave i testkopien", "Ansvarlig i testkopien"]
    text = " ".join(body_text(awkward_pdf.text()).split())
    assert re.search(r"Opgave i testkopien\s+Ansvarlig i testkopien", text), text[-2000:]
    # Tagged as a table whose cells are header cells, as a screen reader needs.
    with pikepdf.open(awkward_pdf.pdf) as pdf:
        roles = [str(e.S) for e in elements(pdf.Root.StructTreeRoot)]
    assert "/Table" in roles and "/TH" in roles


# -- Task lists ------------------------------------------------------------------------


def test_task_list_checkboxes_are_labelled_by_their_text(broken_build) -> None:
    build = broken_build(APPENDIX, appended(TASKS))
    assert build.returncode == 0, build.output
    items = build.html("docs/appendix").select("article li.task-list-item")
    labels = [(item.label.input.has_attr("checked"), item.label.get_text()) for item in items]
    assert labels == [(False, "En opgave i testkopien"), (True, "En løst opgave i testkopien")]


def test_task_list_shows_open_and_done_tasks_in_the_pdf(awkward_pdf: PdfBuild) -> None:
    # A box as text (U+2610), crossed when done (U+2612): printed and read out.
    text = " ".join(awkward_pdf.text().replace("\u00a0", " ").split())
    assert "\u2610 En opgave i testkopien" in text
    assert "\u2612 En løst opgave i testkopien" in text
    assert "<input" not in awkward_pdf.html.split("<main", 1)[-1]  # no form field on paper

"""Input a full-size handbook has and the small one lacked: each builds, or
fails with a Danish message naming file, line and fix, never a traceback.

- an empty link ``[tekst]()`` (JekyllLinkHint in os2_handbook/sphinxext.py);
- a table with a header row and no body rows, which Sphinx's LaTeX writer
  crashes on (os2_handbook/latex_tables.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import PORT_SOURCE, copy_project, edit_file, run_build
from test_pdf import body_text, build_pdf

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


def latex_build(root: Path):
    return run_build(root, builder="latex", outdir=root / "_build" / "latex")


def test_header_only_table_is_in_the_web_page_and_the_pdf(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", source=PORT_SOURCE)
    edit_file(root, APPENDIX, appended(HEADER_ONLY_TABLE))
    html = run_build(root)
    assert html.returncode == 0, html.output
    headers = [th.get_text() for th in html.html("docs/appendix").select("article table th")]
    assert headers == ["Opgave i testkopien", "Ansvarlig i testkopien"]
    pdf = build_pdf(root)
    assert pdf.returncode == 0, pdf.output
    assert "Traceback" not in pdf.output
    text = " ".join(body_text(pdf.text()).split())
    assert re.search(r"Opgave i testkopien\s+Ansvarlig i testkopien", text), text[-2000:]


def test_twin_without_the_fix_sphinx_crashes_on_the_table(tmp_path: Path) -> None:
    # The input really is what Sphinx's LaTeX writer cannot take: with the
    # transform taken out, the LaTeX build dies with StopIteration.
    root = copy_project(tmp_path / "project", source=PORT_SOURCE)
    edit_file(root, APPENDIX, appended(HEADER_ONLY_TABLE))
    edit_file(
        root, "os2_handbook/sphinxext.py",
        lambda text: re.sub(r'^.*"os2_handbook\.latex_tables".*\n', "", text, flags=re.M),
    )  # fmt: skip
    build = latex_build(root)
    assert build.returncode != 0
    assert "StopIteration" in build.output


# -- Task lists ------------------------------------------------------------------------

TASKS = "\n- [ ] En opgave i testkopien\n- [x] En løst opgave i testkopien\n"


def test_task_list_checkboxes_are_labelled_by_their_text(broken_build) -> None:
    build = broken_build(APPENDIX, appended(TASKS))
    assert build.returncode == 0, build.output
    items = build.html("docs/appendix").select("article li.task-list-item")
    labels = [(item.label.input.has_attr("checked"), item.label.get_text()) for item in items]
    assert labels == [(False, "En opgave i testkopien"), (True, "En løst opgave i testkopien")]


def test_task_list_shows_open_and_done_tasks_in_the_pdf(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", source=PORT_SOURCE)
    edit_file(root, APPENDIX, appended(TASKS))
    latex = latex_build(root)
    assert latex.returncode == 0, latex.output
    tex = (root / "_build" / "latex" / "os2-haandbog.tex").read_text(encoding="utf-8")
    assert "$\\square$~En opgave i testkopien" in tex
    assert "$\\boxtimes$~En løst opgave i testkopien" in tex

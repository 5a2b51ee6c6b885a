"""Task lists: each checkbox labelled by its item's text on the web, a box as text in the
PDF's HTML (os2_handbook/ext/task_lists.py)."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

ROOT = "task_lists"
# On paper: a ballot box, crossed when done, and a no-break space.
BOX = {False: "\u2610\u00a0", True: "\u2612\u00a0"}
TASK = re.compile(r"^- \[(?P<mark>[ xX])\] (?P<text>.+)$", re.M)


def tasks(srcdir) -> list[tuple[bool, str]]:
    """(done, text without Markdown) of each task in the root's front page."""
    text = (srcdir / "index.md").read_text(encoding="utf-8")
    return [(m["mark"] != " ", m["text"].replace("**", "")) for m in TASK.finditer(text)]


def unlabelled_checkboxes(page: BeautifulSoup) -> list[str]:
    """Every checkbox that has no <label> around it (axe's "label" rule)."""
    return [
        str(box) for box in page.select("input[type=checkbox]") if box.find_parent("label") is None
    ]


def test_each_checkbox_is_labelled_by_its_task(build_root):
    built = build_root(ROOT)
    assert built.warnings == ""
    page = built.html("index.html")
    assert unlabelled_checkboxes(page) == []
    expected = tasks(built.srcdir)
    boxes = page.select("label > input.task-list-item-checkbox")
    assert [(box.has_attr("checked"), box.parent.get_text(" ", strip=True)) for box in boxes] == [
        (done, text) for done, text in expected
    ]


def test_twin_a_checkbox_without_a_label_is_found(build_root):
    built = build_root(
        ROOT,
        edits={"index.md": lambda text: text + '\n<p><input type="checkbox"> Uden etiket</p>\n'},
    )
    assert len(unlabelled_checkboxes(built.html("index.html"))) == 1


def test_the_pdfs_html_has_boxes_as_text(build_root):
    built = build_root(ROOT, builder="pdfhtml")
    assert built.warnings == ""
    page = built.html("index.html")
    assert page.select("input[type=checkbox]") == []
    boxes = [span.get_text() for span in page.select("span.task-box")]
    assert boxes == [BOX[done] for done, _ in tasks(built.srcdir)]

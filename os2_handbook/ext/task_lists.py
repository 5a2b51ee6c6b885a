"""Task lists (``- [ ]`` / ``- [x]``) readable by everyone.

MyST writes each checkbox as raw HTML without a label (axe: "label"), which the
PDF drops. Here checkbox and text share one ``<label>`` on the web, and the PDF
(pdf/paper.py) gets a box as text, crossed when the task is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CHECKBOX_CLASS = 'class="task-list-item-checkbox"'
# U+2610 BALLOT BOX, U+2612 BALLOT BOX WITH X (in Symbola, a PDF font:
# os2_handbook/pdf/printing.py).
BOX = {False: "\u2610\u00a0", True: "\u2612\u00a0"}


class LabelledTaskLists(SphinxTransform):
    """Give each task-list checkbox its item's text as label, and a box on paper."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for item in self.document.findall(nodes.list_item):
            if "task-list-item" not in item["classes"] or not item.children:
                continue
            paragraph = item.children[0]
            first = paragraph.children[0] if paragraph.children else None
            if not (isinstance(first, nodes.raw) and CHECKBOX_CLASS in first.astext()):
                continue
            checked = 'checked="checked"' in first.astext()
            label = nodes.raw("", f"<label>{first.astext()}", format="html")
            box = nodes.inline("", BOX[checked], classes=["task-box"])
            first.replace_self(
                [addnodes.only("", label, expr="html"), addnodes.only("", box, expr="pdf")]
            )
            paragraph += addnodes.only("", nodes.raw("", "</label>", format="html"), expr="html")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(LabelledTaskLists)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

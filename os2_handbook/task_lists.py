"""Task lists (``- [ ]`` / ``- [x]``) readable by everyone.

MyST writes each item's checkbox as raw HTML with no label, which screen
readers announce as an unnamed checkbox (axe: "label"), and which the PDF
drops, so a printed list loses which tasks are done. Here the checkbox and
the item's text are wrapped in one ``<label>``, and the PDF gets a box,
crossed when the task is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CHECKBOX_CLASS = 'class="task-list-item-checkbox"'
BOX = {False: r"$\square$~", True: r"$\boxtimes$~"}  # amssymb, which Sphinx loads


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
            first.replace_self(
                [
                    nodes.raw("", f"<label>{first.astext()}", format="html"),
                    nodes.raw("", BOX[checked], format="latex"),
                ]
            )
            paragraph += nodes.raw("", "</label>", format="html")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(LabelledTaskLists)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

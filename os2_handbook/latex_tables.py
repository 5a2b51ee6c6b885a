"""Tables the PDF can typeset whatever their shape.

Sphinx's LaTeX writer expects every table to have body rows: a table with a
header row and nothing under it (valid Markdown, and what an import of a
table still to be filled in gives) stops ``nox -s pdf`` with a bare
StopIteration from sphinx/builders/latex/transforms.py. Such a header-only
table is printed with its header as its one row, as the web shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class HeaderOnlyTables(SphinxPostTransform):
    """Give a table without body rows a body: its header rows."""

    builders = ("latex",)
    default_priority = 400  # before Sphinx's LaTeX footnote transform (600) reads tbody

    def run(self, **kwargs: Any) -> None:
        for group in self.document.findall(nodes.tgroup):
            if any(isinstance(child, nodes.tbody) for child in group.children):
                continue
            for head in [c for c in group.children if isinstance(c, nodes.thead)]:
                body = nodes.tbody("", *head.children)
                head.replace_self(body)
            if not any(isinstance(child, nodes.tbody) for child in group.children):
                group += nodes.tbody()  # no rows at all: an empty body


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(HeaderOnlyTables)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""An empty link, ``[tekst]()``, fails the build with a message that says what to do.

MyST turns it into a cross-reference to "" and Sphinx reports only
"'myst' cross-reference target not found: ''". Here the link is reported in
Danish, at its file and line, with the fix, and replaced by its text, so
that the build reports it once and the reader sees plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

MESSAGE = (
    "tomt link: [%s]() peger ingen steder hen. Skriv adressen eller siden i parentesen, "
    "fx [%s](https://…) eller [%s](bidrag.md), eller fjern de firkantede parenteser"
)


class EmptyLinks(SphinxTransform):
    """Report ``[text]()`` with the fix, and keep only its text."""

    default_priority = 100  # while reading: before MyST resolves references

    def apply(self, **kwargs: Any) -> None:
        for ref in list(self.document.findall(addnodes.pending_xref)):
            if ref.get("reftype") != "myst" or ref.get("reftarget", "").strip():
                continue
            text = ref.astext()
            logger.warning(
                MESSAGE, text, text, text, location=ref, type="os2", subtype="empty_link"
            )
            ref.replace_self(nodes.inline("", "", *ref.children))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(EmptyLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

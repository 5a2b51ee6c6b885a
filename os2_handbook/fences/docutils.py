"""docutils' undocumented internals (written against docutils 0.22.4; the lock
also installs 0.23 on Python 3.13).

Missing public API: a way to drop an explicit target name from a document
(``document.nameids`` and ``document.nametypes`` are plain dictionaries that
docutils fills in, with no method to take a name out again).
os2_handbook/ext/links.py keeps ``{#id}`` heading ids page-local that way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes

PACKAGE = "docutils"
TESTED = "0.22.4"


def is_explicit_name(document: nodes.document, name: str) -> bool:
    """Whether name was given explicitly (a label), not derived from a title."""
    return bool(document.nametypes.get(name))


def forget_name(document: nodes.document, name: str) -> None:
    """Take name out of the document's table of names (the node keeps its ids)."""
    document.nameids.pop(name, None)
    document.nametypes.pop(name, None)


def assumptions() -> list[str]:
    from docutils import nodes
    from docutils.utils import new_document

    document = new_document("<canary>")
    section = nodes.section()
    section["names"].append("kanarie")
    document.note_explicit_target(section)
    problems = []
    if not isinstance(getattr(document, "nameids", None), dict):
        problems.append("document.nameids is no longer a dict")
    elif document.nameids.get("kanarie") not in section["ids"]:
        problems.append("document.nameids no longer maps an explicit name to its id")
    if getattr(document, "nametypes", {}).get("kanarie") is not True:
        problems.append("document.nametypes no longer marks an explicit name True")
    return problems

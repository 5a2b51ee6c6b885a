"""How links and heading anchors written by authors resolve.

- ``{#id}`` heading ids stay local to their page: the same old anchor can stand
  in two chapters; ids with æ ø å are kept byte for byte.
- A Jekyll-style link (``./docs/x#id`` without ``.md``) is a warning saying how
  to write it, and an empty link ``[text]()`` one saying to drop it.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from os2_handbook.fences.docutils import forget_name, is_explicit_name
from os2_handbook.fences.myst import slugs as myst_slugs

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class LocalHeadingIds(SphinxTransform):
    """MyST makes ``{#id}`` a document-wide name, so Sphinx a project-wide label:
    dropped, the id stays on the section, where ``page.md#id`` resolves."""

    default_priority = 100  # before Sphinx collects labels (doctree-read)

    def apply(self, **kwargs: Any) -> None:
        for section in self.document.findall(nodes.section):
            for name in list(section["names"]):
                if not is_explicit_name(self.document, name):
                    continue
                if name not in section["ids"] and nodes.make_id(name) in section["ids"]:
                    # docutils turns {#møder} into id "moder"; old links say
                    # #møder, so the id is also kept byte for byte (first, so
                    # the section itself carries it).
                    converted = section["ids"][0]
                    section["ids"].insert(0, name)
                    self.document.ids[name] = section
                    # MyST resolves other pages' links (x.md#møder) through its slug table.
                    slugs = myst_slugs(self.env, self.env.docname)
                    for line, section_id, text in list(slugs.values()):
                        if section_id == converted:
                            slugs.setdefault(name, (line, name, text))
                if name in section["ids"]:
                    section["names"].remove(name)
                    forget_name(self.document, name)


class JekyllLinkHint(SphinxTransform):
    """Warn about links written for Jekyll (no ``.md``), with the fix, and about empty links."""

    default_priority = 100

    def apply(self, **kwargs: Any) -> None:
        for ref in self.document.findall(addnodes.pending_xref):
            if ref.get("refdomain") or ref.get("reftype") != "myst":
                continue
            target = ref["reftarget"]
            if not target:
                # MyST would resolve [text]() against the page's folder, that
                # is, silently link to the chapter page above it.
                logger.warning(
                    "tomt link: [%s]() peger ingen steder hen – skriv adressen i ( ), "
                    "eller fjern linket og behold teksten",
                    ref.astext(), location=ref, type="os2", subtype="empty_link",
                )  # fmt: skip
                ref.replace_self(nodes.inline(ref.astext(), ref.astext()))
                continue
            path, _, fragment = target.partition("#")
            if not path or path.endswith(".md"):
                continue
            docname = posixpath.normpath(posixpath.join(posixpath.dirname(self.env.docname), path))
            if docname in self.env.found_docs:
                fixed = f"{path}.md" + (f"#{fragment}" if fragment else "")
                logger.warning(
                    "link i Jekyll-stil uden .md: %r – skriv %r", target, fixed,
                    location=ref, type="os2", subtype="jekyll_link",
                )  # fmt: skip


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(LocalHeadingIds)
    app.add_transform(JekyllLinkHint)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Links inside raw HTML blocks are checked and resolved like Markdown links.

Sphinx passes raw HTML (an imported card layout) through untouched, so its link
to ``other.md#anchor`` would 404 on the site. Each such link is resolved to the
page's address, and one to a missing page or anchor is a warning naming file
and line.
"""

from __future__ import annotations

import posixpath
import re
from functools import partial
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from os2_handbook.ext.incremental import Fingerprints
from os2_handbook.fences.myst import slugs as myst_slugs

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


LINK_ATTRIBUTE = re.compile(r"""(?P<attr>\b(?:href|src))=(?P<q>["'])(?P<target>[^"']*)(?P=q)""")
EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|/)")


def _resolve_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":  # other writers leave raw HTML out
        return
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue
        text = raw.astext()
        # The page the block was written on: the PDF's one-page build resolves
        # every page's blocks in one tree, under the front page's name.
        here = (app.env.path2doc(raw.source) if raw.source else None) or docname
        resolved = LINK_ATTRIBUTE.sub(partial(_resolve, app, raw, here), text)
        if resolved != text:
            new = nodes.raw(resolved, resolved, format=raw["format"])
            new.source, new.line = raw.source, raw.line
            raw.replace_self(new)


def _resolve(app: Sphinx, raw: nodes.raw, docname: str, match: re.Match) -> str:
    """One link attribute of a raw HTML block written on docname, resolved."""
    env, target = app.env, match["target"]
    path, _, anchor = target.partition("#")
    if not path.endswith(".md") or EXTERNAL.match(target):
        return match.group()
    line = (raw.line or 0) + raw.astext().count("\n", 0, match.start())
    where = (docname, line) if raw.line else raw
    todoc = posixpath.normpath(posixpath.join(posixpath.dirname(docname), path[:-3]))
    if todoc not in env.found_docs:
        logger.warning(
            "link i rå HTML til en side, der ikke findes: %r", target,
            location=where, type="os2", subtype="raw_html_link",
        )  # fmt: skip
        return match.group()
    uri = app.builder.get_relative_uri(docname, todoc)
    if anchor:
        slugs = myst_slugs(env, todoc)
        anchor = slugs[anchor][1] if anchor in slugs else anchor
        _, targets = Fingerprints.of(env).data["link_targets"].get(todoc, ("", ()))
        if not any(anchor in ids for ids, _, _ in targets):  # every id of the page
            logger.warning(
                "link i rå HTML til et anker, der ikke findes: %r", target,
                location=where, type="os2", subtype="raw_html_link",
            )  # fmt: skip
        uri += f"#{anchor}"
    return f"{match['attr']}={match['q']}{uri}{match['q']}"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", _resolve_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

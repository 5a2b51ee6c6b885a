"""The handbook's Sphinx extension: everything that runs inside ``sphinx-build``.

conf.py lists only ``os2_handbook.ext``; its ``setup()`` loads each part with
``app.setup_extension``, so Sphinx sees every part's own metadata
(``parallel_read_safe``, ``env_version``). The order is the order the parts'
event handlers run in when they share a priority.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PARTS = (
    "os2_handbook.ext.links",  # {#id} heading ids stay page-local; Jekyll-style links get a hint
    "os2_handbook.ext.pending",  # {pending} and {pending-list}: sections still to be written
    "os2_handbook.ext.mojibake",  # pages that are not UTF-8 or hold control characters
    "os2_handbook.ext.navigation",  # furo's sidebar rendered once per build, not once per page
    "os2_handbook.ext.review",  # page owners and review dates
    "os2_handbook.ext.changes",  # {recent-changes} and the Atom feed
    "os2_handbook.ext.publishing",  # PDF and edit links, "Rapportér en fejl", licence, /was
    "os2_handbook.ext.diagrams",  # ```{mermaid} drawn at build time
    "os2_handbook.ext.old_urls",  # /docs/x/y.html forwards to /docs/x/y/
    "os2_handbook.ext.raw_html",  # links in raw HTML blocks are checked and resolved
    "os2_handbook.ext.timezone",  # a clear error when the time-zone data is missing
    "os2_handbook.ext.incremental",  # rebuilds without --fresh-env keep every warning
    "os2_handbook.ext.sitemap_order",  # --jobs writes the same sitemap.xml as a serial build
    "os2_handbook.ext.confinement",  # no file from outside the repository
    "os2_handbook.ext.csp",  # Content-Security-Policy; raw HTML it would block
    "os2_handbook.ext.page_language",  # lang: en in front matter
    "os2_handbook.ext.task_lists",  # labelled checkboxes, boxes in the PDF
    "os2_handbook.ext.image_sizes",  # width and height on every image
    "os2_handbook.ext.search",  # "koordinator" finds "produktkoordinatoren"
    "os2_handbook.pdf.paper",  # the pdfhtml builder: the HTML the PDF is printed from
    "os2_handbook.ext.theme",  # furo's interface in Danish, accessible sidebar captions
)


def setup(app: Sphinx) -> dict[str, Any]:
    for part in PARTS:
        app.setup_extension(part)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

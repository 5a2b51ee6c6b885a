"""sitemap.xml in the same order, however many processes wrote the pages.

sphinx-sitemap lists pages in the order writers finish them, which ``--jobs``
changes; sorting the links before it writes makes a parallel build's file a
serial one's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from os2_handbook.fences.sphinx_sitemap import sort_links

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _sort_sitemap_links(app: Sphinx, exception: BaseException | None) -> None:
    if exception is None:
        sort_links(app)


def setup(app: Sphinx) -> dict[str, Any]:
    # Before sphinx-sitemap's own build-finished handler (priority 500).
    app.connect("build-finished", _sort_sitemap_links, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

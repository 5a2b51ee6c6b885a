"""sitemap.xml in the same order, however many processes wrote the pages.

sphinx-sitemap (2.9) lists the pages in the order the writers finish them;
with ``--jobs`` that order changes from build to build, so a parallel build's
output would differ from a serial one's. Sorting the collected links just
before sphinx-sitemap writes the file makes both the same.
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

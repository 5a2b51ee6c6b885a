"""sitemap.xml in the same order, however many processes wrote the pages.

sphinx-sitemap (2.9) lists the pages in the order the writers finish them;
with ``--jobs`` that order changes from build to build, so a parallel build's
output would differ from a serial one's. Sorting the collected links just
before sphinx-sitemap writes the file makes both the same.
"""

from __future__ import annotations

import queue
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _sort_sitemap_links(app: Sphinx, exception: BaseException | None) -> None:
    links = getattr(app, "sitemap_links", None)  # sphinx-sitemap's queue, when it is loaded
    if links is None or exception is not None:
        return
    collected = []
    while True:
        try:
            collected.append(links.get_nowait())
        except queue.Empty:
            break
    for link in sorted(collected):
        links.put(link)


def setup(app: Sphinx) -> dict[str, Any]:
    # Before sphinx-sitemap's own build-finished handler (priority 500).
    app.connect("build-finished", _sort_sitemap_links, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

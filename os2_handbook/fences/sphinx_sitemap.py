"""sphinx-sitemap's internals (written against sphinx-sitemap 2.9.0).

Missing public API: an option to write the addresses in a stable order.
sphinx-sitemap collects them in ``app.sitemap_links`` (a queue shared by the
writer processes) in the order the pages are written, which changes from
build to build with ``--jobs``; os2_handbook/ext/sitemap_order.py sorts the
queue just before sphinx-sitemap's ``build-finished`` handler (priority 500)
writes the file.
"""

from __future__ import annotations

import contextlib
import queue
from typing import Any

PACKAGE = "sphinx-sitemap"
TESTED = "2.9.0"


def sort_links(app: Any) -> None:
    """Sort the addresses sphinx-sitemap has collected, when it is loaded."""
    links = getattr(app, "sitemap_links", None)
    if links is None:
        return
    collected = []
    with contextlib.suppress(queue.Empty):
        while True:
            collected.append(links.get_nowait())
    for link in sorted(collected):
        links.put(link)


def assumptions() -> list[str]:
    import inspect

    import sphinx_sitemap

    source = inspect.getsource(sphinx_sitemap)
    problems = []
    if "app.sitemap_links = " not in source:
        problems.append("sphinx-sitemap no longer collects the addresses in app.sitemap_links")
    if ".sitemap_links.get_nowait()" not in source:
        problems.append("sphinx-sitemap no longer reads app.sitemap_links as a queue when writing")
    if 'app.connect("build-finished", create_sitemap)' not in source:
        problems.append("sphinx-sitemap no longer writes the file in build-finished (priority 500)")
    return problems

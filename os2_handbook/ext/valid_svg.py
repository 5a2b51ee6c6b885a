"""Mermaid's SVG made valid HTML where it stands inline on a page.

Written against @mermaid-js/mermaid-cli 11.17.0 (package.json). Mermaid's
drawings have three faults the Nu HTML Checker reports as errors
(tests/test_clean_pages.py) and browsers ignore:

- ``name="…"`` on the shapes of a sequence diagram (SVG has no such attribute);
- ``width``/``height`` on the start circle of a state diagram (a circle has ``r``);
- ids that are not unique on the page: a sequence diagram's ``actor0`` does not
  carry the drawing's own id, so the light and dark drawings share it, and a
  mind map gives a node's group and its background path the same id.

The drawing looks the same afterwards: ids outside the drawing's own prefix get
that prefix (and so do the references ``url(#…)`` and ``href="#…"`` to them),
and a repeated id is kept on its first element only, the one a reference
reaches anyway.
"""

from __future__ import annotations

import re

SHAPE_NAME = re.compile(r'(<(?:rect|line|circle|path|g|text)\b[^>]*?)\sname="[^"]*"')
CIRCLE_SIZE = re.compile(r'(<circle\b[^>]*?)\s(?:width|height)="[^"]*"')
SVG_ID = re.compile(r'<svg\b[^>]*?\sid="([^"]+)"')
ID = re.compile(r'(\sid=")([^"]+)(")')


def valid_svg(svg: str) -> str:
    """The SVG with its invalid attributes dropped and its ids unique on the page."""
    for pattern in (SHAPE_NAME, CIRCLE_SIZE, CIRCLE_SIZE):  # a circle may have both
        svg = pattern.sub(r"\1", svg)
    own = SVG_ID.search(svg)
    if own is None:
        return svg
    prefix = own[1]
    foreign = {m[2] for m in ID.finditer(svg) if not m[2].startswith(prefix)}
    for name in sorted(foreign, key=len, reverse=True):
        new = f"{prefix}-{name}"
        svg = svg.replace(f' id="{name}"', f' id="{new}"')
        svg = svg.replace(f"url(#{name})", f"url(#{new})")
        svg = svg.replace(f'href="#{name}"', f'href="#{new}"')
    seen: set[str] = set()

    def first_only(match: re.Match) -> str:
        if match[2] in seen:
            return ""
        seen.add(match[2])
        return match[0]

    return ID.sub(first_only, svg)

"""Mermaid's SVG made valid HTML where it stands inline on a page.

Mermaid's drawings (mermaid-cli 11.17.0) have faults the Nu HTML Checker reports
(tests/test_clean_pages.py): ``name="…"`` on sequence-diagram shapes,
``width``/``height`` on a state diagram's start circle, and ids repeated on the
page (``actor0`` in both the light and the dark drawing; a mind map's node and
its background). Foreign ids get the drawing's own prefix, references too; a
repeated id stays on its first element, the one a reference reaches anyway.
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
    if (own := SVG_ID.search(svg)) is None:
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

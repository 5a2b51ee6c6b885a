"""Compare the sidebar navigation of two builds of the same pages, page by page."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup


def sidebar(page: Path) -> str:
    tree = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(
        "div", class_="sidebar-tree"
    )
    assert tree is not None, f"{page}: no sidebar navigation"
    return str(tree)


def navigation_differences(ours: Path, furos: Path) -> list[str]:
    """Every page whose sidebar differs from furo's, with the first differing line."""
    # Pages with furo's sidebar: not the forwarding pages of old .html addresses
    # (os2_handbook/ext/old_urls.py), which have no navigation at all.
    pages = sorted(
        p.relative_to(furos)
        for p in furos.rglob("*.html")
        if 'class="sidebar-tree"' in p.read_text(encoding="utf-8")
    )
    assert pages, f"no pages in {furos}"
    differences = []
    for page in pages:
        mine, theirs = sidebar(ours / page), sidebar(furos / page)
        if mine != theirs:
            line = next(
                (
                    f"{a!r} != {b!r}"
                    # not strict: when one is a prefix of the other, "different length" below
                    for a, b in zip(mine.splitlines(), theirs.splitlines(), strict=False)
                    if a != b
                ),
                "different length",
            )
            differences.append(f"{page}: {line}")
    return differences


def sidebar_menu(ul) -> list[tuple[str, list]]:
    """A sidebar's <ul> as (title, children) pairs, its nesting kept."""
    items = []
    for li in ul.find_all("li", recursive=False):
        child = li.find("ul")
        items.append((li.find("a").get_text(strip=True), sidebar_menu(child) if child else []))
    return items

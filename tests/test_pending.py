"""The page of sections still to be written (source/mangler.md, {pending-list}).

It must list exactly the sections that carry a {pending} note, grouped by
chapter in reading order, each a link, and follow the sources when they change.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import PORT_SOURCE, Build, copy_project, run_build
from os2_handbook.build import sphinx_command
from seeds import normalise

SECTION = re.compile(r"^\{#(?P<anchor>[\w-]+)\}\n#{2,} (?P<title>.+)$", re.M)
PENDING = ":::{pending}"


def reading_order(root: Path) -> list[str]:
    """The chapters in the order of the front page's toctree."""
    index = (root / "source" / "index.md").read_text(encoding="utf-8")
    return re.findall(r"^(docs/\w+)$", index, re.M)


def pending_in_sources(root: Path) -> dict[str, list[tuple[str, str]]]:
    """chapter -> [(anchor, title)] of every section whose text holds {pending}."""
    found: dict[str, list[tuple[str, str]]] = {}
    for chapter in reading_order(root):
        text = (root / "source" / f"{chapter}.md").read_text(encoding="utf-8")
        sections = list(SECTION.finditer(text))
        for here, following in zip(sections, [*sections[1:], None], strict=True):
            body = text[here.end() : following.start() if following else len(text)]
            if PENDING in body:
                found.setdefault(chapter, []).append((here["anchor"], here["title"]))
    return found


def pending_on_page(build: Build) -> dict[str, list[tuple[str, str]]]:
    """chapter -> [(anchor, link text)] as the built list page shows them."""
    article = build.html("mangler").find("article")
    shown: dict[str, list[tuple[str, str]]] = {}
    for heading in article.select("p.pending-chapter"):
        chapter = heading.find("a")["href"].removeprefix("../").rstrip("/")
        items = heading.find_next_sibling("ul").select("li a")
        for link in items:
            page, _, anchor = link["href"].partition("#")
            assert page.removeprefix("../").rstrip("/") == chapter, link["href"]
            shown.setdefault(chapter, []).append((anchor, normalise(link.get_text())))
    return shown


def test_list_page_shows_exactly_the_pending_sections_by_chapter(html_build: Build) -> None:
    expected = pending_in_sources(html_build.root)
    shown = pending_on_page(html_build)
    assert shown == expected
    assert list(shown) == [c for c in reading_order(html_build.root) if c in expected]


def test_list_page_is_linked_from_front_page_and_sidebar(html_build: Build) -> None:
    front = html_build.html("index")
    assert front.select_one('article a[href="mangler/"]') is not None
    sidebar = [normalise(a.get_text()) for a in front.select(".sidebar-tree a")]
    assert "Afsnit, der mangler tekst" in sidebar


def test_list_follows_pending_notes_added_and_removed(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", source=PORT_SOURCE)  # the sections it edits
    welcome = root / "source" / "docs" / "welcome_and_purpose.md"
    text = welcome.read_text(encoding="utf-8")
    welcome.write_text(
        text.replace("## Sekretariatets rolle\n", "## Sekretariatets rolle\n\n:::{pending}\n:::\n"),
        encoding="utf-8",
    )
    appendix = root / "source" / "docs" / "appendix.md"
    text = appendix.read_text(encoding="utf-8")
    faq = "## Ofte stillede spørgsmål (FAQ)\n\n:::{pending}\n:::\n"
    assert faq in text
    appendix.write_text(text.replace(faq, "## Ofte stillede spørgsmål (FAQ)\n\nSvar.\n"))

    build = run_build(root)
    assert build.returncode == 0, build.output
    shown = pending_on_page(build)
    assert shown == pending_in_sources(root)
    assert next(iter(shown)) == "docs/welcome_and_purpose"
    assert shown["docs/welcome_and_purpose"] == [("rolle", "Sekretariatets rolle")]
    assert ("faq", "Ofte stillede spørgsmål (FAQ)") not in shown["docs/appendix"]
    count = sum(len(sections) for sections in shown.values())
    assert f"os2: {count} afsnit mangler endnu tekst" in build.output


# -- The pending sections are a Sphinx domain: parallel and incremental builds -----------


def test_parallel_build_merges_the_pending_sections(html_build: Build, tmp_path: Path) -> None:
    build = run_build(copy_project(tmp_path / "project"), extra=("--jobs", "2"))
    assert build.returncode == 0, build.output
    assert pending_on_page(build) == pending_on_page(html_build) == pending_in_sources(build.root)


def test_incremental_build_forgets_a_filled_in_section(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", source=PORT_SOURCE)
    command = [
        part
        for part in sphinx_command(
            "dirhtml", root / "_build" / "html", root=root, python=sys.executable
        )
        if part != "--fresh-env"  # keep the pickled environment, as sphinx-autobuild does
    ]
    first = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    appendix = root / "source" / "docs" / "appendix.md"
    faq = "## Ofte stillede spørgsmål (FAQ)\n\n:::{pending}\n:::\n"
    appendix.write_text(
        appendix.read_text(encoding="utf-8").replace(
            faq, "## Ofte stillede spørgsmål (FAQ)\n\nSvar.\n"
        ),
        encoding="utf-8",
    )
    second = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert second.returncode == 0, second.stdout + second.stderr
    before = int(re.search(r"os2: (\d+) afsnit", first.stdout)[1])
    assert f"os2: {before - 1} afsnit mangler endnu tekst" in second.stdout
    # Read again: only the edited page and the list page, from the pickled environment.
    assert "updating environment: 0 added, 2 changed, 0 removed" in second.stdout
    build = Build(root, root / "_build" / "html", 0, second.stdout)
    shown = pending_on_page(build)
    assert shown == pending_in_sources(root)
    assert ("faq", "Ofte stillede spørgsmål (FAQ)") not in shown["docs/appendix"]

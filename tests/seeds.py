"""The original handbook pages (../shared/seeds), repaired and reduced to plain text.

Tests compare the built handbook against these, independently of Sphinx.
"""

from __future__ import annotations

import re
from functools import cache

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from os2_handbook.build import ROOT

# Copies of ../shared/seeds, so the tests run in any clone.
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
WELCOME_SEED = "000_6c36b2e928783132.txt"
FRONT_PAGE_SEED = "001_0b0dbb77dc58954c.txt"

# Old front-page links: ./docs/<chapter>, optionally .md, optionally #anchor.
OLD_LINK = re.compile(r"\]\(\./docs/(?P<chapter>\w+)(?:\.md)?(?:#(?P<anchor>\w*))?\)")
KRAMDOWN_ATTRIBUTES = re.compile(r"\{[:#][^}]*\}")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@cache
def seed_text(name: str) -> str:
    raw = (SEEDS / name).read_text(encoding="utf-8")
    if name == FRONT_PAGE_SEED:  # UTF-8 once read as Mac Roman
        raw = raw.encode("mac_roman").decode("utf-8")
    return raw


def without_front_matter(markdown: str) -> str:
    if markdown.startswith("---\n"):
        return markdown.split("\n---\n", 1)[1]
    return markdown


def plain_text(markdown: str) -> str:
    """Markdown to whitespace-normalised text, without kramdown attributes."""
    markdown = KRAMDOWN_ATTRIBUTES.sub("", without_front_matter(markdown))
    html = MarkdownIt("commonmark").render(markdown)
    return normalise(BeautifulSoup(html, "html.parser").get_text(" "))


def normalise(text: str) -> str:
    return " ".join(text.split())


def sentences(markdown: str) -> list[str]:
    """The sentences of a Markdown text, as plain text, headings and list items included."""
    markdown = KRAMDOWN_ATTRIBUTES.sub("", without_front_matter(markdown))
    html = MarkdownIt("commonmark").render(markdown)
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for block in soup.find_all(["h1", "h2", "h3", "p", "li"]):
        if block.find(["p", "ul"]):  # a list item holding paragraphs: take those
            continue
        for sentence in SENTENCE_END.split(normalise(block.get_text(" "))):
            if sentence:
                found.append(sentence)
    return found


def old_front_page_targets() -> list[tuple[str, str]]:
    """Every distinct (chapter, anchor) the original front page links to; anchor may be ''."""
    seen: dict[tuple[str, str], None] = {}
    for match in OLD_LINK.finditer(seed_text(FRONT_PAGE_SEED)):
        seen[(match["chapter"], match["anchor"] or "")] = None
    return list(seen)


def front_page_intro_and_purposes() -> list[str]:
    """The intro paragraph, the 💡 note and every chapter's purpose, as sentences."""
    body = without_front_matter(seed_text(FRONT_PAGE_SEED))
    wanted = []
    for block in body.split("\n\n"):
        block = block.strip()
        if block.startswith(("Denne samling", ">", "**Formål:**")):
            wanted += sentences(block)
    return wanted

"""The original handbook pages (../shared/seeds), repaired and reduced to plain text.

Tests compare the port (tests/fixtures/port) against these, independently of
Sphinx; ``myst_sentences`` reduces a live MyST page the same way, so that the
built handbook can be compared with whatever its sources say today.
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


def sentences(markdown: str, *, kramdown: bool = True) -> list[str]:
    """The sentences of a Markdown text, as plain text, headings and list items included.

    kramdown: remove kramdown's inline attributes (``{#id}``, ``{: .class}``).
    """
    markdown = without_front_matter(markdown)
    if kramdown:
        markdown = KRAMDOWN_ATTRIBUTES.sub("", markdown)
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


# MyST lines that are markup, not text a reader sees.
MYST_FENCE = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[\w-]+)\}\s*(?P<argument>.*)$")
MYST_OPTION = re.compile(r"^:[\w-]+:")
MYST_ROLE = re.compile(r"(?<![:\w`])\{[\w:-]+\}(?=`)")
MYST_MARKUP_LINE = re.compile(r"^(?:%.*|\(\S+\)=|\{\{.*\}\}|\{[#.][^}]*\})$")
# Directives whose argument is a title the reader sees; other arguments are options.
TITLED_DIRECTIVES = {"admonition", "rubric", "dropdown", "grid-item-card", "card", "topic"}
# Directives whose body is not prose.
NON_PROSE_DIRECTIVES = {"toctree", "raw", "code-block", "code", "pending-list", "eval-rst"}


def myst_sentences(markdown: str) -> list[str]:
    """The sentences a reader sees on a MyST page: directive fences, options,
    comments and substitutions removed, titles of admonitions kept."""
    kept: list[str] = []
    closing: list[tuple[str, bool]] = []  # open fences: (fence, body is prose)
    in_options = False
    for line in without_front_matter(markdown).splitlines():
        stripped = line.strip()
        if (opener := MYST_FENCE.match(stripped)) is not None:
            prose = opener["name"] not in NON_PROSE_DIRECTIVES and all(p for _, p in closing)
            closing.append((opener["fence"], prose))
            if prose and opener["name"] in TITLED_DIRECTIVES and opener["argument"]:
                kept += ["", opener["argument"], ""]
            in_options = True
            continue
        if closing and stripped == closing[-1][0]:
            closing.pop()
            kept.append("")
            continue
        if in_options and MYST_OPTION.match(stripped):
            continue
        in_options = False
        if closing and not closing[-1][1]:
            continue
        if not MYST_MARKUP_LINE.match(stripped):
            kept.append(MYST_ROLE.sub("", line))
    return sentences("\n".join(kept), kramdown=False)


CODE_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=fence)[ \t]*$", re.M | re.S)
PENDING_NOTE = re.compile(r"^\s*:{3,}\{pending\}", re.M)


def pending_notes(markdown: str) -> int:
    """How many {pending} notes a MyST page holds (examples in code blocks are not notes)."""
    return len(PENDING_NOTE.findall(CODE_FENCE.sub("", markdown)))

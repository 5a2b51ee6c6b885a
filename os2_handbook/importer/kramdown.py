"""kramdown and just-the-docs syntax: the patterns, names and colours the passes share.

The passes that use them are in ``passes.py``; Liquid is rewritten here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from os2_handbook.importer.report import Line, Outcome

ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
HEADING_ATTRIBUTES = re.compile(r"\s*\{:?\s*([#.][^{}]*)\}\s*$")
BLOCK_IAL = re.compile(r"^\s*\{:\s*([^{}]*)\}\s*$")
TOC_MARKER = re.compile(r"^\s*\{:\s*toc\s*\}\s*$")
TOC_LIST_ITEM = re.compile(r"^\s*(?:[*+-]|\d+\.)\s+(.*)$")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)")
LINK_TEXT = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")

# just-the-docs' default callouts when _config.yml defines none.
DEFAULT_CALLOUTS = {"note": {}, "warning": {}, "important": {}, "highlight": {}, "new": {}}
ADMONITIONS = {
    "attention",
    "caution",
    "danger",
    "error",
    "hint",
    "important",
    "note",
    "seealso",
    "tip",
    "warning",
}
CALLOUT_DIRECTIVES = {"highlight": "hint", "new": "tip"}
COLOR_DIRECTIVES = {
    "blue": "note", "green": "tip", "yellow": "hint", "red": "warning", "purple": "important",
    "grey-lt": "note", "grey-dk": "note",
}  # fmt: skip
LABEL_COLORS = {
    "label": "primary", "label-blue": "primary", "label-green": "success",
    "label-purple": "secondary", "label-yellow": "warning", "label-red": "danger",
}  # fmt: skip
BUTTON_COLORS = {
    "btn": "secondary", "btn-primary": "primary", "btn-purple": "primary", "btn-blue": "info",
    "btn-green": "success", "btn-outline": "primary",
}  # fmt: skip


@dataclass(eq=False)
class Heading:
    level: int
    line: Line  # the "## text" line; its text is rewritten by the link pass
    explicit_id: str = ""
    auto_id: str = ""  # kramdown's generated id, kept when a link needs it
    needs_auto_id: bool = False
    classes: list[str] = field(default_factory=list)
    badges: list[str] = field(default_factory=list)  # {bdg-…} roles written below it

    @property
    def plain(self) -> str:
        text = LINK_TEXT.sub(r"\1", self.line.text.lstrip("#").strip())
        return re.sub(r"[*_`]", "", text).strip()

    @property
    def written_id(self) -> str:
        return self.explicit_id or (self.auto_id if self.needs_auto_id else "")


def kramdown_id(text: str) -> str:
    """The id kramdown generates for a heading (auto_ids, no transliteration)."""
    text = re.sub(r"^[^a-zA-Z]+", "", text)
    text = re.sub(r"[^a-zA-Z0-9 -]", "", text)
    return text.replace(" ", "-").lower() or "section"


def myst_slug(text: str) -> str:
    """The slug MyST gives a heading (myst_heading_anchors): GitHub's style."""
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def callout_styles(config: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Callout class -> (admonition directive, title) from _config.yml callouts."""
    callouts = config.get("callouts") or DEFAULT_CALLOUTS
    styles = {}
    for name, spec in callouts.items():
        spec = spec if isinstance(spec, dict) else {}
        if name in ADMONITIONS:
            directive = name
        else:
            directive = CALLOUT_DIRECTIVES.get(name) or COLOR_DIRECTIVES.get(
                str(spec.get("color")), "note"
            )
        styles[str(name)] = (directive, str(spec.get("title") or ""))
    return styles


# -- span level ---------------------------------------------------------------

LIQUID_BASEURL = re.compile(r"\{\{\s*site\.baseurl\s*\}\}")
LIQUID_RELATIVE_URL = re.compile(
    r"\{\{\s*['\"]([^'\"]+)['\"]\s*\|\s*(?:relative_url|absolute_url)\s*\}\}"
)
LIQUID_LINK = re.compile(r"\{%\s*link\s+([^\s%]+)\s*%\}")
LIQUID_ANY = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")


def outside_code(text: str, rewrite) -> str:
    """Apply rewrite to the parts of a line that are not inline code."""
    parts, last = [], 0
    for match in CODE_SPAN.finditer(text):
        parts += [rewrite(text[last : match.start()]), match.group()]
        last = match.end()
    return "".join([*parts, rewrite(text[last:])])


def rewrite_liquid(text: str, note) -> str:
    """Liquid links and baseurl become plain site paths; other Liquid is shown as code."""

    def link(match: re.Match) -> str:
        note("Liquid-link", Outcome.CONVERTED, f"{match.group()} blev til et link til siden.")
        return "/" + match.group(1).lstrip("/")

    def baseurl(match: re.Match) -> str:
        note("Liquid site.baseurl", Outcome.CONVERTED, f"{match.group()} er fjernet fra linket.")
        return ""

    def relative(match: re.Match) -> str:
        note("Liquid relative_url", Outcome.CONVERTED, f"{match.group()} blev til et link.")
        return "/" + match.group(1).lstrip("/")

    def other(match: re.Match) -> str:
        note(
            "Liquid (andet)", Outcome.MANUAL,
            f"Liquid-koden {match.group()} kan ikke oversættes og vises som kode.",
            "Skriv indholdet ind i siden, eller fjern linjen.",
        )  # fmt: skip
        return f"`{match.group()}`"

    def rewrite(part: str) -> str:
        part = LIQUID_LINK.sub(link, part)
        part = LIQUID_BASEURL.sub(baseurl, part)
        part = LIQUID_RELATIVE_URL.sub(relative, part)
        return LIQUID_ANY.sub(other, part)

    return outside_code(text, rewrite)

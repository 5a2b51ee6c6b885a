"""kramdown and just-the-docs constructs, rewritten in this handbook's MyST conventions.

Block level: heading ids (``## Titel {#id}`` becomes a ``{#id}`` line above the
heading), block attribute lists (callouts, labels, ``.no_toc``), the ``{:toc}``
marker, mermaid fences. Span level: ``{: .btn }`` buttons and Liquid tags.
Everything else passes through unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from os2_handbook.jekyll_import.report import Line, Outcome, Report
from os2_handbook.jekyll_import.site import Page

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
# Mermaid's own text alternative (os2_handbook/diagrams.py reads the same lines).
MERMAID_TEXT_ALTERNATIVE = re.compile(r"^\s*acc(?:Title|Descr)\b", re.M)


@dataclass(eq=False)
class Heading:
    level: int
    line: Line  # the "## text" line; its text is rewritten by the link pass
    explicit_id: str = ""
    auto_id: str = ""  # kramdown's generated id, kept when a link needs it
    needs_auto_id: bool = False
    classes: list[str] = field(default_factory=list)

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


class BlockConverter:
    """The block-level pass over one page: Lines in, Lines and Headings out."""

    def __init__(self, page: Page, report: Report, callouts: dict[str, tuple[str, str]]):
        self.page = page
        self.report = report
        self.callouts = callouts
        self.out: list[Line | Heading] = []

    def note(
        self, kind: str, outcome: Outcome, line: Line | None, message: str, suggestion: str = ""
    ) -> None:
        self.report.add(
            kind,
            outcome,
            self.page.source,
            line.source_line if line else None,
            message,
            suggestion,
            line=line,
        )

    def run(self) -> list[Line | Heading]:
        lines = self.page.body
        i = 0
        while i < len(lines):
            line = lines[i]
            if fence := FENCE.match(line.text):
                i = self._fence(lines, i, fence)
                continue
            if heading := ATX_HEADING.match(line.text):
                self._heading(line, heading)
            elif TOC_MARKER.match(line.text):
                self._toc(line)
            elif ial := BLOCK_IAL.match(line.text):
                previous_is_text = i > 0 and lines[i - 1].text.strip() != ""
                if previous_is_text:
                    self._apply_to_previous(line, ial.group(1))
                else:
                    i = self._apply_to_next(lines, i, ial.group(1))
                    continue
            else:
                self.out.append(line)
            i += 1
        self._unknown_heading_classes()
        return self.out

    # -- fences -------------------------------------------------------------

    def _fence(self, lines: list[Line], start: int, fence: re.Match) -> int:
        marker = fence.group(2)
        end = start + 1
        while end < len(lines) and not lines[end].text.strip().startswith(marker):
            end += 1
        block = lines[start : end + 1]
        if fence.group(3).lower() == "mermaid":  # drawn by the {mermaid} directive
            opening = Line(f"{fence.group(1)}{marker}{{mermaid}}", block[0].source_line, code=True)
            block = [opening, *block[1:]]
            if MERMAID_TEXT_ALTERNATIVE.search("\n".join(line.text for line in block)):
                self.note("diagram (mermaid)", Outcome.CONVERTED, opening, "tegnes med {mermaid}.")
            else:
                self.note(
                    "diagram (mermaid)", Outcome.MANUAL, opening,
                    "diagrammet tegnes med {mermaid}, men har intet tekstalternativ.",
                    "Skriv øverst i diagrammet `accTitle: kort titel` og `accDescr: hvad det "
                    "viser`, så skærmlæsere kan læse det op (nox -s lint kræver det).",
                )  # fmt: skip
        for line in block:
            line.code = True
            self.out.append(line)
        return end + 1

    # -- headings and table of contents -------------------------------------

    def _heading(self, line: Line, match: re.Match) -> None:
        level, text = len(match.group(1)), match.group(2)
        heading = Heading(level, line)
        if attributes := HEADING_ATTRIBUTES.search(text):
            text = text[: attributes.start()]
            self._apply_to_heading(heading, attributes.group(1))
        line.text = f"{match.group(1)} {text}"
        heading.auto_id = kramdown_id(heading.plain)
        self.out.append(heading)

    def _apply_to_heading(self, heading: Heading, attributes: str) -> None:
        for token in attributes.split():
            if token.startswith("#"):
                heading.explicit_id = token[1:]
                self.note(
                    "overskrift med id",
                    Outcome.CONVERTED,
                    heading.line,
                    f"{{#{token[1:]}}} står nu på linjen over overskriften.",
                )
            elif token.startswith("."):
                heading.classes.append(token[1:])

    def _toc(self, line: Line) -> None:
        # The marker belongs to the list item just above it ("1. TOC").
        title = ""
        if self.out and isinstance(self.out[-1], Line) and TOC_LIST_ITEM.match(self.out[-1].text):
            self.out.pop()
        # A "no_toc" heading right above the list is the table's own title.
        while self.out and isinstance(self.out[-1], Line) and not self.out[-1].text.strip():
            self.out.pop()
        if self.out and isinstance(self.out[-1], Heading) and "no_toc" in self.out[-1].classes:
            title = self.out.pop().plain
            self.out.append(Line(""))
        elif self.out:
            self.out.append(Line(""))
        self.out += [
            Line(f":::{{contents}} {title}".rstrip(), line.source_line),
            Line(":local:"),
            Line(":::"),
        ]
        self.note(
            "indholdsfortegnelse ({:toc})",
            Outcome.CONVERTED,
            self.out[-3],
            "blev til {contents}-direktivet.",
        )

    def _unknown_heading_classes(self) -> None:
        for item in self.out:
            if not isinstance(item, Heading):
                continue
            for cls in item.classes:
                if cls == "no_toc":
                    self.note(
                        "overskrift uden for indholdsfortegnelse (.no_toc)", Outcome.DROPPED,
                        item.line,
                        ".no_toc: Sphinx kan ikke skjule én overskrift i sidens "
                        "indholdsfortegnelse; overskriften er bevaret.",
                    )  # fmt: skip
                else:
                    self._unknown_class(item.line, cls)

    def _unknown_class(self, line: Line, cls: str, source_line: int | None = None) -> None:
        self.report.add(
            "ukendt klasse", Outcome.MANUAL, self.page.source, source_line or line.source_line,
            f"klassen .{cls} har ingen pendant i håndbogen og er fjernet.",
            "Fjern den i kilden, eller giv teksten en anden form (fx fed skrift eller en note).",
            line=line,
        )  # fmt: skip

    # -- block attribute lists ----------------------------------------------

    def _apply_to_previous(self, ial_line: Line, attributes: str) -> None:
        if self.out and isinstance(self.out[-1], Heading):
            heading = self.out[-1]
            self._apply_to_heading(heading, attributes)
            return
        start = len(self.out)
        while (
            start > 0 and isinstance(self.out[start - 1], Line) and self.out[start - 1].text.strip()
        ):
            start -= 1
        block = self.out[start:]
        del self.out[start:]
        self.out += self._transform(block, attributes, ial_line)

    def _apply_to_next(self, lines: list[Line], index: int, attributes: str) -> int:
        end = index + 1
        while (
            end < len(lines) and lines[end].text.strip() and not ATX_HEADING.match(lines[end].text)
        ):
            end += 1
        block = lines[index + 1 : end]
        if not block:
            self.note(
                "ukendt klasse",
                Outcome.MANUAL,
                lines[index],
                "attributlisten står alene og er fjernet.",
            )
            return end
        self.out += self._transform(block, attributes, lines[index])
        return end

    def _transform(self, block: list[Line], attributes: str, ial_line: Line) -> list[Line]:
        tokens = attributes.split()
        classes = [t[1:] for t in tokens if t.startswith(".")]
        ids = [t[1:] for t in tokens if t.startswith("#")]
        first = block[0]
        for cls in classes:
            base = cls.removesuffix("-title")
            if base in self.callouts:
                return self._callout(block, base, cls.endswith("-title"), ial_line) + [
                    Line(f"{{#{i}}}") for i in ids
                ]
        labels = [c for c in classes if c in LABEL_COLORS]
        for cls in classes:
            if cls not in LABEL_COLORS:
                self._unknown_class(first, cls, ial_line.source_line)
        prefix = [Line(f"{{#{i}}}", ial_line.source_line) for i in ids]
        if labels:
            color = LABEL_COLORS[labels[-1]]
            text = " ".join(line.text.strip() for line in block).replace("`", "")
            self.note(
                "etiket (.label)",
                Outcome.CONVERTED,
                first,
                f"blev til et sphinx-design-mærke ({{bdg-{color}}}).",
            )
            return [*prefix, Line(f"{{bdg-{color}}}`{text}`", first.source_line)]
        return prefix + block

    def _callout(self, block: list[Line], name: str, titled: bool, ial_line: Line) -> list[Line]:
        directive, title = self.callouts[name]
        body = [Line(re.sub(r"^\s*>\s?", "", line.text), line.source_line) for line in block]
        if titled:
            # just-the-docs' "-title" callouts: the first paragraph is the title.
            split = next((i for i, line in enumerate(body) if not line.text.strip()), len(body))
            title = " ".join(line.text.strip() for line in body[:split])
            body = body[split + 1 :]
        opening = [
            Line(f":::{{admonition}} {title}", ial_line.source_line),
            Line(f":class: {directive}"),
        ]
        if not title:
            opening = [Line(f":::{{{directive}}}", ial_line.source_line)]
        self.note(
            "callout", Outcome.CONVERTED, opening[0],
            f".{name} blev til en {directive}-note" + (f" med titlen «{title}»." if title else "."),
        )  # fmt: skip
        return opening + body + [Line(":::")]


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


def empty_sections_get_pending(items: list[Line | Heading], note) -> list[Line | Heading]:
    """A ## heading with no text before the next heading gets the {pending} note."""
    result: list[Line | Heading] = []
    for index, item in enumerate(items):
        result.append(item)
        if not isinstance(item, Heading) or item.level < 2:
            continue
        following = items[index + 1 :]
        next_heading = next((i for i in following if isinstance(i, Heading)), None)
        body = following[: following.index(next_heading)] if next_heading else following
        if any(isinstance(i, Line) and i.text.strip() for i in body):
            continue
        if next_heading is not None and next_heading.level > item.level:
            continue  # a section made only of subsections
        note(item.line)
        result += [Line(""), Line(":::{pending}"), Line(":::")]
    return result

"""The page passes: one per Jekyll/kramdown construct, each rewriting it in MyST.

Like markdown-it-py's rule chain, each pass rewrites one construct on a page (a list
of ``Line`` and ``Heading`` items) and reports every occurrence under its own name, as
the report's tally and tests/test_import_passes.py do. ``PAGE_PASSES`` run before the
links are resolved (links.py), ``LATE_PASSES`` after; site-wide passes: site_passes.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import takewhile
from typing import Any

from os2_handbook.importer.report import Line, Outcome, Report
from os2_handbook.importer.site import Page

# -- Lines, headings and the pipeline ---------------------------------------------------

LINK_TEXT = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")


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

    def set_level(self, level: int) -> None:
        self.level = level
        self.line.text = "#" * level + " " + self.line.text.lstrip("#").lstrip()


Item = Line | Heading


def kramdown_id(text: str) -> str:
    """The id kramdown generates for a heading (auto_ids, no transliteration)."""
    text = re.sub(r"[^a-zA-Z0-9 -]", "", re.sub(r"^[^a-zA-Z]+", "", text))
    return text.replace(" ", "-").lower() or "section"


def myst_slug(text: str) -> str:
    """The slug MyST gives a heading (myst_heading_anchors): GitHub's style."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def outside_code(text: str, rewrite: Callable[[str], str]) -> str:
    """Apply rewrite to the parts of a line that are not inline code."""
    parts, last = [], 0
    for match in CODE_SPAN.finditer(text):
        parts += [rewrite(text[last : match.start()]), match.group()]
        last = match.end()
    return "".join([*parts, rewrite(text[last:])])


@dataclass
class Context:
    """What every pass may read: the report, the site's callouts, the project."""

    report: Report
    callouts: dict[str, tuple[str, str]]
    terms: tuple[str, ...] = ()  # written exactly so in prose ([tool.os2-haandbog.lint])

    def note(self, *args, **kwargs) -> None:
        self.report.note(*args, **kwargs)


def run_passes(passes: list, pages: list, context: Context, *extra: object) -> None:
    """Each (name, function) pass on each page, or on the site (site_passes.py: with its output)."""
    for name, run in passes:
        context.report.current_pass = name
        for page in pages:
            run(page, context, *extra)
    context.report.current_pass = ""


def _prose(item: Item) -> bool:
    """A Markdown line the construct passes may rewrite (not code, not raw HTML)."""
    return isinstance(item, Line) and not item.code and not item.html


def _headings(page: Page) -> list[Heading]:
    return [item for item in page.items if isinstance(item, Heading)]


def lines_of(page: Page) -> Iterator[Line]:
    """Every line outside code, a heading's too."""
    for item in page.items:
        line = item.line if isinstance(item, Heading) else item
        if not line.code:
            yield line


# -- Code fences, diagrams and raw HTML --------------------------------------------------

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)")


def code_fences(page: Page, context: Context) -> None:
    """Fenced code blocks are marked so that no later pass rewrites them."""
    items, i = page.items, 0
    while i < len(items):
        line = items[i]
        usable = isinstance(line, Line) and not line.code
        if not (fence := FENCE.match(line.text) if usable else None):
            i += 1
            continue
        indent, marker, info = fence.groups()
        closing, end = re.compile(rf"\s*{marker[0]}{{{len(marker)},}}\s*"), i + 1
        while end < len(items) and not closing.fullmatch(items[end].text):
            end += 1
        for item in items[i : end + 1]:
            item.code = True
        line.fence = info
        if not info:
            # The Markdown gate wants a language on every fence (MD040).
            line.text, line.fence = f"{indent}{marker}text", "text"
            context.note(
                page, "kodeblok", Outcome.CONVERTED, line,
                "kodeblokken uden sprog fik sproget text.",
            )  # fmt: skip
        i = end + 1


MERMAID_TEXT_ALTERNATIVE = re.compile(r"^\s*acc(?:Title|Descr)\b", re.MULTILINE)


def mermaid_diagrams(page: Page, context: Context) -> None:
    """```mermaid becomes the project's ```{mermaid} directive (os2_handbook/ext/diagrams.py)."""
    openers = [i for i in page.items if isinstance(i, Line) and str(i.fence).lower() == "mermaid"]
    for line in openers:
        indent, marker = FENCE.match(line.text).group(1, 2)
        line.text = f"{indent}{marker}{{mermaid}}"
        message = "blev til et {mermaid}-diagram, som håndbogen tegner."
        position = page.items.index(line)
        body = takewhile(lambda i: i.code and i.fence is None, page.items[position + 1 :])
        if not MERMAID_TEXT_ALTERNATIVE.search("\n".join(item.text for item in body)):
            # Screen readers need a name for the drawing (the lint gate asks
            # for one): the section's heading is the nearest truthful one. It
            # goes into the directive's :alt: option, not into the diagram:
            # not every diagram type accepts accTitle (a mindmap fails to
            # draw with it), and the author's diagram code stays as written.
            title = _nearest_heading_text(page.items[:position]) or page.nav_title
            page.items.insert(position + 1, Line(f"{indent}:alt: {title}", code=True))
            message += (
                f" Det fik overskriften «{title}» som tekstalternativ (:alt:);"
                " skriv gerne en mere præcis."
            )
        context.note(page, "diagram (mermaid)", Outcome.CONVERTED, line, message)


def _nearest_heading_text(items: list[Item]) -> str:
    for item in reversed(items):
        if isinstance(item, Line) and not item.code and (match := ATX_HEADING.match(item.text)):
            text = HEADING_ATTRIBUTES.sub("", LABEL_SPAN.sub(" ", match.group(2)))
            return " ".join(text.split())
    return ""


HTML_BLOCK_START = re.compile(
    r"^ {0,3}</?(?:address|article|aside|blockquote|details|dialog|div|dl|fieldset|figcaption"
    r"|figure|footer|form|h[1-6]|header|hr|iframe|li|main|nav|ol|p|section|summary|table|ul)"
    r"(?:\s|/?>|$)",
    re.IGNORECASE,
)
PYML_DISABLE = "<!-- pyml disable md033 -->"
PYML_ENABLE = "<!-- pyml enable md033 -->"


def raw_html_blocks(page: Page, context: Context) -> None:
    """A raw HTML block is kept as it is; only its links are rewritten later."""
    items, i = page.items, 0
    while i < len(items):
        line = items[i]
        if not _prose(line) or not HTML_BLOCK_START.match(line.text):
            i += 1
            continue
        start = i
        while i < len(items) and isinstance(items[i], Line) and items[i].text.strip():
            items[i].html = True
            i += 1
        context.note(
            page, "rå HTML", Outcome.CONVERTED, items[start],
            f"HTML-blokken (linje {line.source_line}–{items[i - 1].source_line}) er bevaret; "
            "dens links tjekkes ved bygningen.",
        )  # fmt: skip
        # The Markdown gate flags raw HTML (MD033); here it is kept on purpose.
        items.insert(i, Line(PYML_ENABLE, html=True))
        items.insert(start, Line(PYML_DISABLE, html=True))
        i += 2


# -- Headings ---------------------------------------------------------------------------

ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
HEADING_ATTRIBUTES = re.compile(r"\s*\{:?\s*([#.][^{}]*)\}\s*$")
BLOCK_IAL = re.compile(r"^\s*\{:\s*([^{}]*)\}\s*$")
TOC_MARKER = re.compile(r"^\s*\{:\s*toc\s*\}\s*$")


def headings(page: Page, context: Context) -> None:
    """ATX headings, with kramdown's trailing ``{#id .class}`` or an attribute line below."""
    result: list[Item] = []
    for item in page.items:
        if not _prose(item):
            result.append(item)
        elif (
            result
            and isinstance(result[-1], Heading)
            and (ial := BLOCK_IAL.match(item.text))
            and not TOC_MARKER.match(item.text)
        ):
            _heading_attributes(page, context, result[-1], ial.group(1))
        elif match := ATX_HEADING.match(item.text):
            text, heading = match.group(2), Heading(len(match.group(1)), item)
            if attributes := HEADING_ATTRIBUTES.search(text):
                text = text[: attributes.start()]
                _heading_attributes(page, context, heading, attributes.group(1))
            item.text = f"{match.group(1)} {text}"
            heading.auto_id = kramdown_id(heading.plain)
            result.append(heading)
        else:
            result.append(item)
    page.items = result


def _heading_attributes(page: Page, context: Context, heading: Heading, attributes: str) -> None:
    for token in attributes.split():
        if token.startswith("#"):
            heading.explicit_id = token[1:]
            context.note(
                page, "overskrift med id", Outcome.CONVERTED, heading.line,
                f"{{#{token[1:]}}} står nu på linjen over overskriften.",
            )  # fmt: skip
        elif token.startswith("."):
            heading.classes.append(token[1:])


LABEL_SPAN = re.compile(r"\s*<span\s+class=\"(?P<classes>label[^\"]*)\"\s*>(?P<text>.*?)</span>\s*")
LABEL_COLORS = {
    "label": "primary", "label-blue": "primary", "label-green": "success",
    "label-purple": "secondary", "label-yellow": "warning", "label-red": "danger",
}  # fmt: skip


def label_spans(page: Page, context: Context) -> None:
    """``<span class="label …">`` in a heading: a badge under it, not in its title."""
    for heading in _headings(page):
        found = list(LABEL_SPAN.finditer(heading.line.text))
        for match in found:
            colors = [LABEL_COLORS[c] for c in match["classes"].split() if c in LABEL_COLORS]
            color, text = (colors or ["primary"])[-1], match["text"].strip()
            heading.badges.append(f"{{bdg-{color}}}`{text}`")
            context.note(
                page, "etiket i overskrift", Outcome.CONVERTED, heading.line,
                f"etiketten «{text}» blev til et mærke ({{bdg-{color}}}) "
                "lige under overskriften, så den ikke kommer med i titlen.",
            )  # fmt: skip
        if found:
            heading.line.text = LABEL_SPAN.sub(" ", heading.line.text).rstrip()
            heading.auto_id = kramdown_id(heading.plain)


def extra_top_headings(page: Page, context: Context) -> None:
    """A page with several ``#`` headings (a template) keeps the first as its title."""
    all_headings = _headings(page)
    tops = [h for h in all_headings if h.level == 1]
    if len(tops) < 2:
        return
    for heading in all_headings[all_headings.index(tops[0]) + 1 :]:
        if heading.level == 1:
            context.note(
                page, "flere #-overskrifter", Outcome.CONVERTED, heading.line,
                "en ekstra #-overskrift blev til ##, så siden er ét punkt i menuen.",
            )  # fmt: skip
        heading.set_level(min(heading.level + 1, 6))


def heading_levels(page: Page, context: Context) -> None:
    """A heading that jumps levels (## then #####) is moved up so the levels follow."""
    previous = 0
    for heading in _headings(page):
        wanted = min(heading.level, previous + 1) if previous else heading.level
        if wanted != heading.level:
            context.note(
                page, "overskriftsniveau", Outcome.CONVERTED, heading.line,
                f"overskriften sprang fra niveau {previous} til {heading.level}; "
                f"den har nu niveau {wanted}.",
            )  # fmt: skip
            heading.set_level(wanted)
        previous = heading.level


def page_title(page: Page, context: Context) -> None:
    """A page without a ``#`` heading gets its front matter title as one."""
    if any(h.level == 1 for h in _headings(page)):
        return
    title = page.front.get("title")
    line = Line(f"# {title or page.nav_title}", page.front_lines.get("title"))
    page.items[:0] = [Heading(1, line, auto_id=kramdown_id(str(title or ""))), Line("")]
    if title:
        context.note(
            page, "sidetitel", Outcome.CONVERTED, line,
            "titlen fra front matter blev sidens overskrift.",
        )  # fmt: skip
    else:
        context.note(
            page, "sidetitel", Outcome.MANUAL, line,
            "siden har ingen titel; filnavnet er brugt.", "Skriv en # overskrift.",
        )  # fmt: skip


# -- Table of contents and block attribute lists (callouts, labels, other classes) --------

TOC_LIST_ITEM = re.compile(r"^\s*(?:[*+-]|\d+\.)\s+(.*)$")
FURO_CONTENTS_CLASS = "this-will-duplicate-information-and-it-is-still-useful-here"


def table_of_contents(page: Page, context: Context) -> None:
    """``1. TOC`` + ``{:toc}`` becomes ``{contents}``; a ``.no_toc`` heading above is its title."""
    result: list[Item] = []
    for item in page.items:
        if not (_prose(item) and TOC_MARKER.match(item.text)):
            result.append(item)
            continue
        if result and _prose(result[-1]) and TOC_LIST_ITEM.match(result[-1].text):
            result.pop()
        while result and _prose(result[-1]) and not result[-1].text.strip():
            result.pop()
        title = ""
        if result and isinstance(result[-1], Heading) and "no_toc" in result[-1].classes:
            title = result.pop().plain
        if result:
            result.append(Line(""))
        opening = Line(f":::{{contents}} {title}".rstrip(), item.source_line)
        # furo marks an in-page table of contents as an error (its own is in
        # the margin) unless the page says the list is wanted here too.
        result += [opening, Line(":local:"), Line(f":class: {FURO_CONTENTS_CLASS}"), Line(":::")]
        context.note(
            page, "indholdsfortegnelse ({:toc})", Outcome.CONVERTED, opening,
            "blev til {contents}-direktivet" + (f" med titlen «{title}»." if title else "."),
        )  # fmt: skip
    page.items = result


def _rewrite_attribute_lists(page: Page, handle: Callable) -> None:
    """Replace each ``{: …}`` line and its block by handle(ial line, block, classes, ids).

    The attributes apply to the block just above when the line follows text
    directly, otherwise to the block just below. Where handle returns None,
    the line is left for the next pass.
    """
    items, index = page.items, 0
    while index < len(items):
        item = items[index]
        ial = BLOCK_IAL.match(item.text) if _prose(item) else None
        if not ial or TOC_MARKER.match(item.text):
            index += 1
            continue
        tokens = ial.group(1).split()
        classes = [t[1:] for t in tokens if t.startswith(".")]
        ids = [t[1:] for t in tokens if t.startswith("#")]
        start = end = index
        if index > 0 and _prose(items[index - 1]) and items[index - 1].text.strip():
            while start > 0 and _prose(items[start - 1]) and items[start - 1].text.strip():
                start -= 1
            low, high = start, index + 1
        else:
            start = end = index + 1
            while end < len(items) and _prose(items[end]) and items[end].text.strip():
                end += 1
            low, high = index, end
        new = handle(item, items[start:end], classes, ids)
        if new is None:
            index += 1
        else:  # the next attribute list may be in the new lines: look again from the top
            items[low:high] = new
            index = 0


# just-the-docs' default callouts when _config.yml defines none.
DEFAULT_CALLOUTS = {name: {} for name in ("note", "warning", "important", "highlight", "new")}
ADMONITIONS = {"attention", "caution", "danger", "error", "hint", "important", "note", "seealso",
               "tip", "warning"}  # fmt: skip
CALLOUT_DIRECTIVES = {"highlight": "hint", "new": "tip"}
COLOR_DIRECTIVES = {
    "blue": "note", "green": "tip", "yellow": "hint", "red": "warning", "purple": "important",
    "grey-lt": "note", "grey-dk": "note",
}  # fmt: skip


def callout_styles(config: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Callout class -> (admonition directive, title) from _config.yml callouts."""
    styles = {}
    for name, spec in (config.get("callouts") or DEFAULT_CALLOUTS).items():
        spec = spec if isinstance(spec, dict) else {}
        directive = name if name in ADMONITIONS else CALLOUT_DIRECTIVES.get(name)
        directive = directive or COLOR_DIRECTIVES.get(str(spec.get("color")), "note")
        styles[str(name)] = (directive, str(spec.get("title") or ""))
    return styles


def callouts(page: Page, context: Context) -> None:
    """``{: .note }`` and the other callouts of _config.yml become admonitions."""

    def handle(ial_line: Line, block: list[Line], classes: list[str], ids: list[str]):
        for cls in classes:
            name = cls.removesuffix("-title")
            if name not in context.callouts or not block:
                continue
            directive, title = context.callouts[name]
            body = [Line(re.sub(r"^\s*>\s?", "", line.text), line.source_line) for line in block]
            if cls.endswith("-title"):
                split = next((i for i, line in enumerate(body) if not line.text.strip()), len(body))
                title = " ".join(line.text.strip() for line in body[:split])
                body = body[split + 1 :]
            head = f":::{{admonition}} {title}" if title else f":::{{{directive}}}"
            opening = [Line(head, ial_line.source_line)]
            opening += [Line(f":class: {directive}")] if title else []
            context.note(
                page, "callout", Outcome.CONVERTED, opening[0],
                f".{name} blev til en {directive}-note"
                + (f" med titlen «{title}»." if title else "."),
            )  # fmt: skip
            anchors = [Line(f"{{#{i}}}", ial_line.source_line) for i in ids]
            return [*anchors, *opening, *body, Line(":::")]
        return None

    _rewrite_attribute_lists(page, handle)


def labels(page: Page, context: Context) -> None:
    """A paragraph with ``{: .label }`` becomes a sphinx-design badge."""

    def handle(ial_line: Line, block: list[Line], classes: list[str], ids: list[str]):
        found = [c for c in classes if c in LABEL_COLORS]
        if not found or not block:
            return None
        color = LABEL_COLORS[found[-1]]
        text = " ".join(line.text.strip() for line in block).replace("`", "")
        badge = Line(f"{{bdg-{color}}}`{text}`", block[0].source_line)
        context.note(
            page, "etiket (.label)", Outcome.CONVERTED, badge,
            f"blev til et sphinx-design-mærke ({{bdg-{color}}}).",
        )  # fmt: skip
        rest = " ".join(f".{c}" for c in classes if c not in LABEL_COLORS)
        keep = [Line(f"{{: {rest} }}", ial_line.source_line)] if rest else []
        return [*(Line(f"{{#{i}}}") for i in ids), badge, *keep]

    _rewrite_attribute_lists(page, handle)


def other_classes(page: Page, context: Context) -> None:
    """Classes with no meaning in the handbook are removed, the text kept, each reported."""

    def handle(ial_line: Line, block: list[Line], classes: list[str], ids: list[str]):
        for cls in classes:
            context.report.add(
                "ukendt klasse", Outcome.DROPPED, page.source, ial_line.source_line,
                f"klassen .{cls} er fjernet: den har ingen betydning i håndbogens tema; "
                "teksten står, som den stod.", line=block[0] if block else None,
            )  # fmt: skip
        return [Line(f"{{#{i}}}", ial_line.source_line) for i in ids] + block

    _rewrite_attribute_lists(page, handle)
    for heading in _headings(page):
        for cls in heading.classes:
            reason = (
                "Sphinx kan ikke holde én overskrift uden for indholdsfortegnelsen; "
                "overskriften er bevaret."
                if cls == "no_toc"
                else "klassen har ingen betydning i håndbogens tema; overskriften er bevaret."
            )
            context.note(page, "ukendt klasse", Outcome.DROPPED, heading.line, f".{cls}: {reason}")
        heading.classes = []


# -- Inline constructs --------------------------------------------------------------------


# Liquid, rewritten in this order (kind, what the report says); any other Liquid is shown as code.
LIQUID = [
    (re.compile(r"\{%\s*link\s+([^\s%]+)\s*%\}"), "Liquid-link", "blev til et link til siden."),
    (re.compile(r"\{\{\s*site\.baseurl\s*\}\}"), "Liquid site.baseurl", "er fjernet fra linket."),
    (
        re.compile(r"\{\{\s*['\"]([^'\"]+)['\"]\s*\|\s*(?:relative_url|absolute_url)\s*\}\}"),
        "Liquid relative_url", "blev til et link.",
    ),
]  # fmt: skip
LIQUID_ANY = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")


def liquid(page: Page, context: Context) -> None:
    """Liquid links and baseurl become site paths; other Liquid is shown as code."""
    for line in lines_of(page):
        line.text = outside_code(line.text, partial(_liquid, page, context, line))


def _liquid(page: Page, context: Context, line: Line, text: str) -> str:
    for pattern, kind, message in LIQUID:
        for match in pattern.finditer(text):
            context.note(page, kind, Outcome.CONVERTED, line, f"{match[0]} {message}")
        text = pattern.sub(lambda m: "/" + m[1].lstrip("/") if m.re.groups else "", text)
    for match in LIQUID_ANY.finditer(text):
        context.note(
            page, "Liquid (andet)", Outcome.MANUAL, line,
            f"Liquid-koden {match[0]} kan ikke oversættes og vises som kode.",
            "Skriv indholdet ind i siden, eller fjern linjen.",
        )  # fmt: skip
    return LIQUID_ANY.sub(r"`\g<0>`", text)


TOP_LINK = re.compile(r"\]\(#top\)|href=\"#top\"")


def top_links(page: Page, context: Context) -> None:
    """``#top`` (just-the-docs' page container) becomes the page title's id."""
    lines = [i for i in page.items if isinstance(i, Line) and not i.code]
    if not (linking := [line for line in lines if TOP_LINK.search(line.text)]):
        return
    title = next(h for h in _headings(page) if h.level == 1)
    anchor = title.explicit_id = title.explicit_id or "top"
    for line in linking:
        line.text = line.text.replace("](#top)", f"](#{anchor})")
        line.text = line.text.replace('href="#top"', f'href="#{anchor}"')
        context.note(
            page, "link til #top", Outcome.CONVERTED, line,
            f"sidens titel har fået id'et {anchor}, så linket til toppen virker.",
        )  # fmt: skip


HARD_BREAK_SPACES = re.compile(r"(?<=\S) {2,}$")


def hard_line_breaks(page: Page, context: Context) -> None:
    """Two trailing spaces (an invisible hard break) become a visible backslash."""
    items = page.items
    for index, item in enumerate(items):
        if not _prose(item) or not item.text.endswith(" "):
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        continues = isinstance(following, Line) and following.text.strip() and not following.code
        hard = HARD_BREAK_SPACES.search(item.text) and continues
        item.text = item.text.rstrip() + ("\\" if hard else "")
        if hard:
            context.note(
                page, "hårdt linjeskift", Outcome.CONVERTED, item,
                "to mellemrum til sidst på linjen blev til \\ (samme linjeskift, synligt).",
            )  # fmt: skip


# An address in <…> is a link in kramdown and MyST alike; a bare one gets the brackets,
# except inside a link, its target, inline code or raw HTML (LINK_OR_CODE).
ANGLE_AUTOLINK = re.compile(r"<https?://[^>\s]+>")
BARE_URL = re.compile(r"(?<![<(\[\"'=/\w])https?://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?]")
LINK_OR_CODE = re.compile(r"`+[^`]*`+|\]\([^)]*\)|<[^>]*>|\[[^\]]*\]:\s*\S+")


def bare_urls(page: Page, context: Context) -> None:
    """Bare web addresses get angle brackets: the same link, and the Markdown gate is happy."""
    for item in page.items:
        # A directive's argument (:::{button-link} URL) is an address, not prose:
        # sphinx-design would write <…> into the button's href.
        if not _prose(item) or item.text.lstrip().startswith(":::{"):
            continue
        for match in ANGLE_AUTOLINK.finditer(item.text):
            context.note(
                page, "automatisk link", Outcome.CONVERTED, item,
                f"{match.group()} er et link i MyST som i kramdown.",
            )  # fmt: skip
        protected = [m.span() for m in LINK_OR_CODE.finditer(item.text)]

        def wrap(match: re.Match, item: Line = item, protected=protected) -> str:
            if any(start <= match.start() < end for start, end in protected):
                return match.group()
            context.note(
                page, "automatisk link", Outcome.CONVERTED, item,
                f"{match.group()} fik <…> om sig; det er stadig et link.",
            )  # fmt: skip
            return f"<{match.group()}>"

        item.text = BARE_URL.sub(wrap, item.text)


def terms(page: Page, context: Context) -> None:
    """The project's fixed spellings (``Github`` → ``GitHub``), as its terms gate wants."""
    by_folded = {term.casefold(): term for term in context.terms}
    for line in lines_of(page) if by_folded else []:
        if line.html:
            continue
        protected = [m.span() for m in LINK_OR_CODE.finditer(line.text)]
        # Addresses and file names in the prose itself (a link's target is masked first).
        masked = re.sub(r"\]\([^)]*\)", lambda m: "]" + " " * (len(m.group()) - 1), line.text)
        protected += [m.span() for m in re.finditer(r"[^\s\[\]]+[./@][^\s\[\]]+", masked)]

        def fix(match: re.Match, line: Line = line, protected=protected) -> str:
            word = match.group()
            term = by_folded.get(word.casefold())
            if term is None or word == term:
                return word
            if any(start <= match.start() < end for start, end in protected):
                return word  # an address, a file name or code: not prose
            context.note(
                page, "faste stavemåder", Outcome.CONVERTED, line,
                f"»{word}« er rettet til »{term}«, håndbogens faste stavemåde.",
            )  # fmt: skip
            return term

        line.text = re.sub(r"\b\w+\b", fix, line.text)


TASK_ITEM = re.compile(r"^\s*[-*+]\s+\[[ xX]\]\s")
# A pipe table: a header row, then a delimiter row (| --- |), then any body rows.
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def task_lists(page: Page, context: Context) -> None:
    """``- [ ]`` items: MyST's tasklist extension renders them as checkboxes."""
    for item in page.items:
        if _prose(item) and TASK_ITEM.match(item.text):
            context.note(
                page, "opgaveliste", Outcome.CONVERTED, item,
                "punktet vises som et afkrydsningsfelt (MyST tasklist).",
            )  # fmt: skip


def tables(page: Page, context: Context) -> None:
    """Pipe tables are MyST tables as they are; a header-only table is noted."""

    def row(index: int, pattern: re.Pattern = TABLE_ROW) -> bool:
        item = page.items[index] if 0 <= index < len(page.items) else None
        return _prose(item) and bool(pattern.match(item.text))

    for index, item in enumerate(page.items):
        if row(index) and not row(index - 1) and row(index + 1, TABLE_DELIMITER):
            context.note(
                page, "tabel", Outcome.CONVERTED, item,
                "tabellen er en MyST-tabel"
                + ("." if row(index + 2) else " med overskriftsrække og ingen rækker."),
            )  # fmt: skip


def empty_sections(page: Page, context: Context) -> None:
    """A section, or a whole page, with no text gets the ``{pending}`` note."""
    result: list[Item] = []
    items = page.items
    for index, item in enumerate(items):
        result.append(item)
        if not isinstance(item, Heading):
            continue
        following = items[index + 1 :]
        next_heading = next((i for i in following if isinstance(i, Heading)), None)
        body = following[: following.index(next_heading)] if next_heading else following
        if any(isinstance(i, Line) and i.text.strip() for i in body):
            continue
        if next_heading is not None and next_heading.level > item.level:
            continue  # a section made only of subsections
        kind, what = ("tom side", "siden") if item.level == 1 else ("tomt afsnit", "afsnittet")
        context.note(
            page, kind, Outcome.CONVERTED, item.line,
            f"{what} har ingen tekst og fik en {{pending}}-note.",
        )  # fmt: skip
        result += [Line(""), Line(":::{pending}"), Line(":::")]
    page.items = result


# Stopwords of the two languages a page may be written in.
ENGLISH_WORDS = frozenset({
    "the", "and", "of", "to", "is", "in", "that", "it", "for", "on", "with", "as", "are",
    "this", "be", "by", "or", "from", "an", "was", "not", "have", "has", "who", "how", "what",
    "when", "page",
})  # fmt: skip
DANISH_WORDS = frozenset({
    "og", "i", "at", "det", "er", "en", "til", "på", "som", "de", "med", "for", "af", "den",
    "ikke", "der", "har", "et", "vi", "kan", "du", "om", "skal", "siden",
})  # fmt: skip


def language(page: Page, context: Context) -> None:
    """A page written in English is marked ``lang: en`` (its HTML and its spelling check)."""
    declared = str(page.front.get("lang") or "")
    text = " ".join(i.text.lower() for i in page.items if _prose(i))
    words = re.findall(r"[a-zæøå]+", text, re.IGNORECASE)
    english = sum(w in ENGLISH_WORDS for w in words)
    danish = sum(w in DANISH_WORDS for w in words)
    if declared:
        page.lang = declared.split("-")[0].lower()
    elif english >= 5 and english > 2 * danish:
        page.lang = "en"
    else:
        return
    if page.lang != "da":
        context.note(
            page, "sprog", Outcome.CONVERTED, None,
            f"siden er skrevet på {'engelsk' if page.lang == 'en' else page.lang} "
            f"og får lang: {page.lang} i sin front matter.",
        )  # fmt: skip


# The order matters: code is marked before anything looks for Markdown, headings
# exist before labels, titles and levels are fixed, attribute lists are read
# before Liquid, and #top is settled before the links are resolved.
PAGE_PASSES = [
    ("kodeblokke", code_fences),
    ("diagrammer (mermaid)", mermaid_diagrams),
    ("rå HTML", raw_html_blocks),
    ("overskrifter med id", headings),
    ("etiketter i overskrifter", label_spans),
    ("indholdsfortegnelse", table_of_contents),
    ("noter (callouts)", callouts),
    ("etiketter (.label)", labels),
    ("øvrige klasser", other_classes),
    ("sidetitel", page_title),
    ("flere #-overskrifter", extra_top_headings),
    ("overskriftsniveauer", heading_levels),
    ("Liquid", liquid),
    ("links til #top", top_links),
]
# After the links are resolved (links.py, which needs every page's anchors).
LATE_PASSES = [
    ("hårde linjeskift", hard_line_breaks),
    ("automatiske links", bare_urls),
    ("faste stavemåder", terms),
    ("opgavelister", task_lists),
    ("tabeller", tables),
    ("tomme sider og afsnit", empty_sections),
    ("sprog", language),
]

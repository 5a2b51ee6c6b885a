"""The prose of a MyST page, read with MyST's own parser (``myst_parser``), and its LIX:
line by line for the terms and spelling gates (``prose_lines``,
os2_handbook/authoring/lint.py), block by block (each paragraph, heading and list item)
for LIX (``prose_blocks``) in ``nox -s review`` and the advisory of ``nox -s lint``.

Not prose: code, raw HTML, front matter, roles, directive options, link addresses
(a link's text counts) and the directives in ``NOT_PROSE``; an admonition's or a
card's text counts. The gates also read tables, directive arguments and a diagram's
text alternative; LIX does not.

LIX, the Danish readability index = words per sentence + percentage of long words (more
than six letters). The usual bands: up to 24 very easy, 25–34 easy, 35–44 medium, 45–54
hard, 55 and up very hard. Each block ends a sentence. Inside a block a sentence ends at
``.``, ``!``, ``?`` or ``:`` before a capital letter or a digit, except after a Danish
abbreviation that does not end sentences (``fx.``, ``bl.a.``, ``jf.`` …) or before a
number (``nr. 5``); ``osv.`` and ``mv.`` end one when a capital letter follows.

``[tool.os2-haandbog] lix-advisory`` in pyproject.toml is the value above which
``nox -s lint`` names a page and its longest sentences: advice, never a failure.
"""

from __future__ import annotations

import itertools
import re
import runpy
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from os2_handbook.project import ROOT, settings

# Directives whose argument and body are not prose (code, file names, options).
NOT_PROSE = {
    "code", "code-block", "csv-table", "eval-rst", "figure", "image", "include",
    "literalinclude", "math", "mermaid", "pending-list", "raw", "sourcecode", "toctree",
}  # fmt: skip
NOT_LIX = NOT_PROSE | {"list-table", "recent-changes", "table"}
# Directives whose argument is not prose but whose body is (e.g. {grid} 1 1 2 2).
LAYOUT_DIRECTIVES = {"grid", "grid-item", "grid-item-card", "card", "tab-set"}
SKIPPED_INLINE = {"code_inline", "myst_role", "math_inline", "html_inline", "image"}
FENCES = ("fence", "colon_fence")
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[\w-]+)\}\s*(?P<argument>.*)$")
DIRECTIVE_OPTION = re.compile(r"^\s*:(?P<name>[\w-]+):\s*(?P<value>.*)$")
YAML_OPTION = re.compile(r"^\s*(?P<name>[\w-]+)\s*:\s*(?P<value>.*)$")
# Mermaid's text alternative: accTitle: …, accDescr: … or accDescr { … }.
ACCESSIBLE_TEXT = re.compile(r"^\s*acc(?:Title|Descr)\s*(?::|(?P<brace>\{))\s*(?P<text>.*)$")


@cache
def myst_parser(root: Path = ROOT):  # -> MarkdownIt
    """MyST's own Markdown parser, with the extensions conf.py enables."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    conf = runpy.run_path(str(root / "conf.py"))
    config = MdParserConfig(
        enable_extensions=set(conf.get("myst_enable_extensions", ())),
        linkify_fuzzy_links=conf.get("myst_linkify_fuzzy_links", True),
    )
    return create_md_parser(config, RendererHTML)


def directive_options(body: str) -> tuple[dict[str, str], int]:
    """A directive body's options (``:name: value`` lines or a ``---`` block) and the
    number of lines they take."""
    lines = body.split("\n")
    if lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        found = [m for line in lines[1:end] if (m := YAML_OPTION.match(line))]
        return {m["name"]: m["value"].strip().strip("'\"") for m in found}, end + 1
    found = list(itertools.takewhile(bool, map(DIRECTIVE_OPTION.match, lines)))
    return {m["name"]: m["value"] for m in found}, len(found)


def without_options(body: str) -> str:
    """A directive body with its option lines blanked, so line numbers stay."""
    count = directive_options(body)[1]
    return "\n" * count + "\n".join(body.split("\n")[count:])


def _inline_text(token) -> Iterator[str | None]:
    """What a reader sees of an inline token, in pieces; None at each line break."""
    in_address = False
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            yield None
        elif child.type == "link_open":  # a bare or <autolinked> URL shows the address
            in_address = child.markup in ("linkify", "autolink")
        elif child.type == "link_close":
            in_address = False
        elif child.type == "text" and not in_address:
            yield child.content
        elif child.type in SKIPPED_INLINE:
            yield " "


# -- Line by line, for the gates ------------------------------------------------------


@dataclass(frozen=True)
class ProseLine:
    line: int  # 1-based line in the file
    text: str


@lru_cache(maxsize=1024)  # the terms and spelling gates read the same pages
def prose_lines(text: str, root: Path = ROOT) -> tuple[ProseLine, ...]:
    """The prose of a MyST page: no code, URLs, anchors, roles or directive options."""
    return tuple(_prose(myst_parser(root), text, 0))


def _prose(md, text: str, offset: int) -> Iterator[ProseLine]:
    for token in md.parse(text, {}):
        if token.type == "inline" and token.map:
            line, parts = offset + token.map[0] + 1, []
            for piece in _inline_text(token):
                if piece is None:
                    yield ProseLine(line, " ".join(parts))
                    line, parts = line + 1, []
                else:
                    parts.append(piece)
            yield ProseLine(line, " ".join(parts))
        elif token.type in FENCES and token.map:
            match = DIRECTIVE_INFO.match(token.info.strip())
            opener = offset + token.map[0]
            if match and match["name"] == "mermaid":  # code, but its text alternative is prose
                yield from _diagram_prose(md, token.content, opener + 1)
            if not match or match["name"] in NOT_PROSE:
                continue
            if match["argument"] and match["name"] not in LAYOUT_DIRECTIVES:
                yield from _prose(md, match["argument"], opener)
            yield from _prose(md, without_options(token.content), opener + 1)


def _diagram_prose(md, body: str, first: int) -> Iterator[ProseLine]:
    """A diagram's text alternative: ``:alt:``/``:caption:``, ``accTitle``, ``accDescr``."""
    in_description = False
    for number, line in enumerate(body.split("\n"), first):
        option = DIRECTIVE_OPTION.match(line)
        if option and option["name"] in ("alt", "caption"):
            yield from _prose(md, option["value"], number)
        elif accessible := ACCESSIBLE_TEXT.match(line):
            in_description = accessible["brace"] == "{"
            yield ProseLine(number + 1, accessible["text"].rstrip("}"))
        elif in_description:
            in_description = "}" not in line
            yield ProseLine(number + 1, line.split("}", 1)[0])


# -- Block by block, and their LIX ---------------------------------------------------


def prose_blocks(md, text: str) -> Iterator[str]:
    """The page's prose, one string per paragraph, heading or list item; no tables."""
    in_table = 0
    for token in md.parse(text, {}):
        if token.type in ("table_open", "table_close"):
            in_table += 1 if token.type == "table_open" else -1
        elif token.type == "inline" and not in_table:
            yield "".join(" " if piece is None else piece for piece in _inline_text(token))
        elif (
            token.type in FENCES
            and (info := DIRECTIVE_INFO.match(token.info.strip()))
            and info["name"] not in NOT_LIX
        ):
            yield from prose_blocks(md, without_options(token.content))


WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
LONG = 6  # a long word has more letters than this
# A possible sentence end: the punctuation, the spaces after it, and what follows.
END = re.compile(r"(?P<mark>[.!?:])(?P<space>\s+)(?=[\"“»(]?[A-ZÆØÅ0-9])")
# Abbreviations after which a capital letter does not start a new sentence.
INSIDE = {
    "bl.a.", "ca.", "dvs.", "evt.", "f.eks.", "fx.", "inkl.", "ekskl.", "jf.", "kl.",
    "mht.", "pga.", "vedr.", "ift.", "iht.", "hhv.",
}  # fmt: skip
# Abbreviations that stand before a number (nr. 5, s. 12, stk. 2) but may end a
# sentence otherwise (20 stk. Det …).
BEFORE_NUMBER = {"nr.", "s.", "stk."}
# The word before the punctuation: letters and inner periods (bl.a.).
LAST_WORD = re.compile(r"(\S+)$")

BANDS = ((24, "meget let"), (34, "let"), (44, "middel"), (54, "svær"), (float("inf"), "meget svær"))


def sentences(block: str) -> list[str]:
    """The sentences of one block of prose, in order."""
    found, start = [], 0
    for match in END.finditer(block):
        before = LAST_WORD.search(block[: match.start("mark") + 1])
        word = before[1].lstrip('("“»').lower() if before else ""
        if match["mark"] == "." and (
            word in INSIDE or (word in BEFORE_NUMBER and block[match.end()].isdigit())
        ):
            continue
        found.append(block[start : match.start("space")].strip())
        start = match.end("space")
    found.append(block[start:].strip())
    return [sentence for sentence in found if WORD.search(sentence)]  # none without words


@dataclass(frozen=True)
class Lix:
    """LIX of a text, with what it is computed from."""

    value: float
    words: int
    sentences: int
    long_words: int
    longest: tuple[str, ...]  # the longest sentences (by words), longest first

    @property
    def band(self) -> str:
        return band(self.value)


def lix(blocks: Iterable[str], longest: int = 3) -> Lix | None:
    """LIX of the blocks of prose, or None when they hold no words."""
    all_sentences = [s for block in blocks for s in sentences(" ".join(block.split()))]
    counted = [WORD.findall(sentence) for sentence in all_sentences]
    total = sum(len(w) for w in counted)
    if total == 0:
        return None
    long_words = sum(1 for w in counted for word in w if len(word) > LONG)
    value = total / len(all_sentences) + 100 * long_words / total
    ranked = sorted(zip(all_sentences, counted, strict=True), key=lambda pair: -len(pair[1]))
    top = tuple(sentence for sentence, _ in ranked[:longest])
    return Lix(round(value, 1), total, len(all_sentences), long_words, top)


def band(value: float) -> str:
    """The usual Danish name of a LIX value's band: "let", "middel", …"""
    return next(name for top, name in BANDS if value < top + 1)


def danish(value: float) -> str:
    """A LIX value as Danes write it: 47,2."""
    return f"{value:g}".replace(".", ",")


def distribution(values: Iterable[float]) -> str:
    """How many pages fall in each band, as one Danish line for the review summary."""
    ordered = sorted(values)
    if not ordered:
        return "LIX: ingen sider med tekst."
    counts = Counter(band(value) for value in ordered)
    parts = [f"{name}: {counts[name]}" for _, name in BANDS if counts[name]]
    median = round(statistics.median(ordered), 1)
    return (
        f"LIX fra {danish(ordered[0])} til {danish(ordered[-1])}, median {danish(median)} "
        f"({', '.join(parts)})."
    )


# MyST's parser would take minutes on a page of megabytes; the Markdown gate names
# such a page (markdown-max-kb).
MAX_BYTES = 200 * 1024


def page_lix(md, path: Path, max_bytes: int = MAX_BYTES) -> Lix | None:
    """The page's LIX; None without words, beyond max_bytes or not UTF-8 (reported elsewhere)."""
    data = path.read_bytes()
    if len(data) > max_bytes:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # nox -s review and the encoding gate name the line
        return None
    return lix(prose_blocks(md, text))


def advisories(root: Path, max_bytes: int = MAX_BYTES) -> list[str]:
    """One Danish advisory per page of source/ whose LIX is above ``lix-advisory``."""
    threshold = settings(root / "pyproject.toml").get("lix-advisory")
    if threshold is None:
        return []
    threshold = float(threshold)
    found = []
    for path in sorted((root / "source").rglob("*.md")):
        score = page_lix(myst_parser(root), path, max_bytes)
        if score is None or score.value <= threshold:
            continue
        longest = "\n".join(f"    »{sentence}«" for sentence in score.longest)
        found.append(
            f"{path.relative_to(root).as_posix()}: LIX {danish(score.value)} ({score.band}) er "
            f"over {danish(threshold)} (lix-advisory i pyproject.toml). Et råd, ikke en fejl: "
            "kortere sætninger og færre lange ord gør siden lettere at læse. Begynd med de "
            f"længste sætninger:\n{longest}"
        )
    return found

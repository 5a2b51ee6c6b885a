"""LIX, the Danish readability index, on a page's prose (standard library only).

LIX = words per sentence + percentage of long words (more than six letters).
The usual bands: up to 24 very easy, 25–34 easy, 35–44 medium, 45–54 hard,
55 and up very hard.

The text comes in blocks (paragraphs, headings, list items: readability.py); each
block ends a sentence. Inside a block a sentence ends at ``.``, ``!``, ``?`` or ``:``
before a capital letter or a digit, except after a Danish abbreviation that does not
end sentences (``fx.``, ``bl.a.``, ``jf.`` …) or before a number (``nr. 5``); ``osv.``
and ``mv.`` end one when a capital letter follows.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

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

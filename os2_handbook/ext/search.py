"""Search that finds the parts of Danish compounds.

Danish joins words: a reader who searches for "koordinator" expects the pages
that only say "produktkoordinatoren", and "gruppe" should find "styregrupperne".
Sphinx's search finds a word and, with Danish stemming, its inflected forms,
but not a word inside another one.

Sphinx's search stays (the same searchtools.js and Danish stemmer, offline from
the built folder); only what goes into the index changes, through the public
search-language API (``app.add_search_language``): a compound is indexed as
itself and as its parts, so "produktkoordinatoren" also adds "produkt" and
"koordinatoren", whose stem "koordinator" the reader's query has.

Where a word splits is decided from a vocabulary, never guessed: the words of
the book itself, collected while Sphinx reads the pages (in a domain, so
incremental and parallel builds forget and merge them per page), and Debian's
Danish hunspell dictionary (hunspell-da, the spelling gate's) when installed.

A word splits where both pieces are known words of ``MIN_PART`` letters or
more, the head perhaps with a linking letter, the tail with an inflection
ending (koordination-s-gruppe-rne). A word of the book itself is also indexed
wherever it stands inside another word, part or not ("svar" in "ansvar"): the
issue's reader expects every page with a word containing the query. Words
shorter than ``MIN_INDEXED`` never match by accident ("is" in "historik").

Ranking: Sphinx puts pages with the word in a title or heading first (a
compound in a title counts); among the others, the handbook's scorer
(search_scorer.js) puts the pages where the query is only part of compounds
after those where it stands as a word, as ``_search_page`` lists them (a list
filled in as its page is written, as ext/pending.py's, is not in it: such a
page ranks as if the word stood alone). ``_static/os2-search-marks.js`` marks
the hit in each result's snippet with ``<mark>``, inside a compound too.

``os2_search_compounds = False`` in conf.py indexes words whole, as Sphinx
does. Written against Sphinx 9.0 (sphinx.search.da.SearchDanish and the Scorer
object of its searchtools.js, whose defaults the scorer repeats).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.search.da import SearchDanish
from sphinx.util import logging

from os2_handbook.ext.state import PageState

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

MIN_PART = 3  # letters in the shortest piece of a compound: "tid", "chef", "plan"
# Letters in the shortest piece that is indexed: three-letter pieces are too often
# accidental ("pro" in "processer", "ion" in "koordination") to be search hits.
MIN_INDEXED = 4
LINKING = ("s", "e")  # koordination-s-gruppe, børn-e-have
# Endings a tail may carry beyond a known word: gruppe-n, gruppe-rne, koordinator-en.
ENDINGS = (
    "s", "e", "es", "n", "ns", "en", "ens", "ne", "nes", "ene", "enes",
    "t", "ts", "et", "ets", "r", "rs", "er", "ers", "rne", "rnes", "erne", "ernes",
)  # fmt: skip
WORD = re.compile(r"\w+")
SCORER = Path(__file__).with_name("search_scorer.js")
COMPOUND_HITS = "os2-compound-hits.js"  # in _static/
MARKS = "os2-search-marks.js"  # the project's _static/
# The dictionary the spelling gate uses ([tool.os2-haandbog.lint] dictionary in
# pyproject.toml: da_DK, from the Debian package hunspell-da).
DICTIONARY = "/usr/share/hunspell/da_DK.dic"


class Decompounder:
    """Splits words into the known words they are made of."""

    def __init__(self, vocabulary: Set[str], book: Set[str] = frozenset()) -> None:
        self.vocabulary = vocabulary  # lower-case words of MIN_PART letters or more
        self.book = {word for word in book if len(word) >= MIN_INDEXED}  # the book's own
        self.splits = cache(self._splits)
        self.parts = cache(self._parts)

    def bases(self, piece: str) -> list[str]:
        """The known words piece inflects: gruppe-rne, and with the final
        consonant doubled as Danish spells it, proces-s-er."""
        found = []
        for ending in ENDINGS:
            base = piece[: -len(ending)]
            if not piece.endswith(ending) or len(base) < MIN_PART:
                continue
            if base in self.vocabulary:
                found.append(base)
            if base[-1] == base[-2] and base[:-1] in self.vocabulary and len(base) > MIN_PART:
                found.append(base[:-1])
        return found

    def _parts(self, word: str) -> tuple[str, ...]:
        """The pieces word splits into, then the book's words inside it ("svar" in "ansvar")."""
        n = len(word)
        inside = [word[i:j] for i in range(n) for j in range(i + MIN_INDEXED, n + 1) if j - i < n]
        return tuple(dict.fromkeys([*self.splits(word), *(p for p in inside if p in self.book)]))

    def _splits(self, word: str) -> tuple[str, ...]:
        """Every piece of word at every place it splits, and their pieces, in order.

        A word spelt with a doubled consonant also stands for its base word
        (processer: proces), which the stemmer would not find: "proces" and
        "processer" have different Snowball stems.
        """
        found = self.bases(word)
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            if head not in self.vocabulary and head.endswith(LINKING) and len(head) > MIN_PART:
                head = head[:-1]  # the head's word without its linking letter
            if head in self.vocabulary and (tail in self.vocabulary or self.bases(tail)):
                for piece in (head, tail):
                    found += [piece, *self.splits(piece)]
        return tuple(dict.fromkeys(found))


class DanishCompoundSearch(SearchDanish):
    """Sphinx's Danish search language, indexing compounds with their parts with the
    build's ``decompounder`` (``_use_vocabulary``); without it, words whole, as SearchDanish."""

    decompounder: Decompounder | None = None

    def split(self, input: str) -> list[str]:
        words = super().split(input)
        if self.decompounder is None:
            return words
        return [piece for word in words for piece in (word, *self.pieces(word))]

    def pieces(self, word: str) -> list[str]:
        """The parts of word that are indexed with it."""
        return [p for p in self.decompounder.parts(word.lower()) if len(p) >= MIN_INDEXED]

    def compound_hits(self, pages: dict[str, set[str]]) -> dict[str, list[str]]:
        """page -> the stems its words (``pages``) have only inside longer words."""
        stem, hits = cache(self.stem), {}
        for page, words in sorted(pages.items()):
            parts = {stem(part) for word in words for part in self.pieces(word)}
            if only := parts - set(map(stem, words)):
                hits[page] = sorted(only)
        return hits


class VocabularyDomain(PageState):
    """The words of each page, for deciding where compounds split."""

    name = "os2-search"
    label = "Ordforråd til søgningen"
    data_version = 2  # pages: docname -> the lower-case words of the page

    def with_contents(self, env: BuildEnvironment) -> dict[str, set[str]]:
        """docname -> its words and those of the headings its tables of contents list
        (filled in as the page is written, and indexed with it)."""
        headings = {doc: vocabulary_of(toc.astext()) for doc, toc in env.tocs.items()}

        def listed(doc: str, seen: set[str]) -> set[str]:
            children = set(env.toctree_includes.get(doc, ())) - seen
            seen |= children
            return set().union(*(headings.get(c, set()) | listed(c, seen) for c in children))

        return {doc: words | listed(doc, {doc}) for doc, words in self.pages.items()}

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        self.pages[docname] = vocabulary_of(document.astext())


def vocabulary_of(text: str) -> set[str]:
    """The words of text that can be a compound's part: letters only, lower case."""
    return {w for w in WORD.findall(text.lower()) if w.isalpha() and len(w) >= MIN_PART}


def dictionary_words(path: Path) -> set[str]:
    """A hunspell .dic file's lower-case words (entries written with a capital are
    names); none when the file is missing."""
    # The first line is a count.
    lines = path.read_text(encoding="utf-8").splitlines()[1:] if path.is_file() else []
    entries = (line.split("/", 1)[0] for line in lines)
    return {word for word in entries if word.isalpha() and word.islower() and len(word) >= MIN_PART}


def _use_vocabulary(app: Sphinx, builder: Builder) -> None:
    """Before the pages are written (and indexed): split with this build's vocabulary."""
    decompounder = None
    if getattr(builder, "search", False) and app.config.os2_search_compounds:
        book = set().union(*VocabularyDomain.of(app.env).pages.values())
        dictionary = Path(app.config.os2_search_dictionary)
        if dictionary.is_file():
            source = f"bogens egne {len(book)} ord og ordbogen {dictionary}"
        else:
            source = f"bogens egne {len(book)} ord (ordbogen {dictionary} findes ikke)"
        logger.info("os2: søgningen finder dele af sammensatte ord ud fra %s", source)
        decompounder = Decompounder(frozenset(book | dictionary_words(dictionary)), book)
    # Registered for every build: Sphinx keeps search languages for the whole
    # process, and the next build in it must not split with this one's words.
    name, attributes = DanishCompoundSearch.__name__, {"decompounder": decompounder}
    app.add_search_language(type(name, (DanishCompoundSearch,), attributes))


def _scorer_default(app: Sphinx, config: Config) -> None:
    if config.os2_search_compounds and not config.html_search_scorer:
        config.html_search_scorer = str(SCORER)


def _search_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The search page's scripts (on this page only): the marks, and the scorer's
    list of compound hits, written now (every page is indexed by then) from the
    pages' words in the environment, so an incremental build writes the same
    list, and the same search page, as a fresh one (tests/test_incremental.py)."""
    if pagename != "search":
        return
    app.add_js_file(MARKS, loading_method="defer")
    language = getattr(getattr(app.builder, "indexer", None), "lang", None)
    if isinstance(language, DanishCompoundSearch) and language.decompounder:
        words = VocabularyDomain.of(app.env).with_contents(app.env)
        data = json.dumps(language.compound_hits(words), separators=(",", ":"))
        path = Path(app.outdir, "_static", COMPOUND_HITS)
        path.write_text(f"window.OS2_COMPOUND_HITS = {data};\n", encoding="utf-8")
        app.add_js_file(COMPOUND_HITS)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("os2_search_compounds", True, "html", bool)
    app.add_config_value("os2_search_dictionary", DICTIONARY, "html", str)
    app.add_domain(VocabularyDomain)
    app.add_search_language(DanishCompoundSearch)
    app.connect("write-started", _use_vocabulary)
    app.connect("config-inited", _scorer_default)
    app.connect("html-page-context", _search_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

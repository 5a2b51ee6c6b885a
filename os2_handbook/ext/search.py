"""Search that finds the parts of Danish compounds.

Danish joins words: a reader who searches for "koordinator" expects the
pages that only say "produktkoordinatoren", and "gruppe" should find
"styregrupperne". Sphinx's search finds a word, and with Danish stemming its
inflected forms, but not a word inside another one.

This extension keeps Sphinx's search (the same searchtools.js, the same
Danish stemmer, offline from the built folder) and changes only what goes
into the index, through Sphinx's public search-language API
(``app.add_search_language``): a compound is indexed as itself and as its
parts, so "produktkoordinatoren" also adds "produkt" and "koordinatoren",
whose stem "koordinator" the reader's query has.

Where a word splits is decided from a vocabulary, never guessed:

- the words of the book itself, collected while Sphinx reads the pages (in a
  domain, so incremental and parallel builds forget and merge them per page);
- Debian's Danish hunspell dictionary (hunspell-da), the one the spelling
  gate uses, when it is installed. Without it, the book's words alone.

A word splits where both pieces are known words, each at least
``MIN_PART`` letters: the head as written or with a linking "s" or "e"
(koordination-s-gruppen), the tail as written or with an inflection ending
(gruppe-rne). Short words therefore never match by accident: "is" is
no part of "historik", because "hist" and "orik" are not words.

Ranking: Sphinx puts pages with the word in a title or heading first (a
compound in a title counts). Among the other pages, the handbook's scorer
(os2_handbook/ext/search_scorer.js, ``html_search_scorer``) puts the pages
where the query is only part of compounds after those where it stands as a
word; ``_static/os2-compound-hits.js`` lists them per stem, for the search
page only.

Set ``os2_search_compounds = False`` in conf.py to index words whole, as
Sphinx does. Written against Sphinx 9.0 (sphinx.search.da.SearchDanish and
the Scorer object of its searchtools.js, whose defaults the scorer repeats).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain
from sphinx.search.da import SearchDanish
from sphinx.util import logging

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
    "s",
    "e", "es",
    "n", "ns", "en", "ens", "ne", "nes", "ene", "enes",
    "t", "ts", "et", "ets",
    "r", "rs", "er", "ers", "rne", "rnes", "erne", "ernes",
)  # fmt: skip
WORD = re.compile(r"\w+")
SCORER = Path(__file__).with_name("search_scorer.js")
COMPOUND_HITS = "os2-compound-hits.js"  # in _static/
# The dictionary the spelling gate uses ([tool.os2-haandbog.lint] dictionary in
# pyproject.toml: da_DK, from the Debian package hunspell-da).
DICTIONARY = "/usr/share/hunspell/da_DK.dic"


class Decompounder:
    """Splits words into the known words they are made of."""

    def __init__(self, vocabulary: Set[str]) -> None:
        self.vocabulary = vocabulary  # lower-case words of MIN_PART letters or more
        self.parts = cache(self._parts)

    def known(self, piece: str) -> bool:
        """A known word, or a known word with an inflection ending."""
        return piece in self.vocabulary or bool(self.bases(piece))

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

    def head(self, piece: str) -> str | None:
        """The word a compound's head piece stands for: itself, or without its linking letter."""
        if piece in self.vocabulary:
            return piece
        if piece.endswith(LINKING) and len(piece) > MIN_PART and piece[:-1] in self.vocabulary:
            return piece[:-1]
        return None

    def _parts(self, word: str) -> tuple[str, ...]:
        """Every piece of word at every place it splits, and their pieces, in order.

        A word spelt with a doubled consonant also stands for its base word
        (processer: proces), which the stemmer would not find: "proces" and
        "processer" have different Snowball stems.
        """
        found = self.bases(word)
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = self.head(word[:cut]), word[cut:]
            if head and self.known(tail):
                for piece in (head, tail):
                    found += [piece, *self.parts(piece)]
        return tuple(dict.fromkeys(found))


class DanishCompoundSearch(SearchDanish):
    """Sphinx's Danish search language, indexing compounds with their parts.

    ``decompounder`` is the build's own (see ``_use_vocabulary``); without it
    the class indexes words whole, exactly as SearchDanish does. While a page
    is indexed (``page``), it notes which stems the page has as words and
    which only inside compounds, for the scorer.
    """

    decompounder: Decompounder | None = None

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.page: str | None = None  # the page being indexed
        self.as_words: dict[str, set[str]] = {}  # page -> stems of its words
        self.as_parts: dict[str, set[str]] = {}  # page -> stems of its compounds' parts
        self.stem_once = cache(self.stem)  # for these notes: a book repeats its words

    def split(self, input: str) -> list[str]:
        words = super().split(input)
        if self.decompounder is None:
            return words
        found = []
        for word in words:
            parts = [p for p in self.decompounder.parts(word.lower()) if len(p) >= MIN_INDEXED]
            found += [word, *parts]
            if self.page is not None:
                self.as_words.setdefault(self.page, set()).add(self.stem_once(word))
                self.as_parts.setdefault(self.page, set()).update(map(self.stem_once, parts))
        return found

    def compound_hits(self) -> dict[str, list[str]]:
        """page -> the stems it has only inside compounds, never as a word of its own."""
        words = self.as_words
        hits = {page: parts - words.get(page, set()) for page, parts in self.as_parts.items()}
        return {page: sorted(only) for page, only in hits.items() if only}


class VocabularyDomain(Domain):
    """The words of each page, for deciding where compounds split."""

    name = "os2-search"
    label = "Ordforråd til søgningen"
    initial_data: dict[str, Any] = {"words": {}}  # noqa: RUF012
    data_version = 1

    @property
    def words(self) -> dict[str, set[str]]:
        """docname -> the lower-case words of the page."""
        return self.data["words"]

    def clear_doc(self, docname: str) -> None:
        self.words.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["words"]:
                self.words[docname] = otherdata["words"][docname]

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        self.words[docname] = vocabulary_of(document.astext())

    def resolve_any_xref(self, *args: Any) -> list:
        return []  # the domain has no cross-reference targets


def vocabulary_of(text: str) -> set[str]:
    """The words of text that can be a compound's part: letters only, lower case."""
    return {w for w in WORD.findall(text.lower()) if w.isalpha() and len(w) >= MIN_PART}


def dictionary_words(path: Path) -> set[str]:
    """A hunspell .dic file's lower-case words (entries written with a capital are
    names); none when the file is missing."""
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()[1:]  # the first line is a count
    entries = (line.split("/", 1)[0] for line in lines)
    return {word for word in entries if word.isalpha() and word.islower() and len(word) >= MIN_PART}


def _use_vocabulary(app: Sphinx, builder: Builder) -> None:
    """Before the pages are written (and indexed): split with this build's vocabulary."""
    decompounder = None
    if getattr(builder, "search", False) and app.config.os2_search_compounds:
        domain = app.env.domains[VocabularyDomain.name]
        vocabulary = set().union(*domain.words.values())
        book = len(vocabulary)
        dictionary = Path(app.config.os2_search_dictionary)
        vocabulary |= dictionary_words(dictionary)
        if dictionary.is_file():
            source = f"bogens egne {book} ord og ordbogen {dictionary}"
        else:
            source = f"bogens egne {book} ord (ordbogen {dictionary} findes ikke)"
        logger.info("os2: søgningen finder dele af sammensatte ord ud fra %s", source)
        decompounder = Decompounder(frozenset(vocabulary))
    # Registered for every build: Sphinx keeps search languages for the whole
    # process, and the next build in it must not split with this one's words.
    app.add_search_language(
        type(DanishCompoundSearch.__name__, (DanishCompoundSearch,), {
            "decompounder": decompounder,
        })
    )  # fmt: skip


def _decompounding(app: Sphinx) -> DanishCompoundSearch | None:
    """The search language of this HTML build, if it splits compounds."""
    language = getattr(getattr(app.builder, "indexer", None), "lang", None)
    if isinstance(language, DanishCompoundSearch) and language.decompounder:
        return language
    return None


def _indexing(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # Sphinx indexes each page right after resolving it, in the main process
    # (Builder._write_serial and _write_parallel).
    if language := _decompounding(app):
        language.page = docname


def _write_compound_hits(app: Sphinx, exception: Exception | None) -> None:
    language = _decompounding(app)
    if exception or language is None:
        return
    data = json.dumps(language.compound_hits(), separators=(",", ":"), sort_keys=True)
    path = Path(app.outdir, "_static", COMPOUND_HITS)
    path.write_text(f"window.OS2_COMPOUND_HITS = {data};\n", encoding="utf-8")


def _scorer_default(app: Sphinx, config: Config) -> None:
    if config.os2_search_compounds and not config.html_search_scorer:
        config.html_search_scorer = str(SCORER)


def _forget_compound_hits(app: Sphinx) -> None:
    """The last build's list goes before any page is written: Sphinx versions a script
    that already exists (``?v=…``), so an incremental build would write another
    search page than a fresh one (tests/test_incremental.py)."""
    Path(app.outdir, "_static", COMPOUND_HITS).unlink(missing_ok=True)


def _load_compound_hits(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if pagename == "search" and _decompounding(app):
        app.add_js_file(COMPOUND_HITS)  # called here: on this page only


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("os2_search_compounds", True, "html", bool)
    app.add_config_value("os2_search_dictionary", DICTIONARY, "html", str)
    app.add_domain(VocabularyDomain)
    app.add_search_language(DanishCompoundSearch)
    app.connect("builder-inited", _forget_compound_hits)
    app.connect("write-started", _use_vocabulary)
    app.connect("config-inited", _scorer_default)
    app.connect("html-page-context", _load_compound_hits)
    app.connect("doctree-resolved", _indexing)
    app.connect("build-finished", _write_compound_hits)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

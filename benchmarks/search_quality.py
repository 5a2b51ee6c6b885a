"""How well the built search finds Danish compounds: queries, truth, recall, precision.

Everything is derived from a built site, never typed in:

- the pages are those in the site's search index, their text is what the
  reader sees (the page's main content in the built HTML), except the
  labels inside diagrams: Sphinx indexes no diagram, with or without
  decompounding (the diagram node keeps its Mermaid code as an attribute);
- the queries are the book's word parts that occur both alone and inside
  compounds: a word of four letters or more that stands alone on some page
  and is also the head or tail of a longer word whose other piece (without
  a linking "s"/"e") is itself a word, of the book or of the Danish
  dictionary;
- the truth for a query is every page whose text has a word containing it;
  the part truth leaves out words that contain it by accident ("svar" in
  "ansvar", "skabe" in "skabelon"): see ``as_part``.

``search`` answers a one-word query from the built searchindex.js the way
Sphinx's searchtools.js does (Sphinx 9.0: titles, then terms by stem, then
partial terms when the stem is not a term); tests/test_search.py checks it
against the real search box in a browser.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import snowballstemmer
from bs4 import BeautifulSoup
from sphinx.search import js_index
from sphinx.search._stopwords.da import DANISH_STOPWORDS

from os2_handbook.ext.search import ENDINGS

if TYPE_CHECKING:
    from collections.abc import Set

WORD = re.compile(r"[^\W\d_]+")
MIN_QUERY = 4  # letters: "chef", "plan", "rolle"
MIN_OTHER_PIECE = 3  # the other word of a compound: "tid" in "tidsplan"
LINKING = ("s", "e")
MAX_ENDING = 5  # letters of the longest inflection ending: "ernes"


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("danish")


def stem(word: str) -> str:
    """The Danish Snowball stem, as the search's language_data.js computes it."""
    return _stemmer().stemWord(word.lower())


@dataclass
class Site:
    """A built site's search index and the text of each indexed page."""

    index: dict
    texts: dict[str, str]  # docname -> the lower-case text of its main content

    @classmethod
    def read(cls, outdir: Path) -> Site:
        index = js_index.loads((outdir / "searchindex.js").read_text(encoding="utf-8"))
        texts = {}
        for docname in index["docnames"]:
            # dirhtml: "docs/x" is docs/x/index.html, "index" and "part/index" are index.html
            index_page = docname == "index" or docname.endswith("/index")
            page = outdir / (f"{docname}.html" if index_page else f"{docname}/index.html")
            html = page.read_text(encoding="utf-8")
            # Only furo's <article role="main">: every page also holds the whole
            # menu, which at 1,000 pages makes parsing the page slow.
            start = html.rfind("<article", 0, html.index('role="main"'))
            end = html.index("</article>", start) + len("</article>")
            main = BeautifulSoup(html[start:end], "html.parser").article
            for drawing in main.find_all("svg"):
                drawing.decompose()
            texts[docname] = main.get_text(" ").lower()
        return cls(index, texts)

    def words(self, docname: str) -> set[str]:
        return set(WORD.findall(self.texts[docname]))


def search(site: Site, query: str) -> set[str]:
    """The docnames Sphinx's searchtools.js lists for a one-word query."""
    index = site.index
    query = query.lower().strip()
    found: set[int] = set()
    for title, entries in index["alltitles"].items():
        if query in title.lower().strip() and len(query) >= len(title) / 2:
            found |= {doc for doc, _ in entries}
    if query not in DANISH_STOPWORDS:
        word = stem(query)
        for terms in (index["terms"], index["titleterms"]):
            keys = [word] if word in terms or len(word) <= 2 else [k for k in terms if word in k]
            for key in keys:
                docs = terms.get(key, [])
                found |= set(docs) if isinstance(docs, list) else {docs}
    return {index["docnames"][doc] for doc in found}


@dataclass
class Pieces:
    """What counts as a word in a compound: the book's words and the dictionary's."""

    book: set[str]  # the words of the book's pages
    words: set[str]  # of the book or the dictionary, MIN_OTHER_PIECE letters or more

    @classmethod
    def of(cls, site: Site, dictionary: Set[str] = frozenset()) -> Pieces:
        book = set().union(*(site.words(doc) for doc in site.texts))
        words = {w for w in book | dictionary if len(w) >= MIN_OTHER_PIECE}
        return cls(book, words - DANISH_STOPWORDS)

    def head(self, text: str) -> bool:
        """A word, maybe with a linking letter: "produkt", "koordinations"."""
        return text in self.words or (text.endswith(LINKING) and text[:-1] in self.words)

    def tail(self, text: str) -> bool:
        """A word, maybe with a linking letter before it or an ending after it."""
        if text.startswith(LINKING) and self.tail(text[1:]) and len(text) > MIN_OTHER_PIECE:
            return True
        return any(text[:end] in self.words for end in range(len(text) - MAX_ENDING, len(text) + 1))

    def ending(self, text: str) -> bool:
        """Nothing, or an inflection ending (also after a doubled consonant: proces-s-er)."""
        return text in ("", *ENDINGS) or text[1:] in ENDINGS


def queries(pieces: Pieces) -> list[str]:
    """The book's word parts that occur both alone and inside compounds."""
    found = set()
    for word in pieces.book:
        for cut in range(MIN_OTHER_PIECE, len(word) - MIN_QUERY + 1):
            head, tail = word[:cut], word[cut:]
            # the tail as a query: "koordinator" in "produktkoordinatoren"
            if pieces.head(head):
                found |= {q for q in _prefixes(tail) if q in pieces.book}
            # the head as a query: "medarbejder" in "medarbejderhåndbogen"
            if word[:-cut] in pieces.book and pieces.tail(word[-cut:]):
                found.add(word[:-cut])
    return sorted(q for q in found if len(q) >= MIN_QUERY and q not in DANISH_STOPWORDS)


def _prefixes(text: str) -> list[str]:
    return [text[:end] for end in range(MIN_QUERY, len(text) + 1)]


def truth(site: Site, query: str) -> set[str]:
    """Every page whose text has a word containing query."""
    return {doc for doc in site.texts if any(query in word for word in site.words(doc))}


def as_part(pieces: Pieces, query: str, word: str) -> bool:
    """query is a part of word, not an accidental run of its letters: what
    stands before it is nothing or a word ("produkt" in produktkoordinator, not
    "an" in ansvar), what follows is an ending or a word ("lon" in skabelon is
    neither)."""
    start = word.find(query)
    while start >= 0:
        before, after = word[:start], word[start + len(query) :]
        if (not before or pieces.head(before)) and (pieces.ending(after) or pieces.tail(after)):
            return True
        start = word.find(query, start + 1)
    return False


def part_truth(site: Site, pieces: Pieces, query: str) -> set[str]:
    """Every page whose text has a word with query as one of its parts."""
    return {
        doc
        for doc in site.texts
        if any(as_part(pieces, query, word) for word in site.words(doc) if query in word)
    }


def imprecise(site: Site, query: str, results: set[str]) -> set[str]:
    """Result pages that lack both the query and its stem as part of a word."""
    wanted = (query.lower(), stem(query))
    return {
        doc for doc in results if not any(w in word for w in wanted for word in site.words(doc))
    }


@dataclass
class Measurement:
    """Recall and precision over a query set."""

    per_query: dict[str, tuple[int, int, int]]  # query -> (found, truth, imprecise results)

    @property
    def recall(self) -> float:
        found = sum(f for f, _, _ in self.per_query.values())
        return found / sum(t for _, t, _ in self.per_query.values())

    def below(self, limit: float) -> dict[str, float]:
        return {q: f / t for q, (f, t, _) in self.per_query.items() if f / t < limit}

    @property
    def imprecise_results(self) -> int:
        return sum(i for _, _, i in self.per_query.values())

    def summary(self) -> str:
        worst = sorted(self.per_query.items(), key=lambda item: item[1][0] / item[1][1])[:5]
        return json.dumps(
            {
                "queries": len(self.per_query),
                "recall": round(self.recall, 3),
                "imprecise_results": self.imprecise_results,
                "worst": {q: f"{f}/{t}" for q, (f, t, _) in worst},
            },
            ensure_ascii=False,
        )


def measure(
    site: Site,
    query_set: list[str],
    pieces: Pieces | None = None,
    found: dict[str, set[str]] | None = None,
) -> Measurement:
    """Against the truth, or with pieces against the part truth; the results are
    the site's search index's, or another search's (``found``: query -> docnames)."""
    per_query = {}
    for query in query_set:
        expected = part_truth(site, pieces, query) if pieces else truth(site, query)
        results = found[query] if found is not None else search(site, query)
        per_query[query] = (
            len(expected & results),
            len(expected),
            len(imprecise(site, query, results)),
        )
    return Measurement(per_query)

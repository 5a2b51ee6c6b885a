"""How well the built search finds Danish compounds: queries, truth, recall, precision.

Everything is derived from a built site, never typed in:

- the pages are those in the site's search index, their text is what the
  reader sees (the page's main content in the built HTML), except the
  labels inside diagrams: Sphinx indexes no diagram, with or without
  decompounding (the diagram node keeps its Mermaid code as an attribute);
- the queries are the book's word parts that occur both alone and inside
  compounds: a word of four letters or more that stands alone on some page
  and is also the head or tail of a longer word whose other piece (without
  a linking "s"/"e") is itself a word of the book;
- the truth for a query is every page whose text has a word containing it.

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

import snowballstemmer
from bs4 import BeautifulSoup
from sphinx.search import js_index
from sphinx.search._stopwords.da import DANISH_STOPWORDS

WORD = re.compile(r"[^\W\d_]+")
MIN_QUERY = 4  # letters: "chef", "plan", "rolle"
MIN_OTHER_PIECE = 3  # the other word of a compound: "tid" in "tidsplan"
LINKING = ("s", "e")


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
            page = outdir / ("index.html" if docname == "index" else f"{docname}/index.html")
            main = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(
                attrs={"role": "main"}
            )
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


def queries(site: Site) -> list[str]:
    """The book's word parts that occur both alone and inside compounds."""
    vocabulary = set().union(*(site.words(doc) for doc in site.texts))
    pieces = {w for w in vocabulary if len(w) >= MIN_OTHER_PIECE and w not in DANISH_STOPWORDS}

    def is_piece(text: str) -> bool:
        return text in pieces or (text.endswith(LINKING) and text[:-1] in pieces)

    found = set()
    for word in vocabulary:
        for cut in range(MIN_OTHER_PIECE, len(word) - MIN_QUERY + 1):
            head, tail = word[:cut], word[cut:]
            # the tail as a query: "koordinator" in "produktkoordinatoren"
            if is_piece(head):
                found |= {q for q in _prefixes(tail) if q in pieces}
        for cut in range(MIN_QUERY, len(word) - MIN_OTHER_PIECE + 1):
            head, rest = word[:cut], word[cut:]
            # the head as a query: "medarbejder" in "medarbejderhåndbogen"
            if head in pieces and any(rest.startswith(p) for p in _prefixes(rest) if p in pieces):
                found.add(head)
    return sorted(q for q in found if len(q) >= MIN_QUERY and q not in DANISH_STOPWORDS)


def _prefixes(text: str) -> list[str]:
    return [text[:end] for end in range(MIN_QUERY, len(text) + 1)]


def truth(site: Site, query: str) -> set[str]:
    """Every page whose text has a word containing query."""
    return {doc for doc in site.texts if any(query in word for word in site.words(doc))}


def imprecise(site: Site, query: str, results: set[str]) -> set[str]:
    """Result pages that lack both the query and its stem as part of a word."""
    wanted = (query.lower(), stem(query))
    return {doc for doc in results if not any(w in word for w in wanted for word in site.words(doc))}


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


def measure(site: Site, query_set: list[str]) -> Measurement:
    per_query = {}
    for query in query_set:
        expected, results = truth(site, query), search(site, query)
        per_query[query] = (
            len(expected & results),
            len(expected),
            len(imprecise(site, query, results)),
        )
    return Measurement(per_query)

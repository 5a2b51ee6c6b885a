"""Search finds the parts of Danish compounds (os2_handbook/ext/search.py).

Measured on the full-size fixture as imported (tests/fixtures/jekyll_full/),
built twice: with decompounding, as the handbook builds, and without it
(``os2_search_compounds = False``), the twin that must lose the compound
hits. The queries and their truth come from the built pages
(tests/search_quality.py); a reader's search box in Chromium gives the same
results as the measurement, so the numbers are the reader's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from benchmarks.search_quality import (
    Pieces,
    Site,
    as_part,
    imprecise,
    measure,
    queries,
    search,
    stem,
    truth,
)
from browser import DESKTOP, Reader, axe_violations, new_reader
from conftest import Build, run_build
from fixture_book import fix_true_faults, import_fixture
from localserver import serve_directory
from os2_handbook.ext.search import DICTIONARY, Decompounder, dictionary_words

RECALL = 0.95  # over all queries
RECALL_PER_QUERY = 0.8  # no query below


# -- The splitter on its own ------------------------------------------------------------

WORDS = {"produkt", "koordinator", "koordination", "gruppe", "styre", "historik", "proces"}


def test_compounds_split_into_known_words() -> None:
    parts = Decompounder(frozenset(WORDS)).parts
    assert {"produkt", "koordinatoren"} <= set(parts("produktkoordinatoren"))
    assert {"koordination", "gruppen"} <= set(parts("koordinationsgruppen"))  # linking s
    assert {"styre", "grupperne"} <= set(parts("styregrupperne"))
    assert "proces" in parts("processer")  # proces-s-er: Snowball stems them apart


def test_the_books_words_are_found_inside_other_words() -> None:
    # The truth: every page with a word containing the query.
    assert Decompounder(frozenset(WORDS), {"svar"}).parts("ansvar") == ("svar",)


def test_twin_no_split_without_the_words() -> None:
    parts = Decompounder(frozenset(WORDS - {"produkt"})).parts
    assert parts("produktkoordinatoren") == ()
    assert Decompounder(frozenset(WORDS)).parts("ansvar") == ()  # "svar" is no word of the book
    # "is" and "hist" are words, "orik" is not: historik stays whole; and "is" is
    # too short to be indexed inside another word, even as a word of the book.
    assert Decompounder(frozenset(WORDS | {"is", "hist"}), {"is"}).parts("historik") == ()


# -- The full-size fixture, built with and without decompounding --------------------------


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = import_fixture(tmp_path_factory.mktemp("search") / "project").root
    fix_true_faults(root)
    return root


@pytest.fixture(scope="module")
def compounds(book: Path) -> Build:
    build = run_build(book, outdir=book / "_build" / "compounds")
    assert build.returncode == 0, build.output
    assert "søgningen finder dele af sammensatte ord" in build.output
    return build


@pytest.fixture(scope="module")
def whole_words(book: Path, compounds: Build) -> Build:
    build = run_build(
        book, outdir=book / "_build" / "whole", extra=("-D", "os2_search_compounds=0")
    )
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="module")
def site(compounds: Build) -> Site:
    return Site.read(compounds.outdir)


@pytest.fixture(scope="module")
def pieces(site: Site) -> Pieces:
    return Pieces.of(site, dictionary_words(Path(DICTIONARY)))


@pytest.fixture(scope="module")
def query_set(pieces: Pieces) -> list[str]:
    found = queries(pieces)
    assert len(found) >= 10, found  # enough to measure
    return found


def test_recall_and_precision_meet_the_goals(
    site: Site, pieces: Pieces, query_set: list[str]
) -> None:
    every_word = measure(site, query_set)
    assert every_word.recall >= RECALL, every_word.summary()
    assert not every_word.below(RECALL_PER_QUERY), every_word.summary()
    assert every_word.imprecise_results == 0, every_word.summary()
    parts = measure(site, query_set, pieces)
    assert parts.recall >= RECALL, parts.summary()
    assert not parts.below(RECALL_PER_QUERY), parts.summary()


def test_generated_book_meets_the_goals(generated_build: Build) -> None:
    # The benchmark's generated book (benchmarks/generate.py): its compounds
    # (styregruppe) have parts the Danish dictionary knows.
    generated = Site.read(generated_build.outdir)
    found = queries(Pieces.of(generated, dictionary_words(Path(DICTIONARY))))
    assert found
    result = measure(generated, found)
    assert result.recall >= RECALL and not result.below(RECALL_PER_QUERY), result.summary()
    assert result.imprecise_results == 0, result.summary()


def test_words_inside_other_words_are_found(
    site: Site, pieces: Pieces, query_set: list[str]
) -> None:
    # "svar" in "ansvar", "skabe" in "skabelon": no part of the word, but the
    # issue's truth counts every page with a word containing the query.
    by_accident = {
        (query, doc)
        for query in query_set
        for doc in truth(site, query)
        if not any(as_part(pieces, query, word) for word in site.words(doc) if query in word)
    }
    assert by_accident
    assert {(query, doc) for query, doc in by_accident if doc not in search(site, query)} == set()


def test_twin_without_decompounding_compound_hits_are_lost(
    site: Site, pieces: Pieces, query_set: list[str], whole_words: Build
) -> None:
    plain = Site.read(whole_words.outdir)
    lost = {
        (query, doc) for query in query_set for doc in search(site, query) - search(plain, query)
    }
    assert lost
    # What only decompounding finds: pages where the query stands inside longer words only.
    for query, doc in lost:
        assert all(stem(word) != stem(query) for word in site.words(doc)), (query, doc)
    assert measure(plain, query_set, pieces).recall < measure(site, query_set, pieces).recall


def nowhere(site: Site, query_set: list[str]) -> list[str]:
    """Queries spelt backwards that no page has, not even their stem."""
    text = " ".join(site.texts.values())
    return [q[::-1] for q in query_set if q[::-1] not in text and stem(q[::-1]) not in text]


def test_twin_a_query_found_nowhere_finds_nothing(site: Site, query_set: list[str]) -> None:
    absent = nowhere(site, query_set)
    assert absent
    assert {q: search(site, q) for q in absent if search(site, q)} == {}


def test_twin_precision_check_names_a_page_without_the_query(
    site: Site, query_set: list[str]
) -> None:
    query = query_set[0]
    without = sorted(set(site.texts) - truth(site, query) - truth(site, stem(query)))
    assert imprecise(site, query, {without[0]}) == {without[0]}


# -- In the reader's browser ------------------------------------------------------------


@pytest.fixture(scope="module")
def reader(browser: Browser, compounds: Build) -> Iterator[Reader]:
    with serve_directory(compounds.outdir) as base_url:
        reader = new_reader(browser, base_url, viewport=DESKTOP)
        yield reader
        reader.context.close()


def type_query(reader: Reader, query: str) -> list[str]:
    """Type query into the sidebar's search box and press Enter: the results' docnames, in order."""
    page = reader.page or reader.open("")  # any page has the box; the last results page too
    box = page.locator("input.sidebar-search")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.wait_for_function(
        "() => document.querySelector('#search-results .search-summary')?.innerText.length > 0"
    )
    hrefs = page.locator("ul.search li > a").evaluate_all("links => links.map((a) => a.href)")
    base = reader.base_url
    return [_docname(href.removeprefix(base).split("#")[0]) for href in hrefs]


def _docname(path: str) -> str:
    # dirhtml: "" is index, "docs/x/" is docs/x
    return path.rstrip("/") or "index"


@pytest.fixture(scope="module")
def typed(reader: Reader, query_set: list[str]) -> dict[str, list[str]]:
    """Each query typed into the search box: the result pages, in the order shown."""
    return {query: type_query(reader, query) for query in query_set}


@pytest.mark.browser
def test_search_box_finds_what_the_measurement_counts(
    reader: Reader, site: Site, typed: dict[str, list[str]]
) -> None:
    differ = {
        query: sorted(set(results) ^ search(site, query))
        for query, results in typed.items()
        if set(results) != search(site, query)
    }
    assert not differ, differ
    assert not reader.foreign


def title_hits(site: Site, query: str) -> set[str]:
    """Pages whose title or a heading has the query's stem as a term (compound parts
    too), or, when no title has it, a title term containing it (searchtools.js)."""
    terms, word = site.index["titleterms"], stem(query)
    keys = [word] if word in terms else [key for key in terms if word in key]
    docs = [
        d for key in keys for d in ([terms[key]] if isinstance(terms[key], int) else terms[key])
    ]
    return {site.index["docnames"][d] for d in docs}


@pytest.mark.browser
def test_search_box_ranks_title_hits_first(site: Site, typed: dict[str, list[str]]) -> None:
    # A page whose title or heading has the word comes before pages that only mention it.
    checked = 0
    for query, shown in typed.items():
        titled = title_hits(site, query)
        results = list(dict.fromkeys(shown))  # a page once, at its best
        if titled and set(results) - titled:
            checked += 1
            assert set(results[: len(titled)]) == titled, (query, results, titled)
    assert checked


# Lists filled in as the page is written (ext/pending.py, ext/changes.py): the
# scorer knows a page's words as read, so a word only in such a list counts as a word.
FILLED_WHEN_WRITTEN = ("{pending-list}", "{recent-changes}")


def filled_when_written(book: Path, site: Site) -> set[str]:
    sources = {doc: book / "source" / f"{doc}.md" for doc in site.texts}
    return {
        doc
        for doc, source in sources.items()
        if source.is_file() and any(d in source.read_text("utf-8") for d in FILLED_WHEN_WRITTEN)
    }


@pytest.mark.browser
def test_search_box_ranks_words_before_compound_parts(
    book: Path, site: Site, typed: dict[str, list[str]]
) -> None:
    # Then the pages with the query as a word of its own (or inflected), then
    # those where it is only part of compounds (os2_handbook/ext/search_scorer.js).
    lists = filled_when_written(book, site)
    assert lists  # the fixture has both
    checked, wrong = 0, []
    for query, shown in typed.items():
        titled = title_hits(site, query) | heading_hits(site, query) | lists
        text_hits = [doc for doc in dict.fromkeys(shown) if doc not in titled]
        as_word = [any(stem(w) == stem(query) for w in site.words(doc)) for doc in text_hits]
        if True in as_word and False in as_word:
            checked += 1
            if as_word != sorted(as_word, reverse=True):
                wrong.append((query, list(zip(text_hits, as_word, strict=True))))
    assert checked
    assert not wrong


def heading_hits(site: Site, query: str) -> set[str]:
    """Pages with a title or heading that Sphinx matches by its letters (searchtools.js)."""
    return {
        site.index["docnames"][doc]
        for title, entries in site.index["alltitles"].items()
        if query in title.lower() and len(query) >= len(title) / 2
        for doc, _ in entries
    }


def inside_only(site: Site, query_set: list[str]) -> list[str]:
    """Queries that find pages where they stand only inside longer words."""
    return [
        query
        for query in query_set
        if any(all(stem(w) != stem(query) for w in site.words(d)) for d in search(site, query))
    ]


def snippets(reader: Reader, query: str) -> list[dict]:
    """Type query; once every result has its snippet: each snippet's text and its
    marks, each as [text, whether it stands inside a longer word]."""
    type_query(reader, query)
    reader.page.wait_for_function(
        "() => [...document.querySelectorAll('ul.search li')]"
        ".every((li) => li.querySelector('p.context'))"
    )
    return reader.page.locator("ul.search p.context").evaluate_all(
        """snippets => snippets.map((p) => ({
          text: p.textContent,
          marks: [...p.querySelectorAll("mark")].map((mark) => [
            mark.textContent,
            /\\p{L}/u.test((mark.previousSibling?.textContent ?? "").slice(-1))
              || /\\p{L}/u.test((mark.nextSibling?.textContent ?? "").slice(0, 1)),
          ]),
        }))"""
    )


@pytest.mark.browser
def test_snippets_mark_the_hit_inside_compounds_too(
    reader: Reader, site: Site, query_set: list[str]
) -> None:
    inside = []
    for query in inside_only(site, query_set)[:4]:
        for snippet in snippets(reader, query):
            text, marks = snippet["text"].lower(), snippet["marks"]
            # Only the query or its stem is marked, and the query wherever the snippet has it.
            assert {mark.lower() for mark, _ in marks} <= {query, stem(query)}, (query, snippet)
            assert len(marks) >= text.count(query), (query, snippet)
            inside += [mark for mark, in_word in marks if in_word]
    assert inside  # "koordinator" in "produktkoordinatoren"


@pytest.mark.browser
def test_search_results_are_accessible_and_a_query_found_nowhere_finds_nothing(
    reader: Reader, site: Site, query_set: list[str]
) -> None:
    query = inside_only(site, query_set)[0]
    assert any(snippet["marks"] for snippet in snippets(reader, query))
    assert not axe_violations(reader.page, f"/search/?q={query}")
    absent = nowhere(site, query_set)[0]
    assert type_query(reader, absent) == []
    status = reader.page.locator(".search-summary").inner_text()
    assert status.startswith("Søgningen gav ingen resultater"), status

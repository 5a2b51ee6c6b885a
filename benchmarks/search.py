"""The search benchmark: Danish compounds, with and without decompounding.

``python -m benchmarks.search [--scales 60,1000] [--runs 2]`` builds each book
with decompounding off and on (alternately, ``--runs`` times each) and
reports, per book and setting:

- recall and precision over the queries derived from the book
  (benchmarks/search_quality.py), against the literal truth (every page with
  a word containing the query) and the part truth (accidental letters left out);
- the size of what the search page downloads for searching: searchindex.js
  and, with decompounding, _static/os2-compound-hits.js (plain and gzip);
- the build's CPU and wall time;
- time to first result: headless Chromium opens ``search/?q=<query>`` from a
  local server, from navigation start to the first result in the list
  (``LOADS`` fresh loads, each in a new context: min and median);
- Pagefind, if installed (benchmarks/search_pagefind.py), over the book as
  built without decompounding, alone and with the same decompounding fed in:
  the same numbers, in the same run.

The books: the imported full-size fixture (tests/fixtures/jekyll_full/), the
handbook itself (source/), and generated books (benchmarks/generate.py).
Results as JSON in _build/bench/search.json and printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks import search_pagefind as pagefind
from benchmarks.__main__ import measure as run_measured
from benchmarks.generate import generate_pages, write_sphinx_project
from benchmarks.peers import import_book
from benchmarks.search_quality import Pieces, Site, measure, queries
from os2_handbook.build import BUILD, sphinx_command
from os2_handbook.ext.search import DICTIONARY, Decompounder, dictionary_words, vocabulary_of
from tests.support.copies import commit_all, copy_project

SETTINGS = {"uden": ("-D", "os2_search_compounds=0"), "med": ()}
LOADS = 7  # fresh page loads per time-to-first-result measurement


def build(root: Path, setting: str) -> dict:
    outdir = root / "_build" / setting
    command = sphinx_command("dirhtml", outdir, root=root, extra=SETTINGS[setting],
                             python=sys.executable)  # fmt: skip
    # 1: the imported fixture's own broken links (tests/fixture_book.py fix_true_faults);
    # every page and the search index are written all the same (--keep-going).
    run = run_measured(command, cwd=root, ok_codes=(0, 1))
    index = (outdir / "searchindex.js").read_bytes()
    hits = outdir / "_static" / "os2-compound-hits.js"  # the scorer's data, search page only
    index += hits.read_bytes() if hits.exists() else b""
    return {
        "cpu": run.cpu,
        "wall": run.wall,
        "index": len(index),
        "gzip": len(gzip.compress(index)),
    }


@contextmanager
def served(directory: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


def first_result_ms(outdir: Path, path: str, query: str) -> tuple[int, int]:
    """Milliseconds from navigation start to the first search result shown: min, median."""
    times = []
    with served(outdir) as base, chromium() as browser:
        for _ in range(LOADS):
            context = browser.new_context()  # a cold cache each time
            page = context.new_page()
            page.goto(f"{base}{path}?q={query}")
            page.wait_for_selector("ul.search li", timeout=60_000)
            times.append(page.evaluate("performance.now()"))
            context.close()
    return round(min(times)), round(statistics.median(times))


def quality(site: Site, query_set: list[str], pieces: Pieces, found: dict | None = None) -> dict:
    literal, parts = measure(site, query_set, None, found), measure(site, query_set, pieces, found)
    return {
        "recall": round(literal.recall, 3),
        "min_recall": round(min(literal.below(1.01).values(), default=1.0), 3),
        "below_0.8": {q: round(r, 2) for q, r in literal.below(0.8).items()},
        "part_recall": round(parts.recall, 3),
        "imprecise_results": literal.imprecise_results,
    }


def bench_pagefind(root: Path, site: Site, query_set: list[str], pieces: Pieces) -> dict:
    """Pagefind over the book built without decompounding, alone and with it fed in."""
    book = vocabulary_of(" ".join(site.texts.values()))
    decompounder = Decompounder(frozenset(book | dictionary_words(Path(DICTIONARY))), book)
    results = {}
    for name, feed in (("pagefind", None), ("pagefind + opdeling", decompounder)):
        dest = root / "_build" / name.replace(" + ", "-")
        shutil.rmtree(dest, ignore_errors=True)
        pagefind.prepare(root / "_build" / "uden", site, feed, dest)
        built = pagefind.index(dest)
        with served(dest) as base, chromium() as browser:
            page, requested = browser.new_page(), []
            page.on("request", lambda request, seen=requested: seen.append(request.url))
            page.goto(f"{base}{pagefind.HARNESS}?q={query_set[0]}")  # the first search
            page.wait_for_selector("ul.search li")
            page.wait_for_load_state("networkidle")
            gzipped = pagefind.downloaded(requested, dest)
            found = pagefind.search_all(page, site, query_set)
        results[name] = {
            **quality(site, query_set, pieces, found),
            "index_bytes": built["index"],
            "index_gzip_bytes": gzipped,
            "build_cpu_s": round(built["cpu"], 2),
            "build_wall_s": round(built["wall"], 2),
            "first_result_ms": first_result_ms(dest, pagefind.HARNESS.removesuffix("index.html"),
                                               query_set[0]),
        }  # fmt: skip
        print(f"   {name}: {json.dumps(results[name], ensure_ascii=False)}", flush=True)
    return results


def bench_book(name: str, root: Path, runs: int, warm_up: bool = True) -> dict:
    print(f"== {name}", flush=True)
    builds: dict[str, list[dict]] = {setting: [] for setting in SETTINGS}
    if warm_up:  # not counted: draws the book's diagrams into the cache
        build(root, "uden")
    for _ in range(runs):
        for setting in SETTINGS:
            builds[setting].append(build(root, setting))
            print(f"   {setting}: {builds[setting][-1]}", flush=True)
    sites = {setting: Site.read(root / "_build" / setting) for setting in SETTINGS}
    pieces = Pieces.of(sites["med"], dictionary_words(Path(DICTIONARY)))
    query_set = queries(pieces)
    result = {"pages": len(sites["med"].texts), "queries": query_set, "settings": {}}
    for setting, site in sites.items():
        runs_of = builds[setting]
        result["settings"][setting] = {
            **quality(site, query_set, pieces),
            "index_bytes": runs_of[0]["index"],
            "index_gzip_bytes": runs_of[0]["gzip"],
            "build_cpu_s": round(min(r["cpu"] for r in runs_of), 2),
            "build_wall_s": round(min(r["wall"] for r in runs_of), 2),
            "first_result_ms": first_result_ms(root / "_build" / setting, "search/", query_set[0]),
        }
        print(f"   {setting}: {json.dumps(result['settings'][setting], ensure_ascii=False)}")
    if pagefind.program():
        result["settings"].update(bench_pagefind(root, sites["uden"], query_set, pieces))
    else:
        print("   Pagefind er ikke installeret ($OS2_PAGEFIND eller pagefind på PATH)")
    return result


def table(results: dict) -> str:
    lines = [
        "| Bog | Sider | Søgeord | Søgning | Recall | Laveste | Under 0,8 "
        "| Upræcise | Indeks (gzip) | CPU-tid | Første resultat (min/median) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, book in results.items():
        for setting, s in book["settings"].items():
            below = ", ".join(f"{q} {r}" for q, r in s["below_0.8"].items()) or "–"
            lines.append(
                f"| {name} | {book['pages']} | {len(book['queries'])} | {setting} "
                f"| {s['recall']} | {s['min_recall']} | {below} | {s['imprecise_results']} "
                f"| {s['index_gzip_bytes']:,} B | {s['build_cpu_s']} s "
                f"| {s['first_result_ms'][0]}/{s['first_result_ms'][1]} ms |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="60,1000", help="generated books' page counts")
    parser.add_argument("--runs", type=int, default=2, help="builds per book and setting")
    parser.add_argument("--books", default="testbog,håndbog,genereret")
    args = parser.parse_args()
    books = args.books.split(",")
    results = {}
    with tempfile.TemporaryDirectory(prefix="os2-search-bench-") as work:
        work = Path(work)
        if "testbog" in books:
            results["testbog"] = bench_book("testbog", import_book(work / "testbog"), args.runs)
        if "håndbog" in books:
            root = commit_all(copy_project(work / "haandbog"))
            results["håndbog"] = bench_book("håndbog", root, args.runs)
        if "genereret" in books:
            for count in map(int, args.scales.split(",")):
                root = write_sphinx_project(generate_pages(count), work / f"gen{count}")
                runs = args.runs if count < 500 else 1
                results[f"genereret {count}"] = bench_book(f"{count} sider", root, runs, False)
    out = BUILD / "bench" / "search.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()

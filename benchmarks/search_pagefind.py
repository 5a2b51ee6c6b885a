"""Pagefind beside the handbook's search, with the same decompounding fed in.

Pagefind (npm or PyPI ``pagefind``) indexes built HTML. The benchmark gives it
a copy of the book as Sphinx built it without decompounding, in which each
page's main content (furo's ``<article role="main">``, ``data-pagefind-body``)
gets the parts of its words that the handbook's own search indexes
(``os2_handbook.ext.search.Decompounder``, the book's words and the Danish
dictionary) as hidden text. Pagefind reads ``<html lang="da">`` and stems
Danish itself.

The reader's side: a copy of the book's search page without Sphinx's search
scripts, with a module script that loads Pagefind, searches ``?q=`` and lists
the results the way the handbook's list does. The copy has no
Content-Security-Policy, because that script is inline (for the benchmark only).

The Pagefind program is found as ``$OS2_PAGEFIND`` or ``pagefind`` on PATH
(``npm install --no-save pagefind`` puts it in node_modules/.bin).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from benchmarks.__main__ import measure as run_measured
from benchmarks.search_quality import Site
from os2_handbook.ext.search import MIN_INDEXED, Decompounder

HARNESS = "pagefind-soeg/index.html"
SEARCH_SCRIPT = """<script type="module">
const query = new URLSearchParams(location.search).get("q") || "";
const pagefind = await import("../pagefind/pagefind.js");
window.os2Pagefind = pagefind;
const list = document.createElement("ul");
list.className = "search";
document.getElementById("search-results").append(list);
const found = query ? await pagefind.search(query) : { results: [] };
for (const result of found.results.slice(0, 10)) {
  const data = await result.data();
  const item = list.appendChild(document.createElement("li"));
  const link = item.appendChild(document.createElement("a"));
  link.href = data.url;
  link.textContent = data.meta.title;
  item.appendChild(document.createElement("p")).innerHTML = data.excerpt;
}
</script>"""


def program() -> str | None:
    return os.environ.get("OS2_PAGEFIND") or shutil.which("pagefind")


def extra_words(site: Site, docname: str, decompounder: Decompounder) -> list[str]:
    """The parts of the page's words that the handbook's search indexes with them."""
    parts = [p for w in sorted(site.words(docname)) for p in decompounder.parts(w)]
    return sorted({p for p in parts if len(p) >= MIN_INDEXED})


def prepare(outdir: Path, site: Site, decompounder: Decompounder | None, dest: Path) -> None:
    """Copy the built book to dest, mark each page's content for Pagefind, feed in the parts."""
    shutil.copytree(outdir, dest)
    for docname in site.texts:
        index_page = docname == "index" or docname.endswith("/index")
        page = dest / (f"{docname}.html" if index_page else f"{docname}/index.html")
        html = page.read_text(encoding="utf-8")
        start = html.rfind("<article", 0, html.index('role="main"'))
        html = html[:start] + "<article data-pagefind-body" + html[start + len("<article") :]
        if decompounder is not None:
            hidden = f"<p hidden>{escape(' '.join(extra_words(site, docname, decompounder)))}</p>"
            end = html.index("</article>", start)
            html = html[:end] + hidden + html[end:]
        page.write_text(html, encoding="utf-8")
    search = (dest / "search" / "index.html").read_text(encoding="utf-8")
    search = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", search)
    search = re.sub(r'<script src="[^"]*(searchtools|language_data|searchindex)[^"]*"></script>',
                    "", search)  # fmt: skip
    search = search.replace("</body>", f"{SEARCH_SCRIPT}</body>")
    (dest / HARNESS).parent.mkdir(parents=True, exist_ok=True)
    (dest / HARNESS).write_text(search, encoding="utf-8")


def index(dest: Path) -> dict:
    """Run Pagefind over dest: its CPU and wall time, and the size of all it wrote."""
    run = run_measured([program(), "--site", str(dest)], cwd=dest)
    files = [f for f in (dest / "pagefind").rglob("*") if f.is_file()]
    return {"cpu": run.cpu, "wall": run.wall, "index": sum(f.stat().st_size for f in files)}


def downloaded(urls: list[str], dest: Path) -> int:
    """Bytes of the Pagefind files requested (``urls``, its worker's too) but the
    results' fragments (as Sphinx's pages fetched for the snippets, not counted), as a
    server sends them: its .pf_ files and WebAssembly are gzip already, the rest gzipped."""
    paths = {unquote(urlsplit(url).path) for url in urls}
    files = [
        dest / path.lstrip("/")
        for path in paths
        if path.startswith("/pagefind/") and not path.startswith("/pagefind/fragment/")
    ]
    data = [f.read_bytes() for f in files if f.is_file()]
    return sum(min(len(b), len(gzip.compress(b))) for b in data)


def url_path(docname: str) -> str:
    """The page's path on the site (dirhtml): "docs/x/", "" for the front page."""
    if docname == "index" or docname.endswith("/index"):
        return docname.removesuffix("index")
    return f"{docname}/"


def search_all(page: object, site: Site, queries: list[str]) -> dict[str, set[str]]:
    """Each query's result pages from Pagefind, in the harness page already open."""
    docnames = {url_path(doc): doc for doc in site.texts}
    urls = page.evaluate(  # type: ignore[attr-defined]
        """async (queries) => {
          const found = {};
          for (const query of queries) {
            const result = await window.os2Pagefind.search(query);
            found[query] = await Promise.all(result.results.map(async (r) => (await r.data()).url));
          }
          return found;
        }""",
        queries,
    )
    path = lambda url: unquote(urlsplit(url).path).lstrip("/")  # noqa: E731
    return {query: {docnames[path(url)] for url in found} for query, found in urls.items()}

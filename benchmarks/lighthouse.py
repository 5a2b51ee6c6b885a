"""Lighthouse on three pages of the imported full-size fixture: scores, not a test.

``nox -s bench`` (or ``-- --only lighthouse``) imports tests/fixtures/jekyll_full
as ``nox -s import`` does, builds it, serves it on 127.0.0.1 and runs
Lighthouse (npm ``lighthouse``, package.json) with Debian's Chromium on the
front page, the first chapter of the menu and the longest page, served
gzip-compressed as a real host does. Lighthouse's
default profile is the phone: a Moto G Power's screen, a slow 4G network and a
4× slower CPU, simulated. For each page: the four scores and every audit that
cost points, with Lighthouse's own figure (BENCHMARKS.md explains them).
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bs4 import BeautifulSoup

from benchmarks.peers import FULL_SITE, import_book
from os2_handbook.build import ROOT

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RUNS = 3  # per page; Lighthouse's own advice for a score that varies from run to run
SPHINX_PAGES = {"404", "genindex", "search", "_static", "_sources", "_images"}  # not chapters


class _Compressing(SimpleHTTPRequestHandler):
    """Serves the build gzip-compressed, as Read the Docs and other hosts do.

    Python's own server sends files as they are; Lighthouse would then count
    the missing compression against the pages (uses-text-compression), which
    is the test server's doing, not the handbook's.
    """

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        text = path.suffix in (".html", ".css", ".js", ".svg", ".json")
        if not text or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        if Path(self.translate_path(self.path)).is_dir() and not self.path.endswith("/"):
            return super().send_head()  # the redirect to the address with "/"
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def pages(outdir: Path) -> dict[str, str]:
    """Front page, the menu's first chapter and the longest page, as URL paths."""
    front = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    chapter = front.select_one(".sidebar-tree a.reference.internal")["href"].lstrip("./")
    content = [
        path
        for path in outdir.rglob("index.html")
        if path.relative_to(outdir).parts[0] not in SPHINX_PAGES and path.parent != outdir
    ]
    longest = max(content, key=lambda path: path.stat().st_size)
    return {
        "forside": "",
        "kapitel": chapter,
        "længste side": f"{longest.parent.relative_to(outdir).as_posix()}/",
    }


def run_lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run: scores (0–100) and the audits that cost points."""
    subprocess.run(
        [
            "node", str(LIGHTHOUSE), url,
            "--chrome-flags=--headless --no-sandbox",  # CI runs as root
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json", f"--output-path={report}", "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        check=True,
        capture_output=True,
    )  # fmt: skip
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {key: round(data["categories"][key]["score"] * 100) for key in CATEGORIES}
    lost = []
    for key in CATEGORIES:
        for ref in data["categories"][key]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref.get("weight") and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue", "")
                lost.append(f"{key}: {audit['id']}" + (f" ({shown})" if shown else ""))
    # Lighthouse's suggestions that would save load time (render-blocking CSS, …).
    savings = [
        f"{audit['id']}: {audit['details']['overallSavingsMs']:.0f} ms"
        for audit in data["audits"].values()
        if (audit.get("details") or {}).get("overallSavingsMs", 0) > 0
    ]
    weight = data["audits"]["total-byte-weight"].get("displayValue", "")
    return {"url": url, "scores": scores, "lost": lost, "savings": savings, "weight": weight}


def bench_lighthouse(work: Path) -> dict:
    if not LIGHTHOUSE.is_file() or not CHROMIUM.is_file():
        return {"not_measured": "Lighthouse (npm ci) eller Chromium mangler"}
    if not FULL_SITE.is_dir():
        return {"not_measured": f"{FULL_SITE} findes ikke"}
    book = import_book(work / "lighthouse-book")
    outdir = book / "_build" / "html"
    # 1: the strict build names the old site's own faults; the pages are written.
    build = subprocess.run(
        [sys.executable, "-m", "os2_handbook.build", "html", str(outdir)],
        cwd=book, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if build.returncode not in (0, 1):
        return {"not_measured": f"bygningen fejlede:\n{build.stdout[-2000:]}{build.stderr[-2000:]}"}
    handler = functools.partial(_Compressing, directory=str(outdir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        results = {}
        for n, (name, path) in enumerate(pages(outdir).items()):
            runs = [
                run_lighthouse(base + path, work / f"lighthouse-{n}-{i}.json") for i in range(RUNS)
            ]
            # The run with the median performance score: one slow run on a busy
            # machine (total-blocking-time) does not decide the figure.
            runs.sort(key=lambda run: run["scores"]["performance"])
            median = runs[len(runs) // 2]
            median["all_performance"] = [run["scores"]["performance"] for run in runs]
            results[name] = median
        return results
    finally:
        server.shutdown()


def markdown(results: dict | None) -> str:
    """The scores as a Markdown table, with what cost points under it."""
    if not results:
        return ""
    if "not_measured" in results:
        return f"\n### Lighthouse\n\nIkke målt: {results['not_measured']}\n"
    out = ["\n### Lighthouse (telefonprofil)\n", "| Side | " + " | ".join(CATEGORIES) + " |"]
    out.append("| --- " * (len(CATEGORIES) + 1) + "|")
    for name, page in results.items():
        path = page["url"].split("/", 3)[3] or "/"
        scores = " | ".join(str(page["scores"][key]) for key in CATEGORIES)
        out.append(f"| {name} (`{path}`) | {scores} |")
    out.append("")
    out.append(
        f"Medianen af {RUNS} kørsler pr. side; performance i hver kørsel: "
        + "; ".join(f"{name} {page['all_performance']}" for name, page in results.items())
    )
    out.append("")
    for name, page in results.items():
        out.append(f"- {name}: {page['weight']}; tabte point: {'; '.join(page['lost']) or 'ingen'}")
        if page["savings"]:
            out.append(f"  - Lighthouse foreslår: {'; '.join(page['savings'])}")
    return "\n".join(out) + "\n"

"""``python -m os2_handbook.bench [OUTDIR]``: measure the build (``nox -s bench``).

Every measurement runs a real build in a subprocess and takes the wall time;
results go to OUTDIR/results.json and OUTDIR/results.md (default
_build/bench). See BENCHMARKS.md for what is measured and why.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from os2_handbook import build
from os2_handbook.bench.generate import (
    generate_pages,
    write_mkdocs_project,
    write_sphinx_project,
)
from os2_handbook.pdf import missing_prerequisites
from os2_handbook.project import commit_all, copy_project

EDITED_PAGE = "source/docs/communication.md"
CHAPTER = "docs/communication"
SCALES = {100: 3, 300: 3, 1000: 2}  # pages: runs (the 1,000-page builds are the slow part)
RUNS = 5  # the handbook's own builds take seconds: more runs, steadier medians
CLONE_RUNS = {"empty": 2, "warm": 3}
TARGETS = {
    "html_full": 1.5,
    "html_nochange": 0.8,
    "html_edit": 1.0,
    "pdf_warm": 8.0,
}
VERSIONS = ("sphinx", "myst-parser", "furo", "sphinx-design", "mkdocs", "mkdocs-material", "uv")


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Seconds the command took; a failing command stops the benchmark."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} fejlede (kode {result.returncode}):\n"
                 f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")  # fmt: skip
    return seconds


def summary(samples: list[float]) -> dict:
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "runs": len(samples),
        "samples": samples,
    }


def repeat(runs: int, measure, before=None) -> dict:
    samples = []
    for _ in range(runs):
        if before:
            before()
        samples.append(measure())
    return summary(samples)


def log(message: str) -> None:
    print(f"bench: {message}", flush=True)


# -- The handbook itself --------------------------------------------------------


def copy_handbook(dest: Path) -> Path:
    return commit_all(copy_project(dest))


def entry_point(fmt: str, outdir: Path) -> list[str]:
    # The same command as nox -s docs and Read the Docs (run in the copy, so
    # os2_handbook and its ROOT are the copy's).
    return [sys.executable, "-m", "os2_handbook.build", fmt, str(outdir)]


def incremental(root: Path, outdir: Path) -> list[str]:
    """The strict command without --fresh-env: what a rebuild while writing is."""
    command = build.sphinx_command("dirhtml", outdir, root=root, python=sys.executable)
    return [arg for arg in command if arg != "--fresh-env"]


def bench_handbook(work: Path) -> dict:
    root = copy_handbook(work / "handbook")
    out = root / "_build" / "bench"
    html = out / "html"
    results = {}

    log(f"fuld HTML-bygning ×{RUNS}")
    results["html_full"] = repeat(
        RUNS,
        lambda: timed(entry_point("html", html), root),
        before=lambda: shutil.rmtree(out, ignore_errors=True),
    )
    log(f"HTML-genbygning uden ændringer ×{RUNS}")
    timed(incremental(root, html), root)  # the environment the rebuilds start from
    results["html_nochange"] = repeat(RUNS, lambda: timed(incremental(root, html), root))

    log(f"HTML-genbygning efter ændring af én side ×{RUNS}")
    page = root / EDITED_PAGE
    edits = iter(range(RUNS))
    results["html_edit"] = repeat(
        RUNS,
        lambda: timed(incremental(root, html), root),
        before=lambda: page.write_text(
            page.read_text(encoding="utf-8") + f"\nRettelse nummer {next(edits)}.\n",
            encoding="utf-8",
        ),
    )

    results["parallel_full"] = repeat(
        RUNS,
        lambda: timed([*entry_point("html", html), "--jobs", "2"], root),
        before=lambda: shutil.rmtree(out, ignore_errors=True),
    )

    shutil.rmtree(out, ignore_errors=True)
    timed(entry_point("html", html), root)
    results["page_weight"] = {
        "front_page": page_weight(html, html / "index.html"),
        "chapter": page_weight(html, html / CHAPTER / "index.html"),
    }
    results.update(bench_pdf(root))
    return results


def bench_pdf(root: Path) -> dict:
    if "pdf" not in build.BUILDERS:
        reason = "os2_handbook.build har intet pdf-format endnu"
    elif missing := missing_prerequisites():
        reason = f"PDF'ens skrifttyper mangler: {', '.join(missing)}"
    else:
        reason = None
    if reason:
        log(f"PDF ikke målt: {reason}")
        return {"pdf_clean": {"not_measured": reason}, "pdf_warm": {"not_measured": reason}}
    out = root / "_build" / "bench-pdf"
    pdf = out / "pdf"
    log("PDF fra tom mappe ×3 og varm ×3")
    clean = repeat(3, lambda: timed(entry_point("pdf", pdf), root),
                   before=lambda: shutil.rmtree(out, ignore_errors=True))  # fmt: skip
    warm = repeat(3, lambda: timed(entry_point("pdf", pdf), root))
    return {"pdf_clean": clean, "pdf_warm": warm}


# -- Page weight ------------------------------------------------------------------

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def page_weight(site: Path, page: Path) -> dict:
    """Bytes and gzip bytes of the page and every local file it loads."""
    files: dict[Path, None] = {page: None}
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    urls = [tag["href"] for tag in soup.find_all("link", href=True)
            if {"stylesheet", "icon", "preload"} & set(tag.get("rel", []))]  # fmt: skip
    urls += [tag["src"] for tag in soup.find_all(["script", "img"], src=True)]
    external = []
    queue = [(page, url) for url in urls]
    while queue:
        base, url = queue.pop()
        if url.startswith("data:"):
            continue
        if urlsplit(url).scheme:
            external.append(url)
            continue
        path = (base.parent / urlsplit(url).path).resolve()
        if path in files or not path.is_file():
            continue
        files[path] = None
        if path.suffix == ".css":
            for match in CSS_URL.finditer(path.read_text(encoding="utf-8")):
                queue.append((path, match.group(1) or match.group(2)))
    total = sum(path.stat().st_size for path in files)
    gzipped = sum(len(gzip.compress(path.read_bytes(), 6, mtime=0)) for path in files)
    return {
        "bytes": total,
        "gzip_bytes": gzipped,
        "files": [
            *sorted(str(path.relative_to(site.resolve())) for path in files if path != page),
            str(page.relative_to(site)),
        ],
        "external": external,
    }


# -- Scaling and the peer ----------------------------------------------------------


def bench_scaling(work: Path) -> dict:
    small, *larger = sorted(SCALES)
    return {
        str(count): bench_scale(
            work, count, runs, furo_navigation=count == small, parallel=count in larger
        )
        for count, runs in SCALES.items()
    }


def bench_scale(
    work: Path, count: int, runs: int, *, furo_navigation: bool, parallel: bool
) -> dict:
    """Sphinx and mkdocs-material on the same generated pages (one scale)."""
    pages = generate_pages(count)
    sphinx_root = write_sphinx_project(pages, work / f"sphinx-{count}")
    mkdocs_root = write_mkdocs_project(pages, work / f"mkdocs-{count}")
    out = sphinx_root / "_build" / "bench"
    log(f"{count} sider: Sphinx ×{runs}, mkdocs-material ×{runs}")
    sphinx = repeat(
        runs,
        lambda: timed(entry_point("html", out / "html"), sphinx_root),
        before=lambda: shutil.rmtree(out, ignore_errors=True),
    )
    mkdocs = repeat(
        runs,
        lambda: timed([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                       "--clean", "--site-dir", "site"], mkdocs_root,
                      env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}),
    )  # fmt: skip
    results = {"sphinx": sphinx, "mkdocs": mkdocs}
    if furo_navigation:
        log(f"{count} sider med furos egen navigation (før optimeringen) ×1")
        results["sphinx_furo_navigation"] = repeat(
            1,
            lambda: timed([*entry_point("html", out / "html"), "-D", "os2_fast_navigation=0"],
                          sphinx_root),
            before=lambda: shutil.rmtree(out, ignore_errors=True),
        )  # fmt: skip
    if parallel:
        log(f"{count} sider med --jobs 2 ×2")
        results["sphinx_jobs2"] = repeat(
            2,
            lambda: timed([*entry_point("html", out / "html"), "--jobs", "2"], sphinx_root),
            before=lambda: shutil.rmtree(out, ignore_errors=True),
        )
    shutil.rmtree(sphinx_root)
    shutil.rmtree(mkdocs_root)
    return results


# -- Fresh clone ----------------------------------------------------------------------


def bench_clone(work: Path) -> dict:
    """git clone, uv sync of the docs group, build: with an empty and the warm uv cache."""
    uv = shutil.which("uv")
    git = shutil.which("git")
    if not uv or not git:
        reason = "uv eller git findes ikke på PATH"
        return {"clone_empty_cache": {"not_measured": reason},
                "clone_warm_cache": {"not_measured": reason}}  # fmt: skip

    def clone_and_build(cache: Path | None) -> float:
        target = work / "clone"
        shutil.rmtree(target, ignore_errors=True)
        env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
        env["UV_PROJECT_ENVIRONMENT"] = str(target / ".venv")
        if cache is not None:
            shutil.rmtree(cache, ignore_errors=True)
            env["UV_CACHE_DIR"] = str(cache)
        start = time.perf_counter()
        timed([git, "clone", "--quiet", str(build.ROOT), str(target)], work, env)
        timed([uv, "sync", "--locked", "--no-default-groups", "--group", "docs", "--quiet"],
              target, env)  # fmt: skip
        python = str(target / ".venv" / "bin" / "python")
        timed([python, "-m", "os2_handbook.build", "html", "_build/html"], target, env)
        return time.perf_counter() - start

    log(f"frisk klon til HTML, tom uv-cache ×{CLONE_RUNS['empty']}, varm ×{CLONE_RUNS['warm']}")
    empty = repeat(CLONE_RUNS["empty"], lambda: clone_and_build(work / "uv-cache"))
    warm = repeat(CLONE_RUNS["warm"], lambda: clone_and_build(None))
    shutil.rmtree(work / "uv-cache", ignore_errors=True)
    return {"clone_empty_cache": empty, "clone_warm_cache": warm}


# -- Report -----------------------------------------------------------------------------


def machine() -> dict:
    versions = {}
    for name in VERSIONS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    uv = shutil.which("uv")
    if uv:
        versions["uv"] = subprocess.run(
            [uv, "--version"], capture_output=True, text=True
        ).stdout.split()[1]
    return {
        "cpu_count": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "versions": versions,
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def _cell(result: dict) -> str:
    if "not_measured" in result:
        return f"ikke målt ({result['not_measured']})"
    return (
        f"{result['median']:.2f} s ({result['min']:.2f}–{result['max']:.2f}, "
        f"{result['runs']} kørsler)"
    )


def _verdict(value: float | None, target: float, unit: str = "s") -> str:
    goal = f"≤ {target:g} {unit}".rstrip()
    if value is None:
        return f"{goal}: ikke målt"
    return f"{goal}: {'✅ nået' if value <= target else '❌ ikke nået'}"


def markdown(results: dict) -> str:
    m = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v)
    lines = [
        f"Målt {m['date']} på {m['cpu_count']} CPU-kerner ({m['system']}, Python {m['python']}, "
        f"load {m['load_average_at_start'][0]:.1f} ved start). Versioner: {versions}.",
        "",
        "Tider er medianen af flere kørsler (min–max i parentes), væguret for hele kommandoen "
        "inklusive start af Python.",
        "",
        "| Måling | Tid | Mål |",
        "| --- | --- | --- |",
    ]
    labels = {
        "clone_empty_cache": ("Frisk klon → HTML, tom uv-cache", None),
        "clone_warm_cache": ("Frisk klon → HTML, varm uv-cache", None),
        "html_full": ("Fuld HTML-bygning fra tom mappe", "html_full"),
        "parallel_full": ("Fuld HTML-bygning med --jobs 2", None),
        "html_nochange": ("Genbygning uden ændringer", "html_nochange"),
        "html_edit": ("Genbygning efter ændring af én side", "html_edit"),
        "pdf_clean": ("PDF fra tom mappe", None),
        "pdf_warm": ("PDF, varm", "pdf_warm"),
    }
    for key, (label, target) in labels.items():
        result = results[key]
        goal = ""
        if target:
            goal = _verdict(result.get("median"), TARGETS[target])
        lines.append(f"| {label} | {_cell(result)} | {goal} |")

    lines += ["", "| Sider | Sphinx (dette projekt) | s/side | mkdocs-material | Sphinx/mkdocs |",
              "| --- | --- | --- | --- | --- |"]  # fmt: skip
    scaling = results["scaling"]
    for count, row in scaling.items():
        sphinx, mkdocs = row["sphinx"], row["mkdocs"]
        lines.append(
            f"| {count} | {_cell(sphinx)} | {sphinx['median'] / int(count):.3f} | "
            f"{_cell(mkdocs)} | {sphinx['median'] / mkdocs['median']:.2f} |"
        )
    small, *_, large = sorted(scaling, key=int)
    growth = scaling[large]["sphinx"]["median"] / scaling[small]["sphinx"]["median"]
    peer = scaling[large]["sphinx"]["median"] / scaling[large]["mkdocs"]["median"]
    lines += [
        "",
        f"- {large} sider / {small} sider: **{growth:.1f}** (lineær vækst er "
        f"{int(large) // int(small)}) – {_verdict(growth, 12, '')}",
        f"- {large} sider, Sphinx / mkdocs-material: **{peer:.2f}** – {_verdict(peer, 1.5, '×')}",
        f"- {small} sider med furos egen navigation (uden optimeringen): "
        f"{_cell(scaling[small]['sphinx_furo_navigation'])}",
        *(
            f"- {count} sider med --jobs 2: {_cell(row['sphinx_jobs2'])} "
            f"(uden: {_cell(row['sphinx'])}; Sphinx/mkdocs: "
            f"{row['sphinx_jobs2']['median'] / row['mkdocs']['median']:.2f})"
            for count, row in scaling.items()
            if "sphinx_jobs2" in row
        ),
        "",
        "| Side | Bytes | Gzip-bytes | Filer | Mål |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key, label in (("front_page", "Forsiden"), ("chapter", "Et kapitel")):
        weight = results["page_weight"][key]
        goal = _verdict(weight["gzip_bytes"] / 1000, 50, "KB gzip") if key == "front_page" else ""
        lines.append(f"| {label} | {weight['bytes']:,} | {weight['gzip_bytes']:,} | "
                     f"{len(weight['files'])} | {goal} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m os2_handbook.bench")
    parser.add_argument("outdir", type=Path, nargs="?", default=build.BUILD / "bench")
    parser.add_argument(
        "--quick", action="store_true", help="én kørsel af alt og små håndbøger: tjek at det virker"
    )
    args = parser.parse_args(argv)
    if args.quick:
        global RUNS, SCALES, CLONE_RUNS
        RUNS, SCALES, CLONE_RUNS = 1, {10: 1, 30: 1, 100: 1}, {"empty": 1, "warm": 1}
    args.outdir.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="os2-bench-") as tmp:
        work = Path(tmp)
        results.update(bench_clone(work))
        results.update(bench_handbook(work))
        results["scaling"] = bench_scaling(work)
    (args.outdir / "results.json").write_text(
        json.dumps(results, indent=2) + "\n", encoding="utf-8"
    )
    table = markdown(results)
    (args.outdir / "results.md").write_text(table, encoding="utf-8")
    print(table)
    log(f"resultater: {args.outdir / 'results.json'} og {args.outdir / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

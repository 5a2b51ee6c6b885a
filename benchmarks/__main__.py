"""``python -m benchmarks [OUTDIR]``: measure the build (``nox -s bench``).

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
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from benchmarks import lighthouse
from benchmarks.generate import (
    generate_pages,
    write_mkdocs_project,
    write_sphinx_project,
)
from benchmarks.peers import FULL_SITE, import_book, write_peer_project
from benchmarks.preview import preview_latency
from benchmarks.stats import summary
from os2_handbook import build
from os2_handbook.pdf.printing import missing_prerequisites
from tests.support.copies import commit_all, copy_project

EDITED_PAGE = "source/docs/communication.md"
CHAPTER = "docs/communication"
SCALES = {100: 3, 300: 3, 1000: 2}  # pages: runs (the 1,000-page builds are the slow part)
RUNS = 5  # the handbook's own builds take seconds: more runs, steadier medians
CLONE_RUNS = {"empty": 2, "warm": 3}
PARTS = ("real", "clone", "handbook", "scaling", "lighthouse")  # --only picks some
REAL_RUNS = 5  # rounds of the three builders on the real-size book
PREVIEW_EDITS = 5  # saves per kind of edit in the preview latency
TARGETS = {
    "html_full": 1.5,
    "html_nochange": 0.8,
    "html_edit": 1.0,
    "pdf_warm": 8.0,
}
VERSIONS = (
    "sphinx", "myst-parser", "furo", "sphinx-design", "sphinx-autobuild", "mkdocs",
    "mkdocs-material", "zensical", "uv",
)  # fmt: skip


@dataclass
class Run:
    """One command: wall time, CPU time (user + system, children included), peak memory."""

    wall: float
    cpu: float
    rss_mb: float  # peak resident memory of the largest process (ru_maxrss)
    output: str


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None, ok_codes=(0,)) -> Run:
    """Run the command and measure it; a failing command stops the benchmark."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        # wait4 gives this child's own resource use (and that of the processes it
        # waited for): CPU seconds and peak memory per run, not per benchmark.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", errors="replace")
    if process.returncode not in ok_codes:
        sys.exit(f"{' '.join(command)} fejlede (kode {process.returncode}):\n{output[-6000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Seconds the command took; a failing command stops the benchmark."""
    return measure(command, cwd, env).wall


def run_summary(runs: list[Run]) -> dict:
    """Wall time as summary() does, plus CPU time and peak memory."""
    return {
        **summary([run.wall for run in runs]),
        "cpu": summary([run.cpu for run in runs]),
        "rss_mb": summary([run.rss_mb for run in runs]),
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
    return build.sphinx_command(
        "dirhtml", outdir, root=root, python=sys.executable, fresh_env=False
    )


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
    log(f"{count} sider: Sphinx, mkdocs-material og Zensical skiftevis ×{runs}")
    results = peer_pairs(
        runs,
        sphinx=lambda: measure(entry_point("html", out / "html"), sphinx_root),
        before=lambda: shutil.rmtree(out, ignore_errors=True),
        peer_root=mkdocs_root,
        strict_peers=True,
    )
    if furo_navigation:
        log(f"{count} sider med furos egen navigation (før optimeringen) ×1")
        results["sphinx_furo_navigation"] = repeat(
            1,
            lambda: timed([*entry_point("html", out / "html"), "-D", "os2_fast_navigation=0"],
                          sphinx_root),
            before=lambda: shutil.rmtree(out, ignore_errors=True),
        )  # fmt: skip
    if parallel:
        log(f"{count} sider med --jobs 2 ×{min(runs, 2)}")
        results["sphinx_jobs2"] = repeat(
            min(runs, 2),
            lambda: timed([*entry_point("html", out / "html"), "--jobs", "2"], sphinx_root),
            before=lambda: shutil.rmtree(out, ignore_errors=True),
        )
    shutil.rmtree(sphinx_root)
    shutil.rmtree(mkdocs_root)
    return results


MKDOCS_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_command(strict: bool) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []),
            "--quiet", "--clean", "--site-dir", "site-mkdocs"]  # fmt: skip


def zensical_command(strict: bool) -> list[str]:
    # --clean: without its cache, like the other two builds from nothing.
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent)) or "zensical"
    return [zensical, "build", "--clean", *(["--strict"] if strict else [])]


def peer_pairs(runs: int, *, sphinx, before, peer_root: Path, strict_peers: bool) -> dict:
    """This project, mkdocs-material and Zensical in turn, `runs` rounds.

    Turn by turn, so that the ratios of each round compare builds that shared
    the machine's load; the medians of those ratios are reported.
    """
    ours, mkdocs, zensical = [], [], []
    for _ in range(runs):
        before()
        ours.append(sphinx())
        mkdocs.append(measure(mkdocs_command(strict_peers), peer_root, MKDOCS_ENV))
        zensical.append(measure(zensical_command(strict_peers), peer_root))

    def ratios(peer: list[Run]) -> dict:
        return {
            "cpu": statistics.median(a.cpu / b.cpu for a, b in zip(ours, peer, strict=True)),
            "wall": statistics.median(a.wall / b.wall for a, b in zip(ours, peer, strict=True)),
            "rss": statistics.median(a.rss_mb / b.rss_mb for a, b in zip(ours, peer, strict=True)),
        }

    return {
        "sphinx": run_summary(ours),
        "mkdocs": run_summary(mkdocs),
        "zensical": run_summary(zensical),
        "ratio_mkdocs": ratios(mkdocs),
        "ratio_zensical": ratios(zensical),
    }


# -- The real-size book: the full fixture site, three ways ---------------------------------


def warned_files(output: str, root: Path) -> set[str]:
    """source/… paths that a build's warnings name."""
    found = set()
    for line in output.splitlines():
        if ": WARNING: " in line and line.startswith(str(root)):
            found.add(line[len(str(root)) + 1 :].split(":", 1)[0])
    return found


def preview_pages(root: Path, warned: set[str]) -> tuple[str, str]:
    """A leaf page as deep as any, and a page with sub-pages (its title is in the menu)."""
    pages = sorted(p.relative_to(root).as_posix() for p in (root / "source").rglob("*.md"))
    clean = [p for p in pages if p not in warned and p != "source/index.md"] or pages

    def has_toctree(page: str) -> bool:
        return "{toctree}" in (root / page).read_text(encoding="utf-8")

    leaves = [p for p in clean if not has_toctree(p)]
    deepest = max(p.count("/") for p in leaves)
    chapters = [p for p in clean if has_toctree(p)]
    return next(p for p in leaves if p.count("/") == deepest), min(chapters, key=_depth_first)


def _depth_first(page: str) -> tuple[int, str]:
    return page.count("/"), page


def bench_real_size(work: Path) -> dict:
    """The imported fixture by this project; its Markdown by mkdocs-material and Zensical."""
    if not FULL_SITE.is_dir():
        return {"not_measured": f"{FULL_SITE} findes ikke"}
    book = import_book(work / "real-book")
    peer = write_peer_project(work / "real-peer")
    out = book / "_build" / "bench"
    log(f"den importerede testbog: Sphinx, mkdocs-material og Zensical skiftevis ×{REAL_RUNS}")
    builds: list[Run] = []

    def ours() -> Run:
        # 1: the strict build reports the imported book's open points (its warnings).
        builds.append(measure(entry_point("html", out / "html"), book, ok_codes=(0, 1)))
        return builds[-1]

    results = peer_pairs(
        REAL_RUNS, sphinx=ours, before=lambda: shutil.rmtree(out, ignore_errors=True),
        peer_root=peer, strict_peers=False,
    )  # fmt: skip
    warned = warned_files(builds[-1].output, book)
    results["pages"] = len(list((book / "source").rglob("*.md")))
    results["peer_pages"] = len(list((peer / "docs").rglob("*.md")))
    results["warnings"] = builds[-1].output.count(": WARNING: ")
    results["warned_pages"] = len(warned)
    leaf, chapter = preview_pages(book, warned)
    log(f"forhåndsvisning af testbogen: {leaf} og titlen på {chapter} ×{PREVIEW_EDITS}")
    results["preview"] = preview_latency(book, leaf, chapter, PREVIEW_EDITS, work / "preview.log")
    return results


def bench_generated_preview(work: Path, count: int = 50) -> dict:
    """Preview latency on a generated book without warnings, the size of the handbook."""
    root = write_sphinx_project(generate_pages(count), work / f"preview-{count}")
    leaf, chapter = preview_pages(root, set())
    log(f"forhåndsvisning af {count} genererede sider ×{PREVIEW_EDITS}")
    result = preview_latency(root, leaf, chapter, PREVIEW_EDITS, work / "preview-gen.log")
    return {"pages": count, **result}


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


def _mb(result: dict) -> str:
    return f"{result['rss_mb']['max']:.0f} MB"


def _cpu(result: dict) -> str:
    return f"{result['cpu']['median']:.2f} s"


def markdown(results: dict) -> str:
    m = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v)
    lines = [
        f"Målt {m['date']} på {m['cpu_count']} CPU-kerner ({m['system']}, Python {m['python']}, "
        f"load {m['load_average_at_start'][0]:.1f} ved start). Versioner: {versions}.",
        "",
        "Tider er medianen af flere kørsler (min–max i parentes), væguret for hele kommandoen "
        "inklusive start af Python. CPU er bruger- plus systemtid for kommandoen og dens "
        "underprocesser (medianen), hukommelse den største residente hukommelse (ru_maxrss) "
        "i nogen af kørslerne. Forholdstal er medianen af forholdene runde for runde: de tre "
        "byggere kører efter hinanden i hver runde og deler derfor maskinens belastning.",
    ]
    if "real_size" in results:
        lines += _real_size_lines(results)
    if "html_full" in results or "clone_empty_cache" in results:
        lines += _handbook_lines(results)
    if "scaling" in results:
        lines += _scaling_lines(results["scaling"])
    if "page_weight" in results:
        lines += ["", "| Side | Bytes | Gzip-bytes | Filer | Mål |", "| --- " * 5 + "|"]
        for key, label in (("front_page", "Forsiden"), ("chapter", "Et kapitel")):
            weight = results["page_weight"][key]
            goal = (
                _verdict(weight["gzip_bytes"] / 1000, 50, "KB gzip") if key == "front_page" else ""
            )
            lines.append(f"| {label} | {weight['bytes']:,} | {weight['gzip_bytes']:,} | "
                         f"{len(weight['files'])} | {goal} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def _real_size_lines(results: dict) -> list[str]:
    real = results["real_size"]
    if "not_measured" in real:
        return ["", f"Testbogen i fuld størrelse: ikke målt ({real['not_measured']})."]
    to_mkdocs, to_zensical = real["ratio_mkdocs"], real["ratio_zensical"]
    lines = [
        "",
        f"**Testbogen i fuld størrelse** (tests/fixtures/jekyll_full importeret: "
        f"{real['pages']} sider; den strenge bygning melder {real['warnings']} advarsler på "
        f"{real['warned_pages']} sider, som importen overlader til en redaktør; mkdocs-material "
        f"og Zensical bygger den samme Markdown, {real['peer_pages']} sider, uden --strict):",
        "",
        "| Bygning fra tom mappe | Tid | CPU | Hukommelse |",
        "| --- | --- | --- | --- |",
    ]
    for key, label in (("sphinx", "Dette projekt (streng, --fresh-env)"),
                       ("mkdocs", "mkdocs-material"), ("zensical", "Zensical")):  # fmt: skip
        lines.append(f"| {label} | {_cell(real[key])} | {_cpu(real[key])} | {_mb(real[key])} |")
    lines += [
        "",
        f"- CPU, dette projekt / mkdocs-material: **{to_mkdocs['cpu']:.2f}** – "
        f"{_verdict(to_mkdocs['cpu'], 1.0, '×')} (væg: {to_mkdocs['wall']:.2f})",
        f"- CPU, dette projekt / Zensical: **{to_zensical['cpu']:.2f}** "
        f"(væg: {to_zensical['wall']:.2f})",
        f"- Hukommelse, dette projekt / mkdocs-material: **{to_mkdocs['rss']:.2f}**; "
        f"/ Zensical: {to_zensical['rss']:.2f}",
    ]
    previews = [("testbogen", real["preview"])]
    if "preview_generated" in results:
        previews.append((f"{results['preview_generated']['pages']} genererede sider",
                         results["preview_generated"]))  # fmt: skip
    lines += [
        "",
        "| Forhåndsvisning (nox -s serve): gemt → ny HTML serveret | Tid | CPU pr. genbygning "
        "| Mål |",
        "| --- | --- | --- | --- |",
    ]
    for name, preview in previews:
        for kind, what, goal in (
            ("leaf", f"en sætning på {preview['leaf_page']}", True),
            ("title", f"ny titel på {preview['title_page']} (vist i menuen på alle sider)", False),
        ):
            cpu = preview.get(f"{kind}_cpu")
            cpu_cell = f"{cpu['median']:.2f} s" if cpu else "ikke målt"
            verdict = _verdict(preview[kind]["median"], 1.0) if goal else ""
            lines.append(f"| {name}: {what} | {_cell(preview[kind])} | {cpu_cell} | {verdict} |")
    return lines


def _handbook_lines(results: dict) -> list[str]:
    lines = ["", "| Måling | Tid | Mål |", "| --- | --- | --- |"]
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
        if key not in results:
            continue
        result = results[key]
        goal = _verdict(result.get("median"), TARGETS[target]) if target else ""
        lines.append(f"| {label} | {_cell(result)} | {goal} |")
    return lines


def _scaling_lines(scaling: dict) -> list[str]:
    lines = [
        "",
        "| Sider | Dette projekt | CPU | Hukommelse | mkdocs-material: CPU, hukommelse "
        "| Zensical: CPU, hukommelse | CPU-forhold til mkdocs / Zensical "
        "| Hukommelse-forhold til mkdocs |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for count, row in scaling.items():
        ours, mkdocs, zensical = row["sphinx"], row["mkdocs"], row["zensical"]
        lines.append(
            f"| {count} | {_cell(ours)} | {_cpu(ours)} | {_mb(ours)} | {_cpu(mkdocs)}, "
            f"{_mb(mkdocs)} | {_cpu(zensical)}, {_mb(zensical)} | "
            f"{row['ratio_mkdocs']['cpu']:.2f} / {row['ratio_zensical']['cpu']:.2f} | "
            f"{row['ratio_mkdocs']['rss']:.2f} |"
        )
    counts = sorted(scaling, key=int)
    small = "100" if "100" in scaling else counts[0]
    large = counts[-1]
    growth = scaling[large]["sphinx"]["cpu"]["median"] / scaling[small]["sphinx"]["cpu"]["median"]
    peer = scaling[large]["ratio_mkdocs"]
    lines += [
        "",
        f"- {large} sider / {small} sider, CPU: **{growth:.1f}** (lineær vækst er "
        f"{int(large) // int(small)}) – {_verdict(growth, 10, '')}",
        f"- {large} sider, dette projekt / mkdocs-material: CPU **{peer['cpu']:.2f}** – "
        f"{_verdict(peer['cpu'], 1.0, '×')}; hukommelse **{peer['rss']:.2f}** – "
        f"{_verdict(peer['rss'], 1.5, '×')}",
    ]
    if "sphinx_furo_navigation" in scaling[counts[0]]:
        lines.append(f"- {counts[0]} sider med furos egen navigation (uden optimeringen): "
                     f"{_cell(scaling[counts[0]]['sphinx_furo_navigation'])}")  # fmt: skip
    lines += [
        f"- {count} sider med --jobs 2: {_cell(row['sphinx_jobs2'])} (uden: {_cell(row['sphinx'])})"
        for count, row in scaling.items()
        if "sphinx_jobs2" in row
    ]
    return lines


def _scales(text: str) -> dict[int, int]:
    try:
        pairs = [part.split(":") for part in text.split(",")]
        return {int(pages): int(runs) for pages, runs in pairs}
    except ValueError:
        message = f"{text!r}: skriv sider:kørsler, fx 100:2,1000:1"
        raise argparse.ArgumentTypeError(message) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("outdir", type=Path, nargs="?", default=build.BUILD / "bench")
    parser.add_argument(
        "--quick", action="store_true", help="én kørsel af alt og små håndbøger: tjek at det virker"
    )
    parser.add_argument(
        "--only", action="append", choices=PARTS, help="kun denne del (kan gentages)"
    )
    parser.add_argument(
        "--scales",
        type=_scales,
        help="genererede håndbøger og kørsler, fx 100:2,1000:1 (standard: 100:3,300:3,1000:2)",
    )
    args = parser.parse_args(argv)
    global RUNS, SCALES, CLONE_RUNS, REAL_RUNS, PREVIEW_EDITS
    if args.quick:
        RUNS, CLONE_RUNS = 1, {"empty": 1, "warm": 1}
        SCALES = {10: 1, 30: 1, 100: 1}
        REAL_RUNS, PREVIEW_EDITS = 1, 2
    if args.scales:
        SCALES = args.scales
    parts = args.only or PARTS
    args.outdir.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="os2-bench-") as tmp:
        work = Path(tmp)
        if "real" in parts:
            results["real_size"] = bench_real_size(work)
            results["preview_generated"] = bench_generated_preview(work)
        if "clone" in parts:
            results.update(bench_clone(work))
        if "handbook" in parts:
            results.update(bench_handbook(work))
        if "scaling" in parts:
            results["scaling"] = bench_scaling(work)
        if "lighthouse" in parts:  # scores of three pages (benchmarks/lighthouse.py)
            results["lighthouse"] = lighthouse.bench_lighthouse(work)
    (args.outdir / "results.json").write_text(
        json.dumps(results, indent=2) + "\n", encoding="utf-8"
    )
    table = markdown(results) + lighthouse.markdown(results.get("lighthouse"))
    (args.outdir / "results.md").write_text(table, encoding="utf-8")
    print(table)
    log(f"resultater: {args.outdir / 'results.json'} og {args.outdir / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

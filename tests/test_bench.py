"""The benchmark's tools: the page generator, parallel builds, measuring and the results.

A build with ``--jobs 2`` must write the same files as a serial build. The
benchmark's measuring, its real-size peer project and its results table are
checked without timing anything. (The navigation it is used for: test_navigation.py.)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from benchmarks import __main__ as bench
from benchmarks.generate import generate_pages, write_mkdocs_project, write_sphinx_project
from benchmarks.peers import FULL_SITE, site_pages, write_peer_project
from benchmarks.preview import page_url
from conftest import GENERATED_PAGES, Build, edit_file, run_build


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


# -- The generator --------------------------------------------------------------------


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = write_sphinx_project(generate_pages(GENERATED_PAGES), tmp_path / "a")
    second = write_sphinx_project(generate_pages(GENERATED_PAGES), tmp_path / "b")
    assert files_of(first / "source") == files_of(second / "source")
    write_mkdocs_project(generate_pages(GENERATED_PAGES), tmp_path / "ma")
    write_mkdocs_project(generate_pages(GENERATED_PAGES), tmp_path / "mb")
    assert files_of(tmp_path / "ma") == files_of(tmp_path / "mb")


def test_generator_twin_other_seed_other_pages() -> None:
    assert [p.body for p in generate_pages(20)] != [p.body for p in generate_pages(20, seed=1)]


def test_generator_makes_the_requested_realistic_pages() -> None:
    pages = generate_pages(GENERATED_PAGES)
    assert len(pages) == GENERATED_PAGES
    page = pages[5]
    assert page.body.count("\n## ") == 8
    assert "{#afsnit-1}" in page.body
    assert ".md#afsnit-" in page.body  # a cross-link to a section of another page
    nested = [p for p in pages if p.children and p.path != "index" and "side" in p.path]
    assert nested, "no nested toctree below a part"


def test_generated_project_builds_strictly(generated_build: Build) -> None:
    assert "WARNING" not in generated_build.output
    pages = list(generated_build.outdir.rglob("index.html"))
    assert len(pages) >= GENERATED_PAGES
    # A cross-link lands on its anchor.
    soup = generated_build.html("del-0001/side-0002")
    links = [
        a["href"] for a in soup.find("article").find_all("a", href=True) if "#afsnit-" in a["href"]
    ]
    assert links


def test_generated_project_twin_broken_link_fails(tmp_path: Path) -> None:
    root = write_sphinx_project(generate_pages(12), tmp_path / "gen")
    page = root / "source" / "del-0001" / "side-0002.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n[væk](findes-ikke.md)\n", encoding="utf-8"
    )
    build = run_build(root)
    assert build.returncode != 0
    assert "side-0002.md:" in build.output and "findes-ikke" in build.output


# -- A parallel build writes what a serial build writes ---------------------------------


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    # With the public address known, sphinx-sitemap runs: its sitemap.xml is
    # what used to differ between a serial and a parallel build.
    root = write_sphinx_project(generate_pages(GENERATED_PAGES), tmp_path / "gen")
    edit_file(root, "pyproject.toml", lambda text: re.sub(  # the line url, not release-url
        r'^url = ""', 'url = "https://haandbog.example.org/da/latest/"', text, count=1,
        flags=re.MULTILINE))  # fmt: skip
    serial = run_build(root, outdir=root / "_build" / "serial")
    parallel = run_build(root, outdir=root / "_build" / "parallel", extra=("-j", "2"))
    assert serial.returncode == 0 and parallel.returncode == 0, serial.output + parallel.output
    assert (serial.outdir / "sitemap.xml").is_file()
    ours, theirs = files_of(parallel.outdir), files_of(serial.outdir)
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []


# -- The benchmark's own tools ------------------------------------------------------------


def test_measure_reports_time_cpu_and_memory(tmp_path: Path) -> None:
    busy = "x = bytearray(50_000_000); sum(range(3_000_000))"
    run = bench.measure([sys.executable, "-c", busy], tmp_path)
    assert run.wall > 0 and run.cpu > 0
    assert run.rss_mb > 50  # the 50 MB the child held, not the benchmark's own memory


def test_measure_twin_a_failing_command_stops_with_its_output(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="kaputt"):
        bench.measure([sys.executable, "-c", "import sys; sys.exit('kaputt')"], tmp_path)


def test_peer_project_has_the_sites_pages_and_its_menu(tmp_path: Path) -> None:
    peer = write_peer_project(tmp_path / "peer")
    pages = site_pages(FULL_SITE)
    assert pages, f"no pages in {FULL_SITE}"
    assert {p.relative_to(peer / "docs").as_posix() for p in (peer / "docs").rglob("*.md")} == set(
        pages
    )
    config = (peer / "mkdocs.yml").read_text(encoding="utf-8")
    in_menu = [path for path, (meta, _) in pages.items() if "title" in meta and not
               meta.get("nav_exclude")]  # fmt: skip
    assert in_menu and all(f" {path}" in config for path in in_menu)
    # Jekyll's Liquid is rewritten for mkdocs; the rest of the Markdown is the site's own.
    text = "".join(p.read_text(encoding="utf-8") for p in (peer / "docs").rglob("*.md"))
    assert "{%" not in text and "site.baseurl" not in text


def test_peer_menu_twin_leaves_out_excluded_pages(tmp_path: Path) -> None:
    excluded = [path for path, (meta, _) in site_pages(FULL_SITE).items()
                if meta.get("nav_exclude")]  # fmt: skip
    assert excluded, "the fixture plants a page with nav_exclude"
    config = (write_peer_project(tmp_path / "peer") / "mkdocs.yml").read_text(encoding="utf-8")
    assert all(f" {path}" not in config for path in excluded)


def test_preview_pages_are_a_leaf_and_a_page_in_the_menu(generated_build: Build) -> None:
    leaf, chapter = bench.preview_pages(generated_build.root, set())
    assert "{toctree}" not in (generated_build.root / leaf).read_text(encoding="utf-8")
    assert "{toctree}" in (generated_build.root / chapter).read_text(encoding="utf-8")
    assert page_url(leaf) == leaf.removeprefix("source/").removesuffix(".md") + "/"
    # Twin: a page with warnings is not picked (it is read again on every save).
    assert bench.preview_pages(generated_build.root, {leaf})[0] != leaf


def _fake(cpu: float, rss: float) -> dict:
    return bench.run_summary([bench.Run(cpu * 1.5, cpu, rss, "")])


def test_results_table_quotes_the_ratios_against_the_goals() -> None:
    real = {
        "sphinx": _fake(2.0, 90), "mkdocs": _fake(1.0, 40), "zensical": _fake(0.5, 60),
        "ratio_mkdocs": {"cpu": 2.0, "wall": 2.0, "rss": 2.25},
        "ratio_zensical": {"cpu": 4.0, "wall": 4.0, "rss": 1.5},
        "pages": 60, "peer_pages": 47, "warnings": 0, "warned_pages": 0,
        "preview": {"leaf": bench.summary([0.8]), "title": bench.summary([2.0]),
                    "leaf_page": "source/a.md", "title_page": "source/b.md",
                    "leaf_cpu": bench.summary([0.7]), "title_cpu": None},
    }  # fmt: skip
    table = bench.markdown({"machine": bench.machine(), "real_size": real})
    assert "dette projekt / mkdocs-material: **2.00** – ≤ 1 ×: ❌ ikke nået" in table
    assert "| 0.80 s (0.80–0.80, 1 kørsler) | 0.70 s | ≤ 1 s: ✅ nået |" in table
    # Twin: a build within the goal reads as met.
    real["ratio_mkdocs"]["cpu"] = 0.9
    assert "**0.90** – ≤ 1 ×: ✅ nået" in bench.markdown({"machine": bench.machine(),
                                                        "real_size": real})  # fmt: skip

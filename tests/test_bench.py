"""The benchmark's page generator (the navigation it is used for: test_navigation.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import GENERATED_PAGES, Build, run_build
from os2_handbook.bench.generate import generate_pages, write_mkdocs_project, write_sphinx_project


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

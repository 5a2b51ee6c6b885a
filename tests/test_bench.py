"""The benchmark's page generator and the once-per-build navigation.

The navigation check compares the sidebar of every page, built with
os2_handbook/navigation.py, with the sidebar furo itself renders
(``-D os2_fast_navigation=0``): they must be identical.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import Build, copy_project, run_build
from os2_handbook.bench.generate import generate_pages, write_mkdocs_project, write_sphinx_project
from os2_handbook.build import sphinx_command
from os2_handbook.theme import template_cache_dir

GENERATED_PAGES = 45  # enough for two parts, sub-pages and captions


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def build_with_furo_navigation(root: Path) -> Path:
    outdir = root / "_build" / "furo"
    command = sphinx_command(
        "dirhtml", outdir, root=root, python=sys.executable,
        doctreedir=root / "_build" / "doctrees-furo", extra=("-D", "os2_fast_navigation=0"),
    )  # fmt: skip
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return outdir


def sidebar(page: Path) -> str:
    tree = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(
        "div", class_="sidebar-tree"
    )
    assert tree is not None, f"{page}: no sidebar navigation"
    return str(tree)


def navigation_differences(ours: Path, furos: Path) -> list[str]:
    """Every page whose sidebar differs from furo's, with the first differing line."""
    pages = sorted(
        p.relative_to(furos)
        for p in furos.rglob("*.html")
        if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")  # old .html addresses
    )
    assert pages, f"no pages in {furos}"
    differences = []
    for page in pages:
        mine, theirs = sidebar(ours / page), sidebar(furos / page)
        if mine != theirs:
            line = next(
                (
                    f"{a!r} != {b!r}"
                    # not strict: when one is a prefix of the other, "different length" below
                    for a, b in zip(mine.splitlines(), theirs.splitlines(), strict=False)
                    if a != b
                ),
                "different length",
            )
            differences.append(f"{page}: {line}")
    return differences


@pytest.fixture(scope="module")
def generated_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = write_sphinx_project(generate_pages(GENERATED_PAGES), tmp_path_factory.mktemp("gen"))
    build = run_build(root)
    assert build.returncode == 0, build.output
    return build


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


# -- The navigation equals furo's -----------------------------------------------------


def test_handbook_navigation_equals_furos(html_build: Build, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "furo")
    differences = navigation_differences(html_build.outdir, build_with_furo_navigation(root))
    assert not differences, "\n".join(differences)


def test_generated_navigation_equals_furos(generated_build: Build) -> None:
    furos = build_with_furo_navigation(generated_build.root)
    differences = navigation_differences(generated_build.outdir, furos)
    assert not differences, "\n".join(differences)
    # The comparison covered nested, expanded branches, not just flat lists.
    nested = BeautifulSoup((furos / "del-0001/side-0008/index.html").read_text(encoding="utf-8"),
                           "html.parser")  # fmt: skip
    assert nested.select(".sidebar-tree li.current.has-children > input[checked]")
    assert nested.select(".sidebar-tree li.current-page")


def test_navigation_comparison_twin_catches_a_wrong_mark(
    generated_build: Build, tmp_path: Path
) -> None:
    broken = tmp_path / "html"
    subprocess.run(["cp", "-r", str(generated_build.outdir), str(broken)], check=True)
    page = broken / "del-0001" / "side-0003" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "current-page" in html
    page.write_text(html.replace(" current-page", "", 1), encoding="utf-8")
    differences = navigation_differences(broken, generated_build.outdir)
    assert len(differences) == 1
    assert differences[0].startswith("del-0001/side-0003/index.html:")


# -- Compiled templates kept between builds ---------------------------------------------


def test_compiled_templates_are_kept_and_follow_template_edits(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    first = run_build(root)
    assert first.returncode == 0, first.output
    cache = template_cache_dir(root / "_build" / "doctrees" / "dirhtml")
    assert any(cache.glob("*.cache")), f"no compiled templates in {cache}"
    # Twin: a template edited after the first build must not be served from the cache.
    template = root / "_templates" / "page.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            '<div class="os2-page-info">', '<div class="os2-page-info" data-edited="ja">'
        ),
        encoding="utf-8",
    )
    second = run_build(root)
    assert second.returncode == 0, second.output
    assert second.html("docs/communication").find("div", attrs={"data-edited": "ja"})

"""The importer reads only the site and writes only the project.

A hostile or careless site names paths that lead out: a permalink with
``..``, a logo in _config.yml outside the site, a page or asset that is a
symlink to a file elsewhere. Each is refused with a Danish message naming the
file (and line where there is one); the twins are the same constructs
pointing inside.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import fixture_book
from conftest import copy_project
from os2_handbook.build import ROOT

SITE = ROOT / "tests" / "fixtures" / "jekyll_site"
FULL_SITE = ROOT / "tests" / "fixtures" / "jekyll_full"
PAGE = "docs/ordliste.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the small fixture site, with a secret file beside it (outside it)."""
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text(
        "---\ntitle: Hemmelig\n---\n\n# Hemmelig\n\nSKAL-IKKE-MED\n", encoding="utf-8"
    )
    return copy


def set_permalink(site: Path, permalink: str) -> int:
    """Give PAGE a permalink; returns the front matter line it is on."""
    page = site / PAGE
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("---\n", f"---\npermalink: {permalink}\n", 1), encoding="utf-8")
    return 2


def test_a_permalink_out_of_the_project_writes_nothing(site: Path, tmp_path: Path) -> None:
    line = set_permalink(site, "/../pyproject.html")
    root = copy_project(tmp_path / "project")
    before = sorted(p.name for p in root.iterdir())
    run = fixture_book.run_import(root, "--force", site=site)
    assert run.returncode == 2
    assert f"{PAGE}:{line}: permalink /../pyproject.html peger uden for håndbogen" in run.output
    assert sorted(p.name for p in root.iterdir()) == before  # no pyproject.md, nothing else
    assert "Traceback" not in run.output


def test_twin_a_permalink_inside_is_followed(site: Path, tmp_path: Path) -> None:
    set_permalink(site, "/ordforklaringer/")
    run = fixture_book.run_import(copy_project(tmp_path / "project"), "--force", site=site)
    assert run.returncode in (0, 1), run.output
    assert (run.root / "source" / "ordforklaringer.md").is_file()


def test_a_logo_outside_the_site_is_not_read(site: Path, tmp_path: Path) -> None:
    config = site / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "logo: ../outside/secret.md\n",
                      encoding="utf-8")  # fmt: skip
    run = fixture_book.run_import(copy_project(tmp_path / "project"), "--force", site=site)
    assert run.returncode == 1  # work for a person: the report says what
    assert "logoet ../outside/secret.md ligger uden for siden" in run.report
    assert not list((run.root / "_static").glob("imported/logo*"))


def test_twin_a_logo_inside_the_site_is_imported(site: Path, tmp_path: Path) -> None:
    config = site / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "logo: assets/images/skitse.png\n",
                      encoding="utf-8")  # fmt: skip
    run = fixture_book.run_import(copy_project(tmp_path / "project"), "--force", site=site)
    assert (run.root / "_static" / "imported" / "logo.png").is_file(), run.output


def test_a_symlinked_page_out_of_the_site_is_not_imported(site: Path, tmp_path: Path) -> None:
    (site / "docs" / "hemmelig.md").symlink_to(tmp_path / "outside" / "secret.md")
    (site / "docs" / "kopi.md").symlink_to(site / PAGE)  # twin: a link inside the site
    run = fixture_book.run_import(copy_project(tmp_path / "project"), "--force", site=site)
    assert "docs/hemmelig.md" in run.report and "uden for siden" in run.report
    assert not (run.root / "source" / "docs" / "hemmelig.md").exists()
    for path in (run.root / "source").rglob("*.md"):
        assert "SKAL-IKKE-MED" not in path.read_text(encoding="utf-8"), path
    assert (run.root / "source" / "docs" / "kopi.md").is_file()


@pytest.mark.parametrize("name", ["_config.yml", "LICENSE", "_sass/custom/custom.scss"])
def test_a_site_file_linked_out_of_the_site_is_not_read(
    site: Path, tmp_path: Path, name: str
) -> None:
    (tmp_path / "outside" / "secret.txt").write_text("title: SKAL-IKKE-MED\n", encoding="utf-8")
    link = site / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(tmp_path / "outside" / "secret.txt")
    run = fixture_book.run_import(copy_project(tmp_path / "project"), "--force", site=site)
    assert "Traceback" not in run.output
    if name == "_config.yml":  # without its settings the import cannot go on
        assert run.returncode == 2
        assert "_config.yml:1: filen er et link til" in run.output
    else:
        assert f"- `{name}`: filen er et link til" in run.report, run.report
    for path in [*(run.root / "source").rglob("*"), *(run.root / "_static").rglob("*")]:
        assert not path.is_file() or b"SKAL-IKKE-MED" not in path.read_bytes(), path


@pytest.mark.parametrize("name", ["_config.yml", "LICENSE", "_sass/custom/custom.scss"])
def test_twin_a_site_file_linked_inside_the_site_is_read(
    site: Path, tmp_path: Path, name: str
) -> None:
    inside = site / "assets" / "kopi"
    source = {"_config.yml": SITE / "_config.yml", "LICENSE": FULL_SITE / "LICENSE"}
    shutil.copy2(source.get(name, FULL_SITE / "_sass" / "custom" / "custom.scss"), inside)
    link = site / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(inside)
    run = fixture_book.run_import(copy_project(tmp_path / "project"), "--force", site=site)
    assert run.returncode in (0, 1), run.output
    assert "uden for siden" not in run.report
    assert f"`{name}`" in run.report or name == "_config.yml", run.report

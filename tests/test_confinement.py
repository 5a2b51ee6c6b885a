"""No file from outside the repository is published: images, downloads, includes.

Each route names a file outside the copy of the project (a planted secret in
the test's own temporary folder, and a symlink from inside source/ to it); the
strict build must fail naming page, line and path, and nothing of the file may
reach the HTML. The twin uses the same routes on files inside the repository.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PORT_SOURCE, Build, copy_project, run_build
from support.copies import commit_all

SECRET = "OS2_SECRET_TOKEN=fixture-not-a-real-secret"
PAGE = "source/bidrag.md"
ROUTES = {  # what the page writes -> what the error names
    "image": "![Et billede]({target})",
    "download": "Hent [filen]({target}).",
    "literalinclude": "```{{literalinclude}} {target}\n```",
    "include": "```{{include}} {target}\n```",
    "raw": "```{{raw}} html\n:file: {target}\n```",
    "csv-table": "```{{csv-table}} Tabel\n:file: {target}\n```",
}


def build_with(
    tmp_path: Path, targets: dict[str, str], files: dict[str, str] | None = None
) -> tuple[Build, dict[str, int]]:
    """The project (with files added) and one paragraph per route appended to PAGE;
    returns the build and the line of each route."""
    root = copy_project(tmp_path / "project", source=PORT_SOURCE)
    for name, content in (files or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")
    page = root / PAGE
    text = page.read_text(encoding="utf-8")
    lines = {}
    for route, pattern in ROUTES.items():
        text += "\n\n"
        lines[route] = text.count("\n") + 1
        text += pattern.format(target=targets[route])
    page.write_text(text + "\n", encoding="utf-8")
    commit_all(root, "Hostile routes")
    return run_build(root), lines


def planted_secret(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    secret = folder / "secret.csv"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    return secret


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, dict[str, int], Path]:
    tmp = tmp_path_factory.mktemp("hostile")
    secret = planted_secret(tmp / "outside")
    # From source/bidrag.md: up to the copy's root, then out of it.
    relative = Path("..", "..", "outside", secret.name).as_posix()
    build, lines = build_with(tmp, dict.fromkeys(ROUTES, relative))
    return build, lines, secret


def test_every_route_out_of_the_repository_fails_naming_page_line_and_path(hostile) -> None:
    build, lines, secret = hostile
    assert build.returncode != 0
    assert "Traceback" not in build.output
    errors = re.findall(rf"{re.escape(PAGE)}:(\d+): ERROR: .*uden for repositoriet \(([^)]+)\)",
                        build.output)  # fmt: skip
    assert {path for _, path in errors} == {str(secret.resolve())}
    assert {int(line) for line, _ in errors} >= {lines["image"], lines["download"]}
    assert len(errors) >= len(ROUTES) - 1  # the includes may share one recorded path


def test_nothing_of_the_outside_file_is_written(hostile) -> None:
    build, _, secret = hostile
    for path in build.outdir.rglob("*"):  # what is published (not Sphinx's own cache)
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
            assert path.name != secret.name, path


def test_a_symlink_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    secret = planted_secret(tmp_path / "outside")
    root = copy_project(tmp_path / "project", source=PORT_SOURCE)
    (root / "source" / "billede.png").symlink_to(secret)
    page = root / PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\n![Et billede](billede.png)\n",
                    encoding="utf-8")  # fmt: skip
    commit_all(root, "Symlink")
    build = run_build(root)
    assert build.returncode != 0
    assert (
        f"'billede.png' peger på en fil uden for repositoriet ({secret.resolve()})" in build.output
    )


def test_twin_the_same_routes_inside_the_repository_build(tmp_path: Path) -> None:
    """Files elsewhere in the repository than source/ are fine: only the way out is shut."""
    files = {  # test text of our own
        "bilag/tabel.csv": "Indenfor,repositoriet\n",
        "bilag/tekst.md": "Indenfor repositoriet er teksten med.\n",
        "bilag/blok.html": "<p>Indenfor repositoriet.</p>\n",
        "bilag/figur.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n',
    }
    targets = dict.fromkeys(ROUTES, "../bilag/tabel.csv")
    targets |= {"image": "../bilag/figur.svg", "include": "../bilag/tekst.md",
                "raw": "../bilag/blok.html"}  # fmt: skip
    build, _ = build_with(tmp_path, targets, files)
    assert build.returncode == 0, build.output
    page = build.html("bidrag")
    assert page.select_one("article img[src$='figur.svg']") is not None
    assert page.select_one("article a.download") is not None
    assert page.get_text().count("Indenfor") >= len(ROUTES) - 2


def test_the_pdf_build_refuses_them_too(hostile) -> None:
    build, _, secret = hostile
    outdir = build.root / "_build" / "pdf"
    result = subprocess.run(
        [sys.executable, "-m", "os2_handbook.build", "pdf", str(outdir)],
        cwd=build.root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert f"uden for repositoriet ({secret.resolve()})" in result.stdout + result.stderr
    for path in outdir.rglob("*"):
        assert not path.is_file() or SECRET.encode() not in path.read_bytes(), path

"""Shared fixtures: one strict build of the handbook, and broken copies of it.

Every build runs the same command as `nox -s docs` (os2_handbook.build), in a
subprocess, so the tests see exactly what a maintainer sees.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from os2_handbook.build import ROOT, sphinx_command

# What a copy of the project needs in order to build.
PROJECT_FILES = ("conf.py", "pyproject.toml", "source", "_static", "_templates", "os2_handbook")
OPTIONAL_PROJECT_FILES = ("locale",)


@dataclass
class Build:
    """The result of one sphinx-build run."""

    root: Path
    outdir: Path
    returncode: int
    output: str  # stdout and stderr together: the warnings a maintainer sees

    def page_path(self, docname: str) -> Path:
        """The HTML file of a page: "index" or "docs/communication" (dirhtml layout)."""
        if docname in ("", "index"):
            return self.outdir / "index.html"
        return self.outdir / docname / "index.html"

    def html(self, docname: str) -> BeautifulSoup:
        return BeautifulSoup(self.page_path(docname).read_text(encoding="utf-8"), "html.parser")


GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def git(root: Path, *args: str, date: str = "2025-10-01T12:00:00+02:00") -> str:
    """Run git in root with a fixed identity and date; return its output."""
    env = {**os.environ, **GIT_IDENTITY, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=root, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


def copy_project(dest: Path) -> Path:
    """Copy the buildable parts of the project to dest, as one git commit; return dest.

    The copy is a git repository like every real checkout: "Sidst opdateret"
    comes from git (sphinx-last-updated-by-git), dated 1 October 2025 here.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES + OPTIONAL_PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    git(dest, "init", "--quiet")
    git(dest, "add", "--all")
    git(dest, "commit", "--quiet", "--message", "Copy of the handbook")
    return dest


def run_build(
    root: Path,
    builder: str = "dirhtml",
    outdir: Path | None = None,
    env: dict[str, str] | None = None,
    extra: tuple[str, ...] = (),
) -> Build:
    """Build root with the strict command; env adds environment variables."""
    outdir = outdir or root / "_build" / "html"
    result = subprocess.run(
        sphinx_command(builder, outdir, root=root, extra=extra, python=sys.executable),
        cwd=root,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    return Build(root, outdir, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def html_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The handbook as HTML, built once per test session from the real sources."""
    root = copy_project(tmp_path_factory.mktemp("handbook"))
    build = run_build(root)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def broken_build(tmp_path: Path) -> Callable[[str, Callable[[str], str]], Build]:
    """Build a copy of the project after editing one source file.

    Usage: ``broken_build("source/index.md", lambda text: text.replace(a, b))``.
    The edit must change the file, so a twin cannot pass by editing nothing.
    """

    def build(relpath: str, edit: Callable[[str], str]) -> Build:
        root = copy_project(tmp_path / "project")
        path = root / relpath
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        after = edit(before)
        assert after != before, f"the edit did not change {relpath}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(after, encoding="utf-8")
        return run_build(root)

    return build

"""The fast tier: the handbook's Sphinx extension, one feature at a time, in-process.

Each test builds a tiny source folder of its own (tests/fast/roots/<feature>/)
with Sphinx's test application (sphinx.testing, loaded in tests/conftest.py),
in this process: no sphinx-build subprocess (only git, which commits each
copy), no browser, no Node.js, no PDF libraries.
``nox -s tests -- -m fast`` runs only these tests (tests/conftest.py keeps the
other modules from being imported then).

The roots' conf.py files hold only what their feature needs; the extension
they load is named here, once (EXTENSIONS), and passed to every build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from support.trees import Edit, edit_file

HERE = Path(__file__).resolve().parent
ROOTS = HERE / "roots"
# The handbook's extension, as conf.py loads it: the only place the fast tier names it.
EXTENSION = "os2_handbook.ext"
# sphinx-last-updated-by-git as in conf.py: the extension checks its time-zone
# setting, and the pages' dates come from git, so every copy is a git repository.
EXTENSIONS = ["myst_parser", "sphinx_last_updated_by_git", EXTENSION]
# review.py and publishing.py read [tool.os2-haandbog] from pyproject.toml next to
# conf.py: a root without its own gets this one.
DEFAULT_PYPROJECT = ROOTS / "pyproject.toml"
# Sphinx colours its log unless its command line turns that off: the tests read plain text.
COLOUR = re.compile(r"\x1b\[[0-9;]*m")
# Who commits the copies, and when: a fixed identity and date.
COMMIT_DATE = "2025-10-01T12:00:00+02:00"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "OS2 handbook tests", "GIT_AUTHOR_EMAIL": "tests@os2-haandbog.invalid",
    "GIT_COMMITTER_NAME": "OS2 handbook tests", "GIT_COMMITTER_EMAIL": "tests@os2-haandbog.invalid",
    "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE,
}  # fmt: skip


def run_git(root: Path, *args: str, date: str = COMMIT_DATE) -> None:
    """git in root as the tests' identity, at date (the author's, committer's and tagger's)."""
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false",
         "-c", "init.defaultBranch=main", *args],
        cwd=root, capture_output=True, check=True,
        env={**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date},
    )  # fmt: skip


def commit_all(root: Path, message: str) -> None:
    """Commit every file in root, making it a git repository first if it is none."""
    for args in (["init", "--quiet"], ["add", "--all"], ["commit", "--quiet", "-m", message]):
        run_git(root, *args)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.fast)


@dataclass
class Built:
    """One in-process build of a root: the application and what it logged."""

    app: SphinxTestApp
    srcdir: Path

    @property
    def warnings(self) -> str:
        return COLOUR.sub("", self.app.warning.getvalue())

    @property
    def status(self) -> str:
        return COLOUR.sub("", self.app.status.getvalue())

    def html(self, name: str) -> BeautifulSoup:
        """A written file, parsed: "index.html", "docs/a/index.html"."""
        text = (Path(self.app.outdir) / name).read_text(encoding="utf-8")
        return BeautifulSoup(text, "html.parser")

    def where(self, relpath: str, line: int) -> str:
        """How Sphinx names a place in a warning: "<srcdir>/a.md:3"."""
        return f"{self.srcdir / relpath}:{line}"

    def warned(self, relpath: str, line: int, message: str) -> bool:
        """Whether Sphinx warned message (its start) at relpath:line."""
        return f"{self.where(relpath, line)}: WARNING: {message}" in self.warnings


@pytest.fixture
def build_root(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> Callable[..., Built]:
    """Copy a root to a temporary folder, apply edits, build it and return the result.

    ``build_root("pending", edits={"a.md": lambda text: ...}, builder="dirhtml")``.
    An edit must change its file, so a negative twin cannot pass by editing nothing.
    ``connect`` maps event names to extra handlers (to look at a page's context),
    run after every handler of the extension's.
    The copy is committed to git after the edits (unless ``git=False``), or
    ``history(copy, run_git)`` makes its git history (commits, tags) instead;
    ``srcdir`` builds an earlier copy again (an incremental build).
    """
    built: list[Built] = []

    def build(
        root: str,
        *,
        builder: str = "html",
        edits: dict[str, Edit] | None = None,
        connect: dict[str, Callable[..., Any]] | None = None,
        srcdir: Path | None = None,
        git: bool = True,
        history: Callable[[Path, Callable[..., None]], None] | None = None,
        **confoverrides: Any,
    ) -> Built:
        if srcdir is None:  # a fresh copy; a given srcdir is built again as it is
            srcdir = tmp_path / f"{root}-{len(built) + 1}"
            shutil.copytree(ROOTS / root, srcdir)
            if not (srcdir / "pyproject.toml").exists():
                shutil.copy(DEFAULT_PYPROJECT, srcdir / "pyproject.toml")
        for relpath, edit in (edits or {}).items():
            edit_file(srcdir, relpath, edit)
        if history:
            history(srcdir, run_git)
        elif git:
            commit_all(srcdir, "Ændret i testen" if edits else "Testroden")
        if built:  # one application at a time: Sphinx's global registries are shared
            built[-1].app.cleanup()
        app = make_app(
            builder,
            srcdir=srcdir,
            builddir=srcdir / "_build",
            confoverrides={"extensions": EXTENSIONS, **confoverrides},
        )
        for event, handler in (connect or {}).items():
            app.connect(event, handler, priority=1000)
        app.build()
        built.append(Built(app, srcdir))
        return built[-1]

    return build

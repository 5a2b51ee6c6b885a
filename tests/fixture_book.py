"""A Jekyll fixture site imported into a temporary copy of the project.

For every branch's tests that need the handbook at the real size::

    from fixture_book import FULL_SITE, import_fixture, fix_true_faults

    book = import_fixture(tmp_path / "book")          # tests/fixtures/jekyll_full/
    fix_true_faults(book.root)                        # the old site's own faults
    build = run_build(book.root)                      # conftest.run_build

``import_fixture`` runs the importer exactly as ``nox -s import -- SITE --force``
does, in a copy of the project made by conftest.copy_project (one git commit,
so the strict build can date the pages).
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from conftest import copy_project, edit_file, git
from os2_handbook.build import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
SMALL_SITE = FIXTURES / "jekyll_site"
FULL_SITE = FIXTURES / "jekyll_full"
FULL_MANIFEST = FIXTURES / "jekyll_full_manifest.yml"


@dataclass
class ImportRun:
    """One run of the importer in a project copy."""

    root: Path
    returncode: int
    output: str  # stdout and stderr: the report as printed

    @property
    def report(self) -> str:
        return (self.root / "_build" / "import-report.md").read_text(encoding="utf-8")


@cache
def manifest() -> dict[str, Any]:
    """What the full fixture plants (tests/fixtures/jekyll_full_manifest.yml)."""
    return yaml.safe_load(FULL_MANIFEST.read_text(encoding="utf-8"))


def run_import(root: Path, *options: str, site: Path = FULL_SITE) -> ImportRun:
    """``python -m os2_handbook.importer SITE --dest source OPTIONS`` in root."""
    result = subprocess.run(
        [
            sys.executable,
            "-B",  # no __pycache__ in the copy: the tree holds only what the importer writes
            "-m",
            "os2_handbook.importer",
            str(site),
            "--dest",
            "source",
            *options,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return ImportRun(root, result.returncode, result.stdout + result.stderr)


def import_fixture(dest: Path, site: Path = FULL_SITE, *options: str) -> ImportRun:
    """A fresh project copy in dest with site imported (``--force``), committed to git."""
    root = copy_project(dest)
    run = run_import(root, "--force", *options, site=site)
    if run.returncode not in (0, 1):
        raise AssertionError(f"the import of {site} failed:\n{run.output}")
    commit_all_changes(root, "Import the fixture site")
    return run


def true_fault_lines(root: Path) -> list[tuple[str, int]]:
    """(source/… path, line) of each planted true fault in the imported book."""
    found = []
    for fault in manifest()["true_faults"]:
        relative = "source/" + fault["page"]
        lines = (root / relative).read_text(encoding="utf-8").splitlines()
        link = _link(fault["text"])
        numbers = [n for n, line in enumerate(lines, start=1) if link.search(line)]
        assert numbers, f"{relative}: no link [{fault['text']}](…) to the true fault"
        found += [(relative, n) for n in numbers if (relative, n) not in found][:1]
    return found


# The old site's product cards are raw HTML with <h3> right under the page's
# title: the tagged PDF's headings must not skip a level, so the PDF build stops
# there (naming file and line), as a maintainer would be told to fix it. Only
# the PDF minds, so fix_true_faults leaves it for the PDF tests to show.
RAW_CARD_PAGE = "docs/produkter/oversigt.md"


def fix_raw_heading_levels(root: Path) -> None:
    edit_file(root, f"source/{RAW_CARD_PAGE}", lambda t: re.sub(r"(</?)h3>", r"\1h2>", t))


def fix_true_faults(root: Path) -> None:
    """Do what a maintainer does with the old site's faults: keep the text, drop the link."""
    for fault in manifest()["true_faults"]:
        path = root / "source" / fault["page"]
        text = path.read_text(encoding="utf-8")
        fixed, count = _link(fault["text"]).subn(lambda m: m.group(1), text, count=1)
        assert count == 1, f"{path}: no link [{fault['text']}](…) to fix"
        path.write_text(fixed, encoding="utf-8")
    commit_all_changes(root, "Fix the old site's own faults")


def commit_all_changes(root: Path, message: str) -> None:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--allow-empty", "--message", message)


def _link(text: str) -> re.Pattern[str]:
    return re.compile(r"\[(" + re.escape(text) + r")\]\([^)]*\)")


__all__ = [
    "FULL_MANIFEST",
    "FULL_SITE",
    "SMALL_SITE",
    "ImportRun",
    "fix_true_faults",
    "import_fixture",
    "manifest",
    "run_import",
    "true_fault_lines",
]

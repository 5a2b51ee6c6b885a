"""The secretariat's own path, exactly as the README gives it, on a copy of the project.

Import the full-size fixture site with ``nox -s import``, commit as a
maintainer would, then ``nox -s docs``, ``nox -s pdf`` and ``nox -s lint``.
Nothing is done by hand except what the tools name: the old site's own faults
(tests/fixtures/jekyll_full_manifest.yml) and its unknown words, each with
file, line and fix. Every nox session installs from uv.lock with --locked, so
an import that touched what the lock records would stop here first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from conftest import copy_project
from fixture_book import (
    FULL_SITE,
    RAW_CARD_PAGE,
    commit_all_changes,
    fix_raw_heading_levels,
    fix_true_faults,
    manifest,
)
from os2_handbook.build import ROOT

FINDING = re.compile(
    r"^(?P<path>[^\s:]+\.md):(?P<line>\d+): (?:WARNING|ERROR)?:? ?(?P<text>.+)$", re.M
)


def nox(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    program = shutil.which("nox")
    assert program, "nox is not on PATH: the README's quick start installs it"
    return subprocess.run(
        [program, "--no-color", *args], cwd=root, capture_output=True, text=True, check=False
    )


def findings(output: str, root: Path) -> set[str]:
    """The source files the output names with a line: relative to the project."""
    found = set()
    for match in FINDING.finditer(output):
        path = Path(match["path"])
        found.add((path.relative_to(root) if path.is_absolute() else path).as_posix())
    return found


def test_import_docs_pdf_lint_need_only_the_old_sites_own_fixes(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    # What a clone has besides the build's files: the sessions, the lock, the lint lists.
    # And the licences that nox -s lint's reuse lint checks, which needs .gitignore to skip _build/.
    for name in ("noxfile.py", "uv.lock", "ordliste.txt", "lint-baseline.csv", "README.md",
                 "CONTRIBUTING.md", ".gitignore", "REUSE.toml"):  # fmt: skip
        shutil.copy2(ROOT / name, root / name)
    shutil.copytree(ROOT / "LICENSES", root / "LICENSES")
    commit_all_changes(root, "A clone of the handbook")

    imported = nox(root, "-s", "import", "--", str(FULL_SITE), "--force")
    assert imported.returncode == 0, imported.stdout + imported.stderr  # 1 = hand work: nox accepts
    commit_all_changes(root, "Import the old site")

    faults = {"source/" + fault["page"] for fault in manifest()["true_faults"]}
    docs = nox(root, "-s", "docs")
    assert docs.returncode != 0
    assert "lockfile" not in docs.stderr  # the import left uv.lock fresh
    assert findings(docs.stdout + docs.stderr, root) == faults, docs.stdout + docs.stderr

    fix_true_faults(root)
    docs = nox(root, "-s", "docs")
    assert docs.returncode == 0, docs.stdout + docs.stderr

    pdf = nox(root, "-s", "pdf")
    assert pdf.returncode != 0  # the old site's cards skip a heading level
    assert findings(pdf.stdout + pdf.stderr, root) == {f"source/{RAW_CARD_PAGE}"}
    fix_raw_heading_levels(root)
    commit_all_changes(root, "Card headings one level down")
    pdf = nox(root, "-s", "pdf")
    assert pdf.returncode == 0, pdf.stdout + pdf.stderr

    lint = nox(root, "-s", "lint")
    if lint.returncode != 0:  # only the prose gates may speak, each naming file, line and fix
        named = findings(lint.stdout, root)
        assert named and all(path.startswith("source/") for path in named), lint.stdout
        adopted = nox(root, "-s", "lint", "--", "--update-baseline")
        assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    lint = nox(root, "-s", "lint")
    assert lint.returncode == 0, lint.stdout + lint.stderr

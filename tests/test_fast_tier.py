"""The fast tier (`nox -s tests -- -m fast`, tests/fast/) runs without a browser or PDF libraries.

Collected in a child pytest whose import path hides Playwright, axe, WeasyPrint,
pikepdf and pypdf behind modules that raise ImportError: a module of the fast
tier (or a conftest it loads) that imports one of them fails the collection.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HIDDEN = ("playwright", "axe_playwright_python", "weasyprint", "pikepdf", "pypdf")


def collect_fast_tier(root: Path, hidden: Path) -> subprocess.CompletedProcess[str]:
    for name in HIDDEN:
        (hidden / name).mkdir(parents=True, exist_ok=True)
        (hidden / name / "__init__.py").write_text(
            f"raise ImportError('{name} is hidden from the fast tier')\n", encoding="utf-8"
        )
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "fast", "--collect-only", "-q",
         "-p", "no:cacheprovider"],
        cwd=root, env={**os.environ, "PYTHONPATH": f"{hidden}{os.pathsep}{ROOT}"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def fast_tier_copy(dest: Path) -> Path:
    """The test configuration and tests/ with the fast tier and helpers, without the other tests."""
    tests = ROOT / "tests"

    def other_tests(folder: str, names: list[str]) -> list[str]:
        if Path(folder) != tests:
            return []
        return [name for name in names if name.startswith("test_") or name == "fixtures"]

    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")
    shutil.copytree(tests, dest / "tests", ignore=other_tests)
    return dest


def test_the_fast_tier_imports_no_browser_or_pdf_library(tmp_path: Path) -> None:
    result = collect_fast_tier(ROOT, tmp_path / "hidden")
    assert result.returncode == 0, result.stdout + result.stderr
    assert " tests collected" in result.stdout


def test_twin_a_fast_module_that_imports_playwright_fails(tmp_path: Path) -> None:
    root = fast_tier_copy(tmp_path / "project")
    (root / "tests" / "fast" / "test_needs_a_browser.py").write_text(
        "from playwright.sync_api import sync_playwright\n", encoding="utf-8"
    )
    result = collect_fast_tier(root, tmp_path / "hidden")
    assert result.returncode != 0
    assert "test_needs_a_browser.py" in result.stdout
    assert "playwright is hidden from the fast tier" in result.stdout

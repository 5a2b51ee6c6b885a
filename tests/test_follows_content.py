"""Tests follow the content: an author filling in a section or editing a
sentence breaks no test.

The content-dependent tests (marked ``content`` by conftest.py) run again in
a separate pytest, against a copy of source/ that an author has changed
(OS2_TEST_SOURCE). Their twin: the same run against a copy that breaks the
fixed contract (an old anchor removed) fails, naming the anchor.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SOURCE_ENV
from os2_handbook.build import ROOT
from seeds import pending_notes

# The content-dependent tests of the HTML handbook (the PDF's are left out:
# one PDF build per session is enough).
CONTENT_TESTS = ("tests/test_handbook.py", "tests/test_pending.py", "tests/test_old_urls.py")
WELCOME = "docs/welcome_and_purpose.md"
PENDING_BLOCK = re.compile(r"^:::\{pending\}\n(?:.*\n)*?:::\n", re.M)
FIRST_SENTENCE = re.compile(r"^([A-ZÆØÅ][^\n.]*?)\.", re.M)
ROLE_LINK = re.compile(r"^- \[[^]]*\]\(docs/welcome_and_purpose\.md#rolle\)\n", re.M)
FILLED_IN = "Denne tekst er skrevet i en testkopi, så afsnittet ikke længere mangler."


def run_content_tests(source: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable, "-m", "pytest", *CONTENT_TESTS,
            "-m", "content and not browser",
            "-p", "no:cacheprovider",  # the copy's run leaves nothing in the checkout
            "-q", "--no-header",
            # Its own temporary folder: the run must not clean up this run's.
            "--basetemp", str(source.parent / "pytest"),
        ],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"},
             SOURCE_ENV: str(source)},
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def edited_copy(dest: Path) -> Path:
    """source/ with the first pending section filled in and a sentence of chapter 1 edited."""
    shutil.copytree(ROOT / "source", dest)
    chapter = next(
        path for path in sorted((dest / "docs").glob("*.md"))
        if pending_notes(path.read_text(encoding="utf-8"))
    )  # fmt: skip
    text = chapter.read_text(encoding="utf-8")
    filled = PENDING_BLOCK.sub(FILLED_IN + "\n", text, count=1)
    assert pending_notes(filled) == pending_notes(text) - 1
    chapter.write_text(filled, encoding="utf-8")

    welcome = dest / WELCOME
    text = welcome.read_text(encoding="utf-8")
    # The first sentence of the chapter's first paragraph, reworded.
    edited = FIRST_SENTENCE.sub(r"\1, skrevet om i en testkopi.", text, count=1)
    assert edited != text
    welcome.write_text(edited, encoding="utf-8")
    return dest


def test_content_tests_pass_after_an_author_fills_in_and_edits(tmp_path: Path) -> None:
    result = run_content_tests(edited_copy(tmp_path / "source"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b\d+ passed", result.stdout), result.stdout
    assert " deselected" in result.stdout  # the twins ran only in the main session


def test_twin_content_tests_fail_when_an_old_anchor_is_removed(tmp_path: Path) -> None:
    source = edited_copy(tmp_path / "source")
    # The anchor and the front page's link to it go; old bookmarks would break.
    welcome = source / WELCOME
    welcome.write_text(welcome.read_text(encoding="utf-8").replace("{#rolle}\n", ""))
    index = source / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(ROLE_LINK.sub("", text), encoding="utf-8")
    result = run_content_tests(source)
    assert result.returncode != 0
    assert "docs/welcome_and_purpose#rolle" in result.stdout, result.stdout

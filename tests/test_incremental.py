"""Incremental rebuilds (the live preview) report what a fresh build reports.

The live preview rebuilds without ``--fresh-env`` (os2_handbook/ext/incremental.py).
These tests run that command on a copy of the project, edit pages between
builds and compare with a fresh build: a warning in an untouched page stays,
a link broken by another page's edit is reported at once, and the pages are
the same as a fresh build's.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Build, copy_project, edit_file, run_build
from os2_handbook.build import sphinx_command
from os2_handbook.ext.incremental import NOTES_FILE

LINKING_PAGE = "source/index.md"
UNTOUCHED_PAGE = "source/bidrag.md"
EDITED_PAGE = "source/docs/communication.md"
CHAPTER_HTML = "docs/communication/index.html"
CROSS_LINK = re.compile(r"\]\((?P<path>docs/\w+\.md)#(?P<anchor>[\w-]+)\)")


def incremental_build(root: Path) -> Build:
    """The preview's command (strict, without --fresh-env), as one build."""
    outdir = root / "_build" / "serve"
    command = sphinx_command(
        "dirhtml", outdir, root=root, doctreedir=root / "_build" / "doctrees" / "serve",
        python=sys.executable, fresh_env=False,
    )  # fmt: skip
    result = subprocess.run(
        command, cwd=root, capture_output=True, text=True, check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    return Build(root, outdir, result.returncode, result.stdout + result.stderr)


def warnings_of(build: Build) -> set[str]:
    """The warning lines, with the project's path cut off."""
    return {line.replace(f"{build.root}/", "") for line in build.output.splitlines()
            if ": WARNING: " in line}  # fmt: skip


def fresh_warnings(root: Path) -> set[str]:
    """What a full strict build (nox -s docs) reports for the same sources."""
    return warnings_of(run_build(root, outdir=root / "_build" / "fresh"))


def append(root: Path, relpath: str, text: str) -> int:
    """Add a paragraph to a page; return its line number."""
    edit_file(root, relpath, lambda before: f"{before}\n{text}\n")
    return len((root / relpath).read_text(encoding="utf-8").splitlines())


def cross_link(root: Path) -> tuple[int, str, str]:
    """The first link from the front page to a section of a chapter: line, file, anchor."""
    lines = (root / LINKING_PAGE).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if match := CROSS_LINK.search(line):
            return number, f"source/{match['path']}", match["anchor"]
    pytest.fail(f"{LINKING_PAGE} links to no section of a chapter")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    first = incremental_build(root)
    assert first.returncode == 0, first.output
    return root


def test_a_warning_in_an_untouched_page_stays_after_an_unrelated_edit(project: Path) -> None:
    # A Jekyll-style link warns while the page is read, a link to a missing
    # page while it is resolved: both phases are covered.
    jekyll = append(project, UNTOUCHED_PAGE, "Se [kapitlet](docs/communication).")
    missing = append(project, UNTOUCHED_PAGE, "Se [siden](findes-ikke.md).")
    warnings = [
        f"{UNTOUCHED_PAGE}:{jekyll}: WARNING: link i Jekyll-stil",
        f"{UNTOUCHED_PAGE}:{missing}: WARNING: 'myst' cross-reference target not found",
    ]
    broken = incremental_build(project)
    assert broken.returncode != 0, broken.output
    assert all(warning in broken.output for warning in warnings), broken.output

    append(project, EDITED_PAGE, "En rettelse et helt andet sted.")
    unrelated = incremental_build(project)
    assert unrelated.returncode != 0, unrelated.output
    assert all(warning in unrelated.output for warning in warnings), unrelated.output
    assert warnings_of(unrelated) == fresh_warnings(project)
    # And again when nothing at all changed.
    unchanged = incremental_build(project)
    assert all(warning in unchanged.output for warning in warnings), unchanged.output


def test_twin_a_fixed_warning_does_not_linger(project: Path) -> None:
    append(project, UNTOUCHED_PAGE, "Se [kapitlet](docs/communication).")
    append(project, UNTOUCHED_PAGE, "Se [siden](findes-ikke.md).")
    assert incremental_build(project).returncode != 0
    fixes = {"(docs/communication)": "(docs/communication.md)", "(findes-ikke.md)": "(index.md)"}
    for wrong, right in fixes.items():
        edit_file(project, UNTOUCHED_PAGE, lambda text, a=wrong, b=right: text.replace(a, b))
    fixed = incremental_build(project)
    assert fixed.returncode == 0, fixed.output
    assert "WARNING" not in fixed.output, fixed.output


def test_an_edit_that_breaks_another_pages_link_is_reported_at_once(project: Path) -> None:
    line, target, anchor = cross_link(project)
    moved = f"{{#{anchor}-flyttet}}"
    edit_file(project, target, lambda text: text.replace(f"{{#{anchor}}}", moved))
    broken = incremental_build(project)
    assert broken.returncode != 0, broken.output
    (warning,) = warnings_of(broken)
    assert warning.startswith(f"{LINKING_PAGE}:") and repr(anchor) in warning, warning
    assert abs(int(warning.split(":")[1]) - line) <= 1, warning  # MyST counts front matter
    assert warnings_of(broken) == fresh_warnings(project)
    # Twin: the anchor back in place, the front page is clean again at once.
    edit_file(project, target, lambda text: text.replace(moved, f"{{#{anchor}}}"))
    restored = incremental_build(project)
    assert restored.returncode == 0, restored.output


def test_notes_that_do_not_fit_the_environment_make_a_full_reread(project: Path) -> None:
    line = append(project, UNTOUCHED_PAGE, "Se [kapitlet](docs/communication).")
    assert incremental_build(project).returncode != 0
    # An interrupted build (or one with --jobs) leaves no notes behind.
    notes = project / "_build" / "doctrees" / "serve" / NOTES_FILE
    assert notes.is_file()
    notes.unlink()
    append(project, EDITED_PAGE, "En rettelse et helt andet sted.")
    rebuilt = incremental_build(project)
    assert f"{UNTOUCHED_PAGE}:{line}: WARNING: link i Jekyll-stil" in rebuilt.output
    assert re.search(r"0 added, \d{2,} changed", rebuilt.output), rebuilt.output


# -- The pages equal a fresh build's -------------------------------------------------------


def html_differences(ours: Path, fresh: Path) -> list[str]:
    pages = sorted(p.relative_to(fresh) for p in fresh.rglob("*.html"))
    assert pages, f"no pages in {fresh}"
    return [
        str(page)
        for page in pages
        if not (ours / page).is_file() or (ours / page).read_bytes() != (fresh / page).read_bytes()
    ]


EDITS = {
    # The title shows in every page's sidebar and in next/previous links.
    "title": lambda text: re.sub(r"^# (.+)$", r"# \1 (ny titel)", text, count=1, flags=re.M),
    # A new sentence: no other page changes (the kept sidebar template is reused).
    "sentence": lambda text: f"{text}\nEn ny sætning (ny titel).\n",
    # A renamed anchor: the pages linking to it change.
    "anchor": lambda text: re.sub(r"\{#([\w-]+)\}", r"{#\1-ny}", text, count=1),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_after_an_edit_every_page_equals_a_fresh_build(project: Path, edit: str) -> None:
    edit_file(project, EDITED_PAGE, EDITS[edit])
    incremental = incremental_build(project)
    fresh = run_build(project, outdir=project / "_build" / "fresh")
    assert warnings_of(incremental) == warnings_of(fresh)
    assert not html_differences(incremental.outdir, fresh.outdir)
    if edit == "anchor":
        assert warnings_of(incremental), "the renamed anchor breaks a link on the front page"
    else:
        assert "(ny titel)" in (incremental.outdir / CHAPTER_HTML).read_text(encoding="utf-8")


def test_twin_the_comparison_sees_a_stale_page(project: Path) -> None:
    fresh = run_build(project, outdir=project / "_build" / "fresh")
    stale = project / "_build" / "serve" / "bidrag" / "index.html"
    stale.write_text(stale.read_text(encoding="utf-8").replace("</h1>", " </h1>", 1),
                     encoding="utf-8")  # fmt: skip
    assert html_differences(project / "_build" / "serve", fresh.outdir) == ["bidrag/index.html"]

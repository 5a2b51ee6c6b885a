"""Adopting the gates on existing text: the baseline of known findings
(os2_handbook/authoring/lint_baseline.py), and pages in English (``lang: en``).

Known findings are counted and never fail; each twin shows that a new
finding beside them still fails with file and line.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PORT_SOURCE, copy_project, edit_file, run_build
from os2_handbook.build import ROOT
from support.lint import lint_copy

WELCOME = "source/docs/welcome_and_purpose.md"
APPENDIX = "source/docs/appendix.md"
BASELINE = "lint-baseline.csv"
PROSE_GATES = ("markdown", "terms", "spelling")
ENGLISH_PAGE = """---
lang: en
---

# Written in English

This page is written in English on purpose, for the test of the spelling gate.
"""


def lint(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "os2_handbook.authoring.lint", "--root", str(root), *args],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip


def appended(line: str):
    return lambda text: text + f"\n{line}\n"


def last_line(root: Path, relpath: str) -> int:
    return len((root / relpath).read_text(encoding="utf-8").splitlines())


def rows(root: Path) -> list[dict[str, str]]:
    with (root / BASELINE).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture
def known_faults(tmp_path: Path) -> Path:
    """A copy with old findings (two misspellings, one of them twice), written to the baseline."""
    root = lint_copy(tmp_path / "project")
    edit_file(root, WELCOME, appended("Gamle fejl: arbjder og kommunkation.\n\nOgså arbjder."))
    edit_file(root, APPENDIX, appended("Endnu en gammel fejl: arbjder."))
    result = lint(root, "--update-baseline", *PROSE_GATES)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_the_project_has_a_baseline_file_that_reads() -> None:
    result = lint(ROOT, "terms")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        (ROOT / BASELINE)
        .read_text(encoding="utf-8")
        .startswith("fil,kontrol,fund,antal,begrundelse\n")
    )


def test_update_writes_one_row_per_file_and_word_most_frequent_first(known_faults: Path) -> None:
    assert [(r["fil"], r["kontrol"], r["fund"], r["antal"]) for r in rows(known_faults)] == [
        (APPENDIX, "spelling", "arbjder", "1"),
        (WELCOME, "spelling", "arbjder", "2"),
        (WELCOME, "spelling", "kommunkation", "1"),
    ]
    assert all(r["begrundelse"] == "" for r in rows(known_faults))


def test_update_lists_the_unknown_words_by_frequency(tmp_path: Path) -> None:
    root = lint_copy(tmp_path / "project")
    edit_file(root, WELCOME, appended("Gamle fejl: arbjder og kommunkation.\n\nOgså arbjder."))
    result = lint(root, "--update-baseline", "spelling")
    after = result.stdout.split("Ukendte ord, de hyppigste først", 1)[1]
    listing = after.split("\n\n", 1)[0].splitlines()[1:]
    assert [line.split()[:3] for line in listing] == [
        ["2", "×", "arbjder"],
        ["1", "×", "kommunkation"],
    ]


def test_known_findings_are_counted_and_do_not_fail(known_faults: Path) -> None:
    result = lint(known_faults, *PROSE_GATES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kendte fund står i lint-baseline.csv" in result.stdout
    assert "ukendt ord" not in result.stdout


def test_twin_a_new_finding_still_fails_with_file_and_line(known_faults: Path) -> None:
    edit_file(known_faults, APPENDIX, appended("En ny fejl: mødeplen."))
    result = lint(known_faults, *PROSE_GATES)
    assert result.returncode == 1
    line = last_line(known_faults, APPENDIX)
    assert f"{APPENDIX}:{line}: ukendt ord »mødeplen«" in result.stdout
    assert "arbjder" not in result.stdout  # the known ones are still only counted
    assert "1 fejl fundet" in result.stderr


def test_twin_a_known_word_in_another_file_is_new(known_faults: Path) -> None:
    edit_file(known_faults, "source/bidrag.md", appended("Også her: kommunkation."))
    result = lint(known_faults, "spelling")
    assert result.returncode == 1
    assert "source/bidrag.md:" in result.stdout and "»kommunkation«" in result.stdout


def test_update_keeps_the_reasons_and_drops_what_was_fixed(known_faults: Path) -> None:
    baseline = known_faults / BASELINE
    baseline.write_text(
        baseline.read_text(encoding="utf-8").replace(
            f"{WELCOME},spelling,arbjder,2,", f"{WELCOME},spelling,arbjder,2,Citat fra et referat"
        ),
        encoding="utf-8",
    )
    edit_file(
        known_faults, APPENDIX, lambda text: text.replace("gammel fejl: arbjder.", "rettet linje.")
    )
    fixed = lint(known_faults, *PROSE_GATES)
    assert fixed.returncode == 0
    assert "1 fund i lint-baseline.csv er rettet" in fixed.stdout
    assert lint(known_faults, "--update-baseline", *PROSE_GATES).returncode == 0
    assert [(r["fund"], r["begrundelse"]) for r in rows(known_faults)] == [
        ("arbjder", "Citat fra et referat"),
        ("kommunkation", ""),
    ]


def test_python_faults_are_never_baselined(tmp_path: Path) -> None:
    root = lint_copy(tmp_path / "project")
    edit_file(root, "conf.py", appended("import os"))
    assert lint(root, "--update-baseline", "python").returncode == 1
    assert rows(root) == []


def test_a_broken_baseline_names_the_file_line_and_fix(known_faults: Path) -> None:
    baseline = known_faults / BASELINE
    baseline.write_text(baseline.read_text(encoding="utf-8") + "bare,en,række,mange,\n")
    result = lint(known_faults, "spelling")
    assert result.returncode == 1
    assert "lint-baseline.csv:5: rækken skal have fil, kontrol, fund og et tal" in result.stderr
    assert "Traceback" not in result.stderr


# -- Pages in English -------------------------------------------------------------------


def test_english_page_is_spell_checked_in_english(tmp_path: Path) -> None:
    root = lint_copy(tmp_path / "project")
    edit_file(root, "source/english.md", lambda _: ENGLISH_PAGE + "It has one mistayke.\n")
    result = lint(root, "spelling")
    assert result.returncode == 1
    line = last_line(root, "source/english.md")
    found = [w for w in result.stdout.splitlines() if "ukendt ord" in w]
    assert len(found) == 1, found
    assert found[0].startswith(f"source/english.md:{line}: ukendt ord »mistayke« (ordbog en_US).")


def test_twin_the_same_page_without_lang_is_checked_in_danish(tmp_path: Path) -> None:
    root = lint_copy(tmp_path / "project")
    edit_file(root, "source/english.md", lambda _: ENGLISH_PAGE.replace("lang: en\n", "title: x\n"))
    result = lint(root, "spelling")
    assert result.returncode == 1
    assert "source/english.md:7: ukendt ord »written«" in result.stdout


def english_build(tmp_path: Path, front_matter: str):
    root = copy_project(tmp_path / "project", source=PORT_SOURCE)
    page = ENGLISH_PAGE.replace("lang: en\n", front_matter)
    edit_file(root, "source/english.md", lambda _: page)
    edit_file(
        root, "source/index.md", lambda text: text.replace("\nmangler\n", "\nmangler\nenglish\n", 1)
    )
    return run_build(root)


def test_english_page_content_carries_lang_en(tmp_path: Path) -> None:
    build = english_build(tmp_path, "lang: en\n")
    assert build.returncode == 0, build.output
    soup = build.html("english")
    assert soup.find("html")["lang"] == "da"  # the interface around it stays Danish
    marked = soup.find("article").find(attrs={"lang": True})
    assert marked["lang"] == "en"
    assert "written in English on purpose" in marked.get_text()
    assert build.html("bidrag").find("article").find(attrs={"lang": True}) is None


def test_twin_a_lang_that_is_no_language_code_fails_with_file_and_line(tmp_path: Path) -> None:
    build = english_build(tmp_path, "lang: engelsk\n")
    assert build.returncode != 0
    assert "english.md:2: WARNING: lang: 'engelsk' er ikke en sprogkode" in build.output

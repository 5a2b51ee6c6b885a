"""The authoring gates (os2_handbook.authoring.lint): the project passes, broken copies fail.

Each negative twin breaks one file of a temporary copy and asserts that the
gate names that file and line, as `nox -s lint` shows it to the author.
"""

from __future__ import annotations

import ast
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import edit_file, git
from os2_handbook.authoring.lint import (
    GATES,
    GateMissing,
    WordList,
    hunspell_check,
    prose_lines,
    run_gates,
)
from os2_handbook.build import ROOT
from support.lint import lint_copy

WELCOME = "source/docs/welcome_and_purpose.md"


def messages(root: Path, gate: str) -> list[str]:
    problems, broken = run_gates(root, [gate])
    assert not broken, broken
    return [problem.render(root) for problem in problems]


def line_of(path: Path, marker: str) -> int:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return next(number for number, line in enumerate(lines, 1) if marker in line)


@pytest.fixture
def broken_copy(tmp_path: Path) -> Callable[[str, Callable[[str], str]], Path]:
    """A copy of the project with one file edited; returns the copy's root."""

    def make(relpath: str, edit: Callable[[str], str]) -> Path:
        root = lint_copy(tmp_path / "project")
        edit_file(root, relpath, edit)
        return root

    return make


def insert_after(marker: str, new_line: str) -> Callable[[str], str]:
    return lambda text: text.replace(marker, f"{marker}\n{new_line}", 1)


# -- The project's own files pass every gate ---------------------------------------


@pytest.mark.parametrize("gate", list(GATES))
def test_the_project_passes(gate: str) -> None:
    assert messages(ROOT, gate) == []


def test_the_command_passes_on_the_project() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "os2_handbook.authoring.lint"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Alle kontroller bestået" in result.stdout


# -- Negative twins -------------------------------------------------------------------


def test_misspelt_danish_word_is_reported_with_suggestions(broken_copy) -> None:
    root = broken_copy(WELCOME, insert_after("samlingspunkt og tandhjul.", "Vi arbjder sammen."))
    line = line_of(root / WELCOME, "Vi arbjder")
    found = messages(root, "spelling")
    assert len(found) == 1, found
    assert found[0].startswith(f"{WELCOME}:{line}: ukendt ord »arbjder«")
    assert "arbejder" in found[0]  # hunspell's suggestion


def test_abbreviation_passes_only_with_its_period(broken_copy) -> None:
    root = broken_copy(
        WELCOME,
        insert_after(
            "samlingspunkt og tandhjul.",
            "\nMøder, aftaler osv., og et brev osv, slutter med en fejl i sidste ord: arbjder.\n",
        ),
    )
    line = line_of(root / WELCOME, "aftaler osv.,")
    found = messages(root, "spelling")
    assert [message.split(". Forslag")[0] for message in found] == [
        f"{WELCOME}:{line}: ukendt ord »arbjder«",
        f"{WELCOME}:{line}: ukendt ord »osv«",
    ], found
    assert "osv." in found[1]  # hunspell suggests the abbreviation


def test_code_urls_anchors_and_directive_options_are_not_spell_checked(broken_copy) -> None:
    root = broken_copy(
        WELCOME,
        insert_after(
            "samlingspunkt og tandhjul.",
            "\nSe `xqzkode`, {ref}`xqzrolle`, https://xqz.example.org/xqzsti og "
            "[et link](https://example.org/xqzlink).\n\n"
            "{#xqzanker}\n## Et afsnit\n\n"
            ":::{admonition} Læs mere\n:class: xqzklasse\n\nTekst.\n:::\n\n"
            "```python\nxqzpython = 1\n```\n",
        ),
    )
    assert messages(root, "spelling") == []


def test_prose_keeps_the_line_numbers_inside_directives() -> None:
    text = "# Titel\n\n:::{note}\n:class: tip\n\nFørste linje\nanden linje\n:::\n"
    lines = {p.text.strip(): p.line for p in prose_lines(text) if p.text.strip()}
    assert lines == {"Titel": 1, "Første linje": 6, "anden linje": 7}


def test_phrases_in_the_word_list_pass_only_as_a_whole(tmp_path: Path) -> None:
    word_list = tmp_path / "ordliste.txt"
    word_list.write_text("open source  # et udtryk\nITK  # et navn\n", encoding="utf-8")
    words = WordList.read(word_list)
    assert words.words == {"ITK"}
    assert words.mask_phrases("brug af open source-licenser").split() == ["brug", "af", "-licenser"]
    assert "open" in words.mask_phrases("en open dør")


def test_missing_dictionary_names_the_debian_package() -> None:
    with pytest.raises(GateMissing, match=r"'xx_XX'.*apt-get install -y hunspell-xx"):
        hunspell_check(["hus"], "xx_XX")


def test_mojibake_line_is_reported_with_the_repair(broken_copy) -> None:
    garbled = "Sådan gør vi".encode().decode("cp1252")  # the cp1252 reading of UTF-8
    root = broken_copy(WELCOME, insert_after("samlingspunkt og tandhjul.", garbled))
    line = line_of(root / WELCOME, garbled)
    found = messages(root, "encoding")
    assert len(found) == 1, found
    assert found[0].startswith(f"{WELCOME}:{line}: ødelagte tegn (mojibake)")
    assert found[0].endswith("Ret linjen til: Sådan gør vi")


def test_file_that_is_not_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    root = lint_copy(tmp_path / "project")
    path = root / "source" / "docs" / "appendix.md"
    lines = path.read_bytes().splitlines(keepends=True)
    lines.insert(4, "Æbler på lager\n".encode("cp1252"))  # becomes line 5
    path.write_bytes(b"".join(lines))
    found = messages(root, "encoding")
    assert len(found) == 1, found
    assert found[0].startswith("source/docs/appendix.md:5: filen er ikke gemt som UTF-8")
    assert "Æbler på lager" in found[0]


def test_byte_order_mark_is_reported(tmp_path: Path) -> None:
    root = lint_copy(tmp_path / "project")
    path = root / "conf.py"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    found = messages(root, "encoding")
    assert found == [
        "conf.py:1: filen starter med et byte order mark (BOM). Gem den som UTF-8 uden BOM "
        "(i de fleste editorer: »UTF-8«, ikke »UTF-8 med BOM«)."
    ]


@pytest.mark.parametrize("wrong", ["Os2", "os2"])
def test_organisation_name_in_prose_must_be_os2(broken_copy, wrong: str) -> None:
    root = broken_copy(
        WELCOME, insert_after("samlingspunkt og tandhjul.", f"Hele {wrong}-fællesskabet.")
    )
    line = line_of(root / WELCOME, f"{wrong}-fællesskabet")
    found = messages(root, "terms")
    assert found == [f"{WELCOME}:{line}: skriv »OS2«, ikke »{wrong}« (håndbogens faste stavemåde)."]


def test_os2_in_addresses_and_code_is_not_a_term_fault(broken_copy) -> None:
    root = broken_copy(
        WELCOME,
        insert_after(
            "samlingspunkt og tandhjul.",
            "Se boks.os2.eu, `os2_handbook` og https://os2.eu/om.",
        ),
    )
    assert messages(root, "terms") == []


@pytest.mark.parametrize(
    ("edit", "marker", "rule"),
    [
        (insert_after("tandhjul.", "\n##Manglende mellemrum\n"), "##Manglende", "MD018"),
        (insert_after("tandhjul.", "\n# En titel mere\n"), "# En titel mere", "MD025"),
        (insert_after("tandhjul.", "\n#### Springer niveau over\n"), "#### Springer", "MD001"),
        (insert_after("tandhjul.", "Mellemrum til sidst   "), "Mellemrum til sidst", "MD009"),
    ],
    ids=["no-space-after-hash", "second-title", "skipped-level", "trailing-space"],
)
def test_badly_formatted_myst_is_reported(broken_copy, edit, marker: str, rule: str) -> None:
    root = broken_copy(WELCOME, edit)
    line = line_of(root / WELCOME, marker)
    found = messages(root, "markdown")
    assert found, "no Markdown fault found"
    assert found[0].startswith(f"{WELCOME}:{line}: Markdown ({rule}): "), found


def test_anchor_line_needs_no_blank_line_but_other_text_does(broken_copy) -> None:
    root = broken_copy(WELCOME, lambda text: text.replace("{#rolle}\n", "Løs tekst\n", 1))
    line = line_of(root / WELCOME, "## Sekretariatets rolle")
    found = messages(root, "markdown")
    assert [m.split(": ", 2)[1] for m in found] == ["Markdown (MD022)"], found
    assert found[0].startswith(f"{WELCOME}:{line}:")


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("{#top}\n", []), ("Løs tekst\n\n", ["Markdown (MD041)"])],  # with its negative twin
    ids=["anchor-line", "text"],
)
def test_title_may_carry_an_anchor_line_but_not_other_text(
    broken_copy, prefix: str, expected: list[str]
) -> None:
    # The importer writes {#top} above a page's title when the page links to #top.
    root = broken_copy(WELCOME, lambda text: prefix + text)
    assert [m.split(": ", 2)[1] for m in messages(root, "markdown")][:1] == expected


def test_python_style_fault_is_reported(broken_copy) -> None:
    root = broken_copy(
        "os2_handbook/edition.py",
        lambda text: text.replace("import datetime\n", "import datetime\nimport os\n", 1),
    )
    line = line_of(root / "os2_handbook/edition.py", "import os")
    found = messages(root, "python")
    assert len(found) == 1, found
    assert found[0].startswith(f"os2_handbook/edition.py:{line}: Python-stil: F401"), found


def test_python_formatting_fault_is_reported(broken_copy) -> None:
    root = broken_copy(
        "conf.py", lambda text: text.replace('root_doc = "index"', "root_doc='index'")
    )
    line = line_of(root / "conf.py", "root_doc='index'")
    found = messages(root, "python")
    assert found == [
        f"conf.py:{line}: Python-koden er ikke formateret som ruff vil have den. "
        "Ret den med `ruff format conf.py`."
    ]


def test_the_command_fails_with_file_and_line(broken_copy) -> None:
    root = broken_copy(WELCOME, insert_after("samlingspunkt og tandhjul.", "Os2 arbjder."))
    line = line_of(root / WELCOME, "Os2 arbjder.")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "os2_handbook.authoring.lint",
            "--root",
            str(root),
            "terms",
            "spelling",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"{WELCOME}:{line}: skriv »OS2«" in result.stdout
    assert f"{WELCOME}:{line}: ukendt ord »arbjder«" in result.stdout
    assert "2 fejl fundet" in result.stderr


def test_the_command_rejects_an_unknown_gate() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "os2_handbook.authoring.lint", "stavning"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "ukendt kontrol stavning" in result.stderr


# -- pre-commit runs the same gates -----------------------------------------------------

BIDRAG = "source/bidrag.md"


def pre_commit_copy(dest: Path) -> Path:
    """A copy with the hook's configuration and uv.lock, committed as a checkout has them."""
    root = lint_copy(dest)
    for name in (".pre-commit-config.yaml", "uv.lock"):
        shutil.copy2(ROOT / name, root / name)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Lint configuration")
    return root


def run_pre_commit(root: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """`pre-commit run --all-files` in root, as a maintainer runs it.

    The hook's own command (uv run --locked ...) runs unchanged; UV_OFFLINE only
    makes uv install the lint group from its cache (filled by the tests session)
    instead of ever asking PyPI, and a fresh PRE_COMMIT_HOME keeps the
    maintainer's own pre-commit cache out of it. A local system hook downloads nothing.
    """
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color=never"],
        cwd=root,
        env={**os.environ, "PRE_COMMIT_HOME": str(home), "UV_OFFLINE": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_pre_commit_passes_on_the_project(tmp_path: Path) -> None:
    root = pre_commit_copy(tmp_path / "project")
    result = run_pre_commit(root, tmp_path / "pre-commit-home")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_pre_commit_fails_with_file_and_line(tmp_path: Path) -> None:
    root = pre_commit_copy(tmp_path / "project")
    page = root / BIDRAG
    before = page.read_text(encoding="utf-8")
    after = before.replace("Du behøver ikke", "Du behøver ikke arbejde i Os2 eller", 1)
    assert after != before, f"the edit did not change {BIDRAG}"
    page.write_text(after, encoding="utf-8")
    line = line_of(page, "arbejde i Os2")
    result = run_pre_commit(root, tmp_path / "pre-commit-home")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{BIDRAG}:{line}: skriv »OS2«, ikke »Os2«" in result.stdout, result.stdout


def test_pre_commit_hook_runs_the_lint_session_command() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [hook for repo in config["repos"] for hook in repo["hooks"]]
    entry = shlex.split(hook["entry"])
    assert entry[:2] == ["uv", "run"] and "--locked" in entry
    assert entry[entry.index("--group") + 1] == "lint"
    assert entry[entry.index("python") :] == ["python", "-m", "os2_handbook.authoring.lint"]
    assert hook["pass_filenames"] is False  # the gates pick their files from pyproject.toml

    # The nox session: the same group, the same module (its posargs only pick gates).
    noxfile = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    (session,) = [
        node for node in noxfile.body if isinstance(node, ast.FunctionDef) and node.name == "lint"
    ]
    calls = [
        (node.func.id if isinstance(node.func, ast.Name) else node.func.attr, node.args)
        for node in ast.walk(session)
        if isinstance(node, ast.Call)
    ]
    constants = [
        (name, [arg.value for arg in args if isinstance(arg, ast.Constant)]) for name, args in calls
    ]
    assert [args for name, args in constants if name == "install_group"] == [["lint"]]
    runs = [args for name, args in constants if name == "run"]
    assert runs[0] == ["python", "-m", "os2_handbook.authoring.lint"]
    # Then the licence gate, in the session only (README.md, "Licens").
    assert runs[1:] == [["reuse", "lint", "--lines"]]

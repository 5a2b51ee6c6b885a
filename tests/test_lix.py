"""LIX per page: the computation and the prose it reads (os2_handbook/authoring/readability.py),
the review's columns and the lint advisory.

The texts are the tests' own; each expected value is worked out in a comment.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import copy_project
from os2_handbook.authoring import readability, review
from os2_handbook.authoring.lint import ROOT, myst_parser
from os2_handbook.authoring.lint import main as lint_main
from os2_handbook.authoring.readability import band, distribution, lix, sentences


@pytest.fixture(scope="module")
def md():
    return myst_parser(ROOT)


# -- Sentences --------------------------------------------------------------------


def test_danish_abbreviations_do_not_end_a_sentence() -> None:
    text = "Vi ses kl. 10 og tager bl.a. Kaffe med, jf. Aftalen, ca. 20 stk. Det er fint."
    assert sentences(text) == [
        "Vi ses kl. 10 og tager bl.a. Kaffe med, jf. Aftalen, ca. 20 stk.",
        "Det er fint.",
    ]
    assert sentences("Husk fx. Kaffe. Det er fint.") == ["Husk fx. Kaffe.", "Det er fint."]


def test_an_ordinary_word_before_the_period_does_end_it() -> None:
    """The twin: the same place without an abbreviation is a sentence end."""
    assert sentences("Vi ses klokken. 10 gæster kommer.") == [
        "Vi ses klokken.",
        "10 gæster kommer.",
    ]


def test_osv_closes_a_sentence_when_a_capital_follows() -> None:
    assert sentences("Æbler, pærer osv. Alle er velkomne.") == [
        "Æbler, pærer osv.",
        "Alle er velkomne.",
    ]
    # The twin: lower case after it, the sentence goes on.
    assert sentences("Æbler, pærer osv. og kaffe.") == ["Æbler, pærer osv. og kaffe."]


def test_colon_ends_a_sentence_only_before_a_capital() -> None:
    assert sentences("Husk: Mødet er flyttet.") == ["Husk:", "Mødet er flyttet."]
    assert sentences("Husk: mødet er flyttet.") == ["Husk: mødet er flyttet."]


# -- LIX values -------------------------------------------------------------------


def test_known_value() -> None:
    # 5 words, 2 sentences, 1 long word (skinner): 5/2 + 100*1/5 = 22.5
    score = lix(["Solen skinner. Vi går ud."])
    assert (score.words, score.sentences, score.long_words, score.value) == (5, 2, 1, 22.5)
    assert score.band == "meget let"


def test_one_sentence_instead_of_two_raises_it() -> None:
    """The twin: the same words in one sentence: 5/1 + 100*1/5 = 25.0, "let"."""
    score = lix(["Solen skinner, vi går ud."])
    assert (score.sentences, score.value, score.band) == (1, 25.0, "let")


def test_long_words_count_when_more_than_six_letters() -> None:
    # Vi skriver korte sætninger. Læseren forstår dem: 7 words, 2 sentences,
    # 4 long (skriver, sætninger, Læseren, forstår): 7/2 + 100*4/7 = 60.6
    assert lix(["Vi skriver korte sætninger. Læseren forstår dem."]).value == 60.6
    # Six letters is not long: 3 words, 1 sentence, 0 long: 3.0
    assert lix(["Kaffen smager godt."]).value == 3.0


def test_no_words_no_value() -> None:
    assert lix(["", "123 456."]) is None


def test_bands_and_distribution() -> None:
    assert [band(v) for v in (24.9, 25, 34.9, 35, 44, 45, 54.9, 55)] == [
        "meget let", "let", "let", "middel", "middel", "svær", "svær", "meget svær",
    ]  # fmt: skip
    assert distribution([22.5, 40, 60.6]) == (
        "LIX fra 22,5 til 60,6, median 40 (meget let: 1, middel: 1, meget svær: 1)."
    )


# -- The prose of a page -------------------------------------------------------------

PAGE = """\
---
ansvarlig: Testholdet
---

# Solen skinner

Vi går ud. Se [vejret](https://eksempel.invalid/meget-lang-adresse-med-mange-tegn).

- Tag kasket med
- Drik vand

```python
print("kodelinjer med meget lange ord tæller ikke")
```

| Navneliste | Telefonnummer |
| --- | --- |
| Administrationschefen | Kommunikationsafdelingen |

:::{note}
:class: tip
Husk solcreme.
:::
"""


def test_prose_is_paragraphs_headings_list_items_and_admonitions(md) -> None:
    assert list(readability.prose_blocks(md, PAGE)) == [
        "Solen skinner",
        "Vi går ud. Se vejret.",
        "Tag kasket med",
        "Drik vand",
        "Husk solcreme.",
    ]


def test_page_lix_counts_prose_only(md, tmp_path: Path) -> None:
    # 14 words in 6 sentences (the heading and each list item are one),
    # long: skinner, solcreme = 2: 14/6 + 100*2/14 = 16.6
    page = tmp_path / "side.md"
    page.write_text(PAGE, encoding="utf-8")
    assert readability.page_lix(md, page).value == 16.6


def test_a_table_written_as_prose_would_count(md, tmp_path: Path) -> None:
    """The twin: the table's long names as a paragraph raise the value."""
    page = tmp_path / "side.md"
    page.write_text(
        PAGE.replace("| Administrationschefen", "Administrationschefen\n\n| x"), encoding="utf-8"
    )
    assert readability.page_lix(md, page).value > 16.6


# -- The review and the advisory ---------------------------------------------------------

HARD = (
    "# Forretningsgange\n\nSekretariatets administrationsmedarbejdere koordinerer "
    "organisationens implementeringsaktiviteter vedrørende kommunikationsstrategiens "
    "forankring i fællesskabernes styregrupper og projektorganisationer.\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    (root / "source" / "svaer.md").write_text(HARD, encoding="utf-8")
    return root


def test_review_lists_lix_in_table_csv_json_and_summary(project: Path, md, capsys) -> None:
    assert review.main(["--root", str(project)]) == 0
    out = capsys.readouterr().out
    pages = sorted(p.relative_to(project).as_posix() for p in (project / "source").rglob("*.md"))
    reports = project / "_build" / "review"
    rows = json.loads((reports / "review.json").read_text(encoding="utf-8"))
    expected = {
        path: readability.page_lix(md, project / path).value
        for path in pages
        if path in {row["path"] for row in rows}
    }
    assert {row["path"]: row["lix"] for row in rows} == expected
    with (reports / "review.csv").open(encoding="utf-8") as stream:
        table = list(csv.DictReader(stream))
    assert {row["path"]: float(row["lix"]) for row in table} == expected
    hard = expected["source/svaer.md"]
    assert f"| {str(hard).replace('.', ',')} |" in out
    assert distribution(expected.values()) in out


def test_lint_advises_on_a_hard_page_naming_its_longest_sentence(project: Path, capsys) -> None:
    assert lint_main(["markdown", "--root", str(project)]) == 0  # advice, never a failure
    out = capsys.readouterr().out
    advice = [line for line in out.splitlines() if line.startswith("RÅD – source/svaer.md: LIX")]
    assert len(advice) == 1, out
    assert "»Sekretariatets administrationsmedarbejdere koordinerer" in out


def test_no_advice_below_the_threshold(project: Path, capsys) -> None:
    """The twin: with the threshold above the page's value, no advice on it."""
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace("lix-advisory = 55", "lix-advisory = 500"), encoding="utf-8")
    assert lint_main(["markdown", "--root", str(project)]) == 0
    assert "RÅD –" not in capsys.readouterr().out

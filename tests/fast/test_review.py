"""Page owners and review dates from front matter: checked while reading, shown on the
page and in the PDF (os2_handbook/ext/review.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
import yaml
from babel.dates import format_date
from sphinx.errors import ConfigError

from support.trees import replace

ROOT = "review"
PAGE = "gammel"


def danish_date(day: datetime.date) -> str:
    """ "15. januar 2020", as the pages write dates."""
    return format_date(day, "d. MMMM y", locale="da")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month, months later (the roots' dates are early in the month)."""
    index = day.month - 1 + months
    return day.replace(year=day.year + index // 12, month=index % 12 + 1)


@dataclass
class SourceReview:
    owner: str
    reviewed: datetime.date
    due: datetime.date


def source_review(built, docname: str) -> SourceReview:
    """What the page's front matter says (read with YAML here, not with review.py)."""
    text = (built.srcdir / f"{docname}.md").read_text(encoding="utf-8")
    fields = yaml.safe_load(text.split("---\n")[1])
    reviewed = fields["gennemgået"]  # YAML reads 2020-01-15 as a date
    due = add_months(reviewed, fields.get("gennemgangsinterval", 12))
    return SourceReview(fields["ansvarlig"], reviewed, due)


def review_contexts(build_root, **kwargs):
    seen = {}

    def look(app, pagename, templatename, context, doctree):
        if doctree is not None:
            seen[pagename] = context.get("os2_review")

    return build_root(ROOT, connect={"html-page-context": look}, **kwargs), seen


def test_owner_and_dates_reach_the_page(build_root):
    built, seen = review_contexts(build_root)
    assert built.warnings == ""
    page = source_review(built, PAGE)
    assert seen[PAGE]["owner"] == page.owner
    assert seen[PAGE]["reviewed_iso"] == page.reviewed.isoformat()
    assert seen[PAGE]["due_iso"] == page.due.isoformat()  # gennemgangsinterval counted
    assert seen[PAGE]["overdue"] is (datetime.date.today() > page.due)
    assert seen["index"] is None  # no owner, no date: nothing shown


def test_a_recent_review_is_not_overdue(build_root):
    recent = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    built, seen = review_contexts(
        build_root, edits={f"{PAGE}.md": lambda text: text.replace("2020-01-15", recent)}
    )
    assert built.warnings == ""
    assert seen[PAGE]["overdue"] is False


def test_the_pdf_shows_owner_and_dates_under_the_title(build_root):
    built = build_root(ROOT, builder="pdfhtml")
    assert built.warnings == ""
    page = source_review(built, PAGE)
    lines = built.html("index.html").select("p.os2-review")
    assert len(lines) == 1
    assert lines[0].em.get_text() == (
        f"Ansvarlig: {page.owner} · Sidst gennemgået {danish_date(page.reviewed)} · "
        f"Gennemgås igen senest {danish_date(page.due)}"
    )
    assert (
        lines[0].strong.get_text()
        == f"Skulle have været gennemgået senest {danish_date(page.due)}."
    )


def test_twin_a_date_that_is_no_date_names_file_and_line(build_root):
    built = build_root(ROOT, edits={f"{PAGE}.md": replace("2020-01-15", "15-01-2020")})
    assert built.warned(f"{PAGE}.md", 3, "»gennemgået: 15-01-2020« er ikke en dato.")


def test_twin_an_interval_that_is_no_number_names_file_and_line(build_root):
    edits = {f"{PAGE}.md": replace("gennemgangsinterval: 6", "gennemgangsinterval: seks")}
    built = build_root(ROOT, edits=edits)
    message = "»gennemgangsinterval: seks« skal være et helt antal måneder"
    assert built.warned(f"{PAGE}.md", 4, message)


def test_twin_a_bad_default_interval_stops_the_build(build_root):
    with pytest.raises(
        ConfigError, match=r"pyproject\.toml: \[tool\.os2-haandbog\] review-interval-months = 0"
    ):
        build_root(
            ROOT,
            edits={"pyproject.toml": lambda text: text.replace("= 12", "= 0")},
        )

""" "Rapportér et problem" and the accessibility statement: only when configured."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from conftest import (
    FICTIONAL_REPOSITORY,
    FICTIONAL_STATEMENT,
    Build,
    copy_project,
    edit_file,
    run_build,
)
from os2_handbook.build import ROOT
from os2_handbook.ext.publishing import ISSUE_TITLE, report_url
from support.feedback import query_problems

TITLE = "Økonomi, æbler & både"
ADDRESS = "https://haandbog.example.org/da/latest/docs/økonomi/#tone-og-code"


def test_report_url_is_encoded_for_danish_letters_and_anchors() -> None:
    url = report_url("https://github.com/o/h", TITLE, ADDRESS)
    assert url.startswith("https://github.com/o/h/issues/new?")
    assert query_problems(url) == []
    fields = parse_qs(urlsplit(url).query)
    assert fields["title"] == [ISSUE_TITLE.format(title=TITLE)]
    assert fields["body"][0].startswith(f"Siden: {ADDRESS}\n")


def test_twin_naive_url_is_caught() -> None:
    naive = f"https://github.com/o/h/issues/new?title={TITLE}&body=Siden: {ADDRESS}"
    problems = query_problems(naive)
    assert "raw '#' in the query" in problems and "3 parameters instead of 2" in problems


def test_report_url_on_gitlab_uses_its_field_names() -> None:
    fields = parse_qs(urlsplit(report_url("https://gitlab.com/o/h", TITLE, ADDRESS)).query)
    assert set(fields) == {"issue[title]", "issue[description]"}


def test_every_page_links_to_a_prefilled_issue(review_build: Build) -> None:
    link = review_build.html("docs/welcome_and_purpose").select_one(".os2-report-link a")
    assert link.get_text(strip=True) == "Rapportér et problem"
    assert link["href"].startswith(f"{FICTIONAL_REPOSITORY}/issues/new?")
    fields = parse_qs(urlsplit(link["href"]).query)
    assert fields["title"] == ["Problem på siden »Velkommen og formål«"]
    assert fields["body"][0].startswith("Siden: docs/welcome_and_purpose/\n")
    assert link["data-os2-address"] == "docs/welcome_and_purpose/"


def test_twin_no_repository_no_report_link(html_build: Build) -> None:
    assert html_build.html("docs/welcome_and_purpose").select_one(".os2-report-link") is None


def test_accessibility_statement_in_every_footer_and_at_was(review_build: Build) -> None:
    pages = sorted(review_build.outdir.rglob("index.html"))
    for path in pages:
        if path.parent.name == "was":
            continue
        text = path.read_text(encoding="utf-8")
        assert f'<a href="{FICTIONAL_STATEMENT}">Tilgængelighedserklæring</a>' in text, path
    redirect = (review_build.outdir / "was" / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url={FICTIONAL_STATEMENT}">' in redirect


def test_twin_no_statement_no_link_and_no_was(html_build: Build) -> None:
    assert "Tilgængelighedserklæring" not in html_build.page_path("index").read_text("utf-8")
    assert not (html_build.outdir / "was").exists()


def test_a_statement_that_is_not_an_address_fails_with_pyproject(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    edit_file(root, "pyproject.toml", lambda text: text.replace(
        'accessibility-statement = ""', 'accessibility-statement = "was.digst.dk/x"'
    ))  # fmt: skip
    build = run_build(root)
    assert build.returncode != 0
    assert re.search(
        r"pyproject\.toml: \[tool\.os2-haandbog\] accessibility-statement", build.output
    )


def test_issue_template_is_danish_and_asks_for_the_page() -> None:
    template = (ROOT / ".github" / "ISSUE_TEMPLATE" / "indholdsproblem.md").read_text("utf-8")
    assert template.startswith("---\nname: ")
    assert "Siden:" in template and "Hvad er problemet?" in template

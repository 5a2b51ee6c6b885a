""" "Rapportér et problem" on every page when the repository is known, and /was/
forwarding to the accessibility statement when pyproject.toml names one
(os2_handbook/ext/publishing.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sphinx.errors import ConfigError

ROOT = "changes"  # any root will do: the setting is in pyproject.toml
STATEMENT = "https://www.was.digst.dk/eksempel-testside"  # a fixture, not a real statement
# Read the Docs names the repository when pyproject.toml does not (project.read_site).
ON_READ_THE_DOCS = {
    "READTHEDOCS": "True",
    "READTHEDOCS_GIT_CLONE_URL": "https://github.com/eksempel/testhaandbog.git",
    "READTHEDOCS_CANONICAL_URL": "https://testhaandbog.invalid/da/latest/",
}


def with_statement(url: str):
    return {
        "pyproject.toml": lambda text: text.replace(
            'accessibility-statement = ""', f'accessibility-statement = "{url}"'
        )
    }


def test_was_forwards_to_the_statement(build_root):
    built = build_root(ROOT, edits=with_statement(STATEMENT))
    assert built.warnings == ""
    page = built.html("was/index.html")
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={STATEMENT}"
    assert f"os2: /was/ sender videre til {STATEMENT}" in built.status


def test_without_a_statement_there_is_no_was(build_root):
    built = build_root(ROOT)
    assert not (built.srcdir / "_build" / "html" / "was").exists()


def test_twin_an_address_that_is_no_address_stops_the_build(build_root):
    with pytest.raises(
        ConfigError,
        match=r"accessibility-statement = 'www\.was\.digst\.dk' skal være en fuld adresse",
    ):
        build_root(ROOT, edits=with_statement("www.was.digst.dk"))


def report_urls(build_root) -> dict[str, str]:
    seen = {}

    def look(app, pagename, templatename, context, doctree):
        if doctree is not None:
            seen[pagename] = context.get("os2_report_url")

    build_root(ROOT, connect={"html-page-context": look})
    return seen


def test_every_page_reports_a_problem_to_the_repository(build_root, monkeypatch):
    for name, value in ON_READ_THE_DOCS.items():
        monkeypatch.setenv(name, value)
    seen = report_urls(build_root)
    assert seen
    for pagename, url in seen.items():
        assert url.startswith("https://github.com/eksempel/testhaandbog/issues/new?"), pagename
        query = parse_qs(urlsplit(url).query)
        assert query["title"][0].startswith("Problem på siden »"), pagename
        assert f"https://testhaandbog.invalid/da/latest/{pagename}.html" in query["body"][0]


def test_twin_without_a_repository_there_is_no_report_link(build_root, monkeypatch):
    monkeypatch.delenv("READTHEDOCS", raising=False)
    assert set(report_urls(build_root).values()) == {""}

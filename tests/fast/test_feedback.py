"""The accessibility statement: /was/ forwards to it when pyproject.toml names one
(os2_handbook/feedback.py)."""

from __future__ import annotations

import pytest
from sphinx.errors import ConfigError

ROOT = "changes"  # any root will do: the setting is in pyproject.toml
STATEMENT = "https://www.was.digst.dk/eksempel-testside"  # a fixture, not a real statement


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

"""Old links keep working: /docs/<chapter> (no suffix, no slash) and #anchors.

The built site (dirhtml) is served over HTTP on 127.0.0.1, and every old
address of the original front page is requested as a browser would: the server
redirects /docs/x to /docs/x/, and the #fragment stays with the browser.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from urllib.error import HTTPError

import pytest
from bs4 import BeautifulSoup

from conftest import Build
from localserver import serve_directory
from seeds import old_front_page_targets


@pytest.fixture(scope="module")
def site(html_build: Build) -> Iterator[str]:
    with serve_directory(html_build.outdir) as base:
        yield base.rstrip("/")


def fetch(url: str) -> tuple[str, str]:
    """GET url like a browser: follow redirects; return (final URL, HTML)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.geturl(), response.read().decode("utf-8")


def lands_on(site: str, chapter: str, anchor: str) -> str:
    """Request the old address; return a problem, or "" when it lands right."""
    old = f"{site}/docs/{chapter}" + (f"#{anchor}" if anchor else "")
    try:
        final, html = fetch(old)
    except HTTPError as err:
        return f"{old}: HTTP {err.code}"
    if not final.endswith(f"/docs/{chapter}/"):
        return f"{old}: landed on {final}"
    if anchor and BeautifulSoup(html, "html.parser").find(id=anchor) is None:
        return f"{old}: no id {anchor!r} on {final}"
    return ""


def test_every_old_chapter_url_and_anchor_lands_on_its_section(site: str) -> None:
    targets = old_front_page_targets()
    assert len({chapter for chapter, _ in targets}) == 10
    assert len([anchor for _, anchor in targets if anchor]) == 42
    chapter_urls = {(chapter, "") for chapter, _ in targets}
    problems = [p for c, a in sorted(chapter_urls | set(targets)) if (p := lands_on(site, c, a))]
    assert problems == []


def test_a_missing_page_or_anchor_is_reported(site: str) -> None:
    # Negative twins: the check fails for a chapter or an anchor that is not there.
    assert "HTTP 404" in lands_on(site, "no_such_chapter", "")
    assert "no id 'no_such_anchor'" in lands_on(site, "welcome_and_purpose", "no_such_anchor")

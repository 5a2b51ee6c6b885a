"""The Content-Security-Policy: on every page, holding in the browser, enforced at build.

The policy (os2_handbook/ext/csp.py) allows only the site's own files and furo's one
inline script by its hash. Checked three ways: every built page carries it
before any script and lists the hash of each inline script it has; an author's
raw ``<script>`` and an image from another host are blocked in Chromium and
reported as violations; and the strict build refuses such raw HTML, naming
file and line.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import PORT_SOURCE, Build, copy_project, run_build
from localserver import serve_directory
from support.copies import commit_all

PAGE = "source/bidrag.md"
HOSTILE = [  # raw HTML a careless or hostile author might write
    "<script>window.os2Ran = true;</script>",
    '<p onclick="window.os2Ran = true">Klik</p>',
    '<iframe src="https://example.invalid/"></iframe>',
    '<img src="https://example.invalid/pixel.png" alt="Et billede udefra">',
]


def policy_problems(html: str, where: str) -> list[str]:
    """What is wrong with a page's policy, as lines naming the page."""
    head = BeautifulSoup(html, "html.parser").find("head")
    meta = head.find("meta", attrs={"http-equiv": "Content-Security-Policy"}) if head else None
    if meta is None:
        return [f"{where}: no Content-Security-Policy"]
    problems = []
    first_script = head.find("script")
    if first_script is not None and first_script.sourceline < meta.sourceline:
        problems.append(f"{where}: a script comes before the policy")
    policy = meta["content"]
    for script in BeautifulSoup(html, "html.parser").find_all("script"):
        if script.get("src"):
            continue
        digest = hashlib.sha256((script.string or "").encode("utf-8")).digest()
        if f"'sha256-{base64.b64encode(digest).decode()}'" not in policy:
            problems.append(
                f"{where}: inline script {(script.string or '').strip()[:40]!r} is not in the "
                "policy (furo changed its inline script? see os2_handbook/ext/csp.py)"
            )
    return problems


def test_every_page_carries_the_policy_and_allows_its_own_inline_scripts(
    html_build: Build,
) -> None:
    pages = sorted(html_build.outdir.rglob("*.html"))
    assert len(pages) > len(list(html_build.root.joinpath("source").rglob("*.md")))  # + forwards
    problems = [
        line
        for path in pages
        for line in policy_problems(path.read_text(encoding="utf-8"), str(path))
    ]
    assert problems == []


def test_twin_an_inline_script_the_policy_does_not_list_is_found(html_build: Build) -> None:
    html = html_build.page_path("index").read_text(encoding="utf-8")
    broken = html.replace("</body>", "<script>alert(1)</script></body>")
    assert policy_problems(broken, "index") == [
        "index: inline script 'alert(1)' is not in the policy "
        "(furo changed its inline script? see os2_handbook/ext/csp.py)"
    ]
    assert policy_problems(html.replace("Content-Security-Policy", "X"), "index") == [
        "index: no Content-Security-Policy"
    ]


# -- Raw HTML that needs more than the policy allows ----------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, dict[str, int]]:
    root = copy_project(tmp_path_factory.mktemp("csp") / "project", source=PORT_SOURCE)
    page = root / PAGE
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n"
    lines = {}
    for snippet in HOSTILE:
        text += "\n"
        lines[snippet] = text.count("\n") + 1
        text += snippet + "\n"
    page.write_text(text, encoding="utf-8")
    commit_all(root, "Raw HTML the policy blocks")
    return run_build(root), lines


def test_the_build_refuses_raw_html_the_policy_would_block(hostile) -> None:
    build, lines = hostile
    assert build.returncode != 0
    for snippet, line in lines.items():
        assert f"{PAGE}:{line}: WARNING: rå HTML:" in build.output, (snippet, build.output)
    assert "Traceback" not in build.output


def test_twin_raw_html_within_the_policy_builds(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", source=PORT_SOURCE)
    page = root / PAGE
    page.write_text(
        page.read_text(encoding="utf-8")
        + '\n<div class="kort"><p>Et kort med <a href="https://example.org/">et link</a>.</p>'
        "</div>\n",
        encoding="utf-8",
    )
    commit_all(root, "Raw HTML within the policy")
    build = run_build(root)
    assert build.returncode == 0, build.output


@pytest.fixture(scope="module")
def hostile_site(hostile) -> Iterator[str]:
    build, _ = hostile  # --keep-going wrote the pages: what a non-strict build would publish
    with serve_directory(build.outdir) as base_url:
        yield base_url


@pytest.mark.browser
def test_the_browser_blocks_and_reports_the_script_and_the_foreign_image(
    browser, hostile_site: str
) -> None:
    from browser import DESKTOP, new_reader

    reader = new_reader(browser, hostile_site, viewport=DESKTOP)
    reader.context.add_init_script(
        "window.os2Violations = [];"
        "document.addEventListener('securitypolicyviolation', event =>"
        " window.os2Violations.push(event.effectiveDirective + ' ' + event.blockedURI));"
    )
    page = reader.open("bidrag/", wait_until="networkidle")
    page.locator("text=Klik").click()
    violations = page.evaluate("window.os2Violations")
    assert page.evaluate("window.os2Ran") is None  # neither the script nor onclick ran
    directives = {line.split()[0] for line in violations}
    assert {"script-src-elem", "script-src-attr", "frame-src", "img-src"} <= directives, violations
    assert "img-src https://example.invalid/pixel.png" in violations
    assert reader.foreign == []  # blocked before any request left the browser
    reader.context.close()


@pytest.mark.browser
def test_twin_the_handbooks_own_pages_break_no_rule(browser, html_build: Build) -> None:
    from browser import DESKTOP, new_reader

    with serve_directory(html_build.outdir) as base_url:
        reader = new_reader(browser, base_url, viewport=DESKTOP)
        reader.context.add_init_script(
            "window.os2Violations = [];"
            "document.addEventListener('securitypolicyviolation', event =>"
            " window.os2Violations.push(event.effectiveDirective + ' ' + event.blockedURI));"
        )
        for path in ("", "docs/welcome_and_purpose/", "bidrag.html", "search/?q=fællesskab"):
            page = reader.open(path, wait_until="networkidle")
            assert page.evaluate("window.os2Violations") == [], path
        # The search ran, in Danish: the catalog reached Sphinx's scripts without eval.
        summary = page.locator(".search-summary")
        summary.wait_for()
        assert summary.inner_text().startswith("Søgningen er færdig"), summary.inner_text()
        reader.context.close()

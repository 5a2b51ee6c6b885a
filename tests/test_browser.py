"""The reader's view in a real browser: Danish, accessible, private, searchable.

One Chromium for the module; each test opens the pages it needs in a browser
context with the reader's settings (desktop or 375 px phone, light or dark).
The site is served from 127.0.0.1 and every request to another host is
recorded and blocked. Screenshots for people to review land in
_build/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from browser import (
    DESKTOP,
    PHONE,
    Reader,
    axe_violations,
    english_interface_strings,
    foreign_requests,
    horizontal_overflow,
    new_reader,
    site_pages,
)
from conftest import PORT_SOURCE, Build, copy_project, run_build
from localserver import serve_directory as serve
from os2_handbook.build import BUILD
from support.reader import reading, reading_build

pytestmark = pytest.mark.browser

SCREENSHOTS = BUILD / "screenshots"
SCREENSHOT_CHAPTER = "docs/welcome_and_purpose/"

# For the twin with the English stemmer, on the frozen port: an inflected form
# no page contains, whose stem only Danish stemming finds in these chapters.
INFLECTED_SEARCH = (
    "fællesskabet",
    ["docs/culture_and_development/", "docs/products_and_communities/"],
)
# The words of the pages, for search words derived from whatever the pages say.
SEARCHABLE_WORD = re.compile(r"[a-zæøå]{6,}")
INFLECTIONS = ("et", "en", "erne", "ernes")


@pytest.fixture(scope="module")
def site(html_build: Build) -> Iterator[str]:
    with serve(html_build.outdir) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def pages(html_build: Build) -> list[str]:
    found = site_pages(html_build.outdir)
    assert "" in found and "docs/communication/" in found and "search/" in found
    return found


def _reader(browser: Browser, base_url: str, **settings) -> Iterator[Reader]:
    reader = new_reader(browser, base_url, **settings)
    yield reader
    reader.context.close()


@pytest.fixture(scope="module")
def desktop(browser: Browser, site: str) -> Iterator[Reader]:
    yield from _reader(browser, site, viewport=DESKTOP)


@pytest.fixture(scope="module")
def phone(browser: Browser, site: str) -> Iterator[Reader]:
    yield from _reader(browser, site, viewport=PHONE)


def search(page: Page, word: str) -> list[str]:
    """Type word in the sidebar search box, press Enter; the result pages' paths."""
    box = page.locator("input.sidebar-search")
    if not box.is_visible():  # phones: the search box is in the navigation drawer
        page.locator("label.nav-overlay-icon").click()
    box.fill(word)
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.wait_for_function(
        "() => document.querySelector('#search-results .search-summary')?.innerText.length > 0"
    )
    page.wait_for_load_state("networkidle")  # result summaries are fetched per page
    hrefs = page.locator("ul.search li > a").evaluate_all("links => links.map((a) => a.href)")
    return [urlsplit(href).path.lstrip("/") for href in hrefs]


# -- Danish throughout ------------------------------------------------------------------


def test_html_lang_is_danish(desktop: Reader, pages: list[str]) -> None:
    for path in pages:
        assert desktop.open(path).locator("html").get_attribute("lang") == "da", path


def test_no_english_interface_text(desktop: Reader, pages: list[str]) -> None:
    findings = []
    for path in pages:
        findings += english_interface_strings(desktop.open(path), path)
    search(desktop.open(""), "håndbog")  # the search results and status line
    findings += english_interface_strings(desktop.page, "search/")
    assert not findings, "English interface text:\n" + "\n".join(findings)


# -- Accessibility ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewport", "theme"),
    [(DESKTOP, "light"), (DESKTOP, "dark"), (PHONE, "light"), (PHONE, "dark")],
    ids=["desktop-light", "desktop-dark", "phone-light", "phone-dark"],
)
def test_axe_finds_no_wcag_violations(
    browser: Browser, site: str, pages: list[str], viewport: dict, theme: str
) -> None:
    reader = new_reader(browser, site, viewport=viewport, theme=theme)
    findings = []
    try:
        for path in pages:
            page = reader.open(path)
            assert page.evaluate("document.body.dataset.theme") == theme
            findings += axe_violations(page, f"/{path} ({viewport['width']} px, {theme})")
    finally:
        reader.context.close()
    assert not findings, "axe-core WCAG 2.1 AA violations:\n" + "\n".join(findings)


def _focus_indicator(page: Page) -> dict:
    return page.evaluate(
        """() => {
          let el = document.activeElement;
          if (el.matches("input.sidebar-toggle")) {  // its focus shows on the icon
            el = [...document.querySelectorAll(`.page label[for="${el.id}"]`)]
              .find((label) => label.offsetParent !== null) || el;
          }
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return {
            tag: el.tagName, cls: el.className, text: el.innerText || el.getAttribute("aria-label"),
            outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
            shadow: style.boxShadow !== "none",
            inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
                    && box.right > 0 && box.left < innerWidth,
          };
        }"""
    )


def test_skip_link_moves_keyboard_focus_to_the_content(desktop: Reader) -> None:
    page = desktop.open("docs/communication/")
    page.keyboard.press("Tab")
    skip = _focus_indicator(page)
    assert skip["cls"].startswith("skip-to-content"), skip
    assert skip["text"] == "Gå til indholdet"
    assert skip["inView"] and (skip["outline"] or skip["shadow"]), skip
    page.keyboard.press("Enter")
    assert page.url.endswith("#furo-main-content")
    page.keyboard.press("Tab")
    inside = page.evaluate("document.activeElement.closest('article') !== null")
    assert inside, f"Tab after the skip link went to {_focus_indicator(page)}"


def invisible_focus(page: Page, steps: int = 40) -> list[str]:
    """Tab through the page; every stop where the focus cannot be seen."""
    invisible = []
    for step in range(steps):
        page.keyboard.press("Tab")
        focused = _focus_indicator(page)
        if focused["tag"] == "BODY":
            break
        if not (focused["inView"] and (focused["outline"] or focused["shadow"])):
            invisible.append(f"Tab {step + 1}: {focused}")
    return invisible


@pytest.mark.parametrize("reader", ["desktop", "phone"])
def test_keyboard_focus_is_visible(reader: str, request: pytest.FixtureRequest) -> None:
    invisible = invisible_focus(request.getfixturevalue(reader).open("docs/communication/"))
    assert not invisible, "focus not visible:\n" + "\n".join(invisible)


# -- Privacy ---------------------------------------------------------------------------------


def test_no_requests_to_other_hosts(desktop: Reader, phone: Reader, pages: list[str]) -> None:
    findings = []
    for path in pages:
        findings += foreign_requests(desktop, path)
        findings += foreign_requests(phone, path)
    findings += foreign_requests(desktop, "", lambda page: search(page, "onboarding"))
    assert not findings, "requests to other hosts:\n" + "\n".join(findings)


# -- Navigation ------------------------------------------------------------------------------


def test_front_page_links_land_on_their_section(desktop: Reader) -> None:
    page = desktop.open("")
    links = "article a[href]:not(.headerlink)"
    hrefs = page.locator(links).evaluate_all("links => links.map((a) => a.getAttribute('href'))")
    internal = [href for href in hrefs if not urlsplit(href).scheme]
    assert len(internal) >= 50
    problems = []
    for index, href in enumerate(hrefs):
        if href not in internal:
            continue
        page = desktop.open("")
        expected = urljoin(page.url, href)
        page.locator(links).nth(index).click()
        page.wait_for_load_state()
        if unquote(page.url) != unquote(expected):
            problems.append(f"{href}: landed on {page.url}")
            continue
        fragment = urlsplit(expected).fragment
        if fragment:
            heading = page.evaluate(
                """(id) => {
                  const section = document.getElementById(id);
                  const heading = section && section.querySelector("h1, h2, h3, h4, h5, h6");
                  if (!heading) return null;
                  const box = heading.getBoundingClientRect();
                  return {top: box.top, bottom: box.bottom};
                }""",
                fragment,
            )
            height = page.viewport_size["height"]
            if heading is None or not (heading["top"] >= 0 and heading["bottom"] <= height):
                problems.append(f"{href}: heading of #{fragment} at {heading}, viewport {height}")
    assert not problems, "front page links:\n" + "\n".join(problems)


def _drawer_left(page: Page) -> float:
    return page.locator(".sidebar-drawer").evaluate("el => el.getBoundingClientRect().left")


def test_phone_navigation_drawer_opens_and_closes(phone: Reader) -> None:
    page = phone.open("docs/communication/")
    assert _drawer_left(page) < 0, "the drawer is open before it is asked for"
    page.locator("label.nav-overlay-icon").click()
    page.wait_for_function(
        "() => document.querySelector('.sidebar-drawer').getBoundingClientRect().left >= 0"
    )
    link = page.locator(".sidebar-drawer a", has_text="Praktisk information")
    assert link.is_visible()
    # A tap on the dimmed page beside the drawer closes it.
    page.mouse.click(PHONE["width"] - 10, PHONE["height"] // 2)
    page.wait_for_function(
        "() => document.querySelector('.sidebar-drawer').getBoundingClientRect().right <= 0"
    )
    # Keyboard: the first Tab reaches the menu toggle, Space opens and closes it.
    page = phone.open("docs/communication/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "__navigation"
    page.keyboard.press("Space")
    assert _drawer_left(page) >= 0
    page.keyboard.press("Space")
    assert _drawer_left(page) < 0
    # Opened again, a link in it leads to its page.
    page.locator("label.nav-overlay-icon").click()
    link.click()
    page.wait_for_url("**/docs/practical_information/")


def test_no_horizontal_scrolling_on_phones(phone: Reader, pages: list[str]) -> None:
    wide = []
    for path in pages:
        page = phone.open(path)
        worst = horizontal_overflow(page)
        if worst["overflow"] > 0:
            wide.append(f"/{path}: {worst['element']} is {worst['overflow']} px too wide")
        scrolls = page.evaluate("document.documentElement.scrollWidth > innerWidth")
        if scrolls:
            wide.append(f"/{path}: the page scrolls sideways")
    assert not wide, "too wide for a 375 px phone:\n" + "\n".join(wide)


# -- Search ------------------------------------------------------------------------------


def stem(page: Page, word: str) -> str:
    """The search's stemmer (language_data.js) applied to word."""
    return page.evaluate("(word) => new Stemmer().stemWord(word)", word)


def test_danish_stemmer_is_active(desktop: Reader) -> None:
    assert stem(desktop.open("search/"), "fællesskabet") == "fællesskab"


def words_by_page(build: Build, pages: list[str]) -> dict[str, set[str]]:
    """page path -> the words (6 letters or more) of its title and text."""
    found = {}
    for path in pages:
        if path.startswith(("search/", "genindex/", "404/")) or path == "mangler/":
            continue
        soup = build.html(path.rstrip("/") or "index")
        found[path] = set(SEARCHABLE_WORD.findall(soup.find("article").get_text(" ").lower()))
    return found


def stems(page: Page, words: list[str]) -> dict[str, str]:
    return dict(
        zip(words, page.evaluate("(ws) => ws.map((w) => new Stemmer().stemWord(w))", words),
            strict=True)
    )  # fmt: skip


def test_search_finds_the_chapter(desktop: Reader, html_build: Build, pages: list[str]) -> None:
    # A word whose stem only one page has, derived from the pages as they are.
    by_page = words_by_page(html_build, pages)
    stem_of = stems(desktop.open("search/"), sorted(set().union(*by_page.values())))
    pages_of: dict[str, set[str]] = {}
    for path, words in by_page.items():
        for word in words:
            pages_of.setdefault(stem_of[word], set()).add(path)
    word, chapter = next(
        (word, path)
        for path, words in sorted(by_page.items()) if path.startswith("docs/")
        for word in sorted(words, key=lambda w: (-len(w), w))
        if pages_of[stem_of[word]] == {path}
    )  # fmt: skip
    results = search(desktop.open(""), word)
    assert results and results[0] == chapter, (word, results)


def test_search_finds_inflected_forms(desktop: Reader, html_build: Build, pages: list[str]) -> None:
    # A form no page contains whose stem some pages have: only stemming finds them.
    by_page = words_by_page(html_build, pages)
    texts = {p: html_build.html(p.rstrip("/") or "index").get_text(" ").lower() for p in by_page}
    words = sorted(set().union(*by_page.values()))
    forms = [w + end for w in words for end in INFLECTIONS if w[-1] not in "aeiouyæøå"]
    page = desktop.open("search/")
    stem_of = stems(page, words + forms)
    form, chapters = next(
        (form, [p for p, ws in by_page.items() if any(stem_of[w] == stem_of[form] for w in ws)])
        for form in forms
        if not any(form in text for text in texts.values())
        and any(stem_of[w] == stem_of[form] for w in words)
    )  # fmt: skip
    results = search(desktop.open(""), form)
    assert set(chapters) <= set(results), (form, chapters, results)
    status = desktop.page.locator(".search-summary").inner_text()
    assert status.startswith("Søgningen er færdig"), status


# -- Screenshots for review -------------------------------------------------------------------


def test_screenshots(browser: Browser, site: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, viewport, theme in [
        ("desktop", DESKTOP, "light"),
        ("mobil", PHONE, "light"),
        ("moerk", DESKTOP, "dark"),
    ]:
        reader = new_reader(browser, site, viewport=viewport, theme=theme)
        try:
            for page_name, path in [("forside", ""), ("kapitel", SCREENSHOT_CHAPTER)]:
                shot = SCREENSHOTS / f"{page_name}-{name}.png"
                # Desktop: the whole page; phone: the first screen, as a reader sees it.
                reader.open(path).screenshot(path=shot, full_page=viewport is DESKTOP)
                assert shot.stat().st_size > 10_000, shot
        finally:
            reader.context.close()


# -- Negative twins: broken copies of the project -------------------------------------------

BROKEN_PAGE = "bidrag"
BROKEN_HTML = """

<img src="../_static/missing.png">

<img src="https://tracker.example.com/pixel.gif" alt="">

<div style="width: 60rem">Bred boks</div>
"""


def _build_copy(tmp_path: Path, relpath: str, edit, *, refused: str = "") -> Build:
    """A copy built after one edit; refused: the one kind of warning the edit may cause
    (the pages are written all the same: --keep-going)."""
    root = copy_project(tmp_path, source=PORT_SOURCE)  # the frozen port: twins stay put
    path = root / relpath
    before = path.read_text(encoding="utf-8")
    after = edit(before)
    assert after != before, f"the edit did not change {relpath}"
    path.write_text(after, encoding="utf-8")
    build = run_build(root)
    warnings = [line for line in build.output.splitlines() if ": WARNING: " in line]
    assert all(f"[{refused}]" in line for line in warnings) if refused else not warnings
    assert build.returncode == 0 or refused, build.output
    return build


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy whose bidrag page has an image without alt text, a third-party
    image and a box wider than a phone.

    The build refuses the third-party image (the Content-Security-Policy,
    tests/test_csp.py) and the browser would block it; the page is served
    without its policy here, so the foreign-request check shows it still sees one.
    """
    build = _build_copy(
        tmp_path_factory.mktemp("broken-page"), f"source/{BROKEN_PAGE}.md",
        lambda text: text + BROKEN_HTML, refused="os2.csp",
    )  # fmt: skip
    page = build.page_path(BROKEN_PAGE)
    html = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html),
                    encoding="utf-8")  # fmt: skip
    with serve(build.outdir) as base_url:
        yield base_url


def test_twin_axe_names_page_and_rule(browser: Browser, broken_site: str) -> None:
    with reading(browser, broken_site) as reader:
        findings = axe_violations(reader.open(f"{BROKEN_PAGE}/"), f"/{BROKEN_PAGE}/")
    assert any(line.startswith(f"/{BROKEN_PAGE}/: image-alt ") for line in findings), findings


def test_twin_foreign_request_names_page_and_host(browser: Browser, broken_site: str) -> None:
    with reading(browser, broken_site) as reader:
        findings = foreign_requests(reader, f"{BROKEN_PAGE}/")
    assert findings == [f"/{BROKEN_PAGE}/: request to https://tracker.example.com/pixel.gif"]


def test_twin_horizontal_scrolling_is_found(browser: Browser, broken_site: str) -> None:
    with reading(browser, broken_site, viewport=PHONE) as reader:
        worst = horizontal_overflow(reader.open(f"{BROKEN_PAGE}/"))
        assert worst["overflow"] > 500 and worst["element"] == "div", worst


def _english_on_broken_page(browser: Browser, tmp_path: Path, relpath: str, edit) -> list[str]:
    """English interface text on the broken page of a copy built with relpath edited."""
    build = _build_copy(tmp_path, relpath, edit)
    with reading_build(browser, build.outdir) as reader:
        return english_interface_strings(reader.open(f"{BROKEN_PAGE}/"), f"{BROKEN_PAGE}/")


def test_twin_untranslated_catalog_entry_names_page(browser: Browser, tmp_path: Path) -> None:
    findings = _english_on_broken_page(
        browser, tmp_path, "locale/da/LC_MESSAGES/sphinx.po",
        lambda text: text.replace('msgstr "Tilbage til toppen"', 'msgstr ""'),
    )  # fmt: skip
    assert findings == [f"/{BROKEN_PAGE}/: text 'Back to top' (English: Back to top, back)"]


def test_twin_invisible_focus_is_found(browser: Browser, tmp_path: Path) -> None:
    build = _build_copy(
        tmp_path, "_static/os2.css",
        lambda text: text + "\na:focus-visible { outline: none !important; }\n",
    )  # fmt: skip
    with reading_build(browser, build.outdir) as reader:
        invisible = invisible_focus(reader.open("docs/communication/"))
    assert invisible and "skip-to-content" in invisible[0], invisible


def test_twin_english_stemmer_misses_inflected_forms(browser: Browser, tmp_path: Path) -> None:
    build = _build_copy(
        tmp_path, "conf.py",
        lambda text: text.replace('html_search_language = "da"', 'html_search_language = "en"'),
    )  # fmt: skip
    word, chapters = INFLECTED_SEARCH
    with reading_build(browser, build.outdir) as reader:
        assert stem(reader.open("search/"), word) != "fællesskab"
        results = search(reader.open(""), word)
    assert not set(chapters) & set(results), results


def test_twin_english_text_from_a_style_sheet_names_page(browser: Browser, tmp_path: Path) -> None:
    # furo's style sheet writes English onto {contents} boxes; text put there by
    # CSS is found like any other interface text.
    findings = _english_on_broken_page(
        browser, tmp_path, "_static/os2.css",
        lambda text: text + '\narticle h1::after { content: " Read this first"; }\n',
    )  # fmt: skip
    assert findings == [f"/{BROKEN_PAGE}/: css ::after ' Read this first' (English: this)"]

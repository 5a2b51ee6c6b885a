"""The built handbook in a real browser: Debian's Chromium driven by Playwright.

Helpers for tests/test_browser.py: a local web server for a build, the
browser, and the checks (English interface text, axe-core, foreign requests),
each returning its findings as lines that name the page, so a test and its
negative twin share one implementation.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route

# Debian's Chromium: Playwright's own browser downloads are not available here.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Chromium's own calls home (updates, sync, field trials) are not the page's.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}

# The rule sets the public sector must meet: WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# -- The pages of a build (served by localserver.serve_directory) ----------------


def site_pages(outdir: Path) -> list[str]:
    """Every HTML page of a dirhtml build as a URL path: "", "docs/appendix/", …"""
    pages = []
    for html in sorted(outdir.rglob("index.html")):
        relative = html.parent.relative_to(outdir).as_posix()
        if relative.startswith("_"):
            continue
        pages.append("" if relative == "." else f"{relative}/")
    return pages


# -- The browser ------------------------------------------------------------------


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class Reader:
    """One browser context (a reader's settings) that records foreign requests."""

    context: BrowserContext
    base_url: str
    foreign: list[str] = field(default_factory=list)
    page: Page | None = None

    def open(self, path: str, wait_until: str = "load") -> Page:
        """Load a page of the site, reusing one tab."""
        if self.page is None:
            self.page = self.context.new_page()
        self.page.goto(self.base_url + path, wait_until=wait_until)
        return self.page


def new_reader(browser: Browser, base_url: str, *, viewport: dict, theme: str = "light") -> Reader:
    """A context with furo's colour theme chosen and every foreign request blocked.

    Requests to other hosts are recorded and aborted, so a test never
    reaches the internet and the privacy check sees every attempt.
    """
    context = browser.new_context(
        viewport=viewport,
        color_scheme="dark" if theme == "dark" else "light",
        locale="da-DK",
        # No smooth scrolling or sliding drawers (os2.css honours this), so
        # positions are final as soon as an action returns.
        reduced_motion="reduce",
        service_workers="block",
    )
    context.set_default_timeout(10_000)  # a local site answers in milliseconds
    # furo reads the chosen theme from localStorage before it paints.
    context.add_init_script(f"localStorage.setItem('theme', '{theme}')")
    reader = Reader(context, base_url)
    local = urlsplit(base_url).netloc

    def guard(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob", "about") or urlsplit(url).netloc == local:
            route.continue_()
        else:
            reader.foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    return reader


def foreign_requests(reader: Reader, path: str, action=None) -> list[str]:
    """Load a page (and run action on it); the requests it made to other hosts."""
    reader.foreign.clear()
    page = reader.open(path, wait_until="networkidle")  # late requests too
    if action is not None:
        action(page)
        page.wait_for_load_state("networkidle")
    return [f"/{path}: request to {url}" for url in reader.foreign]


# -- English interface text ---------------------------------------------------------

# Interface phrases of furo and Sphinx, checked everywhere on the page.
ENGLISH_PHRASES = (
    "Skip to content",
    "Back to top",
    "On this page",
    "Toggle",
    "Made with",
    "Link to this",
    "Copyright",
    "Last updated",
    "Edit this page",
    "View this page",
    "View sources",
    "Search Results",
    "Search finished",
    "Searching",
    "Preparing search",
    "Hide Search Matches",
    "Your search did not match",
    "Light mode",
    "Dark mode",
    "Auto light/dark",
    "color theme",
    "Please activate JavaScript",
)
# Words that give away an English interface string the list above does not
# know yet. Checked in the theme's own text (not the handbook's prose, which
# may quote English, such as "Code of Conduct") and in accessible names.
# Words that are also Danish ("to", "for", "link", "menu", "top") are left out.
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "this",
        "that",
        "with",
        "your",
        "you",
        "on",
        "in",
        "is",
        "are",
        "by",
        "from",
        "skip",
        "back",
        "next",
        "previous",
        "home",
        "search",
        "page",
        "pages",
        "toggle",
        "sidebar",
        "content",
        "contents",
        "theme",
        "mode",
        "light",
        "dark",
        "expand",
        "collapse",
        "heading",
        "made",
        "updated",
        "edit",
        "view",
        "source",
        "sources",
        "results",
        "found",
        "matching",
    ]
)
WORD = re.compile(r"[^\W\d_]+")

# Text the handbook's authors wrote (prose, titles in the menus); everything
# else in the page is the theme's interface. On the search page, only the
# result list is the authors'.
COLLECT_TEXT = """
() => {
  const searchPage = document.getElementById("search-results") !== null;
  const authored = (el) =>
    el.closest("ul.search, .sidebar-tree, .toc-tree, .related-pages .title, .brand, .sidebar-brand")
    || (!searchPage && el.closest("article"));
  // Text marked as another language: a page's content (front matter lang: en)
  // or a name such as the footer's licence, "CC BY-SA 4.0".
  const foreign = (el) => {
    const lang = el.closest("[lang]")?.getAttribute("lang") || "";
    return lang !== "" && !lang.startsWith("da");
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, noscript") || foreign(parent)) continue;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (text) found.push({kind: "text", text, authored: !!authored(parent)});
  }
  const names = ["aria-label", "title", "alt", "placeholder"];
  for (const el of document.body.querySelectorAll(names.map((n) => `[${n}]`).join(","))) {
    for (const name of names) {
      const text = (el.getAttribute(name) || "").trim();
      // alt text is the authors' in their prose; labels and titles are the theme's
      const isAuthored = name === "alt" && !!authored(el);
      if (text) found.push({kind: name, text, authored: isAuthored});
    }
  }
  // Text the theme's style sheets put on the page (CSS content), which no
  // catalog translates: only quoted words count, not icons or counters.
  for (const el of document.body.querySelectorAll("*")) {
    for (const pseudo of ["::before", "::after"]) {
      const content = getComputedStyle(el, pseudo).content;
      if (/^".*[A-Za-z]{3}.*"$/.test(content)) {
        found.push({kind: "css " + pseudo, text: content.slice(1, -1), authored: false});
      }
    }
  }
  found.push({kind: "document title", text: document.title, authored: true});
  return found;
}
"""


def english_interface_strings(page: Page, path: str) -> list[str]:
    """English interface text on the loaded page, one line per finding."""
    findings = []
    for item in page.evaluate(COLLECT_TEXT):
        text = item["text"]
        phrases = [phrase for phrase in ENGLISH_PHRASES if phrase in text]
        words = (
            set()
            if item["authored"]
            else {word for word in WORD.findall(text.lower()) if word in ENGLISH_WORDS}
        )
        if phrases or words:
            clue = ", ".join(sorted(phrases) + sorted(words))
            findings.append(f"/{path}: {item['kind']} {text!r} (English: {clue})")
    return findings


# -- Accessibility ------------------------------------------------------------------------


@functools.cache
def _axe() -> Axe:
    return Axe()


def axe_violations(page: Page, label: str) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the loaded page."""
    results = _axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    findings = []
    for violation in results.response["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        findings.append(
            f"{label}: {violation['id']} ({violation['help']}) at {', '.join(targets[:5])}"
        )
    return findings


# furo sets overflow-x: hidden on <html> and, on phones, auto on the whole
# content column (.content), so a too-wide element makes the column scroll
# sideways rather than the page. Measure the elements instead, skipping the
# off-screen drawers and what sits inside a scroll box of its own (a wide
# table or code block scrolling within itself is fine on a phone).
WIDEST_ELEMENT = """
() => {
  const width = document.documentElement.clientWidth;
  let worst = {overflow: 0, element: null};
  const walker = document.createTreeWalker(
    document.querySelector(".page"), NodeFilter.SHOW_ELEMENT, (el) => {
      if (el.matches(".sidebar-drawer, .toc-drawer")) return NodeFilter.FILTER_REJECT;
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right - width > worst.overflow) {
        const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
          + [...el.classList].map((c) => "." + c).join("");
        worst = {overflow: Math.round(box.right - width), element: name};
      }
      const scrolls = ["auto", "scroll"].includes(getComputedStyle(el).overflowX)
        && !el.matches(".content");
      return scrolls ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    });
  while (walker.nextNode());
  return worst;
}
"""


def horizontal_overflow(page: Page) -> dict:
    """The element reaching furthest beyond the viewport's right edge, and by how many px."""
    return page.evaluate(WIDEST_ELEMENT)

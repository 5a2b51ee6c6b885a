"""The importer on a handbook of the real size: tests/fixtures/jekyll_full/.

The fixture plants every construct the live just-the-docs handbook has; its
manifest (tests/fixtures/jekyll_full_manifest.yml) says what and where, and
these tests take their expectations from it and from the fixture's own
front matter.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError

import pytest
import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from conftest import Build, copy_project, edit_file, run_build
from fixture_book import (
    FULL_SITE,
    RAW_CARD_PAGE,
    ImportRun,
    fix_raw_heading_levels,
    fix_true_faults,
    import_fixture,
    manifest,
    run_import,
    true_fault_lines,
)
from jekyll_full_filler import PAGES, render
from localserver import serve_directory
from os2_handbook.build import ROOT
from os2_handbook.edition import read_edition
from os2_handbook.importer.passes import FURO_CONTENTS_CLASS
from os2_handbook.pdf.pdfcheck import check_pdf
from os2_handbook.pdf.printing import missing_prerequisites
from seeds import KRAMDOWN_ATTRIBUTES, SENTENCE_END, normalise
from support.navigation import sidebar_menu
from support.pdf import body_text, build_pdf, comparable
from support.trees import tree_digest

LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
LABEL_SPAN = re.compile(r'<span class="label[^"]*">[^<]*</span>')

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
HEADING_ID = re.compile(r"^#{1,6} .*\{#([^}]+)\}\s*$", re.MULTILINE)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def site_pages() -> dict[str, str]:
    """Every page Jekyll renders: site-relative path -> text."""
    excluded = [str(e).rstrip("/") + "/" for e in _config().get("exclude", [])]
    pages = {}
    for path in sorted(FULL_SITE.rglob("*.md")):
        relative = path.relative_to(FULL_SITE).as_posix()
        text = path.read_text(encoding="utf-8")
        if FRONT_MATTER.match(text) and not relative.startswith(tuple(excluded)):
            pages[relative] = text
    return pages


def front_matter(text: str) -> dict:
    return yaml.safe_load(FRONT_MATTER.match(text).group(1)) or {}


def _config() -> dict:
    return yaml.safe_load((FULL_SITE / "_config.yml").read_text(encoding="utf-8"))


# -- The fixture is what the issue describes and the manifest says ----------------


def test_filler_pages_are_what_the_script_writes() -> None:
    for page in PAGES:
        assert (FULL_SITE / page.path).read_text(encoding="utf-8") == render(page), page.path


def test_fixture_has_the_pages_the_manifest_names() -> None:
    pages = site_pages()
    plan = manifest()
    assert 40 <= len(pages) <= 50  # the live handbook's size
    assert plan["home"] in pages
    for entry in plan["not_rendered"]:
        assert (FULL_SITE / entry["file"]).exists() and entry["file"] not in pages
    for name in plan["top_level_pages"]:
        assert "/" not in name and name in pages
    assert (
        front_matter(pages[plan["front_matter_only"]])
        and FRONT_MATTER.sub("", pages[plan["front_matter_only"]]).strip() == ""
    )
    template = plan["three_h1_template"]
    assert len(re.findall(r"^# ", pages[template["page"]], re.M)) == template["h1_count"]
    depth = max(page.count("/") for page in pages)
    assert depth == 3  # docs/chapter/section/page: three menu levels


def test_fixture_plants_each_construct_as_often_as_the_manifest_says() -> None:
    plan = manifest()
    pages = site_pages()
    text = "\n".join(pages.values())
    ids = HEADING_ID.findall(text)
    assert len(ids) == plan["heading_ids"]
    assert [i for i in ids if not i.isascii()] == plan["non_ascii_ids"]
    assert text.count("](#top)") == plan["top_links"]
    assert len(re.findall(r'<span class="label', text)) == plan["label_spans"]
    assert sum(bool(re.search(r"^\|", p, re.M)) for p in pages.values()) == plan["table_pages"]
    mermaid = {name: p.count("```mermaid") for name, p in pages.items() if "```mermaid" in p}
    assert (sum(mermaid.values()), len(mermaid)) == tuple(plan["mermaid"].values())
    assert "- [ ]" in pages[plan["task_list"]]
    assert "{% link" in pages[plan["raw_html_page"]] and "<div" in pages[plan["raw_html_page"]]
    assert len(_config()["aux_links"]) == plan["aux_links"]
    jumps = re.findall(r"^## .*\n\n^##### ", pages[plan["heading_jumps"]["page"]], re.M)
    assert len(jumps) == plan["heading_jumps"]["count"]


def test_true_faults_are_in_the_fixture() -> None:
    for fault in manifest()["true_faults"]:
        page = (FULL_SITE / fault["page"]).read_text(encoding="utf-8")
        assert f"[{fault['text']}](" in page, fault


def test_header_only_table_has_no_body_rows() -> None:
    page = (FULL_SITE / manifest()["header_only_table"]).read_text(encoding="utf-8")
    assert re.search(r"^\|.*\|\n\| ---.*\|\n\n", page, re.M)


def test_fixture_text_is_placeholder(tmp_path: Path) -> None:
    # The fixture is test content: it says so on its front page and never names OS2.
    pages = site_pages()
    assert "testhåndbog" in pages["index.md"].lower()
    assert not any("OS2" in text for text in pages.values())


# -- The fixture imported into a copy of the project, then built --------------------------

WARNING = re.compile(r"^(?P<path>\S+?):(?P<line>\d+): WARNING: (?P<message>.*)$", re.MULTILINE)
REFRESH = re.compile(r'http-equiv="refresh" content="0; url=(?P<url>[^"]+)"')


@dataclass
class Book:
    run: ImportRun
    build: Build


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    """The full fixture imported (--force) into a project copy and built strictly."""
    run = import_fixture(tmp_path_factory.mktemp("book") / "project")
    return Book(run, run_build(run.root))


@pytest.fixture(scope="module")
def fixed(book: Book, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The same book with the old site's own faults fixed as a maintainer would."""
    root = tmp_path_factory.mktemp("fixed") / "project"
    shutil.copytree(book.run.root, root, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    fix_true_faults(root)
    return run_build(root)


def paragraph_start(root: Path, relative: str, line: int) -> int:
    """The first line of the paragraph holding line: where MyST reports its links."""
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    while line > 1 and lines[line - 2].strip():
        line -= 1
    return line


def test_strict_build_fails_on_exactly_the_true_faults(book: Book) -> None:
    root = book.run.root
    expected = {(path, paragraph_start(root, path, n)) for path, n in true_fault_lines(root)}
    warned = {
        (Path(m["path"]).relative_to(root).as_posix(), int(m["line"]))
        for m in WARNING.finditer(book.build.output)
    }
    assert len(expected) == len(manifest()["true_faults"])
    assert warned == expected, book.build.output
    assert book.build.returncode != 0


def test_report_names_each_true_fault_in_both_trees(book: Book) -> None:
    root = book.run.root
    for (path, line), fault in zip(true_fault_lines(root), manifest()["true_faults"], strict=True):
        pattern = rf"^- `{re.escape(path)}:{line}` \(kilde `{re.escape(fault['page'])}:\d+`\): "
        assert re.search(pattern, book.run.report, re.MULTILINE), (fault, book.run.report)


def test_hand_work_is_only_the_true_faults_and_the_title_overlap(book: Book) -> None:
    section = book.run.report.split("## Skal gøres i hånden")[1].split("\n## ")[0]
    items = [line for line in section.splitlines() if line.startswith("- ")]
    overlap = manifest()["title_overlap"]
    mermaid_fallback = sum("{mermaid}-direktiv" in item for item in items)
    assert len(items) == len(manifest()["true_faults"]) + 1 + mermaid_fallback, section
    assert any(overlap["page"] in i and overlap["project_page"] in i for i in items)


def test_fixed_book_builds_without_a_warning(fixed: Build) -> None:
    assert fixed.returncode == 0, fixed.output
    assert "WARNING" not in fixed.output


def fixture_sentences(page: str) -> list[str]:
    """The prose sentences of one fixture page, as a reader sees them."""
    text = LABEL_SPAN.sub(" ", FRONT_MATTER.sub("", site_pages()[page]))
    text = LIQUID.sub("", KRAMDOWN_ATTRIBUTES.sub("", text))
    html = MarkdownIt("commonmark").enable("table").render(text)
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for block in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th"]):
        if block.find(["p", "ul", "ol"]):
            continue
        plain = re.sub(r"^\[[ xX]\]\s*", "", normalise(block.get_text(" ")))  # task items
        found += [s for s in SENTENCE_END.split(plain) if s and s != "TOC"]
    if page == manifest()["home"]:  # the version line is the version badge (tested below)
        found = [s for s in found if not s.startswith("Version ")]
    return found


def page_text(build: Build, docname: str) -> str:
    article = build.html(docname).find("article")
    for anchor in article.select("a.headerlink"):
        anchor.decompose()
    return joined(article.get_text(" "))


def joined(text: str) -> str:
    """Whitespace-normalised, without the space get_text(" ") puts before punctuation."""
    return re.sub(r"\s+(?=[,.;:!?)])|(?<=\()\s+", "", normalise(text))


def test_every_sentence_of_every_fixture_page_is_in_the_html(fixed: Build) -> None:
    missing = []
    for page in site_pages():
        text = page_text(fixed, docname(page))
        # casefold: the terms pass writes the project's spelling (Github → GitHub)
        missing += [
            (page, s)
            for s in fixture_sentences(page)
            if joined(s).casefold() not in text.casefold()
        ]
    assert missing == []


def docname(page: str) -> str:
    return "index" if page == "index.md" else page[:-3]


def old_urls(page: str) -> list[str]:
    """Both addresses the old site answered for a page: /docs/x/y and /docs/x/y.html."""
    if page == "index.md":
        return ["/", "/index.html"]
    return [f"/{page[:-3]}", f"/{page[:-3]}.html"]


def fetch(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.geturl(), response.read().decode("utf-8")


def lands_on(base: str, old: str, page: str) -> str:
    """Request an old address as a browser would; return a problem, or ""."""
    try:
        final, html = fetch(base + old)
        if refresh := REFRESH.search(html):  # the .html twin forwards the reader
            final, html = fetch(urllib.parse.urljoin(final, refresh["url"]))
    except HTTPError as error:
        return f"{old}: HTTP {error.code}"
    wanted = ("/", "/index.html") if page == "index.md" else (f"/{page[:-3]}/",)
    if not urllib.parse.unquote(urllib.parse.urlparse(final).path).endswith(wanted):
        return f"{old}: landed on {final}"
    ids = {tag["id"] for tag in BeautifulSoup(html, "html.parser").find_all(id=True)}
    missing = [i for i in HEADING_ID.findall(site_pages()[page]) if i not in ids]
    return f"{old}: no id {missing} on {final}" if missing else ""


def test_every_old_url_of_both_forms_lands_on_its_page_with_its_ids(fixed: Build) -> None:
    with serve_directory(fixed.outdir) as base:
        base = base.rstrip("/")
        problems = [
            p for page in site_pages() for old in old_urls(page) if (p := lands_on(base, old, page))
        ]
        twin = lands_on(base, "/docs/findes-ikke.html", "docs/findes-ikke.md")
        other = lands_on(base, "/docs/processer/budget", "docs/processer/indkoeb.md")
    assert problems == []
    assert "HTTP 404" in twin  # negative twins: a page that never was, and the wrong page
    assert "landed on" in other


def expected_menu() -> list[tuple[str, list]]:
    """The menu just-the-docs builds from the fixture's front matter."""
    pages = [front_matter(text) for name, text in site_pages().items() if name != "index.md"]
    pages = [p for p in pages if not p.get("nav_exclude")]

    def children(parent: dict | None, grand: str = "") -> list[tuple[str, list]]:
        if parent is None:
            level = [p for p in pages if not p.get("parent")]
        else:
            level = [
                p for p in pages
                if p.get("parent") == parent["title"]
                and (not p.get("grand_parent") or p["grand_parent"] == grand)
            ]  # fmt: skip
        level.sort(key=lambda p: (p.get("nav_order", 999), p["title"]))
        return [(p["title"], children(p, parent["title"] if parent else "")) for p in level]

    return children(None)


def test_menu_matches_the_front_matter(fixed: Build) -> None:
    sidebar = fixed.html("docs/organisering/udvalg/styregruppe").select_one(".sidebar-tree")
    caption = next(p for p in sidebar.select("p.caption") if p.get_text(strip=True) == "Kapitler")
    assert sidebar_menu(caption.find_next_sibling("ul")) == expected_menu()
    hidden = front_matter(site_pages()[manifest()["nav_exclude"][0]])["title"]
    assert hidden not in sidebar.get_text()


def test_ids_are_kept_byte_for_byte_and_top_links_land(fixed: Build) -> None:
    for page, text in site_pages().items():
        html = fixed.html(docname(page))
        ids = {tag["id"] for tag in html.find_all(id=True)}
        assert set(HEADING_ID.findall(text)) <= ids, page
        if "](#top)" in text:
            assert "top" in ids, page
            assert html.select('article a[href="#top"]'), page
    for anchor in manifest()["non_ascii_ids"]:
        assert any(anchor in HEADING_ID.findall(t) for t in site_pages().values())


def test_label_spans_are_badges_outside_titles(fixed: Build) -> None:
    badges = sum(len(fixed.html(docname(p)).select("article .sd-badge")) for p in site_pages())
    assert badges >= manifest()["label_spans"]
    for page in manifest()["labels_in_h1"]:
        html = fixed.html(docname(page))
        title = front_matter(site_pages()[page])["title"]
        assert html.find("h1").get_text(strip=True).rstrip("#¶") == title
        assert html.find("title").get_text().startswith(f"{title} - ")
        assert html.select_one("article .sd-badge")
    # The next/previous links and the menu show titles only.
    moeder = front_matter(site_pages()[manifest()["labels_in_h1"][0]])["title"]
    for docname_ in ("docs/arbejdsgange", "docs/arbejdsgange/moeder/referater"):
        labels = [
            a.get_text(" ", strip=True) for a in fixed.html(docname_).select(".related-pages a")
        ]
        assert any(label.endswith(moeder) for label in labels), labels


def test_table_of_contents_is_one_furo_accepts(fixed: Build) -> None:
    # furo paints an in-page table of contents red with an ERROR text (CSS)
    # unless it carries its escape-hatch class.
    for page, text in site_pages().items():
        if "{:toc}" in text:
            contents = fixed.html(docname(page)).select("article .contents")
            assert contents and all(FURO_CONTENTS_CLASS in c["class"] for c in contents), page


def test_task_list_has_checkboxes(fixed: Build) -> None:
    page = manifest()["task_list"]
    boxes = fixed.html(docname(page)).select("article input[type=checkbox]")
    assert len(boxes) == site_pages()[page].count("- [")
    assert [b.has_attr("checked") for b in boxes] == ["- [x]" in line for line in
        site_pages()[page].splitlines() if line.startswith("- [")]  # fmt: skip


def test_front_matter_only_page_is_pending_and_template_is_one_entry(fixed: Build) -> None:
    empty = fixed.html(docname(manifest()["front_matter_only"])).find("article")
    assert empty.select_one(".admonition.pending")
    template = fixed.html(docname(manifest()["three_h1_template"]["page"])).find("article")
    assert len(template.find_all("h1")) == 1
    assert len(template.find_all("h2")) == manifest()["three_h1_template"]["h1_count"] - 1


def test_heading_jumps_are_normalised_each_one_reported(book: Book, fixed: Build) -> None:
    jumps = manifest()["heading_jumps"]
    article = fixed.html(docname(jumps["page"])).find("article")
    assert not article.find("h5") and len(article.find_all("h3")) == jumps["count"]
    reported = re.findall(
        rf"`{re.escape(jumps['page'])}:\d+`.*?sprang fra niveau 2 til 5", book.run.report
    )
    assert len(reported) == 0  # converted findings are tallied, not listed …
    assert f"| overskriftsniveauer | {jumps['count']} | 0 | 0 |" in book.run.report  # … but counted


def test_raw_html_is_kept_styled_and_its_links_resolve(fixed: Build) -> None:
    page = manifest()["raw_html_page"]
    html = fixed.html(docname(page))
    cards = html.select("article .kortgitter .kort")
    assert len(cards) == site_pages()[page].count('class="kort"')
    for link in html.select("article .kortgitter a"):
        target = (fixed.page_path(docname(page)).parent / link["href"].split("#")[0]).resolve()
        assert (target / "index.html" if target.is_dir() else target).is_file(), link["href"]
    css = fixed.outdir / "_static" / "imported" / "custom.css"
    assert ".kortgitter .kort" in css.read_text(encoding="utf-8")  # compiled: nesting resolved
    assert html.find("link", href=re.compile(r"_static/imported/custom\.css"))


def test_a_broken_link_in_raw_html_fails_the_build_with_file_and_line(
    fixed: Build, tmp_path: Path
) -> None:
    root = tmp_path / "project"
    shutil.copytree(fixed.root, root, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    page = "source/" + manifest()["raw_html_page"]
    edit_file(root, page, lambda text: text.replace("kriterier.md#krav", "findes-ikke.md", 1))
    line = next(
        n
        for n, t in enumerate((root / page).read_text(encoding="utf-8").splitlines(), 1)
        if "findes-ikke.md" in t
    )
    broken = run_build(root)
    assert broken.returncode != 0
    assert re.search(rf"{re.escape(page)}:{line}: WARNING: link i rå HTML", broken.output), (
        broken.output
    )


def test_logo_on_every_page_and_aux_links_in_the_menu(fixed: Build) -> None:
    config = _config()
    for page in site_pages():
        assert fixed.html(docname(page)).select_one(".sidebar-logo"), page
    sidebar = fixed.html("index").select_one(".sidebar-tree")
    links = {a["href"]: a.get_text(strip=True) for a in sidebar.select("a.reference.external")}
    for title, urls in config["aux_links"].items():
        assert links.get(urls[0]) == title


def test_english_page_is_marked_lang_en(book: Book) -> None:
    for page in manifest()["english_pages"]:
        text = (book.run.root / "source" / page).read_text(encoding="utf-8")
        assert yaml.safe_load(FRONT_MATTER.match(text).group(1))["lang"] == "en"
    danish = (book.run.root / "source" / "docs/arbejdsgange.md").read_text(encoding="utf-8")
    assert "lang:" not in danish  # negative twin: a Danish page is not marked


def test_front_page_has_the_project_form_and_the_old_version(book: Book, fixed: Build) -> None:
    version = manifest()["version"]
    edition = read_edition(book.run.root / "udgave.toml")
    assert (edition.version, edition.released.strftime("%Y-%m"), edition.release_url) == (
        version["number"],
        version["released"],
        version["release_url"],
    )
    index = (book.run.root / "source" / "index.md").read_text(encoding="utf-8")
    assert "{{ version_badge }}" in index
    front = fixed.html("index")
    badge = front.select_one("article a.sd-badge")
    assert badge["href"] == version["release_url"] and version["number"] in badge.get_text()
    hrefs = [a["href"] for a in front.select("article a")]
    assert any(h.startswith("mangler") for h in hrefs) and any(
        h.startswith("bidrag") for h in hrefs
    )
    chapters = [name for name in site_pages() if re.fullmatch(r"docs/[^/]+\.md", name)]
    chapters = [c for c in chapters if f"({c[:-3].join(['./', ''])})" in site_pages()["index.md"]]
    assert len(front.select("article .sd-card")) == len(chapters)
    description = front_matter(site_pages()["index.md"])["description"]
    assert front.find("meta", attrs={"name": "description"})["content"] == description
    # The project's own pages stay in the menu under their caption after --force.
    sidebar = front.select_one(".sidebar-tree")
    caption = next(p for p in sidebar.select("p.caption") if "Om håndbogen" in p.get_text())
    own = {a["href"].strip("/").split("/")[-1] for a in caption.find_next_sibling("ul").select("a")}
    assert {"mangler", "bidrag"} <= own


def test_files_jekyll_does_not_render_are_reported_not_imported(book: Book) -> None:
    for entry in manifest()["not_rendered"]:
        assert not (book.run.root / "source" / entry["file"]).exists()
        assert f"- `{entry['file']}" in book.run.report


def test_imported_markdown_passes_the_markdown_and_terms_gates(fixed: Build) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "os2_handbook.authoring.lint", "markdown", "terms",
         "--root", str(fixed.root)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_report_counts_per_pass_and_only_real_conversions(book: Book) -> None:
    summary = re.search(r"^(\d+) af (\d+) konstruktioner blev konverteret", book.run.report, re.M)
    rows = re.findall(r"^\| (.+?) \| (\d+) \| (\d+) \| (\d+) \|$", book.run.report, re.M)
    converted = sum(int(r[1]) for r in rows)
    total = sum(int(r[1]) + int(r[2]) + int(r[3]) for r in rows)
    assert (int(summary[1]), int(summary[2])) == (converted, total)
    names = [r[0] for r in rows]
    for name in ("overskrifter med id", "etiketter i overskrifter", "links til #top", "tabeller"):
        assert name in names


# -- The PDF ----------------------------------------------------------------------------------


@pytest.mark.skipif(missing_prerequisites() != [], reason="the PDF's fonts are not installed")
def test_the_whole_imported_book_is_in_the_tagged_pdf(fixed: Build, tmp_path: Path) -> None:
    # The whole book, the table with a header row and no body rows included
    # (it crashed the LaTeX route; WeasyPrint prints it as the web shows it).
    root = tmp_path / "project"
    shutil.copytree(fixed.root, root, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    build = build_pdf(root)
    line = next(
        n
        for n, text in enumerate((root / "source" / RAW_CARD_PAGE).read_text().splitlines(), 1)
        if "<h3>" in text
    )
    assert build.returncode != 0
    assert f"{RAW_CARD_PAGE}:{line}: WARNING: overskriften <h3> i rå HTML" in build.output
    fix_raw_heading_levels(root)
    build = build_pdf(root)
    assert build.returncode == 0, build.output[-2000:]
    assert check_pdf(build.pdf) == []
    text = without_urls(comparable(body_text(build.text())))
    missing = []
    for name in site_pages():
        if name in manifest()["nav_exclude"]:
            continue  # a page outside the menu is outside the book's table of contents too
        sentences = fixture_sentences(name)
        if name == manifest()["home"]:
            # The front page's title is the book's (conf.py) and its chapter cards
            # are for the web (the PDF has its table of contents): its
            # introduction is what the PDF keeps.
            sentences = sentences[1 : sentences.index(first_card_sentence(name))]
        missing += [
            (name, s)
            for s in sentences
            if without_urls(comparable(joined(s))).casefold() not in text.casefold()
        ]
    assert missing == []


def without_urls(text: str) -> str:
    """On paper an address is a footnote: compare the text around it."""
    return " ".join(re.sub(r"https?://\S+", " ", text).split())


def first_card_sentence(name: str) -> str:
    """The first sentence of the front page's first chapter block."""
    first = re.search(r"^## \[([^\]]+)\]", site_pages()[name], re.M)
    return first.group(1)


# -- Re-running, --dry-run, --force on the full site --------------------------------------------


def test_import_leaves_the_packaging_and_the_lock_alone(book: Book) -> None:
    """The old site's version goes to udgave.toml; pyproject.toml, which uv.lock
    records, is untouched (tests/test_handbook.py checks the lock itself)."""
    pyproject = (book.run.root / "pyproject.toml").read_bytes()
    assert pyproject == (ROOT / "pyproject.toml").read_bytes()
    assert read_edition(book.run.root / "udgave.toml").version != read_edition().version


def test_second_import_changes_nothing(book: Book, tmp_path: Path) -> None:
    root = tmp_path / "again"
    shutil.copytree(book.run.root, root, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    before = tree_digest(root / "source")
    edition = (root / "udgave.toml").read_bytes()
    again = run_import(root, "--force")
    assert tree_digest(root / "source") == before
    assert (root / "udgave.toml").read_bytes() == edition
    assert "| overskrevet |" not in again.report and "| oprettet |" not in again.report


def test_dry_run_writes_nothing_and_without_force_the_project_is_kept(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    before = tree_digest(root)
    dry = run_import(root, "--dry-run", "--force")
    assert tree_digest(root) == before
    assert "| `udgave.toml` | `index.md` | ville blive overskrevet |" in dry.output
    kept = run_import(root)
    assert (root / "udgave.toml").read_bytes() == (ROOT / "udgave.toml").read_bytes()
    assert (root / "source/index.md").read_bytes() == (ROOT / "source/index.md").read_bytes()
    assert "| `source/index.md` | `index.md` | findes allerede – ikke overskrevet |" in kept.report

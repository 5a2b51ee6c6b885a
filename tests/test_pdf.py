"""The PDF edition: built with WeasyPrint, read back with independent tools.

The PDF is built through the same entry point as `nox -s pdf` and Read the
Docs (python -m os2_handbook.build pdf). It is read with poppler (pdftotext,
pdfinfo -struct-text), pypdf (outline, links, metadata) and pikepdf
(structure tree, PDF/UA-1 checks). Without the fonts these tests fail, they do
not skip: CI installs them (.ci/run).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.generic import Destination

from conftest import PORT_SOURCE, Build, copy_project, edit_file, run_build
from os2_handbook.build import ROOT
from os2_handbook.edition import read_edition
from os2_handbook.pdf.paper import diagrams_as_images
from os2_handbook.pdf.pdfcheck import check_pdf, elements
from os2_handbook.pdf.printing import DEBIAN_PACKAGES
from seeds import myst_sentences, normalise, pending_notes
from support.handbook import CHAPTERS, source_pages
from support.pdf import PdfBuild, add_to_appendix, body_text, build_pdf, comparable

A4_POINTS = (595.276, 841.89)
# The title page, the colophon on its back, then the table of contents' two pages.
CONTENTS = (3, 4)
# The characters the issue names; “ and ” are checked in the CJK twin below.
SPECIAL_CHARACTERS = "æøåé–’💡🙌"


def test_body_text_joins_a_sentence_across_a_page_break() -> None:
    title_page = "Sådan gør vi\n\nVersion 1.0.0\n"
    page_end = "Velkommen og formål\n\nvi samarbejder med, hvordan vores\n\n6\n"
    next_page = "Velkommen og formål\n\nopgaver hænger sammen.\n\n7\n"
    text = "\f".join([title_page, page_end, next_page])
    assert normalise(body_text(text)) == (
        "Sådan gør vi Version 1.0.0 vi samarbejder med, hvordan vores opgaver hænger sammen."
    )
    assert comparable("ITK (https://itk.aarhus.dk/) i Aarhus") == comparable("ITK i Aarhus")


def heading_outline(root: Path, docname: str) -> list[tuple[int, str]]:
    """(level, title) of every #, ## and ### heading of a source page, code excluded."""
    found, fence = [], ""
    for line in (root / "source" / f"{docname}.md").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^(`{3,}|~{3,})", line):
            if not fence:
                fence = match[1]
            elif line.strip() == fence:
                fence = ""
            continue
        if not fence and (heading := re.match(r"^(#{1,3}) (.+)$", line)):
            found.append((len(heading[1]) - 1, heading[2].strip()))
    return found


def book_outline(build: PdfBuild, docname: str) -> list[tuple[int, str]]:
    """A page's headings: its source's, then those a directive generates.

    ``{recent-changes}`` (os2_handbook/ext/changes.py) writes a heading per month
    from the git history; they are read from the page the PDF was printed from.
    """
    outline = heading_outline(build.root, docname)
    source = (build.root / "source" / f"{docname}.md").read_text(encoding="utf-8")
    if "{recent-changes}" in source:
        page = BeautifulSoup(build.html, "html.parser").find(id=f"document-{docname}")
        outline += [(int(h.name[1]) - 1, normalise(h.get_text())) for h in page.select(".rubric")]
    return outline


def toctree_order(root: Path) -> list[str]:
    """The pages the front page's toctrees list, in order (top-level toctrees only)."""
    index = (root / "source" / "index.md").read_text(encoding="utf-8")
    order = []
    for body in re.findall(r"^```\{toctree\}\n(.*?)^```$", index, re.M | re.S):
        order += [line.strip() for line in body.splitlines() if line.strip() and ":" not in line]
    return order


def flat_outline(reader: PdfReader) -> list[tuple[int, str]]:
    def walk(items: list, depth: int) -> list[tuple[int, str]]:
        flat = []
        for item in items:
            if isinstance(item, list):
                flat += walk(item, depth + 1)
            else:
                flat.append((depth, item.title))
        return flat

    return walk(reader.outline, 0)


# -- The build ------------------------------------------------------------------------


def test_build_is_clean_and_passes_the_pdf_ua_checks(pdf_build: PdfBuild) -> None:
    assert "WARNING" not in pdf_build.output
    assert "WeasyPrint:" not in pdf_build.output
    assert check_pdf(pdf_build.pdf) == []
    info = pdfinfo(pdf_build.pdf)
    assert info["Tagged"] == "yes"
    assert info["PDF version"] == "1.7"  # PDF/UA-1 is built on PDF 1.7


def test_page_size_is_a4(pdf_build: PdfBuild) -> None:
    reader = PdfReader(pdf_build.pdf)
    assert len(reader.pages) > 10
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4_POINTS, abs=0.5)


def test_metadata_title_author_subject_keywords_language(pdf_build: PdfBuild) -> None:
    reader = PdfReader(pdf_build.pdf)
    info = reader.metadata
    assert info.title == "Sådan gør vi i OS2-fællesskabet og OS2-sekretariatet – en håndbog"
    assert info.author == "OS2"
    assert "håndbog" in info.subject
    assert "OS2" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "da"
    # The window shows the title, not the file name.
    assert bool(reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"])


# -- Text -------------------------------------------------------------------------------


def test_title_page_has_title_version_date_and_author(pdf_build: PdfBuild) -> None:
    edition = read_edition()
    title_page = normalise(pdf_build.text(1, 1))
    assert "Sådan gør vi i OS2-fællesskabet og OS2-sekretariatet – en håndbog" in title_page
    assert f"Version {edition.version}" in title_page
    assert f"Udgivet {edition.released_text}" in title_page
    assert title_page.endswith("OS2")


def test_a_raised_version_reaches_the_front_page_and_the_title_page(tmp_path: Path) -> None:
    """A maintainer's new edition: udgave.toml edited, nothing else (CONTRIBUTING.md)."""
    root = copy_project(tmp_path / "project", source=PORT_SOURCE)
    edit_file(root, "udgave.toml", lambda t: re.sub(r'^version = ".*"', 'version = "1.1.0"',
                                                     t, flags=re.M))  # fmt: skip
    html = run_build(root)
    assert html.returncode == 0, html.output
    assert "Version v1.1.0 – Udgivet" in html.html("index").select_one("article .sd-badge").text
    build = build_pdf(root)
    assert build.returncode == 0, build.output
    assert "Version 1.1.0" in normalise(build.text(1, 1))


def test_table_of_contents_is_danish_and_lists_every_chapter(pdf_build: PdfBuild) -> None:
    text = normalise(pdf_build.text(*CONTENTS))
    assert text.startswith("Indhold")
    for chapter in CHAPTERS:
        assert heading_outline(pdf_build.root, f"docs/{chapter}")[0][1] in text, chapter


def test_table_of_contents_gives_the_page_each_chapter_starts_on(pdf_build: PdfBuild) -> None:
    pages = PdfReader(pdf_build.pdf).pages
    # -layout keeps each entry on its line, its page number at the right.
    contents = "\n".join(pdf_build.text(n, n, "-layout") for n in CONTENTS)
    for chapter in CHAPTERS:
        title = heading_outline(pdf_build.root, f"docs/{chapter}")[0][1]
        # The page whose running head (first line) names the chapter first.
        first = next(
            n for n in range(CONTENTS[1] + 1, len(pages) + 1)
            if pdf_build.text(n, n).startswith(title)
        )  # fmt: skip
        assert re.search(rf"^ *{re.escape(title)} +{first}$", contents, re.M), (title, first)


def test_all_ten_chapter_titles_in_order(pdf_build: PdfBuild) -> None:
    body = normalise(pdf_build.text(CONTENTS[1] + 1))  # after the table of contents
    titles = [heading_outline(pdf_build.root, f"docs/{chapter}")[0][1] for chapter in CHAPTERS]
    positions = [body.find(title) for title in titles]
    assert -1 not in positions, dict(zip(titles, positions, strict=True))
    assert positions == sorted(positions)


def test_every_sentence_of_the_welcome_chapter_is_kept(pdf_build: PdfBuild) -> None:
    text = comparable(body_text(pdf_build.text()))
    source = pdf_build.root / "source" / "docs" / "welcome_and_purpose.md"
    wanted = myst_sentences(source.read_text(encoding="utf-8"))
    assert wanted
    missing = [s for s in wanted if comparable(s).rstrip(":") not in text]
    assert not missing


def front_page_foreword(html: Build) -> list[str]:
    """The sentences of the web front page's intro and note: what precedes the cards."""
    section = html.html("index").find("article").find("section")
    wanted = []
    for block in section.find_all(["p", "div"], recursive=False):
        if "sd-container-fluid" in block.get("class", []) or block.select_one(".sd-card"):
            break  # the chapter cards: web only
        if block.select_one(".sd-badge"):
            continue  # the version badge, checked on its own
        wanted += [s for s in re.split(r"(?<=[.!?])\s+", normalise(block.get_text(" "))) if s]
    return wanted


def test_foreword_has_version_intro_and_note_but_no_cards(
    pdf_build: PdfBuild, html_build: Build
) -> None:
    text = pdf_build.text(CONTENTS[1] + 1)  # not normalised: comparable() joins line ends
    first_chapter = heading_outline(pdf_build.root, toctree_order(pdf_build.root)[0])[0][1]
    foreword = text[text.index("Forord") : text.index(first_chapter)]
    assert read_edition().label in normalise(foreword)
    wanted = front_page_foreword(html_build)  # the intro and the 💡 note
    assert wanted
    assert [s for s in wanted if comparable(s) not in comparable(foreword)] == []
    assert "Formål:" not in foreword  # the web-only chapter cards stay out


def test_special_characters_are_text_in_the_pdf(pdf_build: PdfBuild) -> None:
    text = pdf_build.text()
    assert [c for c in SPECIAL_CHARACTERS if c not in text] == []


def test_pending_notes_are_one_line_each_with_a_link(pdf_build: PdfBuild) -> None:
    text = normalise(pdf_build.text())
    line = "Dette afsnit er endnu ikke skrevet. Vil du skrive det, så læs Sådan bidrager du."
    pages = source_pages(pdf_build)
    assert text.count(line) == sum(pending_notes(p.read_text(encoding="utf-8")) for _, p in pages)


# -- Navigation -------------------------------------------------------------------------


def test_outline_lists_every_chapter_and_section_in_order(pdf_build: PdfBuild) -> None:
    expected = [(0, "Forord")]
    for docname in toctree_order(pdf_build.root):
        expected += book_outline(pdf_build, docname)
    assert flat_outline(PdfReader(pdf_build.pdf)) == expected


def link_annotations(reader: PdfReader) -> list[dict]:
    return [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]


def test_table_of_contents_and_cross_references_are_links(pdf_build: PdfBuild) -> None:
    reader = PdfReader(pdf_build.pdf)
    named = reader.named_destinations
    internal = [a for a in link_annotations(reader) if "/URI" not in a.get("/A", {})]
    assert len(internal) > 100  # the table of contents, the pending notes, the list
    for annotation in internal:
        target = annotation["/A"]["/D"] if "/A" in annotation else annotation["/Dest"]
        assert isinstance(target, Destination) or str(target) in named, target


def test_external_urls_are_links_and_printed_after_them(pdf_build: PdfBuild) -> None:
    reader = PdfReader(pdf_build.pdf)
    uris = {a["/A"]["/URI"] for a in link_annotations(reader) if "/URI" in a.get("/A", {})}
    text = pdf_build.text()
    printed = re.sub(r"\s+", "", text)  # a long address may break over lines
    for url in ["https://boks.os2.eu/s/Afco557gKpepLJa", "https://itk.aarhus.dk/"]:
        assert url in uris
        assert f"({url})" in printed  # printed after the link, readable on paper


# -- Reproducible -----------------------------------------------------------------------


def test_two_builds_are_byte_identical(pdf_build: PdfBuild, tmp_path: Path) -> None:
    again = build_pdf(copy_project(tmp_path / "again"))  # another path, same sources
    assert again.returncode == 0, again.output
    assert again.pdf.read_bytes() == pdf_build.pdf.read_bytes()


# -- Negative twins ---------------------------------------------------------------------


def test_character_no_font_has_fails_naming_it_and_its_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    line = add_to_appendix(root, "Et “citat” og et kinesisk tegn: 漢.")
    build = build_pdf(root)
    assert build.returncode != 0
    assert f"source/docs/appendix.md:{line}: tegnet 漢 (U+6F22 " in build.output, build.output
    assert "U+201C" not in build.output and "U+201D" not in build.output  # “ ” are covered
    assert not build.pdf.exists()


def test_broken_cross_reference_fails_naming_file_and_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    page = root / "source" / "mangler.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("(bidrag.md)", "(bidrag.md#findes-ikke)"), encoding="utf-8")
    build = build_pdf(root)
    assert build.returncode != 0
    assert re.search(r"mangler\.md:3: WARNING: .*findes-ikke", build.output), build.output
    assert not build.pdf.exists()


def test_image_without_alt_text_fails_naming_file_and_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "source" / "docs" / "kort.svg").write_text(SVG, encoding="utf-8")
    line = add_to_appendix(root, "![](kort.svg)")
    build = build_pdf(root)
    assert build.returncode != 0
    assert re.search(
        rf"appendix\.md:{line}: WARNING: billedet 'kort\.svg' mangler en tekstbeskrivelse",
        build.output,
    ), build.output
    assert not build.pdf.exists()


def test_heading_level_skip_fails_naming_file_and_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    line = add_to_appendix(root, "#### Et afsnit for dybt\n\nTekst.")
    build = build_pdf(root)
    assert build.returncode != 0
    assert re.search(rf"appendix\.md:{line}: WARNING: Non-consecutive header level", build.output)
    assert not build.pdf.exists()


def test_without_the_fonts_it_stops_at_once_naming_the_debian_packages(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"  # a PATH with Python but no fontconfig
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    root = copy_project(tmp_path / "project")
    build = build_pdf(root, env={"PATH": str(bin_dir), "HOME": str(tmp_path)})
    assert build.returncode == 2
    assert "fontconfig (fc-match) er ikke installeret" in build.output
    assert f"apt-get install -y --no-install-recommends {' '.join(DEBIAN_PACKAGES)}" in build.output
    assert "Traceback" not in build.output
    assert not (root / "_build").exists()  # stopped before Sphinx ran


# -- The structure tree, read by poppler and pikepdf ----------------------------------


def pdfinfo(pdf: Path) -> dict[str, str]:
    result = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in result.stdout.splitlines())
    }


@dataclass
class Tag:
    """One element of poppler's `pdfinfo -struct-text` tree, with its text."""

    role: str
    depth: int
    text: list[str]
    kids: list[Tag]


def struct_tree(pdf: Path) -> list[Tag]:
    """Every element pdfinfo -struct-text prints, in order, each with the text under it."""
    result = subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True
    )
    found: list[Tag] = []
    open_tags: list[Tag] = []
    for line in result.stdout.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        content = line.strip()
        while open_tags and open_tags[-1].depth >= depth:
            open_tags.pop()
        if content.startswith('"'):
            for tag in open_tags:
                tag.text.append(content.strip('"'))
        elif content and not content.startswith("Object "):
            tag = Tag(content.split(" ")[0], depth, [], [])
            if open_tags:
                open_tags[-1].kids.append(tag)
            found.append(tag)
            open_tags.append(tag)
    return found


def test_every_heading_is_tagged_at_its_level_in_order(pdf_build: PdfBuild) -> None:
    tagged = [
        (int(tag.role[1]), normalise(" ".join(tag.text)))
        for tag in struct_tree(pdf_build.pdf)
        if re.fullmatch(r"H[1-6]", tag.role)
    ]
    # The title page and the table of contents, then the book as the sources have it.
    expected = [(1, PROJECT_TITLE), (1, "Indhold"), (1, "Forord")]
    for docname in toctree_order(pdf_build.root):
        expected += [(level + 1, title) for level, title in book_outline(pdf_build, docname)]
    assert tagged == expected


def test_paragraphs_lists_and_links_are_tagged(pdf_build: PdfBuild) -> None:
    tree = struct_tree(pdf_build.pdf)
    roles = {tag.role for tag in tree}
    assert {"Document", "P", "L", "LI", "LBody", "Link"} <= roles
    html = pdf_build.html
    # Every list and link of the printed page is in the tree (an element split
    # over two pages is tagged once per page, so at least as many).
    assert sum(tag.role == "L" for tag in tree) >= len(re.findall(r"<(?:ul|ol)\b", html))
    # Links shown on paper: the headings' "¶" links are hidden there.
    links = len(re.findall(r"<a\b(?![^>]*headerlink)[^>]*href=", html))
    assert sum(tag.role == "Link" for tag in tree) >= links


def test_page_furniture_is_artefact_not_content(pdf_build: PdfBuild) -> None:
    # Running heads and page numbers are marked /Artifact and are not in the tree.
    with pikepdf.open(pdf_build.pdf) as pdf:
        page = pdf.pages[6]  # the first chapter's second page
        artefacts = [
            operands for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC" and str(operands[0]) == "/Artifact"
        ]  # fmt: skip
    assert len(artefacts) >= 2  # the running head and the page number
    tagged_text = " ".join(" ".join(t.text) for t in struct_tree(pdf_build.pdf) if t.depth == 1)
    assert not re.search(r"(?:^| )7 Velkommen og formål", tagged_text)


PROJECT_TITLE = "Sådan gør vi i OS2-fællesskabet og OS2-sekretariatet – en håndbog"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">'
    '<rect width="120" height="60" fill="#0b4f8a"/></svg>\n'
)
# An English page with a table, a figure and a raw HTML block: a test fixture,
# written for these tests.
ENGLISH_PAGE = """---
lang: en
---

# A page in English

This page is written in English to test the language of the PDF's parts.

| Column one | Column two |
| --- | --- |
| first cell | second cell |

![A blue rectangle standing in for a diagram](kort.svg)

```{raw} html
<p class="raw-sample">Raw HTML shows in print too.</p>
```
"""


@pytest.fixture(scope="module")
def english_build(tmp_path_factory: pytest.TempPathFactory) -> PdfBuild:
    root = copy_project(tmp_path_factory.mktemp("english"))
    (root / "source" / "docs" / "kort.svg").write_text(SVG, encoding="utf-8")
    (root / "source" / "docs" / "english.md").write_text(ENGLISH_PAGE, encoding="utf-8")
    index = root / "source" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("docs/appendix\n", "docs/appendix\ndocs/english\n", 1))
    build = build_pdf(root)
    assert build.returncode == 0, build.output
    return build


def test_english_part_table_figure_and_raw_html(english_build: PdfBuild) -> None:
    assert check_pdf(english_build.pdf) == []
    with pikepdf.open(english_build.pdf) as pdf:
        found = list(elements(pdf.Root.StructTreeRoot))
        english = [e for e in found if str(e.get("/Lang", "")) == "en"]
        assert english, "no element has /Lang en"
        # The page's heading, text and table inherit it (the Danish rest does not).
        inside = {str(kid.S) for part in english for kid in elements(part)}
        assert {"/H1", "/P", "/Table"} <= inside
        assert all(str(e.get("/Lang", "da")) in ("da", "en") for e in found)
        figures = [e for e in found if str(e.S) == "/Figure"]
        assert [str(f.Alt) for f in figures] == ["A blue rectangle standing in for a diagram"]
    tree = struct_tree(english_build.pdf)
    tables = [t for t in tree if t.role == "Table"]
    assert len(tables) == english_build.html.count("<table")
    for table in tables:
        cells = [t for t in tree if t.role in ("TH", "TD") and t in _descendants(table)]
        header = [normalise(" ".join(c.text)) for c in cells if c.role == "TH"]
        assert header == ["Column one", "Column two"]
    assert "Raw HTML shows in print too." in english_build.text()


def test_a_web_diagram_becomes_one_image_with_its_alt_text() -> None:
    # The markup os2_handbook/ext/diagrams.py writes (two inline drawings).
    web = (
        '<p>Før</p><div class="os2-diagram align-center" id="flow" '
        'data-svg="_images/diagram-1.svg" data-alt="Sådan går en sag" data-desc="x">'
        '<svg class="os2-diagram-light"><g></g></svg><svg class="os2-diagram-dark"></svg>'
        "</div>\n<p>Efter</p>"
    )
    assert diagrams_as_images(web) == (
        '<p>Før</p><figure class="os2-diagram align-center" id="flow">'
        '<img src="_images/diagram-1.svg" alt="Sådan går en sag"></figure>\n<p>Efter</p>'
    )


def _descendants(tag: Tag) -> list[Tag]:
    return [kid for child in tag.kids for kid in (child, *_descendants(child))]


# -- The PDF/UA-1 checks and their negative twins -------------------------------------


def broken_copy(source: Path, target: Path, change) -> Path:
    with pikepdf.open(source) as pdf:
        change(pdf)
        pdf.save(target)
    return target


def first(pdf: pikepdf.Pdf, role: str) -> pikepdf.Dictionary:
    return next(e for e in elements(pdf.Root.StructTreeRoot) if str(e.S) == role)


def test_pdf_ua_check_twin_figure_without_alt(english_build: PdfBuild, tmp_path: Path) -> None:
    broken = broken_copy(
        english_build.pdf, tmp_path / "x.pdf", lambda p: first(p, "/Figure").__delitem__("/Alt")
    )
    assert check_pdf(broken) == ["[13-004] et billede (Figure) har ingen alternativ tekst (/Alt)"]


def test_pdf_ua_check_twin_table_without_header(english_build: PdfBuild, tmp_path: Path) -> None:
    def no_th(pdf: pikepdf.Pdf) -> None:
        for element in elements(pdf.Root.StructTreeRoot):
            if str(element.S) == "/TH":
                element.S = pikepdf.Name.TD

    broken = broken_copy(english_build.pdf, tmp_path / "x.pdf", no_th)
    assert check_pdf(broken) == ["en tabel har ingen overskriftsceller (TH)"]


def test_pdf_ua_check_twin_heading_skip(pdf_build: PdfBuild, tmp_path: Path) -> None:
    broken = broken_copy(
        pdf_build.pdf, tmp_path / "x.pdf", lambda p: setattr(first(p, "/H2"), "S", pikepdf.Name.H3)
    )
    assert check_pdf(broken) == ["[14-003] overskriftsniveau springes over: H1 efterfølges af H3"]


def test_pdf_ua_check_twin_title_language_and_metadata(pdf_build: PdfBuild, tmp_path: Path) -> None:
    def strip(pdf: pikepdf.Pdf) -> None:
        pdf.Root.ViewerPreferences.DisplayDocTitle = False
        del pdf.Root["/Lang"]
        del pdf.Root["/Outlines"]

    assert check_pdf(broken_copy(pdf_build.pdf, tmp_path / "x.pdf", strip)) == [
        "[07-001] /ViewerPreferences /DisplayDocTitle er ikke sand: vinduet viser filnavnet",
        "dokumentets sprog (/Lang) mangler eller er ugyldigt: ''",
        "PDF'en har ingen bogmærker (/Outlines)",
    ]


def test_pdf_ua_check_twin_untagged_content_and_loose_link(
    pdf_build: PdfBuild, tmp_path: Path
) -> None:
    def loosen(pdf: pikepdf.Pdf) -> None:
        heading = first(pdf, "/H1")  # the title page's title leaves the tree
        kids = heading.P.K
        kids.remove(heading)

    problems = check_pdf(broken_copy(pdf_build.pdf, tmp_path / "x.pdf", loosen))
    assert problems and all(p.startswith("[01-005] side 1: indhold med MCID") for p in problems)

    def unwrap_link(pdf: pikepdf.Pdf) -> None:
        first(pdf, "/Link").S = pikepdf.Name.Span

    problems = check_pdf(broken_copy(pdf_build.pdf, tmp_path / "y.pdf", unwrap_link))
    assert problems == ["[28-011] side 2: et link ligger i /Span, ikke i et Link-element"]


def test_ci_installs_the_packages_the_message_names() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    listed = re.search(r"apt_packages=\((.*?)\n\)", ci, re.S)[1]
    names = {line.split("#")[0].strip() for line in listed.splitlines()} - {""}
    assert set(DEBIAN_PACKAGES) <= names
    assert shutil.which("pdftotext"), "poppler-utils is missing"

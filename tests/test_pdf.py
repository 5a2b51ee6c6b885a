"""The PDF edition: built once with LuaLaTeX, read back with pdftotext and pypdf.

The PDF is built through the same entry point as `nox -s pdf` and Read the
Docs (python -m os2_handbook.build pdf). Without TeX these tests fail, they do
not skip: CI installs TeX (.ci/run).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from conftest import Build, copy_project
from os2_handbook.build import ROOT
from os2_handbook.metadata import read_edition
from os2_handbook.pdf import DEBIAN_PACKAGES, PDF_NAME, check_log
from seeds import myst_sentences, normalise, pending_notes
from test_handbook import CHAPTERS, source_pages

A4_POINTS = (595.276, 841.89)
# The characters the issue names; “ and ” are checked in the CJK twin below.
SPECIAL_CHARACTERS = "æøåé–’💡🙌"


@dataclass
class PdfBuild:
    root: Path
    returncode: int
    output: str  # stdout and stderr: what `nox -s pdf` shows

    @property
    def pdf(self) -> Path:
        return self.root / "_build" / "pdf" / PDF_NAME

    @property
    def log(self) -> str:
        return (self.root / "_build" / "latex" / "os2-haandbog.log").read_text(errors="replace")

    def text(self, first: int | None = None, last: int | None = None) -> str:
        pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", *pages, str(self.pdf), "-"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return result.stdout


# What pdftotext gives of each page besides the running text: the running head
# ("<title>, Version x"), the footer ("1.2. Sekretariatets rolle"), page and
# footnote numbers, and the footnotes' URLs.
PAGE_FURNITURE = re.compile(r"^(?:.+, Version \S+|\d+(?:\.\d+)*\. .+|\d+|[ivxlc]+|https?://\S+)$")


def body_text(text: str) -> str:
    """The running text of a PDF's pages without page furniture, so that a
    sentence broken across two pages reads as one."""
    lines = (line for line in text.replace("\f", "\n").splitlines())
    return "\n".join(line for line in lines if not PAGE_FURNITURE.match(line.strip()))


def build_pdf(root: Path, env: dict[str, str] | None = None) -> PdfBuild:
    """Run `python -m os2_handbook.build pdf` in a copy of the project."""
    result = subprocess.run(
        [sys.executable, "-m", "os2_handbook.build", "pdf", str(root / "_build" / "pdf")],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return PdfBuild(root, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory: pytest.TempPathFactory) -> PdfBuild:
    """The handbook as a PDF, built once per test session from the real sources."""
    build = build_pdf(copy_project(tmp_path_factory.mktemp("pdf")))
    assert build.returncode == 0, build.output
    return build


def comparable(text: str) -> str:
    """Text as pdftotext and the sources can both be reduced to.

    Joins words hyphenated at a line end, drops hyphens altogether (a real
    hyphen may fall at a line end too) and the footnote numbers that follow a
    word in the PDF (so digits right after letters go on both sides), and the
    space that plain-text extraction of the seeds leaves before punctuation.
    """
    text = re.sub(r"[-\u00ad]\n", "", text).replace("-", "")
    text = re.sub(r"(?<=[^\W\d])\d+", "", text)
    return re.sub(r"\s+(?=[,.;:!?])", "", normalise(text))


def test_body_text_joins_a_sentence_across_a_page_break() -> None:
    page_end = (
        "vi samarbejder med, hvordan vores\n4\n\n"  # the last line and a footnote number
        "https://itk.aarhus.dk/\n\n1.2. Sekretariatets rolle\n\n3\n"  # its URL, the footer
    )
    next_page = "\fSådan gør vi – en håndbog, Version 1.0.0\n\nopgaver hænger sammen.\n"
    assert normalise(body_text(page_end + next_page)) == (
        "vi samarbejder med, hvordan vores opgaver hænger sammen."
    )
    # Running text is kept, numbered headings included.
    assert normalise(body_text("1.2 Sekretariatets rolle\nOS2 er et fællesskab.\n")) == (
        "1.2 Sekretariatets rolle OS2 er et fællesskab."
    )


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


def test_build_is_clean(pdf_build: PdfBuild) -> None:
    assert "WARNING" not in pdf_build.output
    assert "Missing character" not in pdf_build.log
    assert not re.search(r"undefined|Rerun to get", pdf_build.log), pdf_build.log
    assert check_log(pdf_build.log, pdf_build.root / "source") == []


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


# -- Text -------------------------------------------------------------------------------


def test_title_page_has_title_version_date_and_author(pdf_build: PdfBuild) -> None:
    edition = read_edition()
    title_page = normalise(pdf_build.text(1, 1))
    assert "Sådan gør vi i OS2-fællesskabet og OS2-sekretariatet – en håndbog" in title_page
    assert f"Version {edition.version}" in title_page
    assert f"Udgivet {edition.released_text}" in title_page
    assert title_page.endswith("OS2")


def test_table_of_contents_is_danish_and_lists_every_chapter(pdf_build: PdfBuild) -> None:
    text = normalise(pdf_build.text(2, 3))
    assert text.startswith("Indhold")
    for chapter in CHAPTERS:
        assert heading_outline(pdf_build.root, f"docs/{chapter}")[0][1] in text, chapter


def test_all_ten_chapter_titles_in_order(pdf_build: PdfBuild) -> None:
    body = normalise(pdf_build.text(4))  # after the table of contents
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
    text = normalise(pdf_build.text(4))
    foreword = text[text.index("Forord") : text.index("KAPITEL 1")]
    assert read_edition().label in foreword
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
        expected += heading_outline(pdf_build.root, docname)
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


def test_external_urls_are_links_and_footnoted(pdf_build: PdfBuild) -> None:
    reader = PdfReader(pdf_build.pdf)
    uris = {a["/A"]["/URI"] for a in link_annotations(reader) if "/URI" in a.get("/A", {})}
    text = pdf_build.text()
    for url in ["https://boks.os2.eu/s/Afco557gKpepLJa", "https://itk.aarhus.dk/"]:
        assert url in uris
        assert url in text  # printed in a footnote, readable on paper


# -- Reproducible -----------------------------------------------------------------------


def test_two_builds_are_byte_identical(pdf_build: PdfBuild, tmp_path: Path) -> None:
    again = build_pdf(copy_project(tmp_path / "again"))  # another path, same sources
    assert again.returncode == 0, again.output
    assert again.pdf.read_bytes() == pdf_build.pdf.read_bytes()


# -- Negative twins ---------------------------------------------------------------------


def test_character_no_font_has_fails_naming_it_and_its_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    appendix = root / "source" / "docs" / "appendix.md"
    text = appendix.read_text(encoding="utf-8")
    appendix.write_text(text + "\nEt “citat” og et kinesisk tegn: 漢.\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    build = build_pdf(root)
    assert build.returncode != 0
    assert f"source/docs/appendix.md:{line}: tegnet 漢 (U+6F22)" in build.output, build.output
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


def test_undefined_latex_reference_fails_naming_the_source_line(tmp_path: Path) -> None:
    # Sphinx checks the links it knows; this reference only LaTeX sees.
    root = copy_project(tmp_path / "project")
    appendix = root / "source" / "docs" / "appendix.md"
    text = appendix.read_text(encoding="utf-8")
    raw = "\n```{raw} latex\nSe side \\pageref{docs/appendix:findes-ikke}.\n```\n"
    appendix.write_text(text + raw, encoding="utf-8")
    build = build_pdf(root)
    assert build.returncode != 0
    line = len(text.splitlines()) + 3
    assert re.search(
        rf"source/docs/appendix\.md:{line}: krydshenvisningen 'docs/appendix:findes-ikke'",
        build.output,
    ), build.output


def test_log_check_names_latex_errors_with_file_and_line(tmp_path: Path) -> None:
    log = "./os2-haandbog.tex:120: Undefined control sequence.\n! Emergency stop.\n"
    problems = [str(p) for p in check_log(log, tmp_path)]
    assert problems == [
        "./os2-haandbog.tex:120: LaTeX-fejl: Undefined control sequence.",
        "LaTeX-fejl: Emergency stop.",
    ]


def test_without_tex_it_stops_at_once_naming_the_debian_packages(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"  # a PATH with Python but no TeX
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    root = copy_project(tmp_path / "project")
    build = build_pdf(root, env={"PATH": str(bin_dir), "HOME": str(tmp_path)})
    assert build.returncode == 2
    assert "lualatex og latexmk er ikke installeret" in build.output
    assert f"apt-get install -y --no-install-recommends {' '.join(DEBIAN_PACKAGES)}" in build.output
    assert "Traceback" not in build.output
    assert not (root / "_build").exists()  # stopped before Sphinx ran


def test_ci_installs_the_packages_the_message_names() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    listed = re.search(r"apt_packages=\((.*?)\n\)", ci, re.S)[1]
    names = {line.split("#")[0].strip() for line in listed.splitlines()} - {""}
    assert set(DEBIAN_PACKAGES) <= names
    assert shutil.which("pdftotext"), "poppler-utils is missing"

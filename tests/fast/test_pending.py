"""Sections still to be written: {pending} shows a note, {pending-list} lists them
all by chapter, and the build log counts them (os2_handbook/ext/pending.py)."""

from __future__ import annotations

import re
from pathlib import Path

from support.trees import replace

ROOT = "pending"
PENDING_TITLE = "Dette afsnit er endnu ikke skrevet"
LIST_PAGE = "mangler"
# "{#id}" on the line before "## Title": the anchor and title of a section.
SECTION = re.compile(r"^\{#(?P<id>[^}\s]+)\}\n##\s+(?P<title>.+)$", re.M)
PENDING = re.compile(r"^:::\{pending\}", re.M)
PENDING_BLOCK = re.compile(r"^:::\{pending\}\n(?:.+\n)*?:::\n", re.M)
TOCTREE_ENTRY = re.compile(r"^(?P<doc>\w+)$", re.M)


def reading_order(srcdir: Path) -> list[str]:
    index = (srcdir / "index.md").read_text(encoding="utf-8")
    toctree = index.split("```{toctree}", 1)[1].split("```", 1)[0]
    return TOCTREE_ENTRY.findall(toctree)


def pending_sections(srcdir: Path) -> dict[str, list[tuple[str, str]]]:
    """docname -> (id, title) of each section holding a {pending}, from the sources."""
    found: dict[str, list[tuple[str, str]]] = {}
    for docname in reading_order(srcdir):
        text = (srcdir / f"{docname}.md").read_text(encoding="utf-8")
        sections = list(SECTION.finditer(text))
        for number, section in enumerate(sections):
            end = sections[number + 1].start() if number + 1 < len(sections) else len(text)
            if PENDING.search(text, section.end(), end):
                found.setdefault(docname, []).append((section["id"], section["title"]))
    return found


def test_list_shows_every_pending_section_by_chapter(build_root):
    built = build_root(ROOT)
    assert built.warnings == ""
    expected = pending_sections(built.srcdir)
    assert expected, "the root must hold pending sections"
    page = built.html(f"{LIST_PAGE}.html")
    chapters = [p.a["href"] for p in page.select("p.pending-chapter")]
    assert chapters == [f"{doc}.html" for doc in expected]
    entries = [(a["href"], a.get_text()) for a in page.select("p.pending-chapter + ul a")]
    assert entries == [
        (f"{doc}.html#{section_id}", title)
        for doc, sections in expected.items()
        for section_id, title in sections
    ]


def test_log_counts_the_pending_sections(build_root):
    built = build_root(ROOT)
    count = sum(map(len, pending_sections(built.srcdir).values()))
    assert f"os2: {count} afsnit mangler endnu tekst ({{pending}})" in built.status


def test_note_on_the_page_links_to_how_to_contribute(build_root):
    built = build_root(ROOT)
    for docname in pending_sections(built.srcdir):
        notes = built.html(f"{docname}.html").select("div.admonition.pending")
        assert len(notes) == len(pending_sections(built.srcdir)[docname])
        for note in notes:
            assert note.select_one(".admonition-title").get_text() == PENDING_TITLE
            assert note.find("a", href="bidrag.html") is not None


def test_list_when_everything_is_written(build_root):
    no_pending = {
        f"{doc}.md": lambda text: PENDING_BLOCK.sub("Nu skrevet.\n", text)
        for doc in ("forste", "andet")
    }
    built = build_root(ROOT, edits=no_pending)
    assert built.warnings == ""
    assert "Alle afsnit er skrevet." in built.html(f"{LIST_PAGE}.html").get_text()
    assert "os2: 0 afsnit mangler endnu tekst" in built.status


def test_list_follows_an_edit_in_an_incremental_build(build_root):
    first = build_root(ROOT)
    srcdir = first.srcdir
    # Another page fills a section; the list page itself is unchanged.
    edit = {"andet.md": lambda text: PENDING_BLOCK.sub("Nu skrevet.\n", text, count=1)}
    second = build_root(ROOT, srcdir=srcdir, edits=edit)
    assert second.warnings == ""
    entries = [
        a["href"] for a in second.html(f"{LIST_PAGE}.html").select("p.pending-chapter + ul a")
    ]
    expected = pending_sections(srcdir)
    assert entries == [f"{doc}.html#{sid}" for doc, found in expected.items() for sid, _ in found]
    assert "andet.html#tomt-b" not in entries  # the section just written


def test_twin_pending_outside_a_section_names_file_and_line(build_root):
    # Right under the page title, on a page that has sections: no section to list.
    edits = {"forste.md": replace("\n{#skrevet}", "\n:::{pending}\n:::\n\n{#skrevet}", 1)}
    built = build_root(ROOT, edits=edits)
    assert built.warned("forste.md", 3, "{pending} skal stå under en ## overskrift med et {#id}")


def test_the_pdf_gets_one_line_instead_of_the_box(build_root):
    built = build_root(ROOT, builder="pdfhtml")
    assert built.warnings == ""
    page = built.html("index.html")
    assert page.select("div.admonition.pending") == []
    lines = [em for em in page.find_all("em") if em.get_text().startswith(PENDING_TITLE)]
    assert len(lines) == sum(map(len, pending_sections(built.srcdir).values()))
    for line in lines:
        assert line.get_text() == f"{PENDING_TITLE}. Vil du skrive det, så læs Sådan bidrager du."

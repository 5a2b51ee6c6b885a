"""The HTML handbook: strict build, every old link and anchor, faithful text.

Two kinds of test: the built handbook against its own sources (``html_build``:
whatever the pages say today, counts derived from them) and the port against
the old site (``port_build``: the pages as the migration left them, frozen in
tests/fixtures/port). The fixed contract: the ten chapter pages and the 42
anchors of the old front page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import PORT_SOURCE, Build, edit_file
from os2_handbook.edition import EditionError, read_edition
from os2_handbook.project import ROOT
from seeds import (
    FRONT_PAGE_SEED,
    WELCOME_SEED,
    front_page_intro_and_purposes,
    myst_sentences,
    normalise,
    old_front_page_targets,
    pending_notes,
    seed_text,
    sentences,
)
from support.handbook import CHAPTERS, source_pages


def page_text(build: Build, docname: str) -> str:
    article = build.html(docname).find("article")
    return normalise(article.get_text(" "))


def ids_in(build: Build, docname: str) -> set[str]:
    return {tag["id"] for tag in build.html(docname).find_all(id=True)}


def resolve_internal_link(build: Build, from_doc: str, href: str) -> tuple[Path, str]:
    """Map a link in the built site to (HTML file, fragment), as a web server would."""
    base = "/" if from_doc == "index" else f"/{from_doc}/"
    url = urlsplit(urljoin(base, href))
    path = build.outdir / url.path.lstrip("/")
    if url.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, url.fragment


# -- The strict build -----------------------------------------------------------


def test_build_has_no_warnings(html_build: Build) -> None:
    assert "WARNING" not in html_build.output
    assert "ERROR" not in html_build.output


def test_every_chapter_page_exists(html_build: Build) -> None:
    for chapter in CHAPTERS:
        assert html_build.page_path(f"docs/{chapter}").is_file(), chapter


# -- Links and anchors --------------------------------------------------------------


def test_every_front_page_link_resolves(html_build: Build) -> None:
    links = html_build.html("index").find("article").find_all("a", href=True)
    internal = [a["href"] for a in links if not urlsplit(a["href"]).scheme]
    assert len(internal) >= len(old_front_page_targets())  # the old links, and more
    for href in internal:
        path, fragment = resolve_internal_link(html_build, "index", href)
        assert path.is_file(), f"front page link {href!r}: no page {path}"
        if fragment:
            html = path.read_text(encoding="utf-8")
            assert f'id="{fragment}"' in html, f"front page link {href!r}: no id"


def test_all_42_old_anchors_exist_on_their_chapter_pages(html_build: Build) -> None:
    targets = [(c, a) for c, a in old_front_page_targets() if a]
    assert len(targets) == 42
    assert {chapter for chapter, _ in old_front_page_targets()} == set(CHAPTERS)
    for chapter, anchor in targets:
        assert anchor in ids_in(html_build, f"docs/{chapter}"), f"docs/{chapter}#{anchor}"


def test_each_old_anchor_is_the_id_of_its_section(html_build: Build) -> None:
    soup = html_build.html("docs/welcome_and_purpose")
    for anchor in ("formaal", "rolle", "haandbog"):
        assert soup.find(id=anchor).name == "section"


@pytest.mark.parametrize(
    ("chapter", "anchor", "title"),
    [
        ("communication", "kommunikation", "Kommunikation med medlemmer"),
        ("practical_information", "kommunikation", "Kommunikation og kontakt"),
        ("workflow_and_tools", "samarbejdsformer", "Samarbejdsformer"),
        ("partners_and_suppliers", "samarbejdsformer", "Samarbejdsformer"),
    ],
)
def test_shared_anchor_names_link_to_their_own_page(
    port_build: Build, chapter: str, anchor: str, title: str
) -> None:
    front = port_build.html("index")
    hrefs = {a["href"] for a in front.find_all("a", href=True)}
    assert f"docs/{chapter}/#{anchor}" in hrefs
    section = port_build.html(f"docs/{chapter}").find(id=anchor)
    assert section.find(["h2"]).get_text().startswith(title)


def test_original_faults_are_fixed(port_build: Build) -> None:
    front = port_build.html("index")
    links = {normalise(a.get_text()): a["href"] for a in front.find_all("a", href=True)}
    assert links["Bilag og ressourcer"] == "docs/appendix/"
    assert links["“Hvem kontakter jeg, når jeg er i tvivl?”"] == "docs/appendix/#kontakt"
    assert links["Ofte stillede spørgsmål (FAQ)"] == "docs/appendix/#faq"
    assert links["Kultur og udvikling"] == "docs/culture_and_development/"
    culture = ids_in(port_build, "docs/culture_and_development")
    culture_links = [h for h in links.values() if h.startswith("docs/culture_and_development/#")]
    assert len(culture_links) == 6
    for href in culture_links:
        assert href.split("#")[1] in culture
    assert "uvikling" not in page_text(port_build, "index")


def test_every_original_link_text_is_kept(port_build: Build) -> None:
    texts = {normalise(a.get_text()) for a in port_build.html("index").find_all("a")}
    original = re.findall(r"\[([^\]]+)\]\(\./docs/", seed_text(FRONT_PAGE_SEED))
    for text in original:
        expected = "Kultur og udvikling" if text == "Kultur og uvikling" else text
        assert expected in texts


def test_bare_urls_become_links_but_file_names_do_not(broken_build) -> None:
    build = broken_build(
        "source/bidrag.md",
        lambda text: text + "\nSe https://example.org/side og filen conf.py eller index.md.\n",
    )
    assert build.returncode == 0, build.output
    paragraph = build.html("bidrag").find(string=re.compile("og filen")).parent
    assert [a["href"] for a in paragraph.find_all("a")] == ["https://example.org/side"]


# -- Negative twins: broken links fail the strict build, naming file and line -------


def _add_line(line: str):
    return lambda text: text.replace(
        "Denne samling af vejledninger", f"{line}\n\nDenne samling af vejledninger", 1
    )


def _line_of(build: Build, marker: str) -> int:
    source = (build.root / "source" / "index.md").read_text(encoding="utf-8")
    return next(n for n, line in enumerate(source.splitlines(), 1) if marker in line)


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("[x](docs/communication.md#findes-ikke)", "local id not found"),
        ("[x](docs/findes_ikke.md)", "findes_ikke"),
        ("[x](./docs/communication#tone)", "skriv './docs/communication.md#tone'"),
    ],
    ids=["missing-anchor", "missing-page", "jekyll-style"],
)
def test_broken_link_fails_with_file_and_line(broken_build, link: str, message: str) -> None:
    build = broken_build("source/index.md", _add_line(link))
    assert build.returncode != 0
    line = _line_of(build, link)
    located = [w for w in build.output.splitlines() if f"index.md:{line}:" in w]
    assert located, build.output
    assert any(message in w for w in located), located


def test_duplicate_anchor_within_one_page_still_warns(broken_build) -> None:
    build = broken_build(
        "source/docs/appendix.md", lambda text: text.replace("{#jura}", "{#central}")
    )
    assert build.returncode != 0
    assert "appendix.md" in build.output and "central" in build.output


# -- Every page shows what its source says ---------------------------------------------


def test_every_sentence_of_every_page_is_shown(html_build: Build) -> None:
    missing = []
    for docname, path in source_pages(html_build):
        text = page_text(html_build, docname)
        wanted = myst_sentences(path.read_text(encoding="utf-8"))
        missing += [f"{docname}: {s}" for s in wanted if s not in text]
    assert not missing


def test_twin_a_sentence_the_page_does_not_show_is_found(html_build: Build) -> None:
    text = page_text(html_build, "docs/welcome_and_purpose")
    extra = "Denne sætning står kun i testen."
    wanted = myst_sentences(f"# Titel\n\n{extra}\n\n:::{{note}}\nOg denne.\n:::\n")
    assert wanted == ["Titel", extra, "Og denne."]
    assert [s for s in wanted if s not in text] == wanted


# -- Text ported faithfully: the port (tests/fixtures/port) against the old site -------


def test_every_sentence_of_the_welcome_chapter_is_kept(port_build: Build) -> None:
    text = page_text(port_build, "docs/welcome_and_purpose")
    original = sentences(seed_text(WELCOME_SEED))
    assert len(original) > 40
    # "Læs mere i:" became the title of an admonition, where a colon has no place.
    missing = [s for s in original if s not in text and s.rstrip(":") not in text]
    assert not missing


def test_welcome_chapter_keeps_emphasis_lists_and_links(port_build: Build) -> None:
    article = port_build.html("docs/welcome_and_purpose").find("article")
    strong = {normalise(s.get_text()) for s in article.find_all("strong")}
    assert {"Åbenhed", "Rådgive:", "gøre det lettere for alle at bidrage og tage ansvar"} <= strong
    hrefs = {a["href"] for a in article.find_all("a", href=True)}
    assert {
        "https://boks.os2.eu/s/Afco557gKpepLJa",
        "https://boks.os2.eu/s/dKzT7k34m2sSTem",
        "https://boks.os2.eu/s/MmWeim6cDFaHjK2",
        "https://itk.aarhus.dk/",
    } <= hrefs
    assert len(article.select("section#formaal ul > li")) == 3 + 3  # values + "Læs mere i"


def test_front_page_intro_note_and_purposes_are_kept(port_build: Build) -> None:
    text = page_text(port_build, "index")
    wanted = front_page_intro_and_purposes()
    assert len(wanted) >= 13
    assert [s for s in wanted if s not in text] == []


def test_each_chapter_repeats_its_front_page_purpose() -> None:
    front_page = (PORT_SOURCE / "index.md").read_text(encoding="utf-8")
    for chapter in CHAPTERS:
        source = (PORT_SOURCE / "docs" / f"{chapter}.md").read_text(encoding="utf-8")
        purpose = re.search(r"^\*\*Formål:\*\* (.+)$", source, re.M)
        assert purpose, f"docs/{chapter}.md has no **Formål:** line"
        assert purpose[1] in front_page, chapter


def test_note_is_an_admonition_with_its_emoji(port_build: Build) -> None:
    note = port_build.html("index").select_one("article .admonition.note")
    assert note is not None
    assert "💡" in note.get_text() and "🙌" in note.get_text()


def test_version_badge_comes_from_the_edition_file(html_build: Build) -> None:
    edition = read_edition()
    badge = html_build.html("index").select_one("article .sd-badge")
    assert normalise(badge.get_text()) == f"Version v{edition.version} – Udgivet oktober 2025"
    assert edition.version not in (html_build.root / "source" / "index.md").read_text(
        encoding="utf-8"
    )


def test_version_badge_follows_a_changed_version(broken_build) -> None:
    build = broken_build(
        "udgave.toml", lambda t: re.sub(r'^version = ".*"', 'version = "1.2.3"', t, flags=re.M)
    )
    badge = build.html("index").select_one("article .sd-badge")
    assert "v1.2.3" in badge.get_text()


def test_bad_release_date_names_the_file_line_and_the_fix(tmp_path: Path) -> None:
    edition = tmp_path / "udgave.toml"
    edition.write_text('version = "1.0.0"\nudgivet = "oktober"\n', encoding="utf-8")
    with pytest.raises(EditionError, match=r"udgave\.toml:2: udgivet = 'oktober'.*ÅÅÅÅ-MM"):
        read_edition(edition)
    edition.write_text('version = "1.0.0"\nudgivet = "2025-10"\n', encoding="utf-8")
    assert read_edition(edition).released_text == "oktober 2025"  # twin: a good month reads


def test_page_language_is_danish(html_build: Build) -> None:
    assert html_build.html("index").find("html")["lang"] == "da"


# -- Sections still to be written ---------------------------------------------------


def pending_in_sources(build: Build) -> dict[str, int]:
    """docname -> how many {pending} notes its source holds."""
    counts = {
        docname: pending_notes(path.read_text(encoding="utf-8"))
        for docname, path in source_pages(build)
    }
    return {docname: count for docname, count in counts.items() if count}


def test_pending_notes_are_shown_and_counted(html_build: Build) -> None:
    expected = pending_in_sources(html_build)
    shown = {}
    for docname, _ in source_pages(html_build):
        notes = html_build.html(docname).select("article .admonition.pending")
        if notes:
            shown[docname] = len(notes)
        for note in notes:
            assert "endnu ikke skrevet" in note.get_text()
            assert note.find_parent("section").get("id")
    assert shown == expected
    assert f"os2: {sum(shown.values())} afsnit mangler endnu tekst" in html_build.output


def test_pending_list_page_links_every_pending_section(html_build: Build) -> None:
    links = html_build.html("mangler").select("article li a")
    assert len(links) == sum(pending_in_sources(html_build).values())
    for link in links:
        path, fragment = resolve_internal_link(html_build, "mangler", link["href"])
        section = path.read_text(encoding="utf-8")
        assert f'<section id="{fragment}"' in section


def test_pending_outside_a_section_is_an_error_with_file_and_line(broken_build) -> None:
    build = broken_build(
        "source/docs/appendix.md",
        lambda text: text.replace("**Formål:**", ":::{pending}\n:::\n\n**Formål:**", 1),
    )
    assert build.returncode != 0
    assert re.search(r"appendix\.md:3: WARNING: \{pending\} skal stå", build.output), build.output


# -- Editions: the version lives in udgave.toml, never in what uv.lock records ----------


def uv_lock_check(root: Path) -> subprocess.CompletedProcess[str]:
    """`uv lock --check` (what `uv sync --locked` in every nox session relies on) in root."""
    uv = shutil.which("uv")
    assert uv, "uv is not on PATH: the README's quick start installs it (pipx install uv)"
    return subprocess.run(
        [uv, "lock", "--check", "--offline", "--directory", str(root)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_a_new_edition_leaves_the_lock_fresh(tmp_path: Path) -> None:
    for name in ("pyproject.toml", "uv.lock", "udgave.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    edit_file(tmp_path, "udgave.toml", lambda t: re.sub(r'^version = ".*"', 'version = "9.8.7"',
                                                         t, flags=re.M))  # fmt: skip
    assert read_edition(tmp_path / "udgave.toml").version == "9.8.7"
    result = uv_lock_check(tmp_path)
    assert result.returncode == 0, result.stderr
    # Twin: the old place of the version, [project] version, is what the lock records.
    edit_file(tmp_path, "pyproject.toml", lambda t: re.sub(r'^version = ".*"', 'version = "9.8.7"',
                                                            t, flags=re.M))  # fmt: skip
    stale = uv_lock_check(tmp_path)
    assert stale.returncode != 0
    # uv says the lock needs updating; with a cold cache it first tries to lock
    # again offline and says it cannot (a fresh machine: the lock is stale either way).
    assert "uv.lock" in stale.stderr or "No solution found" in stale.stderr, stale.stderr

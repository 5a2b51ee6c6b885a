"""A deterministic generator of handbook-like projects for the benchmark.

``generate_pages(n)`` makes ``n`` pages of Danish-like text (made-up
sentences from a small word list; no facts). Every page has eight sections
with ``{#id}`` anchors, some subsections, a list, a note and links to
sections of other pages (``page.md#id``). The pages hang in nested toctrees:
the front page lists the parts, each part lists its pages, every fifth page
has sub-pages.

The same pages are written twice: as a Sphinx/MyST project that builds with
this handbook's conf.py and extension (``write_sphinx_project``), and as an
mkdocs-material project (``write_mkdocs_project``), so the two builders are
compared on identical content.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.copies import commit_all, copy_project

SECTIONS_PER_PAGE = 8
PAGES_PER_PART = 20
SUBPAGES_EVERY = 5  # every fifth page of a part gets sub-pages
SUBPAGES = 3

WORDS = [
    "arbejde",
    "fællesskab",
    "kommune",
    "løsning",
    "borger",
    "opgave",
    "møde",
    "aftale",
    "styregruppe",
    "leverandør",
    "udvikling",
    "drift",
    "budget",
    "beslutning",
    "proces",
    "dokument",
    "skabelon",
    "medlem",
    "projekt",
    "produkt",
    "ansvar",
    "samarbejde",
    "erfaring",
    "viden",
    "kvalitet",
    "ønske",
    "behov",
    "rådgivning",
    "forslag",
    "sekretariat",
    "koordinator",
    "rolle",
    "rammer",
    "plan",
    "indsats",
    "område",
    "gruppe",
    "netværk",
    "tilbud",
    "version",
    "ændring",
    "oversigt",
    "status",
]
VERBS = [
    "beskriver",
    "understøtter",
    "samler",
    "sikrer",
    "aftaler",
    "vurderer",
    "fordeler",
    "deler",
    "planlægger",
    "følger",
    "prioriterer",
    "dokumenterer",
    "godkender",
    "afklarer",
    "styrer",
]
LINKERS = ["og", "men", "fordi", "så", "når", "hvis", "mens", "derfor"]
ADJECTIVES = [
    "fælles",
    "tydelig",
    "åben",
    "god",
    "faste",
    "korte",
    "lokale",
    "nye",
    "vigtige",
    "praktiske",
]
HEADINGS = (
    "Formål", "Ansvar og roller", "Sådan gør vi", "Aftaler", "Økonomi",
    "Mødeform", "Dokumentation", "Kvalitet", "Opfølgning", "Værktøjer",
    "Eksempler", "Ofte stillede spørgsmål", "Kontakt", "Tidsplan",
)  # fmt: skip


@dataclass
class Page:
    """One generated page: where it lives, its title and its Markdown body."""

    path: str  # "del-01/side-003", no suffix
    title: str
    section_ids: list[str]
    children: list[str] = field(default_factory=list)
    caption: str | None = None
    body: str = ""  # text after the title, Sphinx/MyST flavour


def generate_pages(count: int, seed: int = 2025) -> list[Page]:
    """``count`` pages (front page included), the same for the same arguments."""
    rng = random.Random(f"{seed}-{count}")
    front = Page("index", "Genereret håndbog", [], caption="Dele")
    pages = [front]
    part: Page | None = None
    parent: Page | None = None
    while len(pages) < count:
        number = len(pages)
        if part is None or len(part.children) >= PAGES_PER_PART:
            part = _new_page(rng, f"del-{number:04d}/index", front)
            pages.append(part)
            parent = part
            continue
        under = parent if parent is not part and len(parent.children) < SUBPAGES else part
        page = _new_page(rng, f"{part.path.split('/')[0]}/side-{number:04d}", under)
        pages.append(page)
        parent = page if len(part.children) % SUBPAGES_EVERY == 0 and under is part else under
    for page in pages:
        page.body = _body(rng, page, pages)
    return pages


def _new_page(rng: random.Random, path: str, parent: Page) -> Page:
    title = _sentence(rng, 3, 6).rstrip(".")
    ids = [f"afsnit-{i + 1}" for i in range(SECTIONS_PER_PAGE)]
    page = Page(path, title, ids)
    parent.children.append(path)
    return page


def _sentence(rng: random.Random, low: int = 8, high: int = 16) -> str:
    words = []
    for i in range(rng.randint(low, high)):
        if i and i % 5 == 0:
            words.append(rng.choice(LINKERS))
        pool = VERBS if i % 4 == 2 else ADJECTIVES if i % 4 == 1 else WORDS
        words.append(rng.choice(pool))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))


def _link(rng: random.Random, page: Page, pages: list[Page]) -> str:
    target = rng.choice([p for p in pages[1:] if p is not page] or pages)
    anchor = rng.choice(target.section_ids) if target.section_ids else ""
    href = _relative(page.path, target.path) + ".md" + (f"#{anchor}" if anchor else "")
    return f"[{target.title.lower()}]({href})"


def _relative(from_path: str, to_path: str) -> str:
    from_dir = Path(from_path).parent
    depth = len(from_dir.parts)
    return "/".join([".."] * depth + [to_path]) if depth else to_path


def _body(rng: random.Random, page: Page, pages: list[Page]) -> str:
    lines = [_paragraph(rng), ""]
    for number, section_id in enumerate(page.section_ids):
        heading = f"{rng.choice(HEADINGS)} {number + 1}"
        lines += [f"{{#{section_id}}}", f"## {heading}", "", _paragraph(rng), ""]
        if number % 3 == 0:
            lines += [f"### {rng.choice(HEADINGS)}", "", _paragraph(rng), ""]
        if number % 2 == 0:
            lines += [f"- {_sentence(rng, 4, 8)}" for _ in range(3)] + [""]
        if number == 4:
            lines += [":::{note}", _sentence(rng), ":::", ""]
        lines += [f"Se også {_link(rng, page, pages)}.", ""]
    return "\n".join(lines)


# -- Writing the projects -----------------------------------------------------


def write_sphinx_project(pages: list[Page], root: Path) -> Path:
    """A buildable copy of the handbook's configuration with the pages in source/."""
    copy_project(root, with_sources=False)
    for page in pages:
        text = f"# {page.title}\n\n{page.body}"
        if page.children:
            options = ":maxdepth: 2\n" + (f":caption: {page.caption}\n" if page.caption else "")
            if page.path != "index":
                options += ":hidden:\n"
            base = str(Path(page.path).parent)
            entries = "\n".join(_relative_entry(base, child) for child in page.children)
            text += f"\n```{{toctree}}\n{options}\n{entries}\n```\n"
        _write(root / "source" / f"{page.path}.md", text)
    return commit_all(root, "Generated pages")


def _relative_entry(base: str, child: str) -> str:
    return child if base == "." else str(Path(child).relative_to(base))


def write_mkdocs_project(pages: list[Page], root: Path) -> Path:
    """The same pages as an mkdocs-material project (mkdocs.yml and docs/)."""
    by_path = {page.path: page for page in pages}

    def nav(path: str, indent: int) -> list[str]:
        page = by_path[path]
        pad = "  " * indent
        if not page.children:
            return [f'{pad}- "{page.title}": {path}.md']
        lines = [f'{pad}- "{page.title}":', f"{pad}  - {path}.md"]
        for child in page.children:
            lines += nav(child, indent + 1)
        return lines

    nav_lines = ["  - index.md"]
    for child in by_path["index"].children:
        nav_lines += nav(child, 1)
    config = mkdocs_config("Genereret håndbog", nav_lines)
    _write(root / "mkdocs.yml", config)
    for page in pages:
        _write(root / "docs" / f"{page.path}.md", f"# {page.title}\n\n{_to_mkdocs(page.body)}")
    return root


def mkdocs_config(site_name: str, nav_lines: list[str], extensions: tuple[str, ...] = ()) -> str:
    """mkdocs.yml for mkdocs-material (Zensical reads the same file)."""
    return "\n".join([
        f"site_name: {site_name}",
        "theme:",
        "  name: material",
        "  language: da",
        "  features:",
        "    - navigation.sections",
        "markdown_extensions:",
        "  - attr_list",
        "  - admonition",
        *(f"  - {name}" for name in extensions),
        "  - toc:",
        "      permalink: true",
        "use_directory_urls: true",
        "nav:",
        *nav_lines,
        "",
    ])  # fmt: skip


def _to_mkdocs(body: str) -> str:
    """MyST syntax to Python-Markdown: heading ids and notes."""
    out: list[str] = []
    pending_id = None
    lines = iter(body.splitlines())
    for line in lines:
        if line.startswith("{#"):
            pending_id = line[2:-1]
        elif pending_id and line.startswith("#"):
            out.append(f"{line} {{ #{pending_id} }}")
            pending_id = None
        elif line == ":::{note}":
            out += ['!!! note ""', f"    {next(lines)}"]
            next(lines)  # the closing :::
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")

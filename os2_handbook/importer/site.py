"""Read a Jekyll/just-the-docs site: its pages, front matter, config and navigation."""

from __future__ import annotations

import datetime
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from os2_handbook.ext.mojibake import (
    CONTROL_CHARACTER,
    find_control_characters,
    find_mojibake,
    repair_mojibake,
)
from os2_handbook.importer.report import Line, Outcome, Report

# Folders Jekyll does not publish (with those whose name starts with . or _).
IGNORED_FOLDERS = {"node_modules", "vendor"}


def is_text(value: Any) -> bool:
    """A YAML scalar read as one line of text: not yes/no/on/off (a boolean), a list, a map."""
    scalar = isinstance(value, (str, int, float, datetime.date)) and not isinstance(value, bool)
    return scalar and "\n" not in str(value).strip()


TEXT = (is_text, 'en tekst på én linje (sæt den i anførselstegn, fx "ja")')
FLAG = (lambda value: isinstance(value, bool), "true eller false")
MAPPING = lambda value: isinstance(value, dict)  # noqa: E731
# _config.yml keys the importer reads: another shape stops it at the key's line.
CONFIG_SHAPES = {
    "exclude": (lambda value: isinstance(value, list), "en liste af stier (- sti)"),
    "aux_links": (MAPPING, "en ordbog af links (titel: adresse)"),
    "callouts": (MAPPING, "en ordbog af callouts (navn: indstillinger)"),
    "logo": TEXT, "baseurl": TEXT,
}  # fmt: skip
# A callout's settings (callouts: name: …): the same.
CALLOUT_SHAPES = {"title": TEXT, "color": TEXT}
CALLOUT_SHAPE = (MAPPING, "en ordbog af indstillinger (title, color)")
# Front matter keys the importer reads: another shape stops it at the key's line.
FRONT_SHAPES = {
    "title": TEXT, "nav_order": TEXT, "parent": TEXT, "grand_parent": TEXT, "permalink": TEXT,
    "lang": TEXT, "description": TEXT, "has_children": FLAG, "nav_exclude": FLAG, "has_toc": FLAG,
}  # fmt: skip

# Front matter keys: what became of each ({value} filled in); any other key is reported.
MENU = "{key}: menuens rækkefølge og opbygning."
KEPT_KEYS = {
    "title": "titel «{value}» bruges i menuen.",
    "nav_order": MENU, "parent": MENU, "grand_parent": MENU, "has_children": MENU,
    "has_toc": "styrer, om listen over undersider vises på siden.",
    "nav_exclude": "siden er med i håndbogen, men ikke i menuen (orphan).",
    "lang": "sidens sprog ({value}) står i dens front matter.",
    "description": 'beskrivelsen bliver til sidens <meta name="description">.',
}  # fmt: skip
DROPPED_KEYS = {
    "layout": "Sphinx-temaet bestemmer sidens layout; forsiden er index.md.",
    "last_modified_date": (
        "Håndbogen viser ingen dato pr. side; "
        "Git-historikken viser, hvornår siden sidst blev ændret."
    ),
}


class SiteError(Exception):
    """Input the import cannot read at all: file, line and what to do."""


def within(root: Path, path: Path) -> bool:
    """Whether path, symlinks resolved, lies inside root: the import reads only the
    site and writes only the project, whatever a page or _config.yml names."""
    return path.resolve().is_relative_to(root.resolve())


def is_file(path: Path) -> bool:
    """Whether path is a file; a name too long for the file system (a hostile link or
    logo) names none, where Path.is_file would raise."""
    try:
        return path.is_file()
    except OSError:
        return False


def outside(report: Report, relative: str, path: Path) -> None:
    """A file of the site that links to one outside it: not read, left for a person."""
    report.add(
        "fil uden for siden", Outcome.MANUAL, relative, None,
        f"filen er et link til {path.resolve()}, som ligger uden for siden; "
        "den er ikke importeret.",
        "Kopiér filen ind i siden, hvis den skal med.",
    )  # fmt: skip


@dataclass(eq=False)
class Page:
    source: str  # site-relative path, e.g. "docs/x.md"
    front: dict[str, Any]
    front_lines: dict[str, int]  # front matter key -> source line
    items: list  # Lines, then Headings too: the body, rewritten by the passes
    out: str = ""  # dest-relative path of the MyST file
    url: str = ""  # the page's URL on the old site, without baseurl
    children: list[Page] = field(default_factory=list)
    lang: str = ""  # set by the language pass when the page is not in Danish

    @property
    def nav_title(self) -> str:
        return str(self.front.get("title") or self.h1_text or posixpath.basename(self.source)[:-3])

    @property
    def h1_text(self) -> str:
        """The text of the page's first # heading (a passes.Heading: only it has a level)."""
        return next((i.plain for i in self.items if getattr(i, "level", 0) == 1), "")

    @property
    def docname(self) -> str:
        return self.out[:-3]


@dataclass
class Site:
    root: Path
    config: dict[str, Any]
    pages: list[Page]
    home: Page | None = None
    config_text: str = ""  # _config.yml as read: findings name its lines (yaml_line)

    @property
    def baseurl(self) -> str:
        return str(self.config.get("baseurl") or "").rstrip("/")


def read_site(root: Path, report: Report) -> Site:
    if not root.is_dir():
        raise SiteError(f"{root}: mappen findes ikke. Angiv mappen med Jekyll-sidens kilder.")
    config, text = {}, ""
    if (path := root / "_config.yml").exists() or path.is_symlink():
        if not within(root, path):
            raise SiteError(
                f"_config.yml:1: filen er et link til {path.resolve()}, som ligger uden for "
                "siden, og læses ikke. Læg sidens egen _config.yml der, og kør igen."
            )
        text = _read_text(root, "_config.yml")
        config = _load_yaml("_config.yml", text, 0)
    if not isinstance(config, dict):
        raise SiteError("_config.yml:1: filen skal være en YAML-ordbog (nøgle: værdi).")
    check_shapes("_config.yml", text, 0, (), config, CONFIG_SHAPES)
    for name, spec in (config.get("callouts") or {}).items():
        check_shapes("_config.yml", text, 0, ("callouts",), {name: spec}, {name: CALLOUT_SHAPE})
        if isinstance(spec, dict):
            check_shapes("_config.yml", text, 0, ("callouts", name), spec, CALLOUT_SHAPES)
    pages = []
    report.current_pass = "sider Jekyll udgiver"
    excluded = [str(e).strip("/") for e in config.get("exclude") or []]
    for path in sorted(root.rglob("*.md")):
        relative, folders = path.relative_to(root).as_posix(), path.relative_to(root).parts[:-1]
        if path.is_dir() or any(f in IGNORED_FOLDERS or f.startswith((".", "_")) for f in folders):
            continue  # a folder named x.md is no page; the pages in it are read on their own
        rule = next((e for e in excluded if relative == e or relative.startswith(e + "/")), None)
        if rule:
            why = f"_config.yml udelukker {rule} (exclude), så Jekyll udgiver ikke filen"
        elif not within(root, path):
            outside(report, relative, path)
            continue
        elif (page := _read_page(root, relative, report)) is None:
            why = "filen har ingen front matter, så Jekyll udgiver den ikke"
        else:
            pages.append(page)
            continue
        message = f"{why}; den er ikke importeret."
        report.add("side uden for siden", Outcome.DROPPED, relative, None if rule else 1, message)
    report.current_pass = ""
    if not pages:
        raise SiteError(f"{root}: ingen .md-sider fundet. Er det den rigtige mappe?")
    site = Site(root, config, pages, config_text=text)
    _place_pages(site, report)
    return site


YAML_DATE = re.compile(r"\b(\d{4})-(\d\d?)-(\d\d?)\b")


def check_shapes(
    name: str, text: str, offset: int, path: tuple, data: dict, shapes: dict
) -> None:  # fmt: skip
    """Stop at the line of the first of data's keys (at path in the YAML text) whose value
    is not of the shape its table names; a key left empty or out is read as before."""
    for key, (fits, shape) in shapes.items():
        value = data.get(key)
        if value is not None and value not in ("", [], {}) and not fits(value):
            line = yaml_line(text, (*path, key), offset)
            raise SiteError(f"{name}:{line}: {key} skal være {shape}, ikke «{value}». "
                            "Ret værdien, og importér igen.")  # fmt: skip


def yaml_line(text: str, path: tuple, offset: int) -> int:
    """The line of the key at path (keys, outermost first) in YAML text, whose first line is
    line offset + 1; the last of keys with the same name, as they are read; else the nearest."""
    node, line = yaml.compose(text), offset + 1
    for key in path:
        pairs = node.value if isinstance(node, yaml.MappingNode) else []
        found = [(k, v) for k, v in pairs if isinstance(k, yaml.ScalarNode) and k.value == str(key)]
        if not found:
            break
        line, node = found[-1][0].start_mark.line + 1 + offset, found[-1][1]
    return line


# What a YAML escape ("\0", "\ud800") can put in a value, but no file or page can hold.
UNWRITABLE = re.compile(CONTROL_CHARACTER.pattern + "|[\ud800-\udfff]")  # and lone surrogates


def _load_yaml(name: str, text: str, offset: int) -> Any:
    """YAML from name, whose first line is line offset + 1; its faults as SiteError."""
    try:
        data = yaml.safe_load(text) or {}
        if node := next(
            (n for n in _nodes(yaml.compose(text)) if UNWRITABLE.search(n.value)), None
        ):
            character = f"U+{ord(UNWRITABLE.search(node.value)[0]):04X}"
            raise SiteError(
                f"{name}:{node.start_mark.line + 1 + offset}: værdien indeholder tegnet "
                f"{character}, som ikke kan skrives i en side eller fil (måske en escape-kode som "
                "\\0 eller \\ud800 i anførselstegn). Fjern tegnet, og importér igen."
            )
        return data
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 + offset if mark else offset + 1
        problem = getattr(error, "problem", None) or str(error)
        message = f"front matter/YAML kan ikke læses ({problem}). Ret YAML-syntaksen og kør igen."
    except ValueError:  # a date that does not exist: 2025-02-30
        lines = enumerate(text.split("\n"), start=offset + 1)
        line = next((n for n, t in lines if any(map(_no_date, YAML_DATE.finditer(t)))), offset + 1)
        message = (
            "datoen findes ikke (fx 30. februar). Skriv en rigtig dato som ÅÅÅÅ-MM-DD, "
            "eller sæt værdien i anførselstegn, hvis den ikke er en dato, og kør igen."
        )
    raise SiteError(f"{name}:{line}: {message}")


def _nodes(node: yaml.Node):
    """Every scalar node of composed YAML, in document order."""
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _nodes(key)
            yield from _nodes(value)
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            yield from _nodes(value)


def _no_date(match: re.Match) -> bool:
    try:
        datetime.date(*map(int, match.groups()))
    except ValueError:
        return True
    return False


def _read_text(root: Path, relative: str) -> str:
    """A file of the site as text, without a BOM and with LF line ends; as SiteError when
    it is not UTF-8 or cannot be read (a link to a file that does not exist)."""
    try:
        raw = (root / relative).read_bytes()
    except OSError as error:
        raise SiteError(
            f"{relative}:1: filen kan ikke læses ({error.strerror}); er den et link til en fil, "
            "der ikke findes? Ret eller fjern den, og kør igen."
        ) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SiteError(
            f"{relative}:{line}: filen er ikke UTF-8. Gem den som UTF-8 og kør igen."
        ) from error
    return text.replace("\r\n", "\n")


def _read_page(root: Path, relative: str, report: Report) -> Page | None:
    """The page, or None when the file has no front matter (Jekyll leaves it alone)."""
    text = _read_text(root, relative)
    if garbled := find_mojibake(text):
        text = repair_mojibake(text)
        lines = sorted({g.line for g in garbled})
        example = f"«{garbled[0].garbled}» → «{garbled[0].repaired}»"
        report.add(
            "tegnfejl (mojibake)", Outcome.CONVERTED, relative, lines[0],
            f"{len(garbled)} forkert afkodede tegnfølger rettet ({garbled[0].charset}) "
            f"på linje {_some(lines)}, fx {example}.", pass_name="tegnfejl (mojibake)",
        )  # fmt: skip
    if controls := find_control_characters(text):
        # NUL, BEL, ESC …: nothing a reader sees, and the build refuses them.
        codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(set(CONTROL_CHARACTER.findall(text))))
        text = CONTROL_CHARACTER.sub("", text)
        report.add(
            "kontroltegn", Outcome.DROPPED, relative, controls[0].line,
            f"usynlige kontroltegn ({codes}) fjernet på linje {_some([c.line for c in controls])}.",
            pass_name="kontroltegn",
        )  # fmt: skip
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise SiteError(
            f"{relative}:1: front matter starter med --- men slutter aldrig. "
            "Tilføj en linje med --- efter den."
        )
    front = _load_yaml(relative, "\n".join(lines[1:end]), 1)
    if not isinstance(front, dict):
        raise SiteError(f"{relative}:2: front matter skal være nøgle: værdi-par.")
    check_shapes(relative, "\n".join(lines[1:end]), 1, (), front, FRONT_SHAPES)
    front_lines: dict[str, int] = {}
    for number, line in enumerate(lines[1:end], start=2):
        key = line.split(":", 1)[0].strip()
        if key in front and key not in front_lines and not line.startswith((" ", "\t")):
            front_lines[key] = number
    body = [Line(t, n) for n, t in enumerate(lines[end + 1 :], start=end + 2)]
    while body and not body[-1].text.strip():
        body.pop()
    return Page(relative, front, front_lines, body)


def _some(numbers: list[int]) -> str:
    """At most eight line numbers, for a message."""
    return ", ".join(map(str, numbers[:8])) + (" …" if len(numbers) > 8 else "")


def default_url(source: str) -> str:
    stem = source[:-3]
    if posixpath.basename(stem) == "index":
        directory = posixpath.dirname(stem)
        return f"/{directory}/" if directory else "/"
    return f"/{stem}"


def _place_pages(site: Site, report: Report) -> None:
    """Decide each page's URL and output path: old URLs must keep working."""
    taken: dict[str, Page] = {}
    for page in site.pages:
        page.url = default_url(page.source)
        page.out = page.source
        permalink = page.front.get("permalink")
        line = page.front_lines.get("permalink")
        if permalink:
            permalink = "/" + str(permalink).strip().lstrip("/")
            if ":" in permalink:
                report.add(
                    "permalink", Outcome.MANUAL, page.source, line,
                    f"permalink med pladsholdere ({permalink}) kan ikke oversættes; "
                    f"siden ligger på {page.source}.",
                    "Tjek, om gamle links til siden skal omdirigeres.",
                )  # fmt: skip
            else:
                page.url = permalink
                page.out = _out_for_permalink(page, permalink, report, line)
        if page.source == "index.md" or page.url == "/":
            page.out = "index.md"
            site.home = page
        if page.out in taken:
            other = taken[page.out].source
            raise SiteError(
                f"{page.source}:{line or 1}: siden ville blive skrevet til {page.out}, "
                f"ligesom {other}. Ret permalink i en af dem."
            )
        taken[page.out] = page


# The longest file or folder name most file systems allow, in bytes.
NAME_MAX = 255


def _out_for_permalink(page: Page, permalink: str, report: Report, line: int | None) -> str:
    default = default_url(page.source)
    if permalink.rstrip("/") == default.rstrip("/"):
        return page.source
    path = posixpath.normpath(permalink.strip("/")) if permalink.strip("/") else ""
    path = "" if path == "." else path  # /. and /x/.. are the front page, not a file named ..md
    if path.split("/")[0] == "..":
        raise SiteError(
            f"{page.source}:{line or 1}: permalink {permalink} peger uden for håndbogen "
            "(med ..), så siden ville blive skrevet uden for source/. "
            "Ret permalink til sidens adresse på den gamle side, fx /docs/side/."
        )
    if any(len(part.encode()) > NAME_MAX for part in f"{path}.md".split("/")) or len(path) > 1000:
        raise SiteError(
            f"{page.source}:{line or 1}: permalink {permalink[:60]}… er for lang til et filnavn "
            f"(højst {NAME_MAX} bytes mellem to /, 1000 i alt). Ret permalink til sidens adresse "
            "på den gamle side, fx /docs/side/."
        )
    if path.endswith(".html"):
        path = path[: -len(".html")]
        report.add(
            "permalink", Outcome.MANUAL, page.source, line,
            f"den gamle adresse {permalink} slutter på .html; den nye er /{path}/.",
            "Sæt en omdirigering op, hvis gamle links skal virke.",
        )  # fmt: skip
    else:
        report.add(
            "permalink", Outcome.CONVERTED, page.source, line,
            f"permalink {permalink}: siden skrives til {path or 'index'}.md, "
            "så adressen er den samme.",
        )  # fmt: skip
    return f"{path}.md" if path else "index.md"


def build_navigation(site: Site, report: Report) -> list[Page]:
    """Link children to parents as just-the-docs does; return the top level, in order."""
    by_title: dict[str, list[Page]] = {}
    for page in site.pages:
        by_title.setdefault(page.nav_title, []).append(page)
    top = []
    for page in site.pages:
        if page is site.home or page.front.get("nav_exclude"):
            continue
        parent_title = page.front.get("parent")
        if not parent_title:
            top.append(page)
            continue
        grand = page.front.get("grand_parent")
        candidates = [
            p for p in by_title.get(str(parent_title), [])
            if p is not page and (not grand or str(p.front.get("parent") or "") == str(grand))
        ]  # fmt: skip
        if not candidates:
            known = ", ".join(sorted(by_title))
            report.add(
                "menu (parent)", Outcome.MANUAL, page.source, page.front_lines.get("parent"),
                f"parent «{parent_title}» findes ikke blandt siderne; "
                "siden er lagt øverst i menuen.",
                f"Ret parent til en af: {known}.",
            )  # fmt: skip
            top.append(page)
            continue
        candidates[0].children.append(page)
    for page in site.pages:
        page.children.sort(key=nav_sort_key)
        if page.front.get("has_children") and not page.children:
            report.add(
                "menu (has_children)", Outcome.MANUAL, page.source,
                page.front_lines.get("has_children"),
                "has_children er sat, men ingen side har denne side som parent.",
            )  # fmt: skip
    return sorted(top, key=nav_sort_key)


def nav_sort_key(page: Page) -> tuple:
    """just-the-docs order: numeric nav_order, then text nav_order, then by title."""
    order = page.front.get("nav_order")
    if isinstance(order, (int, float)) and not isinstance(order, bool):
        return (0, order, "")
    if order is not None:
        return (1, 0, str(order))
    return (2, 0, page.nav_title.lower())


def front_matter_findings(page: Page, report: Report) -> None:
    """Report each front matter key as converted, dropped with its reason, or unknown."""
    for key, value in page.front.items():
        kind, line = f"front matter: {key}", page.front_lines.get(key)
        if key == "permalink":
            continue  # reported where the page was placed
        if key in KEPT_KEYS:
            message = KEPT_KEYS[key].format(key=key, value=value)
            report.add(kind, Outcome.CONVERTED, page.source, line, message)
        elif key in DROPPED_KEYS:
            report.add(kind, Outcome.DROPPED, page.source, line, f"{key}: {DROPPED_KEYS[key]}")
        else:
            report.add(
                kind, Outcome.MANUAL, page.source, line,
                f"nøglen {key} kendes ikke af importen og er ikke overført.",
                "Vurder, om den betød noget for siden, og gør det i hånden.",
            )  # fmt: skip

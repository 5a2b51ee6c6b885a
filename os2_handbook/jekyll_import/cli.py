"""``python -m os2_handbook.jekyll_import SRC --dest source``: the import, start to end.

Exit codes: 0 when everything converted; 1 when the report lists work for a
maintainer (links to missing pages, unconverted constructs, files not
overwritten); 2 when the site cannot be read at all.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
from pathlib import Path

import yaml

from os2_handbook.jekyll_import.kramdown import (
    BlockConverter,
    Heading,
    callout_styles,
    empty_sections_get_pending,
    rewrite_liquid,
)
from os2_handbook.jekyll_import.links import LinkResolver, read_existing_pages
from os2_handbook.jekyll_import.report import SKIPPED, Line, Outcome, Report, WrittenFile
from os2_handbook.jekyll_import.site import (
    Page,
    Site,
    SiteError,
    build_navigation,
    front_matter_findings,
    read_site,
)

EXTRA_PAGES_CAPTION = "Øvrige sider"
ORPHAN_FRONT_MATTER = re.compile(r"---\n(?:.*\n)*?orphan:\s*true")
TOCTREE_BLOCK = re.compile(r"^```\{toctree\}[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m os2_handbook.jekyll_import",
        description="Importér en Jekyll/just-the-docs-side til håndbogens MyST-sider.",
    )
    parser.add_argument(
        "src", type=Path, help="mappen med Jekyll-sidens kilder (der hvor _config.yml ligger)"
    )
    parser.add_argument(
        "--dest", type=Path, default=Path("source"), help="hvor siderne skrives (standard: source)"
    )
    parser.add_argument(
        "--report", type=Path, default=Path("_build/import-report.md"),
        help="hvor rapporten skrives (standard: _build/import-report.md)",
    )  # fmt: skip
    parser.add_argument(
        "--dry-run", action="store_true", help="vis, hvad der ville blive skrevet, men skriv intet"
    )
    parser.add_argument(
        "--force", action="store_true", help="overskriv filer, der findes i forvejen"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = Report(str(args.src), _shown(args.dest))
    try:
        site = read_site(args.src, report)
    except SiteError as error:
        print(f"Fejl: {error}", file=sys.stderr)
        return 2
    files = convert(site, args.dest, report)
    written_files = _write_all(files, args, report)
    _locate_findings(report, written_files, args.dest)
    text = report.to_markdown()
    if args.dry_run:
        text = "> Prøvekørsel (`--dry-run`): intet er skrevet.\n\n" + text
    else:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(text, encoding="utf-8")
        text += f"\nRapporten er gemt i {args.report}.\n"
    print(text)
    return 1 if report.needs_manual_work else 0


# -- conversion -------------------------------------------------------------------


def convert(
    site: Site, dest: Path, report: Report
) -> dict[str, tuple[str, bytes | list[tuple[str, Line | None]]]]:
    """Every file to write: dest-relative path -> (site-relative source, content)."""
    callouts = callout_styles(site.config)
    for page in site.pages:
        page.items = BlockConverter(page, report, callouts).run()
        _ensure_title(page, report)
    existing = read_existing_pages(dest, {p.out for p in site.pages})
    resolver = LinkResolver(site, existing, report)
    for page in site.pages:
        for item in page.items:
            line = item.line if isinstance(item, Heading) else item
            if line.code:
                continue
            line.text = rewrite_liquid(line.text, _line_note(report, page, line))
            resolver.rewrite_line(page, line)
    top = build_navigation(site, report)
    files: dict = {}
    for page in site.pages:
        front_matter_findings(page, report)
        page.items = empty_sections_get_pending(page.items, lambda heading, page=page: report.add(
            "tomt afsnit", Outcome.CONVERTED, page.source, heading.source_line,
            "afsnittet har ingen tekst og fik en {pending}-note.", line=heading))  # fmt: skip
        _check_heading_levels(page, report)
        children = top if page is site.home else page.children
        extra = _pages_outside_menu(existing) if page is site.home else []
        files[page.out] = (page.source, _render(page, children, page is site.home, extra))
    if site.home is None and top:
        report.add(
            "menu", Outcome.MANUAL, ".", None,
            "siden har ingen forside (index.md); "
            "siderne øverst i menuen er ikke sat i nogen toctree.",
            "Tilføj dem i toctree-blokken i index.md: " + ", ".join(p.docname for p in top),
        )  # fmt: skip
    for asset in sorted(resolver.assets):
        files[asset] = (asset, (site.root / asset).read_bytes())
    return files


def _line_note(report: Report, page: Page, line: Line):
    """A report callback bound to one line of one page."""

    def note(kind: str, outcome: Outcome, message: str, suggestion: str = "") -> None:
        report.add(kind, outcome, page.source, line.source_line, message, suggestion, line=line)

    return note


def _ensure_title(page: Page, report: Report) -> None:
    if any(isinstance(i, Heading) and i.level == 1 for i in page.items):
        return
    title = page.front.get("title")
    line = Line(f"# {title or page.nav_title}", page.front_lines.get("title"))
    page.items[:0] = [Heading(1, line), Line("")]
    if title:
        report.add(
            "sidetitel",
            Outcome.CONVERTED,
            page.source,
            line.source_line,
            "titlen fra front matter blev sidens overskrift.",
            line=line,
        )
    else:
        report.add(
            "sidetitel",
            Outcome.MANUAL,
            page.source,
            None,
            "siden har ingen titel; filnavnet er brugt.",
            "Skriv en # overskrift.",
            line=line,
        )


def _check_heading_levels(page: Page, report: Report) -> None:
    previous = 0
    for item in page.items:
        if isinstance(item, Heading):
            if previous and item.level > previous + 1:
                report.add(
                    "overskriftsniveau", Outcome.MANUAL, page.source, item.line.source_line,
                    f"overskriften springer fra niveau {previous} til {item.level}; "
                    "Sphinx afviser det.",
                    "Brug ét # mere eller mindre, så niveauerne følger hinanden.", line=item.line,
                )  # fmt: skip
            previous = item.level


def _pages_outside_menu(existing: dict[str, str]) -> list[str]:
    """Pages already in the destination that no toctree of theirs includes."""
    included = set()
    for out, text in existing.items():
        for block in TOCTREE_BLOCK.finditer(text):
            for entry in block.group(1).splitlines():
                entry = entry.strip()
                if not entry or entry.startswith(":"):
                    continue
                entry = re.sub(r"^.*<(.+)>$", r"\1", entry)
                base = "" if entry.startswith("/") else posixpath.dirname(out)
                included.add(posixpath.normpath(posixpath.join(base, entry.lstrip("/"))))
    return [
        out[:-3]
        for out, text in existing.items()
        if out != "index.md" and out[:-3] not in included and not ORPHAN_FRONT_MATTER.match(text)
    ]


def _render(
    page: Page, children: list[Page], is_home: bool, extra: list[str]
) -> list[tuple[str, Line | None]]:
    out: list[tuple[str, Line | None]] = []
    front = {}
    if description := page.front.get("description"):
        front["myst"] = {"html_meta": {"description": str(description)}}
    if page.front.get("nav_exclude"):
        front["orphan"] = True
    if front:
        dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
        out += (
            [("---", None)] + [(t, None) for t in dumped.splitlines()] + [("---", None), ("", None)]
        )
    for item in page.items:
        if isinstance(item, Heading):
            if item.written_id:
                out.append((f"{{#{item.written_id}}}", None))
            item = item.line
        for index, text in enumerate(item.text.split("\n")):
            out.append((text, item if index == 0 else None))
    out = _collapse_blank_lines(out)
    while out and not out[-1][0].strip():
        out.pop()
    if children:
        hidden = is_home or page.front.get("has_toc") is False
        out += _toctree([_toc_entry(page, child) for child in children], hidden=hidden)
    if extra:
        entries = [posixpath.relpath(e, posixpath.dirname(page.out) or ".") for e in extra]
        out += _toctree(entries, hidden=True, caption=EXTRA_PAGES_CAPTION)
    return out


def _collapse_blank_lines(out: list[tuple[str, Line | None]]) -> list[tuple[str, Line | None]]:
    """At most one blank line in a row, outside code (removed attribute lines leave gaps)."""
    result: list[tuple[str, Line | None]] = []
    for text, line in out:
        blank = not text.strip() and not (line is not None and line.code)
        if blank and (not result or not result[-1][0].strip()):
            continue
        result.append((text, line))
    return result


def _toctree(entries: list[str], hidden: bool, caption: str = "") -> list[tuple[str, None]]:
    lines = ["", "```{toctree}"]
    # Like just-the-docs, a page lists its own child pages, not their sections.
    lines += [":hidden:"] if hidden else [":maxdepth: 1"]
    lines += [f":caption: {caption}"] if caption else []
    lines += ["", *entries, "```"]
    return [(t, None) for t in lines]


def _toc_entry(parent: Page, child: Page) -> str:
    path = posixpath.relpath(child.docname, posixpath.dirname(parent.out) or ".")
    if path.startswith(".."):
        path = "/" + child.docname
    return path if child.nav_title == child.h1_text else f"{child.nav_title} <{path}>"


# -- writing ----------------------------------------------------------------------


def _write_all(
    files: dict, args: argparse.Namespace, report: Report
) -> dict[str, list[tuple[str, Line | None]]]:
    pages = {}
    for relative in sorted(files):
        source, content = files[relative]
        if isinstance(content, list):
            pages[relative] = content
            data = ("\n".join(text for text, _ in content) + "\n").encode("utf-8")
        else:
            data = content
        path = args.dest / relative
        if not path.exists():
            status = "ville blive oprettet" if args.dry_run else "oprettet"
        elif path.read_bytes() == data:
            status = "uændret"
        elif args.force:
            status = "ville blive overskrevet" if args.dry_run else "overskrevet"
        else:
            status = SKIPPED
        report.files.append(WrittenFile(_shown(path), source, status))
        if args.dry_run or status in ("uændret", SKIPPED):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return pages


def _locate_findings(
    report: Report, pages: dict[str, list[tuple[str, Line | None]]], dest: Path
) -> None:
    """Give each finding the written file and line it ended up on."""
    where: dict[int, str] = {}
    for relative, content in pages.items():
        for number, (_, line) in enumerate(content, start=1):
            if line is not None:
                where.setdefault(id(line), f"{_shown(dest / relative)}:{number}")
    for finding in report.findings:
        if finding.line is not None and id(finding.line) in where:
            finding.written = where[id(finding.line)]


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()

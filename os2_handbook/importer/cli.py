"""``python -m os2_handbook.importer SRC --dest source``: the import, start to end.

Exit codes: 0 when everything converted; 1 when the report lists work for a
maintainer (links to missing pages, unconverted constructs, files not
overwritten); 2 when the site cannot be read at all.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
import tomllib
from pathlib import Path

import yaml

from os2_handbook.importer import passes, site_passes
from os2_handbook.importer.links import LinkResolver, read_existing_pages
from os2_handbook.importer.passes import Context, Heading
from os2_handbook.importer.report import SKIPPED, Line, Outcome, Report, WrittenFile
from os2_handbook.importer.site import (
    Page,
    Site,
    SiteError,
    build_navigation,
    front_matter_findings,
    outside,
    read_site,
    within,
)

CHAPTERS_CAPTION = "Kapitler"
ORPHAN_FRONT_MATTER = re.compile(r"---\n(?:.*\n)*?orphan:\s*true")
TOCTREE_BLOCK = re.compile(r"^```\{toctree\}[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
# A written page: its lines, each with the Line it came from (to place the findings).
Written = list[tuple[str, Line | None]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m os2_handbook.importer",
        description="Importér en Jekyll/just-the-docs-side til håndbogens MyST-sider.",
    )
    add = parser.add_argument
    add("src", type=Path, help="mappen med Jekyll-sidens kilder (der hvor _config.yml ligger)")
    add("--dest", type=Path, default=Path("source"), help="hvor siderne skrives (standard: source)")
    add(
        "--report", type=Path, default=Path("_build/import-report.md"),
        help="hvor rapporten skrives (standard: _build/import-report.md)",
    )  # fmt: skip
    add("--dry-run", action="store_true", help="vis, hvad der ville blive skrevet, men skriv intet")
    add("--force", action="store_true", help="overskriv filer, der findes i forvejen")
    args = parser.parse_args(argv)
    report = Report(str(args.src), _shown(args.dest))
    try:
        files, project_files = convert(read_site(args.src, report), args.dest, report)
        _write_all(files, project_files, args, report)
    except SiteError as error:
        print(f"Fejl: {error}", file=sys.stderr)
        return 2
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
) -> tuple[dict[str, tuple[str, bytes | Written]], dict[str, tuple[str, bytes]]]:
    """Every file to write, path -> (source, content): pages and assets under dest
    (a page as its Written lines), and the project's own files."""
    project = dest.resolve().parent
    context = Context(report, passes.callout_styles(site.config), _project_terms(project))
    passes.run_passes(passes.PAGE_PASSES, site.pages, context)
    output = site_passes.SiteOutput()
    report.current_pass = "version"
    site_passes.version(site, context, output)
    existing = read_existing_pages(dest, {p.out for p in site.pages})
    report.current_pass = "titler"
    _title_overlaps(site, existing, report, dest)
    report.current_pass = "links"
    resolver = LinkResolver(site, existing, report)
    for page in site.pages:
        for line in passes.lines_of(page):
            resolver.rewrite_line(page, line)
    passes.run_passes(passes.LATE_PASSES, site.pages, context)
    report.current_pass = "menu"
    top = build_navigation(site, report)
    extra = _pages_outside_menu(existing)
    report.current_pass = "forside"
    site_passes.front_page(site, context, output, extra)
    passes.run_passes(site_passes.SITE_PASSES, [site], context, output)
    report.current_pass = "front matter"
    for page in site.pages:
        front_matter_findings(page, report)
    report.current_pass = ""
    files: dict = {}
    for page in site.pages:
        home = page is site.home
        rendered = _render(page, top if home else page.children, home, extra, output.aux_links)
        files[page.out] = (page.source, rendered)
    if site.home is None and top:
        report.add(
            "menu", Outcome.MANUAL, ".", None,
            "siden har ingen forside (index.md); "
            "siderne øverst i menuen er ikke sat i nogen toctree.",
            "Tilføj dem i toctree-blokken i index.md: " + ", ".join(p.docname for p in top),
        )  # fmt: skip
    for asset in sorted(resolver.assets):
        if within(site.root, site.root / asset):
            files[asset] = (asset, (site.root / asset).read_bytes())
        else:
            outside(report, asset, site.root / asset)
    project_files = dict(output.project_files)
    edition = project / "udgave.toml"
    if edition.exists() and output.release.number:
        after = site_passes.updated_edition(edition.read_text(encoding="utf-8"), output.release)
        project_files["udgave.toml"] = (site.home.source, after.encode("utf-8"))
    return files, project_files


def _project_terms(project: Path) -> tuple[str, ...]:
    """The terms the project's lint gate wants written one way (pyproject.toml)."""
    path = project / "pyproject.toml"
    if not path.exists():
        return ()
    own = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("os2-haandbog", {})
    return tuple(own.get("lint", {}).get("terms", ()))


def _title_overlaps(site: Site, existing: dict[str, str], report: Report, dest: Path) -> None:
    """An imported page with the title of one of the project's own pages is reported."""
    titles = {}
    for out, text in existing.items():
        if match := re.search(r"^# (.+)$", text, re.MULTILINE):
            titles[match.group(1).strip()] = out
    for page in site.pages:
        if (title := page.nav_title) in titles:
            report.add(
                "titler", Outcome.MANUAL, page.source, page.front_lines.get("title"),
                f"siden er importeret til {page.out}, men håndbogen har allerede en side med "
                f"titlen «{title}»: {_shown(dest / titles[title])}. Begge står i menuen.",
                f"Flet {page.out} ind i {titles[title]}, eller giv den en anden titel.",
            )  # fmt: skip


def _pages_outside_menu(existing: dict[str, str]) -> list[str]:
    """Pages already in the destination that no toctree of theirs includes."""
    included = set()
    for out, text in existing.items():
        for block in TOCTREE_BLOCK.finditer(text):
            for entry in block.group(1).splitlines():
                if (entry := entry.strip()) and not entry.startswith(":"):
                    entry = re.sub(r"^.*<(.+)>$", r"\1", entry)
                    base = "" if entry.startswith("/") else posixpath.dirname(out)
                    included.add(posixpath.normpath(posixpath.join(base, entry.lstrip("/"))))
    return [
        out[:-3]
        for out, text in existing.items()
        if out != "index.md" and out[:-3] not in included and not ORPHAN_FRONT_MATTER.match(text)
    ]


def _render(
    page: Page, children: list[Page], home: bool, extra: list[str], links: list[tuple[str, str]]
) -> Written:
    """The page's MyST lines; the home page also lists the project's own pages and links."""
    front: dict = {}
    if description := page.front.get("description"):
        front["myst"] = {"html_meta": {"description": str(description)}}
    if page.front.get("nav_exclude"):
        front["orphan"] = True
    if page.lang:
        front["lang"] = page.lang  # read by the growth branch: lang="en" and English spelling
    out: Written = []
    if front:
        dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
        out += [(t, None) for t in ["---", *dumped.splitlines(), "---", ""]]
    for item in page.items:
        if isinstance(item, Heading):
            out += [(f"{{#{item.written_id}}}", None)] if item.written_id else []
            out.append((item.line.text, item.line))
            for badge in item.badges:
                out += [("", None), (badge, None)]
            out += [("", None)] if item.badges else []
        else:
            out += [(text, None if i else item) for i, text in enumerate(item.text.split("\n"))]
    # At most one blank line in a row, outside code (removed attribute lines leave gaps).
    collapsed: Written = []
    for text, line in out:
        blank = not text.strip() and not (line is not None and line.code)
        if not (blank and (not collapsed or not collapsed[-1][0].strip())):
            collapsed.append((text, line))
    while collapsed and not collapsed[-1][0].strip():
        collapsed.pop()
    if children:
        hidden = home or page.front.get("has_toc") is False
        entries = []
        for child in children:
            path = posixpath.relpath(child.docname, posixpath.dirname(page.out) or ".")
            path = "/" + child.docname if path.startswith("..") else path
            same = child.nav_title == child.h1_text
            entries.append(path if same else f"{child.nav_title} <{path}>")
        collapsed += _toctree(entries, hidden, CHAPTERS_CAPTION if home else "")
    if home and extra:
        entries = [posixpath.relpath(e, posixpath.dirname(page.out) or ".") for e in extra]
        collapsed += _toctree(entries, True, site_passes.OWN_PAGES_CAPTION)
    if home and links:
        collapsed += _toctree(
            [f"{title} <{url}>" for title, url in links], True, site_passes.LINKS_CAPTION
        )
    return collapsed


def _toctree(entries: list[str], hidden: bool, caption: str) -> Written:
    lines = ["", "```{toctree}"]
    # Like just-the-docs, a page lists its own child pages, not their sections.
    lines += [":hidden:"] if hidden else [":maxdepth: 1"]
    lines += [f":caption: {caption}"] if caption else []
    return [(t, None) for t in [*lines, "", *entries, "```"]]


# -- writing ----------------------------------------------------------------------


def _write_all(files: dict, project_files: dict, args: argparse.Namespace, report: Report) -> None:
    """Write what differs (nothing with --dry-run); a file outside the project stops all.

    Each finding is given the written file and line it ended up on.
    """
    project = args.dest.resolve().parent
    planned = [(args.dest, r, files[r]) for r in sorted(files)]
    planned += [(project, r, project_files[r]) for r in sorted(project_files)]
    for root, relative, (source, _) in planned:
        if not within(root, root / relative):
            raise SiteError(
                f"{source}: importen ville skrive {(root / relative).resolve()}, uden for "
                "projektet; intet er skrevet. Ret stien i siden (fx permalink), så den bliver "
                "i siden."
            )
    where: dict[int, str] = {}  # id of a Line -> where it was written, "source/x.md:12"
    for root, relative, (source, data) in planned:
        path = root / relative
        if isinstance(data, list):  # a page's Written lines
            for number, (_, line) in enumerate(data, start=1):
                if line is not None:
                    where.setdefault(id(line), f"{_shown(path)}:{number}")
            data = ("\n".join(text for text, _ in data) + "\n").encode("utf-8")
        if not path.exists():
            status = "ville blive oprettet" if args.dry_run else "oprettet"
        elif path.read_bytes() == data:
            status = "uændret"
        elif args.force:
            status = "ville blive overskrevet" if args.dry_run else "overskrevet"
        else:
            status = SKIPPED
        report.files.append(WrittenFile(_shown(path), source, status))
        if not args.dry_run and status not in ("uændret", SKIPPED):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for finding in report.findings:
        if finding.line is not None and id(finding.line) in where:
            finding.written = where[id(finding.line)]


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()

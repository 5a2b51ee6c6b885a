"""The real-size book for the benchmark, three ways from the same Markdown.

The full-size fixture site (tests/fixtures/jekyll_full/, a just-the-docs site
about as big as the real handbook) is

- imported by this project's importer into a copy of the project
  (``import_book``), as a maintainer would with ``nox -s import``, and
- copied as it is into an mkdocs project (``write_peer_project``): the same
  Markdown, the menu built from the same front matter (title, parent,
  grand_parent, nav_order, nav_exclude), which mkdocs-material and Zensical
  both build.

Jekyll's Liquid tags are the only thing rewritten for the peers: ``{% link
x.md %}`` becomes a relative link and ``{{ site.baseurl }}`` is dropped,
as a team moving to mkdocs would do first.
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import yaml

from benchmarks.generate import mkdocs_config
from tests.support.copies import ROOT, commit_all, copy_project, git

FULL_SITE = ROOT / "tests" / "fixtures" / "jekyll_full"
FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n", re.S)
LIQUID_LINK = re.compile(r"\{%\s*link\s+(?P<path>\S+)\s*%\}")
BASEURL = re.compile(r"\{\{\s*site\.baseurl\s*\}\}")


def import_book(dest: Path, site: Path = FULL_SITE) -> Path:
    """A project copy with the site imported (``nox -s import -- SITE --force``), committed."""
    root = commit_all(copy_project(dest))
    result = subprocess.run(
        [sys.executable, "-m", "os2_handbook.importer", str(site), "--dest", "source",
         "--force"],
        cwd=root, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    # 1: imported, with a report of what a maintainer still has to do by hand.
    if result.returncode not in (0, 1):
        sys.exit(f"importen af {site} fejlede:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--allow-empty", "--message", "Import the fixture site")
    return root


def site_pages(site: Path) -> dict[str, tuple[dict, str]]:
    """Relative path -> (front matter, body) of every page Jekyll would build."""
    config = yaml.safe_load((site / "_config.yml").read_text(encoding="utf-8")) or {}
    excluded = tuple(config.get("exclude", ()))
    pages = {}
    for path in sorted(site.rglob("*.md")):
        relative = path.relative_to(site).as_posix()
        if relative == "README.md" or relative.startswith(("_", *excluded)):
            continue
        text = path.read_text(encoding="utf-8")
        match = FRONT_MATTER.match(text)
        meta = (yaml.safe_load(match["meta"]) or {}) if match else {}
        pages[relative] = (meta, text[match.end() :] if match else text)
    return pages


def _nav(pages: dict[str, tuple[dict, str]]) -> list[str]:
    def children(parent: str | None, grand_parent: str | None) -> list[str]:
        found = []
        for path, (meta, _) in pages.items():
            if meta.get("nav_exclude") or "title" not in meta or path == "index.md":
                continue
            if meta.get("parent") != parent:
                continue
            if parent is not None and meta.get("grand_parent") not in (None, grand_parent):
                continue
            found.append(path)
        return sorted(found, key=lambda p: (pages[p][0].get("nav_order", 999), p))

    def entry(path: str, parent: str | None, indent: int) -> list[str]:
        meta = pages[path][0]
        title = str(meta.get("title", path)).replace('"', "'")
        pad = "  " * indent
        below = children(meta.get("title"), parent) if meta.get("has_children") else []
        if not below:
            return [f'{pad}- "{title}": {path}']
        lines = [f'{pad}- "{title}":', f"{pad}  - {path}"]
        for child in below:
            lines += entry(child, meta.get("title"), indent + 1)
        return lines

    lines = ["  - index.md"]
    for path in children(None, None):
        lines += entry(path, None, 1)
    return lines


def _peer_body(path: str, body: str) -> str:
    here = posixpath.dirname(path) or "."
    body = LIQUID_LINK.sub(lambda m: posixpath.relpath(m["path"], here), body)
    return BASEURL.sub("", body)


def write_peer_project(dest: Path, site: Path = FULL_SITE) -> Path:
    """The site's Markdown as an mkdocs-material project (built by mkdocs and Zensical)."""
    pages = site_pages(site)
    config = mkdocs_config("Testhåndbogen", _nav(pages), ("tables", "md_in_html"))
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    for path, (meta, body) in pages.items():
        target = dest / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        front = f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n" if meta else ""
        target.write_text(front + _peer_body(path, body), encoding="utf-8")
    for asset in (site / "assets").rglob("*") if (site / "assets").is_dir() else ():
        if asset.is_file():
            target = dest / "docs" / asset.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(asset.read_bytes())
    return dest

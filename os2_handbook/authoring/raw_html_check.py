"""The lint gate ``html``: an author's raw HTML blocks, checked by the Nu HTML Checker.

Sphinx copies raw HTML to the page untouched, so invalid HTML in a page's
source (a heading that skips a level, ``aria-label`` on an element without a
role) would only show up when the built page is checked (tests/test_clean_pages.py).
Here each block is checked where the author wrote it, and each error names the
file and line.

Why the Nu HTML Checker itself (npm vnu-jar, on Java) rather than a smaller
check in Python: the test of the built pages uses it, so the gate and the test
give the same verdict on the same HTML; a home-made subset would pass HTML the
test then fails. Java starts once per run, and only when a page has raw HTML.

Each block is checked as the body of a small page that has the headings the
block stands under (an ``<h2>`` block under a ``##`` heading is fine), so the
checker judges the block in its place.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from os2_handbook.project import ROOT

VNU_JAR = Path("node_modules") / "vnu-jar" / "build" / "dist" / "vnu.jar"


class CheckerMissing(RuntimeError):
    """Java or the checker is not installed: the message says what to install."""


def vnu_command(root: Path = ROOT) -> list[str]:
    """The Nu HTML Checker's command line, or CheckerMissing saying what is missing."""
    java = shutil.which("java")
    jar = root / VNU_JAR
    if java is None:
        raise CheckerMissing(
            "Nu HTML Checker kræver Java 17 eller nyere. Installér den (Debian: "
            "apt-get install default-jre-headless) og kør igen."
        )
    if not jar.is_file():
        raise CheckerMissing(
            f"Nu HTML Checker mangler ({VNU_JAR.as_posix()}). Installér den med: "
            "PUPPETEER_SKIP_DOWNLOAD=1 npm ci"
        )
    return [java, "-jar", str(jar)]


def run_vnu(files: list[Path], root: Path = ROOT, *options: str) -> list[dict]:
    """The checker's messages (its JSON format) on files, in one run of Java."""
    if not files:
        return []
    result = subprocess.run(
        [*vnu_command(root), "--format", "json", "--exit-zero-always", *options, *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    # The messages go to stderr; Java's own failures are not JSON.
    try:
        return json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError) as error:
        raise CheckerMissing(f"Nu HTML Checker kunne ikke køre: {result.stderr[:500]}") from error


@dataclass
class Block:
    """One raw HTML block of one Markdown file."""

    path: Path
    first_line: int  # 1-based line of the block's first line in the source
    last_line: int
    headings: int  # the level of the heading the block stands under, 0 if none
    html: str


def raw_html_blocks(md, path: Path) -> list[Block]:  # md: MyST's MarkdownIt
    """The top-level raw HTML blocks of a page, with the heading level above each."""
    blocks = []
    level = 0
    for token in md.parse(path.read_text(encoding="utf-8", errors="replace"), {}):
        if token.type == "heading_open":
            level = int(token.tag[1])
        elif token.type == "html_block" and token.map and not token.content.startswith("<!--"):
            first, end = token.map
            blocks.append(Block(path, first + 1, end, level, token.content))
    return blocks


def _page(block: Block) -> str:
    """The block as a page's body; the block's first line is the page's line 2."""
    headings = "".join(f"<h{n}>-</h{n}>" for n in range(1, block.headings + 1))
    return (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>-</title></head>'
        f"<body><main>{headings}\n{block.html}\n</main></body></html>\n"
    )


def raw_html_errors(md, paths: list[Path], root: Path = ROOT) -> list[tuple[Path, int, str]]:
    """(file, line, Danish message) for every checker error in the pages' raw HTML.

    md is MyST's MarkdownIt (os2_handbook.authoring.lint gives it); raises CheckerMissing
    when a page has raw HTML and Java or the checker is missing.
    """
    blocks = [block for path in paths for block in raw_html_blocks(md, path)]
    if not blocks:
        return []
    with tempfile.TemporaryDirectory(prefix="os2-raw-html-") as tmp:
        files = []
        for number, block in enumerate(blocks):
            files.append(Path(tmp) / f"{number}.html")
            files[-1].write_text(_page(block), encoding="utf-8")
        messages = run_vnu(files, root, "--errors-only")
    found = []
    for message in messages:
        if message.get("type") != "error" or not message.get("url"):
            continue
        block = blocks[int(Path(message["url"].removeprefix("file:")).stem)]
        line = block.first_line + message.get("lastLine", 2) - 2
        found.append(
            (
                block.path,
                min(max(line, block.first_line), block.last_line),
                f"rå HTML er ikke gyldig HTML; Nu HTML Checker siger: “{message['message']}” "
                "Ret HTML'en, eller skriv indholdet som Markdown.",
            )
        )
    return found

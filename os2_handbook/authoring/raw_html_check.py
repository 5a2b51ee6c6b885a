"""The lint gate ``html``: an author's raw HTML blocks, checked by the Nu HTML Checker.

Sphinx copies raw HTML to the page untouched, so invalid HTML in a page's source
would only show up when the built page is checked (tests/test_clean_pages.py). Here
each block is checked where the author wrote it, and each error names file and line.

Why the Nu HTML Checker itself (npm vnu-jar, on Java) rather than a smaller check in
Python: the test of the built pages uses it, so the gate and the test give the same
verdict on the same HTML. Java starts once per run, and only when a page has raw HTML.
Each block is checked as the body of a small page with the headings the block stands
under (an ``<h2>`` block under a ``##`` heading is fine).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from os2_handbook.project import ROOT

VNU_JAR = Path("node_modules") / "vnu-jar" / "build" / "dist" / "vnu.jar"


class CheckerMissing(RuntimeError):
    """Java or the checker is not installed: the message says what to install."""


def run_vnu(files: list[Path], root: Path = ROOT, *options: str) -> list[dict]:
    """The checker's messages (its JSON format) on files, in one run of Java."""
    if not files:
        return []
    java, jar = shutil.which("java"), root / VNU_JAR
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
    command = [java, "-jar", str(jar), "--format", "json", "--exit-zero-always", *options]
    result = subprocess.run([*command, *map(str, files)], capture_output=True, text=True)
    try:  # the messages go to stderr; Java's own failures are not JSON
        return json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError) as error:
        raise CheckerMissing(f"Nu HTML Checker kunne ikke køre: {result.stderr[:500]}") from error


def raw_html_errors(
    md, pages: Iterable[tuple[Path, str]], root: Path = ROOT
) -> list[tuple[Path, int, str]]:
    """(file, line, Danish message) for every checker error in the pages' top-level raw
    HTML blocks; md is MyST's MarkdownIt (os2_handbook/authoring/readability.py)."""
    blocks = []  # (file, first line, last line, page for the checker)
    for path, text in pages:
        level = 0  # of the heading the block stands under
        for token in md.parse(text, {}):
            if token.type == "heading_open":
                level = int(token.tag[1])
            elif token.type == "html_block" and token.map and not token.content.startswith("<!--"):
                headings = "".join(f"<h{n}>-</h{n}>" for n in range(1, level + 1))
                page = (  # the block's first line is the page's line 2
                    '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>-</title>'
                    f"</head><body><main>{headings}\n{token.content}\n</main></body></html>\n"
                )
                blocks.append((path, token.map[0] + 1, token.map[1], page))
    if not blocks:
        return []
    with tempfile.TemporaryDirectory(prefix="os2-raw-html-") as tmp:
        files = [Path(tmp) / f"{number}.html" for number in range(len(blocks))]
        for file, (*_, page) in zip(files, blocks, strict=True):
            file.write_text(page, encoding="utf-8")
        messages = run_vnu(files, root, "--errors-only")
    found = []
    for message in messages:
        if message.get("type") != "error" or not message.get("url"):
            continue
        path, first, last, _ = blocks[int(Path(message["url"].removeprefix("file:")).stem)]
        line = first + message.get("lastLine", 2) - 2
        found.append((path, min(max(line, first), last), (
            f"rå HTML er ikke gyldig HTML; Nu HTML Checker siger: “{message['message']}” "
            "Ret HTML'en, eller skriv indholdet som Markdown."
        )))  # fmt: skip
    return found

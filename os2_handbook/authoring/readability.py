"""LIX per page of the handbook: for ``nox -s review`` and the advisory of ``nox -s lint``.

The prose of a MyST page, read with MyST's own parser (the caller gives it:
os2_handbook.authoring.lint's ``_myst_parser``), as blocks: each paragraph, heading and
list item is one. Not prose: code, tables, raw HTML, front matter, roles,
link addresses (a link's text counts), and the directives listed below; an
admonition's or a card's text counts. The computation is os2_handbook/authoring/lix.py.

``[tool.os2-haandbog] lix-advisory`` in pyproject.toml is the value above which
``nox -s lint`` names a page and its longest sentences. An advisory: it never
fails a run.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

from os2_handbook.authoring.lix import Lix, danish, lix

# Directives whose body is not prose.
NOT_PROSE = {
    "code", "code-block", "csv-table", "eval-rst", "figure", "image", "include",
    "list-table", "literalinclude", "math", "mermaid", "pending-list", "raw",
    "recent-changes", "sourcecode", "table", "toctree",
}  # fmt: skip
DIRECTIVE = re.compile(r"^\{(?P<name>[\w-]+)\}")
OPTION = re.compile(r"^:[\w-]+:")
SKIPPED_INLINE = {"code_inline", "myst_role", "math_inline", "html_inline", "image"}


def prose_blocks(md, text: str) -> Iterator[str]:
    """The page's prose, one string per paragraph, heading or list item."""
    in_table = 0
    for token in md.parse(text, {}):
        if token.type == "table_open":
            in_table += 1
        elif token.type == "table_close":
            in_table -= 1
        elif token.type == "inline" and not in_table:
            yield _inline_text(token)
        elif token.type in ("fence", "colon_fence"):
            match = DIRECTIVE.match(token.info.strip())
            if match and match["name"] not in NOT_PROSE:
                yield from prose_blocks(md, _without_options(token.content))


def _without_options(body: str) -> str:
    lines = body.split("\n")
    if lines and lines[0].strip() == "---":  # a YAML option block
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        lines = lines[end + 1 :]
    while lines and OPTION.match(lines[0]):
        lines = lines[1:]
    return "\n".join(lines)


def _inline_text(token) -> str:
    parts, in_address = [], False
    for child in token.children or []:
        if child.type == "link_open":
            in_address = child.markup in ("linkify", "autolink")  # the address is the text
        elif child.type == "link_close":
            in_address = False
        elif child.type == "text" and not in_address:
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or child.type in SKIPPED_INLINE:
            parts.append(" ")
    return "".join(parts)


# Pages larger than this get no LIX: MyST's parser would take minutes on a page
# of megabytes, and the lint's Markdown gate already names such a page
# (markdown-max-kb, 200 KB by default).
MAX_BYTES = 200 * 1024


def page_lix(md, path: Path, max_bytes: int = MAX_BYTES) -> Lix | None:
    """The page's LIX; None without words, beyond max_bytes or not UTF-8 (reported elsewhere)."""
    data = path.read_bytes()
    if len(data) > max_bytes:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # nox -s review and the encoding gate name the line
        return None
    return lix(prose_blocks(md, text))


def advisory_threshold(root: Path) -> float | None:
    """``lix-advisory`` in pyproject.toml's ``[tool.os2-haandbog]``, or None if unset."""
    table = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    value = table["tool"]["os2-haandbog"].get("lix-advisory")
    return float(value) if value is not None else None


def advisories(md, root: Path, max_bytes: int = MAX_BYTES) -> list[str]:
    """One Danish advisory per page of source/ whose LIX is above the threshold."""
    threshold = advisory_threshold(root)
    if threshold is None:
        return []
    found = []
    for path in sorted((root / "source").rglob("*.md")):
        score = page_lix(md, path, max_bytes)
        if score is None or score.value <= threshold:
            continue
        sentences = "\n".join(f"    »{sentence}«" for sentence in score.longest)
        page = path.relative_to(root).as_posix()
        found.append(
            f"{page}: LIX {danish(score.value)} ({score.band}) er over "
            f"{danish(threshold)} (lix-advisory i pyproject.toml). Et råd, ikke en fejl: kortere "
            "sætninger og færre lange ord gør siden lettere at læse. Begynd med de længste "
            f"sætninger:\n{sentences}"
        )
    return found

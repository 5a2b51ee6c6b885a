"""MyST-Parser's undocumented internals (written against myst-parser 5.2.0).

Missing public API: the table MyST resolves ``page.md#slug`` links through.
MyST keeps it per page in ``env.metadata[docname]["myst_slugs"]`` as
slug -> (line, section id, title). os2_handbook/ext/links.py adds the
byte-for-byte ``{#møder}`` ids to it; os2_handbook/ext/raw_html.py resolves
links in raw HTML blocks through it.
"""

from __future__ import annotations

from typing import Any

PACKAGE = "myst-parser"
TESTED = "5.2.0"
SLUGS = "myst_slugs"


def slugs(env: Any, docname: str) -> dict[str, tuple[int, str, str]]:
    """slug -> (line, section id, title) of docname's headings; {} when MyST kept none."""
    return env.metadata[docname].get(SLUGS, {})


def assumptions() -> list[str]:
    import inspect

    from myst_parser.mdit_to_docutils import base
    from myst_parser.sphinx_ext import myst_refs

    problems = []
    if f'["{SLUGS}"]' not in inspect.getsource(base):
        problems.append(f"MyST no longer stores heading slugs in env.metadata[…][{SLUGS!r}]")
    if f'.get("{SLUGS}"' not in inspect.getsource(myst_refs):
        problems.append(f"MyST no longer resolves page.md#slug through {SLUGS!r}")
    return problems

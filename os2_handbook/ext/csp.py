"""A Content-Security-Policy on every page: the site's own files, nothing else.

Each page carries it as ``<meta http-equiv>`` first in its ``<head>`` (Read the
Docs lets a project set no headers). Browsers then run only the site's own
scripts and furo's one inline script (by its hash), load images, styles and
fonts only from the site (and ``data:`` images: furo's icons), and show no
plugins or frames. Styles keep ``'unsafe-inline'`` (furo, sphinx-design and the
diagrams' SVG ``<style>`` use them; styles run no code). Raw HTML the policy
would block is a warning naming file and line, so it never reaches a reader.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from os2_handbook.fences.furo import THEME_SCRIPT_SHA256 as FURO_THEME_SCRIPT_SHA256

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

# What raw HTML may not do under the policy, and what to write instead.
BLOCKED = [
    (re.compile(r"<script\b", re.I), "et <script> kører ikke på siderne",
     "Læg scriptet i _static/ og indlæs det fra conf.py, eller fjern det."),
    (re.compile(r"\son[a-z]+\s*=", re.I), "en hændelse som onclick= kører ikke på siderne",
     "Fjern attributten."),
    (re.compile(r"<(?:iframe|frame|object|embed)\b", re.I),
     "indlejrede sider og plugins (<iframe>, <object>, <embed>) vises ikke",
     "Skriv et almindeligt link til siden i stedet."),
    (re.compile(r"""\s(?:src|srcset|data|poster)\s*=\s*["']?\s*(?:https?:)?//""", re.I),
     "filer fra andre værter (src=\"https://…\") hentes ikke",
     "Læg filen i repositoriet, og henvis til den derfra, eller skriv et link."),
    (re.compile(r"""<link\b[^>]*\shref\s*=\s*["']?\s*(?:https?:)?//""", re.I),
     "stilark og skrifttyper fra andre værter hentes ikke",
     "Læg filen i _static/."),
    (re.compile(r"""(?:href|action)\s*=\s*["']?\s*javascript:""", re.I),
     "et javascript:-link kører ikke", "Skriv et almindeligt link."),
]  # fmt: skip


def script_hash(script: str) -> str:
    """'sha256-…', the CSP hash of an inline script's text."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def meta_tag(*script_hashes: str) -> str:
    """The policy: the site's own files, and inline scripts only by their hash."""
    scripts = " ".join(("'self'", *script_hashes))
    policy = (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
        "frame-src 'none'; base-uri 'self'; form-action 'self'"
    )
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


PAGE_POLICY = meta_tag(f"'sha256-{FURO_THEME_SCRIPT_SHA256}'")


def _add_policy(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format == "html":
        # First in <head> (Sphinx puts metatags right after <meta charset>): before any script.
        context["metatags"] = PAGE_POLICY + "\n" + context.get("metatags", "")


def refuse_blocked_raw_html(app: Sphinx, doctree: nodes.document) -> None:
    for raw in doctree.findall(nodes.raw):
        if "html" not in raw.get("format", "").split():
            continue
        text = raw.astext()
        for pattern, problem, fix in BLOCKED:
            for match in pattern.finditer(text):
                line = (raw.line or 1) + text.count("\n", 0, match.start())
                logger.warning(
                    "rå HTML: %s, for siderne tillader kun håndbogens egne filer "
                    "(Content-Security-Policy, os2_handbook/ext/csp.py). %s", problem, fix,
                    location=(app.env.docname, line), type="os2", subtype="csp",
                )  # fmt: skip


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _add_policy)
    app.connect("doctree-read", refuse_blocked_raw_html)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

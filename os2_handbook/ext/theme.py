"""Furo in Danish and for assistive technology.

- The English furo writes into its templates (aria-labels, SVG titles, not
  passed through gettext) is translated through locale/da/LC_MESSAGES/sphinx.po.
  ``_templates/page.html`` filters furo's page around the content
  (``theme_chrome``) and puts the content in afterwards, untouched: no author's
  text (a page titled "Menu") is ever rewritten.
- The same catalog becomes ``sphinx.js`` for Sphinx's search JavaScript (Sphinx
  compiles catalogs to .mo only, and its own Danish one leaves the result
  count in English).
- Navigation captions ("Kapitler") get the aria-level screen readers need.
- The compiled templates are kept in the doctree folder between builds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import sphinx
from babel.messages.pofile import read_po
from docutils import nodes
from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup, escape
from sphinx import addnodes
from sphinx.writers.html5 import HTML5Translator

from os2_handbook.fences.furo import HARDCODED_ARIA_LABELS, HARDCODED_SVG_TITLES
from os2_handbook.fences.furo import NAVIGATION_TOGGLE as FURO_TOGGLE
from os2_handbook.fences.sphinx import jinja_environment

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

NAVIGATION_TOGGLE = re.compile(rf'aria-label="{FURO_TOGGLE}(?P<title>[^"]*)"')
NAVIGATION_TOGGLE_MSGID = f"{FURO_TOGGLE}%(title)s"  # the msgid in the catalog
# Where page.html's content stands while the chrome around it is translated.
CONTENT_SLOT = "\x00os2-page-content\x00"


def translate_chrome(html: str, gettext: Any, content: str = "") -> Markup:
    """html (the page with CONTENT_SLOT) with furo's whole aria-labels and SVG titles
    translated, and then content in the slot, exactly as Sphinx rendered it."""
    text = str(html)
    for english in HARDCODED_ARIA_LABELS:
        if (danish := gettext(english)) != english:
            text = text.replace(f'aria-label="{english}"', f'aria-label="{escape(danish)}"')
    for english in HARDCODED_SVG_TITLES:
        if (danish := gettext(english)) != english:
            text = text.replace(f"<title>{english}</title>", f"<title>{escape(danish)}</title>")
    pattern = gettext(NAVIGATION_TOGGLE_MSGID)
    if pattern != NAVIGATION_TOGGLE_MSGID:
        # The title is already escaped for the attribute; the pattern is not.
        text = NAVIGATION_TOGGLE.sub(
            lambda m: f'aria-label="{str(escape(pattern)).replace("%(title)s", m["title"])}"', text
        )
    if text.count(CONTENT_SLOT) == 1:
        text = text.replace(CONTENT_SLOT, str(content))
    return Markup(text)


class HandbookHTMLTranslator(HTML5Translator):
    """Sphinx's HTML writer, with an aria-level on navigation captions."""

    def visit_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
            attributes = {"CLASS": "caption", "ROLE": "heading", "aria-level": 2}  # below h1
            self.body += [self.starttag(node, "p", "", **attributes), '<span class="caption-text">']
            self.context.append("</span></p>\n")
        else:
            super().visit_title(node)


def template_cache_dir(doctreedir: str | Path) -> Path:
    """Where compiled templates are kept between builds (Jinja checks each template's
    source first; the versions keep out code of another Sphinx or Jinja)."""
    return Path(doctreedir, f"templates-sphinx{sphinx.__version__}-jinja{jinja2.__version__}")


def _set_up_templates(app: Sphinx) -> None:
    environment = jinja_environment(app.builder)
    if environment is None:  # not an HTML builder
        return
    gettext = app.translator.gettext
    environment.filters["theme_chrome"] = lambda html, content="": translate_chrome(
        html, gettext, content
    )
    environment.globals["os2_content_slot"] = Markup(CONTENT_SLOT)
    # Sphinx compiles furo's templates anew in every build (about a tenth of
    # a second, most of a no-change rebuild's writing): keep the compiled code.
    cache = template_cache_dir(app.doctreedir)
    cache.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(cache))


def _write_javascript_catalogs(app: Sphinx, config: Config) -> None:
    """Each sphinx.po as sphinx.js beside it, in the format of Sphinx's ``translations.js``
    (config-inited runs before the HTML builder looks for sphinx.js)."""
    for locale_dir in config.locale_dirs:
        po_file = Path(app.srcdir, locale_dir, config.language, "LC_MESSAGES", "sphinx.po")
        if not po_file.is_file():
            continue
        with po_file.open("rb") as stream:
            catalog = read_po(stream)
        messages: dict[str, str | list[str]] = {}
        for message in (message for message in catalog if message.id and message.string):
            if isinstance(message.id, tuple):  # plural forms: keyed by the singular
                messages[message.id[0]] = list(message.string)
            else:
                messages[message.id] = message.string
        # Sphinx's Documentation.addTranslations() without its new Function() for the
        # plural rule, which the Content-Security-Policy forbids (csp.py): the rule is
        # code here. The properties are doctools.js's (tests/test_csp.py's browser
        # test fails if they change); Number() makes JavaScript's boolean an index.
        text = (
            "Object.assign(Documentation.TRANSLATIONS, "
            f"{json.dumps(messages, indent=1, sort_keys=True)});\n"
            f"Documentation.PLURAL_EXPR = (n) => Number({catalog.plural_expr});\n"
            f"Documentation.LOCALE = {json.dumps(str(catalog.locale))};\n"
        )
        js_file = po_file.with_suffix(".js")
        if not js_file.is_file() or js_file.read_text(encoding="utf-8") != text:
            js_file.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _write_javascript_catalogs)
    app.connect("builder-inited", _set_up_templates)
    for builder in ("html", "dirhtml"):
        app.set_translator(builder, HandbookHTMLTranslator)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

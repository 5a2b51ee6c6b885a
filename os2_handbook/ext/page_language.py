"""``lang: en`` in a page's front matter puts ``lang="en"`` on its content.

Screen readers then use an English voice, browsers hyphenate and translate
correctly, and the spelling gate uses that language's dictionary
(authoring/lint.py). A value that is no language code fails the build at its line.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from os2_handbook.project import front_matter

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

# A BCP 47 language tag as authors write them: "en", "en-GB", "de-CH".
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2}|-[0-9]{3})?$")


def page_language(metadata: dict[str, Any]) -> str:
    """The language a page's front matter declares, or ""."""
    return str(metadata.get("lang") or "").strip()


def is_language(lang: str) -> bool:
    """A language tag of a language Babel (Unicode CLDR) knows: "en", "en-GB"; not "xx"."""
    from babel import Locale, UnknownLocaleError

    if LANGUAGE_TAG.match(lang):
        with contextlib.suppress(UnknownLocaleError, ValueError):
            return Locale.parse(lang, sep="-") is not None
    return False


def _check_language(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    lang = page_language(app.env.metadata.get(docname, {}))
    if lang and not is_language(lang):
        source = Path(app.env.doc2path(docname))
        text = source.read_text(encoding="utf-8") if source.is_file() else ""
        line = front_matter(text).get("lang", (1,))[0]
        logger.warning(
            "lang: %r er ikke en sprogkode. Skriv sidens sprog som en kode, fx lang: en "
            "for engelsk, eller slet linjen, hvis siden er på dansk",
            lang, location=(docname, line), type="os2", subtype="page_language",
        )  # fmt: skip


def _content_language(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    lang = page_language(context.get("meta") or {})
    if lang and is_language(lang) and lang != app.config.language:
        context["os2_content_lang"] = lang  # _templates/page.html: <div lang="…">


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _check_language)
    app.connect("html-page-context", _content_language)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

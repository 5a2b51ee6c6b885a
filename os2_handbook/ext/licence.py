"""Whose text the handbook is, and on what terms it may be reused.

The text is the OS2 secretariat's handbook, moved here and adapted; CC BY-SA 4.0
keeps this edition under the same licence, with the creator named, a licence
notice, a link to the source and a note that it was changed. conf.py names them
(``os2_text_*``); this part puts them in every page's footer and
``<link rel="license">``, the PDF's colophon (``paper_theme/layout.html``: also
the build commit, the date the text came here, the fonts' licences) and its
XMP ``dc:rights`` (pdf/printing.py), and the Atom feed's ``<rights>`` (changes.py).
Which file is under which licence: REUSE.toml (``reuse lint``).
"""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from os2_handbook.project import git

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# The PDF's fonts (os2_handbook/pdf/printing.py) keep their own licences, as the Debian
# packages' copyright files state them (/usr/share/doc/<package>/copyright).
FONT_LICENCES = {
    "TeX Gyre Pagella": "GUST Font License",
    "TeX Gyre Heros": "GUST Font License",
    "DejaVu Sans Mono": "Bitstream Vera-licensen",
    "Noto Color Emoji": "SIL Open Font License 1.1",
    "Symbola": "fri til enhver brug efter ophavsmandens vilkår",
}
CODE_LICENCE = "MIT"  # REUSE.toml: everything but the text


@dataclass(frozen=True)
class Attribution:
    """What a reader needs to reuse the text: creator, licence, source, changes."""

    creator: str
    licence: str
    licence_url: str
    source: str
    moved_on: str = ""  # the first commit that added the pages, e.g. "22. november 2026"

    @property
    def source_name(self) -> str:
        """The source's address without the scheme: "github.com/OS2offdig/…"."""
        parts = urlsplit(self.source)
        return f"{parts.netloc}{parts.path}".rstrip("/")

    @property
    def rights(self) -> str:
        """One line for the PDF's metadata and the feed (no copyright sign: see conf.py)."""
        return (
            f"Tekst: {self.creator}. Licens: {self.licence} ({self.licence_url}). "
            f"Kilde: {self.source}, flyttet til denne udgave og bearbejdet."
        )


def moved_on(srcdir: Path) -> datetime.date | None:
    """The day of the first commit under srcdir (the import's), or None outside git."""
    result = git(srcdir, "log", "--reverse", "--diff-filter=A", "--format=%cI", "--", ".")
    first = result.stdout.split("\n", 1)[0].strip()
    if result.returncode or not first:
        return None
    return datetime.datetime.fromisoformat(first).date()


def attribution(app: Sphinx) -> Attribution:
    from os2_handbook.ext.review import danish_date

    config = app.config
    day = moved_on(Path(app.srcdir))
    return Attribution(
        creator=config.os2_text_creator,
        licence=config.os2_text_licence,
        licence_url=config.os2_text_licence_url,
        source=config.os2_text_source,
        moved_on=danish_date(day) if day else "",
    )


def _init(app: Sphinx) -> None:
    # Only where conf.py names the text's creator: a project (or a test root)
    # without the os2_text_* settings gets no footer line and no colophon.
    app.os2_attribution = attribution(app) if app.config.os2_text_creator else None


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.os2_attribution is None:
        return
    context["os2_attribution"] = app.os2_attribution
    # The colophon (pdfhtml): the fonts' licences, the code's, the logo's status.
    context["os2_font_licences"] = FONT_LICENCES
    context["os2_code_licence"] = CODE_LICENCE
    context["os2_has_logo"] = bool(app.config.html_logo)
    link = f'<link rel="license" href="{html.escape(app.os2_attribution.licence_url)}">\n'
    context["metatags"] = context.get("metatags", "") + link


def setup(app: Sphinx) -> dict[str, Any]:
    # Set in conf.py ("Licence and attribution"); REUSE.toml says the same for source/.
    for name in ("creator", "licence", "licence_url", "source"):
        app.add_config_value(f"os2_text_{name}", "", "html", types=[str])
    app.connect("builder-inited", _init)
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

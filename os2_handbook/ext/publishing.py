"""Where the handbook is published, whose text it is, and how readers answer back.

- "Hent som PDF" (on Read the Docs the version's PDF; locally
  ``_build/pdf/os2-haandbog.pdf``, copied next to the HTML, when it exists),
  "Foreslå en ændring" (the page's source) and "Sidst opdateret" from git in
  Danish (our template, not the theme's English line).
- "Rapportér et problem": a new issue about the page in the handbook's
  repository (``[tool.os2-haandbog] repository`` or Read the Docs' clone URL),
  with the questions of .github/ISSUE_TEMPLATE/indholdsproblem.md.
- ``[tool.os2-haandbog] accessibility-statement``: the footer links to it, and
  ``/was`` (the short address the Danish Agency for Digital Government asks
  for) redirects to it. Unset, there is neither, and ``nox -s review`` reminds.
- The text is the OS2 secretariat's handbook, moved here and adapted; CC BY-SA
  4.0 keeps it under the same licence, with the creator named, a licence
  notice, a link to the source and a note that it was changed. conf.py names
  them (``os2_text_*``) for the footer, ``<link rel="license">``, the PDF's
  colophon (``paper_theme/layout.html``) and XMP ``dc:rights``
  (pdf/printing.py), and the Atom feed's ``<rights>`` (changes.py). Which file
  is under which licence: REUSE.toml (``reuse lint``).
- Every ``os2_linkcheck_ignore`` entry must say why it is there.
"""

from __future__ import annotations

import datetime
import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urlsplit

from sphinx.errors import ConfigError
from sphinx.util import logging

from os2_handbook.ext.review import danish_date
from os2_handbook.project import git, read_site, settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

PDF_NAME = "os2-haandbog.pdf"  # the PDF builder's file name, and the copy's in the HTML
REDIRECT_PATH = "was"  # /was/ on the site

# New-issue addresses per code host: the address, and the names of the title and body fields.
NEW_ISSUE = {
    "github.com": ("{repo}/issues/new", "title", "body"),
    "gitlab.com": ("{repo}/-/issues/new", "issue[title]", "issue[description]"),
}

ISSUE_TITLE = "Problem på siden »{title}«"
ISSUE_BODY = (
    "Siden: {address}\n\n## Hvad er problemet?\n\n\n\n## Hvad burde der stå? (hvis du ved det)\n\n"
)

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


# -- Answering back -------------------------------------------------------------------


def report_url(repository: str, title: str, address: str) -> str:
    """The address of a new issue about one page, title and body filled in, or ""."""
    host = urlsplit(repository).netloc.lower()
    if host not in NEW_ISSUE:
        return ""
    template, title_field, body_field = NEW_ISSUE[host]
    fields = {title_field: ISSUE_TITLE.format(title=title),
              body_field: ISSUE_BODY.format(address=address)}  # fmt: skip
    # %20 for a space, and #, &, æ ø å percent-encoded in UTF-8
    query = urlencode(fields, quote_via=quote)
    return f"{template.format(repo=repository)}?{query}"


# /was/: a static page that sends the reader on to the statement (a server cannot be asked to).
REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={url}">
<link rel="canonical" href="{url}">
<title>Tilgængelighedserklæring</title>
</head>
<body>
<p>Du sendes videre til håndbogens <a href="{url}">tilgængelighedserklæring</a>.</p>
</body>
</html>
"""


# -- Whose text -------------------------------------------------------------------------


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


# -- Sphinx ---------------------------------------------------------------------------


def _check_linkcheck_ignore(app: Sphinx, config: Config) -> None:
    """Every ignored link needs its reason; the patterns go to linkcheck_ignore."""
    for pattern, reason in config.os2_linkcheck_ignore.items():
        if not str(reason).strip():
            raise ConfigError(
                f"conf.py: os2_linkcheck_ignore[{pattern!r}] mangler en begrundelse. "
                "Skriv, hvorfor linket ikke kan kontrolleres, som værdien i opslaget."
            )
        try:
            re.compile(pattern)
        except re.error as err:
            raise ConfigError(
                f"conf.py: os2_linkcheck_ignore[{pattern!r}] er ikke et gyldigt "
                f"regulært udtryk: {err}"
            ) from None
    config.linkcheck_ignore = [*config.linkcheck_ignore, *config.os2_linkcheck_ignore]


def _init(app: Sphinx) -> None:
    config = app.config
    app.os2_site = read_site()
    pyproject = Path(app.confdir, "pyproject.toml")
    url = str(settings(pyproject).get("accessibility-statement", "")).strip()
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
        raise ConfigError(
            f"{pyproject}: [tool.os2-haandbog] accessibility-statement = {url!r} skal være "
            'en fuld adresse, fx "https://www.was.digst.dk/<håndbogens-side>"'
        )
    app.os2_accessibility_url = url
    # Only where conf.py names the text's creator: a project (or a test root)
    # without the os2_text_* settings gets no footer line and no colophon.
    app.os2_attribution = None
    if config.os2_text_creator:
        day = moved_on(Path(app.srcdir))
        app.os2_attribution = Attribution(
            config.os2_text_creator, config.os2_text_licence, config.os2_text_licence_url,
            config.os2_text_source, moved_on=danish_date(day) if day else "",
        )  # fmt: skip


def _local_pdf(app: Sphinx) -> Path | None:
    """The locally built PDF to offer, when there is one and no Read the Docs link."""
    if app.config.os2_pdf_url or not app.config.os2_local_pdf:
        return None
    path = Path(app.confdir, app.config.os2_local_pdf)
    return path if path.is_file() else None


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    config = app.config
    context["os2_pdf_url"] = config.os2_pdf_url
    context["os2_local_pdf"] = PDF_NAME if _local_pdf(app) else ""
    suffix = context.get("page_source_suffix")
    base = config.os2_edit_url_base
    context["os2_edit_url"] = f"{base}{pagename}{suffix}" if base and suffix and doctree else ""
    # The theme's footer says "Last updated on …" in English; page.html says it in Danish.
    context["os2_last_updated"] = context.get("last_updated")
    context["last_updated"] = None

    context["os2_accessibility_url"] = app.os2_accessibility_url
    context["os2_report_url"] = ""
    site = app.os2_site
    if site.repository and doctree is not None:
        uri = app.builder.get_target_uri(pagename)
        address = f"{site.canonical_url}{uri}" if site.canonical_url else uri or "./"
        titles = app.env.titles
        title = titles[pagename].astext() if pagename in titles else html.unescape(context["title"])
        context["os2_report_url"] = report_url(site.repository, title, address)
        context["os2_report_address"] = address
        context["os2_report_body_param"] = NEW_ISSUE.get(
            urlsplit(site.repository).netloc.lower(), ("", "", "")
        )[2]

    if attribution := app.os2_attribution:
        context["os2_attribution"] = attribution
        # The colophon (pdfhtml): the fonts' licences, the code's, the logo's status.
        context["os2_font_licences"] = FONT_LICENCES
        context["os2_code_licence"] = CODE_LICENCE
        context["os2_has_logo"] = bool(config.html_logo)
        link = f'<link rel="license" href="{html.escape(attribution.licence_url)}">\n'
        context["metatags"] = context.get("metatags", "") + link


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if statement := app.os2_accessibility_url:
        page = Path(app.outdir, REDIRECT_PATH, "index.html")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(REDIRECT_PAGE.format(url=html.escape(statement)), encoding="utf-8")
        logger.info("os2: /%s/ sender videre til %s", REDIRECT_PATH, statement)
    if pdf := _local_pdf(app):
        shutil.copyfile(pdf, Path(app.outdir, PDF_NAME))
        logger.info("os2: PDF'en %s er lagt ved hjemmesiden som %s", pdf, PDF_NAME)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("os2_pdf_url", "", "html", types=frozenset({str}))
    app.add_config_value("os2_local_pdf", "", "html", types=frozenset({str}))
    app.add_config_value("os2_edit_url_base", "", "html", types=frozenset({str}))
    app.add_config_value("os2_linkcheck_ignore", {}, "", types=frozenset({dict}))
    # Set in conf.py ("Licence and attribution"); REUSE.toml says the same for source/.
    for name in ("creator", "licence", "licence_url", "source"):
        app.add_config_value(f"os2_text_{name}", "", "html", types=[str])
    app.connect("config-inited", _check_linkcheck_ignore)
    app.connect("builder-inited", _init)
    # After sphinx-last-updated-by-git (priority 500) has set last_updated.
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("build-finished", _build_finished)
    app.add_js_file("os2-report.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}

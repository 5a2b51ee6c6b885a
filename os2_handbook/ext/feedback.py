"""Ways for a reader to answer back: "Rapportér et problem" and the accessibility statement.

- Every page links to a new issue about it in the handbook's repository
  (``[tool.os2-haandbog] repository`` or Read the Docs' clone URL), with the
  questions of .github/ISSUE_TEMPLATE/indholdsproblem.md.
- ``[tool.os2-haandbog] accessibility-statement``: every page's footer links to
  it, and ``/was`` (the short address the Danish Agency for Digital Government
  asks for) redirects to it. Unset, there is neither, and ``nox -s review`` reminds.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode, urlsplit

from sphinx.errors import ConfigError
from sphinx.util import logging

from os2_handbook.project import read_site, settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

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


def body_field(repository: str) -> str:
    return NEW_ISSUE.get(urlsplit(repository).netloc.lower(), ("", "", ""))[2]


def read_accessibility_statement(pyproject: Path) -> str:
    url = str(settings(pyproject).get("accessibility-statement", "")).strip()
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
        raise ConfigError(
            f"{pyproject}: [tool.os2-haandbog] accessibility-statement = {url!r} skal være "
            'en fuld adresse, fx "https://www.was.digst.dk/<håndbogens-side>"'
        )
    return url


def redirect_page(target: str) -> str:
    """A static page that sends the reader on to target (a server cannot be asked to)."""
    url = html.escape(target, quote=True)
    return f"""<!DOCTYPE html>
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


def _init(app: Sphinx) -> None:
    app.os2_site = read_site()
    app.os2_accessibility_url = read_accessibility_statement(Path(app.confdir, "pyproject.toml"))


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    site = app.os2_site
    context["os2_accessibility_url"] = app.os2_accessibility_url
    context["os2_report_url"] = ""
    if not site.repository or doctree is None:
        return
    uri = app.builder.get_target_uri(pagename)
    address = f"{site.canonical_url}{uri}" if site.canonical_url else uri or "./"
    titles = app.env.titles
    title = titles[pagename].astext() if pagename in titles else html.unescape(context["title"])
    context["os2_report_url"] = report_url(site.repository, title, address)
    context["os2_report_address"] = address
    context["os2_report_body_param"] = body_field(site.repository)


def _write_redirect(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not app.os2_accessibility_url:
        return
    page = Path(app.outdir, REDIRECT_PATH, "index.html")
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(redirect_page(app.os2_accessibility_url), encoding="utf-8")
    logger.info("os2: /%s/ sender videre til %s", REDIRECT_PATH, app.os2_accessibility_url)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _init)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _write_redirect)
    app.add_js_file("os2-report.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}

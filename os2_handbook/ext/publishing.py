"""Where and how the handbook is published, on every HTML page.

Adds the "Hent som PDF" link (on Read the Docs the version's PDF; locally
``_build/pdf/os2-haandbog.pdf``, copied next to the HTML, when it exists), the
"Foreslå en ændring" link to the page's source, and "Sidst opdateret" from git
in Danish (our template, not the theme's English line); and checks that every
``os2_linkcheck_ignore`` entry says why it is there.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

PDF_NAME = "os2-haandbog.pdf"  # the PDF builder's file name, and the copy's in the HTML


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


def _local_pdf(app: Sphinx) -> Path | None:
    """The locally built PDF to offer, when there is one and no Read the Docs link."""
    if app.config.os2_pdf_url or not app.config.os2_local_pdf:
        return None
    path = Path(app.confdir, app.config.os2_local_pdf)
    return path if path.is_file() else None


def _add_page_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["os2_pdf_url"] = app.config.os2_pdf_url
    context["os2_local_pdf"] = PDF_NAME if _local_pdf(app) else ""
    suffix = context.get("page_source_suffix")
    base = app.config.os2_edit_url_base
    context["os2_edit_url"] = f"{base}{pagename}{suffix}" if base and suffix and doctree else ""
    # The theme's footer says "Last updated on …" in English; page.html says it in Danish.
    context["os2_last_updated"] = context.get("last_updated")
    context["last_updated"] = None


def _copy_local_pdf(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if pdf := _local_pdf(app):
        shutil.copyfile(pdf, Path(app.outdir, PDF_NAME))
        logger.info("os2: PDF'en %s er lagt ved hjemmesiden som %s", pdf, PDF_NAME)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("os2_pdf_url", "", "html", types=frozenset({str}))
    app.add_config_value("os2_local_pdf", "", "html", types=frozenset({str}))
    app.add_config_value("os2_edit_url_base", "", "html", types=frozenset({str}))
    app.add_config_value("os2_linkcheck_ignore", {}, "", types=frozenset({dict}))
    app.connect("config-inited", _check_linkcheck_ignore)
    # After sphinx-last-updated-by-git (priority 500) has set last_updated.
    app.connect("html-page-context", _add_page_links, priority=900)
    app.connect("build-finished", _copy_local_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

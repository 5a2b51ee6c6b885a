"""Old ``/docs/x/y.html`` addresses forward to ``/docs/x/y/`` (dirhtml).

The old site linked its menu to the ``.html`` form and people bookmarked it, so
each page gets a small ``docs/x/y.html`` beside its folder that forwards the
reader, ``#anchor`` included: one rule for every page, where
sphinx-reredirects would need a table listing each.
"""

from __future__ import annotations

import html
import posixpath
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from os2_handbook.ext.csp import meta_tag, script_hash

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

# Meta refresh for readers without JavaScript; the script keeps the #anchor and is
# the one script the page's Content-Security-Policy allows (by its hash).
STUB = """<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
{policy}
<title>Siden er flyttet</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="0; url={target}">
{icon}
<script>{script}</script>
</head>
<body>
<p>Siden er flyttet til <a href="{target}">{target}</a>.</p>
</body>
</html>
"""


def write_html_twins(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "dirhtml":
        return
    written = 0
    for docname in sorted(app.env.found_docs):
        if docname == app.config.root_doc or posixpath.basename(docname) == "index":
            continue  # their .html form is the page itself (x/index.html)
        path = app.outdir / f"{docname}.html"
        if path.exists():
            continue
        target = posixpath.basename(docname) + "/"
        path.parent.mkdir(parents=True, exist_ok=True)
        script = f"location.replace({target!r} + location.hash);"
        # The tab icon, so the browser does not ask for /favicon.ico (and get 404).
        icon = f"_static/{posixpath.basename(app.config.html_favicon or '')}"
        icon = posixpath.relpath(icon, posixpath.dirname(docname) or ".")
        stub = STUB.format(
            target=html.escape(target),
            script=script,
            policy=meta_tag(script_hash(script)),
            icon=f'<link rel="icon" href="{html.escape(icon)}">' if app.config.html_favicon else "",
        )
        path.write_text(stub, encoding="utf-8")
        written += 1
    logger.info("os2: %d gamle .html-adresser sender videre til siderne", written)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", write_html_twins)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""sphinxext-opengraph, loaded without its import-time notice about matplotlib.

sphinxext-opengraph prints "matplotlib is not installed, social cards will not
be generated" when it is imported, whatever conf.py says (its upstream keeps
the print unconditional). The handbook turns social cards off on purpose
(``ogp_social_cards`` in conf.py), so the notice is noise that makes every
build look broken. This module imports the extension with that one line held
back and passes on anything else it prints; conf.py lists this module in its
place.
"""

from __future__ import annotations

import contextlib
import io
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

EXTENSION = "sphinxext.opengraph"
MATPLOTLIB_NOTICE = "matplotlib is not installed, social cards will not be generated"


def import_quietly() -> None:
    """Import sphinxext.opengraph, printing what it prints except the notice."""
    if EXTENSION in sys.modules:
        return
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        __import__(EXTENSION)
    rest = [line for line in printed.getvalue().splitlines() if line != MATPLOTLIB_NOTICE]
    if rest:
        print("\n".join(rest))


def setup(app: Sphinx) -> dict[str, Any]:
    import_quietly()
    app.setup_extension(EXTENSION)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

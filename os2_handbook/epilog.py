"""What the LaTeX builder says when it is done: the handbook's next step, not make.

Sphinx's LaTeX builder ends with "Run 'make' in that directory to run these
through (pdf)latex". Here that would be wrong: ``nox -s pdf`` (os2_handbook/pdf.py)
runs latexmk itself, without ``-f``, and fails on any hole in the PDF, while the
Makefile's ``make all-pdf`` would hand back a PDF with missing characters. The
message is replaced by one that names the right command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Formatted by Sphinx with %(outdir)s and %(project)s.
LATEX_EPILOG = (
    "LaTeX-filerne ligger i %(outdir)s. nox -s pdf sætter dem med LuaLaTeX og kontrollerer loggen."
)


def replace_latex_epilog(app: Sphinx) -> None:
    if app.builder.name == "latex":
        app.builder.epilog = LATEX_EPILOG


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", replace_latex_epilog)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

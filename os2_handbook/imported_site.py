"""What ``nox -s import`` carried over from the old site's look: logo and stylesheets.

The importer writes them to ``_static/imported/`` (``logo.*`` and ``*.css``,
the latter compiled from the site's own ``_sass/custom/``); conf.py reads
them from there, so an import never rewrites the configuration. Without an
import the folder is absent and the handbook looks as before.
"""

from __future__ import annotations

from pathlib import Path

IMPORTED = Path("_static") / "imported"


def imported_logo(root: Path) -> str | None:
    """The old site's logo as conf.py's html_logo (relative to conf.py), or None."""
    logos = sorted((root / IMPORTED).glob("logo.*"))
    return (IMPORTED / logos[0].name).as_posix() if logos else None


def imported_css(root: Path) -> list[str]:
    """The old site's compiled stylesheets, for html_css_files (relative to _static)."""
    return [f"imported/{p.name}" for p in sorted((root / IMPORTED).glob("*.css"))]

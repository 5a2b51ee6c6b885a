"""furo's internals (written against furo 2025.12.19).

Missing public API:

- Rendering the sidebar navigation once per build: furo renders it for every
  page (``_compute_navigation_tree`` in its ``html-page-context`` handler,
  priority 500), so a build costs pages². ext/navigation.py renders it once
  with the undocumented ``furo.navigation.get_navigation_tree`` and hands it
  to the page in the context variable furo's templates read.
- gettext for the English in furo's templates and navigation (aria-labels,
  SVG titles): ext/theme.py translates exactly these through our catalog.
- Running furo's one inline script (``base.html``) under a
  Content-Security-Policy without knowing its text: ext/csp.py allows it by
  its hash (tests/test_csp.py checks every page in a browser too).
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import re
from pathlib import Path

PACKAGE = "furo"
TESTED = "2025.12.19"

# The arguments furo passes to toctree() for its sidebar (furo._compute_navigation_tree).
TOCTREE_ARGS = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}
# The context variable furo's sidebar template renders; furo leaves the sidebar
# empty when the page's context has no "toctree".
NAVIGATION_VARIABLE = "furo_navigation_tree"

# English that furo hard-codes in page.html (aria-label="…"), in
# partials/icons.html (<title>…</title>) and in furo.navigation (the
# aria-label of a nested section's switch, with the section's title). Each is
# a msgid in the catalog.
HARDCODED_ARIA_LABELS = (
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Toggle Light / Dark / Auto color theme",
    "On Read the Docs",  # footer icons, on Read the Docs only
    "On GitHub",
)
HARDCODED_SVG_TITLES = (
    "Contents",
    "Menu",
    "Expand",
    "Light mode",
    "Dark mode",
    "Auto light/dark, in light mode",
    "Auto light/dark, in dark mode",
)
NAVIGATION_TOGGLE = "Toggle navigation of "  # + the section's title
# The SHA-256 of furo's inline <script> in base.html (CSP 'sha256-…' form).
THEME_SCRIPT_SHA256 = "ySvT2PEZeueHGC1y2crNuNTfphBynFPP7i+U21fEgX0="


def navigation_tree(toctree_html: str) -> str:
    """furo's sidebar HTML (checkboxes, labels, classes) from Sphinx's toctree HTML."""
    from furo.navigation import get_navigation_tree

    return get_navigation_tree(toctree_html)


def assumptions() -> list[str]:
    import furo
    import furo.navigation

    problems = []
    compute = getattr(furo, "_compute_navigation_tree", None)
    source = inspect.getsource(compute) if compute else ""
    if 'if "toctree" in context' not in source:
        problems.append("furo._compute_navigation_tree no longer skips a context without toctree")
    for name, value in TOCTREE_ARGS.items():
        if f"{name}={value}" not in source:
            problems.append(f"furo's sidebar toctree() is no longer called with {name}={value}")
    handler = inspect.getsource(getattr(furo, "_html_page_context", lambda: None))
    if f'context["{NAVIGATION_VARIABLE}"]' not in handler:
        problems.append(f"furo's html-page-context handler no longer sets {NAVIGATION_VARIABLE}")
    if not callable(getattr(furo.navigation, "get_navigation_tree", None)):
        problems.append("furo.navigation.get_navigation_tree is gone")
    elif NAVIGATION_TOGGLE not in inspect.getsource(furo.navigation):
        problems.append(f"furo.navigation no longer writes aria-label {NAVIGATION_TOGGLE!r}…")
    templates = Path(furo.__file__).parent / "theme" / "furo"
    base = (templates / "base.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", base, flags=re.S)
    hashes = [base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts]
    if hashes != [THEME_SCRIPT_SHA256]:
        problems.append("furo's base.html no longer has exactly the one inline script allowed")
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(templates.rglob("*.html")))
    problems += [
        f'furo\'s templates no longer say aria-label="{label}"'
        for label in HARDCODED_ARIA_LABELS
        if f'aria-label="{label}"' not in text
    ]
    problems += [
        f"furo's templates no longer have <title>{title}</title>"
        for title in HARDCODED_SVG_TITLES
        if f"<title>{title}</title>" not in text
    ]
    return problems

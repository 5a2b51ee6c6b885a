"""Sphinx configuration for "Sådan gør vi i OS2-fællesskabet og OS2-sekretariatet".

Configuration only: the logic lives in the local extension ``os2_handbook``.
The sources are in ``source/``; build with ``nox -s docs`` (see README.md).
"""

import sys
from pathlib import Path

# The local extension and metadata helpers live next to this file.
ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from os2_handbook.metadata import read_edition  # noqa: E402

# -- Project information ------------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#project-information

EDITION = read_edition()

project = "Sådan gør vi i OS2-fællesskabet og OS2-sekretariatet – en håndbog"
author = "OS2"
version = release = EDITION.version

# -- General configuration ----------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#general-configuration

extensions = [
    # Third-party
    "myst_parser",
    "sphinx_design",
    # This project's own
    "os2_handbook.sphinxext",
    "os2_handbook.theme",
]

language = "da"
# Danish for furo's and Sphinx's interface text (furo ships no translations).
# Sphinx compiles locale/da/LC_MESSAGES/sphinx.po to .mo at build time. The
# path is absolute: Sphinx reads locale_dirs relative to source/, not conf.py.
locale_dirs = [str(ROOT / "locale")]
root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = []
nitpicky = True  # an unresolvable reference is a warning, and warnings fail the build

# -- MyST ---------------------------------------------------------------------
# https://myst-parser.readthedocs.io/en/latest/configuration.html

myst_enable_extensions = [
    "attrs_block",  # {#id} before a heading keeps the old site's anchor
    "colon_fence",  # ::: fences for directives, readable in plain Markdown
    "linkify",  # bare https:// URLs become links
    "substitution",  # {{ version_badge }} on the front page
]
# Bare file names in prose (conf.py, index.md) must not become links.
myst_linkify_fuzzy_links = False
# Headings get slugs, which lets MyST resolve docs/x.md#id to a section id.
myst_heading_anchors = 3
myst_substitutions = {
    "version_badge": f"{{bdg-success-line}}`{EDITION.label}`",
}

# -- Options for HTML output --------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#options-for-html-output

html_theme = "furo"
html_title = "OS2-håndbogen"
html_static_path = ["_static"]
html_css_files = ["os2.css"]
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_search_language = "da"  # Danish stemming: "fællesskabet" finds "fællesskab"
html_show_copyright = False  # the handbook makes no copyright claim: no empty "©" line

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
]

language = "da"
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
html_search_language = "da"

# -- Options for LaTeX output (the PDF edition) --------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#options-for-latex-output
# Build with `nox -s pdf`; os2_handbook/pdf.py runs LuaLaTeX and checks its log.

# LuaLaTeX: Unicode input and OpenType fonts, and luaotfload can fall back to a
# second font for the emoji that the text font lacks.
latex_engine = "lualatex"
latex_documents = [
    # (start document, LaTeX file, title, author, document class)
    (root_doc, "os2-haandbog.tex", project, author, "manual"),
]
# The title page's date: the release month, never the build day.
today = EDITION.released_text
latex_show_urls = "footnote"  # on paper a link's address must stay readable
latex_domain_indices = False  # no code objects, so no domain indices
latex_use_xindy = False  # no index at all (see printindex below)
latex_additional_files = ["os2_handbook/latex/os2-haandbog.sty"]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # One-sided, chapters start on the next page: a PDF read on screen or
    # printed single-sided gets no blank pages between the short chapters.
    "extraclassoptions": "oneside,openany",
    # fancyhdr needs 14pt for the running head in 11pt type.
    "geometry": r"\usepackage[headheight=14pt]{geometry}",
    # babel with Danish: hyphenation patterns, "Indhold", "Kapitel", dates.
    "polyglossia": "",
    "babel": r"\usepackage{babel}",
    "fontpkg": "",  # the fonts are chosen in os2-haandbog.sty
    "fncychap": "",  # chapter headings are styled in os2-haandbog.sty
    # Inline code here is short (file names): a break after its "/" would
    # leave the next punctuation mark alone at the start of a line.
    "sphinxsetup": "inlineliteralwraps=false",
    "preamble": "\n".join([
        r"\usepackage{os2-haandbog}",
        r"\hypersetup{",
        r"  pdfsubject={OS2-sekretariatets håndbog: vejledninger, rutiner og principper},",
        r"  pdfkeywords={OS2, håndbog, OS2-sekretariatet, open source, offentlig digitalisering},",
        r"  pdflang={da},",
        r"}",
    ]),
    "releasename": "Version",
    "maketitle": r"\handbookmaketitle",
    # The front page's intro and note follow the table of contents as a foreword.
    "tableofcontents": r"\sphinxtableofcontents\handbookforeword",
    "makeindex": "",
    "printindex": "",
}

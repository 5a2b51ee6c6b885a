"""Sphinx configuration for "Sådan gør vi i OS2-fællesskabet og OS2-sekretariatet".

Configuration only: the logic lives in ``os2_handbook.ext``. The sources are in
``source/``; build with ``nox -s docs`` (see README.md).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # the local package os2_handbook/

from os2_handbook.edition import read_edition  # noqa: E402
from os2_handbook.project import imported_css, imported_logo, read_site  # noqa: E402

# -- Project information ------------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#project-information

EDITION = read_edition()
SITE = read_site()  # pyproject.toml, else Read the Docs' environment, else unknown ("")

project = "Sådan gør vi i OS2-fællesskabet og OS2-sekretariatet – en håndbog"
author = "OS2"
version = release = EDITION.version

# -- General configuration ----------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#general-configuration

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_last_updated_by_git",  # "Sidst opdateret" from the git history
    "notfound.extension",  # the 404 page
    "sphinxext.opengraph",  # OpenGraph tags and a meta description on every page
    "os2_handbook.ext",  # this project's own, every part (os2_handbook/ext/__init__.py)
]
if SITE.canonical_url:  # a sitemap lists absolute addresses: only when they are known
    extensions.append("sphinx_sitemap")

language = "da"
# Danish for furo's and Sphinx's interface text (furo ships none): Sphinx compiles
# locale/da/LC_MESSAGES/sphinx.po at build time. Absolute: relative means to source/.
locale_dirs = [str(ROOT / "locale")]
root_doc = "index"
templates_path = ["_templates"]
nitpicky = True  # an unresolvable reference is a warning, and warnings fail the build

# -- MyST ---------------------------------------------------------------------
# https://myst-parser.readthedocs.io/en/latest/configuration.html

myst_enable_extensions = [
    "attrs_block",  # {#id} before a heading keeps the old site's anchor
    "colon_fence",  # ::: fences for directives, readable in plain Markdown
    "linkify",  # bare https:// URLs become links
    "substitution",  # {{ version_badge }} on the front page
    "tasklist",  # - [ ] task lists become checkboxes (imported pages have them)
]
myst_linkify_fuzzy_links = False  # bare file names (conf.py, index.md) stay text
myst_heading_anchors = 3  # slugs let MyST resolve docs/x.md#id to a section id
myst_substitutions = {
    # A link to the release when udgave.toml names one (udgivelseslink).
    "version_badge": (
        f"{{bdg-link-success-line}}`{EDITION.label} <{EDITION.release_url}>`"
        if EDITION.release_url
        else f"{{bdg-success-line}}`{EDITION.label}`"
    ),
}

# -- Options for HTML output --------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#options-for-html-output

html_theme = "furo"
html_title = "OS2-håndbogen"
html_static_path = ["_static"]
# The old site's logo and compiled custom Sass, when nox -s import brought them;
# the tab icon is that logo, else the handbook's own plain mark.
html_logo = imported_logo(ROOT)
html_favicon = html_logo or "_static/os2-favicon.svg"
html_css_files = ["os2.css", *imported_css(ROOT)]
html_last_updated_fmt = "%-d. %B %Y"  # "24. november 2025", the page's last git commit
html_show_copyright = False  # the handbook makes no copyright claim of its own
html_copy_source = False
html_show_sourcelink = False
html_search_language = "da"  # Danish stemming: "fællesskabet" finds "fællesskab"
html_baseurl = SITE.canonical_url  # <link rel="canonical"> on every page
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/pdf-download.html",  # "Hent som PDF"
        "sidebar/scroll-end.html",
    ]
}

# -- Licence and attribution ------------------------------------------------------
# os2_handbook/ext/publishing.py; REUSE.toml declares the same for source/, README.md
# ("Licens") explains it. The text is the secretariat's handbook, moved here and
# adapted: CC BY-SA 4.0 (ShareAlike) keeps it under the original's licence.

os2_text_creator = "OS2 og bidragydere"
os2_text_licence = "CC BY-SA 4.0"
os2_text_licence_url = "https://creativecommons.org/licenses/by-sa/4.0/"
os2_text_source = "https://github.com/OS2offdig/os2-sekretariat-docs"

# -- Options for the furo theme -------------------------------------------------
# https://pradyunsg.me/furo/customisation/

html_theme_options = {
    "announcement": SITE.preview_banner,  # on pull-request previews only
    # The theme's edit button is an unlabelled icon; page.html shows a labelled
    # "Foreslå en ændring" link instead (os2_edit_url_base below).
    "top_of_page_buttons": [],
}

# -- Options for the handbook's publishing extension ------------------------------
# os2_handbook/ext/publishing.py

os2_pdf_url = SITE.pdf_url  # on Read the Docs: the PDF of the version being read
os2_local_pdf = "_build/pdf/os2-haandbog.pdf"  # elsewhere: offered when it has been built
os2_edit_url_base = SITE.edit_url_base

# -- Options for sphinx-last-updated-by-git ---------------------------------------
# https://github.com/mgeier/sphinx-last-updated-by-git

# A shallow clone would give wrong dates: the build fails with "Git clone too
# shallow" instead. Read the Docs fetches the whole history (.readthedocs.yaml).
git_last_updated_timezone = "Europe/Copenhagen"

# -- Options for sphinx-notfound-page ---------------------------------------------
# https://sphinx-notfound-page.readthedocs.io/en/latest/configuration.html

# Links on the 404 page are absolute: from the site's root locally, from
# /<language>/<version>/ on Read the Docs.
notfound_urls_prefix = SITE.root_path
notfound_context = {
    "title": "Siden findes ikke",
    "body": (
        "<h1>Siden findes ikke</h1>"
        "<p>Siden, du leder efter, findes ikke – måske er den flyttet, eller "
        "adressen er skrevet forkert.</p>"
        f'<p>Gå til <a href="{SITE.root_path}">forsiden</a>, '
        "eller brug søgefeltet eller menuen.</p>"
    ),
}

# -- Options for sphinx-sitemap ----------------------------------------------------
# https://sphinx-sitemap.readthedocs.io/en/latest/advanced-configuration.html

site_url = SITE.canonical_url  # loaded only when it is known (see extensions)
sitemap_url_scheme = "{link}"  # the canonical URL already holds language and version
sitemap_excludes = ["404/"]

# -- Options for sphinxext-opengraph -----------------------------------------------
# https://sphinxext-opengraph.readthedocs.io/en/latest/

ogp_site_url = SITE.canonical_url  # "" gives relative og:url in local builds
ogp_site_name = html_title
# No generated preview images ("social cards"): matplotlib and numpy in every
# build for images that repeat what og:title and the description already give.
ogp_social_cards = {"enable": False}

# -- Options for the linkcheck builder ---------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#options-for-the-linkcheck-builder

# Sphinx's defaults hold too: 30 s per request, and an external link's #anchor must exist.
linkcheck_retries = 3  # a dropped connection is tried again before it counts as broken
linkcheck_rate_limit_timeout = 600.0  # honour 429 Retry-After for up to 10 minutes
# GitHub builds heading anchors in JavaScript: they are not in the HTML it serves.
linkcheck_anchors_ignore_for_url = [r"^https://github\.com/"]
# Links that are not checked: pattern -> why. An entry without a reason stops the
# build (os2_handbook/ext/publishing.py). None are needed yet.
os2_linkcheck_ignore: dict[str, str] = {}


# -- Options for the PDF edition ----------------------------------------------------
# `nox -s pdf`: os2_handbook/pdf/paper.py writes one HTML page, printing.py prints it.

# The title page's date: the release month, never the build day.
today = EDITION.released_text
os2_pdf_subject = "OS2-sekretariatets håndbog: vejledninger, rutiner og principper"
os2_pdf_keywords = [
    "OS2",
    "håndbog",
    "OS2-sekretariatet",
    "open source",
    "offentlig digitalisering",
]

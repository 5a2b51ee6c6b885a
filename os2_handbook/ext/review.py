"""Page owners and review dates in the build (the fields: os2_handbook/authoring/review.py).

It checks the front-matter fields while reading (a date that is not a date is a
warning naming file and line, so the strict build fails), shows owner and dates
next to "Sidst opdateret", puts an overdue notice at the top of a page whose date
has passed (and ``_static/os2-review.js`` shows the same notice when the date
passes after the build), and prints owner and dates under each chapter's title
in the PDF.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ConfigError
from sphinx.util import logging

from os2_handbook.authoring.review import PageReview, danish_date, parse_page, read_interval
from os2_handbook.ext.state import PageState
from os2_handbook.project import git

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class Reviews(PageState):
    """docname -> its PageReview (owner, dates, problems)."""

    name = "os2-reviews"
    label = "Sidernes gennemgang"


def _read_fields(app: Sphinx, docname: str, source: list[str]) -> None:
    env = app.env
    path = Path(env.doc2path(docname))
    shown = (
        path.relative_to(Path(app.confdir)).as_posix()
        if path.is_relative_to(app.confdir)
        else str(path)
    )
    page = parse_page(source[0], shown, env.os2_review_interval)
    for problem in page.problems:
        logger.warning(
            problem.message, location=(docname, problem.lineno), type="os2", subtype="review"
        )
    Reviews.of(env).pages[docname] = page


def _init(app: Sphinx) -> None:
    try:
        interval = read_interval(Path(app.confdir, "pyproject.toml"))
    except ValueError as error:
        raise ConfigError(str(error)) from None
    app.env.os2_review_interval = interval


def review_context(page: PageReview | None, today: datetime.date) -> dict[str, Any] | None:
    """What the templates (HTML) and the PDF show of a page's review."""
    if page is None or not page.shows_anything:
        return None
    due = page.due
    return {
        "owner": page.owner,
        "reviewed_text": danish_date(page.reviewed) if page.reviewed else "",
        "reviewed_iso": page.reviewed.isoformat() if page.reviewed else "",
        "due_text": danish_date(due) if due else "",
        "due_iso": due.isoformat() if due else "",
        "overdue": page.is_overdue(today),
    }


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["os2_review"] = review_context(
        Reviews.of(app.env).pages.get(pagename), datetime.date.today()
    )


def review_line(review: dict[str, Any]) -> str:
    """The one-line summary under a chapter title in the PDF."""
    parts = []
    if review["owner"]:
        parts.append(f"Ansvarlig: {review['owner']}")
    if review["reviewed_text"]:
        parts.append(f"Sidst gennemgået {review['reviewed_text']}")
        parts.append(f"Gennemgås igen senest {review['due_text']}")
    else:
        parts.append("Endnu ikke gennemgået")
    return " · ".join(parts)


def _add_to_print_edition(app: Sphinx, doctree: nodes.document) -> None:
    """Owner and dates under the page's title, in the PDF only."""
    review = review_context(Reviews.of(app.env).pages.get(app.env.docname), datetime.date.today())
    section = next(iter(doctree.findall(nodes.section)), None)
    if review is None or section is None:
        return
    line = nodes.paragraph(classes=["os2-review"])
    line += nodes.emphasis(text=review_line(review))
    if review["overdue"]:
        line += nodes.Text(" ")
        line += nodes.strong(text=f"Skulle have været gennemgået senest {review['due_text']}.")
    on_paper = addnodes.only(expr="pdf")  # the pdfhtml builder's tag (os2_handbook/pdf/paper.py)
    on_paper += line
    title = section.next_node(nodes.title)
    section.insert(section.index(title) + 1, on_paper)


def built_from(root: Path, environ: dict[str, str] | None = None) -> str:
    """ "Bygget fra commit 1a2b3c4 (1. oktober 2025)": the commit the build reads, or ""."""
    env = os.environ if environ is None else environ
    result = git(root, "log", "-1", "--format=%H %cI")
    if result.returncode or not result.stdout.strip():
        commit = env.get("READTHEDOCS_GIT_COMMIT_HASH", "").strip()
        return f"Bygget fra commit {commit[:7]}" if commit else ""
    commit, when = result.stdout.split()
    day = datetime.datetime.fromisoformat(when).date()
    return f"Bygget fra commit {commit[:7]} ({danish_date(day)})"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _init)
    app.connect("source-read", _read_fields)
    app.add_domain(Reviews)
    app.connect("doctree-read", _add_to_print_edition)
    app.connect("html-page-context", _page_context)
    app.add_js_file("os2-review.js", loading_method="defer")
    app.add_css_file("os2-review.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

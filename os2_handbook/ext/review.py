"""Page owners and review dates: who keeps a page true, and until when.

A page's MyST front matter names them (fields documented in CONTRIBUTING.md)::

    ---
    ansvarlig: Kommunikationsgruppen
    gennemgået: 2025-10-01
    gennemgangsinterval: 6
    ---

The interval (months) overrides pyproject.toml's ``review-interval-months``. The
build warns at the line of a wrong field, shows owner and dates next to "Sidst
opdateret", marks an overdue page (``_static/os2-review.js`` also when the date
passes after the build) and prints them under each chapter's title in the PDF.
``nox -s review`` lists the pages by urgency (os2_handbook/authoring/review.py).
"""

from __future__ import annotations

import calendar
import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from babel.dates import format_date
from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ConfigError
from sphinx.util import logging

from os2_handbook.ext.state import PageState
from os2_handbook.project import FRONT_MATTER, front_matter, git, settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

OWNER = "ansvarlig"
REVIEWED = "gennemgået"
INTERVAL = "gennemgangsinterval"

DEFAULT_INTERVAL_MONTHS = 12  # when pyproject.toml does not say
# Longer than any page needs (ten years), and short enough that a due date stays a date.
MAX_INTERVAL_MONTHS = 120
DUE_SOON_DAYS = 30
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Status codes, most urgent first, with the words the report uses.
STATUSES = {
    "invalid": "fejl i felterne",
    "overdue": "overskredet",
    "due-soon": f"forfalder inden for {DUE_SOON_DAYS} dage",
    "never-reviewed": "aldrig gennemgået",
    "no-owner": "ingen ansvarlig",
    "ok": "i orden",
}
URGENCY = {code: rank for rank, code in enumerate(STATUSES)}


def danish_date(day: datetime.date) -> str:
    """ "1. oktober 2025"."""
    return format_date(day, "d. MMMM y", locale="da")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month, months later (the month's last day if it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > datetime.MAXYEAR:  # only with a --today far ahead: "never", not a crash
        return datetime.date.max
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class FieldProblem:
    lineno: int
    message: str


@dataclass
class PageReview:
    """What one page's front matter says about its owner and review."""

    path: str  # as shown to maintainers: "source/docs/communication.md"
    title: str = ""
    owner: str = ""
    reviewed: datetime.date | None = None
    interval_months: int = DEFAULT_INTERVAL_MONTHS
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def due(self) -> datetime.date | None:
        return add_months(self.reviewed, self.interval_months) if self.reviewed else None

    def statuses(self, today: datetime.date) -> list[str]:
        """Every status that applies, most urgent first."""
        found = []
        if self.problems:
            found.append("invalid")
        if self.due is None:
            found.append("never-reviewed")
        elif today > self.due:
            found.append("overdue")
        elif (self.due - today).days <= DUE_SOON_DAYS:
            found.append("due-soon")
        if not self.owner:
            found.append("no-owner")
        return sorted(found, key=URGENCY.__getitem__) or ["ok"]


def read_interval(pyproject: Path) -> int:
    """``review-interval-months`` from pyproject.toml's [tool.os2-haandbog]."""
    value = settings(pyproject).get("review-interval-months", DEFAULT_INTERVAL_MONTHS)
    if type(value) is not int or not 1 <= value <= MAX_INTERVAL_MONTHS:  # bool is no number
        raise ValueError(
            f"{pyproject}: [tool.os2-haandbog] review-interval-months = {value!r} skal være "
            f"et helt antal måneder fra 1 til {MAX_INTERVAL_MONTHS}, fx 12"
        )
    return value


def first_heading(text: str) -> str:
    fence = ""
    for line in text.splitlines():
        if match := re.match(r"^(`{3,}|~{3,}|:{3,})", line):
            fence = "" if fence and line.startswith(fence) else fence or match[1]
        elif not fence and (heading := re.match(r"^#\s+(.+?)\s*#*\s*$", line)):
            return heading[1]
    return ""


UNCLOSED = (
    "felterne øverst på siden (front matter) begynder med --- men slutter aldrig, så "
    "resten af siden læses forkert. Skriv en linje med --- efter det sidste felt, fx "
    "»ansvarlig: Sekretariatet«."
)
NOT_YAML = (
    "felterne øverst på siden (front matter, mellem linjerne med ---) kan ikke læses. Skriv "
    "ét felt på hver linje som »navn: værdi«, og sæt en værdi med : # [ ] {{ }} i "
    'anførselstegn, fx »ansvarlig: "Team: IT"«.{detail}'
)


def parse_page(
    text: str, path: str, default_interval: int, today: datetime.date | None = None
) -> PageReview:
    """A page's owner and review fields, with a problem per field that is wrong."""
    text = text.removeprefix("\ufeff")  # a byte-order mark: Sphinx reads past it too
    page = PageReview(path=path, title=first_heading(text), interval_months=default_interval)
    match = FRONT_MATTER.match(text)
    if not match and re.match(r"---[ \t]*(?:\n|\Z)", text):
        page.problems.append(FieldProblem(1, UNCLOSED))
        return page
    if not match or not match["body"]:
        return page
    try:
        # BaseLoader keeps every value a string: the dates are checked here, in
        # Danish and with the field's line, rather than by YAML's own parser.
        data = yaml.load(match["body"], Loader=yaml.BaseLoader)
    except (yaml.YAMLError, RecursionError) as error:
        # Where the broken construct began (an unclosed [ or "), else where YAML gave up.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1  # the body starts at line 2
        bad = text.splitlines()[line - 1].strip() if line > 1 else ""
        detail = f" Linjen lyder: {bad!r}." if bad else ""
        page.problems.append(FieldProblem(line, NOT_YAML.format(detail=detail)))
        return page
    if not isinstance(data, dict):
        page.problems.append(FieldProblem(2, NOT_YAML.format(detail="")))
        return page
    lines = {key: line for key, (line, _) in front_matter(text).items()}

    def problem(key: str, message: str) -> None:
        page.problems.append(FieldProblem(lines.get(key, 1), message))

    if OWNER in data:
        owner = data[OWNER]
        if isinstance(owner, str) and owner.strip():
            page.owner = owner.strip()
        else:
            problem(OWNER, f"»{OWNER}« skal være et navn på en rolle eller et team, fx "
                           f"»{OWNER}: Sekretariatet«")  # fmt: skip
    if REVIEWED in data:
        value = data[REVIEWED]
        day = None
        if isinstance(value, str) and ISO_DATE.match(value.strip()):
            try:
                day = datetime.date.fromisoformat(value.strip())
            except ValueError:
                day = None
        if day is None:
            problem(REVIEWED, f"»{REVIEWED}: {value}« er ikke en dato. Skriv datoen for den "
                              "seneste gennemgang som ÅÅÅÅ-MM-DD, fx 2025-10-01")  # fmt: skip
        elif day > (today or datetime.date.today()):
            problem(REVIEWED, f"»{REVIEWED}: {value}« ligger i fremtiden. Skriv datoen for "
                              "den seneste gennemgang, som ÅÅÅÅ-MM-DD")  # fmt: skip
            day = None
        page.reviewed = day
    if INTERVAL in data:
        value = data[INTERVAL]
        if (
            isinstance(value, str)
            and re.fullmatch(r"[0-9]{1,4}", value.strip())
            and 0 < int(value) <= MAX_INTERVAL_MONTHS
        ):
            page.interval_months = int(value)
        else:
            problem(INTERVAL, f"»{INTERVAL}: {value}« skal være et helt antal måneder fra 1 "
                              f"til {MAX_INTERVAL_MONTHS}, fx »{INTERVAL}: 6«")  # fmt: skip
    return page


# -- Sphinx ----------------------------------------------------------------------


class Reviews(PageState):
    """docname -> its PageReview (owner, dates, problems)."""

    name = "os2-reviews"
    label = "Sidernes gennemgang"


def _read_fields(app: Sphinx, docname: str, source: list[str]) -> None:
    env = app.env
    path = Path(env.doc2path(docname))
    shown = path.relative_to(app.confdir).as_posix() if path.is_relative_to(app.confdir) else path
    page = parse_page(source[0], str(shown), env.os2_review_interval)
    for problem in page.problems:
        location = (docname, problem.lineno)
        logger.warning(problem.message, location=location, type="os2", subtype="review")
    Reviews.of(env).pages[docname] = page


def _init(app: Sphinx) -> None:
    try:
        interval = read_interval(Path(app.confdir, "pyproject.toml"))
    except ValueError as error:
        raise ConfigError(str(error)) from None
    app.env.os2_review_interval = interval


def review_context(page: PageReview | None, today: datetime.date) -> dict[str, Any] | None:
    """What the templates (HTML) and the PDF show of a page's review."""
    if page is None or not (page.owner or page.reviewed):
        return None
    due = page.due
    return {
        "owner": page.owner,
        "reviewed_text": danish_date(page.reviewed) if page.reviewed else "",
        "reviewed_iso": page.reviewed.isoformat() if page.reviewed else "",
        "due_text": danish_date(due) if due else "",
        "due_iso": due.isoformat() if due else "",
        "overdue": due is not None and today > due,
    }


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["os2_review"] = review_context(
        Reviews.of(app.env).pages.get(pagename), datetime.date.today()
    )


def _add_to_print_edition(app: Sphinx, doctree: nodes.document) -> None:
    """Owner and dates under the page's title, in the PDF only."""
    review = review_context(Reviews.of(app.env).pages.get(app.env.docname), datetime.date.today())
    section = next(iter(doctree.findall(nodes.section)), None)
    if review is None or section is None:
        return
    parts = [f"Ansvarlig: {review['owner']}"] if review["owner"] else []
    if review["reviewed_text"]:
        parts.append(f"Sidst gennemgået {review['reviewed_text']}")
        parts.append(f"Gennemgås igen senest {review['due_text']}")
    else:
        parts.append("Endnu ikke gennemgået")
    line = nodes.paragraph(classes=["os2-review"])
    line += nodes.emphasis(text=" · ".join(parts))
    if review["overdue"]:
        line += nodes.Text(" ")
        line += nodes.strong(text=f"Skulle have været gennemgået senest {review['due_text']}.")
    on_paper = addnodes.only(expr="pdf")  # the pdfhtml builder's tag (os2_handbook/pdf/paper.py)
    on_paper += line
    title = section.next_node(nodes.title)
    section.insert(section.index(title) + 1, on_paper)


def built_from(root: Path) -> str:
    """ "Bygget fra commit 1a2b3c4 (1. oktober 2025)": the commit the build reads, or ""."""
    result = git(root, "log", "-1", "--format=%H %cI")
    if result.returncode or not result.stdout.strip():
        commit = os.environ.get("READTHEDOCS_GIT_COMMIT_HASH", "").strip()
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

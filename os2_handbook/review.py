"""Page owners and review dates: who keeps a page true, and until when.

A page names its owner and its last review in its MyST front matter::

    ---
    ansvarlig: Kommunikationsgruppen
    gennemgået: 2025-10-01
    gennemgangsinterval: 6
    ---

``gennemgangsinterval`` (months) overrides ``review-interval-months`` in
pyproject.toml's ``[tool.os2-haandbog]``. The page is due for review that many
months after ``gennemgået``.

The Sphinx part checks the fields while reading (a date that is not a date is a
warning naming file and line, so the strict build fails), shows owner and dates
next to "Sidst opdateret", puts an overdue notice at the top of a page whose date
has passed (and ``_static/os2-review.js`` shows the same notice when the date
passes after the build), and prints owner and dates under each chapter's title
in the PDF.

``python -m os2_handbook.review`` (``nox -s review``) lists every page by
urgency, also as CSV, JSON and Markdown under _build/review/, and reminds the
maintainers of settings that are missing. It informs; it always exits 0.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime
import io
import json
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from babel.dates import format_date
from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ConfigError
from sphinx.util import logging

from os2_handbook import lix, readability

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

ROOT = Path(__file__).resolve().parent.parent
logger = logging.getLogger(__name__)

# The front-matter fields (documented in CONTRIBUTING.md).
OWNER = "ansvarlig"
REVIEWED = "gennemgået"
INTERVAL = "gennemgangsinterval"
FIELDS = (OWNER, REVIEWED, INTERVAL)

DEFAULT_INTERVAL_MONTHS = 12  # when pyproject.toml does not say
# Longer than any page needs (ten years), and short enough that a due date stays a date.
MAX_INTERVAL_MONTHS = 120
DUE_SOON_DAYS = 30
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)?---[ \t]*(?:\n|\Z)", re.S)

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

    @property
    def shows_anything(self) -> bool:
        return bool(self.owner or self.reviewed)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due is not None and today > self.due

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
    table = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["os2-haandbog"]
    value = table.get("review-interval-months", DEFAULT_INTERVAL_MONTHS)
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 1 <= value <= MAX_INTERVAL_MONTHS
    ):
        raise ValueError(
            f"{pyproject}: [tool.os2-haandbog] review-interval-months = {value!r} skal være "
            f"et helt antal måneder fra 1 til {MAX_INTERVAL_MONTHS}, fx 12"
        )
    return value


def _key_lines(front_matter: str) -> dict[str, int]:
    """The line (counted from the file's first line, "---") of each top-level key."""
    lines = {}
    for number, line in enumerate(front_matter.splitlines(), start=2):
        if match := re.match(r"^([^\s#:][^:]*?)\s*:", line):
            lines.setdefault(match[1].strip("'\""), number)
    return lines


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
    lines = _key_lines(match["body"])

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


# -- The report (nox -s review) ---------------------------------------------------


# Pages whose body the build writes (the pending sections, the latest
# changes): there is nothing on them for an owner to review.
GENERATED = re.compile(r"^(?::{3,}|`{3,})\{(?:recent-changes|pending-list)\}", re.M)


def read_pages(
    source: Path, root: Path, default_interval: int, today: datetime.date | None = None
) -> list[PageReview]:
    pages = []
    for path in sorted(source.rglob("*.md")):
        shown = path.relative_to(root).as_posix()
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")  # as Sphinx reads it: past a byte-order mark
        except UnicodeDecodeError as error:
            page = PageReview(path=shown, interval_months=default_interval)
            page.problems.append(FieldProblem(*not_utf8(data, error)))
            pages.append(page)
            continue
        if GENERATED.search(text):
            continue
        pages.append(parse_page(text, shown, default_interval, today))
    return pages


def not_utf8(data: bytes, error: UnicodeDecodeError) -> tuple[int, str]:
    """The line of a file's first byte that is not UTF-8, and what to do (in Danish)."""
    line = data.count(b"\n", 0, error.start) + 1
    text = data.splitlines()[line - 1].decode("cp1252", errors="replace").strip()
    return line, (
        "filen er ikke gemt som UTF-8 (måske Windows-1252 eller Latin-1). "
        f"Linjen lyder: {text!r}. Gem filen igen med tegnsættet UTF-8."
    )


def by_urgency(pages: list[PageReview], today: datetime.date) -> list[PageReview]:
    def key(page: PageReview) -> tuple:
        due = page.due or datetime.date.max
        return (URGENCY[page.statuses(today)[0]], due, page.path)

    return sorted(pages, key=key)


def report_rows(pages: list[PageReview], today: datetime.date) -> list[dict[str, Any]]:
    rows = []
    for page in by_urgency(pages, today):
        codes = page.statuses(today)
        rows.append({
            "status": codes[0],
            "statuses": codes,
            "status_text": ", ".join(STATUSES[code] for code in codes),
            "path": page.path,
            "title": page.title,
            "owner": page.owner,
            "reviewed": page.reviewed.isoformat() if page.reviewed else "",
            "due": page.due.isoformat() if page.due else "",
            "problems": [f"{page.path}:{p.lineno}: {p.message}" for p in page.problems],
        })  # fmt: skip
    return rows


def reminders(root: Path) -> list[str]:
    """Settings in pyproject.toml that readers miss while they are unset."""
    table = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    settings = table["os2-haandbog"]
    found = []
    if not str(settings.get("accessibility-statement", "")).strip():
        found.append(
            "Håndbogen linker ikke til en tilgængelighedserklæring: skriv dens adresse i "
            "pyproject.toml under [tool.os2-haandbog] accessibility-statement."
        )
    if not str(settings.get("repository", "")).strip():
        found.append(
            "Siderne har intet »Rapportér et problem«-link uden for Read the Docs: skriv "
            "repositoriets adresse i pyproject.toml under [tool.os2-haandbog] repository."
        )
    return found


def markdown_report(rows: list[dict[str, Any]], today: datetime.date, notes: list[str]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|") or "–"

    def day(iso: str) -> str:
        return danish_date(datetime.date.fromisoformat(iso)) if iso else "–"

    out = io.StringIO()
    out.write(f"## Gennemgang af håndbogens sider ({danish_date(today)})\n\n")
    out.write("| Status | Side | Ansvarlig | Sidst gennemgået | Gennemgås senest | LIX |\n")
    out.write("| --- | --- | --- | --- | --- | --- |\n")
    for row in rows:
        page = f"{row['title']} (`{row['path']}`)" if row["title"] else f"`{row['path']}`"
        out.write(
            f"| {row['status_text']} | {cell(page)} | {cell(row['owner'])} "
            f"| {day(row['reviewed'])} | {day(row['due'])} "
            f"| {lix.danish(row['lix']) if row.get('lix') else '–'} |\n"
        )
    counts: dict[str, int] = {}
    for row in rows:
        for code in row["statuses"]:
            counts[code] = counts.get(code, 0) + 1
    summary = ", ".join(f"{STATUSES[code]}: {counts[code]}" for code in STATUSES if code in counts)
    out.write(f"\n{len(rows)} sider. {summary}.\n")
    out.write(f"\n{lix.distribution(r['lix'] for r in rows if r.get('lix') is not None)}\n")
    problems = [problem for row in rows for problem in row["problems"]]
    if problems:
        out.write("\nFelter, der skal rettes (nox -s docs stopper på dem):\n\n")
        out.writelines(f"- {problem}\n" for problem in problems)
    if notes:
        out.write("\nPåmindelser:\n\n")
        out.writelines(f"- {note}\n" for note in notes)
    return out.getvalue()


CSV_COLUMNS = ("status", "path", "title", "owner", "reviewed", "due", "lix")


def write_reports(rows: list[dict[str, Any]], markdown: str, outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "review.md").write_text(markdown, encoding="utf-8")
    (outdir / "review.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    with (outdir / "review.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow(
                [" ".join(row["statuses"]) if key == "status" else row[key] for key in CSV_COLUMNS]
            )


def _iso_day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} er ikke en dato; skriv fx 2025-10-01") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m os2_handbook.review")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this one)")
    parser.add_argument("--today", type=_iso_day, default=None, help="dagens dato, ÅÅÅÅ-MM-DD")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    today = args.today or datetime.date.today()
    notes = reminders(root)
    try:
        interval = read_interval(root / "pyproject.toml")
    except ValueError as error:  # the build stops on it; the list goes on with the default
        notes.insert(0, f"{error}. Listen bruger {DEFAULT_INTERVAL_MONTHS} måneder indtil da.")
        interval = DEFAULT_INTERVAL_MONTHS
    pages = read_pages(root / "source", root, interval, today)
    rows = report_rows(pages, today)
    from os2_handbook.lint import _myst_parser  # MyST's parser, as the lint gates use it

    md = _myst_parser(root)  # LIX of each page's prose (os2_handbook/readability.py)
    for row in rows:
        row["lix"] = getattr(readability.page_lix(md, root / row["path"]), "value", None)
    markdown = markdown_report(rows, today, notes)
    outdir = root / "_build" / "review"
    write_reports(rows, markdown, outdir)
    sys.stdout.write(markdown)
    sys.stdout.write(f"\nSkrevet til {outdir}/review.csv, review.json og review.md\n")
    return 0  # it informs; it never fails a run


# -- Sphinx ---------------------------------------------------------------------------


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
    env.os2_reviews[docname] = page


def _init(app: Sphinx) -> None:
    try:
        interval = read_interval(Path(app.confdir, "pyproject.toml"))
    except ValueError as error:
        raise ConfigError(str(error)) from None
    app.env.os2_review_interval = interval
    if not hasattr(app.env, "os2_reviews"):
        app.env.os2_reviews = {}


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.os2_reviews.pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    env.os2_reviews.update({d: r for d, r in other.os2_reviews.items() if d in docnames})


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
    context["os2_review"] = review_context(app.env.os2_reviews.get(pagename), datetime.date.today())


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
    review = review_context(app.env.os2_reviews.get(app.env.docname), datetime.date.today())
    section = next(iter(doctree.findall(nodes.section)), None)
    if review is None or section is None:
        return
    line = nodes.paragraph(classes=["os2-review"])
    line += nodes.emphasis(text=review_line(review))
    if review["overdue"]:
        line += nodes.Text(" ")
        line += nodes.strong(text=f"Skulle have været gennemgået senest {review['due_text']}.")
    on_paper = addnodes.only(expr="pdf")  # the pdfhtml builder's tag (os2_handbook/paper.py)
    on_paper += line
    title = section.next_node(nodes.title)
    section.insert(section.index(title) + 1, on_paper)


def built_from(root: Path, environ: dict[str, str] | None = None) -> str:
    """ "Bygget fra commit 1a2b3c4 (1. oktober 2025)": the commit the build reads, or ""."""
    env = os.environ if environ is None else environ
    result = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%H %cI"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode or not result.stdout.strip():
        commit = env.get("READTHEDOCS_GIT_COMMIT_HASH", "").strip()
        return f"Bygget fra commit {commit[:7]}" if commit else ""
    commit, when = result.stdout.split()
    day = datetime.datetime.fromisoformat(when).date()
    return f"Bygget fra commit {commit[:7]} ({danish_date(day)})"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _init)
    app.connect("source-read", _read_fields)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-read", _add_to_print_edition)
    app.connect("html-page-context", _page_context)
    app.add_js_file("os2-review.js", loading_method="defer")
    app.add_css_file("os2-review.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    sys.exit(main())

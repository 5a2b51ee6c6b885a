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

The build checks the fields and shows them (os2_handbook/ext/review.py).

``python -m os2_handbook.authoring.review`` (``nox -s review``) lists every page by
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
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date

from os2_handbook.project import ROOT, settings

# The front-matter fields (documented in CONTRIBUTING.md).
OWNER = "ansvarlig"
REVIEWED = "gennemgået"
INTERVAL = "gennemgangsinterval"
FIELDS = (OWNER, REVIEWED, INTERVAL)

DEFAULT_INTERVAL_MONTHS = 12  # when pyproject.toml does not say
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
    value = settings(pyproject).get("review-interval-months", DEFAULT_INTERVAL_MONTHS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"{pyproject}: [tool.os2-haandbog] review-interval-months = {value!r} skal være "
            "et helt antal måneder, fx 12"
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


def parse_page(text: str, path: str, default_interval: int) -> PageReview:
    """A page's owner and review fields, with a problem per field that is wrong."""
    page = PageReview(path=path, title=first_heading(text), interval_months=default_interval)
    match = FRONT_MATTER.match(text)
    if not match or not match["body"]:
        return page
    try:
        # BaseLoader keeps every value a string: the dates are checked here, in
        # Danish and with the field's line, rather than by YAML's own parser.
        data = yaml.load(match["body"], Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return page  # MyST reports malformed YAML itself, with the line
    if not isinstance(data, dict):
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
        page.reviewed = day
    if INTERVAL in data:
        value = data[INTERVAL]
        if isinstance(value, str) and value.strip().isdigit() and int(value) > 0:
            page.interval_months = int(value)
        else:
            problem(INTERVAL, f"»{INTERVAL}: {value}« skal være et helt antal måneder, "
                              f"fx »{INTERVAL}: 6«")  # fmt: skip
    return page


# -- The report (nox -s review) ---------------------------------------------------


# Pages whose body the build writes (the pending sections, the latest
# changes): there is nothing on them for an owner to review.
GENERATED = re.compile(r"^(?::{3,}|`{3,})\{(?:recent-changes|pending-list)\}", re.M)


def read_pages(source: Path, root: Path, default_interval: int) -> list[PageReview]:
    pages = []
    for path in sorted(source.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if GENERATED.search(text):
            continue
        pages.append(parse_page(text, path.relative_to(root).as_posix(), default_interval))
    return pages


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
    table = settings(root / "pyproject.toml")
    found = []
    if not str(table.get("accessibility-statement", "")).strip():
        found.append(
            "Håndbogen linker ikke til en tilgængelighedserklæring: skriv dens adresse i "
            "pyproject.toml under [tool.os2-haandbog] accessibility-statement."
        )
    if not str(table.get("repository", "")).strip():
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
    out.write("| Status | Side | Ansvarlig | Sidst gennemgået | Gennemgås senest |\n")
    out.write("| --- | --- | --- | --- | --- |\n")
    for row in rows:
        page = f"{row['title']} (`{row['path']}`)" if row["title"] else f"`{row['path']}`"
        out.write(
            f"| {row['status_text']} | {cell(page)} | {cell(row['owner'])} "
            f"| {day(row['reviewed'])} | {day(row['due'])} |\n"
        )
    counts: dict[str, int] = {}
    for row in rows:
        for code in row["statuses"]:
            counts[code] = counts.get(code, 0) + 1
    summary = ", ".join(f"{STATUSES[code]}: {counts[code]}" for code in STATUSES if code in counts)
    out.write(f"\n{len(rows)} sider. {summary}.\n")
    problems = [problem for row in rows for problem in row["problems"]]
    if problems:
        out.write("\nFelter, der skal rettes (nox -s docs stopper på dem):\n\n")
        out.writelines(f"- {problem}\n" for problem in problems)
    if notes:
        out.write("\nPåmindelser:\n\n")
        out.writelines(f"- {note}\n" for note in notes)
    return out.getvalue()


CSV_COLUMNS = ("status", "path", "title", "owner", "reviewed", "due")


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m os2_handbook.authoring.review")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this one)")
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    today = args.today or datetime.date.today()
    pages = read_pages(root / "source", root, read_interval(root / "pyproject.toml"))
    rows = report_rows(pages, today)
    markdown = markdown_report(rows, today, reminders(root))
    outdir = root / "_build" / "review"
    write_reports(rows, markdown, outdir)
    sys.stdout.write(markdown)
    sys.stdout.write(f"\nSkrevet til {outdir}/review.csv, review.json og review.md\n")
    return 0  # it informs; it never fails a run


if __name__ == "__main__":
    sys.exit(main())

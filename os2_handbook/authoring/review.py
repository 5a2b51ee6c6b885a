"""``python -m os2_handbook.authoring.review`` (``nox -s review``): the review report.

It lists every page by urgency of its review (the fields and their rules:
os2_handbook/ext/review.py), also as CSV, JSON and Markdown under
_build/review/, and reminds the maintainers of settings that are missing. It
informs; it always exits 0.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from os2_handbook.authoring import readability
from os2_handbook.ext.mojibake import not_utf8
from os2_handbook.ext.review import (
    DEFAULT_INTERVAL_MONTHS,
    STATUSES,
    URGENCY,
    FieldProblem,
    PageReview,
    danish_date,
    parse_page,
    read_interval,
)
from os2_handbook.project import ROOT, settings

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


def report_rows(pages: list[PageReview], today: datetime.date) -> list[dict[str, Any]]:
    """One row per page, the most urgent first."""
    rows = []
    for page in sorted(pages, key=lambda page: (
        URGENCY[page.statuses(today)[0]], page.due or datetime.date.max, page.path
    )):  # fmt: skip
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


# Settings in pyproject.toml's [tool.os2-haandbog] that readers miss while they are unset.
REMINDERS = {
    "accessibility-statement": "Håndbogen linker ikke til en tilgængelighedserklæring: "
    "skriv dens adresse i",
    "repository": "Siderne har intet »Rapportér et problem«-link uden for Read the Docs: "
    "skriv repositoriets adresse i",
}


def reminders(root: Path) -> list[str]:
    table = settings(root / "pyproject.toml")
    return [
        f"{missing} pyproject.toml under [tool.os2-haandbog] {key}."
        for key, missing in REMINDERS.items()
        if not str(table.get(key, "")).strip()
    ]


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
            f"| {readability.danish(row['lix']) if row.get('lix') else '–'} |\n"
        )
    counts = Counter(code for row in rows for code in row["statuses"])
    summary = ", ".join(f"{STATUSES[code]}: {counts[code]}" for code in STATUSES if code in counts)
    out.write(f"\n{len(rows)} sider. {summary}.\n")
    out.write(f"\n{readability.distribution(r['lix'] for r in rows if r.get('lix') is not None)}\n")
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
        csv.writer(stream).writerows([CSV_COLUMNS] + [
            [" ".join(row["statuses"]), *(row[key] for key in CSV_COLUMNS[1:])] for row in rows
        ])  # fmt: skip


def _iso_day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} er ikke en dato; skriv fx 2025-10-01") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m os2_handbook.authoring.review")
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
    for row in rows:  # LIX of each page's prose (os2_handbook/authoring/readability.py)
        score = readability.page_lix(readability.myst_parser(root), root / row["path"])
        row["lix"] = score.value if score else None
    markdown = markdown_report(rows, today, notes)
    outdir = root / "_build" / "review"
    write_reports(rows, markdown, outdir)
    sys.stdout.write(markdown)
    sys.stdout.write(f"\nSkrevet til {outdir}/review.csv, review.json og review.md\n")
    return 0  # it informs; it never fails a run


if __name__ == "__main__":
    sys.exit(main())

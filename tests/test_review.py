"""Page owners and review dates: the fields, what pages show, `nox -s review`,
and the overdue notice in a browser whose clock has moved on."""

from __future__ import annotations

import csv
import datetime
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from conftest import (
    FICTIONAL_OWNER,
    TODAY,
    Build,
    edit_file,
    front_matter,
    review_fixture,
)
from os2_handbook.build import BUILD
from os2_handbook.ext.review import add_months, danish_date, parse_page
from support import copies

SCREENSHOTS = BUILD / "screenshots"


# -- The fields -------------------------------------------------------------------------


def test_fields_are_read_from_front_matter() -> None:
    text = "---\nansvarlig: Et team\ngennemgået: 2025-02-28\ngennemgangsinterval: 6\n---\n# T\n"
    page = parse_page(text, "source/x.md", 12)
    assert (page.owner, page.reviewed, page.due) == (
        "Et team",
        datetime.date(2025, 2, 28),
        datetime.date(2025, 8, 28),
    )
    assert page.problems == []
    # Missing fields: the default interval, and nothing made up.
    page = parse_page("# T\n", "source/x.md", 12)
    assert (page.owner, page.reviewed, page.due, page.problems) == ("", None, None, [])
    assert page.statuses(TODAY) == ["never-reviewed", "no-owner"]


def test_default_interval_comes_from_pyproject(tmp_path: Path) -> None:
    from os2_handbook.ext.review import read_interval

    assert read_interval(copies.ROOT / "pyproject.toml") == 12
    broken = tmp_path / "pyproject.toml"
    text = (copies.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    broken.write_text(text.replace("review-interval-months = 12", "review-interval-months = 0"))
    with pytest.raises(
        ValueError, match=r"pyproject\.toml: \[tool\.os2-haandbog\] review-interval"
    ):
        read_interval(broken)


def test_months_are_added_to_the_last_day_of_a_short_month() -> None:
    assert add_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("gennemgået: 2025-13-01", r"»gennemgået: 2025-13-01« er ikke en dato\. Skriv"),
        ("gennemgået: 1. oktober 2025", r"»gennemgået: 1\. oktober 2025« er ikke en dato"),
        ("gennemgangsinterval: seks", r"»gennemgangsinterval: seks« skal være et helt antal"),
    ],
    ids=["month-13", "words", "interval"],
)
def test_malformed_field_fails_the_build_with_file_and_line(
    broken_build, line: str, message: str
) -> None:
    build = broken_build(
        "source/docs/communication.md",
        lambda text: f"---\nansvarlig: {FICTIONAL_OWNER}\n{line}\n---\n\n{text}",
    )
    assert build.returncode != 0
    assert re.search(rf"source/docs/communication\.md:3: WARNING: {message}", build.output), (
        build.output[-3000:]
    )


def test_twin_valid_fields_build_cleanly(review_build: Build) -> None:
    assert "WARNING" not in review_build.output


# -- What a page shows ----------------------------------------------------------------------


def test_owner_and_dates_next_to_last_updated(review_build: Build) -> None:
    info = review_build.html("docs/welcome_and_purpose").select_one(".os2-page-info")
    assert info.select_one(".os2-last-updated").get_text(strip=True).startswith("Sidst opdateret")
    line = info.select_one(".os2-review").get_text(" ", strip=True)
    reviewed = add_months(TODAY, -1)
    assert line == (
        f"Ansvarlig: {FICTIONAL_OWNER} Sidst gennemgået {danish_date(reviewed)} . "
        f"Gennemgås igen senest {danish_date(add_months(reviewed, 12))} ."
    )
    # Not due yet: the notice is there for the browser, hidden.
    notice = review_build.html("docs/welcome_and_purpose").select_one(".os2-review-overdue")
    assert notice.has_attr("hidden")
    assert notice["data-os2-due"] == add_months(reviewed, 12).isoformat()


def test_twin_a_page_without_fields_shows_no_review(review_build: Build) -> None:
    soup = review_build.html("docs/practical_information")
    assert soup.select_one(".os2-review") is None
    assert soup.select_one(".os2-review-overdue") is None


def test_a_page_never_reviewed_says_so(review_build: Build) -> None:
    line = review_build.html("docs/organisation_and_roles").select_one(".os2-review")
    assert line.get_text(" ", strip=True) == f"Ansvarlig: {FICTIONAL_OWNER} Endnu ikke gennemgået."


def test_overdue_page_says_so_in_words(review_build: Build) -> None:
    soup = review_build.html("docs/communication")
    notice = soup.select_one(".os2-review-overdue")
    assert not notice.has_attr("hidden")
    assert notice.get_text(" ", strip=True) == (
        "Bemærk: Denne side skulle have været gennemgået senest 15. januar 2021. "
        "Indholdet kan være forældet."
    )
    # At the top of the page, before the title.
    assert notice.find_next("h1") is soup.find("h1")


# -- nox -s review -----------------------------------------------------------------------


def run_review(root: Path, today: datetime.date) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "os2_handbook.authoring.review", "--root", str(root),
         "--today", today.isoformat()],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_review_lists_every_status_by_urgency(tmp_path: Path) -> None:
    root = copies.copy_project(tmp_path / "project")
    expected = review_fixture(root, TODAY)
    edit_file(root, "source/bidrag.md", front_matter(gennemgået="i går"))
    result = run_review(root, TODAY)
    assert result.returncode == 0, result.stderr  # it informs, never gates
    rows = json.loads((root / "_build/review/review.json").read_text(encoding="utf-8"))
    status = {row["path"]: row["status"] for row in rows}
    for docname, code in expected.items():
        assert status[f"source/{docname}.md"] == code
    assert status["source/bidrag.md"] == "invalid"
    order = [row["status"] for row in rows]
    assert order[:5] == ["invalid", "overdue", "due-soon", "never-reviewed", "never-reviewed"]
    assert order.index("ok") == len(order) - 1  # all the rest have no owner or review
    # The same table on screen, as CSV and as Markdown for the job summary.
    assert "| overskredet | Kommunikation og tone (`source/docs/communication.md`)" in result.stdout
    assert "source/bidrag.md:2: »gennemgået: i går« er ikke en dato" in result.stdout
    with (root / "_build/review/review.csv").open(encoding="utf-8") as stream:
        table = list(csv.DictReader(stream))
    assert [row["path"] for row in table] == [row["path"] for row in rows]
    assert (root / "_build/review/review.md").read_text(encoding="utf-8") in result.stdout
    # A repository and a statement are set: no reminders.
    assert "Påmindelser" not in result.stdout


def test_twin_review_of_the_real_handbook_lists_pages_without_owner(tmp_path: Path) -> None:
    root = copies.copy_project(tmp_path / "project")
    result = run_review(root, TODAY)
    assert result.returncode == 0
    rows = json.loads((root / "_build/review/review.json").read_text(encoding="utf-8"))
    pages = sorted(path.relative_to(root).as_posix() for path in (root / "source").rglob("*.md"))
    generated = {"source/aendringer.md", "source/mangler.md"}  # the build writes their lists
    assert sorted(row["path"] for row in rows) == [page for page in pages if page not in generated]
    assert {row["status"] for row in rows} <= {"never-reviewed", "invalid", "overdue", "ok"}
    assert all("no-owner" in row["statuses"] for row in rows if not row["owner"]), rows
    assert "tilgængelighedserklæring" in result.stdout.lower()
    assert "Påmindelser" in result.stdout


# -- The browser: the notice follows the clock -------------------------------------------------

pytest_browser = pytest.mark.browser


@pytest.fixture(scope="module")
def review_site(review_build: Build) -> Iterator[str]:
    from localserver import serve_directory

    with serve_directory(review_build.outdir) as base_url:
        yield base_url


def _notice_after(browser: Browser, site: str, path: str, clock: datetime.date | None):
    from browser import DESKTOP, new_reader

    reader = new_reader(browser, site, viewport=DESKTOP)
    try:
        if clock is not None:
            moment = datetime.datetime.combine(clock, datetime.time(12))
            reader.context.clock.install(time=moment)
        page = reader.open(path)
        notice = page.locator(".os2-review-overdue")
        return notice.is_visible(), notice.inner_text() if notice.is_visible() else ""
    finally:
        reader.context.close()


@pytest_browser
def test_browser_shows_the_notice_once_the_date_has_passed(browser: Browser, review_site: str):
    later = add_months(TODAY, 24)
    visible, text = _notice_after(browser, review_site, "docs/welcome_and_purpose/", later)
    due = add_months(add_months(TODAY, -1), 12)
    assert visible and f"senest {danish_date(due)}" in text, text
    assert review_site.startswith("http://127.0.0.1:")


@pytest_browser
def test_twin_browser_hides_the_notice_before_the_date(browser: Browser, review_site: str):
    visible, _ = _notice_after(browser, review_site, "docs/welcome_and_purpose/", None)
    assert not visible


@pytest_browser
def test_screenshots_of_owner_overdue_and_changes(browser: Browser, review_site: str) -> None:
    from browser import DESKTOP, PHONE, axe_violations, horizontal_overflow, new_reader

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    findings = []
    pages = [
        ("ansvarlig", "docs/welcome_and_purpose/"),
        ("overskredet", "docs/communication/"),
        ("aendringer", "aendringer/"),
    ]
    for size, viewport in (("desktop", DESKTOP), ("mobil", PHONE)):
        for theme in ("light", "dark"):
            reader = new_reader(browser, review_site, viewport=viewport, theme=theme)
            try:
                for name, path in pages:
                    page = reader.open(path)
                    shot = SCREENSHOTS / f"{name}-{size}-{theme}.png"
                    page.screenshot(path=shot, full_page=True)
                    assert shot.stat().st_size > 10_000, shot
                    assert not reader.foreign, reader.foreign
                    findings += axe_violations(page, f"/{path} ({size}, {theme})")
                    if horizontal_overflow(page)["overflow"] > 0:
                        findings.append(f"/{path} ({size}): wider than the screen")
            finally:
                reader.context.close()
    assert not findings, "\n".join(findings)


# -- The PDF ---------------------------------------------------------------------------------


def test_pdf_shows_owner_and_review_under_chapter_titles_and_the_commit(tmp_path: Path) -> None:
    from support.pdf import build_pdf

    root = copies.copy_project(tmp_path / "project")
    review_fixture(root, TODAY)
    copies.commit_all(root)
    build = build_pdf(root)
    assert build.returncode == 0, build.output
    text = re.sub(r"\s+", " ", build.text())
    reviewed = add_months(TODAY, -1)
    assert (
        f"Velkommen og formål Ansvarlig: {FICTIONAL_OWNER} · Sidst gennemgået "
        f"{danish_date(reviewed)} · Gennemgås igen senest {danish_date(add_months(reviewed, 12))}"
    ) in text
    assert "Skulle have været gennemgået senest 15. januar 2021." in text
    # The twin: a chapter without the fields shows none.
    chapter = text.split("Praktisk information", 2)[-1][:300]
    assert "Ansvarlig" not in chapter and "gennemgået" not in chapter
    commit = copies.git(root, "rev-parse", "--short=7", "HEAD").strip()
    title_page = re.sub(r"\s+", " ", build.text(1, 1)).strip()
    assert f"Bygget fra commit {commit} (1. oktober 2025) OS2" in title_page


@pytest_browser
def test_report_link_names_the_address_with_its_anchor(browser: Browser, review_site: str):
    from urllib.parse import parse_qs, urlsplit

    from browser import DESKTOP, new_reader
    from support.feedback import query_problems

    reader = new_reader(browser, review_site, viewport=DESKTOP)
    try:
        page = reader.open("docs/welcome_and_purpose/#formaal")
        href = page.locator(".os2-report-link a").get_attribute("href")
    finally:
        reader.context.close()
    assert query_problems(href) == []
    body = parse_qs(urlsplit(href).query)["body"][0]
    assert body.startswith(f"Siden: {review_site}docs/welcome_and_purpose/#formaal\n"), body

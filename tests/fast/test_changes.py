""" "Seneste ændringer" and its Atom feed, from the git history of the pages
(os2_handbook/ext/changes.py). Each copy is one commit (tests/fast/conftest.py), or
the history of editions made here (tags vX.Y.Z)."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from babel.dates import format_date
from bs4 import BeautifulSoup

ROOT = "changes"
LIST_PAGE = "aendringer"
ATOM = "{http://www.w3.org/2005/Atom}"
FEED_NAME = "aendringer.xml"
NO_GIT_NOTE = "Håndbogen er ikke bygget fra et git-repositorium, så ændringerne kan ikke vises."


def danish_date(day: datetime.date) -> str:
    """ "15. januar 2020", as the pages write dates."""
    return format_date(day, "d. MMMM y", locale="da")


def last_commit(srcdir: Path) -> tuple[str, datetime.date]:
    """Subject and date of the copy's commit."""
    out = subprocess.run(
        ["git", "log", "-1", "--format=%s%x1f%cI"], cwd=srcdir, capture_output=True, text=True,
        check=True,
    ).stdout.strip()  # fmt: skip
    subject, when = out.split("\x1f")
    return subject, datetime.datetime.fromisoformat(when).date()


def test_the_list_shows_the_commit_and_its_pages(build_root):
    built = build_root(ROOT)
    assert built.warnings == ""
    subject, day = last_commit(built.srcdir)
    page = built.html(f"{LIST_PAGE}.html")
    entries = page.select("ul.os2-changes > li")
    assert len(entries) == 1  # one commit
    assert entries[0].get_text().startswith(f"{danish_date(day)}: {subject} – ")
    # Every page it touched, except the list itself (its own edits are not news).
    pages = {p.stem for p in built.srcdir.glob("*.md")} - {LIST_PAGE}
    assert {a["href"] for a in entries[0].find_all("a")} == {f"{doc}.html" for doc in pages}


def test_every_page_announces_the_feed_and_the_feed_lists_the_commit(build_root):
    built = build_root(ROOT)
    for source in built.srcdir.glob("*.md"):
        link = built.html(f"{source.stem}.html").find("link", type="application/atom+xml")
        assert link is not None and link["href"] == FEED_NAME, source.name
    feed = ET.parse(Path(built.app.outdir) / FEED_NAME).getroot()
    subject, _ = last_commit(built.srcdir)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert len(titles) == 1 and titles[0].startswith(f"{subject} (")


def test_twin_without_git_the_page_says_so(build_root):
    built = build_root(ROOT, git=False)
    assert NO_GIT_NOTE in built.html(f"{LIST_PAGE}.html").get_text()
    # sphinx-last-updated-by-git stops the strict build, naming the folder.
    assert f'no "last updated" dates will be shown for source files from {built.srcdir}' in (
        built.warnings
    )


# Editions: commits, oldest first, and the tag each one gets: (date, page edit, tag, tag date).
# A tag date of None makes a lightweight tag, dated by its commit (as GitHub's releases do).
EDITIONS = [
    ("2025-09-02T10:00:00+02:00", None, "v1.0.0", None),
    ("2025-10-14T10:00:00+02:00", "Rettelse til 1.1", "v1.1.0", "2025-11-20T15:00:00+01:00"),
    ("2025-12-03T10:00:00+01:00", "Rettelse efter 1.1", None, None),
]
SIDE_TAG = "v9.0.0"  # on a branch HEAD does not reach: not an edition of this history


def with_editions(copy: Path, git: Callable[..., None]) -> None:
    """The copy's history: EDITIONS, and SIDE_TAG on a branch of its own."""
    git(copy, "init", "--quiet")
    for date, edit, tag, tag_date in EDITIONS:
        if edit:
            with (copy / "side.md").open("a", encoding="utf-8") as page:
                page.write(f"\n{edit}.\n")
        git(copy, "add", "--all")
        git(copy, "commit", "--quiet", "-m", edit or "Første udgave", date=date)
        if tag:
            annotated = ["-a", "-m", tag] if tag_date else []
            git(copy, "tag", *annotated, tag, date=tag_date or date)
    git(copy, "switch", "--quiet", "-c", "side")
    git(copy, "commit", "--quiet", "--allow-empty", "-m", "Sidegren")
    git(copy, "tag", SIDE_TAG)
    git(copy, "switch", "--quiet", "main")


def shallow_with_editions(copy: Path, git: Callable[..., None]) -> None:
    """The last two commits of with_editions' history, fetched as Read the Docs does (--depth)."""
    origin = copy.with_name(f"{copy.name}-origin")
    shutil.copytree(copy, origin)
    with_editions(origin, git)
    git(copy, "init", "--quiet")
    # Into a stored ref, as Read the Docs fetches: git then brings the tags that point into it.
    git(copy, "fetch", "--quiet", "--depth", "2", origin.as_uri(), "main:refs/remotes/origin/main")
    git(copy, "reset", "--quiet", "--hard", "origin/main")


def headings(page: BeautifulSoup) -> list[tuple[str, str]]:
    """The list's headings, in the page's own section (not the theme's navigation)."""
    section = page.find("h1").find_parent("section")
    return [(h.name, h.get_text(strip=True)) for h in section.find_all(["h2", "h3"])]


def subjects(page: BeautifulSoup) -> list[str]:
    """The entries' commit subjects: "3. december 2025: SUBJECT – pages"."""
    return [li.get_text().split(": ", 1)[1].rsplit(" – ", 1)[0]
            for li in page.select("ul.os2-changes > li")]  # fmt: skip


def month(date: str) -> str:
    return format_date(datetime.date.fromisoformat(date[:10]), "MMMM y", locale="da").capitalize()


def test_the_list_is_grouped_by_edition_with_the_tags_dates(build_root):
    built = build_root(ROOT, history=with_editions)
    assert built.warnings == ""
    page = built.html(f"{LIST_PAGE}.html")
    # From EDITIONS: the changes since the newest tag first, then each edition under the
    # tag's own date (the tagger's, or the commit's), its months below it.
    (first, _, _, _), (second, edit, _, tagged), (third, last_edit, _, _) = EDITIONS
    released = danish_date(datetime.datetime.fromisoformat(tagged).date())
    assert headings(page) == [
        ("h2", "Siden udgave 1.1.0"), ("h3", month(third)),
        ("h2", f"Udgave 1.1.0 (udgivet {released})"), ("h3", month(second)),
        ("h2", f"Udgave 1.0.0 (udgivet {danish_date(datetime.date.fromisoformat(first[:10]))})"),
        ("h3", month(first)),
    ]  # fmt: skip
    assert subjects(page) == [last_edit, edit, "Første udgave"]
    assert "udgave 9" not in page.get_text().lower()  # SIDE_TAG: HEAD does not reach it
    assert "ingen udgaver" not in page.get_text()


def test_twin_without_tags_the_months_are_headings_and_the_page_says_so(build_root):
    page = build_root(ROOT).html(f"{LIST_PAGE}.html")
    assert [level for level, _ in headings(page)] == ["h2"]  # one month, no edition
    assert "Der er ingen udgaver (git-tags som v1.1.0)" in page.get_text()


def test_a_shallow_clone_marks_the_editions_it_has(build_root):
    built = build_root(ROOT, history=shallow_with_editions)
    page = built.html(f"{LIST_PAGE}.html")
    assert "uden hele versionshistorikken" in page.get_text()
    assert "ældre ændringer vises ikke" in page.get_text()
    # v1.1.0's commit is at the cut: left out (every file would look new), its tag kept;
    # v1.0.0's commit was not fetched, so neither was its tag.
    assert headings(page) == [("h2", "Siden udgave 1.1.0"), ("h3", month(EDITIONS[2][0]))]
    assert subjects(page) == [EDITIONS[2][1]]

""" "Seneste ændringer" and its Atom feed, from the git history of the pages
(os2_handbook/ext/changes.py). Each copy is one commit (tests/fast/conftest.py)."""

from __future__ import annotations

import datetime
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from babel.dates import format_date

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

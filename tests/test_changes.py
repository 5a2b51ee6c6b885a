""" "Seneste ændringer" and its Atom feed, from a git repository with known commits,
and from a shallow clone of it."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import Build, git, run_build
from os2_handbook.ext.changes import FEED_NAME, read_history
from support import copies

ATOM = {"a": "http://www.w3.org/2005/Atom"}
# Known commits, oldest first: (date, page, subject). Fixtures, in our own words.
COMMITS = [
    ("2025-11-03T12:00:00+01:00", "bidrag.md", "Testrettelse af bidragssiden"),
    ("2025-12-05T09:30:00+01:00", "docs/communication.md", "Testafsnit om tone"),
]


def repository_with_history(root: Path) -> Path:
    copies.commit_all(copies.copy_project(root))  # 1. oktober 2025: every page
    for date, page, subject in COMMITS:
        path = root / "source" / page
        path.write_text(path.read_text(encoding="utf-8") + f"\n{subject}.\n", encoding="utf-8")
        git(root, "commit", "--quiet", "--all", "--message", subject, date=date)
    return root


@pytest.fixture(scope="module")
def history_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = run_build(repository_with_history(tmp_path_factory.mktemp("history")))
    assert build.returncode == 0, build.output
    return build


def test_changes_page_lists_newest_first_grouped_by_month(history_build: Build) -> None:
    article = history_build.html("aendringer").find("article")
    months = [h.get_text(strip=True) for h in article.find_all("h2")]
    assert months == ["December 2025", "November 2025", "Oktober 2025"]
    items = article.select("ul.os2-changes > li")
    assert items[0].get_text(" ", strip=True) == (
        "5. december 2025: Testafsnit om tone – Kommunikation og tone"
    )
    assert items[0].find("a")["href"] == "../docs/communication/"
    assert items[1].get_text(" ", strip=True) == (
        "3. november 2025: Testrettelse af bidragssiden – Sådan bidrager du"
    )
    # One entry per commit: the copy's first commit holds every page but this one.
    pages = len(list((history_build.root / "source").rglob("*.md"))) - 1
    assert len(items) == 3 and len(items[2].find_all("a")) == pages
    assert items[2].get_text(" ", strip=True).startswith("1. oktober 2025: Copy of the handbook – ")
    assert "shallow" not in article.get_text()


def test_atom_feed_has_the_same_changes(history_build: Build) -> None:
    feed = ElementTree.parse(history_build.outdir / FEED_NAME).getroot()
    entries = feed.findall("a:entry", ATOM)
    titles = [entry.findtext("a:title", namespaces=ATOM) for entry in entries]
    pages = len(list((history_build.root / "source").rglob("*.md"))) - 1
    assert titles == [
        "Testafsnit om tone (Kommunikation og tone)",
        "Testrettelse af bidragssiden (Sådan bidrager du)",
        f"Copy of the handbook ({pages} sider)",
    ]
    links = [entry.find("a:link", ATOM).get("href") for entry in entries]
    assert links == ["docs/communication/", "bidrag/", "aendringer/"]
    assert entries[0].findtext("a:updated", namespaces=ATOM) == "2025-12-05T09:30:00+01:00"
    assert len({entry.findtext("a:id", namespaces=ATOM) for entry in entries}) == len(entries)
    # Every page announces the feed.
    link = history_build.html("docs/appendix").find("link", type="application/atom+xml")
    assert link["href"] == f"../../{FEED_NAME}"


def test_shallow_clone_says_history_is_missing(tmp_path: Path) -> None:
    origin = repository_with_history(tmp_path / "origin")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", origin.as_uri(), str(clone))
    # "Sidst opdateret" is strict about a shallow history (tests/test_publishing.py);
    # set that aside to see what this page does on its own.
    build = run_build(clone, extra=("-D", "suppress_warnings=git.too_shallow"))
    assert build.returncode == 0, build.output
    article = build.html("aendringer").find("article")
    assert "uden hele versionshistorikken" in article.get_text()
    assert "ændringerne kan ikke vises her" in article.get_text()
    assert article.select("ul.os2-changes") == []
    feed = ElementTree.parse(build.outdir / FEED_NAME).getroot()
    assert feed.findall("a:entry", ATOM) == []


def test_twin_a_deeper_shallow_clone_keeps_the_commits_it_has(tmp_path: Path) -> None:
    origin = repository_with_history(tmp_path / "origin")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "2", origin.as_uri(), str(clone))
    history = read_history(clone / "source")
    assert history.shallow
    # The newest commit stays; the one at the cut would list every page as new.
    assert [(c.subject, c.path) for c in history.changes] == [
        ("Testafsnit om tone", "docs/communication.md")
    ]
    full = read_history(origin / "source")
    assert not full.shallow and len(full.changes) > len(history.changes)

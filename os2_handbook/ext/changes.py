""" "Seneste ændringer": the latest changes to pages, from the git history, and their Atom feed.

``{recent-changes}`` on a page lists the newest changes (date, page, commit
subject), newest first and grouped by month. When the history has editions (git
tags ``vX.Y.Z`` reachable from HEAD; CONTRIBUTING.md, "Udgiv en ny udgave"), the
months are grouped by edition: first the changes since the newest edition, then
each edition's own under a heading with the tag's date from git. Without tags
the page says so. The same changes go to an Atom feed, ``aendringer.xml`` at
the site's root, that every page announces in its ``<head>``. The feed is
written with feedgenerator, Pelican's maintained copy of Django's feed writer.

In a shallow clone the history is cut short: the commit at the cut lists every
file as new, so it is left out, and the page says that older changes (or, with
one commit, all of them) are missing; an edition whose tag was not fetched is
not marked. This module never fails the build for it;
sphinx-last-updated-by-git's "Git clone too shallow" still does (conf.py).
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from os2_handbook.ext.review import danish_date
from os2_handbook.ext.state import PageState
from os2_handbook.project import git, read_site

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class ChangesPages(PageState):
    """docname -> True for the pages with a {recent-changes} list."""

    name = "os2-changes"
    label = "Sider med seneste ændringer"


FEED_NAME = "aendringer.xml"
FEED_TITLE = "Seneste ændringer i OS2-håndbogen"
MAX_CHANGES = 100  # entries on the page and in the feed
# The feed's id where the site's address is unknown (local builds): .invalid
# says it names no real host.
LOCAL_FEED_ID = "tag:os2-haandbog.invalid,2025:aendringer"
# Characters a commit subject may carry but a page or an XML feed cannot: the C0
# and C1 controls (tab, CR and LF become spaces) and what XML 1.0 forbids.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
SPACES = re.compile(r"\s+")

SHALLOW_NOTE = (
    "Denne kopi af håndbogen er bygget uden hele versionshistorikken (en »shallow "
    "clone« af git-repositoriet), så {what}. Hent hele historikken med "
    "git fetch --unshallow, og byg igen."
)
NO_GIT_NOTE = "Håndbogen er ikke bygget fra et git-repositorium, så ændringerne kan ikke vises."
NO_EDITIONS_NOTE = (
    "Der er ingen udgaver (git-tags som v1.1.0) i den historik, håndbogen er bygget fra, "
    "så listen er ikke delt op efter udgave."
)


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    commit: str
    subject: str
    path: str  # relative to the source folder: "docs/communication.md"


@dataclass(frozen=True)
class Release:
    """An edition: a tag vX.Y.Z, dated by its tagger (a lightweight tag: by its commit)."""

    version: str  # "1.2.0"
    when: datetime.datetime


@dataclass
class History:
    changes: list[Change] = field(default_factory=list)
    is_git: bool = True
    shallow: bool = False  # the history is cut short
    # commit -> the first edition that holds it; commits since the newest edition have none.
    release_of: dict[str, Release] = field(default_factory=dict)
    newest: Release | None = None  # the newest edition reachable from HEAD


def _log_records(output: str) -> list[tuple[str, str, str, list[str]]]:
    """(commit, date, subject, files) from ``git log -z --name-only --format=%x00%H%x00%cI%x00%s``.

    Each record is an empty field, then hash, date and subject, then the file
    names (the first after a newline), each ended by NUL.
    """
    fields = output.split("\0")
    records, index = [], 0
    while index + 3 < len(fields):
        commit, when, subject = fields[index + 1 : index + 4]
        index += 4
        files = []
        while index < len(fields) and fields[index]:
            files.append(fields[index].removeprefix("\n") if not files else fields[index])
            index += 1
        records.append((commit, when, subject, [f for f in files if f.strip()]))
    return records


def clean_subject(subject: str, commit: str) -> str:
    """The subject without control characters, which no page or feed can show.

    The build goes on (the commit is history: only rewriting it would remove
    them), and the log names the commit.
    """
    found = sorted(set(CONTROL.findall(subject)))
    if found:
        shown = ", ".join(f"U+{ord(char):04X}" for char in found)
        logger.info(
            "os2: advarsel: emnelinjen i commit %s indeholder kontroltegn (%s); de er "
            "fjernet i »Seneste ændringer« og feedet. Der er intet at rette, men skriv "
            "fremtidige commit-beskeder uden dem.",
            commit[:7], shown,
        )  # fmt: skip
    return SPACES.sub(" ", CONTROL.sub("", subject)).strip()


def read_history(srcdir: Path) -> History:
    """Every commit that touched a page under srcdir, newest first."""
    if git(srcdir, "rev-parse", "--git-dir").returncode:
        return History(is_git=False)
    shallow = git(srcdir, "rev-parse", "--is-shallow-repository").stdout.strip() == "true"
    cut: set[str] = set()
    if shallow:
        listed = Path(srcdir, git(srcdir, "rev-parse", "--git-path", "shallow").stdout.strip())
        if listed.is_file():
            cut = set(listed.read_text(encoding="utf-8").split())
    # -z: NUL ends every field and file name; neither a subject nor a path can hold one.
    log = git(
        srcdir, "log", "-z", "--no-merges", "--relative", "--name-only",
        "--format=%x00%H%x00%cI%x00%s", "--", ".",
    )  # fmt: skip
    changes = []
    for commit, when, subject, files in _log_records(log.stdout):
        if commit in cut:
            continue  # its diff is against nothing: every file would look new
        subject = clean_subject(subject, commit)
        moment = datetime.datetime.fromisoformat(when)
        changes += [Change(moment, commit, subject, path) for path in files]
    changes.sort(key=lambda change: change.when, reverse=True)
    history = History(changes, shallow=shallow)
    # Each commit's first edition, and the newest edition reachable from HEAD.
    tags = git(
        srcdir, "for-each-ref", "--merged", "HEAD", "--sort=creatordate",
        "--format=%(refname) %(creatordate:iso-strict)", "refs/tags/v[0-9]*",
    )  # fmt: skip
    for line in tags.stdout.splitlines():  # a tag's name holds no space
        ref, when = line.split(" ")
        edition = Release(ref.removeprefix("refs/tags/v"), datetime.datetime.fromisoformat(when))
        for commit in git(srcdir, "rev-list", ref, "--").stdout.split():
            history.release_of.setdefault(commit, edition)  # oldest tag first: its first edition
        history.newest = edition
    return history


def page_changes(history: History, env: BuildEnvironment) -> list[tuple[Change, list[str]]]:
    """The newest commits that changed pages that still exist: each commit's first
    change, and the pages it changed in the order of the log.

    One entry per commit, not per page: an import or a rename touches dozens of
    pages at once and would push every other change off the list.
    """
    by_commit: dict[str, tuple[Change, list[str]]] = {}
    for change in history.changes:
        docname = env.path2doc(str(Path(env.srcdir, change.path)))
        # Pages that still exist, without the list itself: its own edits are not news.
        if docname not in env.titles or docname in ChangesPages.of(env).pages:
            continue
        if change.commit not in by_commit:
            if len(by_commit) == MAX_CHANGES:
                break
            by_commit[change.commit] = (change, [])
        if docname not in (docnames := by_commit[change.commit][1]):
            docnames.append(docname)
    return list(by_commit.values())


def edition_heading(history: History, commit: str) -> str:
    release = history.release_of.get(commit)
    if release is None:
        return f"Siden udgave {history.newest.version}"
    return f"Udgave {release.version} (udgivet {danish_date(release.when.date())})"


def month_name(moment: datetime.datetime) -> str:
    return format_date(moment.date(), "MMMM y", locale="da")


# -- The page ---------------------------------------------------------------------


class recent_changes(nodes.General, nodes.Element):
    """Placeholder for the list of changes, filled in when the page is written."""


class RecentChangesDirective(SphinxDirective):
    """``{recent-changes}``: the latest changes to the handbook's pages."""

    def run(self) -> list[nodes.Node]:
        ChangesPages.of(self.env).pages[self.env.docname] = True
        return [recent_changes()]


def has_feed(app: Sphinx) -> bool:
    """The website's builders write the feed; the PDF's one page (pdfhtml) links none."""
    return app.builder.format == "html" and app.builder.name != "pdfhtml"


def _changes_content(app: Sphinx, docname: str) -> list[nodes.Node]:
    history: History = app.os2_history
    if not history.is_git:
        return [nodes.note("", nodes.paragraph(text=NO_GIT_NOTE))]
    found = page_changes(history, app.env)
    content: list[nodes.Node] = []
    if history.shallow:
        what = "ældre ændringer vises ikke" if found else "ændringerne kan ikke vises her"
        content.append(nodes.note("", nodes.paragraph(text=SHALLOW_NOTE.format(what=what))))
    if found and history.newest is None:
        content.append(nodes.note("", nodes.paragraph(text=NO_EDITIONS_NOTE)))
    if has_feed(app):  # the feed is part of the website only
        root = app.builder.get_relative_uri(docname, app.config.root_doc)  # "../" in dirhtml
        content.append(nodes.paragraph(
            "", "Følg ændringerne i en feedlæser: ",
            nodes.reference("", "Atom-feed med de seneste ændringer",
                            refuri=root.removesuffix("index.html") + FEED_NAME),
        ))  # fmt: skip
    # <h2> and <h3> (rubrics with a heading level): screen readers list the editions and months.
    months_level = 2 if history.newest is None else 3
    edition, month, items = "", "", None
    for change, docnames in found:
        if history.newest and edition_heading(history, change.commit) != edition:
            edition, month = edition_heading(history, change.commit), ""
            content.append(nodes.rubric(text=edition))
            content[-1]["heading-level"] = 2
        if month_name(change.when) != month:
            month = month_name(change.when)
            heading = nodes.rubric(text=month[:1].upper() + month[1:])  # starts a heading
            heading["heading-level"] = months_level
            items = nodes.bullet_list(classes=["os2-changes"])
            content += [heading, items]
        entry = nodes.paragraph()
        entry += nodes.Text(f"{danish_date(change.when.date())}: {change.subject} – ")
        for number, target in enumerate(docnames):
            if number:
                entry += nodes.Text(", ")
            title = app.env.titles[target].astext()
            try:
                uri = app.builder.get_relative_uri(docname, target)
            except NoUri:  # a page outside this book (the PDF leaves out pages off the menu)
                entry += nodes.Text(title)
            else:
                entry += nodes.reference("", title, internal=True, refuri=uri)
        items += nodes.list_item("", entry)
    if not found and not history.shallow:
        content.append(nodes.paragraph(text="Der er endnu ingen ændringer at vise."))
    return content


def _fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for placeholder in list(doctree.findall(recent_changes)):
        placeholder.replace_self(_changes_content(app, docname))


# -- Sphinx, and the feed ------------------------------------------------------------


def _init(app: Sphinx) -> None:
    app.os2_history = read_history(Path(app.srcdir))
    app.os2_canonical_url = read_site().canonical_url
    if app.os2_history.shallow:
        logger.info(
            "os2: git-historikken er afkortet (shallow clone): »Seneste ændringer« siger det"
        )


def _always_outdated(
    app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set
) -> list[str]:
    return sorted(ChangesPages.of(env).pages)  # the history changes without a source changing


def _announce_feed(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    href = context["pathto"](FEED_NAME, 1)
    link = f'<link rel="alternate" type="application/atom+xml" title="{FEED_TITLE}" href="{href}">'
    context["metatags"] = context.get("metatags", "") + link + "\n"


def _write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not has_feed(app):
        return
    from feedgenerator import Atom1Feed

    base = app.os2_canonical_url  # "" in local builds: links relative to the feed
    feed = Atom1Feed(
        title=FEED_TITLE,
        link=base or "./",
        description="De seneste ændringer af håndbogens sider, nyeste først.",
        language="da",
        feed_url=f"{base}{FEED_NAME}" if base else None,
        feed_guid=f"{base}{FEED_NAME}" if base else LOCAL_FEED_ID,
        # <rights>: whose text and its licence (os2_handbook/ext/publishing.py, when loaded).
        feed_copyright=getattr(getattr(app, "os2_attribution", None), "rights", None),
    )

    def address(docname: str) -> str:
        uri = app.builder.get_target_uri(docname)
        return f"{base}{uri}" if base else uri or "./"

    changes_page = min(ChangesPages.of(app.env).pages, default="")
    for change, docnames in page_changes(app.os2_history, app.env):
        # A page title with a control character fails the build, which names its line
        # (os2_handbook/ext/mojibake.py); removed here too, so that XML never stops the writer.
        pages = [(CONTROL.sub("", app.env.titles[d].astext()), address(d)) for d in docnames]
        # A feed entry links one page: the page, or the list when there are several.
        link = pages[0][1] if len(pages) == 1 or not changes_page else address(changes_page)
        summary = ", ".join(
            f'<a href="{html.escape(url)}">{html.escape(title)}</a>' for title, url in pages
        )
        named = ", ".join(title for title, _ in pages) if len(pages) <= 3 else f"{len(pages)} sider"
        feed.add_item(
            title=f"{change.subject} ({named})",
            link=link,
            description=summary,
            pubdate=change.when,
            updateddate=change.when,
            unique_id=f"{feed.feed['id']}#{change.commit}",
        )
    with Path(app.outdir, FEED_NAME).open("w", encoding="utf-8") as stream:
        feed.write(stream, "utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_domain(ChangesPages)
    app.add_node(recent_changes)
    app.add_directive("recent-changes", RecentChangesDirective)
    app.connect("builder-inited", _init)
    app.connect("env-get-outdated", _always_outdated)
    app.connect("doctree-resolved", _fill)
    app.connect("html-page-context", _announce_feed)
    app.connect("build-finished", _write_feed)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

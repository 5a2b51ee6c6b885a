"""Incremental builds that report every warning a fresh build would report.

Sphinx reports a warning only while it reads or writes the page that causes
it, so a rebuild without ``--fresh-env`` (the live preview) loses the warnings
of unchanged pages, and a link broken by *another* page's lost anchor is not
looked at again. For serial HTML builds, this part:

- notes which pages had warnings while read, resolved or written
  (``os2-warnings.json`` beside Sphinx's saved environment), and reads or writes
  them again next time: Sphinx reports the warning anew, with the current text,
  file and line, and nothing fixed can linger, since nothing is replayed;
- writes a page again when a page it links to changed its title, ids or section
  titles, and every page when a title or toctree changed (the sidebar shows them);
- reads everything again when pages were added or removed, or when the notes
  do not belong to the saved environment (an interrupted or parallel build).

Full builds (``nox -s docs``, CI, Read the Docs) still use ``--fresh-env``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from os2_handbook.ext.state import PageState
from os2_handbook.fences.sphinx import BuildPhase, add_warning_listener, build_phase

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

NOTES_FILE = "os2-warnings.json"
ANY_DOCUMENT = "*"  # a reference whose target document is not known before resolving
# The Sphinx events the tracker follows (its methods), in the order a build emits them.
EVENTS = (
    "builder-inited", "env-get-outdated", "env-before-read-docs",
    "doctree-read", "env-get-updated", "env-check-consistency",
    "doctree-resolved", "html-page-context", "html-collect-pages", "build-finished",
)  # fmt: skip
IDS = frozenset({"ids", "names", "dupnames", "backrefs", "classes", "parent"})  # not options


@dataclass
class Notes:
    """What one build learnt about warnings, saved for the next build."""

    token: str | None = None  # equals env.os2_warnings_token when they belong together
    read: set[str] = field(default_factory=set)  # documents with warnings while read
    written: set[str] = field(default_factory=set)  # ... while resolved or written
    consistency: bool = False  # warnings from Sphinx's consistency check


class Fingerprints(PageState):
    """Per page: the documents its references resolve against, and what the sidebar
    (navigation.py keys its template on these) and other pages' links (raw_html.py
    checks those in raw HTML against them) take from it."""

    name = "os2-incremental"
    label = "Sidernes afhængigheder"
    initial_data = {"references": {}, "navigation": {}, "link_targets": {}}  # noqa: RUF012
    data_version = 1  # link_targets: [title, [[ids, names, section title], ...]]


class _Tracker(logging.Handler):
    """The state of one build (one per Sphinx application). As the first handler on
    Sphinx's logger, it sees every warning and notes the document being processed.
    Its methods are the handlers of the Sphinx events named alike, in build order."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(logging.WARNING)
        self.app = app
        self.active = False
        self.notes = Notes()  # this build's findings
        self.previous: Notes | None = None  # the last build's, if they fit the environment
        self.read_now: set[str] = set()
        self.written_now: set[str] = set()
        self.writing: str | None = None  # the document the HTML writer is on
        self.consistency_checked = False
        self.before: dict[str, dict] = {}  # the fingerprints as the build found them
        self.path = Path(app.doctreedir) / NOTES_FILE

    def emit(self, record: logging.LogRecord) -> None:
        # Sphinx holds warnings back while reading and writing and hands them
        # to the logger again afterwards: note each record once, when it happens.
        if getattr(record, "os2_noted", False):
            return
        record.os2_noted = True
        if not self.active:
            return
        phase = build_phase(self.app)
        docname = self.app.env.current_document.docname
        if phase == BuildPhase.READING and docname:
            self.notes.read.add(docname)
        elif phase in {BuildPhase.RESOLVING, BuildPhase.WRITING}:
            # RESOLVING and CONSISTENCY_CHECK are the same number in Sphinx:
            # a document is being resolved or written, or it is the check.
            if docname := docname or self.writing:
                self.notes.written.add(docname)
            elif phase == BuildPhase.CONSISTENCY_CHECK and not self.consistency_checked:
                self.notes.consistency = True
        # Other warnings (configuration, finishing pages such as the index)
        # come from code that runs on every build anyway.

    def builder_inited(self, app: Sphinx) -> None:
        self.active = app.builder.name in {"html", "dirhtml"} and app.parallel <= 1
        # (A parallel or non-HTML build leaves no notes: the next incremental build
        # then reads everything again.)
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            data = json.loads(self.path.read_text(encoding="utf-8"))
            read, written = set(data["read"]), set(data["written"])
            previous = Notes(data["token"], read, written, bool(data["consistency"]))
            if self.active and previous.token == getattr(app.env, "os2_warnings_token", None):
                self.previous = previous
        self.path.unlink(missing_ok=True)  # rewritten when this build ends well
        found = Fingerprints.of(app.env).data  # before pages read again replace theirs
        self.before = {key: dict(found[key]) for key in ("navigation", "link_targets")}

    def env_get_outdated(
        self, app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
        removed: set[str],
    ) -> list[str]:  # fmt: skip
        if not self.active or not env.all_docs:
            return []
        if self.previous is None or added or removed:
            return sorted(env.found_docs)
        again = set(self.previous.read)
        if self.previous.consistency:
            again.add(app.config.root_doc)  # any document read makes Sphinx check again
        return sorted(again & env.found_docs)

    def env_before_read_docs(self, app: Sphinx, env: BuildEnvironment, docnames: list) -> None:
        self.read_now = set(docnames)
        if docnames:
            # Pickled with the environment right after reading: these notes and
            # that environment belong together.
            env.os2_warnings_token = uuid.uuid4().hex

    def doctree_read(self, app: Sphinx, doctree: nodes.document) -> None:
        """The page's fingerprints: what it depends on, and what others take from it."""
        env, docname = app.env, app.env.current_document.docname
        found = Fingerprints.of(env).data
        # The documents its references resolve against (ANY_DOCUMENT: any).
        docs: set[str] = set()
        for ref in doctree.findall(addnodes.pending_xref):
            if ref.get("refdomain") == "doc" and ref.get("reftype") == "myst":
                docs.add(ref["reftarget"])  # MyST's link to an existing page (page.md#id)
            elif ref.get("refdomain") == "std" and ref.get("reftype") == "doc":
                docs.add(ANY_DOCUMENT if ref["reftarget"].startswith("/") else ref["reftarget"])
            else:
                docs.add(ANY_DOCUMENT)  # a label, a term, a target MyST could not place
        found["references"][docname] = docs - {docname}
        # What the sidebar and the next/previous links take from it: title and toctrees.
        title = env.titles[docname].astext() if docname in env.titles else ""
        toc = env.tocs.get(docname)
        toctrees = [
            {key: value for key, value in node.attributes.items() if key not in IDS}
            for node in (toc.findall(addnodes.toctree) if toc is not None else ())
        ]
        found["navigation"][docname] = json.dumps([title, toctrees], sort_keys=True, default=str)
        # What other pages' links take from it: title, ids and section titles.
        targets = []
        for node in doctree.findall(nodes.Element):
            if node["ids"]:
                heading = node.next_node(nodes.title) if isinstance(node, nodes.section) else None
                text = heading.astext() if heading else ""
                targets.append([list(node["ids"]), list(node["names"]), text])
        found["link_targets"][docname] = [title, targets]

    def env_get_updated(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Documents to write again although they were not read again."""
        if not self.active:
            return []
        read, found, before = self.read_now, Fingerprints.of(env).data, self.before
        if any(found["navigation"].get(doc) != before["navigation"].get(doc) for doc in read):
            return sorted(env.all_docs)  # a title or toctree every page shows has changed
        again = set(self.previous.written if self.previous else ())
        # Only pages whose link targets changed (title, ids, section titles) can
        # change how other pages' links resolve: a new sentence rewrites no other page.
        retargeted = {
            doc for doc in read if found["link_targets"].get(doc) != before["link_targets"].get(doc)
        }
        for docname, targets in found["references"].items():
            if retargeted and (ANY_DOCUMENT in targets or targets & retargeted):
                again.add(docname)
        return sorted((again & env.all_docs.keys()) - read)

    def env_check_consistency(self, app: Sphinx, env: BuildEnvironment) -> None:
        self.consistency_checked = True

    def doctree_resolved(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        self.written_now.add(docname)
        self.writing = docname

    def html_page_context(self, app: Sphinx, pagename: str, *args: Any) -> None:
        # The index, search and 404 pages are written on every build.
        self.writing = pagename if pagename in app.env.all_docs else None

    def html_collect_pages(self, app: Sphinx) -> list:
        self.writing = None  # the documents are written: finishing pages follow
        return []

    def build_finished(self, app: Sphinx, exception: BaseException | None) -> None:
        if not self.active or exception is not None:
            return  # no notes: the next build reads everything again
        notes, previous = self.notes, self.previous or Notes()
        # Documents this build did not process keep their earlier findings.
        docs = app.env.all_docs.keys()
        notes.read = (notes.read | previous.read - self.read_now) & docs
        notes.written = (notes.written | previous.written - self.written_now) & docs
        if not self.consistency_checked:
            notes.consistency = previous.consistency
        notes.token = getattr(app.env, "os2_warnings_token", None)
        text = json.dumps(asdict(notes), indent=1, default=sorted)  # sets as sorted lists
        self.path.write_text(text + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_domain(Fingerprints)
    tracker = _Tracker(app)
    add_warning_listener(tracker)  # first among Sphinx's handlers
    for event in EVENTS:  # "doctree-read" -> tracker.doctree_read
        # The page being resolved or written is noted before the other parts' handlers
        # run (priority 500), so their warnings count for that page.
        early = event in {"doctree-resolved", "html-page-context"}
        app.connect(
            event, getattr(tracker, event.replace("-", "_")), priority=100 if early else 500
        )
    # No env_version (it would change searchindex.js): an environment saved
    # before Fingerprints existed starts it empty, so the next build renders the
    # sidebar anew and, if it reads any page, writes every page.
    return {"parallel_read_safe": True, "parallel_write_safe": True}

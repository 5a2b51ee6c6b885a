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

import json
import logging
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging as sphinx_logging

from os2_handbook.ext.state import PageState
from os2_handbook.fences.sphinx import BuildPhase, add_warning_listener, build_phase

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = sphinx_logging.getLogger(__name__)

NOTES_FILE = "os2-warnings.json"
ANY_DOCUMENT = "*"  # a reference whose target document is not known before resolving
HTML_BUILDERS = frozenset({"html", "dirhtml"})
# The Sphinx events the tracker follows, in the order a build emits them.
EVENTS = (
    "builder-inited", "env-get-outdated", "env-purge-doc", "env-before-read-docs",
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

    @classmethod
    def load(cls, path: Path) -> Notes | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                data["token"], set(data["read"]), set(data["written"]), bool(data["consistency"])
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, path: Path) -> None:
        data = {**asdict(self), "read": sorted(self.read), "written": sorted(self.written)}
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


class _WarningRecorder(logging.Handler):
    """Sees every warning first, and notes the document being processed."""

    def __init__(self, tracker: _Tracker) -> None:
        super().__init__(logging.WARNING)
        self.tracker = tracker

    def emit(self, record: logging.LogRecord) -> None:
        # Sphinx holds warnings back while reading and writing and hands them
        # to the logger again afterwards: note each record once, when it happens.
        if getattr(record, "os2_noted", False):
            return
        record.os2_noted = True
        self.tracker.note_warning()


@dataclass
class _Tracker:
    """The state of one build (one per Sphinx application)."""

    app: Sphinx
    active: bool = False
    notes: Notes = field(default_factory=Notes)  # this build's findings
    previous: Notes | None = None  # the last build's, if they fit the environment
    read_now: set[str] = field(default_factory=set)
    written_now: set[str] = field(default_factory=set)
    writing: str | None = None  # the document the HTML writer is on
    consistency_checked: bool = False
    nav_before: dict[str, str] = field(default_factory=dict)
    targets_before: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return Path(self.app.doctreedir) / NOTES_FILE

    def note_warning(self) -> None:
        if not self.active:
            return
        phase = build_phase(self.app)
        env = self.app.env
        if phase == BuildPhase.READING:
            if env.current_document.docname:
                self.notes.read.add(env.current_document.docname)
        elif phase in {BuildPhase.RESOLVING, BuildPhase.WRITING}:
            # RESOLVING and CONSISTENCY_CHECK are the same number in Sphinx:
            # a document is being resolved or written, or it is the check.
            docname = env.current_document.docname or self.writing
            if docname:
                self.notes.written.add(docname)
            elif phase == BuildPhase.CONSISTENCY_CHECK and not self.consistency_checked:
                self.notes.consistency = True
        # Other warnings (configuration, finishing pages such as the index)
        # come from code that runs on every build anyway.


def _tracker(app: Sphinx) -> _Tracker:
    return app.os2_warnings_tracker  # type: ignore[attr-defined]


class Fingerprints(PageState):
    """Per page: the documents its references resolve against, and what the sidebar
    (navigation.py keys its template on these) and other pages' links take from it."""

    name = "os2-incremental"
    label = "Sidernes afhængigheder"
    initial_data = {"references": {}, "navigation": {}, "link_targets": {}}  # noqa: RUF012


# -- What a document depends on ------------------------------------------------------


def _referenced_documents(doctree: nodes.document, docname: str) -> set[str]:
    """The documents this one's references resolve against (``*``: any)."""
    found: set[str] = set()
    for ref in doctree.findall(addnodes.pending_xref):
        if ref.get("refdomain") == "doc" and ref.get("reftype") == "myst":
            found.add(ref["reftarget"])  # MyST's link to an existing page (page.md#id)
        elif ref.get("refdomain") == "std" and ref.get("reftype") == "doc":
            found.add(ANY_DOCUMENT if ref["reftarget"].startswith("/") else ref["reftarget"])
        else:
            found.add(ANY_DOCUMENT)  # a label, a term, a target MyST could not place
    found.discard(docname)
    return found


def _navigation_fingerprint(env: BuildEnvironment, docname: str) -> str:
    """What the sidebar and the next/previous links take from this document."""
    title = env.titles[docname].astext() if docname in env.titles else ""
    toc = env.tocs.get(docname)
    toctrees = [
        {key: value for key, value in node.attributes.items() if key not in IDS}
        for node in (toc.findall(addnodes.toctree) if toc is not None else ())
    ]
    return json.dumps([title, toctrees], sort_keys=True, default=str)


def _link_targets(env: BuildEnvironment, doctree: nodes.document, docname: str) -> str:
    """What other pages' links take from this one: its title, ids and section titles."""
    title = env.titles[docname].astext() if docname in env.titles else ""
    targets = []
    for node in doctree.findall(nodes.Element):
        if node["ids"]:
            heading = node.next_node(nodes.title) if isinstance(node, nodes.section) else None
            targets.append([node["ids"], node.get("names"), heading.astext() if heading else ""])
    return json.dumps([title, targets], default=str)


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.current_document.docname
    found = Fingerprints.of(app.env).data
    found["references"][docname] = _referenced_documents(doctree, docname)
    found["navigation"][docname] = _navigation_fingerprint(app.env, docname)
    found["link_targets"][docname] = _link_targets(app.env, doctree, docname)


# -- Sphinx events, in build order --------------------------------------------------------


def _on_builder_inited(app: Sphinx) -> None:
    tracker = _tracker(app)
    env = app.env
    tracker.active = app.builder.name in HTML_BUILDERS and app.parallel <= 1
    previous = Notes.load(tracker.path)
    tracker.path.unlink(missing_ok=True)  # rewritten when this build ends well
    if tracker.active and previous and previous.token == getattr(env, "os2_warnings_token", None):
        tracker.previous = previous
    # A parallel or non-HTML build leaves no notes: the next incremental build
    # then reads everything again.


def _on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    tracker = _tracker(app)
    if not tracker.active or not env.all_docs:
        return []
    previous = tracker.previous
    if previous is None or added or removed:
        return sorted(env.found_docs)
    again = set(previous.read)
    if previous.consistency:
        again.add(app.config.root_doc)  # any document read makes Sphinx check again
    return sorted(again & env.found_docs)


def _on_env_purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    # Before Sphinx clears the page's fingerprints (Fingerprints.clear_doc).
    if docname in env.all_docs:
        found = Fingerprints.of(env).data
        _tracker(app).nav_before[docname] = found["navigation"].get(docname, "")
        _tracker(app).targets_before[docname] = found["link_targets"].get(docname, "")


def _on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    tracker = _tracker(app)
    tracker.read_now = set(docnames)
    if docnames:
        # Pickled with the environment right after reading: these notes and
        # that environment belong together.
        env.os2_warnings_token = uuid.uuid4().hex


def _on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Documents to write again although they were not read again."""
    tracker = _tracker(app)
    if not tracker.active:
        return []
    read, found = tracker.read_now, Fingerprints.of(env).data
    if any(found["navigation"].get(doc) != tracker.nav_before.get(doc) for doc in read):
        return sorted(env.all_docs)  # a title or toctree every page shows has changed
    again = set(tracker.previous.written if tracker.previous else ())
    # Only pages whose link targets changed (title, ids, section titles) can
    # change how other pages' links resolve: a new sentence rewrites no other page.
    retargeted = {doc for doc in read
                  if found["link_targets"].get(doc) != tracker.targets_before.get(doc)}  # fmt: skip
    if retargeted:
        for docname, targets in found["references"].items():
            if ANY_DOCUMENT in targets or targets & retargeted:
                again.add(docname)
    return sorted((again & env.all_docs.keys()) - read)


def _on_env_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    _tracker(app).consistency_checked = True


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    tracker = _tracker(app)
    tracker.written_now.add(docname)
    tracker.writing = docname


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    # The index, search and 404 pages are written on every build.
    tracker = _tracker(app)
    tracker.writing = pagename if pagename in app.env.all_docs else None


def _on_html_collect_pages(app: Sphinx) -> list:
    _tracker(app).writing = None  # the documents are written: finishing pages follow
    return []


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    tracker = _tracker(app)
    if not tracker.active or exception is not None:
        return  # no notes: the next build reads everything again
    notes, previous = tracker.notes, tracker.previous or Notes()
    # Documents this build did not process keep their earlier findings.
    notes.read |= {doc for doc in previous.read if doc not in tracker.read_now}
    notes.written |= {doc for doc in previous.written if doc not in tracker.written_now}
    if not tracker.consistency_checked:
        notes.consistency = previous.consistency
    notes.read &= app.env.all_docs.keys()
    notes.written &= app.env.all_docs.keys()
    notes.token = getattr(app.env, "os2_warnings_token", None)
    notes.save(tracker.path)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_domain(Fingerprints)
    tracker = _Tracker(app)
    app.os2_warnings_tracker = tracker  # type: ignore[attr-defined]
    # First among Sphinx's handlers, so it sees each warning as it happens.
    add_warning_listener(_WarningRecorder(tracker))
    # Each event's handler above is named after it: "env-purge-doc" -> _on_env_purge_doc.
    for event in EVENTS:
        app.connect(event, globals()["_on_" + event.replace("-", "_")])
    # No env_version (it would change searchindex.js): an environment saved
    # before Fingerprints existed starts it empty, so the next build renders the
    # sidebar anew and, if it reads any page, writes every page.
    return {"parallel_read_safe": True, "parallel_write_safe": True}

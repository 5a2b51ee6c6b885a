"""``{pending}`` marks a section whose text is still to be written.

It shows a visible Danish note; ``{pending-list}`` lists every such section by
chapter, and the build log counts them. The sections are kept in a domain, as
``sphinx.ext.todo`` keeps its entries.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from os2_handbook.ext.state import PageState

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

PENDING_TITLE = "Dette afsnit er endnu ikke skrevet"
PENDING_TEXT = (
    "Teksten til afsnittet mangler stadig. Ved du noget om emnet, er du meget "
    "velkommen til at skrive den – se [Sådan bidrager du]({contribute})."
)
PENDING_PRINT_TEXT = "*{title}. Vil du skrive det, så læs [Sådan bidrager du]({contribute}).*"
CONTRIBUTE_DOC = "bidrag"


@dataclass(frozen=True)
class PendingSection:
    section_id: str
    title: str
    lineno: int


class pending_list(nodes.General, nodes.Element):
    """Placeholder for the list of pending sections, filled in when resolved."""


class PendingDirective(SphinxDirective):
    """``{pending}``: this section's text is still to be written."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        note = nodes.admonition(classes=["pending"])
        self.set_source_info(note)
        note += nodes.title(PENDING_TITLE, PENDING_TITLE)
        here = posixpath.dirname(self.env.docname) or "."
        contribute = f"{posixpath.relpath(CONTRIBUTE_DOC, here)}.md"
        note += self.parse_text_to_nodes(PENDING_TEXT.format(contribute=contribute))
        if self.content:
            note += self.parse_content_to_nodes()
        # On paper, 48 identical boxes crowd the chapters and split from their
        # headings: the PDF gets one italic line instead.
        on_screen = addnodes.only(expr="not pdf")
        on_screen += note
        on_paper = addnodes.only(expr="pdf")
        on_paper += self.parse_text_to_nodes(
            PENDING_PRINT_TEXT.format(title=PENDING_TITLE, contribute=contribute)
        )
        if self.content:
            on_paper += self.parse_content_to_nodes()
        return [on_screen, on_paper]


class PendingDomain(PageState):
    """The sections still to be written, per page, and the pages that list them."""

    name = "os2-pending"
    label = "Afsnit, der mangler tekst"
    # docname -> its pending sections in the order they stand, and docname -> True
    # for the pages with a {pending-list}.
    initial_data: dict[str, Any] = {"sections": {}, "list_pages": {}}  # noqa: RUF012

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Record each ``{pending}`` note with the section it stands in."""
        found = self.data["sections"].setdefault(docname, [])
        for note in document.findall(nodes.admonition):
            if "pending" not in note["classes"]:
                continue
            section = note.parent
            while section is not None and not isinstance(section, nodes.section):
                section = section.parent
            whole_page = section is not None and section.parent is document
            if whole_page and not any(isinstance(c, nodes.section) for c in section.children):
                pass  # a page with no text at all: the page itself is pending
            elif section is None or whole_page:
                logger.warning(
                    "{pending} skal stå under en ## overskrift med et {#id}",
                    location=note,
                    type="os2",
                    subtype="pending",
                )
                continue
            title = section.next_node(nodes.title).astext()
            found.append(PendingSection(section["ids"][0], title, note.line))


class PendingListDirective(SphinxDirective):
    """``{pending-list}``: every pending section, grouped by chapter."""

    def run(self) -> list[nodes.Node]:
        PendingDomain.of(self.env).data["list_pages"][self.env.docname] = True
        return [pending_list()]


def _fill_pending_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    env = app.env
    for placeholder in list(doctree.findall(pending_list)):
        content: list[nodes.Node] = []
        sections = PendingDomain.of(env).data["sections"]
        chapters = [doc for doc, found in sections.items() if found]
        ranked = {doc: i for i, doc in enumerate(_toctree_docs(env, env.config.root_doc))}
        for chapter in sorted(chapters, key=lambda doc: (ranked.get(doc, len(ranked)), doc)):
            chapter_title = env.titles[chapter].astext()
            heading = nodes.paragraph()
            heading += _ref(app, docname, chapter, "", chapter_title)
            heading["classes"].append("pending-chapter")
            items = nodes.bullet_list()
            for item in sorted(sections[chapter], key=lambda p: p.lineno):
                entry = nodes.paragraph()
                entry += _ref(app, docname, chapter, item.section_id, item.title)
                items += nodes.list_item("", entry)
            content += [heading, items]
        if not content:
            content = [nodes.paragraph(text="Alle afsnit er skrevet.")]
        placeholder.replace_self(content)


def _toctree_docs(env: BuildEnvironment, docname: str) -> list[str]:
    """docname and every page below it in the toctrees, in reading order."""
    below = env.toctree_includes.get(docname, [])
    return [docname, *(doc for child in below for doc in _toctree_docs(env, child))]


def _ref(app: Sphinx, fromdoc: str, todoc: str, anchor: str, text: str) -> nodes.Node:
    uri = app.builder.get_relative_uri(fromdoc, todoc)
    if anchor:
        uri += f"#{anchor}"
    return nodes.reference("", text, internal=True, refuri=uri)


def _list_pages_are_outdated(
    app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set
) -> list[str]:
    # The list page shows other pages' content: rewrite it whenever any changes.
    return sorted(PendingDomain.of(env).data["list_pages"]) if added | changed | removed else []


def _report_count(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        count = sum(map(len, PendingDomain.of(app.env).data["sections"].values()))
        logger.info("os2: %d afsnit mangler endnu tekst ({pending})", count)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_domain(PendingDomain)
    app.add_node(pending_list)
    app.add_directive("pending", PendingDirective)
    app.add_directive("pending-list", PendingListDirective)
    app.connect("env-get-outdated", _list_pages_are_outdated)
    app.connect("doctree-resolved", _fill_pending_lists)
    app.connect("build-finished", _report_count)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 5}

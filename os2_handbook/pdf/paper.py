"""The HTML the PDF edition is printed from: Sphinx builder ``pdfhtml``.

The whole book as one HTML page for WeasyPrint (printing.py; the look is in
``paper_theme/``): a title page, contents with page numbers, the front page as
foreword, every chapter a top-level section, each external link's address
after it. ``{only} pdf`` is in, ``{only} html`` out. Ids are made unique per
page (``docs/x:id``), as two chapters may share ``{#kommunikation}``. A page
with ``lang: en`` is wrapped in ``lang="en"`` (PDF /Lang, English hyphenation).
An image without a text alternative is a warning, on the web too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

from os2_handbook.ext.page_language import page_language
from os2_handbook.ext.review import built_from
from os2_handbook.fences.sphinx import SingleFileHTMLBuilder

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

THEME = "os2-paper"
FOREWORD = "Forord"  # the front page's title on paper: the title page has the book's
EXTERNAL = ("http://", "https://", "mailto:")


class ImagesNeedAltText(SphinxTransform):
    """Warn about an image that has no text alternative."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for image in self.document.findall(nodes.image):
            if not image.get("alt", "").strip():
                line = _line_of(image) or self._line_naming(image["uri"])
                logger.warning(
                    "billedet %r mangler en tekstbeskrivelse til skærmlæsere og PDF'en – "
                    "skriv den i de firkantede parenteser: ![Hvad billedet viser](%s)",
                    image["uri"], image["uri"],
                    location=(self.env.docname, line), type="os2", subtype="alt_text",
                )  # fmt: skip

    def _line_naming(self, uri: str) -> int | None:
        """The first source line that names uri: MyST gives images no line."""
        lines = self.env.doc2path(self.env.docname).read_text(encoding="utf-8").splitlines()
        return next((number for number, line in enumerate(lines, 1) if uri in line), None)


def _line_of(node: nodes.Node) -> int | None:
    while node is not None and node.line is None:
        node = node.parent
    return node.line if node is not None else None


class PaperTranslator(HTML5Translator):
    """HTML for print: pages marked with their language, link addresses shown."""

    def visit_start_of_file(self, node: nodes.Element) -> None:
        self.docnames.append(node["docname"])
        lang = page_language(self.builder.env.metadata.get(node["docname"], {}))
        attributes = f' lang="{lang}"' if lang and lang != self.config.language else ""
        self.body.append(f'<div class="page" id="document-{node["docname"]}"{attributes}>')

    def depart_start_of_file(self, node: nodes.Element) -> None:
        self.body.append("</div>")
        self.docnames.pop()

    def depart_reference(self, node: nodes.Element) -> None:
        super().depart_reference(node)
        uri = node.get("refuri", "")
        shown = uri.removeprefix("mailto:")
        if uri.startswith(EXTERNAL) and node.astext().strip() not in (uri, shown):
            # On paper a link cannot be clicked: its address follows it.
            self.body.append(f'<span class="link-address"> ({self.encode(shown)})</span>')


class PaperBuilder(SingleFileHTMLBuilder):
    """The whole handbook as one HTML page for WeasyPrint."""

    name = "pdfhtml"
    epilog = "HTML'en til PDF'en ligger i %(outdir)s."
    search = False
    default_translator_class = PaperTranslator

    def init(self) -> None:
        super().init()
        # The web edition's {only} html blocks stay out, {only} pdf goes in.
        self.tags.remove("html")
        self.tags.add("pdf")

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        return THEME, {}

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        # A page off the menu is not in the book: NoUri, as the LaTeX builder says for
        # pages outside its document, and as Sphinx's resolver and ext/changes.py expect.
        if docname in self.env.all_docs and docname not in self._pages_in_book():
            raise NoUri(docname, typ)
        return super().get_target_uri(docname, typ)

    def dump_inventory(self) -> None:
        """No objects.inv: nothing links here, and pages outside the book have no address."""

    def _pages_in_book(self) -> set[str]:
        """The front page and every page its toctrees reach."""
        found, todo = set(), [self.config.root_doc]
        while todo:
            page = todo.pop()
            if page not in found:
                found.add(page)
                todo += self.env.toctree_includes.get(page, [])
        return found

    def assemble_doctree(self) -> nodes.document:
        tree = super().assemble_doctree()
        _make_ids_unique(tree, self.config.root_doc)
        _chapters_to_top_level(tree)
        self._check_raw_headings(tree)
        self.paper_contents = _contents(tree)
        return tree

    def _check_raw_headings(self, tree: nodes.document) -> None:
        """A heading in raw HTML must not skip a level (PDF/UA-1); MyST checks Markdown's."""
        for raw in tree.findall(nodes.raw):
            if "html" not in raw["format"].split():
                continue
            text = raw.astext()
            deepest = _section_depth(raw)
            for match in RAW_HEADING.finditer(text):
                level = int(match[1])
                if level > deepest + 1:
                    logger.warning(
                        "overskriften <h%d> i rå HTML springer et niveau over "
                        "(afsnittet er niveau %d): skriv <h%d>",
                        level, deepest, deepest + 1,
                        location=(
                            self.env.path2doc(raw.source or "") or "",
                            (raw.line or 1) + text.count("\n", 0, match.start()),
                        ),
                        type="os2", subtype="heading_level",
                    )  # fmt: skip
                deepest = max(deepest, min(level, deepest + 1))

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict[str, Any]:
        context = super().get_doc_context(docname, diagrams_as_images(body), metatags)
        context["paper_contents"] = getattr(self, "paper_contents", [])
        context["paper_released"] = self.config.today  # the release month (conf.py)
        context["paper_author"] = self.config.author
        # "Bygget fra commit …" on the title page: which sources this copy shows.
        context["paper_built_from"] = built_from(Path(self.confdir))
        context["paper_subject"] = self.config.os2_pdf_subject
        context["paper_keywords"] = ", ".join(self.config.os2_pdf_keywords)
        return context


# A diagram as os2_handbook/ext/diagrams.py writes it for the web: its light and
# dark drawings inline, and the light one's file and text alternative named
# on the element for an HTML-to-PDF engine.
WEB_DIAGRAM = re.compile(
    r'<div class="os2-diagram(?P<classes>[^"]*)"(?P<id> id="[^"]*")?'
    r' data-svg="(?P<svg>[^"]*)" data-alt="(?P<alt>[^"]*)"[^>]*>'
    r"(?:\s*<svg\b.*?</svg>)+\s*</div>",
    re.S,
)


def diagrams_as_images(body: str) -> str:
    """Each diagram as one image: WeasyPrint tags an ``<img>`` as a Figure with its alt
    as /Alt (inline SVG only a ``<title>``), and the dark drawing has no place on paper."""
    return WEB_DIAGRAM.sub(
        lambda m: (
            f'<figure class="os2-diagram{m["classes"]}"{m["id"] or ""}>'
            f'<img src="{m["svg"]}" alt="{m["alt"]}"></figure>'
        ),
        body,
    )


RAW_HEADING = re.compile(r"<h([1-6])\b", re.I)
# A link to a place in the book inside a raw HTML block (os2_handbook/ext/raw_html.py
# has resolved it to "#document-docs/x#anchor").
RAW_LOCAL_LINK = re.compile(r"""(?P<attr>\bhref)=(?P<q>["'])(?P<target>#[^"']*)(?P=q)""")


def _make_ids_unique(tree: nodes.document, root_doc: str) -> None:
    """Prefix every id with its page ("docs/x:id") and point links at them."""

    def walk(node: nodes.Element, docname: str) -> None:
        if isinstance(node, addnodes.start_of_file):
            docname = node["docname"]
        node["ids"] = [f"{docname}:{i}" for i in node.get("ids", [])]
        if node.get("backrefs"):
            node["backrefs"] = [f"{docname}:{i}" for i in node["backrefs"]]
        if node.get("refid"):
            node["refid"] = f"{docname}:{node['refid']}"
        if isinstance(node, nodes.reference) and node.get("refuri", "").startswith("#"):
            node["refuri"] = _unique_target(node["refuri"], docname)
        if isinstance(node, nodes.raw) and "html" in node.get("format", "").split():
            text = node.astext()
            fixed = RAW_LOCAL_LINK.sub(
                lambda m: f"{m['attr']}={m['q']}{_unique_target(m['target'], docname)}{m['q']}",
                text,
            )
            if fixed != text:
                node.children = [nodes.Text(fixed)]
        for child in node.children:
            if isinstance(child, nodes.Element):
                walk(child, docname)

    walk(tree, root_doc)


def _unique_target(refuri: str, docname: str) -> str:
    """'#document-docs/x#id' -> '#docs/x:id'; '#id' -> '#<docname>:id'."""
    target, _, anchor = refuri[1:].partition("#")
    if target.startswith("document-"):
        return f"#{target.removeprefix('document-')}:{anchor}" if anchor else refuri
    return f"#{docname}:{target}"


def _chapters_to_top_level(tree: nodes.document) -> None:
    """The front page becomes the foreword; the chapters follow it, not inside it
    (singlehtml puts them where the toctree stands: they would be second-level)."""
    front = next(iter(tree.findall(nodes.section)))
    title = front[0]
    title.children = [nodes.Text(FOREWORD)]
    wrappers = [
        node for node in front.findall(nodes.compound) if "toctree-wrapper" in node["classes"]
    ]
    position = front.parent.index(front) + 1
    for wrapper in wrappers:
        wrapper.parent.remove(wrapper)
        front.parent.insert(position, wrapper)
        position += 1


def _section_depth(node: nodes.Node) -> int:
    """How many sections node lies in."""
    depth = 0
    while (node := node.parent) is not None:
        depth += isinstance(node, nodes.section)
    return depth


def _contents(tree: nodes.document) -> list[dict[str, Any]]:
    """The table of contents: every first- and second-level section."""
    entries = []
    for section in tree.findall(nodes.section):
        if (level := _section_depth(section) + 1) <= 2:
            title = section.next_node(nodes.title).astext()
            entries.append({"level": level, "id": section["ids"][0], "title": title})
    return entries


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(ImagesNeedAltText)
    # The PDF's /Subject and /Keywords (conf.py).
    app.add_config_value("os2_pdf_subject", "", "env", types=[str])
    app.add_config_value("os2_pdf_keywords", [], "env", types=[list])
    app.add_builder(PaperBuilder)
    app.add_html_theme(THEME, str(Path(__file__).resolve().parent / "paper_theme"))
    return {"parallel_read_safe": True, "parallel_write_safe": True}

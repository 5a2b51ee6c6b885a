"""Furo's sidebar navigation, rendered once per build instead of once per page.

Furo renders the whole global toctree for every page and post-processes it
with BeautifulSoup: a build costs pages². Pages differ only in the relative
link URLs and the marks of the current page (``current`` on its link and
ancestors, ``current-page`` on its item, the checked checkbox). So the
navigation is rendered once, through the same Sphinx and furo code, with
placeholders for exactly those parts, filled in per page by string
substitution: byte for byte furo's own output (tests/test_bench.py compares).
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import pickle
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from bs4 import BeautifulSoup
from docutils import nodes

from os2_handbook.ext.incremental import Fingerprints
from os2_handbook.fences.furo import NAVIGATION_VARIABLE, TOCTREE_ARGS, navigation_tree
from os2_handbook.fences.sphinx import global_toctree, render_fragment

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

# A docname no page has: the template is the navigation as seen from nowhere.
NOWHERE = "\x00os2-navigation-template"
# Placeholders inside the template (plain ASCII: they survive docutils and bs4).
CURRENT_MARK = "os2nav-c"  # + node number: becomes "current" on the current branch
PAGE_MARK = "os2nav-p"  # + node number: becomes "current-page" on one list item
CHECKED_ATTR = "data-os2nav-checked"  # = node number: becomes checked="" when current
TEMPLATE_FILE = "os2-navigation.pickle"  # the last build's template, in the doctree folder
URI_MARK = "os2nav-uri:"  # + target number + ":": becomes the relative URL

SLOT_RE = re.compile(
    rf'href="{URI_MARK}(?P<target>\d+):(?P<anchor>[^"]*)"'
    r'| class="(?P<classes>[^"]*\bos2nav-[cp]\d+[^"]*)"'
    rf'| {CHECKED_ATTR}="(?P<checked>\d+)"'
)


@dataclass
class NavigationTemplate:
    """The sidebar with placeholders, and what to put in them for each page."""

    html: str
    targets: list[str]
    # docname -> {node number: how many times Sphinx appends "current"}
    current: dict[str, Counter[int]] = field(default_factory=dict)
    # The list items' node numbers: furo marks the last one on the branch "current-page".
    items: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        # Split the HTML once into text and placeholders ("slots"), filled in as on
        # a page off the branch (links empty, no checkbox checked); a page replaces
        # only the links and its own branch (scanning the whole sidebar per page
        # would cost pages²).
        self._parts: list[str] = []
        self._links: list[tuple[int, int, str]] = []  # (part index, target, anchor)
        # node number -> [(part index, class names, or None for the checkbox)]
        self._slots_of_node: dict[int, list[tuple[int, tuple[str, ...] | None]]] = {}
        position = 0
        for match in SLOT_RE.finditer(self.html):
            index = len(self._parts) + 1
            self._parts += [self.html[position : match.start()], ""]
            if match["target"] is not None:
                self._links.append((index, int(match["target"]), match["anchor"]))
            elif match["classes"] is not None:
                names = tuple(match["classes"].split(" "))
                for name in names:
                    if name.startswith((CURRENT_MARK, PAGE_MARK)):
                        node = int(name.removeprefix(CURRENT_MARK).removeprefix(PAGE_MARK))
                        self._slots_of_node.setdefault(node, []).append((index, names))
                self._parts[index] = _class_attribute(names, Counter(), None)
            else:
                self._slots_of_node.setdefault(int(match["checked"]), []).append((index, None))
            position = match.end()
        self._parts.append(self.html[position:])

    def render(self, builder: StandaloneHTMLBuilder, pagename: str) -> str:
        """The navigation HTML furo would put on ``pagename``."""
        marks = self.current.get(pagename, Counter())
        page_item = max(self.items.intersection(marks), default=None)
        parts = self._parts.copy()
        uris: dict[int, str] = {}
        for index, target, anchor in self._links:
            if target not in uris:
                uris[target] = builder.get_relative_uri(pagename, self.targets[target])
            # Escaped as docutils' writer and bs4 leave it (not "'"); the HTML
            # writer turns an empty link (the page itself) into "#".
            uri = html.escape(uris[target] + anchor, quote=False).replace('"', "&quot;")
            parts[index] = f'href="{uri or "#"}"'
        for node in {*marks, page_item} - {None}:  # the page's branch
            for index, names in self._slots_of_node.get(node, ()):
                if names is None:  # the checkbox of a list item on the branch
                    parts[index] = ' checked=""' if marks[node] else ""
                else:
                    parts[index] = _class_attribute(names, marks, page_item)
        return "".join(parts)


def _class_attribute(names: tuple[str, ...], marks: Counter[int], page_item: int | None) -> str:
    """The class attribute with its placeholders filled in for one page."""
    result: list[str] = []
    for name in names:
        if name.startswith(CURRENT_MARK):
            result += ["current"] * marks[int(name.removeprefix(CURRENT_MARK))]
        elif name.startswith(PAGE_MARK):
            if int(name.removeprefix(PAGE_MARK)) == page_item:
                result.append("current-page")
        else:
            result.append(name)
    return f' class="{" ".join(result)}"' if result else ""


def build_template(builder: StandaloneHTMLBuilder) -> NavigationTemplate:
    """Render the global navigation once, through Sphinx and furo, with placeholders."""
    targets: list[str] = []

    def placeholder(from_: str, to: str, typ: str | None = None) -> str:
        targets.append(to)
        return f"{URI_MARK}{len(targets) - 1}:"

    # The builder Sphinx resolves the toctree with (it asks only for tags and
    # relative URLs): each URL becomes a numbered placeholder naming its target.
    links = SimpleNamespace(tags=builder.tags, get_relative_uri=placeholder)
    tree = global_toctree(builder.env, NOWHERE, links, **TOCTREE_ARGS)
    if tree is None:
        return NavigationTemplate("", [])

    # Number every node and record, per target document, the branch Sphinx
    # marks "current" (sphinx.environment.adapters.toctree._toctree_add_classes:
    # the link to the page without an anchor, and all its ancestors).
    current: dict[str, Counter[int]] = {}
    numbers: dict[int, int] = {}
    for number, node in enumerate(tree.findall(nodes.Element)):
        numbers[id(node)] = number
        if isinstance(node, (nodes.list_item, nodes.bullet_list, nodes.reference)):
            node["classes"].append(f"{CURRENT_MARK}{number}")
    for ref in tree.findall(nodes.reference):
        if ref.get("anchorname") or not ref["refuri"].startswith(URI_MARK):
            continue
        target = targets[int(ref["refuri"][len(URI_MARK) : -1])]
        branch = current.setdefault(target, Counter())
        node: nodes.Element | None = ref
        while node is not None:
            branch[numbers[id(node)]] += 1
            node = node.parent

    # furo adds checkboxes, labels and "has-children" (independent of the
    # current page), then "current-page" on the last list item marked current.
    soup = BeautifulSoup(navigation_tree(render_fragment(builder, tree)), "html.parser")
    items = set()
    for item in soup.find_all("li"):
        # Each item has one mark: a ValueError otherwise.
        (number,) = [int(name[len(CURRENT_MARK) :]) for name in item["class"]
                     if name.startswith(CURRENT_MARK)]  # fmt: skip
        item["class"].append(f"{PAGE_MARK}{number}")
        items.add(number)
        if checkbox := item.find("input", class_="toctree-checkbox", recursive=False):
            checkbox[CHECKED_ATTR] = str(number)
    return NavigationTemplate(str(soup), targets, current, frozenset(items))


# -- Wiring into furo's html-page-context handler (priority 500) --------------


def _hide_toctree_from_furo(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    # Without "toctree" furo skips its own navigation; it is put back right
    # after furo's handler. Pages other extensions add are left to furo: they
    # may swap the helper (sphinx-notfound-page makes the 404 page's links
    # absolute). Sphinx's index and search pages use Sphinx's helper, and are
    # most of a no-change rebuild's writing.
    if (
        app.config.os2_fast_navigation
        and app.builder.name in {"html", "dirhtml"}
        and app.config.html_theme == "furo"
        and "toctree" in context
        and (pagename in app.env.all_docs or pagename in {"genindex", "search"})
    ):
        context["os2_toctree"] = context.pop("toctree")


def _insert_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if "os2_toctree" not in context:
        return
    context["toctree"] = context.pop("os2_toctree")
    # Pages are written after the toctrees are final: build the template once
    # per build (and once in each parallel writer process).
    if not hasattr(app.builder, "_os2_navigation"):
        app.builder._os2_navigation = _kept_template(app)
    context[NAVIGATION_VARIABLE] = app.builder._os2_navigation.render(app.builder, pagename)


def _kept_template(app: Sphinx) -> NavigationTemplate:
    """The last build's template when no title or toctree changed since (at 50 pages
    a tenth of the live preview's rebuild), else a new one. Its key: every page's
    title and toctrees (incremental.py's fingerprints) and the versions; without
    fingerprints, it is not kept."""
    import furo
    import sphinx

    kept, key = Path(app.doctreedir) / TEMPLATE_FILE, None
    fingerprints = Fingerprints.of(app.env).data["navigation"]
    if fingerprints and fingerprints.keys() == app.env.all_docs.keys():
        code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # this module's own
        versions = [app.builder.name, sphinx.__version__, furo.__version__]
        key = hashlib.sha256(json.dumps([code, *versions, sorted(fingerprints.items())]).encode())
    # A build from a fresh environment (nox -s docs, CI, Read the Docs) renders
    # its own: what is published never comes from an earlier build.
    if key is not None and not app.fresh_env_used:
        with contextlib.suppress(OSError, pickle.UnpicklingError, ValueError, EOFError):
            stored_key, template = pickle.loads(kept.read_bytes())
            if stored_key == key.hexdigest() and isinstance(template, NavigationTemplate):
                return template
    template = build_template(app.builder)
    if key is not None:
        kept.write_bytes(pickle.dumps((key.hexdigest(), template), pickle.HIGHEST_PROTOCOL))
    else:
        kept.unlink(missing_ok=True)
    return template


def setup(app: Sphinx) -> dict[str, Any]:
    # Off (-D os2_fast_navigation=0) only to compare with furo's own output.
    app.add_config_value("os2_fast_navigation", True, "html", types=frozenset({bool}))
    app.connect("html-page-context", _hide_toctree_from_furo, priority=400)
    app.connect("html-page-context", _insert_navigation, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

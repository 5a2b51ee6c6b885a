"""Sphinx's undocumented internals (written against Sphinx 9.0.4; the lock also
installs 9.1.1 on Python 3.12 and 9.2.0 on 3.13).

Missing public API:

- An event for every warning as it is logged, with its document:
  ext/incremental.py puts its handler first on Sphinx's logger and asks the
  builder which phase it is in (``Builder.phase``, ``sphinx.util.build_phase``).
- Adding Jinja filters, globals and a bytecode cache to the HTML builder's
  templates short of replacing the loader (``template_bridge``): ext/theme.py
  uses ``builder.templates.environment``.
- The global toctree as nodes for a builder of one's own, and a node rendered
  to HTML: ext/navigation.py uses ``toctree.global_toctree_for_doc`` and
  ``StandaloneHTMLBuilder.render_partial``.
- Handing the search page its translations without ``new Function()`` (the
  Content-Security-Policy forbids it): ext/theme.py sets the
  ``DOCTOOLS_PROPERTIES`` of doctools.js's ``Documentation`` itself.
- A documented base for a one-page HTML builder: pdf/paper.py subclasses
  ``SingleFileHTMLBuilder``, overriding the ``SINGLE_FILE_METHODS``.
"""

from __future__ import annotations

import inspect
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util.build_phase import BuildPhase

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

PACKAGE = "sphinx"
TESTED = "9.0.4"

# What doctools.js's Documentation keeps the translations in (theme.py writes them).
DOCTOOLS_PROPERTIES = ("TRANSLATIONS", "PLURAL_EXPR", "LOCALE")
# SingleFileHTMLBuilder's methods os2_handbook/pdf/paper.py overrides, with their parameters.
SINGLE_FILE_METHODS = {
    "init": ["self"],
    "get_target_uri": ["self", "docname", "typ"],
    "assemble_doctree": ["self"],
    "get_doc_context": ["self", "docname", "body", "metatags"],
    "dump_inventory": ["self"],
    "get_theme_config": ["self"],
}


def add_warning_listener(handler: logging.Handler) -> None:
    """Let handler see every record Sphinx logs, before Sphinx's own handlers."""
    from sphinx.util.logging import NAMESPACE

    logging.getLogger(NAMESPACE).handlers.insert(0, handler)


def build_phase(app: Sphinx) -> BuildPhase:
    """Which phase the build is in (reading, resolving, writing …)."""
    return app.builder.phase


def jinja_environment(builder: Builder) -> Any | None:
    """The HTML builder's Jinja environment, or None for a builder without templates."""
    return getattr(getattr(builder, "templates", None), "environment", None)


def global_toctree(env: Any, docname: str, builder: Any, **options: Any) -> nodes.Element | None:
    """The whole toctree as seen from docname, resolved with builder's URIs and tags."""
    from sphinx.environment.adapters.toctree import global_toctree_for_doc

    return global_toctree_for_doc(env, docname, builder, tags=builder.tags, **options)


def render_fragment(builder: Any, node: nodes.Node) -> str:
    """One node rendered to HTML by the HTML builder's writer."""
    return builder.render_partial(node)["fragment"]


def assumptions() -> list[str]:
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment
    from sphinx.environment.adapters import toctree
    from sphinx.jinja2glue import BuiltinTemplateLoader
    from sphinx.util import logging as sphinx_logging

    problems = []
    if getattr(sphinx_logging, "NAMESPACE", None) != "sphinx":
        problems.append("sphinx.util.logging.NAMESPACE is no longer 'sphinx'")
    names = {"READING", "RESOLVING", "WRITING", "CONSISTENCY_CHECK"}
    if not names <= set(BuildPhase.__members__):
        problems.append(f"sphinx.util.build_phase.BuildPhase lacks one of {sorted(names)}")
    if "phase" not in getattr(Builder, "__annotations__", {}):
        problems.append("Builder.phase is gone")
    if "self.current_document" not in inspect.getsource(BuildEnvironment.__init__):
        problems.append("BuildEnvironment.current_document is gone")
    if "self.environment = " not in inspect.getsource(BuiltinTemplateLoader.init):
        problems.append("BuiltinTemplateLoader no longer keeps its Jinja environment")
    if not callable(getattr(toctree, "global_toctree_for_doc", None)):
        problems.append("sphinx.environment.adapters.toctree.global_toctree_for_doc is gone")
    if not callable(getattr(StandaloneHTMLBuilder, "render_partial", None)):
        problems.append("StandaloneHTMLBuilder.render_partial is gone")
    doctools = Path(sphinx.__file__).parent / "themes" / "basic" / "static" / "doctools.js"
    text = doctools.read_text(encoding="utf-8") if doctools.is_file() else ""
    for name in DOCTOOLS_PROPERTIES:
        if f"Documentation.{name}" not in text:
            problems.append(f"doctools.js no longer keeps Documentation.{name}")
    for name, parameters in SINGLE_FILE_METHODS.items():
        method = getattr(SingleFileHTMLBuilder, name, None)
        found = list(inspect.signature(method).parameters) if method else None
        if found != parameters:
            problems.append(f"SingleFileHTMLBuilder.{name}{tuple(parameters)} is now {found}")
    return problems

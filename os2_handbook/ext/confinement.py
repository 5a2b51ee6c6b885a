"""Nothing outside the repository reaches the site or the PDF.

A page can name any path on the build machine: an image, a download, an
included file (``{include}``, ``{literalinclude}``, ``:file:``). Sphinx would
copy or print it, and Read the Docs publishes what pull requests from forks
build. Each such path is resolved, symlinks followed, and one outside the
repository (conf.py's folder) is an error naming page, line and path: an image
is removed and a download becomes text before Sphinx's collectors copy them
(priority 400, theirs 500); a page that included such a file keeps only its
title and tables of contents. The error fails every build, strict or not.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.nodes import get_node_line

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def outside(path: Path, root: Path) -> bool:
    """Whether path, symlinks resolved, lies outside root."""
    return not path.resolve().is_relative_to(root.resolve())


def refuse_outside_files(app: Sphinx, doctree: nodes.document) -> None:
    env, root, docname = app.env, Path(app.confdir), app.env.docname
    for image in list(doctree.findall(nodes.image)):
        uri = image["uri"]
        if "://" in uri or uri.startswith("data:"):
            continue
        path = Path(env.relfn2path(uri.replace("*", "x"), docname)[1])
        if outside(path, root):
            _error(app, docname, get_node_line(image) or _line_naming(app, uri), uri, path)
            image.parent.remove(image)
    for download in list(doctree.findall(addnodes.download_reference)):
        target = download["reftarget"]
        if "://" in target:
            continue
        path = Path(env.relfn2path(target, docname)[1])
        if outside(path, root):
            _error(app, docname, get_node_line(download) or _line_naming(app, target), target, path)
            download.replace_self(nodes.Text(download.astext()))
    recorded = doctree.settings.record_dependencies
    included = {Path.cwd() / name for name in (recorded.list if recorded else ())}
    included |= {Path(env.srcdir, name) for name in env.dependencies.get(docname, ())}
    refused = sorted(path for path in included if outside(path, root))
    for path in refused:
        _error(app, docname, _line_naming(app, path.name), str(path), path)
    if refused:  # what the file printed may be anywhere: keep the title and contents
        section = next(iter(doctree.findall(nodes.section)), None)
        title = section.next_node(nodes.title).deepcopy() if section else None
        toctrees = [node.deepcopy() for node in doctree.findall(addnodes.toctree)]
        ids = section["ids"] if section else []
        del doctree[:]
        kept = nodes.section("", *([title] if title else []), ids=ids)
        for toctree in toctrees:
            kept += nodes.compound("", toctree, classes=["toctree-wrapper"])
        doctree += kept


def _error(app: Sphinx, docname: str, line: int | None, named: str, path: Path) -> None:
    logger.error(
        "%r peger på en fil uden for repositoriet (%s); den kommer ikke med i håndbogen. "
        "Læg filen i repositoriet (fx i source/), og henvis til den derfra.",
        named, path.resolve(),
        location=(docname, line or 1), type="os2", subtype="outside",
    )  # fmt: skip


def _line_naming(app: Sphinx, text: str) -> int | None:
    """The first source line that names text (MyST gives images and includes no line)."""
    source = app.env.doc2path(app.env.docname).read_text(encoding="utf-8")
    return next((n for n, line in enumerate(source.splitlines(), 1) if text in line), None)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", refuse_outside_files, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

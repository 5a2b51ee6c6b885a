"""```` ```{mermaid} ```` diagrams, drawn once at build time by Mermaid's own
renderer (``diagrams.mjs``: @mermaid-js/mermaid-cli from package.json in a
headless Chromium), as a light and a dark SVG. Readers download no diagram
library, and pages work without JavaScript.

- The HTML gets both SVGs inline, each an image named by the text alternative
  (Mermaid's ``accTitle``/``accDescr``, ``:alt:`` or ``:caption:``); os2.css shows
  the one that fits furo's colour theme. The PDF (pdf/paper.py) prints the light one.
- A syntax error is a warning at the diagram's file and line; a missing
  renderer a warning that says what to install.
- Drawings are cached in ``_build/diagrams/`` under a hash of the diagram and
  package-lock.json, and so is Mermaid's refusal of a diagram: an unchanged
  diagram never starts Chromium again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from os2_handbook import nodejs
from os2_handbook.ext.state import PageState
from os2_handbook.ext.valid_svg import valid_svg

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

RENDERER = Path(__file__).with_name("diagrams.mjs")
RENDER_VERSION = "1"  # bump when the drawing options below change
THEMES = {"light": "default", "dark": "dark"}  # our name -> Mermaid's theme
# Mermaid's options for every drawing. Labels as SVG <text> rather than HTML
# in <foreignObject>: PDF engines that draw SVG themselves (WeasyPrint) cannot
# show HTML labels. Arial has metric twins on every
# system (Liberation Sans, Helvetica), so labels fit their boxes everywhere.
MERMAID_CONFIG: dict[str, Any] = {
    "securityLevel": "strict",
    "deterministicIds": True,
    "htmlLabels": False,
    "flowchart": {"htmlLabels": False},
    "fontFamily": "Arial, Helvetica, sans-serif",
    # Keys a diagram's own %%{init: …}%% or front matter may not change: Mermaid's
    # defaults, and htmlLabels, which would leave every label out of the PDF.
    "secure": ["secure", "securityLevel", "startOnLoad", "maxTextSize",
               "suppressErrorRendering", "maxEdges", "htmlLabels"],
}  # fmt: skip
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# The Debian packages behind the renderer (.ci/run and README install them too).
DEBIAN_PACKAGES = ("nodejs", "npm", "chromium")
# What Read the Docs installs for puppeteer's own Chrome (.readthedocs.yaml).
READTHEDOCS_PACKAGES = ("libasound2t64", "libnss3", "libgbm1", "fonts-liberation")
INSTALL_HINT = (
    "Installer Node.js (se README.md) og Chromium (Debian/Ubuntu: sudo apt-get install "
    f"{' '.join(DEBIAN_PACKAGES)}), og kør derefter i projektmappen: "
    "PUPPETEER_SKIP_DOWNLOAD=1 npm ci"
)

# Failures of the browser or the disk rather than of the diagram's code: not remembered.
TRANSIENT_FAILURE = re.compile(
    r"protocol error|target closed|session closed|timed? ?out|E(NOENT|ACCES|NOSPC)", re.I
)
ACC_TITLE = re.compile(r"^\s*accTitle\s*:\s*(?P<text>.*\S)", re.M)
ACC_DESCR_LINE = re.compile(r"^\s*accDescr\s*:\s*(?P<text>.*\S)", re.M)
ACC_DESCR_BLOCK = re.compile(r"^\s*accDescr\s*\{(?P<text>[^}]*)\}", re.M)
PARSE_ERROR_LINE = re.compile(r"\bon line (?P<line>\d+)")


@dataclass(frozen=True)
class TextAlternative:
    """What a screen reader says for a diagram, and what print shows under it."""

    name: str  # short: the accessible name
    description: str  # longer, may be empty

    def __bool__(self) -> bool:
        return bool(self.name or self.description)


def text_alternative(code: str, alt: str = "", caption: str = "") -> TextAlternative:
    """The diagram's text alternative: ``:alt:``, else ``accTitle``, else the caption."""
    title = ACC_TITLE.search(code)
    descr = ACC_DESCR_BLOCK.search(code) or ACC_DESCR_LINE.search(code)
    description = " ".join(descr["text"].split()) if descr else ""
    name = alt.strip() or (title["text"].strip() if title else "") or caption.strip()
    return TextAlternative(name or description, description if name else "")


# -- The directive ----------------------------------------------------------------


class diagram(nodes.General, nodes.Element):
    """One Mermaid diagram: its code, cache key and text alternative."""


@dataclass(frozen=True)
class Drawing:
    """A diagram to draw: where it is written, and what."""

    key: str
    code: str
    docname: str
    line: int  # the diagram's first line in its source file


class MermaidDirective(SphinxDirective):
    """```` ```{mermaid} ````: a Mermaid diagram, drawn at build time.

    The options match sphinxcontrib-mermaid's, so pages need no change if
    the handbook ever moves to it.
    """

    has_content = True
    option_spec = {  # noqa: RUF012 (docutils' own interface)
        "alt": directives.unchanged,
        "caption": directives.unchanged,
        "name": directives.unchanged,
        "align": lambda arg: directives.choice(arg, ("left", "center", "right")),
    }

    def run(self) -> list[nodes.Node]:
        code = "\n".join(self.content)
        if not code.strip():
            logger.warning(
                "diagrammet er tomt: skriv Mermaid-koden mellem ```{mermaid} og ```.",
                location=(self.env.docname, self.lineno), type="os2", subtype="diagram",
            )  # fmt: skip
            return []
        caption = self.options.get("caption", "")
        inline, messages = self.parse_inline(caption, lineno=self.lineno) if caption else ([], [])
        caption_text = "".join(child.astext() for child in inline)  # without markup
        alternative = text_alternative(code, self.options.get("alt", ""), caption_text)
        # The cache key: the diagram, the drawing options and the renderer's versions.
        material = json.dumps([RENDER_VERSION, MERMAID_CONFIG, self.env.os2_lock_digest, code])
        node = diagram(
            code=code,
            key=hashlib.sha256(material.encode("utf-8")).hexdigest()[:20],
            alt=alternative.name,
            desc=alternative.description,
            align=self.options.get("align", "center"),
        )
        self.set_source_info(node)
        # MyST counts content_offset from the directive's first line, docutils
        # from the top of the file (0-based).
        offset = self.content_offset
        first_line = offset + 1 if offset >= self.lineno else self.lineno + 1 + offset
        drawing = Drawing(node["key"], code, self.env.docname, first_line)
        Drawings.of(self.env).pages.setdefault(self.env.docname, []).append(drawing)
        if not caption:
            self.add_name(node)
            return [node]
        figure = nodes.figure("", node, classes=["os2-diagram-figure"])
        self.set_source_info(figure)
        figure += nodes.caption(caption, "", *inline)
        self.add_name(figure)
        return [figure, *messages]


# -- Drawing, once per build, before any page is written ----------------------------


def cache_dir(owner: Sphinx | Builder) -> Path:
    """The drawings' folder; owner is the app or its builder."""
    return Path(owner.confdir) / owner.config.os2_diagram_cache


def cached_files(folder: Path, key: str) -> dict[str, Path]:
    return {variant: folder / f"{key}-{variant}.svg" for variant in THEMES}


def is_drawn(folder: Path, key: str) -> bool:
    return all(path.is_file() for path in cached_files(folder, key).values())


def failure_file(folder: Path, key: str) -> Path:
    # Mermaid's refusal, kept like a drawing: an author's preview does not
    # start a browser on every save to hear the same error again.
    return folder / f"{key}.error.txt"


def find_browser() -> str | None:
    """$PUPPETEER_EXECUTABLE_PATH, else a Chromium on PATH, else None: puppeteer's
    own, which ``npm ci`` downloads where downloads are allowed (Read the Docs)."""
    if path := os.environ.get("PUPPETEER_EXECUTABLE_PATH"):
        return path
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def missing_renderer(root: Path) -> str | None:
    """Why diagrams cannot be drawn here, in Danish; None when they can."""
    if reason := nodejs.problem():  # package.json beside this package, as npm ci used
        return reason
    installed = root / "node_modules" / "@mermaid-js" / "mermaid-cli" / "package.json"
    if not installed.is_file():
        return "Mermaids tegneprogram (@mermaid-js/mermaid-cli) er ikke installeret med npm"
    lock = root / "package-lock.json"
    if lock.is_file():
        pinned = json.loads(lock.read_text(encoding="utf-8"))["packages"]
        wanted = pinned.get("node_modules/@mermaid-js/mermaid-cli", {}).get("version")
        have = json.loads(installed.read_text(encoding="utf-8")).get("version")
        if wanted and have != wanted:
            return (
                f"den installerede @mermaid-js/mermaid-cli er version {have}, men "
                f"package-lock.json angiver {wanted}"
            )
    return None


def _draw_all(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Draw every diagram that is not in the cache yet, in one browser."""
    drawings = [drawing for found in Drawings.of(env).pages.values() for drawing in found]
    if app.builder.format != "html" or not drawings:
        return []
    folder = cache_dir(app)
    pending: dict[str, Drawing] = {}
    for drawing in drawings:
        if is_drawn(folder, drawing.key):
            continue
        if (error := failure_file(folder, drawing.key)).is_file():
            # Mermaid refused this very code before: say so again without a browser.
            _report_syntax_error(drawing, error.read_text(encoding="utf-8"))
            continue
        pending.setdefault(drawing.key, drawing)
    if not pending:
        return []
    root = Path(app.confdir)
    if reason := missing_renderer(root):
        for drawing in pending.values():
            _warn(drawing, f"diagrammet kan ikke tegnes: {reason}. {INSTALL_HINT}")
        return []
    folder.mkdir(parents=True, exist_ok=True)
    logger.info("os2: tegner %d diagram(mer) med Mermaid …", len(pending))
    jobs = []  # (diagram, its SVG file, the job for diagrams.mjs)
    for drawing in pending.values():
        for variant, path in cached_files(folder, drawing.key).items():
            config = {**MERMAID_CONFIG, "theme": THEMES[variant]}
            job = {"code": drawing.code, "format": "svg", "config": config, "out": f"{path}.tmp",
                   "svgId": f"mermaid-{drawing.key[:12]}-{variant}"}  # fmt: skip
            jobs.append((drawing, path, job))
    request = {
        "browser": find_browser(),
        "browserArgs": _browser_args(),
        "tabs": min(2, os.cpu_count() or 1),  # 2 tabs: 0.87× the time of 1 (CI has 2 cores)
        "jobs": [job for _, _, job in jobs],
    }
    result = subprocess.run(
        ["node", str(RENDERER)], input=json.dumps(request), capture_output=True,
        encoding="utf-8", cwd=root, check=False,
    )  # fmt: skip
    failed: set[str] = set()  # keys
    for line in result.stdout.splitlines():
        if not line.startswith("{"):  # not one of diagrams.mjs's answers
            continue
        answer = json.loads(line)
        if "fatal" in answer:
            message = answer["fatal"].splitlines()[0]
            for drawing in pending.values():
                _warn(drawing, f"diagrammet kan ikke tegnes: browseren starter ikke ({message}). "
                      f"{INSTALL_HINT}")  # fmt: skip
            return []
        drawing, path, _ = jobs[answer["index"]]
        if "error" not in answer:
            Path(f"{path}.tmp").replace(path)
        elif drawing.key not in failed:
            failed.add(drawing.key)
            _report_syntax_error(drawing, answer["error"])
            if not TRANSIENT_FAILURE.search(answer["error"]):  # the next build tries again
                failure_file(folder, drawing.key).write_text(answer["error"], encoding="utf-8")
    # Whatever is still undrawn (the renderer crashed half-way) is said, not dropped.
    for drawing in pending.values():
        if drawing.key not in failed and not is_drawn(folder, drawing.key):
            stderr = result.stderr.strip()[-2000:]
            _warn(drawing, f"diagrammet blev ikke tegnet; Mermaids tegneprogram skrev:\n{stderr}")
    return []


def _browser_args() -> list[str]:
    args = ["--disable-gpu", "--disable-background-networking", "--no-first-run"]
    # Chromium refuses to start as root with its sandbox (CI runs as root), and
    # build containers such as Read the Docs' often lack the kernel features it
    # needs. It only ever opens the handbook's own diagrams, offline.
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if as_root or os.environ.get("READTHEDOCS") == "True":
        args.append("--no-sandbox")
    return args


def _report_syntax_error(drawing: Drawing, error: str) -> None:
    lines = [line for line in error.splitlines() if not line.lstrip().startswith("at ")]
    # The last line of Mermaid's message is where in its own code it noticed.
    if len(lines) > 1 and "(" in lines[-1] and "mermaid" in lines[-1]:
        lines = lines[:-1]
    line = drawing.line
    if match := PARSE_ERROR_LINE.search(lines[0] if lines else ""):
        line = drawing.line + int(match["line"]) - 1
    detail = "\n".join(lines).strip()
    _warn(
        drawing,
        f"Mermaid-diagrammet har en fejl og kan ikke tegnes:\n{detail}\n"
        "Ret diagrammet (se https://mermaid.js.org/intro/syntax-reference.html).",
        line,
    )


def _warn(drawing: Drawing, message: str, line: int | None = None) -> None:
    location = (drawing.docname, line or drawing.line)
    logger.warning(message, location=location, type="os2", subtype="diagram")


# -- Writing the pages --------------------------------------------------------------

SVG_OPEN = re.compile(r"<svg\b[^>]*>")
ROLE = re.compile(r'\s(role|aria-labelledby|aria-describedby|aria-roledescription)="[^"]*"')


def _accessible_svg(svg: str, name: str, variant: str) -> str:
    """Mermaid's SVG as an image named by the text alternative.

    Mermaid's "graphics-document" lets a screen reader wander through every box
    and label; an image with a name says what the diagram shows in one go.
    """
    opening = SVG_OPEN.match(svg.lstrip())
    if opening is None:
        raise ValueError("Mermaid's output does not start with <svg>")
    tag = ROLE.sub("", opening[0])
    desc_id = re.search(r'<desc id="([^"]+)"', svg)
    extra = f' role="img" aria-label="{_attr(name or "Diagram")}"'
    if desc_id:
        extra += f' aria-describedby="{desc_id[1]}"'
    if ' class="' in tag:
        tag = tag.replace(' class="', f' class="os2-diagram-{variant} ', 1)
    else:
        extra += f' class="os2-diagram-{variant}"'
    tag = tag[:-1] + f"{extra}>"
    return tag + svg.lstrip()[opening.end() :]


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def visit_diagram_html(self: HTML5Translator, node: diagram) -> None:
    files = cached_files(cache_dir(self.builder), node["key"])
    if not all(path.is_file() for path in files.values()):
        # A warning has said why; a non-strict build shows the code.
        self.body.append(
            # role="figure": HTML allows aria-label on a <pre> only with a role.
            f'<pre class="os2-diagram-missing" role="figure" aria-label="{_attr(node["alt"])}">'
            f"{self.encode(node['code'])}</pre>\n"
        )
        raise nodes.SkipNode
    svgs = [
        _accessible_svg(valid_svg(files[variant].read_text(encoding="utf-8")), node["alt"], variant)
        for variant in THEMES
    ]
    # The light drawing as a file too, named on the element: for an HTML-to-PDF
    # engine that wants <img src alt> (its alt text) rather than inline SVG.
    images = Path(self.builder.outdir) / self.builder.imagedir
    images.mkdir(parents=True, exist_ok=True)
    name = f"diagram-{node['key']}.svg"
    shutil.copyfile(files["light"], images / name)
    attributes = f'class="os2-diagram align-{node["align"]}"'
    if node.get("ids"):
        attributes += f' id="{node["ids"][0]}"'
    attributes += f' data-svg="{self.builder.imgpath}/{name}" data-alt="{_attr(node["alt"])}"'
    if node["desc"]:
        attributes += f' data-desc="{_attr(node["desc"])}"'
    self.body.append(f"<div {attributes}>{''.join(svgs)}</div>\n")
    raise nodes.SkipNode


class Drawings(PageState):
    """docname -> the diagrams written on the page, in order."""

    name = "os2-diagrams"
    label = "Diagrammer"


def _init_env(app: Sphinx) -> None:
    # package-lock.json's hash, in every drawing's key: a new Mermaid or puppeteer draws anew.
    lock = Path(app.confdir, "package-lock.json")
    digest = hashlib.sha256(lock.read_bytes()).hexdigest() if lock.is_file() else ""
    app.env.os2_lock_digest = digest


def setup(app: Sphinx) -> dict[str, Any]:
    # Relative to conf.py's folder; OS2_DIAGRAM_CACHE lets copies of the
    # project (tests, benchmarks) share one cache.
    default_cache = os.environ.get("OS2_DIAGRAM_CACHE", "_build/diagrams")
    app.add_config_value("os2_diagram_cache", default_cache, "env", str)
    app.add_node(diagram, html=(visit_diagram_html, None))  # the HTML and PDF builders
    app.add_directive("mermaid", MermaidDirective)
    app.add_domain(Drawings)
    app.connect("builder-inited", _init_env)
    app.connect("env-updated", _draw_all)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}

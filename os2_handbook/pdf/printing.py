"""The PDF edition: Sphinx writes one HTML page, WeasyPrint prints it as tagged PDF/UA-1.

1. The ``pdfhtml`` builder (paper.py) writes the whole book as one page, strictly.
2. Every character must be in a font of paper.css: else it would be drawn from
   whatever font the machine has, or as a box, so the build stops naming it.
3. WeasyPrint's ``pdf/ua-1`` variant writes the structure tree, /Lang, title
   and bookmarks; any WeasyPrint warning fails the build; nothing is fetched.
4. pikepdf finishes what WeasyPrint 70 leaves undone: running heads and page
   numbers become artefacts, and /ID derives from the content, so two builds
   of a commit are byte-identical.

Standard library only at import time: the noxfile imports it (and build.py)
before any dependency is installed.
"""

from __future__ import annotations

import datetime
import html
import html.parser
import logging
import logging.handlers
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from os2_handbook.project import BUILD, ROOT, SOURCE, git, sphinx_command

PDF_NAME = "os2-haandbog.pdf"

# The fonts of paper.css, by the role they play. A character must be in one of
# its role's fonts; body text may be set in the text face or the heading face.
TEXT_FONTS = ("TeX Gyre Pagella", "TeX Gyre Heros")
CODE_FONTS = ("DejaVu Sans Mono",)
# Emoji and symbols: Pango draws emoji from the colour emoji font (paper.css).
FALLBACK_FONTS = ("Noto Color Emoji", "Symbola")
CODE_ELEMENTS = {"code", "pre", "kbd", "samp", "tt"}

# The Debian packages the PDF build needs besides Python packages (.ci/run, README.md
# and .readthedocs.yaml install the same list): WeasyPrint's text layout (Pango,
# HarfBuzz's subsetter) and fontconfig, then the fonts.
DEBIAN_PACKAGES = (
    *("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fontconfig"),
    *("fonts-texgyre", "fonts-dejavu-core", "fonts-symbola", "fonts-noto-color-emoji"),
)


def font_file(family: str) -> Path | None:
    """The regular face of an installed font family, found by fontconfig."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    found = subprocess.run(
        [fc_match, "--format=%{family}\n%{file}", f"{family}:style=Regular"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    families, _, file = found.stdout.partition("\n")
    # fc-match always answers: with some other font when the family is missing.
    if found.returncode or family not in families.split(","):
        return None
    return Path(file)


def missing_prerequisites() -> list[str]:
    """The fonts (or fontconfig itself) that this machine lacks."""
    if shutil.which("fc-match") is None:
        return ["fontconfig (fc-match)"]
    return [f for f in (*TEXT_FONTS, *CODE_FONTS, *FALLBACK_FONTS) if font_file(f) is None]


def prerequisites_message(missing: list[str]) -> str:
    return (
        f"PDF'en kan ikke bygges: {', '.join(missing)} er ikke installeret.\n"
        "Installer skrifttyperne og WeasyPrints biblioteker (Debian/Ubuntu):\n"
        "    sudo apt-get update\n"
        f"    sudo apt-get install -y --no-install-recommends {' '.join(DEBIAN_PACKAGES)}\n"
        "Kør derefter kommandoen igen."
    )


def source_date_epoch(root: Path) -> str:
    """The build's fixed timestamp: from the environment, the last commit, or (outside a
    git checkout: a copy, an unpacked archive) the release month of udgave.toml."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    toplevel = git(root, "rev-parse", "--show-toplevel")
    if toplevel.returncode == 0 and Path(toplevel.stdout.strip()).resolve() == root:
        last_commit = git(root, "log", "-1", "--format=%ct").stdout.strip()
        if last_commit:  # empty when git failed too
            return last_commit
    from os2_handbook.edition import read_edition  # needs babel: the build venv has it

    released = read_edition(root / "udgave.toml").released
    midnight = datetime.datetime.combine(released, datetime.time(), datetime.UTC)
    return str(int(midnight.timestamp()))


# -- Every character in the fonts ----------------------------------------------------


class _TextByRole(html.parser.HTMLParser):
    """The characters of an HTML page, split into code and other text."""

    VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "wbr", "col", "area", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.code: set[str] = set()
        self.text: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:  # also closes what was left open inside it
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if {"head", "style", "script"} & set(self.open):
            return
        chars = {c for c in data if unicodedata.category(c)[0] not in "ZC"}
        (self.code if CODE_ELEMENTS & set(self.open) else self.text).update(chars)


def font_characters(family: str) -> set[str]:
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency

    path = font_file(family)
    if path is None:
        return set()
    with TTFont(path, lazy=True) as font:
        return {chr(code) for code in font.getBestCmap()}


def check_glyphs(page: Path, source: Path) -> list[str]:
    """Every character of the page that none of its fonts can draw, with file:line."""
    parser = _TextByRole()
    parser.feed(page.read_text(encoding="utf-8"))
    fallback = set().union(*(font_characters(f) for f in FALLBACK_FONTS))
    text_fonts = set.intersection(*(font_characters(f) for f in TEXT_FONTS)) | fallback
    code_fonts = set().union(*(font_characters(f) for f in CODE_FONTS)) | fallback
    problems = []
    roles = [(parser.text, text_fonts, TEXT_FONTS), (parser.code, code_fonts, CODE_FONTS)]
    for chars, covered, fonts in roles:
        for char in sorted(chars - covered):
            where = ", ".join(find_in_sources(char, source)) or "ukendt sted"
            name = unicodedata.name(char, "uden navn")
            problems.append(
                f"{where}: tegnet {char} (U+{ord(char):04X} {name}) findes ikke i PDF'ens "
                f"skrifttyper ({', '.join((*fonts, *FALLBACK_FONTS))}). Skriv det på en "
                "anden måde, eller tilføj en skrifttype, der har det, i "
                "os2_handbook/pdf/paper_theme/static/paper.css og os2_handbook/pdf/printing.py."
            )
    return problems


def find_in_sources(text: str, source: Path) -> list[str]:
    """``file:line`` for every source line that contains text."""
    found = []
    for path in sorted(source.rglob("*.md")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text in line:
                found.append(f"{path.relative_to(source.parent)}:{lineno}")
    return found


# -- WeasyPrint ----------------------------------------------------------------------


def _local_files_only(htmldir: Path):
    """WeasyPrint's URL fetcher, limited to the build's own files: nothing is downloaded.

    A refused address is logged by WeasyPrint as a warning, which fails the build.
    """
    from weasyprint.urls import URLFetcher

    allowed = htmldir.resolve().as_uri() + "/"

    class LocalFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(allowed):
                raise ValueError(f"PDF'en henter ikke noget udefra ({url}): læg filen i projektet")
            return super().fetch(url, headers)

    return LocalFiles(allowed_protocols=["file"])


def print_pdf(page: Path, target: Path, epoch: str) -> list[str]:
    """Lay out the HTML page as tagged PDF/UA-1 at target; what WeasyPrint warned about."""
    from weasyprint import HTML

    from os2_handbook.fences.weasyprint import lang_on_parts

    # fontTools stamps the fonts it subsets with this time instead of now.
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    warnings = logging.handlers.BufferingHandler(capacity=sys.maxsize)  # keeps every record
    warnings.setLevel(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(warnings)
    try:
        fetcher = _local_files_only(page.parent)
        document = HTML(page, url_fetcher=fetcher).render(pdf_variant="pdf/ua-1")
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(epoch)))
        document.metadata.created = document.metadata.modified = stamp
        with lang_on_parts():  # os2_handbook/fences/weasyprint.py
            document.write_pdf(target, pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    finally:
        logger.removeHandler(warnings)
    return [f"WeasyPrint: {record.getMessage()}" for record in warnings.buffer]


def finish_pdf(path: Path, rights: str = "") -> None:
    """Mark page furniture as artefacts, add dc:rights, save with a content-derived /ID.

    WeasyPrint gives the page margins' text (running head, page number) an MCID
    but no structure element the tree reaches; PDF/UA-1 wants content or artefact.
    Its XMP has no rights: the page's ``dcterms.rights`` (ext/publishing.py) goes there.
    """
    import pikepdf

    from os2_handbook.pdf.pdfcheck import elements

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        tree = pdf.Root.StructTreeRoot
        _links_in_link_elements(tree)
        reachable = {element.objgen for element in elements(tree)}
        nums = tree.ParentTree.Nums
        for index, page in enumerate(pdf.pages):
            marks = nums[2 * index + 1]
            furniture = {
                mcid
                for mcid, element in enumerate(marks)
                if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
            }
            if not furniture:
                continue
            operations = []
            for operands, operator in pikepdf.parse_content_stream(page):
                if (
                    str(operator) == "BDC"
                    and isinstance(operands[1], pikepdf.Dictionary)
                    and int(operands[1].get("/MCID", -1)) in furniture
                ):
                    artifact = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
                    operands = [pikepdf.Name.Artifact, artifact]
                operations.append((operands, operator))
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))
            for mcid in furniture:
                marks[mcid] = pikepdf.Object.parse(b"null")
        if rights:  # not as editor: no new timestamp, so builds stay byte-identical
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
                xmp["dc:rights"] = rights
        pdf.save(
            path,
            deterministic_id=True,  # /ID from the content: byte-identical builds
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
        )


def page_rights(page: Path) -> str:
    """The rights statement of the page WeasyPrint printed (paper_theme/layout.html)."""
    found = RIGHTS_META.search(page.read_text(encoding="utf-8"))
    return html.unescape(found["content"]) if found else ""


RIGHTS_META = re.compile(r'<meta name="dcterms\.rights" content="(?P<content>[^"]*)">')


def _links_in_link_elements(tree) -> None:
    """Hang every link annotation on its Link element (PDF/UA-1): WeasyPrint hangs
    it on the inner element of a link with markup of its own (``<a><strong>``)."""
    import pikepdf

    from os2_handbook.pdf.pdfcheck import elements

    parent_tree = pikepdf.NumberTree(tree.ParentTree)
    for element in list(elements(tree)):
        kids = element.get("/K")
        if str(element.S) == "/Link" or not isinstance(kids, pikepdf.Array):
            continue
        link = element.get("/P")
        while isinstance(link, pikepdf.Dictionary) and link.get("/S") not in ("/Link", None):
            link = link.get("/P")
        if not isinstance(link, pikepdf.Dictionary) or link.get("/S") != "/Link":
            continue
        for kid in list(kids):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                kids.remove(kid)
                link.K.append(kid)
                parent_tree[int(kid.Obj.StructParent)] = link


def build_pdf(outdir: Path, extra: tuple[str, ...] = ()) -> int:
    """Build ``outdir/os2-haandbog.pdf`` (only it: Read the Docs wants one file there);
    the HTML it is printed from goes to _build/pdfhtml."""
    if missing := missing_prerequisites():
        print(prerequisites_message(missing), file=sys.stderr)
        return 2
    htmldir = BUILD / "pdfhtml"
    if htmldir.exists():  # no stale images or pages from an earlier build
        shutil.rmtree(htmldir)
    status = subprocess.call(sphinx_command("pdfhtml", htmldir, extra=extra, python=sys.executable))
    if status:
        return status
    page = htmldir / "index.html"
    problems = check_glyphs(page, SOURCE)
    printed = htmldir / PDF_NAME
    if not problems:
        print(f"WeasyPrint sætter PDF'en ud fra {page} …", flush=True)
        problems = print_pdf(page, printed, source_date_epoch(ROOT))
    if problems:
        return _failed("PDF'en blev ikke bygget:", problems)
    finish_pdf(printed, rights=page_rights(page))
    from os2_handbook.pdf.pdfcheck import check_pdf

    if failures := check_pdf(printed):
        return _failed("PDF'en opfylder ikke PDF/UA-1:", failures)
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / PDF_NAME
    shutil.copyfile(printed, target)
    print(f"PDF'en er bygget: {target}")
    return 0


def _failed(title: str, problems: list[str]) -> int:
    print(title, *(f"  {problem}" for problem in problems), sep="\n", file=sys.stderr)
    return 1

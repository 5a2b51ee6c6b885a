"""Machine checks of a tagged PDF against PDF/UA-1 (ISO 14289-1), with pikepdf.

veraPDF, the reference validator, is Java that neither PyPI, npm nor Debian
carries. These are the Matterhorn Protocol 1.1 failure conditions that matter
for this handbook, read straight from the PDF's objects; a number in brackets
is the Matterhorn checkpoint. tests/test_pdf.py breaks a real PDF for each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pikepdf

TEXT_OPERATORS = {"Tj", "TJ", "'", '"', "Do", "sh"}  # what puts content on the page
LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def elements(tree: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    """Every structure element reachable from the root, in document order."""
    seen: set[tuple[int, int]] = set()
    stack = [tree.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
            yield node
            if "/K" in node:
                stack.append(node.K)


def check_pdf(path: Path) -> list[str]:
    """What the PDF at path does wrong, one message per failure, in Danish."""
    with pikepdf.open(path) as pdf:
        return list(_problems(pdf))


def _problems(pdf: pikepdf.Pdf) -> Iterator[str]:
    root = pdf.Root
    if not root.get("/MarkInfo", {}).get("/Marked", False):
        yield "/MarkInfo /Marked er ikke sand: PDF'en er ikke mærket som tagget"
    tree = root.get("/StructTreeRoot")
    if tree is None:
        yield "PDF'en har intet strukturtræ (/StructTreeRoot)"
        return
    yield from _metadata(pdf)
    if not root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False):
        yield "[07-001] /ViewerPreferences /DisplayDocTitle er ikke sand: vinduet viser filnavnet"
    lang = str(root.get("/Lang", ""))
    if not LANG.match(lang):
        yield f"dokumentets sprog (/Lang) mangler eller er ugyldigt: {lang!r}"
    if "/Outlines" not in root:
        yield "PDF'en har ingen bogmærker (/Outlines)"
    found = list(elements(tree))
    reachable = {element.objgen for element in found}
    parent_tree = dict(pikepdf.NumberTree(tree.ParentTree).items()) if "/ParentTree" in tree else {}
    yield from _elements(found)
    yield from _content(pdf, parent_tree, reachable)
    yield from _annotations(pdf, parent_tree, reachable)
    yield from _fonts(pdf)


def _metadata(pdf: pikepdf.Pdf) -> Iterator[str]:
    if "/Metadata" not in pdf.Root:
        yield "[06-001] PDF'en har ingen XMP-metadata"
        return
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8", "replace")
    if not re.search(r'pdfuaid:part(?:="1"|>1<)', xmp):
        yield "[06-002] XMP-metadata siger ikke pdfuaid:part=1"
    if "<dc:title>" not in xmp:
        yield "[06-003] XMP-metadata har ingen titel (dc:title)"


def _text(element: pikepdf.Dictionary) -> str:
    return str(element.get("/Alt", "") or element.get("/ActualText", "")).strip()


def _elements(found: list[pikepdf.Dictionary]) -> Iterator[str]:
    previous = 0
    for element in found:
        role = str(element.S)[1:]
        if (lang := element.get("/Lang")) and not LANG.match(str(lang)):
            yield f"{role}-element med ugyldigt sprog (/Lang {str(lang)!r})"
        if role == "Figure" and not _text(element):
            yield "[13-004] et billede (Figure) har ingen alternativ tekst (/Alt)"
        if re.fullmatch(r"H[1-6]", role):
            level = int(role[1])
            if level > previous + 1:
                yield f"[14-003] overskriftsniveau springes over: H{previous} efterfølges af {role}"
            previous = level
        if role == "Table":
            cells = [str(e.S) for e in elements(element) if str(e.S) in ("/TH", "/TD")]
            if "/TH" not in cells:
                yield "en tabel har ingen overskriftsceller (TH)"


def _content(pdf: pikepdf.Pdf, parent_tree: dict, reachable: set) -> Iterator[str]:
    """[01-005] every piece of content is tagged (its MCID reaches the tree) or an artefact."""
    for number, page in enumerate(pdf.pages, 1):
        marks = parent_tree.get(int(page.obj.get("/StructParents", -1)))
        tagged = {  # the MCIDs whose element the tree reaches
            mcid
            for mcid, element in enumerate(marks if isinstance(marks, pikepdf.Array) else [])
            if isinstance(element, pikepdf.Dictionary) and element.objgen in reachable
        }
        depth = 0  # nesting of BDC/BMC ... EMC
        untagged = 0
        orphans = set()
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                depth += 1
                if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    mcid = int(operands[1].get("/MCID", -1))
                    if mcid != -1 and str(operands[0]) != "/Artifact" and mcid not in tagged:
                        orphans.add(mcid)
            elif op == "EMC":
                depth -= 1
            elif op in TEXT_OPERATORS and depth == 0:
                untagged += 1
        if untagged:
            yield (
                f"[01-005] side {number}: {untagged} stykker indhold er hverken tagget "
                "eller artefakt"
            )
        if orphans:
            yield (
                f"[01-005] side {number}: indhold med MCID {sorted(orphans)[:5]} hører ikke "
                "til noget element i strukturtræet og er ikke artefakt"
            )


def _annotations(pdf: pikepdf.Pdf, parent_tree: dict, reachable: set) -> Iterator[str]:
    for number, page in enumerate(pdf.pages, 1):
        annotations = [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        if annotations and page.obj.get("/Tabs") != "/S":
            yield f"side {number}: /Tabs er ikke /S (tabulatorrækkefølgen følger ikke strukturen)"
        for annotation in annotations:
            element = parent_tree.get(int(annotation.get("/StructParent", -1)))
            if not isinstance(element, pikepdf.Dictionary) or element.objgen not in reachable:
                yield f"[28-011] side {number}: et link hører ikke til et Link-element"
            elif str(element.S) != "/Link":
                role = element.S
                yield f"[28-011] side {number}: et link ligger i {role}, ikke i et Link-element"
            if not str(annotation.get("/Contents", "")).strip():
                yield f"side {number}: et link har ingen beskrivelse (/Contents)"


def _fonts(pdf: pikepdf.Pdf) -> Iterator[str]:
    seen = set()
    for page in pdf.pages:
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor", {})
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                yield f"skrifttypen {font.get('/BaseFont')} er ikke indlejret"
            if "/ToUnicode" not in font:
                yield f"skrifttypen {font.get('/BaseFont')} har intet /ToUnicode"

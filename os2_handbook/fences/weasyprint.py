"""WeasyPrint's internals (written against WeasyPrint 70.0).

Missing public API: /Lang on the structure elements of a part in another
language. WeasyPrint 70 writes /Lang for the whole document only. Its tag
tree builder (``weasyprint.pdf.tags._build_box_tree``) calls itself through
the module's name for every box, so wrapping it there sees every structure
element with the HTML element it came from (``lang_on_parts``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

PACKAGE = "weasyprint"
TESTED = "70.0"


@contextlib.contextmanager
def lang_on_parts() -> Iterator[None]:
    """While writing a PDF: give the structure elements of a ``lang="en"`` part their /Lang."""
    import pydyf
    from weasyprint.pdf import tags

    build = tags._build_box_tree

    def with_lang(box, *args, **kwargs):
        for element in build(box, *args, **kwargs):
            source = getattr(box, "element", None)
            lang = source.get("lang") if source is not None else None
            if lang and box.element_tag != "html" and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    tags._build_box_tree = with_lang
    try:
        yield
    finally:
        tags._build_box_tree = build


def assumptions() -> list[str]:
    import inspect

    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None:
        return ["weasyprint.pdf.tags._build_box_tree is gone"]
    problems = []
    if not inspect.isgeneratorfunction(build):
        problems.append("weasyprint.pdf.tags._build_box_tree no longer yields its elements")
    if "_build_box_tree(" not in inspect.getsource(build).split(":", 1)[1]:
        problems.append("weasyprint.pdf.tags._build_box_tree no longer calls itself by name")
    if "element_tag" not in inspect.getsource(tags):
        problems.append("WeasyPrint's boxes no longer carry element_tag")
    return problems

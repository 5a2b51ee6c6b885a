"""Every image needs a text alternative, on the web and in the PDF (paper.ImagesNeedAltText)."""

from __future__ import annotations

import re

from support.trees import replace

ROOT = "images"
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<uri>[^)]+)\)")


def test_images_carry_their_description(build_root):
    built = build_root(ROOT)
    assert built.warnings == ""
    images = built.html("index.html").find_all("img")
    written = {img["src"].removeprefix("_images/"): img["alt"] for img in images}
    text = (built.srcdir / "index.md").read_text(encoding="utf-8")
    assert written == {m["uri"]: m["alt"] for m in IMAGE.finditer(text)}


def test_twin_an_image_without_description_names_file_and_line(build_root):
    built = build_root(ROOT, edits={"index.md": replace("![En grå firkant]", "![]")})
    message = "billedet 'firkant.svg' mangler en tekstbeskrivelse til skærmlæsere og PDF'en"
    assert built.warned("index.md", 5, message)

"""Heading ids ({#id}) stay local to their page and keep æ, ø and å (sphinxext.LocalHeadingIds);
links written Jekyll-style or empty get a warning with the fix (sphinxext.JekyllLinkHint)."""

from __future__ import annotations

import re

ROOT = "heading_ids"
HEADING_ID = re.compile(r"^\{#(?P<id>[^}\s]+)\}\s*$", re.M)


def heading_ids(text: str) -> list[str]:
    return HEADING_ID.findall(text)


def test_same_id_in_two_chapters_and_letters_kept(build_root):
    built = build_root(ROOT)
    assert built.warnings == ""
    for page in sorted(built.srcdir.glob("*.md")):
        html = built.html(page.with_suffix(".html").name)
        for section_id in heading_ids(page.read_text(encoding="utf-8")):
            # The old #anchor lands: the id is on the section, byte for byte.
            section = html.find(id=section_id)
            assert section is not None and section.name == "section", (page.name, section_id)


def test_links_to_local_ids_land(build_root):
    built = build_root(ROOT)
    links = {a["href"] for a in built.html("index.html").select("a.reference.internal")}
    assert "moeder.html#møder" in links
    assert "kapitel_b.html#fælles" in links


def test_twin_link_to_missing_id_names_file_and_line(build_root):
    built = build_root(ROOT, edits={"index.md": lambda t: t.replace("#møder)", "#mødet)")})
    assert built.where("index.md", 5) in built.warnings
    assert "mødet" in built.warnings


def test_twin_jekyll_link_gets_the_fix(build_root):
    built = build_root(
        ROOT, edits={"index.md": lambda t: t.replace("(moeder.md#møder)", "(./moeder#møder)")}
    )
    assert built.where("index.md", 5) in built.warnings
    assert "link i Jekyll-stil uden .md: './moeder#møder' – skriv './moeder.md#møder'" in (
        built.warnings
    )


def test_twin_empty_link_is_named(build_root):
    built = build_root(ROOT, edits={"index.md": lambda t: t.replace("(kapitel_b.md#fælles)", "()")})
    assert built.where("index.md", 5) in built.warnings
    assert "tomt link: [det andet kapitels fælles afsnit]()" in built.warnings

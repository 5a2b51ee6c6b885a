"""A page's language from ``lang:`` in its front matter (os2_handbook/ext/page_language.py)."""

from __future__ import annotations

import re

import yaml

ROOT = "page_language"
FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.S)


def declared_languages(srcdir) -> dict[str, str]:
    """docname -> the lang: its front matter declares, from the sources."""
    found = {}
    for page in srcdir.glob("*.md"):
        match = FRONT_MATTER.match(page.read_text(encoding="utf-8"))
        if match and "lang" in (data := yaml.safe_load(match["body"]) or {}):
            found[page.stem] = data["lang"]
    return found


def content_languages(build_root, **kwargs) -> tuple[object, dict[str, str | None]]:
    """Build the root; return it and each page's os2_content_lang (the template's lang="…")."""
    seen: dict[str, str | None] = {}

    def look(app, pagename, templatename, context, doctree):
        if doctree is not None:
            seen[pagename] = context.get("os2_content_lang")

    built = build_root(ROOT, connect={"html-page-context": look}, **kwargs)
    return built, seen


def test_page_in_another_language_is_marked(build_root):
    built, seen = content_languages(build_root)
    assert built.warnings == ""
    declared = declared_languages(built.srcdir)
    assert declared, "the root must hold a page with lang:"
    assert seen == {page: declared.get(page) for page in seen}
    assert seen["index"] is None  # Danish, like the handbook: no lang="…" of its own


def test_page_in_the_handbooks_language_is_not_marked(build_root):
    built, seen = content_languages(
        build_root, edits={"english.md": lambda text: text.replace("lang: en", "lang: da")}
    )
    assert built.warnings == ""
    assert seen["english"] is None


def test_twin_not_a_language_code_names_file_and_line(build_root):
    built, seen = content_languages(
        build_root, edits={"english.md": lambda text: text.replace("lang: en", "lang: engelsk")}
    )
    assert (
        f"{built.where('english.md', 2)}: WARNING: lang: 'engelsk' er ikke en sprogkode. "
        "Skriv sidens sprog som en kode, fx lang: en"
    ) in built.warnings
    assert seen["english"] is None  # never written into the page as it stands


def test_the_pdf_marks_the_page_in_its_language(build_root):
    built = build_root(ROOT, builder="pdfhtml")
    assert built.warnings == ""
    page = built.html("index.html")
    for docname, lang in declared_languages(built.srcdir).items():
        assert page.find("div", class_="page", id=f"document-{docname}")["lang"] == lang
    assert not page.find(id="document-index").has_attr("lang")  # the front page: Danish

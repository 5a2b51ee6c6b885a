"""furo in Danish (os2_handbook/ext/theme.py): the theme's chrome is translated, the
authors' text never is, and compiled templates follow template edits."""

from __future__ import annotations

from pathlib import Path

from conftest import PORT_SOURCE, Build, copy_project, edit_file, run_build
from os2_handbook.ext.theme import CONTENT_SLOT, template_cache_dir, translate_chrome

# Strings furo's chrome uses, written by an author: they must stay as written.
AUTHORS_CODE = "Expand(Contents)"
AUTHORS_PAGE = """# Expand

Menu og Contents er ord, en forfatter kan bruge.

```python
Expand(Contents)
```

<svg role="img" aria-label="Light mode"><title>Expand</title></svg>
"""
CATALOG = {
    "Expand": "Fold ud",
    "Contents": "Indhold",
    "Light mode": "Lyst tema",
    "Toggle navigation of %(title)s": "Vis eller skjul undersiderne til %(title)s",
}


def authors_build(root: Path) -> Build:
    """A copy with a page titled "Expand" below the appendix, full of furo's words."""
    edit_file(
        root, "source/docs/appendix.md",
        lambda text: text + "\n```{toctree}\n:hidden:\n\nexpand\n```\n",
    )  # fmt: skip
    edit_file(root, "source/docs/expand.md", lambda _: AUTHORS_PAGE)
    build = run_build(root)
    assert build.returncode == 0, build.output
    return build


def authors_text_problems(build: Build) -> list[str]:
    """Where the authors' page does not show what they wrote."""
    soup = build.html("docs/expand")
    article = soup.find("article")
    problems = []
    if article.find("pre").get_text().strip() != AUTHORS_CODE:
        problems.append(f"code block: {article.find('pre').get_text().strip()!r}")
    if article.find("h1").get_text().rstrip("¶#") != "Expand":
        problems.append(f"title: {article.find('h1').get_text()!r}")
    if (svg := article.find("svg")).find("title").get_text() != "Expand":
        problems.append(f"raw HTML: {svg}")
    if svg["aria-label"] != "Light mode":
        problems.append(f"raw HTML aria-label: {svg['aria-label']!r}")
    sidebar = [a.get_text() for a in soup.select(".sidebar-tree a")]
    if "Expand" not in sidebar:
        problems.append(f"sidebar: {sidebar}")
    return problems


def test_authors_text_is_never_translated_but_the_chrome_is(tmp_path: Path) -> None:
    build = authors_build(copy_project(tmp_path / "project", source=PORT_SOURCE))
    assert authors_text_problems(build) == []
    soup = build.html("docs/expand")
    icons = {title.get_text() for title in soup.select("body > svg title")}
    assert {"Indhold", "Fold ud", "Lyst tema"} <= icons
    assert soup.find("input", id="__navigation")["aria-label"] == "Vis eller skjul menuen"
    switch = build.html("docs/appendix").select_one(".sidebar-tree input.toctree-checkbox")
    assert switch["aria-label"] == "Vis eller skjul undersiderne til Bilag og ressourcer"


def test_twin_translating_the_whole_page_rewrites_the_authors_text(tmp_path: Path) -> None:
    # page.html puts the content inside the translated chrome: the check sees it.
    root = copy_project(tmp_path / "project", source=PORT_SOURCE)
    edit_file(
        root, "_templates/page.html",
        lambda text: text.replace("{{ os2_content_slot }}", "{{ self.page_content() }}"),
    )  # fmt: skip
    problems = authors_text_problems(authors_build(root))
    assert problems and problems[0].startswith("raw HTML: "), problems


def test_chrome_filter_translates_whole_labels_and_titles_only() -> None:
    page = (
        f'<svg><title>Expand</title></svg><input aria-label="Toggle navigation of A &amp; B">'
        f"<a>Expand</a><span>Contents</span>{CONTENT_SLOT}"
    )
    content = '<pre>Expand(Contents)</pre><svg aria-label="Light mode"><title>Expand</title></svg>'
    html = translate_chrome(page, lambda msgid: CATALOG.get(msgid, msgid), content)
    assert html == (
        "<svg><title>Fold ud</title></svg>"
        '<input aria-label="Vis eller skjul undersiderne til A &amp; B">'
        f"<a>Expand</a><span>Contents</span>{content}"
    )


# -- Compiled templates kept between builds ---------------------------------------------


def test_compiled_templates_are_kept_and_follow_template_edits(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    first = run_build(root)
    assert first.returncode == 0, first.output
    cache = template_cache_dir(root / "_build" / "doctrees" / "dirhtml")
    assert any(cache.glob("*.cache")), f"no compiled templates in {cache}"
    # Twin: a template edited after the first build must not be served from the cache.
    template = root / "_templates" / "page.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            '<div class="os2-page-info">', '<div class="os2-page-info" data-edited="ja">'
        ),
        encoding="utf-8",
    )
    second = run_build(root)
    assert second.returncode == 0, second.output
    assert second.html("docs/communication").find("div", attrs={"data-edited": "ja"})

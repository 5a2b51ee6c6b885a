"""The importer on a handbook of the real size: tests/fixtures/jekyll_full/.

The fixture plants every construct the live just-the-docs handbook has; its
manifest (tests/fixtures/jekyll_full_manifest.yml) says what and where, and
these tests take their expectations from it and from the fixture's own
front matter.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from fixture_book import FULL_SITE, manifest
from jekyll_full_filler import PAGES, render

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
HEADING_ID = re.compile(r"^#{1,6} .*\{#([^}]+)\}\s*$", re.MULTILINE)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def site_pages() -> dict[str, str]:
    """Every page Jekyll renders: site-relative path -> text."""
    excluded = [str(e).rstrip("/") + "/" for e in _config().get("exclude", [])]
    pages = {}
    for path in sorted(FULL_SITE.rglob("*.md")):
        relative = path.relative_to(FULL_SITE).as_posix()
        text = path.read_text(encoding="utf-8")
        if FRONT_MATTER.match(text) and not relative.startswith(tuple(excluded)):
            pages[relative] = text
    return pages


def front_matter(text: str) -> dict:
    return yaml.safe_load(FRONT_MATTER.match(text).group(1)) or {}


def _config() -> dict:
    return yaml.safe_load((FULL_SITE / "_config.yml").read_text(encoding="utf-8"))


# -- The fixture is what the issue describes and the manifest says ----------------


def test_filler_pages_are_what_the_script_writes() -> None:
    for page in PAGES:
        assert (FULL_SITE / page.path).read_text(encoding="utf-8") == render(page), page.path


def test_fixture_has_the_pages_the_manifest_names() -> None:
    pages = site_pages()
    plan = manifest()
    assert 40 <= len(pages) <= 50  # the live handbook's size
    assert plan["home"] in pages
    for entry in plan["not_rendered"]:
        assert (FULL_SITE / entry["file"]).exists() and entry["file"] not in pages
    for name in plan["top_level_pages"]:
        assert "/" not in name and name in pages
    assert (
        front_matter(pages[plan["front_matter_only"]])
        and FRONT_MATTER.sub("", pages[plan["front_matter_only"]]).strip() == ""
    )
    template = plan["three_h1_template"]
    assert len(re.findall(r"^# ", pages[template["page"]], re.M)) == template["h1_count"]
    depth = max(page.count("/") for page in pages)
    assert depth == 3  # docs/chapter/section/page: three menu levels


def test_fixture_plants_each_construct_as_often_as_the_manifest_says() -> None:
    plan = manifest()
    pages = site_pages()
    text = "\n".join(pages.values())
    ids = HEADING_ID.findall(text)
    assert len(ids) == plan["heading_ids"]
    assert [i for i in ids if not i.isascii()] == plan["non_ascii_ids"]
    assert text.count("](#top)") == plan["top_links"]
    assert len(re.findall(r'<span class="label', text)) == plan["label_spans"]
    assert sum(bool(re.search(r"^\|", p, re.M)) for p in pages.values()) == plan["table_pages"]
    mermaid = {name: p.count("```mermaid") for name, p in pages.items() if "```mermaid" in p}
    assert (sum(mermaid.values()), len(mermaid)) == tuple(plan["mermaid"].values())
    assert "- [ ]" in pages[plan["task_list"]]
    assert "{% link" in pages[plan["raw_html_page"]] and "<div" in pages[plan["raw_html_page"]]
    assert len(_config()["aux_links"]) == plan["aux_links"]
    jumps = re.findall(r"^## .*\n\n^##### ", pages[plan["heading_jumps"]["page"]], re.M)
    assert len(jumps) == plan["heading_jumps"]["count"]


def test_true_faults_are_in_the_fixture() -> None:
    for fault in manifest()["true_faults"]:
        page = (FULL_SITE / fault["page"]).read_text(encoding="utf-8")
        assert f"[{fault['text']}](" in page, fault


def test_header_only_table_has_no_body_rows() -> None:
    page = (FULL_SITE / manifest()["header_only_table"]).read_text(encoding="utf-8")
    assert re.search(r"^\|.*\|\n\| ---.*\|\n\n", page, re.M)


def test_fixture_text_is_placeholder(tmp_path: Path) -> None:
    # The fixture is test content: it says so on its front page and never names OS2.
    pages = site_pages()
    assert "testhåndbog" in pages["index.md"].lower()
    assert not any("OS2" in text for text in pages.values())

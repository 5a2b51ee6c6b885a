"""A rebuild without a fresh environment reports every warning a fresh build would, and
none that was fixed (os2_handbook/ext/incremental.py)."""

from __future__ import annotations

ROOT = "heading_ids"
# A warning while reading the page (a link without .md), and one while writing it.
JEKYLL_LINK = {"index.md": lambda text: text.replace("(moeder.md#møder)", "(./moeder#møder)")}
BROKEN = {
    "index.md": lambda text: text.replace("#møder)", "#mødet)")
}  # an anchor that is not there


def test_an_unchanged_page_reports_its_warning_again(build_root):
    first = build_root(ROOT, edits=BROKEN)
    where = first.where("index.md", 5)
    assert where in first.warnings
    # Nothing changed: Sphinx alone would skip index.md and stay silent.
    again = build_root(ROOT, srcdir=first.srcdir, git=False)
    assert where in again.warnings
    assert "mødet" in again.warnings


def test_an_unchanged_page_reports_its_reading_warning_again(build_root):
    first = build_root(ROOT, edits=JEKYLL_LINK)
    assert "link i Jekyll-stil uden .md" in first.warnings
    again = build_root(ROOT, srcdir=first.srcdir, git=False)
    assert f"{again.where('index.md', 5)}: WARNING: link i Jekyll-stil uden .md" in again.warnings


def test_twin_a_fixed_warning_does_not_linger(build_root):
    first = build_root(ROOT, edits=BROKEN)
    assert first.where("index.md", 5) in first.warnings
    fixed = build_root(
        ROOT,
        srcdir=first.srcdir,
        edits={"index.md": lambda text: text.replace("#mødet)", "#møder)")},
    )
    assert fixed.warnings == ""


def test_a_page_is_warned_when_another_page_loses_its_anchor(build_root):
    first = build_root(ROOT)
    assert first.warnings == ""
    # kapitel_b.md renames its id; index.md, unchanged, links to the old one.
    renamed = build_root(
        ROOT,
        srcdir=first.srcdir,
        edits={"kapitel_b.md": lambda text: text.replace("{#fælles}", "{#andet}")},
    )
    assert renamed.where("index.md", 5) in renamed.warnings
    assert "fælles" in renamed.warnings


def test_a_warning_of_another_part_while_resolving_is_reported_again(build_root):
    # raw_html.py warns in its doctree-resolved handler: that warning must count for
    # the page being resolved, not for the page written before it.
    broken = {"index.md": lambda text: text.replace("#et-anker", "#intet-anker")}
    first = build_root("raw_html", edits=broken)
    where = f"{first.where('index.md', 8)}: WARNING: link i rå HTML til et anker"
    assert where in first.warnings
    again = build_root("raw_html", srcdir=first.srcdir, git=False)
    assert where in again.warnings

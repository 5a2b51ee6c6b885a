"""Old .html addresses forward to the directory layout's pages (os2_handbook/ext/old_urls.py)."""

from __future__ import annotations

import posixpath
from pathlib import Path

ROOT = "old_urls"


def docnames(srcdir: Path) -> list[str]:
    return sorted(p.relative_to(srcdir).with_suffix("").as_posix() for p in srcdir.rglob("*.md"))


def forwarded(srcdir: Path) -> list[str]:
    """The pages that get an .html twin: all but index pages (x/index.html is already one)."""
    return [doc for doc in docnames(srcdir) if posixpath.basename(doc) != "index"]


def test_every_page_has_a_forwarding_twin(build_root):
    built = build_root(ROOT, builder="dirhtml")
    assert built.warnings == ""
    outdir = Path(built.app.outdir)
    pages = forwarded(built.srcdir)
    assert pages, "the root must hold pages outside index.md"
    for docname in pages:
        stub = built.html(f"{docname}.html")
        target = f"{posixpath.basename(docname)}/"
        assert stub.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
        assert stub.find("link", rel="canonical")["href"] == target
        assert stub.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        # The target, seen from the stub's folder, is the page itself.
        assert (outdir / posixpath.dirname(docname) / target / "index.html").is_file()
    assert f"os2: {len(pages)} gamle .html-adresser sender videre til siderne" in built.status


def test_twin_the_html_layout_keeps_its_own_pages(build_root):
    # In the html builder's layout docs/side.html is the page: no stub may replace it.
    built = build_root(ROOT, builder="html")
    assert built.warnings == ""
    for docname in forwarded(built.srcdir):
        assert built.html(f"{docname}.html").find("meta", attrs={"http-equiv": "refresh"}) is None
    assert "gamle .html-adresser" not in built.status

"""Links in raw HTML blocks are resolved and checked like Markdown links, and they
land in the PDF's one page too (os2_handbook/ext/raw_html.py, paper.py); raw HTML the
Content-Security-Policy would block fails the build (csp.py)."""

from __future__ import annotations

import pytest

from support.trees import replace

ROOT = "raw_html"


def card_links(built) -> dict[str, str]:
    """Link text -> href of the links in the front page's raw HTML card."""
    card = built.html("index.html").select_one("div.kort")
    return {a.get_text(): a["href"] for a in card.find_all("a")}


def test_links_resolve_to_the_built_pages(build_root):
    built = build_root(ROOT)
    assert built.warnings == ""
    assert card_links(built) == {
        "Til målsiden": "maal.html",
        "Til et anker": "maal.html#et-anker",
        "Til en overskrift uden id": "maal.html#en-overskrift-uden-id",
        "En ekstern adresse": "https://example.org/",  # left as written
    }
    target = built.html("maal.html")
    for href in card_links(built).values():
        if href.startswith("maal.html#"):
            assert target.find(id=href.partition("#")[2]) is not None, href


def test_twin_link_to_a_missing_page_names_file_and_line(build_root):
    built = build_root(ROOT, edits={"index.md": replace('"maal.md"', '"mangler.md"')})
    assert built.warned("index.md", 7, "link i rå HTML til en side, der ikke findes: 'mangler.md'")


def test_twin_link_to_a_missing_anchor_names_file_and_line(build_root):
    built = build_root(ROOT, edits={"index.md": replace("#et-anker", "#intet-anker")})
    message = "link i rå HTML til et anker, der ikke findes: 'maal.md#intet-anker'"
    assert built.warned("index.md", 8, message)


def test_links_land_in_the_pdfs_one_page(build_root):
    # pdfhtml: the whole book is one page, with ids made unique per chapter.
    built = build_root(ROOT, builder="pdfhtml")
    assert built.warnings == ""
    page = built.html("index.html")
    links = card_links(built)
    assert links["En ekstern adresse"] == "https://example.org/"
    inside = [href for href in links.values() if href.startswith("#")]
    assert len(inside) == 3
    for href in inside:
        assert page.find(id=href[1:]) is not None, href


def test_twin_a_skipped_heading_level_in_raw_html_names_file_and_line(build_root):
    # The tagged PDF refuses a skipped heading level: <h3> right under the page title.
    edits = {"index.md": replace("<h2>Et kort</h2>", "<h3>Et kort</h3>")}
    built = build_root(ROOT, builder="pdfhtml", edits=edits)
    message = (
        "overskriften <h3> i rå HTML springer et niveau over (afsnittet er niveau 1): skriv <h2>"
    )
    assert built.warned("index.md", 6, message)


# -- Content-Security-Policy: raw HTML the policy would block fails the build (csp.py) --


def test_every_page_carries_the_policy_first(build_root):
    built = build_root(ROOT)
    for source in built.srcdir.glob("*.md"):
        head = built.html(f"{source.stem}.html").head
        policy = head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy is not None, source.name
        assert "default-src 'self'" in policy["content"]
        # Before any script, so the policy covers them all.
        assert head.find("script") is None or policy in head.find("script").find_all_previous()


@pytest.mark.parametrize(
    ("blocked", "problem"),
    [
        ("<script>alert(1)</script>", "et <script> kører ikke på siderne"),
        ('<button onclick="go()">Tryk</button>', "en hændelse som onclick= kører ikke"),
        ('<iframe title="x" src="kort.html"></iframe>', "indlejrede sider og plugins"),
        ('<img alt="logo" src="https://example.org/logo.png">', "filer fra andre værter"),
        ('<a href="javascript:go()">Tryk</a>', "et javascript:-link kører ikke"),
    ],
)
def test_twin_raw_html_the_policy_blocks_names_file_and_line(build_root, blocked, problem):
    heading = "<h2>Et kort</h2>"
    built = build_root(ROOT, edits={"index.md": replace(heading, heading + blocked)})
    assert built.warned("index.md", 6, f"rå HTML: {problem}")

"""The Jekyll importer: a fixture site imported into a copy of the project, then built."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import fixture_book
from conftest import Build, copy_project, run_build
from fixture_book import ImportRun
from os2_handbook.build import ROOT
from os2_handbook.importer.passes import kramdown_id
from support.navigation import sidebar_menu
from support.trees import tree_digest

SITE = ROOT / "tests" / "fixtures" / "jekyll_site"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
WARNING = re.compile(r"^(?P<path>\S+?):(?P<line>\d+): WARNING: (?P<message>.*)$", re.MULTILINE)
REPORTED_LINK = re.compile(
    r"^- `(?P<path>source/[^:`]+):(?P<line>\d+)` \(kilde `[^`]+`\): "
    r"(?:siden findes ikke|ankeret #)",
    re.MULTILINE,
)

# The fixtures' navigation, from their front matter: (title, children).
EXPECTED_MENU = [
    ("Velkommen og formål", []),
    ("Arbejdsgange", [("Årshjul", []), ("Mødeplan", [("Referat", [])])]),
    ("Ordliste", []),
    ("Om eksemplet", []),
]


def run_import(root: Path, *options: str, site: Path = SITE) -> ImportRun:
    """The importer run on the small fixture site (fixture_book.run_import)."""
    return fixture_book.run_import(root, *options, site=site)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[ImportRun, Build]:
    """The fixture site imported with --force into a copy of the project, then built."""
    root = copy_project(tmp_path_factory.mktemp("imported"))
    run = run_import(root, "--force")
    return run, run_build(root)


# -- Fixtures are what the issue says ---------------------------------------------


def test_seed_pages_are_in_the_fixture_site_as_they_were() -> None:
    assert (SITE / "index.md").read_bytes() == (SEEDS / "001_0b0dbb77dc58954c.txt").read_bytes()
    assert (SITE / "docs/welcome_and_purpose.md").read_bytes() == (
        SEEDS / "000_6c36b2e928783132.txt"
    ).read_bytes()


# -- The build fails on exactly the reported broken links ---------------------------


def test_build_warns_on_exactly_the_links_the_report_lists(imported) -> None:
    run, build = imported
    assert run.returncode == 1, run.output  # manual work to do
    warned = {
        (Path(m["path"]).relative_to(build.root).as_posix(), int(m["line"]))
        for m in WARNING.finditer(build.output)
    }
    reported = {(m["path"], int(m["line"])) for m in REPORTED_LINK.finditer(run.report)}
    assert reported == {
        ("source/docs/ordliste.md", 13),
        ("source/docs/arbejdsgange/aarshjul.md", 15),
    }
    assert warned == reported, build.output
    assert build.returncode != 0


def test_reported_broken_links_carry_a_suggestion(imported) -> None:
    run, _ = imported
    assert "ankeret #dagsorden-udkast findes ikke" in run.report
    assert "Forslag: `docs/arbejdsgange/moeder.md#dagsorden`" in run.report
    assert "siden findes ikke: /docs/budget" in run.report


def test_build_is_clean_once_the_reported_links_are_fixed(imported, tmp_path: Path) -> None:
    run, _ = imported
    root = tmp_path / "fixed"
    # symlinks=True: the copy links the diagram renderer (node_modules), keep it a link.
    shutil.copytree(run.root, root, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    for relative, broken, fixed in [
        ("source/docs/ordliste.md", " og [budgettet](budget.md)", ""),
        (
            "source/docs/arbejdsgange/aarshjul.md",
            "moeder.md#dagsorden-udkast",
            "moeder.md#forberedelse",
        ),
    ]:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert broken in text
        path.write_text(text.replace(broken, fixed), encoding="utf-8")
    build = run_build(root)
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output


# -- Navigation -------------------------------------------------------------------------


def test_menu_order_and_nesting_follow_the_front_matter(imported) -> None:
    _, build = imported
    sidebar = build.html("docs/arbejdsgange/referat").select_one(".sidebar-tree")
    assert sidebar_menu(sidebar.find("ul")) == EXPECTED_MENU
    captions = [p.get_text(strip=True) for p in sidebar.select("p.caption")]
    assert captions == ["Kapitler", "Om håndbogen"]  # the project's own pages stay reachable
    assert "En side uden for menuen" not in sidebar.get_text()  # nav_exclude


def test_has_toc_decides_whether_children_are_listed_on_the_page(imported) -> None:
    _, build = imported
    listed = build.html("docs/arbejdsgange").select("article .toctree-wrapper li > a")
    assert [a.get_text(strip=True) for a in listed] == ["Årshjul", "Mødeplan"]
    assert not build.html("docs/arbejdsgange/moeder").select(
        "article .toctree-wrapper li"
    )  # has_toc: false


def test_nav_order_twin_changes_the_written_toctree(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    page = site / "docs/arbejdsgange/aarshjul.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("nav_order: 1", "nav_order: 9"), encoding="utf-8"
    )
    root = copy_project(tmp_path / "project")
    run_import(root, "--force", site=site)
    toctree = (
        (root / "source/docs/arbejdsgange.md").read_text(encoding="utf-8").split("```{toctree}")[1]
    )
    assert toctree.index("arbejdsgange/moeder") < toctree.index("Årshjul <arbejdsgange/aarshjul>")


# -- Constructs ---------------------------------------------------------------------------


def test_permalink_keeps_the_old_url_and_nav_exclude_page_is_built(imported) -> None:
    _, build = imported
    assert build.page_path("docs/arbejdsgange/moeder").exists()
    assert build.page_path("om-siden").exists()
    assert build.page_path("docs/skjult").exists()


def test_heading_ids_and_needed_kramdown_ids_become_anchors(imported) -> None:
    _, build = imported
    page = build.html("docs/arbejdsgange/aarshjul")
    assert page.find("section", id="foraar")
    assert page.find(
        "section", id="tidsplan"
    )  # "## 1. Tidsplan": kramdown's id, linked from the mødeplan
    assert kramdown_id("1. Tidsplan") == "tidsplan"
    link = build.html("docs/arbejdsgange/moeder").find("a", string="tidsplanen")
    assert link["href"].endswith("aarshjul/#tidsplan")


def test_callouts_become_admonitions_with_config_titles(imported) -> None:
    _, build = imported
    article = build.html("docs/arbejdsgange").find("article")
    found = {
        (
            a.find(class_="admonition-title").get_text(strip=True),
            tuple(sorted(set(a["class"]) - {"admonition"})),
        )
        for a in article.select(".admonition")
    }
    assert ("Bemærk", ("note",)) in found
    assert ("Pas på", ("warning",)) in found
    assert ("Husk", ("important",)) in found  # .important-title: first line is the title
    assert ("Nyt", ("tip",)) in found
    assert any(
        title != "Bemærk" and classes == ("hint",) for title, classes in found
    )  # no title in config
    assert any("pending" in classes for _, classes in found)  # the empty section


def test_toc_label_and_button_are_converted(imported) -> None:
    _, build = imported
    article = build.html("docs/arbejdsgange").find("article")
    contents = article.select_one(".contents")
    assert contents and "Sådan bruger du siden" in contents.get_text()
    assert "Indhold" not in [h.get_text(strip=True).rstrip("#") for h in article.find_all("h2")]
    assert article.select_one(".sd-badge.sd-bg-warning").get_text(strip=True) == "Kladde"
    button = article.select_one("a.sd-btn")
    assert button.get_text(strip=True) == "Se årshjulet" and button["href"].endswith("aarshjul/")
    front = build.html("index").find("article")
    badge = front.select_one(".sd-badge")  # the label became {{ version_badge }}
    assert badge.get_text(strip=True).startswith("Version v1.0.0")


def test_mermaid_is_drawn_and_named_after_its_section(imported) -> None:
    _, build = imported
    article = build.html("docs/arbejdsgange/referat").find("article")
    drawing = article.select_one(".os2-diagram svg.os2-diagram-light")
    assert drawing is not None and "Opfølgning" in drawing.get_text()
    assert "flowchart LR" not in article.get_text()
    source = (build.root / "source/docs/arbejdsgange/referat.md").read_text(encoding="utf-8")
    assert "```{mermaid}\n:alt: Referat\nflowchart LR\n" in source
    assert drawing["aria-label"] == "Referat"  # the name a screen reader hears


def test_images_and_files_are_copied_and_linked(imported) -> None:
    _, build = imported
    image = build.html("docs/arbejdsgange/aarshjul").find("article").find("img")
    assert (build.page_path("docs/arbejdsgange/aarshjul").parent / image["src"]).resolve().is_file()
    download = build.html("om-siden").find("a", string="Hent tjeklisten")
    assert (
        build.page_path("om-siden").parent / download["href"]
    ).resolve().read_text() == "Punkt 1\nPunkt 2\n"


def test_mojibake_is_repaired(imported) -> None:
    _, build = imported
    assert "Æbler, østers og ål" in build.html("docs/ordliste").find("article").get_text()
    assert "Sådan gør vi i OS2-fællesskabet" in build.html("index").find("h1").get_text()
    run, _ = imported
    assert "tegnfejl (mojibake)" in run.report


def test_liquid_links_resolve_and_other_liquid_is_reported(imported) -> None:
    run, build = imported
    article = build.html("docs/arbejdsgange/referat").find("article")
    assert article.find("a", string="ordet referat")["href"].endswith("ordliste/#referat")
    assert "{% include footer.html %}" in article.find("code").get_text()
    assert re.search(
        r"`source/docs/arbejdsgange/referat.md:\d+` .*Liquid-koden \{% include footer.html %\}",
        run.report,
    )


def test_unknown_classes_and_front_matter_are_reported_with_file_and_line(imported) -> None:
    run, build = imported
    assert re.search(r"\(kilde `docs/arbejdsgange.md:13`\): klassen \.fs-6 er fjernet", run.report)
    assert "`docs/skjult.md:4`: nøglen search_exclude" in run.report
    assert "`docs/arbejdsgange.md:7`: last_modified_date:" in run.report
    meta = build.html("docs/arbejdsgange").find("meta", attrs={"name": "description"})
    assert meta["content"] == "Eksempler på faste arbejdsgange i en tænkt afdeling."


# -- Re-running, --force, --dry-run --------------------------------------------------------


def test_second_run_is_byte_identical(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    first = run_import(root, "--force")
    before, report = tree_digest(root / "source"), first.report
    second = run_import(root, "--force")
    assert tree_digest(root / "source") == before

    def same(text: str) -> str:
        return text.replace("uændret", "oprettet").replace("overskrevet", "oprettet")

    assert same(second.report) == same(report)


def test_existing_files_are_kept_without_force(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    index = (root / "source/index.md").read_bytes()
    run = run_import(root)
    assert run.returncode == 1
    assert (root / "source/index.md").read_bytes() == index
    assert "| `source/index.md` | `index.md` | findes allerede – ikke overskrevet |" in run.report
    assert (root / "source/docs/ordliste.md").exists()  # new pages are still written
    forced = run_import(root, "--force")
    assert (root / "source/index.md").read_bytes() != index
    assert "| `source/index.md` | `index.md` | overskrevet |" in forced.report


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    before = tree_digest(root)
    run = run_import(root, "--dry-run", "--force")
    assert tree_digest(root) == before
    assert "| `source/docs/ordliste.md` | `docs/ordliste.md` | ville blive oprettet |" in run.output
    assert "| `source/index.md` | `index.md` | ville blive overskrevet |" in run.output


# -- Bad input -----------------------------------------------------------------------------


def test_bad_front_matter_names_file_and_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    page = site / "docs/skjult.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("nav_exclude: true", "nav_exclude: [true"),
        encoding="utf-8",
    )
    root = copy_project(tmp_path / "project")
    before = tree_digest(root)
    run = run_import(root, site=site)
    assert run.returncode == 2
    assert re.search(r"docs/skjult\.md:\d+: front matter/YAML kan ikke læses", run.output), (
        run.output
    )
    assert tree_digest(root) == before


def test_missing_source_folder_is_an_error(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    run = run_import(root, site=tmp_path / "findes-ikke")
    assert run.returncode == 2
    assert "mappen findes ikke" in run.output

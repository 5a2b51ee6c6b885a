"""Each pass of the importer on its own, on a few lines written for the test.

One test (or a pair: the construct and its negative twin) per pass in
os2_handbook/importer/passes.py and site_passes.py, named as the report
names the pass.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import copy_project
from fixture_book import FULL_SITE, run_import
from os2_handbook.importer import passes, site_passes
from os2_handbook.importer.passes import Heading, callout_styles
from os2_handbook.importer.report import Line, Outcome, Report
from os2_handbook.importer.site import Page, Site

CALLOUTS = {"note": {"title": "Note", "color": "blue"}, "warning": {"color": "red"}}


def page_from(text: str, front: dict | None = None, source: str = "docs/side.md") -> Page:
    lines = [Line(t, n) for n, t in enumerate(text.split("\n"), start=1)]
    return Page(source, front or {}, {}, lines, out=source, url="/" + source[:-3])


def run(steps: list, text: str, front: dict | None = None) -> tuple[Page, Report]:
    """Run passes (by function) on a page; return the page and the report."""
    report = Report("site", "source")
    context = passes.Context(report, callout_styles({"callouts": CALLOUTS}))
    page = page_from(text, front)
    passes.run_passes([(f.__name__, f) for f in steps], [page], context)
    return page, report


def written(page: Page) -> str:
    out = []
    for item in page.items:
        if isinstance(item, Heading):
            out += [f"{{#{item.written_id}}}"] if item.written_id else []
            out.append(item.line.text)
            out += item.badges
        else:
            out.append(item.text)
    return "\n".join(out)


def outcomes(report: Report) -> list[Outcome]:
    return [f.outcome for f in report.findings]


BLOCKS = [passes.code_fences, passes.raw_html_blocks, passes.headings]


def test_code_fences_get_a_language_and_are_never_rewritten() -> None:
    page, report = run(BLOCKS, "```\n# ikke en overskrift\n```")
    assert written(page) == "```text\n# ikke en overskrift\n```"
    assert not any(isinstance(i, Heading) for i in page.items)
    assert outcomes(report) == [Outcome.CONVERTED]


def test_mermaid_becomes_the_directive_with_a_text_alternative() -> None:
    text = "## Flowet\n\n```mermaid\nflowchart LR\n  A --> B\n```"
    page, report = run([passes.code_fences, passes.mermaid_diagrams], text)
    assert "```{mermaid}\n:alt: Flowet\nflowchart LR\n  A --> B" in written(page)
    assert outcomes(report) == [Outcome.CONVERTED]
    described = text.replace("flowchart LR", "flowchart LR\naccTitle: Eget navn")
    page, _ = run([passes.code_fences, passes.mermaid_diagrams], described)
    assert written(page).count("accTitle") == 1  # the diagram's own is kept
    assert ":alt:" not in written(page)  # twin: no second name


def test_raw_html_block_is_kept_and_marked_for_the_markdown_gate() -> None:
    page, report = run(BLOCKS, 'Tekst.\n\n<div class="kort">\n  <p>Kort</p>\n</div>\n\nMere.')
    assert written(page).split("\n")[2:7] == [
        passes.PYML_DISABLE,
        '<div class="kort">',
        "  <p>Kort</p>",
        "</div>",
        passes.PYML_ENABLE,
    ]
    assert outcomes(report) == [Outcome.CONVERTED]
    inline, report = run(BLOCKS, 'En <span class="x">kort</span> tekst.')  # negative twin
    assert written(inline) == 'En <span class="x">kort</span> tekst.' and not report.findings


def test_heading_ids_and_classes_are_read_after_the_title_or_below_it() -> None:
    page, report = run(BLOCKS, "## Møder {#møder}\n\n## Indhold\n{: .no_toc .text-delta }")
    first, second = [i for i in page.items if isinstance(i, Heading)]
    assert (first.explicit_id, first.line.text) == ("møder", "## Møder")
    assert second.classes == ["no_toc", "text-delta"]
    assert [f.kind for f in report.findings] == ["overskrift med id"]


def test_label_spans_leave_the_heading_for_a_badge_below_it() -> None:
    page, report = run(
        [*BLOCKS, passes.label_spans], '# Møder <span class="label label-green">Ny</span>'
    )
    heading = page.items[0]
    assert heading.line.text == "# Møder" and heading.plain == "Møder"
    assert heading.badges == ["{bdg-success}`Ny`"]
    assert outcomes(report) == [Outcome.CONVERTED]


def test_table_of_contents_marker_becomes_contents_with_the_no_toc_title() -> None:
    page, report = run(
        [*BLOCKS, passes.table_of_contents], "## Indhold\n{: .no_toc }\n\n1. TOC\n{:toc}"
    )
    assert written(page).split("\n")[-4:] == [
        ":::{contents} Indhold",
        ":local:",
        f":class: {passes.FURO_CONTENTS_CLASS}",  # else furo paints it as an error
        ":::",
    ]
    assert report.findings[-1].kind == "indholdsfortegnelse ({:toc})"


def test_callouts_take_their_title_from_the_config() -> None:
    page, report = run([*BLOCKS, passes.callouts], "{: .note }\nLæs dette.\n\n{: .cta }\nAndet.")
    assert written(page).split("\n")[:4] == [
        ":::{admonition} Note",
        ":class: note",
        "Læs dette.",
        ":::",
    ]
    assert "{: .cta }" in written(page)  # negative twin: not a callout, left for the next pass
    assert outcomes(report) == [Outcome.CONVERTED]


def test_label_paragraph_becomes_a_badge() -> None:
    page, _ = run([*BLOCKS, passes.labels], "Kladde\n{: .label .label-yellow }")
    assert written(page) == "{bdg-warning}`Kladde`"


def test_other_classes_are_dropped_with_the_text_kept() -> None:
    page, report = run([*BLOCKS, passes.other_classes], "Tilmeld dig.\n{: .cta }")
    assert written(page) == "Tilmeld dig."
    assert outcomes(report) == [Outcome.DROPPED] and ".cta" in report.findings[0].message


def test_page_without_heading_gets_its_front_matter_title() -> None:
    page, report = run([*BLOCKS, passes.page_title], "", front={"title": "Tom side"})
    assert written(page).startswith("# Tom side")
    assert outcomes(report) == [Outcome.CONVERTED]


def test_extra_top_headings_are_demoted_under_the_first() -> None:
    page, report = run(
        [*BLOCKS, passes.extra_top_headings],
        "# Skabelon\n\n# Overskrift\n\n## Under\n\n# Brødtekst",
    )
    levels = [i.level for i in page.items if isinstance(i, Heading)]
    assert levels == [1, 2, 3, 2]
    assert len(report.findings) == 2
    single, report = run([*BLOCKS, passes.extra_top_headings], "# Én\n\n## To")
    assert [i.level for i in single.items if isinstance(i, Heading)] == [1, 2]
    assert not report.findings


def test_heading_jumps_are_normalised_and_each_reported() -> None:
    text = "# T\n\n## A\n\n##### A1\n\n## B\n\n##### B1\n\n###### B2"
    page, report = run([*BLOCKS, passes.heading_levels], text)
    assert [i.level for i in page.items if isinstance(i, Heading)] == [1, 2, 3, 2, 3, 4]
    assert len(report.findings) == 3
    _, report = run([*BLOCKS, passes.heading_levels], "# T\n\n## A\n\n### B")
    assert not report.findings  # negative twin


def test_liquid_links_become_paths_and_other_liquid_is_reported() -> None:
    page, report = run(
        [*BLOCKS, passes.liquid], "[a]({% link docs/x.md %})\n\n{% include footer.html %}"
    )
    assert written(page) == "[a](/docs/x.md)\n\n`{% include footer.html %}`"
    assert outcomes(report) == [Outcome.CONVERTED, Outcome.MANUAL]


def test_top_links_get_the_title_an_id() -> None:
    page, report = run([*BLOCKS, passes.top_links], "# Titel\n\n[Til toppen](#top)")
    assert written(page).startswith("{#top}\n# Titel")
    assert len(report.findings) == 1
    page, report = run([*BLOCKS, passes.top_links], "# Titel\n\nIngen links.")
    assert not written(page).startswith("{#top}") and not report.findings


def test_two_trailing_spaces_become_a_visible_hard_break() -> None:
    page, report = run([passes.hard_line_breaks], "En linje.  \nNæste linje.  \n\nSlut.")
    assert written(page) == "En linje.\\\nNæste linje.\n\nSlut."
    assert len(report.findings) == 1  # the paragraph's last line has nothing to break to


def test_bare_urls_get_angle_brackets_but_links_and_code_do_not() -> None:
    text = "Se https://example.org/a. Og [b](https://example.org/b), `https://c.example`."
    page, report = run([passes.bare_urls], text)
    assert written(page) == (
        "Se <https://example.org/a>. Og [b](https://example.org/b), `https://c.example`."
    )
    assert len(report.findings) == 1


def test_terms_get_the_projects_spelling_outside_addresses_and_code() -> None:
    report = Report("site", "source")
    context = passes.Context(report, {}, terms=("GitHub", "OS2"))
    page = page_from("Ret det i Github eller github.com, `github` og [Os2](https://os2.example).")
    passes.terms(page, context)
    assert (
        written(page)
        == "Ret det i GitHub eller github.com, `github` og [OS2](https://os2.example)."
    )
    assert len(report.findings) == 2


def test_task_list_items_are_counted() -> None:
    _, report = run([passes.task_lists], "- [ ] Et\n- [x] To\n- Tre")
    assert len(report.findings) == 2


def test_tables_are_counted_and_a_header_only_table_is_noted() -> None:
    _, report = run([passes.tables], "| A | B |\n| --- | --- |\n\n| C |\n| --- |\n| 1 |")
    messages = [f.message for f in report.findings]
    assert len(messages) == 2 and "ingen rækker" in messages[0] and "ingen" not in messages[1]


def test_empty_page_and_empty_section_get_pending() -> None:
    page, report = run([*BLOCKS, passes.empty_sections], "# Tom")
    assert written(page).endswith(":::{pending}\n:::")
    assert report.findings[0].kind == "tom side"
    page, report = run([*BLOCKS, passes.empty_sections], "# Side\n\nTekst.")
    assert ":::{pending}" not in written(page) and not report.findings


def test_english_page_is_recognised_and_danish_is_not() -> None:
    english, report = run(
        [passes.language], "This page is written in English, and the test has to find that out."
    )
    assert english.lang == "en" and len(report.findings) == 1
    danish, _ = run([passes.language], "Denne side er skrevet på dansk, og det skal testen se.")
    assert danish.lang == ""


def test_version_button_and_date_become_the_version_badge() -> None:
    release = "https://x.example/releases/tag/v1.0.2"
    text = f"# Forside\n\n[Version 1.0.2]({release}){{: .btn }}\nUdgivet marts 2026"
    page = page_from(text, source="index.md")
    site = Site(Path(), {}, [page], home=page)
    report = Report("site", "source")
    output = site_passes.SiteOutput()
    site_passes.version(site, passes.Context(report, {}), output)
    assert (output.release.number, output.release.released, output.release.url) == (
        "1.0.2", "2026-03", "https://x.example/releases/tag/v1.0.2",
    )  # fmt: skip
    assert [i.text for i in page.items] == ["# Forside", "", "{{ version_badge }}"]
    edition = '# x\nversion = "1.0.0"  # y\nudgivet = "2025-10"\n'
    assert site_passes.updated_edition(edition, output.release) == (
        '# x\nversion = "1.0.2"  # y\nudgivet = "2026-03"\n'
        'udgivelseslink = "https://x.example/releases/tag/v1.0.2"\n'
    )


def test_version_without_a_date_keeps_the_release_month_and_says_so() -> None:
    page = page_from("[Version 2.0](https://x.example/r){: .btn }", source="index.md")
    site = Site(Path(), {}, [page], home=page)
    report = Report("site", "source")
    site_passes.version(site, passes.Context(report, {}), site_passes.SiteOutput())
    assert outcomes(report) == [Outcome.CONVERTED, Outcome.MANUAL]


@pytest.mark.parametrize(
    ("target", "suggested"),
    [
        ("/docs/processer/budgettet", "`docs/processer/budget.md`"),  # by title, same folder
        ("/docs/processer/fakturaer", "`docs/processer/faktura.md`"),
        ("/docs/helt-andet-emne", "ingen side ligner"),  # negative twin: no near page
    ],
)
def test_a_missing_page_suggests_the_nearest_page_by_title_and_path(
    tmp_path: Path, target: str, suggested: str
) -> None:
    site = tmp_path / "site"
    shutil.copytree(FULL_SITE, site)
    page = site / "docs/processer/onboarding.md"
    page.write_text(
        page.read_text(encoding="utf-8") + f"\nSe [den anden side]({target}).\n", encoding="utf-8"
    )
    run_ = run_import(copy_project(tmp_path / "project"), "--dry-run", "--force", site=site)
    line = next(li for li in run_.output.splitlines() if f"siden findes ikke: {target}" in li)
    assert f"Forslag: {suggested}" in line

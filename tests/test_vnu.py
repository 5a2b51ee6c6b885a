"""Every built page is valid HTML by the Nu HTML Checker (npm vnu-jar, on Java).

Errors fail; the checker's warnings are listed in pytest's warnings summary.
The checker reads the pages as files, so it also warns that the
Content-Security-Policy's 'self' does not cover file: addresses: that is the
file reading, not the page (tests/test_csp.py checks the policy in a browser).

The checker's settings are its defaults: a fault is fixed in the template or the
page (see _templates/page.html, os2_handbook/valid_svg.py), never hidden here.
"""

from __future__ import annotations

import re
import shutil
import warnings
from collections import Counter
from pathlib import Path

import pytest

from conftest import Build, copy_project, edit_file, run_build
from fixture_book import commit_all_changes, fix_raw_heading_levels, fix_true_faults, import_fixture
from os2_handbook.lint import main as lint_main
from os2_handbook.raw_html_check import VNU_JAR, run_vnu
from os2_handbook.valid_svg import valid_svg

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None or not (Path(__file__).parent.parent / VNU_JAR).is_file(),
    reason="Nu HTML Checker needs Java (default-jre-headless) and npm ci",
)

QUOTED = re.compile(r"“[^”]*”")


def check_pages(outdir: Path) -> tuple[list[str], Counter]:
    """The checker's errors as "page:line: message", and its warnings counted by kind."""
    pages = sorted(outdir.rglob("*.html"))
    errors, kinds = [], Counter()
    for message in run_vnu(pages):
        page = Path(message["url"].removeprefix("file:")).relative_to(outdir).as_posix()
        if message["type"] == "error":
            errors.append(f"{page}:{message.get('lastLine')}: {message['message']}")
        elif message.get("subType") == "warning":
            kinds[QUOTED.sub("…", message["message"])] += 1
    return errors, kinds


def list_warnings(book: str, kinds: Counter) -> None:
    for kind, count in kinds.most_common():
        warnings.warn(f"{book}: {count} × {kind}", UserWarning, stacklevel=2)


# -- The handbook ---------------------------------------------------------------


def test_every_page_of_the_handbook_is_valid_html(html_build: Build) -> None:
    errors, kinds = check_pages(html_build.outdir)
    list_warnings("håndbogen", kinds)
    assert errors == []


def test_invalid_raw_html_fails_naming_page_and_line(tmp_path: Path) -> None:
    """The twin: a page with invalid raw HTML fails the check at its page and line."""
    root = copy_project(tmp_path / "project")
    block = '<div class="x" aria-label="Kort">Tekst</div>\n'
    edit_file(root, "source/index.md", lambda text: f"{text}\n{block}")
    build = run_build(root)
    assert build.returncode == 0, build.output
    errors, _ = check_pages(build.outdir)
    line = next(
        n
        for n, text in enumerate(build.page_path("index").read_text().splitlines(), 1)
        if 'aria-label="Kort"' in text
    )
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"index.html:{line}: ")
    assert "aria-label" in errors[0]


# -- The imported full-size fixture ------------------------------------------------


@pytest.fixture(scope="module")
def full_book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """tests/fixtures/jekyll_full imported, its faults fixed as the lint gates say."""
    run = import_fixture(tmp_path_factory.mktemp("full") / "project")
    fix_true_faults(run.root)
    fix_raw_heading_levels(run.root)  # what the html gate asks for (below)
    commit_all_changes(run.root, "Fix the raw HTML's heading levels")
    build = run_build(run.root)
    assert build.returncode == 0, build.output
    return build


def test_every_page_of_the_imported_book_is_valid_html(full_book: Build) -> None:
    errors, kinds = check_pages(full_book.outdir)
    list_warnings("den importerede bog", kinds)
    assert errors == []


def test_html_gate_passes_on_the_fixed_import(full_book: Build, capsys) -> None:
    assert lint_main(["html", "--root", str(full_book.root)]) == 0, capsys.readouterr()


def test_html_gate_names_file_and_line_of_invalid_raw_html(full_book: Build, tmp_path, capsys):
    """The twin: the old site's cards as imported (<h3> under the page title)."""
    root = tmp_path / "project"
    shutil.copytree(full_book.root, root, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    page = root / "source" / "docs" / "produkter" / "oversigt.md"
    page.write_text(re.sub(r"(</?)h2>", r"\1h3>", page.read_text(encoding="utf-8")))
    first = next(n for n, text in enumerate(page.read_text().splitlines(), 1) if "<h3>" in text)
    assert lint_main(["html", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"source/docs/produkter/oversigt.md:{first}: rå HTML er ikke gyldig" in out
    assert "h3" in out


# -- Mermaid's SVG -------------------------------------------------------------------

SEQUENCE = (
    '<svg id="mermaid-k-light"><g><rect name="Leder" x="0"/>'
    '<line id="actor0" name="Leder"/></g><circle r="7" width="14" height="14"/>'
    '<path marker-end="url(#arrowhead)"/><marker id="arrowhead"/>'
    '<g id="mermaid-k-light-node_1"><path id="mermaid-k-light-node_1"/></g></svg>'
)


def test_mermaid_svg_is_made_valid() -> None:
    svg = valid_svg(SEQUENCE)
    assert " name=" not in svg
    assert "width" not in svg and "height" not in svg
    assert 'id="mermaid-k-light-actor0"' in svg
    assert "url(#mermaid-k-light-arrowhead)" in svg and 'id="mermaid-k-light-arrowhead"' in svg
    ids = re.findall(r' id="([^"]+)"', svg)
    assert len(ids) == len(set(ids))


def test_valid_svg_leaves_a_valid_drawing_as_it_is() -> None:
    """The twin: nothing to fix, nothing changed."""
    svg = '<svg id="mermaid-k-dark"><g id="mermaid-k-dark-a"><rect x="1"/></g></svg>'
    assert valid_svg(svg) == svg

"""Pages that independent checkers pass, on the handbook and the imported fixture.

- Valid HTML by the Nu HTML Checker (npm vnu-jar, on Java). Errors fail; the
  checker's warnings are listed in pytest's warnings summary. The checker
  reads the pages as files, so it also warns that the Content-Security-Policy's
  'self' does not cover file: addresses: that is the file reading, not the
  page (tests/test_csp.py checks the policy in a browser). The checker's
  settings are its defaults: a fault is fixed in the template or the page (see
  _templates/page.html, os2_handbook/ext/valid_svg.py), never hidden here.
- An icon for the browser's tab, images with width and height
  (os2_handbook/ext/image_sizes.py), and no request of a page that ends in an error.
"""

from __future__ import annotations

import re
import shutil
import warnings
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import Build, copy_project, edit_file, run_build
from fixture_book import commit_all_changes, fix_raw_heading_levels, fix_true_faults, import_fixture
from localserver import serve_directory
from os2_handbook.authoring.lint import VNU_JAR, run_vnu
from os2_handbook.authoring.lint import main as lint_main
from os2_handbook.ext.valid_svg import valid_svg

needs_vnu = pytest.mark.skipif(
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


@needs_vnu
def test_every_page_of_the_handbook_is_valid_html(html_build: Build) -> None:
    errors, kinds = check_pages(html_build.outdir)
    list_warnings("håndbogen", kinds)
    assert errors == []


@needs_vnu
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


@needs_vnu
def test_every_page_of_the_imported_book_is_valid_html(full_book: Build) -> None:
    errors, kinds = check_pages(full_book.outdir)
    list_warnings("den importerede bog", kinds)
    assert errors == []


@needs_vnu
def test_html_gate_passes_on_the_fixed_import(full_book: Build, capsys) -> None:
    assert lint_main(["html", "--root", str(full_book.root)]) == 0, capsys.readouterr()


@needs_vnu
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


# -- An icon, sized images, no request that fails --------------------------------------

ICON = re.compile(r"\bicon\b")


def icon_faults(build: Build) -> list[str]:
    """Pages without a tab icon, or whose icon is not a file of the build."""
    faults = []
    for html in sorted(build.outdir.rglob("*.html")):
        page = html.relative_to(build.outdir).as_posix()
        link = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find("link", rel=ICON)
        if link is None:
            faults.append(f"{page}: intet ikon")
        elif not (
            build.outdir / link["href"].lstrip("/")  # the 404 page's addresses are absolute
            if link["href"].startswith("/")
            else html.parent / link["href"]
        ).is_file():
            faults.append(f"{page}: ikonet {link['href']} findes ikke")
    return faults


def unsized_images(build: Build) -> list[str]:
    """Every <img> of every page without both width and height, as "page: src"."""
    found = []
    for html in sorted(build.outdir.rglob("*.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for img in soup.find_all("img"):
            if not (img.get("width") and img.get("height")):
                found.append(f"{html.relative_to(build.outdir).as_posix()}: {img.get('src')}")
    return found


def test_handbook_has_its_own_icon_on_every_page(html_build: Build) -> None:
    assert icon_faults(html_build) == []
    link = html_build.html("index").find("link", rel=ICON)
    assert link["href"] == "_static/os2-favicon.svg"


def test_imported_book_has_the_old_logo_as_icon_and_sized(full_book: Build) -> None:
    assert icon_faults(full_book) == []
    soup = full_book.html("index")
    assert soup.find("link", rel=ICON)["href"] == "_static/logo.svg"
    logo = soup.select_one("img.sidebar-logo")
    assert (logo["width"], logo["height"]) == ("120", "32")  # the fixture's testlogo.svg
    assert unsized_images(full_book) == []


def png(width: int, height: int) -> bytes:
    """A blank PNG of the given size, written with the standard library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\xff" * width * 3 for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + (chunk(b"IEND", b""))
    )


@pytest.fixture(scope="module")
def with_images(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The handbook with a content image, and a raw <img> whose file is missing."""
    root = copy_project(tmp_path_factory.mktemp("images") / "project")
    (root / "source" / "testbillede.png").write_bytes(png(40, 30))
    edit_file(
        root,
        "source/index.md",
        lambda text: (
            f"{text}\n![Et testbillede](testbillede.png)\n\n"
            '<img src="mangler.png" alt="Mangler" width="10" height="10">\n'
        ),
    )
    build = run_build(root)
    assert build.returncode == 0, build.output
    return build


def test_content_image_gets_the_size_of_its_file(with_images: Build) -> None:
    img = with_images.html("index").find("img", alt="Et testbillede")
    assert (img["width"], img["height"]) == ("40", "30")
    assert unsized_images(with_images) == []


def test_image_without_a_readable_size_fails_naming_file_and_line(tmp_path: Path) -> None:
    """The twin: an SVG with only a viewBox has no size to read; the author gives it."""
    root = copy_project(tmp_path / "project")
    (root / "source" / "uden-stoerrelse.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>', encoding="utf-8"
    )
    edit_file(
        root, "source/index.md", lambda text: f"{text}\n![Uden størrelse](uden-stoerrelse.svg)\n"
    )
    line = len((root / "source" / "index.md").read_text(encoding="utf-8").splitlines())
    build = run_build(root)
    assert build.returncode != 0
    assert f"index.md:{line}: WARNING: Billedets bredde og højde kan ikke læses" in build.output


def failed_requests(browser, base: str, paths: list[str]) -> list[str]:
    """Every response with status 400 or more while each page loads, as "page: status url"."""
    context = browser.new_context()
    page = context.new_page()
    failed: list[str] = []
    current = [""]
    page.on(
        "response",
        lambda r: (
            failed.append(f"{current[0] or '/'}: {r.status} {r.url}") if r.status >= 400 else None
        ),
    )
    for path in paths:
        current[0] = path
        page.goto(base + path, wait_until="networkidle")
    context.close()
    return failed


def longest_page(build: Build) -> str:
    html = max(build.outdir.rglob("index.html"), key=lambda p: p.stat().st_size)
    relative = html.parent.relative_to(build.outdir).as_posix()
    return "" if relative == "." else f"{relative}/"


def chapter(build: Build) -> str:
    """The first chapter in the front page's menu."""
    first = build.html("index").select_one(".sidebar-tree a.reference.internal")
    return first["href"].lstrip("./")


@pytest.mark.browser
@pytest.mark.parametrize("book", ["html_build", "full_book"])
def test_no_request_of_a_page_fails(book: str, request, browser) -> None:
    build = request.getfixturevalue(book)
    with serve_directory(build.outdir) as base:
        paths = ["", chapter(build), longest_page(build)]
        assert failed_requests(browser, base, paths) == []


@pytest.mark.browser
def test_a_missing_file_is_a_failed_request_named_with_its_page(with_images: Build, browser):
    """The twin: the raw <img> whose file is missing is reported on the front page."""
    with serve_directory(with_images.outdir) as base:
        failed = failed_requests(browser, base, [""])
    assert failed == [f"/: 404 {base}mangler.png"]

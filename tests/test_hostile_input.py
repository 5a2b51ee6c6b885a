"""Hostile and careless input (issue 21): no input crashes a build or a tool.

Each case breaks a temporary copy the way an attacker or a hurried author
would, and asserts a Danish message naming the file and line (or the commit)
and the fix; its twin is the same thing written correctly, which passes.
"""

from __future__ import annotations

import datetime
import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

import fixture_book
from conftest import Build, copy_project, edit_file, git, run_build
from os2_handbook.authoring.lint import Settings, myst_parser, myst_problems, run_gates
from os2_handbook.build import ROOT
from os2_handbook.ext import review
from os2_handbook.ext.changes import FEED_NAME, read_history
from os2_handbook.ext.page_language import is_language
from os2_handbook.preview import port_problem, serve_command

ATOM = {"a": "http://www.w3.org/2005/Atom"}
TODAY = datetime.date.today()


def line_of(path: Path, marker: str) -> int:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return next(number for number, line in enumerate(lines, 1) if marker in line)


def after_title(addition: str):
    """An edit that puts a paragraph right after a page's first heading."""

    def edit(text: str) -> str:
        title, rest = text.split("\n", 1)
        return f"{title}\n\n{addition}\n{rest}"

    return edit


# -- Commit subjects: the feed and "Seneste ændringer" ------------------------------------

SUBJECT = "Ret\x01 tonen\x1e i\x1f kommunikation"
CLEANED = "Ret tonen i kommunikation"
CLEAN_SUBJECT = "Testrettelse uden kontroltegn"


@pytest.fixture(scope="module")
def subject_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, str, str]:
    """A copy whose history has a subject with control characters and one without."""
    root = copy_project(tmp_path_factory.mktemp("subjects"))
    commits = []
    for date, page, subject in (
        ("2025-11-03T12:00:00+01:00", "source/bidrag.md", CLEAN_SUBJECT),
        ("2025-12-05T09:30:00+01:00", "source/docs/communication.md", SUBJECT),
    ):
        edit_file(root, page, lambda text: text + "\nTestlinje.\n")
        git(root, "commit", "--quiet", "--all", "--message", subject, date=date)
        commits.append(git(root, "rev-parse", "HEAD").strip())
    build = run_build(root)
    return build, commits[1], commits[0]


def test_control_characters_in_a_commit_subject_are_removed_and_named(subject_build) -> None:
    build, bad, _ = subject_build
    assert build.returncode == 0, build.output
    assert f"commit {bad[:7]} indeholder kontroltegn (U+0001, U+001E, U+001F)" in build.output
    feed = ElementTree.parse(build.outdir / FEED_NAME).getroot()  # well-formed XML
    titles = [entry.findtext("a:title", namespaces=ATOM) for entry in feed.findall("a:entry", ATOM)]
    assert titles[0].startswith(f"{CLEANED} (")
    article = build.html("aendringer").find("article")
    assert f": {CLEANED} – " in article.get_text(" ", strip=True)
    assert "Traceback" not in build.output


def test_twin_a_clean_subject_is_shown_and_not_named(subject_build) -> None:
    build, _, clean = subject_build
    assert f"commit {clean[:7]}" not in build.output
    feed = ElementTree.parse(build.outdir / FEED_NAME).getroot()
    titles = [entry.findtext("a:title", namespaces=ATOM) for entry in feed.findall("a:entry", ATOM)]
    assert titles[1].startswith(f"{CLEAN_SUBJECT} (")


def test_history_keeps_odd_file_names_and_empty_subjects(tmp_path: Path) -> None:
    git(tmp_path, "init", "--quiet")
    odd = "ny\nlinje.md"
    (tmp_path / odd).write_text("# A\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\n", encoding="utf-8")
    git(tmp_path, "add", "--all")
    git(tmp_path, "commit", "--quiet", "--allow-empty-message", "--message", "")
    (tmp_path / "b.md").write_text("# B\n\nMere.\n", encoding="utf-8")
    git(tmp_path, "commit", "--quiet", "--all", "--message", "Emne\x1eog\x1ffelt",
        date="2025-10-02T12:00:00+02:00")  # fmt: skip
    history = read_history(tmp_path)
    assert sorted((c.subject, c.path) for c in history.changes) == [
        ("", "b.md"),
        ("", odd),
        ("Emneogfelt", "b.md"),
    ]


# -- Pages: encoding, control characters, front matter, dates, language ------------------

# docname -> (the broken edit, the correct twin's edit, the marker of the line named)
BROKEN_PAGES = {
    "docs/appendix": "Latin-1",
    "docs/communication": "NUL",
    "docs/culture_and_development": "dates",
    "docs/partners_and_suppliers": "YAML",
    "docs/practical_information": "unclosed",
    "docs/products_and_communities": "lang",
    "docs/workflow_and_tools": "BOM",
}


def front(lines: str):
    return lambda text: f"---\n{lines}---\n\n{text}"


def break_pages(root: Path, *, correct: bool) -> None:
    """The hostile copy, or (correct=True) its twin with the same pages written right."""
    source = root / "source"
    appendix = source / "docs/appendix.md"
    text = after_title("Rød grød med fløde.")(appendix.read_text(encoding="utf-8"))
    appendix.write_bytes(text.encode("utf-8" if correct else "latin-1"))
    control = "" if correct else "\x00 og \x07"
    edit_file(root, "source/docs/communication.md", after_title(f"En linje med{control} tegn."))
    dates = (
        "gennemgået: 2025-10-01\ngennemgangsinterval: 6\n"
        if correct
        else "gennemgået: 9999-12-31\ngennemgangsinterval: 99999999\n"
    )
    edit_file(
        root, "source/docs/culture_and_development.md", front(f"ansvarlig: Testteam\n{dates}")
    )
    owner = 'ansvarlig: "[Testteam"\n' if correct else "ansvarlig: [Testteam\n"
    edit_file(root, "source/docs/partners_and_suppliers.md", front(owner))
    unclosed = "---\nansvarlig: Testteam\n---\n\n" if correct else "---\nansvarlig: Testteam\n\n"
    edit_file(root, "source/docs/practical_information.md", lambda text: unclosed + text)
    lang = "en" if correct else "xx"
    edit_file(root, "source/docs/products_and_communities.md", front(f"lang: {lang}\n"))
    workflow = source / "docs/workflow_and_tools.md"
    fields = "---\nansvarlig: Testteam\ngennemgået: 2025-10-01\n---\n\n"
    workflow.write_text(("" if correct else "\ufeff") + fields + workflow.read_text("utf-8"))


def build_pages(tmp_path_factory: pytest.TempPathFactory, *, correct: bool) -> Build:
    root = copy_project(tmp_path_factory.mktemp("twin" if correct else "hostile"))
    break_pages(root, correct=correct)
    message = "The same pages written right" if correct else "Hostile pages"
    git(root, "commit", "--quiet", "--all", "--message", message)
    return run_build(root)


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_pages(tmp_path_factory, correct=False)


@pytest.fixture(scope="module")
def twin_pages(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_pages(tmp_path_factory, correct=True)


def at(build: Build, docname: str, marker: str) -> str:
    """ "/…/source/docs/x.md:LINE:" of the line holding marker."""
    path = build.root / "source" / f"{docname}.md"
    return f"{path}:{line_of(path, marker)}:"


def test_hostile_pages_fail_the_build_without_a_traceback(hostile_pages: Build) -> None:
    assert hostile_pages.returncode != 0
    assert "Traceback" not in hostile_pages.output
    assert "sphinx-err-" not in hostile_pages.output


def test_twin_the_same_pages_written_right_build(twin_pages: Build) -> None:
    assert twin_pages.returncode == 0, twin_pages.output


def test_latin1_page_is_named_with_its_line(hostile_pages: Build) -> None:
    where = at(hostile_pages, "docs/appendix", "R")
    assert f"{where} ERROR: filen er ikke gemt som UTF-8" in hostile_pages.output
    assert "Gem filen igen med tegnsættet UTF-8" in hostile_pages.output


def test_twin_utf8_page_shows_its_text(twin_pages: Build) -> None:
    assert "Rød grød med fløde." in twin_pages.html("docs/appendix").find("article").get_text()


def test_control_characters_in_a_page_are_named(hostile_pages: Build) -> None:
    where = at(hostile_pages, "docs/communication", "En linje med")
    assert f"{where} WARNING: linjen indeholder kontroltegnet U+0000 (kolonne" in (
        hostile_pages.output
    )


def test_review_dates_out_of_bounds_are_named_not_crashed(hostile_pages: Build) -> None:
    page = "docs/culture_and_development"
    reviewed, interval = at(hostile_pages, page, "gennemgået"), at(hostile_pages, page, "interval")
    assert f"{reviewed} WARNING: »gennemgået: 9999-12-31« ligger i fremtiden" in (
        hostile_pages.output
    )
    assert f"{interval} WARNING: »gennemgangsinterval: 99999999« skal være et helt antal " in (
        hostile_pages.output
    )


def test_twin_review_dates_in_bounds_are_shown(twin_pages: Build) -> None:
    text = twin_pages.html("docs/culture_and_development").get_text(" ", strip=True)
    assert "1. oktober 2025" in text and "1. april 2026" in text


def test_invalid_yaml_front_matter_is_named_in_danish(hostile_pages: Build) -> None:
    where = at(hostile_pages, "docs/partners_and_suppliers", "ansvarlig: [")
    assert f"{where} WARNING: felterne øverst på siden (front matter" in hostile_pages.output


def test_unclosed_front_matter_is_named_in_danish(hostile_pages: Build) -> None:
    path = hostile_pages.root / "source/docs/practical_information.md"
    assert f"{path}:1: WARNING: felterne øverst på siden (front matter) begynder med --- men " in (
        hostile_pages.output
    )


def test_unknown_language_code_is_named(hostile_pages: Build) -> None:
    where = at(hostile_pages, "docs/products_and_communities", "lang: xx")
    assert f"{where} WARNING: lang: 'xx' er ikke en sprogkode" in hostile_pages.output
    assert not is_language("xx") and is_language("en") and is_language("en-GB")


def test_twin_known_language_code_marks_the_content(twin_pages: Build) -> None:
    assert twin_pages.html("docs/products_and_communities").find(attrs={"lang": "en"})


def run_review_tool(root: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, dict]]:
    result = subprocess.run(
        [sys.executable, "-m", "os2_handbook.authoring.review", "--root", str(root)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    rows = json.loads((root / "_build/review/review.json").read_text(encoding="utf-8"))
    return result, {row["path"]: row for row in rows}


def test_review_tool_names_every_hostile_page_and_never_fails(hostile_pages: Build) -> None:
    result, rows = run_review_tool(hostile_pages.root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    root = hostile_pages.root
    for docname, marker in (
        ("docs/appendix", "R"),
        ("docs/culture_and_development", "gennemgået"),
        ("docs/partners_and_suppliers", "ansvarlig: ["),
        ("docs/practical_information", "---"),
    ):
        path = f"source/{docname}.md"
        assert rows[path]["status"] == "invalid", rows[path]
        assert f"{path}:{line_of(root / path, marker)}: " in result.stdout
    assert "ikke gemt som UTF-8" in result.stdout
    # A byte-order mark: the page is read as the build reads it, owner and all.
    bom = rows["source/docs/workflow_and_tools.md"]
    assert (bom["owner"], bom["reviewed"]) == ("Testteam", "2025-10-01")


def test_twin_review_tool_reads_the_same_pages_written_right(twin_pages: Build) -> None:
    result, rows = run_review_tool(twin_pages.root)
    assert result.returncode == 0
    for docname in BROKEN_PAGES:
        assert rows[f"source/{docname}.md"]["status"] != "invalid", rows[f"source/{docname}.md"]
    assert rows["source/docs/workflow_and_tools.md"]["owner"] == "Testteam"


def test_review_bounds_in_the_parser() -> None:
    text = "---\ngennemgået: {day}\ngennemgangsinterval: {months}\n---\n# T\n"
    page = review.parse_page(text.format(day="9999-12-31", months="99999999"), "x.md", 12)
    assert [p.lineno for p in page.problems] == [2, 3] and page.due is None
    page = review.parse_page(text.format(day="2025-10-01", months="120"), "x.md", 12)
    assert page.problems == [] and page.due == datetime.date(2035, 10, 1)
    # A report dated far ahead says "never", not a crash.
    assert review.add_months(datetime.date(9999, 6, 1), 12) == datetime.date.max


def test_review_tool_survives_a_bad_interval_in_pyproject(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    edit_file(root, "pyproject.toml", lambda t: t.replace(
        "review-interval-months = 12", "review-interval-months = 99999999"))  # fmt: skip
    result, _ = run_review_tool(root)
    assert result.returncode == 0, result.stderr
    assert "review-interval-months = 99999999 skal være et helt antal måneder fra 1 til" in (
        result.stdout
    )


# -- The Markdown gate: MyST faults and a budget per file ----------------------------------

LINT_FILES = ("ordliste.txt", "README.md", "CONTRIBUTING.md")
PAGE = "source/docs/welcome_and_purpose.md"


def lint_copy(dest: Path) -> Path:
    copy_project(dest)
    for name in LINT_FILES:
        shutil.copy2(ROOT / name, dest / name)
    return dest


def lint_messages(root: Path, *gates: str) -> list[str]:
    problems, broken = run_gates(root, list(gates))
    assert not broken, broken
    return [problem.render(root) for problem in problems]


def lint_twins(
    tmp_path: Path, broken: str, correct: str, gate: str, marker: str
) -> tuple[list[str], int]:
    """Lint PAGE with broken appended, and with correct appended: the correct copy
    passes; the broken copy's messages are returned, with the line of marker in it."""
    roots = []
    for name, addition in (("broken", broken), ("correct", correct)):
        root = lint_copy(tmp_path / name)
        edit_file(root, PAGE, lambda text, addition=addition: text + addition)
        roots.append(root)
    assert lint_messages(roots[1], gate) == []
    return lint_messages(roots[0], gate), line_of(roots[0] / PAGE, marker)


@pytest.mark.parametrize(
    ("broken", "correct", "marker", "message"),
    [
        pytest.param(
            "\n:::{note}\nEn note uden slutning.\n\n## Næste afsnit\n\nTekst.\n",
            "\n:::{note}\nEn note med slutning.\n:::\n\n## Næste afsnit\n\nTekst.\n",
            ":::{note}",
            "blokken :::{note} lukkes aldrig",
            id="unclosed-fence",
        ),
        pytest.param(
            "\n{#min rolle}\n\n## Min rolle\n\nTekst.\n",
            "\n{#min-rolle}\n## Min rolle\n\nTekst.\n",
            "{#min rolle}",
            "{#min rolle} vises som tekst og bliver ikke til et anker: et id må ikke indeholde "
            "mellemrum. Skriv fx {#min-rolle}.",
            id="anchor-with-a-space",
        ),
        pytest.param(
            "\nSe [filen](file:///etc/passwd).\n",
            "\nSe [filen](https://example.org/).\n",
            "file:///",
            "linket [filen](file:///etc/passwd) vises som tekst",
            id="file-link",
        ),
    ],
)
def test_markdown_fault_is_named(
    tmp_path: Path, broken: str, correct: str, marker: str, message: str
) -> None:
    messages, line = lint_twins(tmp_path, broken, correct, "markdown", marker)
    assert any(m.startswith(f"{PAGE}:{line}: {message}") for m in messages), messages


def test_unclosed_fence_inside_a_directive_is_named() -> None:
    md = myst_parser(ROOT)
    text = "# T\n\n::::{grid}\n:::{grid-item}\nCelle\n::::\n"
    assert [line for line, _ in myst_problems(text, md)] == [4]
    assert myst_problems(text.replace("Celle\n", "Celle\n:::\n"), md) == []


def test_control_character_is_named_by_the_encoding_gate(tmp_path: Path) -> None:
    messages, line = lint_twins(
        tmp_path, "\nEn NUL\x00 her.\n", "\nIngen NUL her.\n", "encoding", "En NUL"
    )
    assert messages == [
        f"{PAGE}:{line}: linjen indeholder kontroltegnet U+0000 (kolonne 7), som ikke kan ses "
        "på siden. Slet det: slet tegnene omkring kolonnen, og skriv dem igen."
    ]


@pytest.mark.parametrize(
    ("setting", "page"),
    [
        ("markdown-max-headings = 30", "".join(f"\n## Afsnit {i}\n\nTekst.\n" for i in range(40))),
        ("markdown-max-kb = 40", "\nTekst i et langt afsnit. " * 2000 + "\n"),
    ],
)  # fmt: skip
def test_a_page_over_the_budget_is_reported_not_waited_on(
    tmp_path: Path, setting: str, page: str
) -> None:
    root = lint_copy(tmp_path / "project")
    key, limit = setting.split(" = ")
    if key == "markdown-max-kb":  # above every file the gate reads today (README.md grows)
        largest = max(path.stat().st_size for path in root.rglob("*.md")) // 1024
        limit = str(max(int(limit), largest + 1))
        page = page * (1 + int(limit) * 1024 // len(page.encode("utf-8")))
        setting = f"{key} = {limit}"
    edit_file(root, "pyproject.toml", lambda t: t.replace(f"{key} = 200\n", f"{setting}\n", 1))
    edit_file(root, PAGE, lambda text: text + page)
    too_large = [m for m in lint_messages(root, "markdown") if "for stor" in m]
    assert len(too_large) == 1, too_large
    assert too_large[0].startswith(f"{PAGE}:1: Markdown: siden er for stor til Markdown-kontrollen")
    assert f"grænsen er {limit} " in too_large[0] and f"hæv grænsen {key} under" in too_large[0]
    # Twin: the real handbook is far inside the default budget.
    real = lint_messages(lint_copy(tmp_path / "real"), "markdown")
    assert not [m for m in real if "for stor" in m]


def test_a_five_megabyte_page_is_reported_in_seconds(tmp_path: Path) -> None:
    import time

    root = lint_copy(tmp_path / "project")
    sentence = "Os2 skriver en meget lang side uden ende. "  # "Os2": a term fault, if it were read
    edit_file(root, PAGE, lambda text: text + "\n" + sentence * (5 * 1024 * 1024 // len(sentence)))
    started = time.monotonic()
    messages = lint_messages(root, "markdown", "terms", "diagrams")
    elapsed = time.monotonic() - started
    assert elapsed < 60, elapsed  # pymarkdownlnt alone took 492 s on such a page
    size = len((root / PAGE).read_bytes()) / 1024
    assert [m for m in messages if m.startswith(f"{PAGE}:")] == [
        f"{PAGE}:1: Markdown: siden er for stor til Markdown-kontrollen ({size:.0f} KB; grænsen er "
        "200 KB), så den er ikke kontrolleret. Del den op i flere sider, eller hæv grænsen "
        "markdown-max-kb under [tool.os2-haandbog.lint] i pyproject.toml."
    ]


def test_a_language_without_a_dictionary_is_not_checked_as_danish() -> None:
    from os2_handbook.authoring.lint import _no_dictionary

    settings = Settings.read(ROOT)
    assert "lang: xx" in _no_dictionary("---\nlang: xx\n---\n# T\n", settings)
    assert "lang: de" in _no_dictionary("---\nlang: de\n---\n# T\n", settings)
    assert _no_dictionary("---\nlang: en\n---\n# T\n", settings) == ""
    assert _no_dictionary("---\nlang: da\n---\n# T\n", settings) == ""
    assert _no_dictionary("# T\n", settings) == ""


# -- The importer: control characters and odd file names -------------------------------------

SITE = ROOT / "tests" / "fixtures" / "jekyll_site"


def test_importer_removes_and_reports_control_characters(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    page = site / "docs" / "ordliste.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.rstrip("\n") + "\n\nNUL\x00 BEL\x07 ESC\x1b[31m.\n", encoding="utf-8")
    line = line_of(page, "NUL")
    run = fixture_book.run_import(copy_project(tmp_path / "project"), "--force", site=site)
    assert run.returncode in (0, 1), run.output
    written = "\n".join(p.read_text("utf-8") for p in (run.root / "source").rglob("*.md"))
    assert "NUL BEL ESC[31m." in written
    assert not any(char in written for char in "\x00\x07\x1b")
    report = (run.root / "_build" / "import-report.md").read_text(encoding="utf-8")
    assert f"docs/ordliste.md:{line}" in report
    assert "usynlige kontroltegn (U+0000, U+0007, U+001B) fjernet på linje" in report


def test_twin_importer_reports_no_control_characters_in_a_clean_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    run = fixture_book.run_import(copy_project(tmp_path / "project"), "--force", site=site)
    report = (run.root / "_build" / "import-report.md").read_text(encoding="utf-8")
    assert "kontroltegn" not in report


def test_a_newline_in_a_file_name_keeps_the_report_table_whole() -> None:
    from os2_handbook.importer.report import Report, WrittenFile

    report = Report("site", "source")
    report.files = [
        WrittenFile("source/ny\nlinje|a`b.md", "ny\nlinje|a`b.md", "oprettet"),
        WrittenFile("source/om.md", "om.md", "oprettet"),  # the twin: an ordinary name
    ]
    table = report.to_markdown().split("| Fil | Fra | Status |\n| --- | --- | --- |\n")[1]
    rows = table.split("\n\n")[0].split("\n")
    assert rows == [
        "| `source/ny\\nlinje\\|a'b.md` | `ny\\nlinje\\|a'b.md` | oprettet |",
        "| `source/om.md` | `om.md` | oprettet |",
    ]


# -- The live preview on a taken port -------------------------------------------------------


def test_a_taken_port_is_said_in_danish_before_serving(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        problem = port_problem(port)
        assert problem and f"Port {port} på 127.0.0.1 er optaget" in problem
        assert f"nox -s serve -- --port {port + 1}" in problem
        command = serve_command(
            port, root=copy_project(tmp_path / "project"), python=sys.executable
        )
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"FEJL – Port {port} på 127.0.0.1 er optaget" in output
    assert "Serving on" not in output and "Errno" not in output


def test_twin_a_free_port_has_no_problem() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert port_problem(port) is None
    assert "findes ikke" in port_problem(70000)


# -- A diagram's own init cannot take its labels out of the PDF ----------------------------


def draw(tmp_path: Path, code: str, config: dict) -> str:
    """One light SVG from Mermaid's renderer (os2_handbook/diagrams.mjs), as the build draws."""
    from os2_handbook.ext import diagrams

    out = tmp_path / f"drawing-{len(list(tmp_path.glob('*.svg')))}.svg"
    request = {
        "browser": diagrams.find_browser(),
        "browserArgs": diagrams._browser_args(),
        "jobs": [{"code": code, "format": "svg", "svgId": "test", "config": config,
                  "out": str(out)}],
    }  # fmt: skip
    result = subprocess.run(
        ["node", str(diagrams.RENDERER)], input=json.dumps(request), cwd=ROOT,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert out.is_file(), result.stdout + result.stderr
    return out.read_text(encoding="utf-8")


def svg_labels(svg: str) -> tuple[str, int]:
    """The text an SVG engine draws (<text>), and how many HTML labels it cannot draw."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(svg, "html.parser")
    drawn = " ".join(text.get_text(" ", strip=True) for text in soup.find_all("text"))
    return drawn, len(soup.find_all("foreignobject"))


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js and Chromium")
def test_init_with_html_labels_keeps_the_labels_drawable(tmp_path: Path) -> None:
    from os2_handbook.ext.diagrams import MERMAID_CONFIG, find_browser

    if find_browser() is None or not (ROOT / "node_modules" / "@mermaid-js").is_dir():
        pytest.skip("needs Chromium and npm ci")
    code = (
        '%%{init: {"htmlLabels": true, "flowchart": {"htmlLabels": true}}}%%\n'
        "flowchart LR\n  A[Første trin] --> B[Andet trin]\n"
    )
    drawn, html_labels = svg_labels(draw(tmp_path, code, {**MERMAID_CONFIG, "theme": "default"}))
    assert "Første trin" in drawn and "Andet trin" in drawn and html_labels == 0
    # Twin: without the secure key, the diagram's init wins and the labels become
    # HTML that WeasyPrint cannot draw: this is what the check above catches.
    unsecured = {k: v for k, v in MERMAID_CONFIG.items() if k != "secure"}
    drawn, html_labels = svg_labels(draw(tmp_path, code, {**unsecured, "theme": "default"}))
    assert "Første trin" not in drawn and html_labels > 0


# -- Crashes the fuzz pass found (nox -s fuzz, tests/fuzz_hostile.py), as regular tests ---------


def test_fuzz_a_lone_carriage_return_keeps_the_fence_check_in_step() -> None:
    md = myst_parser(ROOT)
    # markdown-it reads a lone CR as a line break; the check counts lines the same way.
    assert myst_problems(":::{pending}\n\r0", md) == [
        (1, myst_problems(":::{pending}\n", md)[0][1])
    ]
    assert myst_problems(":::{pending}\r:::\r", md) == []  # twin: closed, with CR line ends


def test_fuzz_an_empty_page_and_an_unreadable_one_are_named_by_the_markdown_gate(
    tmp_path: Path,
) -> None:
    root = lint_copy(tmp_path / "project")
    (root / "source" / "tom.md").write_text("", encoding="utf-8")
    (root / "source" / "halv.md").write_text("---\nx", encoding="utf-8")  # pymarkdownlnt gives up
    messages = lint_messages(root, "markdown")
    assert (
        "source/tom.md:1: Markdown: filen er tom. Skriv sidens titel (# Titel) øverst, "
        "eller slet filen." in messages
    )
    assert any(m.startswith("source/halv.md:1: Markdown: Markdown-kontrollen (pymarkdownlnt) "
                            "kunne ikke læse filen.") for m in messages)  # fmt: skip
    # Twin: the same pages with a title and closed front matter pass.
    (root / "source" / "tom.md").write_text("# Tom side\n", encoding="utf-8")
    (root / "source" / "halv.md").write_text("---\nx: y\n---\n\n# Halv side\n", encoding="utf-8")
    assert [m for m in lint_messages(root, "markdown") if "tom.md" in m or "halv.md" in m] == []


def test_fuzz_the_command_prints_no_traceback_for_an_unreadable_page(tmp_path: Path) -> None:
    root = lint_copy(tmp_path / "project")
    (root / "source" / "halv.md").write_text("---\nx", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "os2_handbook.authoring.lint", "markdown", "--root", str(root)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "source/halv.md:1: Markdown:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("where", ["page", "config"])
def test_fuzz_a_date_that_does_not_exist_stops_the_import_naming_the_line(
    tmp_path: Path, where: str
) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    if where == "page":
        path, name = site / "docs" / "ordliste.md", "docs/ordliste.md"
        path.write_text(path.read_text("utf-8").replace("---\n", "---\ndato: 2025-02-30\n", 1),
                        encoding="utf-8")  # fmt: skip
    else:
        path, name = site / "_config.yml", "_config.yml"
        path.write_text(path.read_text("utf-8") + "dato: 2025-02-30\n", encoding="utf-8")
    line = line_of(path, "2025-02-30")
    run = fixture_book.run_import(copy_project(tmp_path / "project"), "--force", site=site)
    assert run.returncode == 2, run.output
    assert f"{name}:{line}: datoen findes ikke (fx 30. februar)" in run.output
    assert "Traceback" not in run.output
    # Twin: a date that exists is read.
    path.write_text(path.read_text("utf-8").replace("2025-02-30", "2025-02-28"), encoding="utf-8")
    run = fixture_book.run_import(copy_project(tmp_path / "twin"), "--force", site=site)
    assert run.returncode in (0, 1), run.output


@pytest.mark.parametrize(
    ("key", "value"), [("callouts", "3"), ("aux_links", "[1]"), ("exclude", "docs")]
)
def test_fuzz_a_config_key_of_the_wrong_shape_stops_the_import_naming_the_line(
    tmp_path: Path, key: str, value: str
) -> None:
    config = Path(shutil.copytree(SITE, tmp_path / "site")) / "_config.yml"
    config.write_text(config.read_text("utf-8") + f"{key}: {value}\n", encoding="utf-8")
    run = fixture_book.run_import(copy_project(tmp_path / "project"), "--force", site=config.parent)
    assert run.returncode == 2, run.output
    line = len(config.read_text("utf-8").splitlines())  # the key written last is the one read
    assert f"_config.yml:{line}: {key} skal være en " in run.output
    assert "Traceback" not in run.output
    # Twin: the same key with an empty value is read as before.
    config.write_text(config.read_text("utf-8").replace(f"{key}: {value}", f"{key}:"), "utf-8")
    run = fixture_book.run_import(copy_project(tmp_path / "twin"), "--force", site=config.parent)
    assert run.returncode in (0, 1), run.output


def test_control_character_warning_stays_in_an_incremental_rebuild(tmp_path: Path) -> None:
    from os2_handbook.build import sphinx_command

    root = copy_project(tmp_path / "project")
    page = "source/docs/communication.md"
    edit_file(root, page, after_title("En linje med\x07 tegn."))
    command = sphinx_command("dirhtml", root / "_build" / "serve", root=root, fresh_env=False,
                             python=sys.executable)  # fmt: skip

    def rebuild() -> str:
        result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
        return result.stdout + result.stderr

    where = f"{root / page}:{line_of(root / page, 'En linje med')}: WARNING: linjen indeholder"
    assert where in rebuild()
    assert where in rebuild()  # the page is unchanged: the live preview still says it
    edit_file(root, page, lambda text: text.replace("\x07", ""))
    assert "kontroltegnet" not in rebuild()  # twin: fixed, and the warning is gone


def stops_then_imports(
    tmp_path: Path, site: Path, message: str, path: Path, bad: str | bytes, good: str
) -> fixture_book.ImportRun:
    """The import of site stops (exit 2) saying message, without a traceback; with bad
    replaced by good in path (as UTF-8), the twin imports (exit 0 or 1): the twin's run."""
    run = fixture_book.run_import(copy_project(tmp_path / "project"), "--force", site=site)
    assert run.returncode == 2, run.output
    assert message in run.output
    assert "Traceback" not in run.output
    bad = bad if isinstance(bad, bytes) else bad.encode()
    path.write_bytes(path.read_bytes().replace(bad, good.encode()))
    twin = fixture_book.run_import(copy_project(tmp_path / "twin"), "--force", site=site)
    assert twin.returncode in (0, 1), twin.output
    return twin


def glossary_with(tmp_path: Path, front: str) -> tuple[Path, Path]:
    """A copy of SITE whose docs/ordliste.md has front before its title: (site, page)."""
    site = Path(shutil.copytree(SITE, tmp_path / "site"))
    page = site / "docs" / "ordliste.md"
    page.write_text(page.read_text("utf-8").replace("title:", f"{front}\ntitle:", 1), "utf-8")
    return site, page


@pytest.mark.parametrize(
    ("where", "setting", "value", "valid"),
    [
        ("page", "title", "[Ord, liste]", "Ordliste"),
        ("page", "title", "On", '"On"'),  # YAML reads on/off/yes/no as a boolean
        ("page", "title", '"Ord\\nliste"', '"Ord liste"'),
        ("page", "lang", "no", '"no"'),
        ("page", "nav_order", "{a: 1}", "4"),
        ("page", "permalink", "[/ord/]", "/ord/"),
        ("page", "nav_exclude", '"false"', "false"),
        ("config", "logo", "[/assets/images/skitse.png]", "/assets/images/skitse.png"),
        ("config", "baseurl", "{a: b}", "/haandbog"),
        ("config", "callouts:\n  note:\n    title", "[Bemærk]", "Bemærk"),
        ("config", "callouts:\n  note:\n    color", "{blue: 1}", "blue"),
        ("config", "callouts:\n  note", "Bemærk", "{title: Bemærk}"),
    ],
)
def test_fuzz_a_value_of_the_wrong_shape_stops_the_import_naming_the_line(
    tmp_path: Path, where: str, setting: str, value: str, valid: str
) -> None:
    site, path = glossary_with(tmp_path, "x: 1")
    if where == "page":  # the page's own title and nav_order, or one key more
        front = {"title": "Ordliste", "nav_order": "4", setting: value}
        text = "".join(f"{k}: {v}\n" for k, v in front.items())
        path.write_text(path.read_text("utf-8").replace("x: 1\ntitle: Ordliste\nnav_order: 4\n",
                                                        text), encoding="utf-8")  # fmt: skip
    else:
        path = site / "_config.yml"
        path.write_text(path.read_text("utf-8") + f"{setting}: {value}\n", encoding="utf-8")
    key = setting.split()[-1]
    message = f"{path.relative_to(site).as_posix()}:{line_of(path, f'{key}: {value}')}: {key} "
    stops_then_imports(tmp_path, site, message + "skal være ", path, f": {value}\n", f": {valid}\n")


@pytest.mark.parametrize(
    ("where", "escape", "character"),
    [("page", "\\0", "U+0000"), ("page", "\\ud800", "U+D800"), ("config", "\\ud800", "U+D800")],
)
def test_fuzz_a_yaml_escape_no_file_can_hold_stops_the_import_naming_the_line(
    tmp_path: Path, where: str, escape: str, character: str
) -> None:
    site, path = glossary_with(tmp_path, f'description: "Ord{escape}"' if where == "page" else "")
    if where == "config":
        path = site / "_config.yml"
        path.write_text(path.read_text("utf-8") + f'logo: "Ord{escape}"\n', encoding="utf-8")
    message = f"{path.relative_to(site).as_posix()}:{line_of(path, 'Ord' + escape)}: værdien "
    stops_then_imports(tmp_path, site, f"{message}indeholder tegnet {character}", path, escape, "")


def test_fuzz_a_path_too_long_for_the_file_system_is_reported_not_a_traceback(
    tmp_path: Path,
) -> None:
    site = Path(shutil.copytree(SITE, tmp_path / "site"))
    long = "a" * 300 + "/" + "b" * 5000 + ".png"
    config = site / "_config.yml"
    config.write_text(config.read_text("utf-8") + f"logo: /{long}\n", encoding="utf-8")
    page = site / "om.md"
    page.write_text(page.read_text("utf-8") + f"\n[Billede](/{long})\n", encoding="utf-8")
    run = fixture_book.run_import(copy_project(tmp_path / "project"), "--force", site=site)
    assert run.returncode == 1, run.output
    assert f"logoet /{long} findes ikke i siden." in run.output
    assert "Traceback" not in run.output
    # Twin: a logo that exists is taken.
    config.write_text(
        config.read_text("utf-8").replace(f"/{long}", "/assets/images/skitse.png"), "utf-8"
    )
    run = fixture_book.run_import(copy_project(tmp_path / "twin"), "--force", site=site)
    assert (run.root / "_static" / "imported" / "logo.png").is_file(), run.output


def test_fuzz_a_config_not_in_utf8_or_a_page_linking_nowhere_stops_the_import(
    tmp_path: Path,
) -> None:
    site = Path(shutil.copytree(SITE, tmp_path / "site"))
    (site / "docs" / "borte.md").symlink_to(site / "docs" / "findes-ikke.md")
    run = fixture_book.run_import(copy_project(tmp_path / "link"), "--force", site=site)
    assert run.returncode == 2, run.output
    assert "docs/borte.md:1: filen kan ikke læses" in run.output
    (site / "docs" / "borte.md").unlink()
    config = site / "_config.yml"
    config.write_bytes(config.read_bytes() + "ophavsret: Ærø\n".encode("cp1252"))
    message = f"_config.yml:{len(config.read_bytes().splitlines())}: filen er ikke UTF-8."
    # Twin: the config in UTF-8 and a folder named like a page, with a page in it, import.
    (site / "docs" / "mappe.md").mkdir()
    (site / "docs" / "mappe.md" / "side.md").write_text("---\ntitle: Side\n---\n", "utf-8")
    twin = stops_then_imports(tmp_path, site, message, config, "Ærø".encode("cp1252"), "Ærø")
    assert (twin.root / "source" / "docs" / "mappe.md" / "side.md").is_file()


@pytest.mark.parametrize(
    ("permalink", "message"),
    [
        ("/" + "x" * 300 + "/", "docs/ordliste.md:2: permalink /xxx"),  # too long for a file name
        ("/" + "a/" * 600, "er for lang til et filnavn"),
        # The front page by dots: not a page written to ..md.
        ("/.", "siden ville blive skrevet til index.md, ligesom docs/ordliste.md"),
        ("/docs/..", "siden ville blive skrevet til index.md, ligesom docs/ordliste.md"),
    ],
)
def test_fuzz_a_permalink_no_file_can_have_stops_the_import_naming_the_line(
    tmp_path: Path, permalink: str, message: str
) -> None:
    site, page = glossary_with(tmp_path, f"permalink: {permalink}")
    # Twin: a permalink of a usual length, dots that lead to another address, are followed.
    twin = stops_then_imports(tmp_path, site, message, page, permalink, "/./ord/x/..")
    assert (twin.root / "source" / "ord.md").is_file(), twin.output

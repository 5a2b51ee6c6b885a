"""The fuzz pass (``nox -s fuzz``): the project's parsers under hypothesis, for a bounded time.

Not part of ``nox -s tests`` (pytest collects only ``test_*.py``): each target
runs for ``OS2_FUZZ_SECONDS`` seconds (default 60) of fresh random searches.
A target fails only on a crash, an exception the code did not mean to raise;
every crash found becomes a regular test in tests/test_hostile_input.py.

Targets: the review fields of a page's front matter (os2_handbook/ext/review.py),
a page's bytes in any encoding (review.py and the encoding gate), the commit
log and the Atom feed (changes.py), the importer's passes on a one-page
Jekyll site and its _config.yml (importer), and the lint gates' parsers (lint.py).
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from os2_handbook.authoring import lint
from os2_handbook.authoring import review as review_report
from os2_handbook.build import ROOT
from os2_handbook.ext import review
from os2_handbook.ext.changes import CONTROL, _log_records, clean_subject
from os2_handbook.ext.mojibake import find_control_characters

SECONDS = float(os.environ.get("OS2_FUZZ_SECONDS", "60"))
# One search: a batch of examples; batches repeat, each with a fresh seed, until the time is up.
BATCH = settings(
    max_examples=200,
    deadline=None,
    database=None,  # each batch searches anew; a crash is printed with its example
    suppress_health_check=list(HealthCheck),
)


def for_a_while(search: Callable[[], None]) -> None:
    """Run a hypothesis search again and again for SECONDS; report the batches run."""
    batches, end = 0, time.monotonic() + SECONDS
    while time.monotonic() < end:
        search()
        batches += 1
    print(f"{search.__name__}: {batches} batches of up to 200 examples in {SECONDS:.0f} s")


# One small project for every example, so MyST's parser is set up once.
GATE_ROOT = Path(tempfile.mkdtemp(prefix="os2-fuzz-"))
for name in ("pyproject.toml", "conf.py"):
    shutil.copy2(ROOT / name, GATE_ROOT / name)
(GATE_ROOT / "source").mkdir()


# Pieces that hostile and careless pages are made of, mixed with random text.
def lines_of(pieces: list[str], size: int = 12) -> st.SearchStrategy[str]:
    line = st.one_of(st.sampled_from(pieces), st.text(max_size=40))
    return st.lists(line, max_size=size).map("\n".join)


VALUES = [
    "9999-12-31", "0001-01-01", "2025-02-30", "2025-10-01", "99999999", "0", "-1", "6", "١٢",
    "[x", "{", '"', "'", "|", ">", "&a", "*a", "!!python/object:os.system", "~", "null", "",
    "xx", "en", "Testteam", "\ufeff", "\x00", "\x1e",
]  # fmt: skip
KEYS = ["ansvarlig", "gennemgået", "gennemgangsinterval", "lang", "title", "permalink", "x"]
FIELD = st.tuples(
    st.sampled_from(KEYS), st.one_of(st.sampled_from(VALUES), st.text(max_size=20))
).map(lambda pair: f"{pair[0]}: {pair[1]}")
FRONT = st.lists(st.one_of(FIELD, st.sampled_from(["  - a", "---", "..."]), st.text(max_size=20)),
                 max_size=8).map("\n".join)  # fmt: skip
MYST = [
    "# Titel", "## Afsnit", ":::{note}", ":::", "::::{grid}", ":::{grid-item}", "::::",
    "```{mermaid}", "```", "````", "~~~", "{#min rolle}", "{#ok}", "{.klasse}", "{#}",
    "[fil](file:///etc/passwd)", "[x](javascript:alert(1))", "[tom]()", "- [ ] opgave",
    "| a | b |", "|---|---|", "<div>", "</div>", "---", "accTitle: x", ":alt: y", "$$",
    ":::{pending}", "```{code-block} python", "> citat", "1. punkt", "   - under",
    "S√•dan", "SÃ¥dan", "\x00", "\x07", "\x1b[31m", "\r", "\t", "\ufeff", "lang: xx",
]  # fmt: skip
PAGE = st.builds(
    lambda bom, front, closed, body: ("\ufeff" if bom else "")
    + ("---\n" + front + ("\n---\n" if closed else "\n") if front is not None else "")
    + body,
    st.booleans(), st.one_of(st.none(), FRONT), st.booleans(), lines_of(MYST, 20),
)  # fmt: skip


# -- The review fields (the extension's front matter) ----------------------------------------


@BATCH
@given(PAGE, st.dates(min_value=datetime.date(1900, 1, 1)))
def review_fields(text: str, today: datetime.date) -> None:
    page = review.parse_page(text, "source/x.md", 12, today)
    lines = max(1, len(text.splitlines()))
    assert all(1 <= problem.lineno <= lines + 1 for problem in page.problems), page.problems
    review.review_context(page, today)
    rows = review_report.report_rows([page], today)
    review_report.markdown_report(rows, today, [])


def test_review_fields() -> None:
    for_a_while(review_fields)


BYTES = st.one_of(
    st.binary(max_size=300),
    PAGE.map(lambda text: text.encode("utf-8", errors="surrogatepass")),
    PAGE.map(lambda text: text.encode("cp1252", errors="replace")),
)


@BATCH
@given(BYTES)
def page_bytes(data: bytes) -> None:
    """A page as bytes (any encoding, a BOM, control characters): the review and the
    encoding gate read it, as nox -s review and nox -s lint do."""
    (GATE_ROOT / "source" / "x.md").write_bytes(data)
    for page in review_report.read_pages(GATE_ROOT / "source", GATE_ROOT, 12):
        assert all(problem.lineno >= 1 for problem in page.problems)
    lint.check_encoding(lint.Settings.read(GATE_ROOT))


def test_page_bytes() -> None:
    for_a_while(page_bytes)


# -- The commit log and the feed ----------------------------------------------------------


@BATCH
@given(st.text(), st.text(alphabet=st.sampled_from("\x00\n\x1e\x1fabc0123-:T+ ")))
def feed(subject: str, log: str) -> None:
    from feedgenerator import Atom1Feed

    _log_records(log)
    cleaned = clean_subject(subject, "0" * 40)
    assert not CONTROL.search(cleaned)
    atom = Atom1Feed(title="t", link="./", description="d", feed_guid="tag:x.invalid,2025:x")
    atom.add_item(title=cleaned, link="./", description=cleaned, unique_id="tag:x.invalid,2025:1")
    ElementTree.fromstring(atom.writeString("utf-8"))  # well-formed XML


def test_feed() -> None:
    for_a_while(feed)


# -- The importer's passes on a one-page site --------------------------------------------------

KRAMDOWN = [
    "# Titel {#id}", "## Afsnit", "{: .note }", "{: .label .label-green }", "1. TOC", "{:toc}",
    "* TOC", "{% include x.html %}", "{{ site.title }}", "[link](/docs/x)", "[a](#top)",
    '<span class="label">x</span>', "```mermaid", "```", "| a |", "|---|", "<div>", "</div>",
    "- [x] gjort", "https://example.org/x.", "{: .no_toc }", "\x00", "\x07", "\x1b", "S√•dan",
]  # fmt: skip
SITE_PAGE = st.builds(
    lambda front, body: "---\n" + front + "\n---\n" + body, FRONT, lines_of(KRAMDOWN, 20)
)
# _config.yml: the keys the importer reads, with values of every YAML shape.
CONFIG_VALUES = [*VALUES, "[a, 1]", "{a: b}", "[]", "{}", "yes", "3.5", '"\\0"', '"\\ud800"',
                 "\n  note:\n    title: [x]", "\n  note: 3", "\n  x:\n    - {a: b}"]  # fmt: skip
CONFIG = st.lists(
    st.tuples(
        st.sampled_from(["logo", "baseurl", "callouts", "aux_links", "exclude", "title"]),
        st.one_of(st.sampled_from(CONFIG_VALUES), st.text(max_size=20)),
    ).map(lambda pair: f"{pair[0]}: {pair[1]}"),
    max_size=4,
).map("\n".join)


@BATCH
@given(SITE_PAGE, CONFIG)
def importer(text: str, config: str) -> None:
    from os2_handbook.importer.cli import convert
    from os2_handbook.importer.report import Report
    from os2_handbook.importer.site import SiteError, read_site

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder, "site")
        (site / "docs").mkdir(parents=True)
        (site / "index.md").write_text("---\ntitle: Forside\n---\n\n# Forside\n", encoding="utf-8")
        (site / "docs" / "side.md").write_text(text, encoding="utf-8", errors="surrogatepass")
        (site / "_config.yml").write_text(config, encoding="utf-8", errors="surrogatepass")
        report = Report(str(site), "source")
        try:
            convert(read_site(site, report), Path(folder, "project", "source"), report)
        except SiteError:
            return  # refused with a Danish message naming file and line: by design
        report.to_markdown()


def test_importer() -> None:
    for_a_while(importer)


# -- The lint gates' parsers ---------------------------------------------------------------


@BATCH
@given(PAGE)
def lint_parsers(text: str) -> None:
    md = lint.myst_parser(ROOT)
    lines = len(re.split(r"\r\n?|\n", text))  # as markdown-it, docutils and editors count
    for line, _ in lint.myst_problems(text, md):
        assert 1 <= line <= lines + 1
    for prose in lint.prose_lines(text, ROOT):
        list(lint.prose_words(prose.text))
    lint.page_language(text)
    find_control_characters(text)
    lint._mojibake_problems(Path("x.md"), text)
    lint.directive_options(text)
    lint.over_budget(text, lint.Settings.read(ROOT))


def test_lint_parsers() -> None:
    for_a_while(lint_parsers)


@BATCH
@given(lines_of(MYST, 12))
def markdown_gate(text: str) -> None:
    """pymarkdownlnt and the diagram gate with the project's settings, on one page."""
    (GATE_ROOT / "source" / "x.md").write_text(text, encoding="utf-8", errors="surrogatepass")
    settings = lint.Settings.read(GATE_ROOT)
    lint.check_markdown(settings)
    lint.check_diagrams(settings)


def test_markdown_gate() -> None:
    for_a_while(markdown_gate)

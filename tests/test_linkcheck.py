"""The linkcheck builder with the project's own settings, against a local server.

A temporary copy of the project gets one page whose links point at a server on
127.0.0.1 that answers 200, 404, a redirect, a page without the anchor, 429 with
Retry-After, and a response slower than the timeout. output.json must classify
each one right, and the run must exit non-zero because links are broken.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pytest

from conftest import Build, copy_project, git, run_build
from localserver import serve

PAGE = b"<html><body><h1 id='present'>Her</h1></body></html>"
SLOW_SECONDS = 5  # longer than the test's timeout below


class LinkTargets(BaseHTTPRequestHandler):
    """One path per case; counts the requests it gets."""

    requests: ClassVar[Counter[str]] = Counter()
    gets: ClassVar[Counter[str]] = Counter()  # one GET per attempt (a HEAD may come first)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.gets[self.path.split("?")[0]] += 1
        self.answer(body=True)

    def answer(self, body: bool) -> None:
        path = self.path.split("?")[0]
        self.requests[path] += 1
        if path in ("/ok", "/anchors"):
            self.send(200, PAGE if body else b"")
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/busy" and self.requests[path] == 1:
            self.send_response(429)  # too many requests: come back in a second
            self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/busy":
            self.send(200, PAGE if body else b"")
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.send(200, PAGE if body else b"")
        else:
            self.send(404, b"")

    def send(self, status: int, content: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(content) or len(PAGE)))
        self.end_headers()
        if content:
            self.wfile.write(content)


def project_linking_to(tmp_path: Path, base: str, ignore: str) -> Path:
    """A copy of the project whose only page links to base; conf.py as it is,
    plus one os2_linkcheck_ignore entry (given as the conf.py line)."""
    root = copy_project(tmp_path / "project")
    shutil.rmtree(root / "source")
    (root / "source").mkdir()
    links = ["ok", "missing", "moved", "anchors#present", "anchors#absent", "busy", "slow",
             "ignored"]  # fmt: skip
    lines = ["# Links", ""] + [f"- <{base}/{link}>" for link in links]
    (root / "source" / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    conf = root / "conf.py"
    text = conf.read_text(encoding="utf-8")
    assert "os2_linkcheck_ignore: dict[str, str] = {}" in text
    conf.write_text(text.replace("os2_linkcheck_ignore: dict[str, str] = {}", ignore))
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Links to check")
    return root


def linkcheck(root: Path) -> tuple[Build, dict[str, list[str]]]:
    """Run linkcheck; return the build and every status each URL got, in order."""
    outdir = root / "_build" / "linkcheck"
    # The one override: the project's 30-second timeout would make this test
    # wait 30 s for /slow; 1 s shows the same classification.
    build = run_build(root, "linkcheck", outdir, extra=("-D", "linkcheck_timeout=1"))
    statuses: dict[str, list[str]] = {}
    for line in (outdir / "output.json").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        statuses.setdefault(entry["uri"].rsplit("/", 1)[1], []).append(entry["status"])
    return build, statuses


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, dict[str, list[str]]]:
    LinkTargets.requests.clear()
    LinkTargets.gets.clear()
    with serve(LinkTargets) as base:
        ignore = (
            'os2_linkcheck_ignore = {r"^http://127\\.0\\.0\\.1:\\d+/ignored$": '
            '"test: an ignored link with its reason"}'
        )
        root = project_linking_to(tmp_path_factory.mktemp("linkcheck"), base, ignore)
        return linkcheck(root)


@pytest.mark.parametrize(
    ("link", "status"),
    [
        ("ok", "working"),
        ("missing", "broken"),  # 404
        ("moved", "redirected"),
        ("anchors#present", "working"),
        ("anchors#absent", "broken"),  # the page is there, the anchor is not
        ("busy", "working"),  # 429 + Retry-After: waited, then checked again
        ("slow", "timeout"),
        ("ignored", "ignored"),  # os2_linkcheck_ignore, with its reason
    ],
)
def test_each_answer_is_classified(checked, link: str, status: str) -> None:
    _, statuses = checked
    assert statuses[link][-1] == status, statuses


def test_rate_limit_is_backed_off_not_reported(checked) -> None:
    build, statuses = checked
    assert "-rate limited-" in build.output  # the 429 made it wait (Retry-After)
    assert statuses["busy"] == ["working"]  # and it was never counted as broken
    assert LinkTargets.requests["/busy"] >= 2


def test_broken_link_is_retried_and_ignored_link_never_requested(checked) -> None:
    # linkcheck_retries = 3 in conf.py: three attempts, each ending in a GET.
    assert LinkTargets.gets["/missing"] == 3
    assert LinkTargets.requests["/ignored"] == 0


def test_broken_links_fail_the_run_and_name_file_and_line(checked) -> None:
    build, _ = checked
    assert build.returncode != 0
    assert re.search(r"index: line +4\) broken +\S+/missing", build.output), build.output
    report = (build.outdir / "output.txt").read_text(encoding="utf-8")
    assert "index.md:4: [broken]" in report
    assert "Anchor 'absent' not found" in report


def test_github_anchors_are_not_checked() -> None:
    # GitHub makes heading anchors in JavaScript; conf.py exempts its URLs only.
    namespace: dict[str, object] = {}
    conf = Path(__file__).resolve().parent.parent / "conf.py"
    patterns = re.search(r"linkcheck_anchors_ignore_for_url = (\[.*\])", conf.read_text())
    assert patterns is not None
    exec(f"value = {patterns[1]}", namespace)
    value = namespace["value"]
    assert any(re.match(p, "https://github.com/o/r/blob/main/README.md#x") for p in value)
    assert not any(re.match(p, "https://example.org/github.com/#x") for p in value)


def test_an_ignore_entry_without_reason_stops_the_build(broken_build) -> None:
    build = broken_build(
        "conf.py",
        lambda text: text.replace(
            "os2_linkcheck_ignore: dict[str, str] = {}",
            'os2_linkcheck_ignore = {r"^https://example\\.org/": ""}',
        ),
    )
    assert build.returncode != 0
    assert (
        "conf.py: os2_linkcheck_ignore['^https://example\\\\.org/'] mangler en begrundelse"
        in build.output
    )

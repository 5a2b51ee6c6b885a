"""The live preview (`nox -s serve`): sphinx-autobuild on 127.0.0.1, strict incremental rebuilds.

Each test starts the same command as the nox session (os2_handbook.preview.serve_command)
on a temporary copy of the project and a free port, edits a page while it runs
and reads what the server sends back.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project
from os2_handbook.preview import preview_message, serve_command

TITLE = "Sådan gør vi i OS2-fællesskabet og OS2-sekretariatet – en håndbog"
PAGE = "source/bidrag.md"
OTHER_PAGE = "source/docs/communication.md"
OTHER_PAGE_URL = "docs/communication/"
PAGE_URL = "bidrag/"  # dirhtml: source/bidrag.md is served as /bidrag/
WAIT_SECONDS = 60  # an upper bound for slow machines, not a speed requirement


def free_port() -> int:
    """A port no one listens on now: the system picks it for a socket bound to port 0."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Preview:
    """A running `nox -s serve` command on a copy of the project."""

    root: Path
    url: str
    process: subprocess.Popen[bytes]
    log: Path  # stdout and stderr of sphinx-autobuild and its sphinx-build runs

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def page_text(self, path: str = "") -> str | None:
        """The text of a served page, or None while the server does not answer."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                html = response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None
        return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        """Poll until condition holds; fail if the server stops or WAIT_SECONDS pass."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                pytest.fail(f"sphinx-autobuild stopped before {what}:\n{self.output()}")
            time.sleep(0.3)
        pytest.fail(f"no {what} within {WAIT_SECONDS} s:\n{self.output()}")

    def edit(self, edit: Callable[[str], str], relpath: str = PAGE) -> int:
        """Change a file as an author's editor would; return the last line's number."""
        path = self.root / relpath
        before = path.read_text(encoding="utf-8")
        after = edit(before)
        assert after != before, f"the edit did not change {relpath}"
        path.write_text(after, encoding="utf-8")
        return len(after.splitlines())


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    root = copy_project(tmp_path / "project")
    log = tmp_path / "serve.log"  # outside the watched project
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            serve_command(port, root=root, python=sys.executable),
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},  # the log fills as it happens
            start_new_session=True,  # its own process group: the sphinx-build runs end with it
        )
    try:
        # Fetch from the address the session prints, so a wrong one fails every test.
        url = re.search(r"http://\S+/", preview_message(port))
        assert url is not None, preview_message(port)
        running = Preview(root, url[0], process, log)
        running.wait_for(lambda: TITLE in (running.page_text() or ""), "front page")
        yield running
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_the_preview_serves_an_edited_page(preview: Preview) -> None:
    sentence = f"Denne sætning er skrevet under forhåndsvisningen {uuid.uuid4().hex}."
    assert sentence not in (preview.page_text(PAGE_URL) or "")
    preview.edit(lambda text: f"{text}\n{sentence}\n")
    preview.wait_for(lambda: sentence in (preview.page_text(PAGE_URL) or ""), "rebuilt page")


def test_the_preview_rebuilds_when_a_template_changes(preview: Preview) -> None:
    marker = f"Skabelonen er ændret {uuid.uuid4().hex}"
    preview.edit(
        lambda text: text.replace("{{- body }}", f"{{{{- body }}}}<p>{marker}</p>", 1),
        "_templates/page.html",
    )
    preview.wait_for(lambda: marker in (preview.page_text(PAGE_URL) or ""), "rebuilt template")


def test_a_broken_link_while_serving_is_reported_with_file_and_line(preview: Preview) -> None:
    line = preview.edit(lambda text: f"{text}\nSe [en side der ikke findes](findes-ikke.md).\n")
    warning = f"{PAGE}:{line}: WARNING"
    preview.wait_for(lambda: "Sphinx exited with exit code" in preview.output(), "failed rebuild")
    output = preview.output()
    assert warning in output, output
    assert "findes-ikke" in output, output
    # After the failed rebuild the author is told where the (last good) pages still are.
    assert f"Serving on {preview.url.rstrip('/')}" in output.split(warning, 1)[1], output
    assert preview.page_text(PAGE_URL) is not None  # and they are still served


def test_the_preview_reads_only_what_changed(preview: Preview) -> None:
    pages = len(list((preview.root / "source").rglob("*.md")))
    sentence = f"Kun denne side er ændret {uuid.uuid4().hex}."
    preview.edit(lambda text: f"{text}\n{sentence}\n")
    preview.wait_for(lambda: sentence in (preview.page_text(PAGE_URL) or ""), "rebuilt page")
    counts = re.findall(r"updating environment: (?:\[.*?\] )?(\d+) added, (\d+) changed",
                        preview.output())  # fmt: skip
    assert len(counts) >= 2, preview.output()
    first, rebuild = counts[0], counts[-1]
    assert int(first[0]) == pages, first  # the first build reads everything
    assert 0 < int(rebuild[1]) < pages and rebuild[0] == "0", rebuild


def test_a_warning_in_an_untouched_page_stays_visible_while_serving(preview: Preview) -> None:
    line = preview.edit(lambda text: f"{text}\nSe [en side der ikke findes](findes-ikke.md).\n")
    warning = f"{PAGE}:{line}: WARNING"
    failed = "Sphinx exited with exit code"
    preview.wait_for(lambda: preview.output().count(failed) == 1, "failed rebuild")
    # An edit of another page: the broken link above is still reported.
    sentence = f"En rettelse et andet sted {uuid.uuid4().hex}."
    preview.edit(lambda text: f"{text}\n{sentence}\n", OTHER_PAGE)
    preview.wait_for(lambda: preview.output().count(failed) == 2, "second failed rebuild")
    second_rebuild = preview.output().split(failed)[1]
    assert warning in second_rebuild, preview.output()
    assert sentence in (preview.page_text(OTHER_PAGE_URL) or ""), preview.output()

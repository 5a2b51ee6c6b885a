"""Preview latency: how long after saving a page the live preview serves the change.

The benchmark starts the same command as ``nox -s serve``
(os2_handbook.preview.serve_command) on a copy of a book, edits a page the way an
editor saves it, and polls the served HTML until the change is there. Two
kinds of edit: a sentence on a leaf page (that page is rebuilt), and a new
title of a page in the menu (every page's sidebar shows it, so every page is
written again); the latter is polled on another page.
"""

from __future__ import annotations

import http.client
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
from pathlib import Path

from benchmarks.stats import summary
from os2_handbook.preview import preview_url, serve_command

POLL_SECONDS = 0.05
SETTLE_SECONDS = 2  # the file watcher starts after the first build and the server
GIVE_UP_SECONDS = 120  # a broken preview stops the benchmark instead of hanging it
BUILT = "Serving on"  # sphinx-autobuild prints it after every build
LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
TITLE_LINE = re.compile(r"^# (?P<title>.+)$", re.M)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """``nox -s serve``'s command running on a book; stopped on exit."""

    def __init__(self, root: Path, log: Path) -> None:
        self.root, self.log = root, log
        self.port = _free_port()
        self.url = preview_url(self.port)
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Preview:
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(
                serve_command(self.port, root=self.root, python=sys.executable),
                cwd=self.root, stdout=output, stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"},
                start_new_session=True,  # its sphinx-build runs stop with it
            )  # fmt: skip
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def cpu_seconds(self) -> float | None:
        """CPU time of the preview and of every build it has finished (Linux only)."""
        assert self.process is not None
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        # utime, stime, cutime, cstime: the builds are (grand)children it waited for.
        return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def builds(self) -> int:
        return self.log.read_text(encoding="utf-8", errors="replace").count(BUILT)

    def wait_until(self, condition, what: str) -> None:
        deadline = time.monotonic() + GIVE_UP_SECONDS
        while not condition():
            assert self.process is not None
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = self.log.read_text(encoding="utf-8", errors="replace")
                sys.exit(f"forhåndsvisningen nåede ikke {what}:\n{log[-4000:]}")
            time.sleep(POLL_SECONDS)

    def html(self, path: str) -> str:
        try:
            with LOOPBACK.open(self.url + path, timeout=10) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
            return ""  # not served yet, or the page is being written right now

    def save_and_wait(
        self, page: Path, text: str, url: str, expected: str
    ) -> tuple[float, float | None]:
        """Seconds from saving page until url serves expected, and the rebuild's CPU time."""
        before, cpu_before = self.builds(), self.cpu_seconds()
        page.write_text(text, encoding="utf-8")
        saved = time.perf_counter()
        self.wait_until(lambda: expected in self.html(url), f"{expected!r} på {url}")
        latency = time.perf_counter() - saved
        self.wait_until(lambda: self.builds() > before, "afslutningen af bygningen")
        time.sleep(0.5)  # sphinx-autobuild waits for its worker process after the message
        cpu_after = self.cpu_seconds()
        cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
        return latency, cpu


def page_url(relpath: str) -> str:
    """source/docs/x.md -> docs/x/ (dirhtml)."""
    docname = relpath.removeprefix("source/").removesuffix(".md")
    return "" if docname == "index" else docname.removesuffix("/index") + "/"


def preview_latency(root: Path, leaf: str, titled: str, edits: int, log: Path) -> dict:
    """Median latency of `edits` leaf edits and `edits` title edits on the book in root."""
    leaf_page, titled_page = root / leaf, root / titled
    other_url = page_url(leaf)
    leaf_samples, title_samples = [], []
    leaf_cpu, title_cpu = [], []
    with Preview(root, log) as preview:
        preview.wait_until(lambda: preview.builds() >= 1, "den første bygning")
        preview.wait_until(lambda: preview.html(""), "forsiden")
        time.sleep(SETTLE_SECONDS)
        for number in range(edits):
            marker = f"Målemærke {number} {uuid.uuid4().hex}"
            text = leaf_page.read_text(encoding="utf-8") + f"\n{marker}.\n"
            latency, cpu = preview.save_and_wait(leaf_page, text, page_url(leaf), marker)
            leaf_samples.append(latency)
            leaf_cpu.append(cpu)
        for number in range(edits):
            text = titled_page.read_text(encoding="utf-8")
            title = TITLE_LINE.search(text)
            assert title, f"{titled}: ingen titel (# ...)"
            new_title = f"{title['title']} udgave {number + 1}"
            text = text[: title.start()] + f"# {new_title}" + text[title.end() :]
            # Another page's sidebar shows the new title: every page was written again.
            latency, cpu = preview.save_and_wait(titled_page, text, other_url, new_title)
            title_samples.append(latency)
            title_cpu.append(cpu)
        failed = log.read_text(encoding="utf-8", errors="replace").count("Sphinx exited with")
    return {
        "leaf": summary(leaf_samples),
        "title": summary(title_samples),
        # CPU time of each rebuild (the preview serving the polls included): on a
        # machine with a free core, about what the wait would be.
        "leaf_cpu": summary(leaf_cpu) if None not in leaf_cpu else None,
        "title_cpu": summary(title_cpu) if None not in title_cpu else None,
        "leaf_page": leaf,
        "title_page": titled,
        "failed_builds": failed,  # strict builds with warnings (the pages are still written)
    }

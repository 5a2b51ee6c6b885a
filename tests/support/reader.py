"""A browser reader (tests/browser.py) that is closed again whatever the test finds."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Browser

from browser import DESKTOP, Reader, new_reader
from localserver import serve_directory


@contextlib.contextmanager
def reading(browser: Browser, site: str, *, viewport: dict = DESKTOP) -> Iterator[Reader]:
    """A reader of the site at base URL site for the block."""
    reader = new_reader(browser, site, viewport=viewport)
    try:
        yield reader
    finally:
        reader.context.close()


@contextlib.contextmanager
def reading_build(browser: Browser, outdir: Path) -> Iterator[Reader]:
    """A desktop reader of a built folder, served on a local port for the block."""
    with serve_directory(outdir) as base_url, reading(browser, base_url) as reader:
        yield reader

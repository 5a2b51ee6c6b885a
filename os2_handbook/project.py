"""The handbook's version and release date, read once from pyproject.toml."""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


@dataclass(frozen=True)
class Edition:
    version: str
    released: datetime.date
    release_url: str = ""  # the release the version badge links to, if any

    @property
    def released_text(self) -> str:
        """The release month in Danish, e.g. "oktober 2025"."""
        return format_date(self.released, "MMMM y", locale="da")

    @property
    def label(self) -> str:
        """The front page's version label, e.g. "Version v1.0.0 – Udgivet oktober 2025"."""
        return f"Version v{self.version} – Udgivet {self.released_text}"


def read_edition(pyproject: Path = PYPROJECT) -> Edition:
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    released = data["tool"]["os2-haandbog"]["released"]
    try:
        year, month = (int(part) for part in released.split("-"))
        released_on = datetime.date(year, month, 1)
    except ValueError:
        raise ValueError(
            f"{pyproject}: [tool.os2-haandbog] released = {released!r} "
            'skal skrives som ÅÅÅÅ-MM, fx "2025-10"'
        ) from None
    release_url = data["tool"]["os2-haandbog"].get("release-url", "")
    return Edition(data["project"]["version"], released_on, release_url)

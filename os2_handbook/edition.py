"""The handbook's edition: version, release month and release link, from udgave.toml.

The edition has a file of its own, apart from pyproject.toml, so that raising the
version, importing a site or releasing an edition never touches what uv.lock
records. Maintainers edit it by hand (CONTRIBUTING.md, "Udgiv en ny udgave");
``nox -s import`` writes it from the old site's front page.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date
from sphinx.errors import ConfigError

EDITION_FILE = Path(__file__).resolve().parent.parent / "udgave.toml"
VERSION = re.compile(r"\d+(\.\d+)*([.-]?[0-9A-Za-z]+)*")  # 1.0.2, 2.0, 1.1.0-rc1


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


class EditionError(ConfigError):
    """udgave.toml cannot be read: the message names the file, the line and the fix.
    (Sphinx shows a ConfigError raised in conf.py as it is, without a traceback.)"""


def read_edition(path: Path = EDITION_FILE) -> Edition:
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise EditionError(
            f'{path}: kan ikke læses ({error}). Skriv fx version = "1.1.0".'
        ) from None
    version = str(data.get("version", ""))
    if not VERSION.fullmatch(version):
        raise EditionError(
            f"{path}:{_line(text, 'version')}: version = {version!r} skal være et "
            'versionsnummer som "1.1.0".'
        )
    released = str(data.get("udgivet", ""))
    try:
        year, month = (int(part) for part in released.split("-"))
        released_on = datetime.date(year, month, 1)
    except ValueError:
        raise EditionError(
            f"{path}:{_line(text, 'udgivet')}: udgivet = {released!r} "
            'skal skrives som ÅÅÅÅ-MM, fx "2025-10"'
        ) from None
    return Edition(version, released_on, str(data.get("udgivelseslink", "")))


def _line(text: str, key: str) -> int:
    """The line that sets key (1 when it is missing: the message then says to add it)."""
    match = re.search(rf"^{key}\s*=", text, flags=re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1

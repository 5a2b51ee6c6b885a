"""A clear error when the time zone of "Sidst opdateret" cannot be found.

Without the tzdata package (installed from uv.lock) or a system time-zone
database, sphinx-last-updated-by-git dies with "Unknown timezone" inside a
traceback. This check names the cause and conf.py's line, and lets the build
finish with the error counted.
"""

from __future__ import annotations

import contextlib
import datetime
import zoneinfo
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

SETTING = "git_last_updated_timezone"


def problem(name: str) -> str | None:
    """Why the time zone called name cannot be loaded, in Danish; None if it can."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        if zoneinfo.available_timezones():  # a database exists: the name is wrong
            return (
                f"tidszonen {name!r} ({SETTING}) findes ikke. Skriv navnet som i "
                "tidszonedatabasen, fx 'Europe/Copenhagen'."
            )
        cause = error.__cause__ or error.__context__ or error
        return (
            f"tidszonen {name!r} ({SETTING}) kan ikke findes: Python har hverken pakken "
            f"tzdata eller systemets tidszonedata ({cause}). Byg med nox -s docs, som "
            "installerer tzdata fra uv.lock, eller installer pakkerne i uv.lock's gruppe "
            "docs i det miljø, du bygger i."
        )
    return None


def check_timezone(app: Sphinx, config: Config) -> None:
    name = config.git_last_updated_timezone
    if not isinstance(name, str) or (message := problem(name)) is None:
        return
    conf = location = app.confdir / "conf.py"  # conf.py:LINE of the setting, if found
    with contextlib.suppress(OSError):
        for number, line in enumerate(conf.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith(f"{SETTING} "):
                location = f"{conf}:{number}"
                break
    logger.error(message, location=str(location))
    # UTC needs no database: the build goes on to report everything else and
    # still fails, because an error was logged.
    config.git_last_updated_timezone = datetime.UTC


def setup(app: Sphinx) -> dict[str, Any]:
    # Before sphinx-last-updated-by-git's own config-inited handler (priority 500).
    app.connect("config-inited", check_timezone, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Checks of a prefilled "Rapportér et problem" address."""

from __future__ import annotations

from urllib.parse import urlsplit


def query_problems(url: str) -> list[str]:
    """What would break the prefilled issue: characters that end or split the query."""
    query = urlsplit(url).query
    problems = [f"raw {char!r} in the query" for char in "# \n" if char in url]
    if not url.isascii():
        problems.append("non-ASCII characters not percent-encoded")
    if query.count("&") != 1:
        problems.append(f"{query.count('&') + 1} parameters instead of 2")
    return problems

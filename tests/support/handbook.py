"""The handbook's fixed contract and its pages, for the HTML and PDF tests."""

from __future__ import annotations

from pathlib import Path

from conftest import Build

# The ten chapter pages of the old site (docs/<name>), in reading order.
CHAPTERS = [
    "welcome_and_purpose",
    "organisation_and_roles",
    "workflow_and_tools",
    "processes_and_rutines",
    "communication",
    "products_and_communities",
    "partners_and_suppliers",
    "culture_and_development",
    "practical_information",
    "appendix",
]


def source_pages(build: Build) -> list[tuple[str, Path]]:
    """(docname, file) of every page the build was made from."""
    source = build.root / "source"
    return [
        (path.relative_to(source).with_suffix("").as_posix(), path)
        for path in sorted(source.rglob("*.md"))
    ]

"""Every use of another project's private or undocumented internals, one module per project.

Each names the version it was written against (``TESTED``) and the public API
that is missing; its canary ``assumptions()`` lists what no longer holds in the
installed version. tests/test_fences.py runs them all, so an upgrade breaks
there, naming package, version and fence. pyproject.toml caps each package at
the versions tested. Delete a fence when its upstream gains the public API.
"""

from __future__ import annotations

from importlib.metadata import version

FENCES = ("docutils", "furo", "myst", "sphinx", "sphinx_autobuild", "sphinx_sitemap", "weasyprint")


def broken(package: str, module: str, problems: list[str]) -> str:
    """The canary's message: "furo 2026.1.1 changed …: see os2_handbook/fences/furo.py"."""
    lines = "\n".join(f"  - {problem}" for problem in problems)
    return (
        f"{package} {version(package)} changed what the handbook relies on "
        f"(see os2_handbook/fences/{module}.py):\n{lines}"
    )

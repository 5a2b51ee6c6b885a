"""sphinx-autobuild's internals (written against sphinx-autobuild 2025.8.25).

Missing public API: an option for how sphinx-autobuild starts Sphinx. It runs
``subprocess.run([sys.executable, "-m", "sphinx", "build", ...], check=True)``
from ``sphinx_autobuild.build`` for every rebuild; os2_handbook/preview.py
replaces that module's ``subprocess`` so the call becomes a fork of a warm
process (``run_sphinx_with``).
"""

from __future__ import annotations

from typing import Any

PACKAGE = "sphinx-autobuild"
TESTED = "2025.8.25"
SPHINX_BUILD = ["-m", "sphinx", "build"]  # how sphinx-autobuild runs each build


def run_sphinx_with(stand_in: Any) -> None:
    """Make sphinx-autobuild call stand_in.run(...) where it calls subprocess.run(...)."""
    import sphinx_autobuild.build

    sphinx_autobuild.build.subprocess = stand_in


def main(argv: list[str]) -> None:
    """sphinx-autobuild's own command line."""
    import sphinx_autobuild.__main__

    sphinx_autobuild.__main__.main(argv)


def assumptions() -> list[str]:
    import inspect

    import sphinx_autobuild.__main__
    import sphinx_autobuild.build

    source = inspect.getsource(sphinx_autobuild.build)
    problems = []
    if "import subprocess" not in source or not hasattr(sphinx_autobuild.build, "subprocess"):
        problems.append("sphinx_autobuild.build no longer imports the subprocess module")
    if "subprocess.run([sys.executable] + sphinx_build_args, check=True)" not in source:
        problems.append("sphinx_autobuild.build no longer starts Sphinx with subprocess.run")
    if f"sphinx_build_args = {SPHINX_BUILD!r}".replace("'", '"') not in source:
        problems.append(
            f"sphinx-autobuild no longer runs Sphinx as python {' '.join(SPHINX_BUILD)}"
        )
    if not callable(getattr(sphinx_autobuild.__main__, "main", None)):
        problems.append("sphinx_autobuild.__main__.main is gone")
    return problems

"""The one sphinx-build invocation, shared by nox, the tests and Read the Docs.

Standard library only: the noxfile imports it before any dependency is installed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from os2_handbook.pdf import build_pdf

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
BUILD = ROOT / "_build"


def sphinx_command(
    builder: str,
    outdir: Path,
    *,
    root: Path = ROOT,
    doctreedir: Path | None = None,
    extra: tuple[str, ...] = (),
    python: str = "python",
) -> list[str]:
    """The strict sphinx-build command line for one builder.

    ``python`` is the interpreter: "python" finds the nox session's venv on
    PATH; tests pass ``sys.executable``.
    """
    # Sphinx's cache stays in the checkout, never beside the output: on Read
    # the Docs the output folder is uploaded and must hold only the format.
    doctrees = doctreedir or root / "_build" / "doctrees" / builder
    return [
        python,
        "-m",
        "sphinx",
        "--builder", builder,
        "--conf-dir", str(root),  # conf.py sits at the top, sources in source/
        "--fresh-env",  # warnings are raised while reading: a cached env hides them
        "--fail-on-warning",  # strict: any warning fails the build
        "--keep-going",  # but report every warning, not only the first
        "--nitpicky",  # every unresolved reference is a warning
        "--doctree-dir", str(doctrees),
        *extra,
        str(root / "source"),
        str(outdir),
    ]  # fmt: skip


PREVIEW_HOST = "127.0.0.1"  # the live preview is for this machine only


def preview_url(port: int) -> str:
    """The address the live preview serves the handbook on."""
    return f"http://{PREVIEW_HOST}:{port}/"


def preview_message(port: int) -> str:
    """What `nox -s serve` tells the author before the first build."""
    return f"Forhåndsvisning: {preview_url(port)} (stop med Ctrl+C)"


def serve_command(port: int, *, root: Path = ROOT, python: str = "python") -> list[str]:
    """sphinx-autobuild around the strict command of `nox -s docs`, for `nox -s serve`.

    It rebuilds (strictly, from a fresh environment) whenever a page, the
    configuration, the local extension, a theme file or the catalog changes; a failed
    rebuild prints the warnings and the server keeps the last good pages.
    """
    build = root / "_build"
    strict = sphinx_command(
        "dirhtml", build / "serve", root=root, doctreedir=build / "doctrees" / "serve"
    )
    return [
        python,
        "-m",
        "sphinx_autobuild",
        "--host", PREVIEW_HOST,
        "--port", str(port),
        # Everything a build reads besides the pages: configuration, version
        # and release date, extension, theme files and the Danish catalog.
        "--watch", str(root / "conf.py"),
        "--watch", str(root / "pyproject.toml"),
        "--watch", str(root / "os2_handbook"),
        "--watch", str(root / "_static"),
        "--watch", str(root / "_templates"),
        "--watch", str(root / "locale"),
        # ...but not what the build itself writes there (it would rebuild forever).
        "--re-ignore", r".*\.(mo|js)$|.*__pycache__.*",
        *strict[3:],  # without "python -m sphinx": sphinx-autobuild runs sphinx itself
    ]  # fmt: skip


def build_html(outdir: Path, extra: tuple[str, ...] = ()) -> int:
    """Build the HTML handbook (dirhtml: old extensionless URLs keep working)."""
    return subprocess.call(sphinx_command("dirhtml", outdir, extra=extra, python=sys.executable))


def build_linkcheck(outdir: Path, extra: tuple[str, ...] = ()) -> int:
    """Check every external link and anchor; the report lands in outdir (output.json)."""
    return subprocess.call(sphinx_command("linkcheck", outdir, extra=extra, python=sys.executable))


BUILDERS = {
    "html": build_html,
    "linkcheck": build_linkcheck,
    "pdf": build_pdf,  # one HTML page by Sphinx, printed as tagged PDF/UA-1 by WeasyPrint
}


def main(argv: list[str] | None = None) -> int:
    """``python -m os2_handbook.build FORMAT OUTDIR [sphinx options]``.

    The one entry point for nox sessions and Read the Docs, so both build
    with exactly the same command.
    """
    parser = argparse.ArgumentParser(prog="python -m os2_handbook.build")
    parser.add_argument("format", choices=sorted(BUILDERS))
    parser.add_argument("outdir", type=Path)
    args, extra = parser.parse_known_args(argv)
    return BUILDERS[args.format](args.outdir.resolve(), tuple(extra))


if __name__ == "__main__":
    sys.exit(main())

"""The builds of the handbook (HTML, linkcheck, PDF, live preview) behind one entry
point, ``python -m os2_handbook.build``, shared by nox and Read the Docs. The
strict sphinx-build command itself is in os2_handbook/project.py.

Standard library only: the noxfile imports it before any dependency is installed.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
from pathlib import Path

from os2_handbook.pdf.printing import build_pdf
from os2_handbook.project import BUILD, ROOT, SOURCE, sphinx_command

__all__ = ["BUILD", "ROOT", "SOURCE", "build_pdf", "main", "sphinx_command"]

PREVIEW_HOST = "127.0.0.1"  # the live preview is for this machine only


def preview_url(port: int) -> str:
    """The address the live preview serves the handbook on."""
    return f"http://{PREVIEW_HOST}:{port}/"


def preview_message(port: int) -> str:
    """What `nox -s serve` tells the author before the first build."""
    return f"Forhåndsvisning: {preview_url(port)} (stop med Ctrl+C)"


def port_problem(port: int, host: str = PREVIEW_HOST) -> str | None:
    """Why the live preview cannot listen on port, in Danish; None when it can.

    Checked before the server starts: sphinx-autobuild would announce the
    address first and then stop with an English "[Errno 98]".
    """
    if not 0 < port < 65536:
        return f"Port {port} findes ikke: vælg et tal op til 65535, fx nox -s serve -- --port 8001"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            return (
                f"Port {port} på {host} er optaget af et andet program ({error.strerror}), "
                f"måske en forhåndsvisning, der allerede kører. Stop den, eller vælg en anden "
                f"port: nox -s serve -- --port {port + 1 if port < 65535 else 8001}"
            )
    return None


def serve_command(port: int, *, root: Path = ROOT, python: str = "python") -> list[str]:
    """sphinx-autobuild around the strict command of `nox -s docs`, for `nox -s serve`.

    It rebuilds whenever a page, the configuration, the local extension, a
    theme file or the catalog changes: strictly, but incrementally (only what
    changed and what depends on it), and still with every warning a fresh
    build would give (os2_handbook/ext/incremental.py), and without importing
    Sphinx again for every rebuild (os2_handbook/preview.py). A failed rebuild
    prints the warnings; the pages are written all the same (--keep-going).
    """
    build = root / "_build"
    strict = sphinx_command(
        "dirhtml", build / "serve", root=root, doctreedir=build / "doctrees" / "serve",
        fresh_env=False,
    )  # fmt: skip
    return [
        python,
        "-m",
        "os2_handbook.preview",  # sphinx-autobuild, each rebuild forked from a warm process
        "--host", PREVIEW_HOST,
        "--port", str(port),
        # Everything a build reads besides the pages: configuration, version
        # and release date, extension, theme files and the Danish catalog.
        "--watch", str(root / "conf.py"),
        "--watch", str(root / "pyproject.toml"),
        "--watch", str(root / "udgave.toml"),
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

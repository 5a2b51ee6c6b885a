"""``python -m os2_handbook.build FORMAT OUTDIR [sphinx options]``: every build of the
handbook (HTML, linkcheck, PDF) behind one entry point, so that nox and Read the Docs
build with exactly the same command (its sphinx-build line is in project.py).

Standard library only: the noxfile imports it before any dependency is installed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from functools import partial
from pathlib import Path

from os2_handbook.pdf.printing import build_pdf
from os2_handbook.project import BUILD, ROOT, sphinx_command

__all__ = ["BUILD", "ROOT", "main", "sphinx_command"]


def build_with_sphinx(builder: str, outdir: Path, extra: tuple[str, ...] = ()) -> int:
    return subprocess.call(sphinx_command(builder, outdir, extra=extra, python=sys.executable))


BUILDERS = {
    "html": partial(build_with_sphinx, "dirhtml"),  # dirhtml: old extensionless URLs keep working
    # Every external link and anchor; the report lands in outdir (output.json).
    "linkcheck": partial(build_with_sphinx, "linkcheck"),
    "pdf": build_pdf,  # one HTML page by Sphinx, printed as tagged PDF/UA-1 by WeasyPrint
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m os2_handbook.build")
    parser.add_argument("format", choices=sorted(BUILDERS))
    parser.add_argument("outdir", type=Path)
    args, extra = parser.parse_known_args(argv)
    return BUILDERS[args.format](args.outdir.resolve(), tuple(extra))


if __name__ == "__main__":
    sys.exit(main())

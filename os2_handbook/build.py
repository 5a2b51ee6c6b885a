"""``python -m os2_handbook.build FORMAT OUTDIR [sphinx options]``: every build of the
handbook (HTML, linkcheck, PDF) behind one entry point, so that nox and Read the Docs
build with exactly the same command (its sphinx-build line is in project.py).

Standard library only: the noxfile imports it before any dependency is installed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from os2_handbook.pdf.printing import build_pdf
from os2_handbook.project import BUILD, ROOT, sphinx_command

__all__ = ["BUILD", "ROOT", "main", "sphinx_command"]

BUILDERS = {  # each format's sphinx-build builder
    "html": "dirhtml",  # dirhtml: old extensionless URLs keep working
    "linkcheck": "linkcheck",  # every external link and anchor; report in outdir/output.json
    "pdf": "pdfhtml",  # one HTML page by Sphinx, printed as tagged PDF/UA-1 by WeasyPrint
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m os2_handbook.build")
    parser.add_argument("format", choices=sorted(BUILDERS))
    parser.add_argument("outdir", type=Path)
    args, extra = parser.parse_known_args(argv)
    outdir, extra = args.outdir.resolve(), tuple(extra)
    if args.format == "pdf":
        return build_pdf(outdir, extra)
    builder = BUILDERS[args.format]
    return subprocess.call(sphinx_command(builder, outdir, extra=extra, python=sys.executable))


if __name__ == "__main__":
    sys.exit(main())

"""The strict sphinx-build command line, and where the project keeps its files.

Shared by the HTML, linkcheck and PDF builds (os2_handbook/build.py,
os2_handbook/pdf/printing.py), nox, the tests and Read the Docs, so that they all
build the same way. Standard library only: the noxfile imports it before
any dependency is installed.
"""

from __future__ import annotations

from pathlib import Path

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
    fresh_env: bool = True,
) -> list[str]:
    """The strict sphinx-build command line for one builder.

    ``python`` is the interpreter: "python" finds the nox session's venv on
    PATH; tests pass ``sys.executable``. ``fresh_env=False`` is the live
    preview's incremental rebuild: os2_handbook/ext/incremental.py makes it report
    the same warnings as a fresh build.
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
        # Full builds start from nothing: what CI and Read the Docs publish
        # never depends on a saved environment.
        *(["--fresh-env"] if fresh_env else []),
        "--fail-on-warning",  # strict: any warning fails the build
        "--keep-going",  # but report every warning, not only the first
        "--nitpicky",  # every unresolved reference is a warning
        "--doctree-dir", str(doctrees),
        *extra,
        str(root / "source"),
        str(outdir),
    ]  # fmt: skip

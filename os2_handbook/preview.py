"""``python -m os2_handbook.preview``: sphinx-autobuild with warm rebuilds (``nox -s serve``).

sphinx-autobuild starts a new ``python -m sphinx build`` for every change.
Most of such a rebuild is Python importing Sphinx, docutils, MyST, furo and
the other extensions again: at 50 pages about two thirds of the CPU time of a
rebuild after saving one page (BENCHMARKS.md). Here the preview's process
imports them once, before the server starts, and every rebuild is a fork of
it: the same ``sphinx-build`` command line, run by the same code, from the
same state each time (nothing from one build survives into the next, because
each build is a fresh child that ends with it).

Only third-party packages are imported ahead. The project's own files
(conf.py, os2_handbook/) are read anew by every build, so an edit to them is
picked up as before. Where ``os.fork`` does not exist (Windows), every rebuild
is a plain ``python -m sphinx build`` as in sphinx-autobuild itself.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import subprocess
import sys
import traceback
from typing import Any

import sphinx_autobuild.__main__
import sphinx_autobuild.build

# Third-party modules every handbook build loads. They do not change while the
# preview runs (after `uv sync`, restart it). Never the project's own modules.
WARM_MODULES = (
    "sphinx.cmd.build",
    "sphinx.application",
    "sphinx.builders.dirhtml",
    "sphinx.builders.epub3",
    "sphinx.builders.latex",
    "sphinx.builders.linkcheck",
    "sphinx.builders.manpage",
    "sphinx.builders.texinfo",
    "sphinx.search.da",
    "docutils.parsers.rst",
    "myst_parser.sphinx_ext.main",
    "myst_parser.parsers.sphinx_",
    "linkify_it",
    "furo",
    "sphinx_design",
    "sphinx_last_updated_by_git",
    "notfound.extension",
    "sphinxext.opengraph",
    "bs4",
)
SPHINX_BUILD = ["-m", "sphinx", "build"]  # how sphinx-autobuild runs each build


def _build_in_child(args: list[str]) -> int:
    """Fork, run ``sphinx-build args`` in the child, return its exit code."""
    pid = os.fork()
    if pid == 0:  # the child: one build, then gone
        code = 2
        try:
            from sphinx.cmd.build import main

            code = main(args)
        except BaseException:  # a crash must end the child, never return into the loop
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def warm_up() -> None:
    """Import what every build imports, once, in the process the builds fork from."""
    for name in WARM_MODULES:
        # Not installed: the build imports what it needs itself.
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


class _Subprocess:
    """Stands in for ``subprocess`` inside sphinx_autobuild.build: Sphinx runs warm.

    sphinx-autobuild has no option for how it starts Sphinx; it calls
    ``subprocess.run([python, "-m", "sphinx", "build", ...], check=True)``.
    That one call becomes a fork of the current process; everything else
    (pre- and post-build commands) goes to the real subprocess module.
    sphinx-autobuild runs each rebuild in a fresh worker process that it forks
    from its own, warm, process (the first build runs in that process itself),
    so the fork here starts with Sphinx imported. Where its workers are not
    forked (other platforms, later Pythons), the builds still run, only colder.
    """

    def run(self, command: list[str], *args: Any, **kwargs: Any) -> subprocess.CompletedProcess:
        if command[1:4] == SPHINX_BUILD and not args:
            code = _build_in_child(list(command[4:]))
            if code and kwargs.get("check"):
                raise subprocess.CalledProcessError(code, command)
            return subprocess.CompletedProcess(command, code)
        return subprocess.run(command, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)


def main(argv: list[str] | None = None) -> None:
    if hasattr(os, "fork"):
        warm_up()
        sphinx_autobuild.build.subprocess = _Subprocess()
    sphinx_autobuild.__main__.main(argv or sys.argv[1:])


if __name__ == "__main__":
    main()

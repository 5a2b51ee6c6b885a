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
import itertools
import os
import subprocess
import sys
import sysconfig
import traceback
from pathlib import Path
from typing import Any

from os2_handbook.fences.sphinx_autobuild import SPHINX_BUILD, run_sphinx_with
from os2_handbook.fences.sphinx_autobuild import main as autobuild

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


def _build_in_child(args: list[str]) -> int:
    """Fork, run ``sphinx-build args`` in the child, return its exit code.

    The child also tells which installed modules the build imported that this
    process has not: they are imported here afterwards, so the next build
    forks with them (the first build, which runs before the server and its
    threads start, teaches the whole list).
    """
    reader, writer = os.pipe()
    before = set(sys.modules)
    pid = os.fork()
    if pid == 0:  # the child: one build, then gone
        os.close(reader)
        code = 2
        try:
            from sphinx.cmd.build import main

            code = main(args)
        except BaseException:  # a crash must end the child, never return into the loop
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            with contextlib.suppress(Exception):
                os.write(writer, "\n".join(_installed(set(sys.modules) - before)).encode())
            os._exit(code)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        learnt = pipe.read().decode().split()
    _, status = os.waitpid(pid, 0)
    warm_up(learnt)
    return os.waitstatus_to_exitcode(status)


def _installed(names: set[str]) -> list[str]:
    """The modules among names that come from the standard library or installed packages.

    Never the project's own (conf.py, os2_handbook/): an edit to them must reach
    the next build.
    """
    paths = sysconfig.get_paths()
    roots = tuple(str(Path(paths[key]).resolve()) for key in ("stdlib", "platstdlib", "purelib",
                                                              "platlib"))  # fmt: skip
    found = []
    for name in sorted(names):
        file = getattr(sys.modules.get(name), "__file__", None)
        if file and str(Path(file).resolve()).startswith(roots):
            found.append(name)
    return found


def warm_up(names: tuple[str, ...] | list[str] = WARM_MODULES) -> None:
    """Import what the builds import, in the process the builds fork from."""
    for name in names:
        # Not installed, or not importable on its own: the build imports what it needs.
        with contextlib.suppress(Exception):
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


def _port_problem(args: list[str]) -> str | None:
    """A taken --port, in Danish (os2_handbook/build.py), else None."""
    from os2_handbook.build import PREVIEW_HOST, port_problem

    options = dict(itertools.pairwise(args))  # each word with the one after it
    port = options.get("--port", "")
    return port_problem(int(port), options.get("--host", PREVIEW_HOST)) if port.isdigit() else None


def main(argv: list[str] | None = None) -> None:
    args = argv or sys.argv[1:]
    if problem := _port_problem(args):  # before sphinx-autobuild announces the address
        sys.exit(f"FEJL – {problem}")
    if hasattr(os, "fork"):
        warm_up()
        run_sphinx_with(_Subprocess())
    autobuild(args)


if __name__ == "__main__":
    main()

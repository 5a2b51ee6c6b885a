"""``nox -s serve``: the live preview, sphinx-autobuild with warm rebuilds.

sphinx-autobuild starts ``python -m sphinx build`` for every change, and most
of that is importing Sphinx, MyST, furo … again (BENCHMARKS.md). Here every
rebuild is a child forked from a process that has imported them, and ends with
its build; the project's own files are read anew each time. Without ``os.fork``
(Windows) a rebuild is a plain ``python -m sphinx build``. Standard library
only at import time: the noxfile imports it.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import os
import socket
import subprocess
import sys
import sysconfig
import traceback
import types
from pathlib import Path
from typing import Any

from os2_handbook.fences.sphinx_autobuild import SPHINX_BUILD, run_sphinx_with
from os2_handbook.fences.sphinx_autobuild import main as autobuild
from os2_handbook.project import ROOT, sphinx_command

PREVIEW_HOST = "127.0.0.1"  # the live preview is for this machine only
WATCHED = (  # everything a build reads besides the pages
    *("conf.py", "pyproject.toml", "udgave.toml"),  # configuration, version, release date
    *("os2_handbook", "_static", "_templates", "locale"),  # extension, theme, Danish catalog
)


def preview_url(port: int) -> str:
    return f"http://{PREVIEW_HOST}:{port}/"


def preview_message(port: int) -> str:
    return f"Forhåndsvisning: {preview_url(port)} (stop med Ctrl+C)"


def port_problem(port: int, host: str = PREVIEW_HOST) -> str | None:
    """Why the preview cannot listen on port, in Danish, or None: checked before
    sphinx-autobuild announces the address and then stops with "[Errno 98]"."""
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
    """This module around the strict command of `nox -s docs`, for `nox -s serve`.

    Each rebuild is incremental (only what changed and what depends on it) yet
    gives every warning a fresh build would (os2_handbook/ext/incremental.py);
    a failed one prints them and writes the pages all the same (--keep-going).
    """
    build = root / "_build"
    strict = sphinx_command(
        "dirhtml", build / "serve", root=root, doctreedir=build / "doctrees" / "serve",
        fresh_env=False,
    )  # fmt: skip
    watched = [("--watch", str(root / name)) for name in WATCHED]
    return [
        python, "-m", "os2_handbook.preview",
        "--host", PREVIEW_HOST,
        "--port", str(port),
        *itertools.chain.from_iterable(watched),
        # ...but not what the build itself writes there (it would rebuild forever).
        "--re-ignore", r".*\.(mo|js)$|.*__pycache__.*",
        *strict[3:],  # without "python -m sphinx": sphinx-autobuild runs sphinx itself
    ]  # fmt: skip


def _build_in_child(args: list[str]) -> int:
    """Run ``sphinx-build args`` in a forked child; its exit code. The child names the
    installed modules the build imported, and they are imported here for the next."""
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
    for name in learnt:
        # Not importable on its own: the build imports what it needs.
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    return os.waitstatus_to_exitcode(status)


def _installed(names: set[str]) -> list[str]:
    """The modules among names from the standard library or installed packages: never
    the project's own (conf.py, os2_handbook/), whose edits must reach the next build."""
    keys = ("stdlib", "platstdlib", "purelib", "platlib")
    roots = tuple(str(Path(sysconfig.get_path(key)).resolve()) for key in keys)
    files = {name: getattr(sys.modules.get(name), "__file__", None) for name in sorted(names)}
    return [
        name for name, file in files.items() if file and str(Path(file).resolve()).startswith(roots)
    ]


def _run(command: list[str], *args: Any, **kwargs: Any) -> subprocess.CompletedProcess:
    """``subprocess.run`` inside sphinx_autobuild.build (fences/sphinx_autobuild.py): its
    Sphinx run becomes a fork of this warm process (sphinx-autobuild's workers are
    forks of it too); anything else goes to the real one."""
    if command[1:4] != SPHINX_BUILD or args:
        return subprocess.run(command, *args, **kwargs)
    code = _build_in_child(list(command[4:]))
    if code and kwargs.get("check"):
        raise subprocess.CalledProcessError(code, command)
    return subprocess.CompletedProcess(command, code)


def main(argv: list[str] | None = None) -> None:
    args = argv or sys.argv[1:]
    options = dict(itertools.pairwise(args))  # each word with the one after it
    port = options.get("--port", "")
    # A taken --port, before sphinx-autobuild announces the address.
    if port.isdigit() and (problem := port_problem(int(port), options.get("--host", PREVIEW_HOST))):
        sys.exit(f"FEJL – {problem}")
    if hasattr(os, "fork"):
        # The subprocess module as sphinx-autobuild sees it, with _run as its run.
        run_sphinx_with(types.SimpleNamespace(**(vars(subprocess) | {"run": _run})))
    autobuild(args)


if __name__ == "__main__":
    main()

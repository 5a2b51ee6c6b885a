"""Build, check and test the OS2 handbook: run `nox -l` to see every session."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the local package
from os2_handbook.build import BUILD  # noqa: E402

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["docs", "tests"]


def install_group(session: nox.Session, group: str) -> None:
    """Install one dependency group from uv.lock into the session's venv."""
    uv = shutil.which("uv")
    if uv is None:  # virtualenv backend without uv on PATH: bring it in
        session.install("uv")
        uv = "uv"
    session.run_install(
        uv,
        "sync",
        "--locked",  # fail if uv.lock is out of date with pyproject.toml
        "--no-default-groups",
        f"--group={group}",
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
        silent=True,
        external=True,  # uv may live outside the session venv
    )


@nox.session(reuse_venv=True)
def docs(session: nox.Session) -> None:
    """Build the HTML handbook into _build/html, warnings as errors."""
    install_group(session, "docs")
    outdir = BUILD / "html"
    # The same entry point as Read the Docs: python -m os2_handbook.build.
    session.run("python", "-m", "os2_handbook.build", "html", str(outdir), *session.posargs)
    session.log(f"Håndbogen er bygget: {outdir / 'index.html'}")
    session.log(f"Se den i browseren: python -m http.server -d {outdir} 8000")


@nox.session(reuse_venv=True)
def tests(session: nox.Session) -> None:
    """Run the test suite against freshly built artefacts."""
    install_group(session, "test")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Measure build times, scaling, mkdocs-material and page weight (see BENCHMARKS.md)."""
    install_group(session, "bench")
    session.run("python", "-m", "os2_handbook.bench", str(BUILD / "bench"), *session.posargs)

"""Build, check and test the OS2 handbook: run `nox -l` to see every session."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the local package
from os2_handbook.build import BUILD
from os2_handbook.pdf.printing import missing_prerequisites, prerequisites_message
from os2_handbook.preview import port_problem, preview_message, serve_command

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "docs", "tests"]

# What Python is called outside nox's venvs, for commands the log suggests:
# Debian and Ubuntu have no "python", Windows' launcher is "py".
PYTHON = "py" if sys.platform == "win32" else "python3"


def install_group(session: nox.Session, group: str) -> None:
    """Install one dependency group from uv.lock into the session's venv."""
    uv = shutil.which("uv")
    if uv is None:  # virtualenv backend without uv on PATH: bring it in
        session.install("uv")
        uv = "uv"
    session.run_install(
        uv, "sync",
        "--locked",  # fail if uv.lock is out of date with pyproject.toml
        "--no-default-groups", f"--group={group}",
        # .pyc files at install time: where PYTHONDONTWRITEBYTECODE is set (CI
        # and container images often do), every build would otherwise compile
        # Sphinx and docutils from source again, about 0.9 s per build.
        "--compile-bytecode",
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
        silent=True, external=True,  # uv may live outside the session venv
    )  # fmt: skip


def build(session: nox.Session, fmt: str) -> Path:
    """Build one format into _build/FORMAT with the same entry point as Read the Docs."""
    install_group(session, "docs")
    outdir = BUILD / fmt
    session.run("python", "-m", "os2_handbook.build", fmt, str(outdir), *session.posargs)
    return outdir


@nox.session(reuse_venv=True)
def docs(session: nox.Session) -> None:
    """Build the HTML handbook into _build/html, warnings as errors."""
    outdir = build(session, "html")
    session.log(f"Håndbogen er bygget: {outdir / 'index.html'}")
    session.log(f"Se den i browseren: nox -s serve, eller {PYTHON} -m http.server -d {outdir} 8000")


@nox.session(reuse_venv=True)
def pdf(session: nox.Session) -> None:
    """Build the tagged PDF edition (PDF/UA-1) into _build/pdf with WeasyPrint."""
    if missing := missing_prerequisites():  # before installing anything
        session.error(prerequisites_message(missing).rstrip("."))  # nox adds the period
    build(session, "pdf")


@nox.session(reuse_venv=True)
def tests(session: nox.Session) -> None:
    """Run the test suite against freshly built artefacts."""
    install_group(session, "test")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(reuse_venv=True, default=False)
def linkcheck(session: nox.Session) -> None:
    """Check every external link and its anchor; report in _build/linkcheck."""
    # Non-zero exit on a broken or timed-out link; settings in conf.py (linkcheck_*).
    outdir = build(session, "linkcheck")
    session.log(f"Rapporten: {outdir / 'output.txt'} og {outdir / 'output.json'}")


@nox.session(reuse_venv=True, default=False)
def review(session: nox.Session) -> None:
    """List every page's owner and review date by urgency; CSV/JSON/Markdown in _build/review."""
    install_group(session, "docs")
    # Exit 0 always: the list informs maintainers, it never fails a run.
    session.run("python", "-m", "os2_handbook.authoring.review", *session.posargs)


@nox.session(name="import", reuse_venv=True, default=False)
def import_site(session: nox.Session) -> None:
    """Import a just-the-docs site into source/: nox -s import -- SRC [--dry-run] [--force]."""
    if not session.posargs:
        session.error("Angiv mappen med Jekyll-siden: nox -s import -- STI [--dry-run] [--force]")
    install_group(session, "import")
    # Dart Sass (npm) compiles the old site's _sass/custom/ into _static/imported/.
    if not Path("node_modules/sass").exists() and shutil.which("npm"):
        session.run(
            "npm", "ci", "--no-audit", "--no-fund",
            env={"PUPPETEER_SKIP_DOWNLOAD": "1"},  # the diagrams use the machine's Chromium
            external=True, silent=True,
        )  # fmt: skip
    # Exit code 1 means "imported, but the report lists work to do by hand".
    session.run(
        "python", "-m", "os2_handbook.importer", "--dest", "source", *session.posargs,
        success_codes=[0, 1],
    )  # fmt: skip
    if "--dry-run" not in session.posargs:
        session.log(
            f"Rapporten ligger i {BUILD / 'import-report.md'}. Byg bagefter med: nox -s docs"
        )


@nox.session(reuse_venv=True)
def lint(session: nox.Session) -> None:
    """Run the authoring gates: encoding, Python, Markdown, terms, Danish spelling, licences."""
    install_group(session, "lint")
    # The same command as .pre-commit-config.yaml; posargs pick gates, e.g. `-- spelling`.
    session.run("python", "-m", "os2_handbook.authoring.lint", *session.posargs)
    # The licence gate: one line per file without (README.md, "Licens", says how to add one).
    session.log("Licenser (reuse lint): hver fil skal have en licens, se REUSE.toml")
    session.run("reuse", "lint", "--lines")


@nox.session(reuse_venv=True, default=False)
def serve(session: nox.Session) -> None:
    """Live preview on 127.0.0.1 that rebuilds on every change (-- --port N)."""
    match session.posargs:  # before installing anything
        case []:
            port = 8000
        case ["--port", number] if number.isdigit():
            port = int(number)
        case _:
            given = " ".join(session.posargs)
            session.error(f"Ukendt valg {given}: skriv fx nox -s serve -- --port 8001")
    if problem := port_problem(port):
        session.error(problem)
    install_group(session, "serve")
    session.log(preview_message(port))
    session.run(*serve_command(port))


@nox.session(reuse_venv=True, default=False)
def fuzz(session: nox.Session) -> None:
    """Fuzz the parsers with hypothesis for a bounded time: -- SECONDS per target (default 60)."""
    install_group(session, "fuzz")
    seconds = session.posargs[0] if session.posargs else "60"
    if not seconds.isdigit():
        session.error(
            f"Skriv antal sekunder pr. mål som et tal, fx nox -s fuzz -- 60 (ikke {seconds})"
        )
    session.run(
        "python", "-m", "pytest", "tests/fuzz_hostile.py",
        "-p", "no:cacheprovider",  # nothing kept between runs: each run searches anew
        "-s",  # each target says how many batches it ran
        env={"OS2_FUZZ_SECONDS": seconds},
    )  # fmt: skip


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Measure build times, scaling, mkdocs-material, page weight, Lighthouse (BENCHMARKS.md)."""
    install_group(session, "bench")
    session.run("python", "-m", "benchmarks", str(BUILD / "bench"), *session.posargs)

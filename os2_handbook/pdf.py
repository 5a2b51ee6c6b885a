"""The PDF edition: Sphinx writes LaTeX, LuaLaTeX typesets it, the log is checked.

Sphinx's own ``make all-pdf`` runs latexmk with ``-f`` and hands back a PDF
even when characters are missing or references are broken. Here latexmk runs
without it, and the final LaTeX log is read: any missing character, undefined
reference or LaTeX error fails the build with a message that names it.

Standard library only at import time: build.py (imported by the noxfile before
any dependency is installed) registers this builder. Both take the
sphinx-build command from os2_handbook/sphinx_build.py.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from os2_handbook.sphinx_build import BUILD, ROOT, SOURCE, sphinx_command

JOBNAME = "os2-haandbog"  # latex_documents in conf.py writes os2-haandbog.tex
PDF_NAME = f"{JOBNAME}.pdf"

# The programs the PDF build runs, and the Debian packages that bring them and
# everything the LaTeX sources use. .ci/run installs the same list.
TEX_PROGRAMS = ("lualatex", "latexmk")
DEBIAN_PACKAGES = (
    "texlive-luatex",
    "texlive-latex-recommended",
    "texlive-latex-extra",
    "texlive-lang-european",
    "latexmk",
    "fonts-texgyre",
    "fonts-dejavu-core",
    "fonts-symbola",
)

MISSING_CHARACTER = re.compile(
    r"^Missing character: There is no (?P<char>.+?) \(U\+(?P<code>[0-9A-Fa-f]{4,6})\)"
    r" in font (?P<font>[^:;!]+)",
    re.M,
)
UNDEFINED_REFERENCE = re.compile(
    r"^LaTeX Warning: (?:Hyper r|R)eference `(?P<label>[^']*)' on page (?P<page>\d+) undefined",
    re.M,
)
UNDEFINED_CITATION = re.compile(r"^LaTeX Warning: Citation `(?P<label>[^']*)'", re.M)
# With -file-line-error, errors read "./file.tex:123: message"; others start with "!".
LATEX_ERROR = re.compile(
    r"^(?:(?P<file>[^\s:]+\.(?:tex|sty|cls)):(?P<line>\d+): |! )(?P<message>.+)$", re.M
)


@dataclass(frozen=True)
class Problem:
    """One thing the LaTeX log reports that makes the PDF wrong."""

    message: str

    def __str__(self) -> str:
        return self.message


def missing_tex_programs() -> list[str]:
    return [program for program in TEX_PROGRAMS if shutil.which(program) is None]


def tex_missing_message(missing: list[str]) -> str:
    packages = " ".join(DEBIAN_PACKAGES)
    return (
        f"PDF'en kan ikke bygges: {' og '.join(missing)} er ikke installeret.\n"
        "Installer TeX og skrifttyperne (Debian/Ubuntu):\n"
        "    sudo apt-get update\n"
        f"    sudo apt-get install -y --no-install-recommends {packages}\n"
        "Kør derefter kommandoen igen."
    )


def source_date_epoch(root: Path) -> str:
    """The build's timestamp: from the environment, the last commit, or the release.

    A fixed timestamp makes two builds of the same commit byte-identical.
    Outside a git checkout (a copy, an unpacked archive) the release month
    from pyproject.toml stands in for the commit date.
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    git = shutil.which("git")
    if git:
        toplevel = subprocess.run(
            [git, "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if toplevel.returncode == 0 and Path(toplevel.stdout.strip()).resolve() == root:
            last_commit = subprocess.run(
                [git, "-C", str(root), "log", "-1", "--format=%ct"],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            if last_commit.returncode == 0 and last_commit.stdout.strip():
                return last_commit.stdout.strip()
    from os2_handbook.metadata import read_edition  # needs babel: the build venv has it

    released = read_edition(root / "pyproject.toml").released
    midnight = datetime.datetime.combine(released, datetime.time(), datetime.UTC)
    return str(int(midnight.timestamp()))


def check_log(log: str, source: Path) -> list[Problem]:
    """Everything in a LaTeX log that leaves a hole in the PDF, in Danish."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for match in MISSING_CHARACTER.finditer(log):
        char, code = match["char"], match["code"].upper()
        if char in seen:
            continue
        seen.add(char)
        where = ", ".join(find_in_sources(char, source)) or "ukendt sted"
        problems.append(Problem(
            f"{where}: tegnet {char} (U+{code}) findes ikke i nogen af PDF'ens skrifttyper "
            f"(først manglede det i {match['font'].strip()}). Skriv det på en anden måde, "
            "eller tilføj en skrifttype, der har det, i os2_handbook/latex/os2-haandbog.sty."
        ))  # fmt: skip
    for match in UNDEFINED_REFERENCE.finditer(log):
        label = match["label"]
        if label in seen:
            continue
        seen.add(label)
        problems.append(Problem(
            f"{label_source(label, source)}: krydshenvisningen {label!r} peger på et sted, "
            f"der ikke findes i PDF'en (side {match['page']}). Ret linket eller ankeret."
        ))  # fmt: skip
    for match in UNDEFINED_CITATION.finditer(log):
        problems.append(Problem(f"kildehenvisningen {match['label']!r} findes ikke"))
    for match in LATEX_ERROR.finditer(log):
        place = f"{match['file']}:{match['line']}: " if match["file"] else ""
        problems.append(Problem(f"{place}LaTeX-fejl: {match['message'].strip()}"))
    return problems


def find_in_sources(text: str, source: Path) -> list[str]:
    """``file:line`` for every source line that contains text."""
    found = []
    for path in sorted(source.rglob("*.md")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text in line:
                found.append(f"{path.relative_to(source.parent)}:{lineno}")
    return found


def label_source(label: str, source: Path) -> str:
    """Where a LaTeX label such as ``docs/appendix:faq`` is referred to.

    The lines that link to the anchor (``#faq``) or name the label (raw
    LaTeX) if any, else the file the label belongs to.
    """
    docname, _, anchor = label.partition(":")
    for needle in (f"#{anchor}" if anchor else "", label):
        if needle and (lines := find_in_sources(needle, source)):
            return ", ".join(lines)
    path = source / f"{docname}.md"
    return str(path.relative_to(source.parent)) if path.is_file() else "ukendt fil"


def run_latex(latexdir: Path, epoch: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": epoch,  # LuaTeX's /CreationDate, /ModDate and /ID
        "FORCE_SOURCE_DATE": "1",  # and \today, should anything use it
        "max_print_line": "100000",  # one log line per message, unwrapped
    }
    command = [
        "latexmk",
        "-norc",  # no personal latexmkrc: every machine builds alike
        "-lualatex",
        "-interaction=nonstopmode",  # never wait for input
        "-halt-on-error",  # stop at the first LaTeX error ...
        "-file-line-error",  # ... and say where it is
        f"{JOBNAME}.tex",
    ]  # fmt: skip
    return subprocess.run(
        command, cwd=latexdir, env=env, capture_output=True, text=True, check=False
    )


def build_pdf(outdir: Path, extra: tuple[str, ...] = ()) -> int:
    """Build ``outdir/os2-haandbog.pdf``; the LaTeX sources go to _build/latex.

    Only the PDF lands in outdir: Read the Docs wants one file there.
    """
    missing = missing_tex_programs()
    if missing:
        print(tex_missing_message(missing), file=sys.stderr)
        return 2
    latexdir = BUILD / "latex"
    if latexdir.exists():  # stale .aux files from another build would mislead LaTeX
        shutil.rmtree(latexdir)
    status = subprocess.call(sphinx_command("latex", latexdir, extra=extra, python=sys.executable))
    if status:
        return status
    print(f"LuaLaTeX sætter PDF'en i {latexdir} …", flush=True)
    latex = run_latex(latexdir, source_date_epoch(ROOT))
    log_path = latexdir / f"{JOBNAME}.log"
    log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    problems = check_log(log, SOURCE)
    if problems or latex.returncode:
        print(f"PDF'en blev ikke bygget rigtigt (se {log_path}):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        if not problems:  # say at least what latexmk said
            print(latex.stdout[-3000:], latex.stderr[-3000:], sep="\n", file=sys.stderr)
        return 1
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / PDF_NAME
    shutil.copyfile(latexdir / PDF_NAME, target)
    print(f"PDF'en er bygget: {target}")
    return 0

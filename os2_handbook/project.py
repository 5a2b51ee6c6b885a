"""The project's settings and paths, read in one place.

- Its folders and the strict sphinx-build command line of every build (``sphinx_command``).
- Where the handbook is published (``read_site``): ``[tool.os2-haandbog]`` in
  pyproject.toml wins; an empty value falls back to what Read the Docs sets
  (https://docs.readthedocs.com/platform/stable/reference/environment-variables.html);
  with neither, the feature is left out. No network access.
- What ``nox -s import`` brought from the old site's look (``_static/imported/``).
- A page's front matter as its raw text has it (``front_matter``), so the lint, the
  review fields and the page-language warning name its lines alike.

Standard library only: the noxfile imports it before any dependency is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
BUILD = ROOT / "_build"
PYPROJECT = ROOT / "pyproject.toml"


def settings(pyproject: Path = PYPROJECT) -> dict[str, Any]:
    """pyproject.toml's ``[tool.os2-haandbog]``: the handbook's own settings."""
    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["os2-haandbog"]


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``git -C root ARGS``, output captured as text; never raises (127: no git)."""
    if shutil.which("git") is None:
        return subprocess.CompletedProcess(["git", *args], 127, "", "git findes ikke")
    return subprocess.run(
        ["git", "-c", "core.quotepath=false", "-C", str(root), *args],
        # errors="replace": a subject or file name that is not UTF-8 is shown, not fatal.
        capture_output=True, text=True, encoding="utf-8", errors="replace", check=False,
    )  # fmt: skip


# -- The strict build -----------------------------------------------------------------


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

    "python" finds the nox session's venv on PATH. ``fresh_env=False`` is the live
    preview's rebuild (ext/incremental.py gives it a fresh build's warnings).
    """
    # Sphinx's cache stays in the checkout, never beside the output: on Read
    # the Docs the output folder is uploaded and must hold only the format.
    doctrees = doctreedir or root / "_build" / "doctrees" / builder
    return [
        python, "-m", "sphinx",
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


# -- Where the handbook is published ------------------------------------------------

# Edit URLs per code host: {repo} is the repository's web address.
EDIT_URLS = {
    "github.com": "{repo}/edit/{branch}/{path}",
    "gitlab.com": "{repo}/-/edit/{branch}/{path}",
}
SCP_CLONE_URL = re.compile(r"^[\w.-]+@(?P<host>[\w.-]+):(?P<path>.+)$")  # git@host:owner/name


@dataclass(frozen=True)
class Site:
    """Where the handbook is published, as the build needs it; "" where unknown."""

    canonical_url: str = ""  # ends with "/"
    repository: str = ""  # the repository's web address
    edit_url_base: str = ""  # the source folder's edit address; a page's path is appended
    pdf_url: str = ""  # Read the Docs' download address of this version's PDF (no previews)
    preview_banner: str = ""  # the Danish banner shown on pull-request previews

    @property
    def root_path(self) -> str:
        """The front page's path on its server ("/da/latest/" on Read the Docs, else "/")."""
        return urlsplit(self.canonical_url).path or "/"


def web_url_from_clone_url(clone_url: str) -> str:
    """``https://github.com/o/r.git`` or ``git@github.com:o/r.git`` → ``https://github.com/o/r``."""
    url = clone_url.strip()
    if match := SCP_CLONE_URL.match(url):
        url = f"https://{match['host']}/{match['path']}"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ssh", "git") or not parts.netloc:
        return ""
    host = parts.netloc.rsplit("@", 1)[-1]
    path = parts.path.rstrip("/").removesuffix(".git")
    return f"https://{host}{path}"


def read_site(environ: Mapping[str, str] | None = None, pyproject: Path = PYPROJECT) -> Site:
    """The publishing settings from pyproject.toml and Read the Docs' environment."""
    env = os.environ if environ is None else environ
    table = settings(pyproject)
    on_rtd = env.get("READTHEDOCS") == "True"

    def rtd(variable: str) -> str:
        """What Read the Docs sets, and only on Read the Docs."""
        return env.get(variable, "").strip() if on_rtd else ""

    canonical = str(table.get("url", "")).strip() or rtd("READTHEDOCS_CANONICAL_URL")
    if canonical:
        if urlsplit(canonical).scheme not in ("http", "https"):
            raise ValueError(
                f"{pyproject}: [tool.os2-haandbog] url = {canonical!r} skal være en fuld "
                'adresse, fx "https://<projekt>.readthedocs.io/da/latest/"'
            )
        canonical = canonical.rstrip("/") + "/"

    repository = str(table.get("repository", "")).strip().rstrip("/").removesuffix(".git")
    if repository and urlsplit(repository).netloc.lower() not in EDIT_URLS:
        raise ValueError(
            f"{pyproject}: [tool.os2-haandbog] repository = {repository!r}: skriv "
            "repositoriets webadresse på GitHub eller GitLab, fx "
            '"https://github.com/<ejer>/<navn>"'
        )
    if not repository:
        repository = web_url_from_clone_url(rtd("READTHEDOCS_GIT_CLONE_URL"))

    branch = str(table.get("branch", "")).strip() or "main"
    version_type = env.get("READTHEDOCS_VERSION_TYPE") if on_rtd else None
    if version_type == "branch":
        # A branch version proposes changes to that branch; tags and previews to the default.
        branch = rtd("READTHEDOCS_GIT_IDENTIFIER") or branch
    version = rtd("READTHEDOCS_VERSION")
    pdf_url = banner = ""
    if version_type == "external":  # a pull-request preview: no PDF of its own
        banner = (
            f"Dette er en forhåndsvisning af ændringsforslag {version}. "
            "Teksten er ikke godkendt og er ikke den udgivne håndbog."
        )
    elif canonical and version:
        parts = urlsplit(canonical)
        language = rtd("READTHEDOCS_LANGUAGE") or "da"
        pdf_url = f"{parts.scheme}://{parts.netloc}/_/downloads/{language}/{version}/pdf/"
    template = EDIT_URLS.get(urlsplit(repository).netloc.lower(), "")  # "": unknown host
    edit_url = template.format(repo=repository, branch=branch, path=f"{SOURCE.name}/")
    return Site(canonical, repository, edit_url, pdf_url, banner)


# -- The old site's look, as the importer brought it ----------------------------------

IMPORTED = Path("_static") / "imported"


def imported_logo(root: Path) -> str | None:
    """The old site's logo as conf.py's html_logo (relative to conf.py), or None."""
    logos = sorted((root / IMPORTED).glob("logo.*"))
    return (IMPORTED / logos[0].name).as_posix() if logos else None


def imported_css(root: Path) -> list[str]:
    """The old site's compiled stylesheets, for html_css_files (relative to _static)."""
    return [f"imported/{p.name}" for p in sorted((root / IMPORTED).glob("*.css"))]


# -- A page's front matter, read from its raw text -------------------------------------

# Between a first line "---" and the next; a byte-order mark before it is read past, as Sphinx does.
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(?P<body>.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
TOP_LEVEL_KEY = re.compile(r"^(?P<key>[^\s#:][^:]*?)\s*:(?P<value>.*)$")


def front_matter(text: str) -> dict[str, tuple[int, str]]:
    """Each top-level key of a page's front matter: its line in the file and the raw text
    after its colon (YAML reads the values; a message needs the line)."""
    match = FRONT_MATTER.match(text)
    keys: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(((match and match["body"]) or "").splitlines(), start=2):
        if found := TOP_LEVEL_KEY.match(line):
            keys.setdefault(found["key"].strip("'\""), (number, found["value"].strip()))
    return keys

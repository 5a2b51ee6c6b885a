"""Where and how the handbook is published: addresses, the PDF link, edit links.

``read_site()`` combines pyproject.toml (``[tool.os2-haandbog]`` url, repository,
branch: the one place a maintainer sets them) with what Read the Docs puts in
the environment (https://docs.readthedocs.com/platform/stable/reference/environment-variables.html).
A value in pyproject.toml wins; an empty one falls back to Read the Docs; with
neither, the feature is left out (no canonical address, no edit link). No
network access: everything comes from files and environment variables.

The Sphinx part (``setup``) adds to every HTML page:

- the "Hent som PDF" link: on Read the Docs the PDF of the version being read,
  in a local build the locally built ``_build/pdf/os2-haandbog.pdf`` (copied
  next to the HTML) when it exists;
- the "Foreslå en ændring" link to the page's source in the repository;
- the "Sidst opdateret" date from git (sphinx-last-updated-by-git), shown in
  Danish by our own template instead of the theme's English footer line;

and checks that every ``os2_linkcheck_ignore`` entry says why it is there.
"""

from __future__ import annotations

import os
import re
import shutil
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sphinx.errors import ConfigError
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
PDF_NAME = "os2-haandbog.pdf"  # the PDF builder's file name, and the copy's in the HTML
SOURCE_DIRECTORY = "source"  # where the pages live in the repository

# Edit URLs per code host: {repo} is the repository's web address.
EDIT_URLS = {
    "github.com": "{repo}/edit/{branch}/{path}",
    "gitlab.com": "{repo}/-/edit/{branch}/{path}",
}
SCP_CLONE_URL = re.compile(r"^[\w.-]+@(?P<host>[\w.-]+):(?P<path>.+)$")  # git@host:owner/name


@dataclass(frozen=True)
class Site:
    """Everything the build needs to know about where the handbook is published."""

    on_read_the_docs: bool = False
    canonical_url: str = ""  # ends with "/", or "" when unknown
    version: str = ""  # Read the Docs' version slug: "latest", "v1.0.0", or a PR number
    language: str = "da"
    is_pull_request_preview: bool = False
    repository: str = ""  # the repository's web address, or "" when unknown
    branch: str = "main"
    commit: str = ""

    @property
    def root_path(self) -> str:
        """The path of the handbook's front page on its server: "/da/latest/" on
        Read the Docs, "/" elsewhere (links on the 404 page must be absolute)."""
        return urlsplit(self.canonical_url).path or "/"

    @property
    def pdf_url(self) -> str:
        """Read the Docs' download address for this version's PDF, or "".

        Read the Docs builds no PDF for pull-request previews.
        """
        if not (self.on_read_the_docs and self.canonical_url and self.version):
            return ""
        if self.is_pull_request_preview:
            return ""
        parts = urlsplit(self.canonical_url)
        return f"{parts.scheme}://{parts.netloc}/_/downloads/{self.language}/{self.version}/pdf/"

    @property
    def edit_url_base(self) -> str:
        """The edit address of the source folder; a page's path is appended."""
        if not self.repository:
            return ""
        host = urlsplit(self.repository).netloc.lower()
        template = EDIT_URLS.get(host)
        if template is None:
            return ""
        return template.format(
            repo=self.repository, branch=self.branch, path=f"{SOURCE_DIRECTORY}/"
        )

    @property
    def preview_banner(self) -> str:
        """The Danish banner shown on pull-request previews, or ""."""
        if not self.is_pull_request_preview:
            return ""
        return (
            f"Dette er en forhåndsvisning af ændringsforslag {self.version}. "
            "Teksten er ikke godkendt og er ikke den udgivne håndbog."
        )


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
    table = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["os2-haandbog"]
    on_rtd = env.get("READTHEDOCS") == "True"

    def setting(key: str, rtd_variable: str) -> str:
        value = str(table.get(key, "")).strip()
        if value:
            return value
        return env.get(rtd_variable, "").strip() if on_rtd else ""

    canonical = setting("url", "READTHEDOCS_CANONICAL_URL")
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
    if not repository and on_rtd:
        repository = web_url_from_clone_url(env.get("READTHEDOCS_GIT_CLONE_URL", ""))

    branch = str(table.get("branch", "")).strip() or "main"
    if on_rtd and env.get("READTHEDOCS_VERSION_TYPE") == "branch":
        # A branch version proposes changes to that branch; tags and previews to the default.
        branch = env.get("READTHEDOCS_GIT_IDENTIFIER", "").strip() or branch

    return Site(
        on_read_the_docs=on_rtd,
        canonical_url=canonical,
        version=env.get("READTHEDOCS_VERSION", "").strip() if on_rtd else "",
        language=(env.get("READTHEDOCS_LANGUAGE", "").strip() if on_rtd else "") or "da",
        is_pull_request_preview=on_rtd and env.get("READTHEDOCS_VERSION_TYPE") == "external",
        repository=repository,
        branch=branch,
        commit=env.get("READTHEDOCS_GIT_COMMIT_HASH", "").strip() if on_rtd else "",
    )


# -- Sphinx ---------------------------------------------------------------------


def _check_linkcheck_ignore(app: Sphinx, config: Config) -> None:
    """Every ignored link needs its reason; the patterns go to linkcheck_ignore."""
    for pattern, reason in config.os2_linkcheck_ignore.items():
        if not str(reason).strip():
            raise ConfigError(
                f"conf.py: os2_linkcheck_ignore[{pattern!r}] mangler en begrundelse. "
                "Skriv, hvorfor linket ikke kan kontrolleres, som værdien i opslaget."
            )
        try:
            re.compile(pattern)
        except re.error as err:
            raise ConfigError(
                f"conf.py: os2_linkcheck_ignore[{pattern!r}] er ikke et gyldigt "
                f"regulært udtryk: {err}"
            ) from None
    config.linkcheck_ignore = [*config.linkcheck_ignore, *config.os2_linkcheck_ignore]


def _local_pdf(app: Sphinx) -> Path | None:
    """The locally built PDF to offer, when there is one and no Read the Docs link."""
    if app.config.os2_pdf_url or not app.config.os2_local_pdf:
        return None
    path = Path(app.confdir, app.config.os2_local_pdf)
    return path if path.is_file() else None


def _add_page_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["os2_pdf_url"] = app.config.os2_pdf_url
    context["os2_local_pdf"] = PDF_NAME if _local_pdf(app) else ""
    suffix = context.get("page_source_suffix")
    base = app.config.os2_edit_url_base
    context["os2_edit_url"] = f"{base}{pagename}{suffix}" if base and suffix and doctree else ""
    # The theme's footer says "Last updated on …" in English; page.html says it in Danish.
    context["os2_last_updated"] = context.get("last_updated")
    context["last_updated"] = None


def _copy_local_pdf(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if pdf := _local_pdf(app):
        shutil.copyfile(pdf, Path(app.outdir, PDF_NAME))
        logger.info("os2: PDF'en %s er lagt ved hjemmesiden som %s", pdf, PDF_NAME)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("os2_pdf_url", "", "html", types=frozenset({str}))
    app.add_config_value("os2_local_pdf", "", "html", types=frozenset({str}))
    app.add_config_value("os2_edit_url_base", "", "html", types=frozenset({str}))
    app.add_config_value("os2_linkcheck_ignore", {}, "", types=frozenset({dict}))
    app.connect("config-inited", _check_linkcheck_ignore)
    # After sphinx-last-updated-by-git (priority 500) has set last_updated.
    app.connect("html-page-context", _add_page_links, priority=900)
    app.connect("build-finished", _copy_local_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

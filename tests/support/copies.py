"""Buildable copies of the handbook project: what the benchmark builds and times.

A copy is a git repository with one commit, like every real checkout: the
"Sidst opdateret" dates come from git (sphinx-last-updated-by-git), and a
strict build outside git fails. The tests build the same copies
(tests/conftest.py adds the choice of pages); the benchmark tool owns this
module because it is a tool that copies the project, not part of the
handbook's Sphinx extension.

Standard library only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What a build needs besides the pages in source/.
CONFIGURATION = (
    "conf.py",
    "pyproject.toml",
    "udgave.toml",
    "_static",
    "_templates",
    "locale",
    "os2_handbook",
)
# The diagram renderer's pins; its node_modules (500 MB) is linked, not copied.
RENDERER_FILES = ("package.json", "package-lock.json")

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}
COMMIT_DATE = "2025-10-01T12:00:00+02:00"  # the handbook's release month: dates stay stable


def git(root: Path, *args: str, date: str = COMMIT_DATE) -> str:
    """Run git in root with a fixed identity and date; return its output."""
    env = {**os.environ, **GIT_IDENTITY, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=root, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


def copy_project(dest: Path, *, with_sources: bool = True) -> Path:
    """Copy the configuration (and the pages in source/, unless told not to) to dest."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in (*CONFIGURATION, "source") if with_sources else CONFIGURATION:
        src = ROOT / name
        if src.is_dir():
            # node_modules: npm's installs are big and the builds do not need them.
            ignore = shutil.ignore_patterns("__pycache__", "node_modules")
            shutil.copytree(src, dest / name, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, dest / name)
    for name in RENDERER_FILES:
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)
    if (ROOT / "node_modules").is_dir() and not (dest / "node_modules").exists():
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return dest


def commit_all(root: Path, message: str = "Copy of the handbook") -> Path:
    """Make root a git repository whose one commit holds every file in it."""
    git(root, "init", "--quiet")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", message)
    return root

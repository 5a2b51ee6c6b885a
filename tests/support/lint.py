"""A copy of the project with what the authoring gates read (tests/test_lint*.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import copy_project
from os2_handbook.build import ROOT

# What the gates read besides the buildable project.
LINT_FILES = ("ordliste.txt", "README.md", "CONTRIBUTING.md", "noxfile.py")


def lint_copy(dest: Path) -> Path:
    copy_project(dest)
    for name in LINT_FILES:
        shutil.copy2(ROOT / name, dest / name)
    return dest

"""A folder's files: compared byte for byte between two runs, or edited for a twin."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

Edit = Callable[[str], str]


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def edit_file(root: Path, relpath: str, edit: Edit) -> None:
    """Apply edit to one file below root; the edit must change it, so a twin
    cannot pass by editing nothing."""
    path = root / relpath
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    after = edit(before)
    assert after != before, f"the edit did not change {relpath}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(after, encoding="utf-8")


def replace(old: str, new: str, count: int = -1) -> Edit:
    """An edit that replaces old with new: ``edits={"a.md": replace("x", "y")}``."""
    return lambda text: text.replace(old, new, count)

"""One finding of an authoring gate: file, line, message (shared by lint and its baseline)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One fault at one line (1-based) of one file."""

    path: Path
    line: int
    message: str
    # What a baseline entry matches (os2_handbook/authoring/lint_baseline.py): the gate,
    # and the word, rule or term the finding is about.
    gate: str = field(default="", compare=False)
    finding: str = field(default="", compare=False)

    def render(self, root: Path) -> str:
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            shown = self.path
        return f"{shown.as_posix()}:{self.line}: {self.message}"

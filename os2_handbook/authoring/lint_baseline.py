"""A finding of the lint gates (``Problem``), and the baseline of known ones: adopt
the gates on text that already exists.

A handbook imported from an old site starts with hundreds of findings
(unknown names, Markdown habits). Blocking every change on them helps no one;
ignoring them hides new ones. The baseline (``lint-baseline.csv``, set in
``[tool.os2-haandbog.lint] baseline``) lists the known ones, one row per
file and word or rule, with a reason column for the maintainers to fill in.
Findings in it are counted and never fail; every other finding fails as
before, with file and line. ``nox -s lint -- --update-baseline`` writes it,
keeping the reasons already given, and lists the unknown words by frequency
so that real names can go into the word list in one sitting.

Only the prose gates (Markdown, terms, spelling) have a baseline: a fault in
the encoding or in Python code is fixed, not recorded. Standard library only.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


@dataclass(frozen=True, order=True)
class Problem:
    """One fault at one line (1-based) of one file."""

    path: Path
    line: int
    message: str
    # What a baseline entry matches: the gate, and the word, rule or term found.
    gate: str = field(default="", compare=False)
    finding: str = field(default="", compare=False)

    def render(self, root: Path) -> str:
        shown = self.path.relative_to(root) if self.path.is_relative_to(root) else self.path
        return f"{shown.as_posix()}:{self.line}: {self.message}"


BASELINE_GATES = ("markdown", "terms", "spelling")
COLUMNS = ("fil", "kontrol", "fund", "antal", "begrundelse")

Key = tuple[str, str, str]  # (file relative to the project, gate, word or rule)


class Entry(NamedTuple):  # one row of the baseline, in COLUMNS' order
    file: str
    gate: str
    finding: str
    count: int
    reason: str

    @property
    def key(self) -> Key:
        return (self.file, self.gate, self.finding)


def key_of(problem: Problem, root: Path) -> Key | None:
    """What a baseline row must hold to cover the problem (None: never baselined)."""
    if problem.gate not in BASELINE_GATES or not problem.finding:
        return None
    return (problem.path.relative_to(root).as_posix(), problem.gate, problem.finding)


class BaselineError(ValueError):
    """The baseline file cannot be read; the message names the file, the line and the fix."""


def read(path: Path) -> dict[Key, Entry]:
    if not path.is_file():
        return {}
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    if tuple(rows.fieldnames or ()) != COLUMNS:
        raise BaselineError(
            f"{path.name}:1: første linje skal være kolonnenavnene {','.join(COLUMNS)}. "
            "Ret linjen, eller slet filen og kør nox -s lint -- --update-baseline."
        )
    entries = {}
    for row in rows:
        count = (row["antal"] or "0").strip()
        if not count.isdigit() or not all(row[c] for c in ("fil", "kontrol", "fund")):
            raise BaselineError(
                f"{path.name}:{rows.line_num}: rækken skal have fil, kontrol, fund og et tal "
                "i antal. Ret rækken, eller kør nox -s lint -- --update-baseline."
            )
        entry = Entry(row["fil"], row["kontrol"], row["fund"], int(count), row["begrundelse"])
        entries[entry.key] = entry
    return entries


def split(
    problems: list[Problem], baseline: dict[Key, Entry], root: Path
) -> tuple[list[Problem], list[Problem], list[Entry]]:
    """(new problems, known problems, baseline entries nothing matches any more)."""
    keys = [key_of(problem, root) for problem in problems]
    new = [p for p, key in zip(problems, keys, strict=True) if key not in baseline]
    known = [p for p, key in zip(problems, keys, strict=True) if key in baseline]
    used = set(keys)
    return new, known, [entry for key, entry in baseline.items() if key not in used]


def entries_for(
    problems: list[Problem], old: dict[Key, Entry], root: Path, gates: list[str]
) -> list[Entry]:
    """The baseline for these problems: reasons kept, rows of gates not run kept as they
    were; unknown words first, the most frequent first, then the rest by file."""
    counts = Counter(key for p in problems if (key := key_of(p, root)) is not None)
    totals = Counter(p.finding for p in problems if p.gate == "spelling" and p.finding)
    entries = [Entry(*key, n, old[key].reason if key in old else "") for key, n in counts.items()]
    entries += [entry for entry in old.values() if entry.gate not in gates]

    def order(entry: Entry) -> tuple:
        if entry.gate == "spelling":
            return (0, -totals[entry.finding], entry.finding, entry.file)
        return (1, entry.gate, entry.file, entry.finding)

    return sorted(entries, key=order)


def write(path: Path, entries: list[Entry]) -> None:
    with path.open("w", encoding="utf-8") as stream:
        csv.writer(stream, lineterminator="\n").writerows([COLUMNS, *entries])


def words_by_frequency(entries: list[Entry]) -> list[tuple[str, int, int]]:
    """(word, occurrences, files) of every unknown word in the baseline, most frequent first."""
    occurrences: Counter[str] = Counter()
    files: Counter[str] = Counter()
    for entry in entries:
        if entry.gate == "spelling":
            occurrences[entry.finding] += entry.count
            files[entry.finding] += 1
    return sorted(
        ((word, n, files[word]) for word, n in occurrences.items()), key=lambda w: (-w[1], w[0])
    )

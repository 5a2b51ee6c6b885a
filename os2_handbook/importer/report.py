"""What the import did: every construct it met, converted, dropped or left for a person."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum


class Outcome(Enum):
    CONVERTED = "konverteret"
    DROPPED = "fjernet med begrundelse"
    MANUAL = "skal gøres i hånden"


@dataclass
class Line:
    """One line of a page being converted, with the source line it came from."""

    text: str
    source_line: int | None = None
    code: bool = False  # inside a fenced code block: never rewritten
    fence: str | None = None  # on a code fence's opening line: its info string
    html: bool = False  # inside a raw HTML block: only its links are rewritten


@dataclass
class Finding:
    """One construct met in one source file."""

    kind: str  # short Danish name of the construct
    outcome: Outcome
    source: str  # site-relative source file
    source_line: int | None
    message: str
    suggestion: str = ""
    line: Line | None = None  # the written line it ended up on, if any
    written: str = ""  # "source/x.md:12", filled in once the page is laid out
    pass_name: str = ""  # the import pass that met it, for the tally


@dataclass
class WrittenFile:
    path: str  # as shown: dest-relative with the dest folder in front
    source: str
    status: str


SKIPPED = "findes allerede – ikke overskrevet"


@dataclass
class Report:
    source_dir: str
    dest_dir: str
    findings: list[Finding] = field(default_factory=list)
    files: list[WrittenFile] = field(default_factory=list)
    current_pass: str = ""  # set by the pipeline while a pass runs
    licence: str = ""  # the old site's licence, as the licence pass found it

    def add(self, *args, **kwargs) -> Finding:
        finding = Finding(*args, **kwargs)
        finding.pass_name = finding.pass_name or self.current_pass or finding.kind
        self.findings.append(finding)
        return finding

    def note(self, page, kind, outcome, line: Line | None, message, suggestion="") -> Finding:
        """A finding on a page (any object with ``source``), at the line it concerns."""
        where = line.source_line if line else None
        return self.add(kind, outcome, page.source, where, message, suggestion, line=line)

    @property
    def needs_manual_work(self) -> bool:
        return any(f.outcome is Outcome.MANUAL for f in self.findings) or any(
            f.status == SKIPPED for f in self.files
        )

    def to_markdown(self) -> str:
        converted, dropped, manual = ([f for f in self.findings if f.outcome is o] for o in Outcome)
        total = len(self.findings)
        # Only what really converted counts as handled automatically: a
        # construct removed with a reason is not converted, nor is one left
        # for a maintainer.
        share = f"{100 * len(converted) / total:.0f} %" if total else "–"
        out = [
            "# Importrapport",
            "",
            f"Importeret fra `{self.source_dir}` til `{self.dest_dir}`.",
            "",
            *([f"Sidens licens: {self.licence}", ""] if self.licence else []),
            f"{len(converted)} af {total} konstruktioner blev konverteret automatisk ({share}); "
            f"{len(dropped)} er fjernet med en begrundelse, og {len(manual)} skal gøres i hånden.",
            "",
            f"## Filer ({len(self.files)})",
            "",
            "| Fil | Fra | Status |",
            "| --- | --- | --- |",
            *(f"| {_code(f.path)} | {_code(f.source)} | {f.status} |" for f in self.files),
            "",
            f"## Skal gøres i hånden ({len(manual)})",
            "",
            *([_item(f) for f in manual] or ["Intet."]),
        ]
        if skipped := [f for f in self.files if f.status == SKIPPED]:
            out += [
                "",
                "Disse filer fandtes allerede og blev ikke overskrevet (kør igen med `--force`):",
                "",
                *(f"- {_code(f.path)}" for f in skipped),
            ]
        out += [
            "",
            f"## Fjernet med begrundelse ({len(dropped)})",
            "",
            *([_item(f) for f in dropped] or ["Intet."]),
            "",
            "## Optælling pr. trin",
            "",
            "| Trin | Konverteret | Fjernet med begrundelse | I hånden |",
            "| --- | --- | --- | --- |",
        ]
        tally: dict[str, Counter] = {}  # outcomes per pass, in the order the passes ran
        for finding in self.findings:
            tally.setdefault(finding.pass_name, Counter())[finding.outcome] += 1
        out += [
            f"| {name} | {' | '.join(str(n[o]) for o in Outcome)} |" for name, n in tally.items()
        ]
        return "\n".join(out) + "\n"


# What cannot stand inside a code span in a table cell: line breaks and other
# control characters (shown escaped, as \n), the cell's | and the span's `.
UNSAFE_IN_CELL = re.compile(r"[\x00-\x1f\x7f-\x9f|`]")


def _code(name: str) -> str:
    """A file name as inline code that stays on its table row, whatever it contains."""

    def escaped(match: re.Match[str]) -> str:
        # GitHub's tables read \| inside code as the character.
        char = match[0]
        return {"|": "\\|", "`": "'"}.get(char) or char.encode("unicode_escape").decode("ascii")

    return f"`{UNSAFE_IN_CELL.sub(escaped, name)}`"


def _item(f: Finding) -> str:
    where = _code(f"{f.source}:{f.source_line}" if f.source_line else f.source)
    where = f"{_code(f.written)} (kilde {where})" if f.written else where
    return f"- {where}: {f.message}" + (f" Forslag: {f.suggestion}" if f.suggestion else "")

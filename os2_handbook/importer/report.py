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

    kind: str  # short Danish name of the construct, used for the tally
    outcome: Outcome
    source: str  # site-relative source file
    source_line: int | None
    message: str
    suggestion: str = ""
    line: Line | None = None  # the written line it ended up on, if any
    written: str = ""  # "source/x.md:12", filled in once the page is laid out
    link_target: str = ""  # for broken links: the target as written
    pass_name: str = ""  # the import pass that met it (os2_handbook.importer.passes)

    def location(self) -> str:
        where = f"{self.source}:{self.source_line}" if self.source_line else self.source
        if self.written:
            return f"{_code(self.written)} (kilde {_code(where)})"
        return _code(where)


@dataclass
class WrittenFile:
    path: str  # as shown: dest-relative with the dest folder in front
    source: str
    status: str


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

    def of(self, outcome: Outcome) -> list[Finding]:
        return [f for f in self.findings if f.outcome is outcome]

    @property
    def needs_manual_work(self) -> bool:
        return bool(self.of(Outcome.MANUAL)) or any(f.status == SKIPPED for f in self.files)

    def to_markdown(self) -> str:
        converted = self.of(Outcome.CONVERTED)
        manual = self.of(Outcome.MANUAL)
        dropped = self.of(Outcome.DROPPED)
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
        ]
        out += [f"| {_code(f.path)} | {_code(f.source)} | {f.status} |" for f in self.files]
        out += ["", f"## Skal gøres i hånden ({len(manual)})", ""]
        out += [_item(f) for f in manual] or ["Intet."]
        skipped = [f for f in self.files if f.status == SKIPPED]
        if skipped:
            out += [
                "",
                "Disse filer fandtes allerede og blev ikke overskrevet (kør igen med `--force`):",
                "",
            ]
            out += [f"- {_code(f.path)}" for f in skipped]
        out += ["", f"## Fjernet med begrundelse ({len(dropped)})", ""]
        out += [_item(f) for f in dropped] or ["Intet."]
        out += [
            "",
            "## Optælling pr. trin",
            "",
            "| Trin | Konverteret | Fjernet med begrundelse | I hånden |",
            "| --- | --- | --- | --- |",
        ]
        for name, counts in self.tally().items():
            out.append(
                f"| {name} | {counts[Outcome.CONVERTED]} | {counts[Outcome.DROPPED]} "
                f"| {counts[Outcome.MANUAL]} |"
            )
        return "\n".join(out) + "\n"

    def tally(self) -> dict[str, Counter]:
        """Outcomes per pass, in the order the passes ran."""
        tally: dict[str, Counter] = {}
        for finding in self.findings:
            tally.setdefault(finding.pass_name, Counter())[finding.outcome] += 1
        return tally


SKIPPED = "findes allerede – ikke overskrevet"
# What cannot stand inside a code span in a table cell: line breaks and other
# control characters (shown escaped, as \n), the cell's | and the span's `.
UNSAFE_IN_CELL = re.compile(r"[\x00-\x1f\x7f-\x9f|`]")


def _code(name: str) -> str:
    """A file name as inline code that stays on its table row, whatever it contains."""

    def escaped(match: re.Match[str]) -> str:
        char = match[0]
        if char == "|":
            return "\\|"  # GitHub's tables read \| inside code as the character
        if char == "`":
            return "'"
        return char.encode("unicode_escape").decode("ascii")

    return f"`{UNSAFE_IN_CELL.sub(escaped, name)}`"


def _item(finding: Finding) -> str:
    text = f"- {finding.location()}: {finding.message}"
    if finding.suggestion:
        text += f" Forslag: {finding.suggestion}"
    return text

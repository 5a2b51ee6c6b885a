"""Faults in source text no reader can see or the build cannot read.

- Mojibake: UTF-8 text once decoded as a legacy charset ("S√•dan", "SÃ¥dan"
  for "Sådan"). Every non-ASCII character of UTF-8 is two to four non-ASCII
  bytes, so mojibake is a run of non-ASCII characters that encodes back to
  bytes which decode as UTF-8; correct Danish text almost never does ("å"
  alone is one byte in those charsets). A guillemet or dash before æ, ø or å
  can ("»ø" is Mac Roman for "ȿ"), so a repair must stay within the Latin
  letters, punctuation, symbols and emoji.
- Control characters (NUL, BEL, ESC …) and files that are not UTF-8.

The lint gate, the importer and (through ``setup``) the build all use it; the
importer runs without Sphinx, so only ``setup`` imports it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# Tried in order; the first that round-trips wins. Mac Roman first: its
# mojibake ("√∏") is not valid Windows-1252, while the reverse can be.
CHARSETS = ("mac_roman", "cp1252", "latin-1")
# Non-ASCII, so including the no-break spaces and soft hyphens that some
# charsets make of bytes inside a UTF-8 sequence.
NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# Two-byte UTF-8 beyond Latin-1 and Latin Extended-A (Latin Extended-B, IPA,
# Greek, Cyrillic …): Danish text garbled never repairs to these.
IMPLAUSIBLE = re.compile(r"[\u0180-\u07ff]")
# C0 and C1 control characters and DEL; tab, line feed and carriage return are text.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Mojibake:
    """One garbled run on one line (1-based), with its repair."""

    line: int
    column: int
    garbled: str
    repaired: str
    charset: str


def _repair_run(run: str) -> tuple[str, str] | None:
    for charset in CHARSETS:
        try:
            repaired = run.encode(charset).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        # A combining mark or control character means the guess was wrong:
        # "Ã¥" read back through Mac Roman gives U+0334, through cp1252 "å".
        if (
            repaired != run
            and not IMPLAUSIBLE.search(repaired)
            and not any(unicodedata.category(char)[0] in "MC" for char in repaired)
        ):
            return repaired, charset
    return None


def find_mojibake(text: str) -> list[Mojibake]:
    """Every garbled run in text, in reading order."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in NON_ASCII_RUN.finditer(line):
            if repair := _repair_run(match.group()):
                found.append(Mojibake(number, match.start() + 1, match.group(), *repair))
    return found


def repair_mojibake(text: str) -> str:
    """text with every garbled run replaced by what it was meant to say."""

    def replace(match: re.Match[str]) -> str:
        repair = _repair_run(match.group())
        return repair[0] if repair else match.group()

    return NON_ASCII_RUN.sub(replace, text)


@dataclass(frozen=True)
class ControlCharacter:
    line: int  # 1-based
    column: int  # 1-based
    char: str

    @property
    def message(self) -> str:
        return (
            f"linjen indeholder kontroltegnet U+{ord(self.char):04X} (kolonne {self.column}), "
            "som ikke kan ses på siden. Slet det: slet tegnene omkring kolonnen, og skriv "
            "dem igen."
        )


def find_control_characters(text: str) -> list[ControlCharacter]:
    """The first control character of every line that has one."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if match := CONTROL_CHARACTER.search(line.removesuffix("\r")):
            found.append(ControlCharacter(number, match.start() + 1, match[0]))
    return found


def not_utf8(data: bytes, error: UnicodeDecodeError) -> tuple[int, str]:
    """The line of a file's first byte that is not UTF-8, and what to do (in Danish)."""
    line = data.count(b"\n", 0, error.start) + 1
    text = data.splitlines()[line - 1].decode("cp1252", errors="replace").strip()
    return line, (
        "filen er ikke gemt som UTF-8 (måske Windows-1252 eller Latin-1). "
        f"Linjen lyder: {text!r}. Gem filen igen med tegnsættet UTF-8."
    )


def setup(app: Sphinx) -> dict[str, Any]:
    """The build reports pages that are not UTF-8 or hold control characters."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)

    def check_bytes(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        # Sphinx would stop at the first page it cannot decode, with a traceback
        # naming no file: such a page is left out, so every other fault is reported.
        for docname in list(docnames):
            data = env.doc2path(docname).read_bytes()
            try:
                data.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                line, message = not_utf8(data, error)
                logger.error(message, location=(docname, line), type="os2", subtype="encoding")
                docnames.remove(docname)
                env.project.docnames.discard(docname)  # nothing of it to write either

    def check_control_characters(app: Sphinx, docname: str, source: list[str]) -> None:
        for found in find_control_characters(source[0]):
            logger.warning(
                found.message, location=(docname, found.line), type="os2",
                subtype="control_character",
            )  # fmt: skip

    app.connect("env-before-read-docs", check_bytes)
    app.connect("source-read", check_control_characters)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

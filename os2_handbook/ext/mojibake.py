"""Find and repair mojibake: UTF-8 text that was once decoded as a legacy charset.

The handbook's front page was UTF-8 read as Mac Roman ("S√•dan" for "Sådan");
Windows-1252/Latin-1 give the better-known "SÃ¥dan". Every non-ASCII character
of UTF-8 is two to four non-ASCII bytes, so mojibake is a run of non-ASCII
characters that encodes back to bytes which decode as UTF-8. Correct Danish
text almost never does: "å" alone is one byte in those charsets, not valid
UTF-8. The exception is a guillemet or dash before æ, ø or å ("»ø" is the Mac
Roman bytes of "ȿ"): such repairs give letters no Danish text uses, so a repair
must stay within the Latin letters, punctuation, symbols and emoji.

Control characters (NUL, BEL, ESC …) are the other fault no reader can see:
``find_control_characters`` finds them for the lint gate, the build and the importer.

Standard library only: the lint gate and the importer both use it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Tried in order; the first that round-trips wins. Mac Roman first: its
# mojibake ("√∏") is not valid Windows-1252, while the reverse can be.
CHARSETS = ("mac_roman", "cp1252", "latin-1")

# A run of non-ASCII characters, allowing the no-break spaces and soft hyphens
# that some charsets produce for bytes inside a UTF-8 sequence.
NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True)
class Mojibake:
    """One garbled run on one line (1-based), with its repair."""

    line: int
    column: int
    garbled: str
    repaired: str
    charset: str


# Two-byte UTF-8 beyond Latin-1 and Latin Extended-A: Latin Extended-B, IPA,
# Greek, Cyrillic, Hebrew, Arabic... Danish text garbled never repairs to these.
IMPLAUSIBLE = re.compile(r"[\u0180-\u07ff]")


def _looks_like_text(text: str) -> bool:
    # A lone combining mark or control character means the guess was wrong:
    # "Ã¥" read back through Mac Roman gives U+0334, through cp1252 "å".
    if IMPLAUSIBLE.search(text):
        return False
    return not any(unicodedata.category(char)[0] in "MC" for char in text)


def _repair_run(run: str) -> tuple[str, str] | None:
    for charset in CHARSETS:
        try:
            repaired = run.encode(charset).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != run and _looks_like_text(repaired):
            return repaired, charset
    return None


def find_mojibake(text: str) -> list[Mojibake]:
    """Every garbled run in text, in reading order."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in NON_ASCII_RUN.finditer(line):
            repair = _repair_run(match.group())
            if repair:
                found.append(Mojibake(number, match.start() + 1, match.group(), *repair))
    return found


def repair_mojibake(text: str) -> str:
    """text with every garbled run replaced by what it was meant to say."""

    def replace(match: re.Match[str]) -> str:
        repair = _repair_run(match.group())
        return repair[0] if repair else match.group()

    return NON_ASCII_RUN.sub(replace, text)


# -- Control characters -------------------------------------------------------------

# C0 and C1 control characters and DEL; tab, line feed and carriage return are text.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class ControlCharacter:
    line: int  # 1-based
    column: int  # 1-based
    char: str

    @property
    def message(self) -> str:
        """What the gates say about it, in Danish, with the fix."""
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

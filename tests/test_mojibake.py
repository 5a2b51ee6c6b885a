"""Mojibake detection and repair (os2_handbook.ext.mojibake)."""

from __future__ import annotations

from os2_handbook.ext.mojibake import find_mojibake, repair_mojibake
from seeds import FRONT_PAGE_SEED, SEEDS, WELCOME_SEED


def test_repairs_the_front_page_seed_exactly() -> None:
    garbled = (SEEDS / FRONT_PAGE_SEED).read_text(encoding="utf-8")
    assert repair_mojibake(garbled) == garbled.encode("mac_roman").decode("utf-8")
    first = find_mojibake(garbled)[0]
    assert (first.garbled, first.repaired, first.charset) == ("√•", "å", "mac_roman")


def test_windows_1252_mojibake_is_found_with_line_and_column() -> None:
    found = find_mojibake("Intro\nSÃ¥dan gÃ¸r vi â€“ Ã†blet\n")
    assert [(m.line, m.column, m.garbled, m.repaired) for m in found] == [
        (2, 2, "Ã¥", "å"),
        (2, 9, "Ã¸", "ø"),
        (2, 16, "â€“", "–"),
        (2, 20, "Ã†", "Æ"),
    ]


def test_correct_danish_text_is_left_alone() -> None:
    welcome = (SEEDS / WELCOME_SEED).read_text(encoding="utf-8")
    text = welcome + "\nÆbler, øl og ål – “citat” 💡 🙌 é ü ß €\n»Ødelagte« «ø» …øh –å\n"
    assert find_mojibake(text) == []
    assert repair_mojibake(text) == text

"""Unicode repair and normalisation."""

from __future__ import annotations

import unicodedata

from streams.clean import normalize_for_matching
from streams.clean.unicode import fix_unicode


def test_mojibake_repaired() -> None:
    assert fix_unicode("Le ministre a dÃ©clarÃ© que lâ€™Ã©tat") == "Le ministre a déclaré que l’état"


def test_nfc() -> None:
    decomposed = "Cafe\u0301 Mu\u0308nchen"
    assert fix_unicode(decomposed) == unicodedata.normalize("NFC", decomposed) == "Café München"


def test_control_and_zero_width_removed() -> None:
    assert fix_unicode("Zero\u200bwidth\u200d and\x07 bell\ufeff") == "Zerowidth and bell"


def test_whitespace_normalised_lines_kept() -> None:
    assert fix_unicode("  a \t b\u00a0c  \r\n\r\n\n\nnext\u2028line ") == "a b c\n\nnext\nline"


def test_typographic_quotes_kept() -> None:
    text = "« Bonjour », dit-il. “Hello” — l’été ‘quoted’ „Hallo“"
    assert fix_unicode(text) == text


def test_normalize_for_matching() -> None:
    a = normalize_for_matching("L’État  «Islamique» – Point")
    b = normalize_for_matching("l'état \"islamique\" - point")
    assert a == b == "l'état \"islamique\" - point"
    assert normalize_for_matching("STRASSE\u200b  Straße") == "strasse strasse"

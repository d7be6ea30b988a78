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


def test_mojibake_check_matches_ftfy() -> None:
    from ftfy.badness import is_bad

    from streams.clean.unicode import looks_bad

    samples = [
        "Le ministre a déclaré que l’État « protège » les œuvres — jusqu’à 20 °C.",
        "Le ministre a dÃ©clarÃ© que lâ€™Ã©tat",
        "à la mode Ã\u00a0 la",
        "cÅ“ur, sÅ“ur",
        "Правительство объявило вЂ“ реформу",
        "ØªØ­Ø¯ÙŠØ«",
        "naïve café résumé Ærø",
        "prix : 12 € × ² ",
        "\x85 control",
        "œ.",
    ]
    for text in samples:
        assert looks_bad(text) == is_bad(text), text


def test_normalize_for_matching_whitespace_forms() -> None:
    assert normalize_for_matching(" a\nb  c\t") == "a b c"
    assert normalize_for_matching("déjà vu") == "déjà vu"
    assert normalize_for_matching("x\u00a0y") == "x y"

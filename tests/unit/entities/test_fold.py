"""fold() is table-driven for speed; it must stay char-for-char the per-character algorithm below."""

from __future__ import annotations

import unicodedata

import pytest

from streams.entities.spans import _VECTOR_MIN_LEN, fold, fold_codes


def reference_fold(text: str) -> str:
    """fold() as it was first written: one character at a time."""
    out = []
    for ch in text:
        if ch in "’‘`´":
            out.append("'")
            continue
        if ch.isascii():
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch)[:1]
        out.append(base or ch)
    return "".join(out)


# Past the tables: CJK, Hangul (decomposes), fullwidth forms, lone surrogates, astral letters and emoji.
_BEYOND = [0x3000, 0x3042, 0x4E00, 0xAC00, 0xD55C, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xF900, 0xFB01, 0xFF21, 0xFFFD]
_ASTRAL = [0x10000, 0x1D400, 0x1D7CE, 0x1F1EB, 0x1F600, 0x2F800, 0x10FFFF]
CODE_POINTS = [*range(0x3000), *_BEYOND, *_ASTRAL]


def test_every_code_point_alone_folds_as_the_reference() -> None:
    # Short strings take str.translate; each character alone and after an accented letter.
    for cp in CODE_POINTS:
        for s in (chr(cp), "é" + chr(cp) + "a"):
            assert fold(s) == reference_fold(s), hex(cp)


@pytest.mark.parametrize("chunk", [_VECTOR_MIN_LEN, _VECTOR_MIN_LEN + 1, 200, 1000])
def test_long_texts_fold_as_the_reference(chunk: int) -> None:
    # Long strings take the numpy path: every code point inside texts at least _VECTOR_MIN_LEN long.
    for i in range(0, len(CODE_POINTS), chunk):
        s = "".join(chr(cp) for cp in CODE_POINTS[i : i + chunk]).rjust(_VECTOR_MIN_LEN, "é")
        assert fold(s) == reference_fold(s), (chunk, i)


MIXED = (
    "",
    "plain ascii `quoted`",
    "l’État et l‘Irak´s",
    "x" * 100 + "`",
    "x" * 300 + "`",
    "É" * 70 + "😀" + "中" * 3,
    "É" * 300 + "😀" + "中" * 3,
    "l’État et l‘Irak´s « Œuvre » " * 20,
)


def test_ascii_and_mixed_texts() -> None:
    for s in MIXED:
        assert fold(s) == reference_fold(s)
        assert len(fold(s)) == len(s)


def test_fold_codes_are_the_folded_code_points_clipped() -> None:
    for s in MIXED:
        folded, codes = fold_codes(s)
        assert folded == fold(s)
        if codes is None:
            assert len(s) < _VECTOR_MIN_LEN or any(ord(ch) >= 0x3000 for ch in s)
        else:
            assert codes.tolist() == [min(ord(ch), 127) for ch in folded]

"""streams.entities.spelling: one inserted, deleted or replaced letter apart."""

from __future__ import annotations

import pytest

from streams.entities.spelling import first_difference, one_edit_apart


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("yanukovych", "yanukovich", True),  # replaced
        ("lewandowski", "lewandowsk", True),  # dropped at the end
        ("rousseff", "rouseff", True),  # dropped inside
        ("borna", "borno", True),
        ("venice", "venice", False),  # the same
        ("venice", "venise!", False),  # two edits
        ("tymoshenko", "timoshenka", False),
        ("ab", "ba", False),  # a swap is two edits
    ],
)
def test_one_edit_apart(a: str, b: str, expected: bool) -> None:
    assert one_edit_apart(a, b) is expected
    assert one_edit_apart(b, a) is expected


def test_first_difference() -> None:
    assert first_difference("merkel", "merkle") == 4
    assert first_difference("merkel", "merkel") == 6
    assert first_difference("merk", "merkel") == 4

"""Finding a table of names in a text fast: one regex nested as a trie, tried only where numpy says a
name can open. Used by the gazetteer (:mod:`streams.entities.gazetteer`), one finder per language."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

from streams.entities.spans import fold

E = TypeVar("E")  # what a name stands for (the gazetteer's entry)

# Where a name may start and end in a text: not inside a word, unless OCR glued it to the word
# before or after at a line join, a capital right after a lower-case letter ("deSerbie", "FranceOn")
# or after a figure of a table ("547.888France"), or a name in capitals before a word ("ASIESingapore",
# "PARISdu").
NAME_OPENS = r"(?:(?<![\w-])|(?<=[a-z0-9])(?=[A-Z]))"
NAME_ENDS = r"(?:(?![\w-])|(?<=[a-z])(?=[A-Z])|(?<=[A-Z]{2})(?=[A-Z][a-z]|[a-z]))"


def name_pattern(name: str) -> str:
    """Regex for a folded name tolerant of spacing around hyphens/apostrophes and of missing dots."""
    parts = []
    for ch in fold(name):
        if ch == "-":
            parts.append(r"\s?-\s?")
        elif ch == "'":
            parts.append(r"\s?'\s?")
        elif ch == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def compile_names(names: Iterable[str]) -> re.Pattern[str]:
    """One regex finding any of ``names``, leftmost and, among names starting there, longest first.

    A flat alternation of ~10k names made ``re`` try every name at every position of the text
    (2.6 ms per article). The names are nested by their leading letters and digits instead, a trie
    ("N(?:i(?:ger(?:ia|)|...)|...)"), so that a position is only tried against the names it can
    start: same matches, many times faster. At each node the names left go to one branch per next
    letter or digit, the rest (the name ends there, or goes on with a space, hyphen, apostrophe or
    punctuation) to a last branch. Two branches cannot both match at one position (a letter or digit
    is neither a space, a punctuation mark nor the boundary after a name), and within a branch the
    order is the flat one (longest pattern first), so the match is the one the flat alternation
    found. Nesting past the first character: 0.072 -> 0.063 ms per text on the bench corpus.

    The leading lookahead on the first characters lets every other position fail on one set test
    before the lookbehind and the branches: 0.111 -> 0.086 ms per article on the bench corpus.
    Without patterns with no first letter or digit (none today), it cannot apply."""
    alternatives = sorted({name_pattern(n) for n in names}, key=len, reverse=True)
    firsts = {alt[:1] if alt[:1].isalnum() else "" for alt in alternatives}  # already folded by name_pattern
    lookahead = "" if "" in firsts else "(?=[" + "".join(re.escape(f) for f in firsts) + "])"
    return re.compile(lookahead + NAME_OPENS + _nested(alternatives) + NAME_ENDS)


def _nested(alternatives: list[str]) -> str:
    """The alternation of ``alternatives`` (name patterns, in order) as a trie on leading letters and digits."""
    by_first: dict[str, list[str]] = {}
    rest: list[str] = []  # empty, or not opening with a letter or digit (an escape, a class, punctuation)
    for alt in alternatives:
        if alt[:1].isalnum():
            by_first.setdefault(alt[0], []).append(alt[1:])
        else:
            rest.append(alt)
    branches = [first + (tails[0] if len(tails) == 1 else _nested(tails)) for first, tails in by_first.items()]
    return "(?:" + "|".join(branches + rest) + ")"


# Per folded character code clipped to 127 (any non-ASCII character): whether a name may start right
# after it, as the lookbehind (?<![\w-]) lets it.
_OPENS_AFTER = np.array([not (chr(i).isalnum() or chr(i) in "_-") for i in range(127)] + [True])
_OPENS_AFTER.flags.writeable = False
# Or glued to the word before, a capital after a lower-case letter or a digit: OCR joins words at
# line ends ("deSerbie", "laFrance", "avecLondres", "547.888France"), where no name of a table starts
# inside a word.
_GLUED_BEFORE = np.array([97 <= i <= 122 or 48 <= i <= 57 for i in range(128)])  # a-z, 0-9
_UPPER = np.array([65 <= i <= 90 for i in range(128)])
_GLUED_BEFORE.flags.writeable = _UPPER.flags.writeable = False
_ASCII_SPACES = [i for i in range(128) if chr(i).isspace()]  # what \s matches below 128
# Below this length re's scan of the whole text costs less than numpy's passes (break-even measured
# at 300-500 characters): titles and short texts go through re alone.
SCAN_MIN_LEN = 400
_FLEXIBLE = " -'"  # name characters name_pattern lets spaces stand for or surround (\s+, \s?-\s?, \s?'\s?)


def _could_be(ch: str) -> list[int]:
    """The codes (clipped to 127) a text character matched by the pattern of name character ``ch`` can have."""
    code = min(ord(ch), 127)
    return [code, *_ASCII_SPACES, 127] if ch in _FLEXIBLE else [code]


def _openings(folded_names: Iterable[str]) -> npt.NDArray[np.bool_] | None:
    """Which three folded characters (codes clipped to 127) a name can open with, as a flat 128 x 128
    x 128 table; None when a name opens with other than a letter or digit.

    2 MB per finder (a handful: one per language with name tables, one for all others). Two
    characters only (a 16 kB table) let through twice as many positions, "Le ", "La ", "Il "...:
    8 us more per article than the third character costs."""
    table = np.zeros((128, 128, 128), dtype=bool)
    for name in folded_names:
        if len(name) < 2 or not name[0].isalnum():
            return None
        first = min(ord(name[0]), 127)
        if name[1] in _FLEXIBLE:
            table[first, _could_be(name[1]), :] = True  # spaces may follow: any third character
        elif len(name) == 2:
            table[first, min(ord(name[1]), 127), :] = True  # the third is the one after the name
        else:
            table[first, min(ord(name[1]), 127), _could_be(name[2])] = True
    flat = table.ravel()
    flat.flags.writeable = False
    return flat


class NameFinder(Generic[E]):
    """The names searched in the texts of one language (or of every language without name tables):
    their regex, the characters they open with and the entry each names."""

    __slots__ = ("entries", "openings", "pattern")

    def __init__(self, names: set[str], entry_of: Callable[[str], E | None]) -> None:
        self.pattern = compile_names(names)
        folded = [fold(n) for n in names]
        self.openings = _openings(folded)
        # A match is nearly always a name verbatim (folded): its entry is looked up once, here, not
        # for every match through folded_key and the tables (2.3 -> 0.1 us a match).
        self.entries = {name: entry_of(name) for name in folded}

    def matches(self, folded: str, codes: npt.NDArray[np.uint32] | None) -> list[re.Match[str]]:
        """The matches of the pattern in a folded text, as ``pattern.finditer(folded)`` finds them.

        With ``codes`` (:func:`fold_codes`): re's scan tries the pattern at every position of the
        text, ~25 ns each. Numpy sorts out in a few passes the positions where a name can open (three
        characters some name opens with, after a character the lookbehind lets through: about 1 in
        150), and the pattern is only matched there: 0.065 -> 0.026 ms per text on the bench corpus."""
        if codes is None or self.openings is None:
            return list(self.pattern.finditer(folded))
        heads = codes[:-2]
        opens = self.openings.take((heads << 14) | (codes[1:-1] << 7) | codes[2:])
        before = heads[:-1]
        opens[1:] &= _OPENS_AFTER.take(before) | (_GLUED_BEFORE.take(before) & _UPPER.take(heads[1:]))
        starts = np.flatnonzero(opens).tolist()
        starts.append(len(folded) - 2)  # the last two characters, without a third to look up: tried anyway
        found: list[re.Match[str]] = []
        end = 0
        match = self.pattern.match
        for pos in starts:
            if pos >= end and (m := match(folded, pos)) is not None:
                found.append(m)
                end = m.end()
        return found

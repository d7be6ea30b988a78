"""A person's surname spelt another way in another article.

News spells a foreign surname several ways ("Viktor Yanukovych" / "Viktor Yanukovich", "Yulia
Tymoshenko" / "Yulia Timoshenko") and mistypes one now and then ("Robert Lewandowksi", "Dilma
Rouseff"). The registry keys people by their surname, which such a spelling misses; it also keys
them by their first given name (:func:`given_key`), and :func:`respelt` picks, among the people of
that given name, those whose name is the new one with the surname one letter off: a letter
replaced, added or dropped, or two letters swapped, the first letter the same, five letters or more
(shorter surnames are other people as often: "Lee" / "Lea"); every given name the same.

A name transliterated another way differs in its vowels rather than in one letter ("Abed Rabbo
Mansour Hadi" / "Abd Rabbu Mansur Hadi", "Mohamed Yunus" / "Mohammad Yunus", "Mesut Özil" / "Mesut
Oezil"): :func:`transliterated` finds the people of the window named with as many words, each with
the same consonants in the same order, the same first letter and the same last letter (a final
vowel may change but into no "a" or "e": "Daniel" / "Daniela", "Mario" / "Maria" are two people),
and at least one word longer or shorter ("Dan" / "Don" are two names), or the same words around a
hyphen ("Abed-Rabbo"); a regnal number stays as it is ("Charles XI" / "Charles XII").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from streams.entities.forms import name_key, person_tokens
from streams.entities.merge import PARTICLES
from streams.entities.spelling import first_difference, one_edit_apart

Candidate = tuple[str, str]  # (entity id, display name)
SURNAME_MIN = 5


def given_key(name: str) -> str | None:
    """The key of a full person name's first given name ("viktor" of "Viktor Yanukovych"), None for
    a name of one word."""
    keys = _keys(name)
    return keys[0] if len(keys) >= 2 else None


def respelt(name: str, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The ``candidates`` whose full name is ``name`` with its surname spelt one letter off (module doc)."""
    keys = _keys(name)
    if len(keys) < 2:
        return []
    found = []
    for candidate in candidates:
        other = _keys(candidate[1])
        if other[:-1] == keys[:-1] and other[-1] != keys[-1] and _one_letter_off(other[-1], keys[-1]):
            found.append(candidate)
    return found


def transliterated(name: str, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The ``candidates`` (people named in full) whose name is ``name`` transliterated another way
    (module doc), each id once."""
    words = _words(name)
    if len(words) < 2:
        return []
    found: dict[str, Candidate] = {}
    for candidate in candidates:
        other = _words(candidate[1])
        if len(other) != len(words) or not all(_same_consonants(a, b) for a, b in zip(words, other, strict=True)):
            continue
        if other == words or any(len(a) != len(b) for a, b in zip(words, other, strict=True)):
            found.setdefault(candidate[0], candidate)
    return list(found.values())


_VOWELS = frozenset("aeiouy")
_NOT_LETTERS = re.compile(r"[^a-z]+")
_VOWEL_RUN = re.compile(r"[aeiouy]+")
_DOUBLED = re.compile(r"(.)\1+")
_NUMERAL = re.compile(r"[ivxlcdm]+")  # a regnal number ("Charles XI", "Charles XII"): as it is written


@lru_cache(maxsize=8192)
def _words(name: str) -> tuple[str, ...]:
    """A person's name as its words folded to their letters, a hyphen separating two words."""
    words = (_NOT_LETTERS.sub("", w) for k in _keys(name) for w in k.split("-"))
    return tuple(w for w in words if w)


def _same_consonants(a: str, b: str) -> bool:
    if a == b:
        return True
    if a[0] != b[0] or _NUMERAL.fullmatch(a) or _NUMERAL.fullmatch(b) or _skeleton(a) != _skeleton(b):
        return False
    return a[-1] == b[-1] or (a[-1] in _VOWELS and b[-1] in _VOWELS and not {a[-1], b[-1]} & {"a", "e"})


def _skeleton(word: str) -> str:
    """A word's consonants, doubled letters once ("mohammad" -> "mhmd")."""
    return _DOUBLED.sub(r"\1", _VOWEL_RUN.sub("", word))


@lru_cache(maxsize=8192)  # the window's names recur: each is read from the store for every lookup
def _keys(name: str) -> tuple[str, ...]:
    return tuple(k for k in (name_key(t) for t in person_tokens(name)) if k and k not in PARTICLES)


def _one_letter_off(a: str, b: str) -> bool:
    """Whether two surnames of five letters or more with one first letter differ by one letter
    replaced, added or dropped, or by two letters side by side swapped."""
    if min(len(a), len(b)) < SURNAME_MIN or a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    if a == b or one_edit_apart(a, b):
        return True
    i = first_difference(a, b)
    return len(a) == len(b) and a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]

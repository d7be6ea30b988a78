"""A person's surname spelt another way in another article.

News spells a foreign surname several ways ("Viktor Yanukovych" / "Viktor Yanukovich", "Yulia
Tymoshenko" / "Yulia Timoshenko") and mistypes one now and then ("Robert Lewandowksi", "Dilma
Rouseff"). The registry keys people by their surname, which such a spelling misses; it also keys
them by their first given name (:func:`given_key`), and :func:`respelt` picks, among the people of
that given name, those whose name is the new one with the surname one letter off: a letter
replaced, added or dropped, or two letters swapped, the first letter the same, five letters or more
(shorter surnames are other people as often: "Lee" / "Lea"); every given name the same.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def _keys(name: str) -> list[str]:
    return [k for k in (name_key(t) for t in person_tokens(name)) if k and k not in PARTICLES]


def _one_letter_off(a: str, b: str) -> bool:
    """Whether two surnames of five letters or more with one first letter differ by one letter
    replaced, added or dropped, or by two letters side by side swapped."""
    if min(len(a), len(b)) < SURNAME_MIN or a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    if a == b or one_edit_apart(a, b):
        return True
    i = first_difference(a, b)
    return len(a) == len(b) and a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]

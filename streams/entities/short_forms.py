"""Which of several organisations a one-word short form stands for.

A one-word name two organisations of the window share ("Bayern": "Bayern Munich" and a radio station
"Antenne Bayern") is left unlinked unless one of them is named by the word alone
(:func:`named_by_the_word`) or is the word and the name of a place after it:
a club or a company named by its own word and its town ("Bayern Munich", "Hertha Berlin", "Werder
Bremen") goes by that word alone, while another name that holds the word has a word of its own before
it ("Antenne Bayern"). Two names that open with the word ("Borussia Dortmund", "Borussia
Mönchengladbach") leave it unlinked.
"""

from __future__ import annotations

from collections.abc import Sequence

from streams.entities.forms import FUNCTION_WORDS, GENERIC_WORDS, name_key, name_tokens
from streams.entities.institutions import INSTITUTION_WORDS
from streams.entities.registry_store import Candidate, Lookup


def the_one_named_by(candidates: Sequence[Candidate], word: str, places: Lookup) -> list[Candidate]:
    """Of several organisations a one-word short form may stand for, the one it names (module doc),
    when exactly one is; else none."""
    found = named_by_the_word(candidates, word)
    if found:
        return found
    opened = [c for c in candidates if _first_word(c[1]) == word]
    if len(opened) != 1:  # "Borussia": "Borussia Dortmund" and "Borussia Mönchengladbach"
        return []
    tokens = [name_key(t) for t in name_tokens(opened[0][1])]
    return opened if len(tokens) == 2 and bool(places(tokens[1])) else []


def _first_word(name: str) -> str:
    tokens = name_tokens(name)
    return name_key(tokens[0]) if tokens else ""


def named_by_the_word(candidates: Sequence[tuple[str, str]], word: str) -> list[tuple[str, str]]:
    """Of several (id, name) organisations a one-word name may stand for, the one it names with
    generic words alone ("Kaiserslautern": "FC Kaiserslautern", not "Credit Kaiserslautern"; "Ajax":
    "Ajax", not "Ajax Amsterdam"), the shortest of them ("Schalke 04", not "Group F. Schalke" from a results
    table), when exactly one is: another distinctive word makes the others other organisations, or
    names the tagger ran together. Generic and institution words are left to the article's context
    ("Congress": see :func:`~streams.entities.institutions.qualify_institutions`)."""
    if word in GENERIC_WORDS or word in INSTITUTION_WORDS:
        return []
    found = [c for c in candidates if _only_generic_besides(c[1], word)]
    if len(found) > 1:
        lengths = [len(name_tokens(c[1])) for c in found]
        found = [c for c, n in zip(found, lengths, strict=True) if n == min(lengths)]
    return found if len(found) == 1 else []


def _only_generic_besides(name: str, word: str) -> bool:
    """Whether ``word`` is a word of ``name`` and its other words are generic words, function words,
    numbers or single letters ("Schalke 04", "FC Kaiserslautern", "1. FC Köln")."""
    keys = [name_key(t).replace(".", "") for t in name_tokens(name)]
    others = [k for k in keys if k != word]
    return len(others) < len(keys) and all(
        k in GENERIC_WORDS or k in FUNCTION_WORDS or k.isdigit() or (len(k) == 1 and k.isalpha()) for k in others
    )

"""Which of several organisations a one-word short form stands for.

A one-word name two organisations of the window share ("Bayern": "Bayern Munich" and a radio station
"Antenne Bayern") is left unlinked unless one of them is named by the word alone
(:func:`~streams.entities.forms.named_by_the_word`) or is the word and the name of a place after it:
a club or a company named by its own word and its town ("Bayern Munich", "Hertha Berlin", "Werder
Bremen") goes by that word alone, while another name that holds the word has a word of its own before
it ("Antenne Bayern"). Two names that open with the word ("Borussia Dortmund", "Borussia
Mönchengladbach") leave it unlinked.
"""

from __future__ import annotations

from collections.abc import Sequence

from streams.entities.forms import name_key, name_tokens, named_by_the_word
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

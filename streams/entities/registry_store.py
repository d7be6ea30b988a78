"""How the entity registry keeps its registrations in its store: one string per key, plain and
compact, so that a Faust table and its changelog hold it as they hold any value (see
:mod:`streams.entities.registry`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from streams.entities.forms import Forms, short_person_key
from streams.records import Entity

# The prefix of a key says which form of a name it holds.
FULL = "n:"  # full names (two words or more)
SURNAME = "p:"  # people's surnames (full names', and surnames seen alone)
ACRONYM = "a:"  # acronyms (given in parentheses, seen alone, or spelt by initials)
WORD = "w:"  # organisations' distinctive words
SINGLE = "s:"  # one-word names, in the singular
THING = "t:"  # names made of one word and words of its kind ("Atlantic Ocean", "Soviet Union")
PLACE = "k:"  # one-word names of knowledge-base places as articles write them ("Pologne")
GIVEN = "g:"  # people's first given names, for surnames spelt another way (.respelt)
KINDS = (FULL, SURNAME, ACRONYM, WORD, SINGLE, THING, PLACE, GIVEN)


@dataclass(frozen=True, slots=True)
class Registration:
    """One id under a registry key: when it was last seen, its display name, whether the key is an
    acronym its initials only spell."""

    ts: int
    name: str
    guessed: bool = False


Candidate = tuple[str, str]  # (entity id, display name) registered under a key
Candidates = list[Candidate]
# A name key -> (entity id, display name) of each entity the window (or the knowledge base) holds under it.
Lookup = Callable[[str], Candidates]


class NameLookups(NamedTuple):
    """The window's names by key, as the article-level rules look them up (:mod:`.known_names`)."""

    full_names: Callable[[str], Candidates]
    one_words: Callable[[str], Candidates]
    places: Callable[[str], Candidates]
    surnames: Callable[[str], Candidates]


def encode(entries: dict[str, Registration]) -> str:
    """A key's registrations as one string, ``ts<TAB>guessed<TAB>id<TAB>name`` lines: a str per key
    holds a third of the memory of a dict of lists (the store is kept whole in memory)."""
    return "\n".join(f"{r.ts}\t{int(r.guessed)}\t{i}\t{_clean(r.name)}" for i, r in entries.items())


def decode(value: Any) -> dict[str, Registration]:
    """The registrations :func:`encode` wrote; a malformed value or line reads as none."""
    entries: dict[str, Registration] = {}
    if not isinstance(value, str):
        return entries
    for line in value.split("\n"):
        parts = line.split("\t", 3)
        if len(parts) == 4 and parts[0].lstrip("-").isdigit():
            entries[parts[2]] = Registration(int(parts[0]), parts[3], parts[1] == "1")
    return entries


def _clean(name: str) -> str:
    return " ".join(name.split())  # no tab or newline inside a field


def other_number(key: str) -> str:
    """"nazis" -> "nazi", "nazi" -> "nazis": the key of the word in the other number."""
    return key[:-1] if key.endswith("s") else key + "s"


def short_key(entity: Entity, f: Forms) -> str | None:
    """The key a one-word form is looked up under: its acronym, a person's surname, an
    organisation's word (acronyms: see the registry's ``_acronym_candidates``)."""
    if f.acronym is not None:
        return ACRONYM + f.acronym
    if entity.label == "PER":
        key = short_person_key(entity.name)
        return SURNAME + key if key else None
    return WORD + f.full if entity.label == "ORG" else None

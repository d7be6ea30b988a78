"""Acronyms that are not the initials of their name ("VW" for "Volkswagen", "Fed" for "Federal
Reserve"), and one acronym given to two wordings of a name.

An acronym and a name of the same article are one organisation when the acronym is a short form of
the name after Schwartz and Hearst (2003, "A simple algorithm for identifying abbreviation
definitions in biomedical text"): every letter of the acronym is found in the name in order, its
first letter opening the name's first word; stricter here, each other letter opens a word or comes
after the letter before it in the same word (:func:`short_form_of`). Only where exactly one of the
article's organisations matches, the acronym is none of the name's words ("DW News" is no
expansion of "DW"), and no knowledge base knows the acronym ("EU" is never "Europeans").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from streams.entities.forms import FUNCTION_WORDS, GENERIC_WORDS, Forms, is_acronym, name_key, name_tokens, singular_key
from streams.records import Entity


class Expansion(NamedTuple):
    """An acronym of an article and the one name of it the acronym is a short form of, and the id
    (with its display name) the window knew the acronym alone by, which the pair then takes."""

    acronym: Entity
    key: str  # the acronym's key (forms.Forms.acronym)
    name: Entity
    known: tuple[str, str] | None


def same_head(name: str, other: str) -> bool:
    """Whether two names of two words or more open with the same word ("German Football ...")."""
    a, b = name_tokens(name), name_tokens(other)
    return len(a) >= 2 and len(b) >= 2 and name_key(a[0]) == name_key(b[0])


def wording_key(name: str) -> str | None:
    """A name other than a person's by its words alone, function words left out, each word in the
    singular, in any order: "Party of the Regions" and "Party of Regions", "Federation of German
    Industry" and "... Industries", "University of Göttingen" and "Göttingen University", one key.
    Three words or more, or two of which one is generic; None otherwise (two words of one kind name
    too many things: "Human Rights", "National Assembly")."""
    keys = [name_key(t) for t in name_tokens(name)]
    words = [_singular(k) for k in keys if k not in FUNCTION_WORDS]
    generic = sum(w in GENERIC_WORDS for w in words)
    if len(words) >= 3 or (len(words) == 2 and generic == 1):
        return " ".join(sorted(words))
    return None


def _singular(key: str) -> str:
    return key[:-3] + "y" if key.endswith("ies") and len(key) > 5 else singular_key(key)


def short_form_of(acronym: str, name: str) -> bool:
    """Whether the letters of ``acronym`` are found in order in ``name``'s words other than function
    words, the first opening the first word, each other one opening a word or in the word of the
    letter before it ("VW" in "Volkswagen", "Fed" in "Federal Reserve", "DFG" in "Deutsche
    Forschungsgemeinschaft"; not "DW" in "Golden Dawn", "PTI" in "Pakistan Muslim League")."""
    letters = "".join(c for c in acronym.lower() if c.isalnum())
    tokens = [t.lower() for t in name_tokens(name) if name_key(t) not in FUNCTION_WORDS]
    if len(letters) < 2 or not tokens or tokens[0][:1] != letters[0]:
        return False
    return _spelt(letters[1:], tokens, 0, 1)


def _spelt(letters: str, tokens: list[str], word: int, at: int) -> bool:
    """Whether ``letters`` are found from ``tokens[word][at:]`` on, as :func:`short_form_of` says."""
    if not letters:
        return True
    inside = tokens[word].find(letters[0], at)
    if inside >= 0 and _spelt(letters[1:], tokens, word, inside + 1):
        return True
    return any(
        tokens[later][:1] == letters[0] and _spelt(letters[1:], tokens, later, 1)
        for later in range(word + 1, len(tokens))
    )


def expansions_in_article(named: Sequence[tuple[Entity, Forms]]) -> list[tuple[Entity, str, Entity]]:
    """(acronym, its key, name) triples of an article's organisations (with their forms) that are one (module
    doc): the acronym is not linked to a knowledge base, the name is not an acronym, holds no word
    the acronym opens ("NBCUniversal", "SEKs") and has no initials another acronym of the article
    spells ("National Oceanic and Atmospheric Administration" beside "NOAA" is not "NASA"), and it is
    the only one of the article's names the acronym is a short form of."""
    acronyms = {f.acronym for _e, f in named if f.acronym is not None}
    names = [
        (e, [name_key(t) for t in name_tokens(e.name)]) for e, f in named
        if e.label == "ORG" and f.acronym is None and not is_acronym(e.name) and "/" not in e.name
        and f.initials not in acronyms  # "NOAA" names "National Oceanic ...", not "NASA"
    ]
    spelt = {f.initials for _e, f in named if f.initials is not None}
    pairs: list[tuple[Entity, str, Entity]] = []
    for entity, f in named:
        acronym = f.acronym
        if acronym is None or entity.linked or entity.label != "ORG" or acronym in spelt:
            continue  # the initials of a name of the article: that name (forms.acronym_mentions)
        found = {
            e.id: e for e, keys in names
            if not any(k.startswith(acronym) for k in keys) and short_form_of(acronym, e.name)

        }
        if len(found) == 1:
            pairs.append((entity, acronym, next(iter(found.values()))))
    return pairs

"""The country a mention of a generically named institution names itself: "Germany's Foreign
Ministry" is Germany's, and "the Syrian Foreign Ministry" Syria's, whatever country the article is
mostly about. Only countries the article names count: the adjective is read as the country whose
name it begins like ("Syrian" / "Syria", "Chinese" / "China"), which a table of every demonym is
not needed for and which never picks a country the article does not name."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

from streams.entities.spans import fold
from streams.records import Entity, Mention

# "Germany's ", "Germany’s ", "the Netherlands' ": a possessive and the space before the institution.
_POSSESSIVE_GAP = re.compile(r"(?:['’]s|(?<=s)['’])\s+$")
# The capitalised word right before the institution ("Syrian Foreign Ministry").
_WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+)\s+$")
# Letters an adjective shares with the start of its country's name: "Syri", "Chin", "Iran".
ADJECTIVE_PREFIX: Final = 4


def mention_owner(
    mention: Mention, fields: Mapping[str, str], countries: Sequence[Entity]
) -> str | None:
    """The id of the country a mention is named for by the words right before it (a possessive of a
    country's mention, or an adjective beginning as a named country does), else None."""
    text = fields.get(mention.field, "")
    before = text[max(0, mention.start - 40) : mention.start]
    if not before:
        return None
    if _POSSESSIVE_GAP.search(before):
        for country in countries:
            for m in country.mentions:
                near = m.field == mention.field and mention.start - 4 <= m.end < mention.start
                if near and _POSSESSIVE_GAP.match(text, m.end, mention.start):
                    return country.id
        return None
    word = _WORD_BEFORE.search(before)
    if word is None:
        return None
    return _adjective_country(word.group(1), fields, countries)


def _adjective_country(word: str, fields: Mapping[str, str], countries: Sequence[Entity]) -> str | None:
    adjective = fold(word).lower()
    if len(adjective) <= ADJECTIVE_PREFIX:
        return None
    found: set[str] = set()
    for country in countries:
        for m in country.mentions:
            name = fold(fields.get(m.field, "")[m.start : m.end]).lower()
            if name != adjective and " " not in name and name[:ADJECTIVE_PREFIX] == adjective[:ADJECTIVE_PREFIX]:
                found.add(country.id)
    return found.pop() if len(found) == 1 else None


def qualified_by_owner(
    entity: Entity, country: str | None, fields: Mapping[str, str], countries: Sequence[Entity]
) -> list[Entity]:
    """A generic institution with its country after ``@``: the one its mentions name
    (:func:`mention_owner`), the other mentions following it, else the article's ``country``; its
    mentions split by country when they name several (the unnamed ones keep ``country``)."""
    owners = [mention_owner(m, fields, countries) for m in entity.mentions]
    named = sorted({o for o in owners if o is not None})
    base = entity.id
    if len(named) <= 1:
        owner = named[0] if named else country
        entity.id = f"{base}@{owner}" if owner is not None else base
        return [entity]
    out = []
    for owner in [*named, None]:
        mentions = [m for m, o in zip(entity.mentions, owners, strict=True) if o == owner]
        qualifier = owner or country
        if mentions:
            qualified = f"{base}@{qualifier}" if qualifier else base
            out.append(Entity(qualified, entity.name, entity.label, mentions, entity.linked, entity.linked_by))
    return out

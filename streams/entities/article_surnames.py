"""A person's surname written alone where the model did not tag it, after the article named them.

News names a person in full once ("Prime Minister Theresa May", "rapper Jahseh Onfroy") and then
by the surname alone ("May will join", "Onfroy said"). The model tags the full name and misses some
of the surnames alone, in particular surnames that are also words ("May", "Strange", "Cash").
:func:`add_untagged_surnames` gives each such surname the person's entity, when it is safe:

* one person of the article has that surname (one word), and no other entity's name holds it
  ("Hertha" of "Hertha Berlin" beside a person "Artur Hertha");
* it is written with its capital, and the article never writes it in small letters ("cash");
* it is no part of a longer name: no capitalised word right after it, none right before it but a
  title ("Prime Minister May", not "Cherie Blair" beside "Tony Blair");
* a surname that is a month is not a date ("in May", "May 3").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from streams.entities.forms import MENTION_FIELDS, forms, name_key
from streams.entities.known_names import in_lower_case
from streams.entities.merge import mention_order
from streams.entities.spans import words
from streams.records import Entity, Mention

# Words before a surname that leave it alone: titles and offices ("Prime Minister May").
_TITLES = words(
    """
    Mr Mrs Ms Dr Prof Minister President Chancellor Senator Governor Mayor Judge Secretary Premier
    Speaker Chairman Chairwoman Coach Rep Sen Gov General Gen Captain Capt Colonel Col M MM Mme Mlle Mgr
    """
)
_MONTHS = words("january february march april may june july august september october november december")
# Words before a month that make it a date ("in May", "since March", "early June").
_TIME_WORDS = words("in on since until till by from of during before after early late mid last next this")
_LAST_WORD = re.compile(r"[\w.'’-]+$")
_NEXT_WORD = re.compile(r" (\S)")  # the next word, one space on (a line break ends a heading)
_SENTENCE_ENDS = frozenset('.!?:;"“”«»(•|–—')


def add_untagged_surnames(entities: Sequence[Entity], fields: Mapping[str, str]) -> None:
    """Add to each person of the article the mentions of their surname alone the model did not tag
    (module doc); the entities are changed in place."""
    people = _surnames(entities)
    if not people:
        return
    for field in MENTION_FIELDS:
        text = fields.get(field, "")
        if not text:
            continue
        taken = sorted((m.start, m.end) for e in entities for m in e.mentions if m.field == field)
        for surname, person in people.items():
            if in_lower_case(text, surname):
                continue
            for found in re.finditer(rf"(?<![\w'’-]){re.escape(surname)}(?![\w-]|['’][a-rt-z])", text):
                start, end = found.span()
                if _free(taken, start, end) and _alone(text, start, end, surname):
                    person.mentions.append(Mention(field, start, end))
        for person in people.values():
            person.mentions.sort(key=mention_order)


def _surnames(entities: Sequence[Entity]) -> dict[str, Entity]:
    """The one-word surname as written of each person named in full, shared with no other entity."""
    people: dict[str, Entity | None] = {}
    for entity in entities:
        if entity.label != "PER":
            continue
        f = forms(entity.name, "PER")
        last = entity.name.split()[-1] if entity.name.split() else ""
        if f.surname is None or name_key(last) != f.surname or not last[:1].isupper() or len(last) < 3:
            continue
        people[last] = entity if people.get(last, entity) is entity else None
    others = {
        name_key(w)
        for e in entities
        if e.name.split() and people.get(e.name.split()[-1]) is not e
        for w in e.name.split()
    }
    return {s: e for s, e in people.items() if e is not None and name_key(s) not in others}


def _free(taken: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return all(e <= start or end <= s for s, e in taken)


def _alone(text: str, start: int, end: int, surname: str) -> bool:
    """Whether the surname at ``start`` stands alone: no name around it, no date (module doc)."""
    after = _NEXT_WORD.match(text, end)
    if after is not None and after.group(1).isupper():
        return False
    before = text[max(0, start - 40) : start]
    kept = before.rstrip()
    opens = not kept or kept[-1] in _SENTENCE_ENDS or "\n" in before[len(kept) :]
    word = _LAST_WORD.search(kept)
    previous = "" if opens or word is None or len(kept) == len(before) else word.group()
    if previous[:1].isupper() and previous.rstrip(".") not in _TITLES:
        return False
    if name_key(surname) in _MONTHS:
        return not (previous.lower() in _TIME_WORDS or re.match(r"\s*\d", text[end : end + 4]))
    return True

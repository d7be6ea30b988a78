"""Words a heading or a line join ran into a person's name.

A heading set on the line before the text, or a sentence opening with a verb, puts a capitalised word
before a surname that the model takes for a given name: "Hosting Assad idea 'a joke'", "No more
excuses for Poroshenko Poroshenko forced...". Registered as a full name, such a form makes its
surname stand for two people ("Assad": Bashar al-Assad and "Hosting Assad"), and the surname alone
is then left unlinked in every later article of the window. :func:`drop_run_in_words` gives the
surname back before the registry reads the article's names; :func:`without_run_in_words` does that
and the same for the other words a name is run into.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from streams.entities.descriptors import drop_leading_descriptors, drop_leading_titles, without_first_word
from streams.entities.forms import name_key
from streams.entities.ids import name_id
from streams.entities.nested import COMPOUND_WORDS
from streams.entities.registry_store import Lookup
from streams.entities.table_names import split_run_together_names
from streams.records import Entity, Mention

# The lower-case word of a compound the model ran into a name ("Juncker-led", "Volkswagen-owned").
_COMPOUND_TAIL = re.compile(rf"(?<=[\w.'’])-(?:{COMPOUND_WORDS})$")
# A word in "-ing" ("Hosting", "Meeting", "Visiting") is a given name rarely ("Sterling", "Irving"),
# and then never written in lower case in the same article.
_GERUND = re.compile(r"[A-Z][a-z]{2,}ing")


def without_run_in_words(
    entities: Sequence[Entity],
    fields: Mapping[str, str],
    full_names: Lookup,
    one_words: Lookup,
    places: Lookup,
    surnames: Lookup | None = None,
) -> list[Entity]:
    """The article's entities with the words run into their names dropped or split off: two names a
    list ran together (:mod:`streams.entities.table_names`), a descriptor a sentence opens with and a
    person's title (:mod:`streams.entities.descriptors`), a word run into a person's name (:func:`drop_run_in_words`).
    The lookups are the window's full names, one-word names, places and people's surnames by key."""
    entities = split_run_together_names(entities, fields, full_names, one_words, places)
    drop_leading_descriptors(entities, fields, full_names)
    drop_leading_titles(entities, fields)
    drop_run_in_words(entities, fields, surnames)
    drop_compound_tails(entities, fields)
    return entities


def drop_compound_tails(entities: Sequence[Entity], fields: Mapping[str, str]) -> None:
    """Give an entity named by a compound of a name and a lower-case word ("Juncker-led", "Red
    Bull-backed", "Nazi-like") the name alone: name, id and the mentions' spans, as the knowledge
    base's names inside such compounds are mentions of their own (:mod:`streams.entities.nested`).
    Not where another entity already has a mention of the name there."""
    taken = {(m.field, m.start, m.end) for e in entities for m in e.mentions}
    for entity in entities:
        tail = _COMPOUND_TAIL.search(entity.name)
        if entity.linked or tail is None or not entity.name[:1].isupper():
            continue
        cut = [_without_tail(m, fields.get(m.field, "")) for m in entity.mentions]
        if any(c is None or (c.field, c.start, c.end) in taken for c in cut):
            continue
        entity.name = entity.name[: tail.start()]
        entity.id = name_id(entity.label, entity.name)
        entity.mentions = [c for c in cut if c is not None]


def _without_tail(mention: Mention, text: str) -> Mention | None:
    """The mention without the compound's lower-case word, None when it has none."""
    tail = _COMPOUND_TAIL.search(text[mention.start : mention.end])
    return None if tail is None else Mention(mention.field, mention.start, mention.start + tail.start())


def drop_run_in_words(entities: Sequence[Entity], fields: Mapping[str, str], surnames: Lookup | None = None) -> None:
    """Give a person named by two words, the first of them run into the name, its surname alone:
    name, id (``per:<surname>``) and the mentions' spans. The first word is run in when it is the
    surname itself ("Poroshenko Poroshenko") or a word in "-ing" the article also writes in lower
    case ("Hosting Assad" beside "the idea of Russia hosting Assad"). A name whose given name is its
    surname ("Abdullah Abdullah") is a name of its own when ``surnames`` (the window's people by
    surname key) knows no one else by that surname: a heading runs into the surname of someone the
    news already named in full ("Petro Poroshenko")."""
    for entity in entities:
        if entity.label != "PER" or entity.linked:
            continue
        tokens = entity.name.split()
        if len(tokens) != 2 or not _is_run_in(tokens[0], tokens[1], fields):
            continue
        if tokens[0] == tokens[1] and surnames is not None and not _named_otherwise(entity.name, surnames):
            continue
        surname = tokens[1]
        entity.name, entity.id = surname, name_id("PER", surname)
        entity.mentions = [without_first_word(m, fields[m.field]) for m in entity.mentions]


def _named_otherwise(doubled: str, surnames: Lookup) -> bool:
    """Whether the window knows someone by the surname of a doubled name with another full name."""
    surname = doubled.split()[1]
    return any(
        len(name.split()) >= 2 and name_key(name) != name_key(doubled) for _, name in surnames(name_key(surname))
    )


def _is_run_in(first: str, surname: str, fields: Mapping[str, str]) -> bool:
    if first == surname:
        return True
    if not _GERUND.fullmatch(first):
        return False
    lower = re.compile(rf"\b{re.escape(first.lower())}\b")
    return any(lower.search(text) for text in fields.values())

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
from streams.entities.registry_store import Lookup
from streams.entities.table_names import split_run_together_names
from streams.records import Entity

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
    return entities


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

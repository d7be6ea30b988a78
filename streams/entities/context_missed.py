"""Generic names of curated organisations the model missed, found in their context.

"Left" in "Left party floor leader Gesine Lötzsch", "the Socialists" in an article about France: a
curated organisation's generic name in its context (``context_names`` of the curated file, see
:func:`streams.entities.institutions.name_by_context`) that the model did not tag is a mention of that
organisation where it is written as a name: its words capitalised, inside a sentence (a capital
after a full stop says nothing), outside every mention of the article, and not run into another
capitalised word ("Green Bay", "Left Bank" are other names). Only where one organisation fits, as
for the names the model tagged, and of the countries only the article's main one is context.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping, Sequence

from streams.entities.ids import ARTICLE, KB
from streams.entities.institutions import context_names, generic_key, main_country, name_by_context, the_one_fitting
from streams.entities.known_names import Found, add_known_names
from streams.entities.merge import merge_same_ids
from streams.entities.spans import norm_key
from streams.records import Entity

# A run of capitalised words (apostrophes and hyphens inside them), as names are written.
_CAPITALISED = re.compile(r"(?<![\w'’&-])[A-ZÀ-Ý][\w'’-]*(?: [A-ZÀ-Ý][\w'’-]*)*(?![\w'’&-])")
# What a word opening a sentence follows: a capital there is no cue.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”«»(\n•|–—-])\s*$")


def missed_context_names(entities: Sequence[Entity], fields: Mapping[str, str]) -> list[Found]:
    """The untagged mentions of the curated organisations the article's context gives (module doc)."""
    table = context_names()
    last_words = _last_words()
    ids = {e.id for e in entities}
    # Stricter than for the names the model tagged: of the countries, the article's main one alone
    # ("francophone Socialists" in a Belgian article naming France once are not the French party).
    context = {i for i in ids if not i.startswith("iso:")} | {main_country(entities)}
    taken = {(m.field, m.start, m.end) for e in entities for m in e.mentions}
    found: list[Found] = []
    for field, text in fields.items():
        if not text:
            continue
        spans = [(s, e) for f, s, e in taken if f == field]
        for run in _CAPITALISED.finditer(text):
            start, end = run.start(), run.end()
            while end > start and text[end - 1] in "'’":
                end -= 1
            if text[end : end + 2] in ("'s", "’s") or _SENTENCE_START.search(text, max(0, start - 3), start):
                continue  # a possessive is read as a name only where the model tagged it
            if norm_key(text[max(start, text.rfind(" ", start, end) + 1) : end]) not in last_words:
                continue  # most capitalised runs: no generic name ends so (cheaper than the full key)
            fitting = the_one_fitting(table.get(generic_key(text[start:end]), ()), ids, context)
            if fitting is None or any(s < end and start < e for s, e in spans):
                continue
            found.append(Found(field, start, end, fitting.id, fitting.name))
    return found


@functools.cache
def _last_words() -> frozenset[str]:
    return frozenset(key.rsplit(" ", 1)[-1] for key in context_names())


def named_in_context(entities: list[Entity], own_acronym: Collection[int], fields: Mapping[str, str]) -> list[Entity]:
    """The article's entities with the generic names the model tagged and those it missed given the
    curated organisations their context makes them (:func:`.institutions.name_by_context`, then
    :func:`missed_context_names` in the context the names just given make)."""
    renamed = name_by_context(entities, own_acronym)
    missed = missed_context_names(entities, fields)
    if not (renamed or missed):
        return entities
    return merge_same_ids(mark_curated(add_known_names(entities, missed), missed), prefer=ARTICLE)


def mark_curated(entities: list[Entity], found: Sequence[Found]) -> list[Entity]:
    """The entities, those ``found`` named given their curated id as the knowledge base's."""
    curated = {f.entity_id for f in found}
    for entity in entities:
        if entity.id in curated:
            entity.linked, entity.linked_by = True, KB
    return entities

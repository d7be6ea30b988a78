"""Names within names: a knowledge-base name inside a longer name the model tagged ("US" in "US
Defense Department", "EU" in "EU Commission", "Allemagne" in "Allemagne du Sud"), or before the
lower-case word of a compound ("Munich" in "Munich-based", "UN" in "UN-backed"), or joined by a
hyphen to another ("EU" and "China" in "EU-China relations"), is also a mention of its own entity.

The longer name keeps its span and its entity; the inner name adds a mention, nested inside it, to
the entity of its knowledge-base id (a new entity when the article names it nowhere else). Only
whole words count (not "Asia" in "AirAsia"), and never a name inside a mention of its own entity
("Gambia" in "The Gambia"). The NER sets are flat: :mod:`streams.evaluate.ner_eval` scores the
outermost spans only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from streams.entities.forms import GENERIC_WORDS, name_key
from streams.entities.gazetteer import GazEntry
from streams.entities.ids import ARTICLE, KB, name_id
from streams.entities.institutions import ContextName, context_names, generic_key, is_institution_name
from streams.entities.merge import in_text_order, merge_same_ids
from streams.entities.spans import norm_key
from streams.records import Entity, Mention


@dataclass(frozen=True, slots=True)
class InnerName:
    """A gazetteer name found inside a longer span of one field."""

    field: str
    start: int
    end: int
    entry: GazEntry


def is_inner(text: str, start: int, end: int, outer_start: int, outer_end: int) -> bool:
    """Whether ``text[start:end]`` is a whole word or words strictly inside ``text[outer_start:outer_end]``."""
    if not (outer_start <= start and end <= outer_end) or (start, end) == (outer_start, outer_end):
        return False
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def add_inner_names(entities: list[Entity], inner: Sequence[InnerName], lang: str | None) -> list[Entity]:
    """The article's entities with a mention for each inner name still inside a mention of another
    entity (spans may have been dropped or merged since it was found)."""
    if not inner:
        return entities
    spans = [(m.field, m.start, m.end, e.id) for e in entities for m in e.mentions]
    by_id = {e.id: e for e in entities}
    added = False
    for name in inner:
        outer = [
            owner for field, s, e, owner in spans if field == name.field and s <= name.start and name.end <= e
        ]
        if not outer or name.entry.id in outer:
            continue  # no longer nested, or inside a mention of its own entity
        entity = by_id.get(name.entry.id)
        if entity is None:
            entity = Entity(name.entry.id, name.entry.display(lang), name.entry.label, [], linked=True, linked_by=KB)
            by_id[entity.id] = entity
            entities.append(entity)
        entity.mentions.append(Mention("title" if name.field == "title" else "text", name.start, name.end))
        added = True
    return in_text_order(entities) if added else entities


# A name, then a hyphen and a word saying where something is from, who is behind it or what it is
# like: "Munich-based", "New York-born", "UN-backed", "Rwanda-like", "Hong-Kong-based" (the name keeps
# its own hyphens); not "Bush-era" or "Obama-style", where the name is a person's.
COMPOUND_WORDS = (
    "based|born|bred|headquartered|registered|listed|run|led|owned|backed|funded|sponsored|supported"
    "|brokered|sanctioned|supervised|controlled|held|allied|aligned|wide|like"
)
_COMPOUND = re.compile(rf"(?<![\w-])([A-Z][\w.'’]*(?:[ -][A-Z][\w.'’]*)*)-(?:{COMPOUND_WORDS})(?![\w-])")

# Two names a hyphen joins ("EU-China relations", "the Israel-Egypt border", "Tallinn-Moscow").
_PAIR = re.compile(r"(?<![\w-])([A-Z][\w.'’]*)-([A-Z][\w.'’]*)(?![\w-])")


def compound_names(
    entities: Sequence[Entity], fields: Mapping[str, str], lookup: Callable[[str], GazEntry | None]
) -> list[InnerName]:
    """Knowledge-base names before the lower-case word of a compound inside a mention ("Munich" in
    "Munich-based"); ``lookup`` gives a name's entry."""
    found: list[InnerName] = []
    for entity in entities:
        for m in entity.mentions:
            text = fields.get(m.field, "")
            surface = text[m.start : m.end]
            if "-" not in surface:
                continue
            for c in _COMPOUND.finditer(surface):
                entry = lookup(c.group(1))
                if entry is not None:
                    found.append(InnerName(m.field, m.start + c.start(1), m.start + c.end(1), entry))
            for c in _PAIR.finditer(surface):
                # Both names known, the whole none ("Guinea-Bissau"), lest a part of one name
                # ("Saxony" of "Saxony-Anhalt") be taken for a name.
                first, second = lookup(c.group(1)), lookup(c.group(2))
                if first is None or second is None or lookup(c.group(0)) is not None:
                    continue
                found.append(InnerName(m.field, m.start + c.start(1), m.start + c.end(1), first))
                found.append(InnerName(m.field, m.start + c.start(2), m.start + c.end(2), second))
    return found


def outermost(spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans not strictly inside another one: the flat layer of the tagger's mentions."""
    return [
        (s, e, label)
        for s, e, label in spans
        if not any(os <= s and e <= oe and (os, oe) != (s, e) for os, oe, _l in spans)
    ]


# Owners whose name opens the name of one of their bodies: countries and curated organisations ("UN
# Security Council", "US Congress"). Not cities: their names open names of other things ("New York
# Times", "Manchester United").
_OWNER_PREFIXES = ("iso:", "org:")


def bodies_of_known_names(entities: list[Entity], fields: Mapping[str, str]) -> list[Entity]:
    """The article's entities where an organisation's name opens with a knowledge-base name nested in
    it ("UN Security Council", "US Congress"; see :func:`add_inner_names`) and goes on with a
    capitalised rest of several words, or of one word of institutions ("Congress", "Commission"; not
    "Daily" of "China Daily"): the rest is a mention of the whole name's entity, which news names by
    the rest alone as often ("the Security Council", "Congress"). Its id becomes the rest's, so that every
    way of naming the owner names one body ("UN Security Council", "United Nations Security Council"
    -> ``org:security-council``): a curated organisation the rest names in the owner's context is
    it ("US Democratic Party"); a country's generic institution takes the country after ``@`` as
    :func:`~streams.entities.institutions.qualify_institutions` gives it (``org:congress@iso:US``); another
    rest of two words or more its name id; a one-word rest ("EU Commission") keeps the whole name's,
    left to the names in context, and a body the curated file lists keeps its id. Other
    organisations of the article named by the rest alone join it."""
    starts: dict[tuple[str, int], tuple[Entity, int]] = {
        (m.field, m.start): (e, m.end)
        for e in entities
        if e.linked and e.id.startswith(_OWNER_PREFIXES)
        for m in e.mentions
    }
    if not starts:
        return entities
    renamed: dict[str, Entity] = {}  # rest name key -> the entity it names
    added = False
    for entity in entities:
        if entity.label != "ORG":
            continue
        rest = _add_rest_mentions(entity, starts, fields)
        added = added or rest is not None
        if rest is None or entity.linked:
            continue  # a listed body keeps its id ("UN Security Council")
        rest_name, owner = rest
        known = _known_body(rest_name, owner)
        if known is not None:  # the label stays the model's, as for every name within names
            entity.id, entity.linked, entity.linked_by = known.id, True, KB
        elif owner.startswith("iso:") and is_institution_name(rest_name):
            entity.id = f"{name_id('ORG', rest_name)}@{owner}"
            entity.linked, entity.linked_by = True, ARTICLE
        elif len(rest_name.split()) >= 2:
            entity.id = name_id(entity.label, rest_name)
        else:
            continue
        entity.name = rest_name
        renamed.setdefault(norm_key(rest_name), entity)
    if not added:
        return entities
    for entity in entities:
        body = renamed.get(norm_key(entity.name))
        if body is not None and body is not entity and not entity.linked and entity.label == body.label:
            entity.id, entity.linked, entity.linked_by = body.id, body.linked, body.linked_by
    return in_text_order(merge_same_ids(entities))


def _known_body(rest: str, owner: str) -> ContextName | None:
    """The curated organisation the rest names where its owner is the context ("Germany Social
    Democratic Party" is the SPD, "US Democratic Party" the Democrats): see the names in context."""
    fitting = [o for o in context_names().get(generic_key(rest), ()) if owner in o.context]
    return fitting[0] if len(fitting) == 1 else None


def _add_rest_mentions(
    entity: Entity, starts: Mapping[tuple[str, int], tuple[Entity, int]], fields: Mapping[str, str]
) -> tuple[str, str] | None:
    """Add to ``entity`` the rest of each of its mentions a knowledge-base name opens; the first
    rest's surface and the owner's id, None when no mention has one."""
    first: tuple[str, str] | None = None
    for m in list(entity.mentions):
        found = starts.get((m.field, m.start))
        if found is None or found[0] is entity:
            continue
        owner, inner_end = found
        text = fields.get(m.field, "")
        if not (inner_end + 1 < m.end and text[inner_end] == " " and text[inner_end + 1].isupper()):
            continue
        if (m.field, inner_end + 1) in starts:
            continue  # two owners in a row ("EU Germany"): a list, not one body
        rest = text[inner_end + 1 : m.end]
        if len(rest.split()) == 1 and not (is_institution_name(rest) or name_key(rest) in GENERIC_WORDS):
            continue  # a word that names nothing alone: "Daily" of "China Daily", "Open" of "US Open"
        entity.mentions.append(Mention(m.field, inner_end + 1, m.end))
        if first is None:
            first = (rest, owner.id)
    return first

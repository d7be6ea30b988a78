"""Two names a results table or a fixture list runs together, split back.

A table writes teams side by side with nothing but a space between them ("Hertha Berlin Wolfsburg",
"Hamburg Werder Bremen vs. Cologne"), and the model tags the two as one organisation.
:func:`split_run_together_names` splits such a span where both parts are names the article or the
window knows on their own, at least one of them a full name of two words or more, the span as written
is not a name the window knows, and the span stands in a list (a figure, a dash, "vs.", a comma or
a line's end on either side of it). Two one-word names are never split: "Bayern Munich" and "Bayer
Leverkusen" are names of their own although "Bayern", "Bayer" and "Munich" are known alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from streams.entities.forms import name_key
from streams.entities.ids import name_id
from streams.entities.registry_store import Lookup
from streams.records import Entity, Mention

_LIST_AFTER = re.compile(r"[ \t]*(?:vs?\.|[-–—:,\d]|\n|$)")
_LIST_BEFORE = re.compile(r"(?:vs?\.|[-–—:,\d]|\n|^)[ \t]*$")
_SPLIT_LABELS = ("ORG", "LOC")


def split_run_together_names(
    entities: Sequence[Entity], fields: Mapping[str, str], full_names: Lookup, one_words: Lookup, places: Lookup
) -> list[Entity]:
    """The article's entities with each span of two names a list ran together (module doc) split into
    its two names, each an entity of its own (id by name: the registry resolves it after)."""
    article = {name_key(e.name): e.label for e in entities if e.label in _SPLIT_LABELS}

    def known(name: str) -> bool:
        key = name_key(name)
        if key in article:
            return True
        if " " in name:
            return bool(full_names(key))
        return bool(one_words(key) or places(key))

    out: list[Entity] = []
    for entity in entities:
        cut = _cut(entity, fields, known, full_names)
        if cut is None:
            out.append(entity)
            continue
        left, right = entity.name[:cut], entity.name[cut + 1 :]
        for part, offset in ((left, 0), (right, cut + 1)):
            label = article.get(name_key(part), entity.label)
            mentions = [Mention(m.field, m.start + offset, m.start + offset + len(part)) for m in entity.mentions]
            out.append(Entity(name_id(label, part), part, label, mentions))
    return out


def _cut(entity: Entity, fields: Mapping[str, str], known: Callable[[str], bool], full_names: Lookup) -> int | None:
    """Where the entity's name splits into two known names (the space between them), if at one place."""
    name = entity.name
    if entity.linked or entity.label not in _SPLIT_LABELS or name.count(" ") < 2 or full_names(name_key(name)):
        return None
    for m in entity.mentions:
        text = fields.get(m.field, "")
        if text[m.start : m.end] != name:
            return None
        if not (_LIST_AFTER.match(text, m.end) and _LIST_BEFORE.search(text, max(0, m.start - 20), m.start)):
            return None
    cuts = [i for i, ch in enumerate(name) if ch == " " and known(name[:i]) and known(name[i + 1 :])]
    return cuts[0] if len(cuts) == 1 else None

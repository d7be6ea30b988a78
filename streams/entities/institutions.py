"""National institutions named generically, and generic names of curated organisations.

A name such as "Foreign Ministry" or "Congress" names a different body in each country:
:func:`qualify_institutions` gives it the country the article names most, after the registry. A
generic name the curated file gives an organisation in a context ("Social Democrats" in Germany,
"Commission" beside the EU) takes that organisation's id first (:func:`name_by_context`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from importlib import resources
from typing import Any

import orjson

from streams.entities.gazetteer import LEADING_ARTICLES
from streams.entities.ids import KB
from streams.entities.merge import mention_order, merge_same_ids
from streams.entities.owners import qualified_by_owner
from streams.entities.spans import fold, norm_key, words
from streams.records import Entity

_WORD = re.compile(r"[^\W\d_][\w'-]*")


# Words of the names every state gives its own institutions ("Foreign Ministry", "Supreme Court",
# "Congress", "Social Democratic Party"): such a name alone names a different body in each country.
# Supranational bodies' heads ("Commission", "Council") are left out: in news they are the EU's.
INSTITUTION_WORDS = words(
    """
    ministry ministries department foreign interior home defense defence justice finance economy
    economic health education labor labour transport environment agriculture trade affairs internal
    court supreme constitutional administrative federal high upper lower house senate congress
    parliament cabinet government police army navy state national of the and for
    assembly treasury bureau statistics
    party democratic democrats democrat social socialist socialists communist communists republican
    republicans liberal liberals conservative conservatives christian green greens left labour
    people's peoples
    ministere ministre affaires etrangeres interieur defense justice finances sante education travail
    cour supreme constitutionnelle senat chambre congres parlement gouvernement armee police etat nationale
    assemblee tresor bureau statistique statistiques
    parti democrate democrates socialiste socialistes communiste republicain republicains liberal
    conservateur verts gauche droite de la du des le les l d et pour
    """
)


def qualify_institutions(entities: list[Entity], fields: Mapping[str, str] | None = None) -> list[Entity]:
    """Give a national institution named generically its article's country: ``org:foreign-ministry``
    in an article mostly about China is ``org:foreign-ministry@iso:CN``. The article's country is
    the country with most mentions in it (ties: the first named); with none, the id stays. A
    mention the words before name for a country the article names ("Germany's Foreign Ministry",
    "the Syrian Foreign Ministry", :mod:`~streams.entities.owners`) is that country's: its entity's
    other mentions follow it when they name no other country, else they keep the article's."""
    generic = {id(e) for e in entities if _is_generic_institution(e)}
    if not generic:
        return entities
    country = main_country(entities)
    countries = [e for e in entities if e.id.startswith("iso:")]
    out: list[Entity] = []
    for entity in entities:
        out.extend(qualified_by_owner(entity, country, fields or {}, countries) if id(entity) in generic else [entity])
    if len(out) == len(entities):
        return out
    return merge_same_ids(sorted(out, key=lambda e: min(mention_order(m) for m in e.mentions)))


def main_country(entities: Sequence[Entity]) -> str | None:
    """The id of the country the article names most (ties: the first named), None without one."""
    countries = [e for e in entities if e.id.startswith("iso:")]
    # The most named, ties to the first: requiring a clear lead (twice the next) measured no better.
    return max(countries, key=lambda e: len(e.mentions)).id if countries else None


def name_by_context(entities: Sequence[Entity], own_acronym: Collection[int] = ()) -> bool:
    """Give a generic name the curated organisation it stands for in the article's context
    (``context_names`` of the curated file): "Social Democrats" in an article about Germany, or
    beside "SPD", is ``org:spd``; "Commission" beside the EU is ``org:european-commission``. Only
    when one organisation fits: the one the article also names by its own name, else the one whose
    context (the article's main country, or a curated organisation it names) the article gives.
    Not a name the article gives an acronym of its own (``own_acronym``: the ``id()`` of those
    entities): "Democratic Party (HDP)" is a party the article names, and a curated organisation's
    acronym after its name has already linked it. Returns whether an id changed (entities may now
    share one)."""
    table = context_names()
    ids = {e.id for e in entities}
    context = ids | {main_country(entities)}
    changed = False
    for entity in entities:
        if entity.linked or entity.label not in ("ORG", "MISC") or id(entity) in own_acronym:
            continue
        found = the_one_fitting(table.get(generic_key(entity.name), ()), ids, context)
        if found is None:
            continue
        entity.id, entity.name, entity.label = found.id, found.name, found.label
        entity.linked, entity.linked_by = True, KB
        changed = True
    return changed


def the_one_fitting(
    options: Sequence[ContextName], ids: AbstractSet[str], context: AbstractSet[str | None]
) -> ContextName | None:
    """The one organisation of ``options`` the article names by its own id (``ids``), else the one
    whose context it gives (``context``); None when none or several fit."""
    fitting = [o for o in options if o.id in ids] or [o for o in options if o.context & context]
    return fitting[0] if len(fitting) == 1 else None


def _is_generic_institution(entity: Entity) -> bool:
    if entity.label != "ORG" or entity.linked or not entity.id.startswith("org:") or "@" in entity.id:
        return False
    return is_institution_name(entity.name)


def is_institution_name(name: str) -> bool:
    """Whether every word of ``name`` is a word of institutions and one of them is more than a
    qualifier ("Foreign Ministry", "Congress"; not "National", "the State")."""
    tokens = [fold(t).lower() for t in _WORD.findall(name)]
    return bool(tokens) and all(t in INSTITUTION_WORDS for t in tokens) and any(
        t not in _FUNCTION_AND_QUALIFIERS for t in tokens
    )


# Words that never make a name an institution on their own ("National", "the State").
_FUNCTION_AND_QUALIFIERS = words(
    """
    of the and for state national federal high upper lower foreign interior home economic internal
    de la du des le les l d et pour etat nationale
    """
)


@dataclass(frozen=True, slots=True)
class ContextName:
    """A curated organisation (or a country, "la Confédération" for Switzerland) a generic name
    stands for where the article's context is one of ``context``: a country id (the article's main
    country) or another curated organisation's id."""

    id: str
    name: str  # display name
    context: frozenset[str]
    label: str = "ORG"


def generic_key(name: str) -> str:
    """Lookup key of a generic name: :func:`norm_key` without a leading article ("the Greens" -> "greens")."""
    tokens = name.replace("’", "'").replace("'", "' ").split()
    while len(tokens) > 1 and norm_key(tokens[0]).strip("'") in LEADING_ARTICLES:
        tokens = tokens[1:]
    return norm_key(" ".join(tokens))


@functools.cache
def context_names(filename: str = "organisations.json") -> dict[str, tuple[ContextName, ...]]:
    """Generic name key -> the curated organisations it stands for in some context (the file's
    ``context_names``, every language pooled: "Social Democrats" and "sociaux-démocrates" -> SPD)."""
    data: dict[str, Any] = orjson.loads(
        (resources.files("streams.entities") / "data" / filename).read_text(encoding="utf-8")
    )
    table: dict[str, list[ContextName]] = {}
    for item in data.get("entities", []):
        if not item.get("context"):
            continue
        names = item.get("name", {})
        display = names.get("en") or next(iter(names.values()), item["id"])
        entry = ContextName(item["id"], display, frozenset(item["context"]), item.get("label", "ORG"))
        for lang_names in item.get("context_names", {}).values():
            for name in lang_names:
                options = table.setdefault(generic_key(name), [])
                if entry not in options:
                    options.append(entry)
    return {key: tuple(options) for key, options in table.items()}

"""The article's own names a short form may stand for in that article only: an organisation by
its head word ("the Commission" beside "European Commission") or by the end of a compound word of
its name ("Gladbach" beside "Borussia Mönchengladbach"), a person by the first name ("Cindy"
beside "Cindy Santos"), a person by the surname the model tagged as an organisation ("Markle"
beside "Meghan Markle") where the window knows no organisation by the word alone (companies are
named after people: "Ford" once seen alone stays the company). Across articles such words name too
many (see :mod:`streams.entities.registry`)."""

from __future__ import annotations

from collections.abc import Container, Sequence

from streams.entities.forms import (
    FUNCTION_WORDS,
    GENERIC_WORDS,
    Forms,
    name_key,
    one_word_key,
    person_tokens,
    same_person,
    singular_key,
)
from streams.entities.ids import REGISTRY
from streams.entities.merge import PARTICLES
from streams.entities.registry_store import SINGLE, SURNAME, WORD, Candidate, Lookup, other_number
from streams.entities.respelt import respelt, transliterated
from streams.records import Entity

TAIL = "tail "
# A compound's end stands for it when it is a word of its own: six letters or more, after four or
# more ("Gladbach" of "Mönchengladbach"); shorter ends are words inside too many names ("Burg", "Bach").
TAIL_MIN, HEAD_MIN = 6, 4


def one_id_per_person(people: Sequence[Entity]) -> None:
    """Give the article's full names of one person written two ways ("Francois Hollande" and
    "Francoise Hollande", "Mahmoud Abbas" and "Mahmud Abbas": :func:`~streams.entities.forms.same_person`,
    the surname one letter off, :func:`~streams.entities.respelt.respelt`, or the name transliterated
    another way, :func:`~streams.entities.respelt.transliterated`) one id: the one the window
    linked, else the one named most, else the first. Registered under two ids, the surname would
    stand for two people in every later article of the window."""
    keys = [[k for k in (name_key(t) for t in person_tokens(e.name)) if k not in PARTICLES] for e in people]
    for n, entity in enumerate(people):
        # Only names sharing the surname or the given names can be one person (cheap before the rest).
        earlier = [
            (e.id, e.name) for e, k in zip(people[:n], keys[:n], strict=True)
            if e.id != entity.id and k and keys[n] and (k[-1] == keys[n][-1] or k[:-1] == keys[n][:-1])
        ]
        if not earlier:
            continue
        same = (
            [c for c in earlier if same_person(entity.name, c[1])]
            or respelt(entity.name, earlier)
            or transliterated(entity.name, earlier)
        )
        if len({i for i, _ in same}) != 1:
            continue
        other = next(e for e in people[:n] if e.id == same[0][0])
        keep = max((other, entity), key=lambda e: (e.linked_by == REGISTRY, len(e.mentions), e is other))
        for e in people:
            if e.id in (other.id, entity.id) and e is not keep:
                e.id, e.name, e.linked_by = keep.id, keep.name, keep.linked_by


def first_names(named: Sequence[tuple[Entity, Forms]]) -> dict[str, set[Candidate]]:
    """The article's people named in full by their first name, keyed ``per <first name>``."""
    firsts: dict[str, set[Candidate]] = {}
    for entity, f in named:
        if entity.label == "PER" and f.words >= 2:  # a full name
            first = name_key(person_tokens(entity.name)[0])
            firsts.setdefault("per " + first, set()).add((entity.id, entity.name))
    return firsts


def surname_as_organisation(
    entity: Entity, f: Forms, own: Container[str], window: Lookup
) -> list[Candidate]:
    """The person a one-word organisation is (module doc): one the article names in full by that
    surname (``own``: the article's full forms' ids), when the entity is no acronym, no generic word,
    has no legal form after it ("Porsche SE") and ``window`` (registry key -> its ids) knows the
    word as no organisation alone nor as a word of one's name."""
    one_word = len(entity.name.split()) == 1
    if entity.label != "ORG" or not one_word or f.words != 1 or f.acronym is not None or f.full in GENERIC_WORDS:
        return []
    known = (SINGLE + one_word_key(f.full), SINGLE + other_number(singular_key(f.full)), WORD + f.full)
    if any(window(key) for key in known):
        return []
    people = window(SURNAME + f.full)
    return [c for c in people if c[0] in own and c[0].startswith("per:") and len(c[1].split()) > 1]


def local_key(entity: Entity, f: Forms) -> str:
    """The key of a short form among the article's heads and first names."""
    return "per " + f.full if entity.label == "PER" else f.full


def heads(entities: Sequence[Entity]) -> dict[str, set[Candidate]]:
    """The article's organisations of several words by their last word, singular ("commission"), and
    by the word before their first function word ("council" of "Council of Europe", "banque" of
    "Banque de France")."""
    found_heads: dict[str, set[Candidate]] = {}
    for entity in entities:
        words = entity.name.split()
        if entity.label == "ORG" and len(words) >= 2:
            keys = [name_key(w) for w in words]
            found = [keys[-1]]
            qualified = next((i for i in range(1, len(keys)) if keys[i] in FUNCTION_WORDS), None)
            if qualified is not None and keys[qualified - 1] not in FUNCTION_WORDS:
                found.append(keys[qualified - 1])
            for key in found:
                found_heads.setdefault(singular_key(key), set()).add((entity.id, entity.name))
    return found_heads


def compound_tails(entities: Sequence[Entity]) -> dict[str, set[Candidate]]:
    """The article's organisations of several words by the ends of their long capitalised words,
    keyed ``tail <end>``: German compound place names are shortened to their last part in news
    ("Mönchengladbach" -> "Gladbach"). Of organisations whose names run on from another's ("Borussia Mönchengladbach
    Best", a name the tagger ran into the next word), only that other is kept."""
    tails: dict[str, set[Candidate]] = {}
    for entity in entities:
        words = entity.name.split()
        # An organisation the model tagged as a person ("Borussia Mönchengladbach" as PER) that the
        # window knows as an organisation has its id.
        if (entity.label != "ORG" and not entity.id.startswith("org:")) or len(words) < 2:
            continue
        for word in words:
            key = name_key(word)
            if not word[:1].isupper() or not key.isalpha():
                continue
            for cut in range(HEAD_MIN, len(key) - TAIL_MIN + 1):
                tails.setdefault(TAIL + key[cut:], set()).add((entity.id, entity.name))
    return {key: _without_run_on_names(found) for key, found in tails.items()}


def _without_run_on_names(found: set[Candidate]) -> set[Candidate]:
    """The candidates whose names no other candidate's name opens."""
    return {c for c in found if not any(o != c and c[1].startswith(o[1] + " ") for o in found)}


def own_full_forms(named: Sequence[tuple[Entity, Forms]]) -> dict[str, int]:
    """The ids of the article's full forms (two words or more) not linked to a knowledge base, in
    article order: their mentions."""
    own: dict[str, int] = {}
    for entity, f in named:
        if not entity.linked and f.words >= 2:
            own[entity.id] = own.get(entity.id, 0) + len(entity.mentions)
    return own


def main_full_form(found: list[Candidate], own: dict[str, int]) -> list[Candidate]:
    """Of the candidates a short form may stand for, the article's own full form (``own``: their
    ids, see :func:`own_full_forms`), as a one-item list ([] when the article names none); of
    several, the one the article names most, ties to the first named: a second person of one
    surname is named in full each time, and the others are mostly a name the tagger ran into the
    word before it ("Yet Shaw")."""
    candidates = [c for c in found if c[0] in own]
    if len(candidates) <= 1:
        return candidates
    order = list(own)
    return [max(candidates, key=lambda c: (own[c[0]], -order.index(c[0])))]


def names_a_compound_end(
    f: Forms, found: list[tuple[str, str]], local: dict[str, set[tuple[str, str]]]
) -> bool:
    """Whether a one-word form is the end of a compound word of one organisation of the article
    and the window knows it as no full name (a full name's surname stays that person's)."""
    if f.acronym is not None or f.words != 1 or len(local.get(TAIL + f.full, ())) != 1:
        return False
    return all(len(name.split()) == 1 for _id, name in found)

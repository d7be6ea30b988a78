"""A name misread by one letter beside the name itself in one French article: one entity.

OCR of old prints misreads a letter here and there ("Plymputh" beside "Plymouth", "PBTERSBOURG"
beside "Pétersbourg", the long s read as an f: "Afie" beside "Asie"), and the misread name becomes
an entity of its own. Within one article, a name that differs from another of its names by one
letter replaced (folded, in lower case) is that name where the other is the better attested one:
named more often, or known to a knowledge base when the misread one is not, the misread one named
once or twice (a name written so again and again is its own: "Kabuna" beside "Kaduna"). The letter is never the
last of its word (that makes another form of the word: a demonym, "Germans" beside "Germany", or
another language's name, "Europa"). Only letters count, in words of six letters or more ("Toury"
and "Tours" are two towns, "Louis XV" and "Louis XI" two kings), save the long s read as an f in
words of four letters or more. The two have one label, save a name a knowledge base knows, whose
label is right; a person is never another label's name misread ("Franco" beside "France"). A
misread name that fits two names of the article is left alone. In a name of several words and ten
letters or more, a word of four letters or more may be the misread one ("Lonis Figuier" beside
"Louis Figuier"), and a space or a hyphen OCR lost or added between words makes no other name
("Bibliothèquenationale", "Dis raeli"), the better attested form winning as above.
"""

from __future__ import annotations

from collections.abc import Sequence

from streams.entities.merge import merge_same_ids
from streams.entities.spans import norm_key
from streams.records import Entity

# Words shorter than this are too often another name one letter off ("Toury"/"Tours", "Marc"/"Marx"):
# only the long s read as an f is taken there.
_MIN_LETTERS = 6
_MIN_LONG_S_LETTERS = 4
# A shorter word is one letter from another in a name of several words too ("Louis XV" and "Louis
# XI"); a name of this many letters is not ("Lonis Figuier" beside "Louis Figuier").
_MIN_NAME_LETTERS = 10
# Names this long that differ by a space or a hyphen alone are one ("Bibliothèquenationale",
# "Dis raeli"); shorter ones may be two ("Saint Paul" / "Saint-Paul" stay one either way).
_MIN_COMPACT = 8
# A name written so more often than this in one article is another name ("Kabuna" beside "Kaduna").
_MAX_MISREAD_MENTIONS = 2


def _replaced_letter(a: str, b: str) -> tuple[str, str, str] | None:
    """The one replaced letter between two keys of equal length, with the word it is in (``a``'s)."""
    if len(a) != len(b) or a == b:
        return None
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) != 1:
        return None
    i = diffs[0]
    if not (a[i].isalpha() and b[i].isalpha()):
        return None
    start = max(a.rfind(" ", 0, i), a.rfind("-", 0, i)) + 1
    ends = [e for e in (a.find(" ", i), a.find("-", i)) if e >= 0]
    end = min(ends) if ends else len(a)
    if i == end - 1:
        return None  # a word's last letter makes another form of it ("Germans", "Europa", "Durant")
    return a[i], b[i], a[start:end]


def _misread_as(variant: str, name: str) -> bool:
    """Whether key ``variant`` is key ``name`` with one letter misread, or with a space or a hyphen
    lost or added between its words."""
    if variant != name and _compact(variant) == _compact(name) and len(_compact(name)) >= _MIN_COMPACT:
        return True
    found = _replaced_letter(variant, name)
    if found is None:
        return False
    got, meant, word = found
    letters = sum(ch.isalpha() for ch in word)
    if letters >= _MIN_LETTERS:
        return True
    if letters >= _MIN_LONG_S_LETTERS and len(_compact(name)) >= _MIN_NAME_LETTERS and _compact(word) != _compact(name):
        return True  # a word of a longer name, the others the same ("Lonis Figuier", "Mac-Manon")
    return letters >= _MIN_LONG_S_LETTERS and (got, meant) == ("f", "s")


def _compact(key: str) -> str:
    return key.replace(" ", "").replace("-", "")


def _better_attested(name: Entity, variant: Entity) -> bool:
    if len(variant.mentions) > _MAX_MISREAD_MENTIONS:
        return False  # a slip of the OCR is rare: a name written so again and again is its own
    if name.label != variant.label and not name.linked:
        return False  # the model's labels disagree and nothing tells which is right
    if (name.label == "PER") != (variant.label == "PER"):
        return False  # a person one letter from a place is another name ("Franco", "France")
    if name.linked != variant.linked:
        return name.linked
    return len(name.mentions) > len(variant.mentions)


def join_misread_names(entities: Sequence[Entity]) -> list[Entity]:
    """The article's entities with each name misread by one letter joined to the name (see the module)."""
    keys = [norm_key(e.name) for e in entities]
    changed = False
    for k, variant in enumerate(entities):
        if variant.linked:
            continue
        fits = [
            e
            for j, e in enumerate(entities)
            if j != k and e.id != variant.id and _misread_as(keys[k], keys[j]) and _better_attested(e, variant)
        ]
        if len({e.id for e in fits}) != 1:
            continue
        name = fits[0]
        variant.id, variant.name, variant.label = name.id, name.name, name.label
        variant.linked, variant.linked_by = name.linked, name.linked_by
        changed = True
    return merge_same_ids(entities) if changed else list(entities)

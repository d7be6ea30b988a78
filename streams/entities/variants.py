"""Place names written otherwise than any table lists them: a country abbreviated in a results
table ("Olano (Esp)", "Jalabert (Fr)"), a country misread by OCR or misspelt by one letter after its
first ("Fraince", "Esoagne", "Rumania"), a continent too ("Eurone"), a country, a continent or a
large city printed with the long s read as an f ("Ruffie" for "Russie", "Afie" for "Asie",
"Conflantinople", its "st" ligature read as "fl", for "Constantinople", Istanbul's alternate
name; names of four or five letters only in French, the language of the old prints that have it).

Only spans the model tagged as places that no table knows are looked up, and only a single
candidate links: two countries an abbreviation may stand for ("Be": Belgique, Bénin...) or two
countries one letter off leave the span as it is. Cities are not matched one letter off: thousands of
them are one letter from another place's name ("Gujarat"/"Gujrat", "Palmyra"/"Palmira"), and so are
regions with a first letter changed ("Hessen"/"Essen", "Siberia"/"Liberia"), which is never allowed.
"""

from __future__ import annotations

from collections.abc import Mapping

from streams.entities.gazetteer import GazEntry, Gazetteer
from streams.entities.ids import CONTINENT_IDS
from streams.entities.kb import PlaceIndex
from streams.entities.spans import norm_key
from streams.entities.spelling import one_edit_apart
from streams.records import Entity

# Shorter names are one letter off too many others ("Iran"/"Iraq", "Mali"/"Bali").
MIN_FUZZY_LEN = 6
# The long s read as an f is one known letter, not any: shorter names are read so too ("Afie"), in
# French, whose old prints have it.
MIN_LONG_S_LEN = 4
LONG_S_LANGS = frozenset({"fr"})
# An abbreviation of a country name: two to four letters, as results tables write them.
ABBREVIATION_LEN = (2, 4)


class VariantIndex:
    """Countries (in the article language's tables) and large cities by their names' one-letter
    variants; built per language on first use."""

    def __init__(self, gazetteer: Gazetteer, places: PlaceIndex) -> None:
        self._gazetteer = gazetteer
        self._places = places
        self._by_lang: dict[str | None, _Tables] = {}

    def lookup(self, entity: Entity, lang: str | None, fields: Mapping[str, str]) -> GazEntry | None:
        """The entry a place span no table knows stands for, or None (module doc)."""
        name = entity.name.strip()
        tables = self._tables(lang)
        if (
            ABBREVIATION_LEN[0] <= len(name) <= ABBREVIATION_LEN[1]
            and name[:1].isupper()
            and name[1:].islower()
            and _in_parentheses(entity, fields)
        ):
            return tables.abbreviation(norm_key(name))
        key = norm_key(name)
        if name.islower():
            return None
        if len(key) < MIN_FUZZY_LEN:
            return tables.long_s(key) if lang in LONG_S_LANGS and len(key) >= MIN_LONG_S_LEN else None
        return tables.near(key)

    def _tables(self, lang: str | None) -> _Tables:
        tables = self._by_lang.get(lang)
        if tables is None:
            tables = self._by_lang[lang] = _Tables(self._gazetteer, self._places, lang)
        return tables


class _Tables:
    def __init__(self, gazetteer: Gazetteer, places: PlaceIndex, lang: str | None) -> None:
        self._gazetteer = gazetteer
        self._countries = gazetteer.country_keys(lang)
        # Continents are misread as countries are ("Eurone"), and as few names are near theirs.
        self._countries.update(gazetteer.keys_of(lang, CONTINENT_IDS.__contains__))
        # Abbreviations are of the names in the article's own language ("Esp", "All" in French).
        self._own_countries = gazetteer.country_keys(lang, own_only=True)
        self._names: dict[str, str | tuple[int, str]] = dict(places.large_cities())
        self._names.update(self._countries)  # a country's name beats a city's
        self._places = places
        self._deletions: dict[str, set[str]] = {}
        for key in self._countries:
            if len(key) >= MIN_FUZZY_LEN - 1:
                for variant in _deletions(key):
                    self._deletions.setdefault(variant, set()).add(key)

    def abbreviation(self, prefix: str) -> GazEntry | None:
        """The one country a table abbreviation is the start of ("esp" -> Espagne)."""
        found = {i for k, i in self._own_countries.items() if k.startswith(prefix)}
        return self._gazetteer.entries[found.pop()] if len(found) == 1 else None

    def near(self, key: str) -> GazEntry | None:
        """The one place a name stands for with the long s read as f, else the one country it is
        one letter off after the first (with or without the long s)."""
        exact = self.long_s(key)
        if exact is not None:
            return exact
        found: set[str] = set()
        for query in {key, key.replace("f", "s")}:
            for variant in {query, *_deletions(query)}:
                for name in self._deletions.get(variant, set()) | ({variant} & self._countries.keys()):
                    if name[0] == query[0] and one_letter_off(query, name):
                        found.add(self._countries[name])
        return self.entry_of(found.pop()) if len(found) == 1 else None

    def long_s(self, key: str) -> GazEntry | None:
        """The country, continent or large city (own or alternate name) a name is with its f read as
        the long s (module doc)."""
        if "f" not in key:
            return None
        # The long s before a t is a ligature OCR reads as "fl" ("Conflantinople").
        for read in dict.fromkeys((key.replace("f", "s"), key.replace("fl", "st").replace("f", "s"))):
            exact = self._names.get(read)
            entry = self._entry(exact) if exact is not None else self._places.lookup_large(read)
            if entry is not None:
                return entry
        return None

    def entry_of(self, country: str) -> GazEntry:
        return self._gazetteer.entries[country]

    def _entry(self, value: str | tuple[int, str]) -> GazEntry:
        if isinstance(value, str):
            return self._gazetteer.entries[value]
        return self._places.entry(*value)


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def one_letter_off(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one inserted, deleted or replaced character, other
    than one added at the end: "Americas", "American", "Ugandan" name other things than the country."""
    return not (a.startswith(b) or b.startswith(a)) and one_edit_apart(a, b)


def _in_parentheses(entity: Entity, fields: Mapping[str, str]) -> bool:
    """Whether a mention of the entity stands alone in parentheses or opens them ("(Esp)", "(It, 12")."""
    for m in entity.mentions:
        text = fields.get(m.field, "")
        if text[max(0, m.start - 1) : m.start] == "(" and text[m.end : m.end + 1] in (")", ","):
            return True
    return False

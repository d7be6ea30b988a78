"""A city has one GeoNames id whatever language names it: its English and French names (exonyms)
are among GeoNames' alternate names, for large cities and, with guards, for smaller ones."""

from __future__ import annotations

import pytest

from streams.entities import EntityTagger
from streams.entities.kb import PlaceIndex
from streams.entities.registry import EntityRegistry, RegistryConfig

# (GeoNames' own name, other names in English, French or the local language)
LARGE_CITIES = [
    ("Köln", "Cologne", "Koeln"),
    ("Munich", "München"),
    ("Vienna", "Wien", "Vienne"),
    ("Prague", "Praha"),
    ("Warsaw", "Warszawa", "Varsovie"),
    ("Lisbon", "Lisboa", "Lisbonne"),
    ("Florence", "Firenze"),
    ("Moscow", "Moskva", "Moscou"),
    ("The Hague", "Den Haag", "La Haye"),
    ("Copenhagen", "København", "Copenhague"),
    ("Brussels", "Bruxelles", "Brussel"),
    ("London", "Londres"),
    ("Geneva", "Genève", "Genf"),
    ("Milan", "Milano"),
    ("Turin", "Torino"),
    ("Naples", "Napoli"),
    ("Athens", "Athènes"),
    ("Bucharest", "București", "Bucarest"),
    ("Nuremberg", "Nürnberg"),
    ("Antwerp", "Antwerpen", "Anvers"),
    ("Saint Petersburg", "Saint-Pétersbourg"),
    ("Beijing", "Pékin"),
    ("Cairo", "Le Caire"),
    ("Algiers", "Alger"),
    ("Sevilla", "Seville", "Séville"),
    ("Frankfurt am Main", "Frankfurt", "Francfort"),
    ("Aachen", "Aix-la-Chapelle"),
    ("Edinburgh", "Édimbourg"),
    ("Genoa", "Genova", "Gênes"),
    ("Kraków", "Krakow", "Cracovie"),
    ("Basel", "Bâle"),
    ("Cape Town", "Le Cap"),
    ("New Orleans", "La Nouvelle-Orléans"),
]
# Cities under the population from which every alternate name is kept.
SMALLER_CITIES = [
    ("Venice", "Venezia", "Venise"),
    ("Luzern", "Lucerne"),
    ("Dover", "Douvres"),
    ("Schaffhausen", "Schaffhouse"),
    ("Mantua", "Mantoue"),
    ("Regensburg", "Ratisbonne"),
    ("Koblenz", "Coblence"),
    ("Leuven", "Louvain"),
]


@pytest.fixture(scope="module")
def places() -> PlaceIndex:
    index = PlaceIndex()
    index.load()
    return index


@pytest.mark.parametrize("names", LARGE_CITIES + SMALLER_CITIES, ids=lambda names: names[0])
def test_every_name_of_a_city_has_its_id(places: PlaceIndex, names: tuple[str, ...]) -> None:
    own = places.lookup(names[0])
    assert own is not None and own.id.startswith("gn:")
    for name in names[1:]:
        entry = places.lookup(name)
        assert entry is not None and entry.id == own.id, name


@pytest.mark.parametrize(
    "name",
    [
        "Empire",  # a former name of Coos Bay, Oregon: a word
        "Vauxhall",  # a district's name among Millburn's alternate names
        "Brandenburg",  # Brandenburg an der Havel cut short: the state as much
        "Kosovo",  # Kosovo Polje cut short: the country
        "Borno",  # one letter off Borna: the Nigerian state
        "Marburg",  # the German name of Maribor, and Marburg an der Lahn cut short
    ],
)
def test_a_small_city_alternate_name_that_names_other_things_is_not_the_city(places: PlaceIndex, name: str) -> None:
    assert places.lookup(name) is None


def test_a_small_city_alternate_name_is_not_a_large_place_for_untagged_words(places: PlaceIndex) -> None:
    assert places.lookup("Venise") is not None
    assert places.lookup_large("Venise") is None  # only names the model tagged as places are looked up


def test_exonyms_of_large_cities_only(places: PlaceIndex) -> None:
    cologne = places.lookup("Cologne")
    assert cologne is not None and places.is_exonym("Cologne", cologne)
    topeka = places.lookup("Google")
    assert topeka is not None and not places.is_exonym("Google", topeka)


# Two short articles written for these tests: one story, told in English and in French.
EN_TEXT = (
    "Ministers from Vienna and Warsaw met in Cologne on Monday. The talks then moved to Venice, "
    "and the delegates flew on to Lisbon."
)
FR_TEXT = (
    "Des ministres de Vienne et de Varsovie se sont réunis à Cologne lundi. Les discussions se sont "
    "poursuivies à Venise, puis les délégués se sont envolés pour Lisbonne."
)
CITIES = {"Vienna": 2761369, "Warsaw": 756135, "Cologne": 2886242, "Venice": 3164603, "Lisbon": 2267057}


def test_an_english_and_a_french_article_give_each_city_one_id(tagger: EntityTagger) -> None:
    registry = EntityRegistry(RegistryConfig())
    en = {e.id for e in registry.resolve(tagger.tag("", EN_TEXT, "en"), 0.0, text=EN_TEXT)}
    fr = {e.id for e in registry.resolve(tagger.tag("", FR_TEXT, "fr"), 3600.0, text=FR_TEXT)}
    for city, geonameid in CITIES.items():
        assert f"gn:{geonameid}" in en and f"gn:{geonameid}" in fr, city

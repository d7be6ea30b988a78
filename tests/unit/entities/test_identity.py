"""One real-world entity, one id: across languages (tagger + knowledge bases) and articles (registry)."""

from __future__ import annotations

import pytest

from streams.entities import EntityTagger
from streams.entities.ids import country_id, geonames_id, name_id
from streams.entities.kb import PlaceIndex
from streams.entities.registry import EntityRegistry, RegistryConfig

# Two short articles written for these tests, one story in each language.
EN_TEXT = (
    "The European Union and NATO met the United Nations in London on Monday. Germany and France "
    "sent their ministers. Chancellor Angela Merkel spoke first; Merkel said the EU was ready. "
    "The Confederation of Building Workers (CBW) joined the talks."
)
FR_TEXT = (
    "L'Union européenne et l'OTAN ont rencontré l'ONU à Londres. L'Allemagne et la France "
    "ont envoyé leurs ministres. Mme Merkel a parlé la première : selon elle, l'UE est prête. "
    "Le syndicat a rejoint les discussions."
)


@pytest.fixture(scope="module")
def places() -> PlaceIndex:
    index = PlaceIndex()
    index.load()
    return index


def test_id_scheme_helpers() -> None:
    assert country_id("fr") == "iso:FR"
    assert geonames_id("2988507") == "gn:2988507"
    assert name_id("PER", "Angela Merkel") == "per:angela-merkel"
    assert name_id("PER", "Angéla  MERKEL") == "per:angela-merkel"


@pytest.mark.parametrize(
    ("names", "geonameid"),
    [
        (("London", "Londres", "Londra"), 2643743),
        (("Munich", "München", "Munich"), 2867714),
        (("Cologne", "Köln"), 2886242),
        (("Geneva", "Genève", "Genf"), 2660646),
        (("Hanover", "Hannover"), 2910831),  # not Hanover, Pennsylvania
        (("Paris",), 2988507),  # not Paris, Texas
        (("New Delhi",), 1261481),  # its own name, not an alternate name of Delhi
        (("Texas",), 4736286),  # a US state
        (("Florida",), 4155751),  # the state, not the town of Florida, Cuba
        (("Washington",), 4140963),  # the capital: a large city of that name beats the state
    ],
)
def test_cities_by_geonames_id_in_any_language(places: PlaceIndex, names: tuple[str, ...], geonameid: int) -> None:
    for name in names:
        entry = places.lookup(name)
        assert entry is not None and entry.id == f"gn:{geonameid}", name
        assert entry.label == "LOC"


def test_no_place_for_a_club_short_name(places: PlaceIndex) -> None:
    assert places.lookup("Bayern") is None
    assert places.lookup("PAR") is None  # airport codes are not names


def test_french_and_english_articles_share_ids(tagger: EntityTagger) -> None:
    registry = EntityRegistry(RegistryConfig())
    en = registry.resolve(tagger.tag("", EN_TEXT, "en"), 0.0, text=EN_TEXT)
    fr = registry.resolve(tagger.tag("", FR_TEXT, "fr"), 3600.0, text=FR_TEXT)
    en_ids = {e.id: e for e in en}
    fr_ids = {e.id: e for e in fr}
    for shared in ("org:eu", "org:nato", "org:un", "iso:DE", "iso:FR", "gn:2643743", "per:angela-merkel"):
        assert shared in en_ids and shared in fr_ids, shared
    assert en_ids["org:eu"].linked_by == fr_ids["org:eu"].linked_by == "kb"
    # The surname in the same English article joins the full name; in the French one, the registry.
    assert en_ids["per:angela-merkel"].linked_by == "article" and len(en_ids["per:angela-merkel"].mentions) == 2
    assert fr_ids["per:angela-merkel"].linked_by == "registry"
    # The acronym given after its expansion is one entity with it.
    cbw = en_ids["org:confederation-of-building-workers"]
    assert [EN_TEXT[m.start : m.end] for m in cbw.mentions] == ["Confederation of Building Workers", "CBW"]


def test_hyphenated_spelling_of_a_city_links_to_its_geonames_id() -> None:
    from streams.entities.kb import PlaceIndex

    places = PlaceIndex()
    new_york = places.lookup("New York")
    assert new_york is not None
    for spelling in ("New-York", "NEW-YORK"):
        entry = places.lookup(spelling)
        assert entry is not None and entry.id == new_york.id, spelling

"""Names of one entity written several ways: generic names in their context, a place named by its one
word, a regnal number, articles before a country, table abbreviations and OCR misreadings."""

from __future__ import annotations

import pytest

from streams.entities import EntityTagger
from streams.entities.forms import forms, person_tokens
from streams.entities.gazetteer import Gazetteer
from streams.entities.ids import name_id
from streams.entities.institutions import generic_key, name_by_context
from streams.entities.registry import EntityRegistry, RegistryConfig
from streams.entities.variants import VariantIndex
from streams.records import Entity, Mention

DAY = 86400.0


def ent(name: str, label: str, start: int = 0, linked_id: str | None = None, count: int = 1) -> Entity:
    mentions = [Mention("text", start + 100 * i, start + 100 * i + len(name)) for i in range(count)]
    if linked_id is not None:
        return Entity(linked_id, name, label, mentions, linked=True, linked_by="kb")
    return Entity(name_id(label, name), name, label, mentions)


def ids(entities: list[Entity]) -> dict[str, str]:
    return {e.name: e.id for e in entities}


# -- generic names in their context --------------------------------------------------------------
def test_party_named_generically_takes_the_curated_id_of_the_country_of_the_article() -> None:
    en = [ent("Germany", "LOC", 0, "iso:DE", count=2), ent("Social Democrats", "ORG", 20)]
    assert name_by_context(en)
    assert (en[1].id, en[1].linked_by, en[1].label) == ("org:spd", "kb", "ORG")
    # French, the article names the party by its acronym: the generic name is that party.
    fr = [ent("SPD", "ORG", 0, "org:spd"), ent("sociaux-démocrates", "MISC", 30)]
    name_by_context(fr)
    assert fr[1].id == "org:spd"


def test_generic_name_outside_its_context_keeps_its_id() -> None:
    # "Social Democrats" in an article about Sweden are not Germany's.
    sweden = [ent("Sweden", "LOC", 0, "iso:SE", count=2), ent("Social Democrats", "ORG", 20)]
    assert not name_by_context(sweden)
    assert sweden[1].id == "org:social-democrats"
    # "Commission" beside the EU is the European Commission; without it, it stays as it reads.
    eu = [ent("EU", "ORG", 0, "org:eu"), ent("Commission", "ORG", 10)]
    name_by_context(eu)
    assert eu[1].id == "org:european-commission"
    alone = [ent("Commission", "ORG", 10)]
    name_by_context(alone)
    assert alone[0].id == "org:commission"


def test_a_generic_name_the_article_gives_its_own_acronym_is_not_the_context_organisation() -> None:
    # An article about Ruritania naming the US: its "Democratic Party (RDP)" is not the American one.
    text = "Ruritania votes. The Democratic Party (RDP) leads in Ruritania. The RDP thanked the US."
    country_at = [text.index("Ruritania"), text.index("Ruritania", 20)]
    ruritania = Entity(
        "iso:RU", "Ruritania", "LOC", [Mention("text", s, s + 9) for s in country_at], linked=True, linked_by="kb"
    )
    us_at = text.index("US")
    us = Entity("iso:US", "US", "LOC", [Mention("text", us_at, us_at + 2)], linked=True, linked_by="kb")
    start = text.index("Democratic Party")
    party = Entity(name_id("ORG", "Democratic Party"), "Democratic Party", "ORG", [Mention("text", start, start + 16)])
    out = EntityRegistry(RegistryConfig()).resolve([ruritania, party, us], DAY, text=text)
    resolved = next(e for e in out if e.name == "Democratic Party")
    assert resolved.id != "org:democratic-party-us"
    assert [text[m.start : m.end] for m in resolved.mentions] == ["Democratic Party", "RDP", "RDP"]


@pytest.mark.parametrize(("country", "name"), [("Suisse", "Confédération"), ("Switzerland", "Confederation")])
def test_a_federation_named_generically_in_an_article_about_it_is_the_country(country: str, name: str) -> None:
    swiss = [ent(country, "LOC", 0, "iso:CH", count=2), ent(name, "ORG", 30)]
    assert name_by_context(swiss)
    assert (swiss[1].id, swiss[1].label, swiss[1].linked_by) == ("iso:CH", "LOC", "kb")
    canada = [ent("Canada", "LOC", 0, "iso:CA", count=2), ent(name, "ORG", 30)]
    assert not name_by_context(canada)


def test_generic_names_across_articles_and_languages_share_the_party_id() -> None:
    registry = EntityRegistry(RegistryConfig())
    en = registry.resolve([ent("Democrats", "ORG", 0), ent("United States", "LOC", 20, "iso:US")], 0)
    fr = registry.resolve([ent("démocrates", "ORG", 0), ent("États-Unis", "LOC", 20, "iso:US")], DAY)
    assert ids(en)["Democratic Party"] == ids(fr)["Democratic Party"] == "org:democratic-party-us"


def test_context_only_organisations_are_never_searched_in_the_text(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Democratic Party", "en") is None  # many countries have one
    assert gazetteer.lookup("GOP", "en") is not None
    assert generic_key("the Greens") == "greens" and generic_key("les Verts") == "verts"


# -- one word of a place or polity -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("short", "full", "label"),
    [
        ("Atlantic", "Atlantic Ocean", "LOC"),
        ("Soviet", "Soviet Union", "MISC"),
        ("Méditerranée", "mer Méditerranée", "LOC"),
        ("Vaud", "canton de Vaud", "LOC"),
        ("Monaco", "principauté de Monaco", "LOC"),
    ],
)
def test_place_named_by_its_one_word_shares_the_id_of_its_full_name(short: str, full: str, label: str) -> None:
    for first, second in ((short, full), (full, short)):
        registry = EntityRegistry(RegistryConfig())
        a = registry.resolve([ent(first, label if first == short else "LOC")], 0)
        b = registry.resolve([ent(second, label if second == short else "LOC")], DAY)
        assert a[0].id == b[0].id, (first, second)


def test_building_named_after_its_city_and_plural_names_stay_apart() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Cologne", "ORG")], 0)
    assert registry.resolve([ent("Cologne Cathedral", "LOC")], DAY)[0].id == "loc:cologne-cathedral"
    registry.resolve([ent("Indians", "ORG")], 0)
    assert registry.resolve([ent("Indian Ocean", "LOC")], DAY)[0].id == "loc:indian-ocean"
    assert forms("Bolshoi Theater", "LOC").thing is None
    assert forms("Dead Sea Scrolls", "MISC").thing is None
    assert forms("ville de Québec", "LOC").thing is None  # the city, not the province
    assert forms("comte de Chambord", "LOC").thing is None  # a title, as "comté" folds


def test_water_named_after_a_place_is_not_the_place() -> None:
    assert forms("Strait of Corinth", "LOC").thing is None
    assert forms("golfe de Gascogne", "LOC").thing is None
    assert forms("Kingdom of Lesotho", "LOC").thing == "lesotho"  # a realm is its place
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Corinth", "LOC")], 0)
    assert registry.resolve([ent("Strait of Corinth", "LOC")], DAY)[0].id == "loc:strait-of-corinth"


@pytest.mark.parametrize(("full", "point"), [("North Sea", "North"), ("Sud Canal", "Sud"), ("West Bay", "West")])
def test_a_water_named_by_a_point_of_the_compass_is_not_that_point(full: str, point: str) -> None:
    assert forms(full, "LOC").thing is None
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent(full, "LOC")], 0)
    # "the North" of a divided country, "le Sud" of a region: not the sea.
    assert registry.resolve([ent(point, "LOC")], DAY)[0].id == f"loc:{point.lower()}"


# -- people ------------------------------------------------------------------------------------------
def test_regnal_number_is_not_a_surname() -> None:
    assert forms("Benedict XVI", "PER").surname == "benedict"
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Benedict XVI", "PER")], 0)
    assert registry.resolve([ent("Benedict", "PER")], DAY)[0].id == "per:benedict-xvi"
    registry.resolve([ent("Louis XIV", "PER")], 0)
    registry.resolve([ent("Louis XVI", "PER")], 0)
    out = registry.resolve([ent("Louis", "PER")], DAY)
    assert out[0].linked_by is None  # two kings: ambiguous


def test_lower_case_word_run_into_a_person_name_is_not_part_of_it() -> None:
    assert person_tokens("hosting Assad") == ["Assad"]
    assert person_tokens("de Gaulle") == ["de", "Gaulle"]
    assert person_tokens("dos Santos") == ["dos", "Santos"]
    assert person_tokens("hosting Assad", run_in=False) == ["hosting", "Assad"]
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Bashar al-Assad", "PER")], 0)
    assert registry.resolve([ent("hosting Assad", "PER")], DAY)[0].id == "per:bashar-al-assad"


# -- knowledge-base names written otherwise ----------------------------------------------------------
def test_country_with_an_article_before_it(gazetteer: Gazetteer) -> None:
    gambia = gazetteer.lookup("Gambia", "en")
    assert gambia is not None
    for name, lang in (("The Gambia", "en"), ("the Netherlands", "en"), ("l'Inde", "fr")):
        entry = gazetteer.lookup(name, lang)
        assert entry is not None and entry.id.startswith("iso:"), name
    assert not gazetteer.is_known("The Gambia", "en")  # span cleaning sees names as written


def place_in(text: str, name: str) -> Entity:
    start = text.index(name)
    return Entity(name_id("LOC", name), name, "LOC", [Mention("text", start, start + len(name))])


@pytest.fixture(scope="module")
def variants(gaz_tagger: EntityTagger) -> VariantIndex:
    return gaz_tagger.variants


def test_country_abbreviated_in_a_results_table(variants: VariantIndex) -> None:
    text = "1. Olano (Esp) 47'07\". 2. Jalabert (Fr, bonif. 12\"). 3. Zberg (Dan). 4. Moser (Be)."
    found = {n: variants.lookup(place_in(text, n), "fr", {"text": text}) for n in ("Esp", "Fr", "Dan", "Be")}
    assert {n: e.id if e else None for n, e in found.items()} == {
        "Esp": "iso:ES", "Fr": "iso:FR", "Dan": "iso:DK", "Be": None  # Belgique, Bénin, Belize...
    }
    # Outside parentheses an abbreviation is not looked up ("Esp" in running text).
    prose = "Esp est un village."
    assert variants.lookup(place_in(prose, "Esp"), "fr", {"text": prose}) is None


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [
        ("Fraince", "fr", "iso:FR"),
        ("Esoagne", "fr", "iso:ES"),
        ("Ruffie", "fr", "iso:RU"),
        ("Rumania", "en", "iso:RO"),
        # Continents as countries; the long s in short names and in a large city's alternate name.
        ("Eurone", "fr", "gn:6255148"),
        ("Afie", "fr", "gn:6255147"),
        ("Conflantinople", "fr", "gn:745044"),
    ],
)
def test_country_misread_by_one_letter_or_the_long_s(
    variants: VariantIndex, name: str, lang: str, expected: str
) -> None:
    entry = variants.lookup(place_in(name, name), lang, {"text": name})
    assert entry is not None and entry.id == expected


@pytest.mark.parametrize("name", ["Americas", "American", "Hessen", "Siberia", "Gujarat", "Iraqi"])
def test_other_places_one_letter_off_are_not_linked(variants: VariantIndex, name: str) -> None:
    assert variants.lookup(place_in(name, name), "en", {"text": name}) is None


def test_short_names_are_read_with_the_long_s_in_french_only(variants: VariantIndex) -> None:
    # Old French prints have the long s; an English "Afie" is no misreading of "Asie".
    assert variants.lookup(place_in("Afie", "Afie"), "en", {"text": "Afie"}) is None
    # Short names are not matched one letter off, whatever the language ("Asoe").
    assert variants.lookup(place_in("Asoe", "Asoe"), "fr", {"text": "Asoe"}) is None


def test_plural_of_a_group_ending_in_is_shares_the_singular_id() -> None:
    registry = EntityRegistry(RegistryConfig())
    first = registry.resolve([ent("Houthis", "ORG")], 0)
    assert registry.resolve([ent("Houthi", "ORG")], DAY)[0].id == first[0].id
    registry.resolve([ent("Nazi", "MISC")], 0)
    assert registry.resolve([ent("Nazis", "MISC")], DAY)[0].id == "misc:nazi"


def test_communist_party_in_an_article_about_china() -> None:
    registry = EntityRegistry(RegistryConfig())
    out = registry.resolve([ent("China", "LOC", 0, "iso:CN"), ent("Communist Party", "ORG", 20)], 0)
    assert ids(out)["Communist Party of China"] == "org:communist-party-of-china"
    fr = registry.resolve([ent("Chine", "LOC", 0, "iso:CN"), ent("Parti communiste", "ORG", 20)], DAY)
    assert ids(fr)["Communist Party of China"] == "org:communist-party-of-china"


def test_leading_the_and_legal_forms_are_not_part_of_an_organisation_name() -> None:
    assert forms("The New York Times", "ORG").full == forms("New York Times", "ORG").full
    assert forms("Union Carbide Corporation", "ORG").full == "union carbide"
    assert forms("Deutsche Börse AG", "ORG").full == "deutsche borse"
    assert forms("AG", "ORG").full == "ag"  # a name is never emptied
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("New York Times", "ORG")], 0)
    assert registry.resolve([ent("The New York Times", "ORG")], DAY)[0].id == "org:new-york-times"


def test_names_glued_to_a_word_by_ocr_are_found(gazetteer: Gazetteer) -> None:
    text = "Les troupes de laFrance et deSerbie, puis l'arbitrage avecLondres. Un iPhone, non."
    found = {text[m.start : m.end]: m.entry.id for m in gazetteer.find(text, "fr")}
    assert found["France"] == "iso:FR" and found["Serbie"] == "iso:RS"
    # Inside a word in lower case, never: "chinese" holds no "Chine", "oman" in "romance" no Oman.
    assert gazetteer.find("une romance chinoise", "fr") == []
    long_text = "x " * 300 + "the trade mission ofGermany and theUK met." + " y" * 10
    assert {long_text[m.start : m.end] for m in gazetteer.find(long_text, "en")} >= {"Germany", "UK"}


@pytest.mark.parametrize(
    ("lang", "text", "names"),
    [
        ("en", "Exports 1.204.118Norway ... 98.310Japan. ASIALe ship sails.", {"Norway", "Japan", "ASIA"}),
        (
            "fr",
            "Exportations 1.204.118Norvège ... 98.310Japon. LIGNES D'ASIELe navire. BOURSE DE PARISdu lundi.",
            {"Norvège", "Japon", "ASIE", "PARIS"},
        ),
    ],
)
def test_names_glued_to_a_figure_or_in_capitals_before_a_word_are_found(
    gazetteer: Gazetteer, lang: str, text: str, names: set[str]
) -> None:
    # A table whose line breaks OCR lost, a heading in capitals glued to the next line.
    assert {text[m.start : m.end] for m in gazetteer.find(text, lang)} == names
    # Capitalised inside a word, or in capitals before more capitals, stays unfound.
    assert gazetteer.find("un Parisien de l'USAID", lang) == []

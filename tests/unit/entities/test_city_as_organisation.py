"""A large city the model tagged as an organisation is the city where its words make it the place,
outside a team-sport article."""

from __future__ import annotations

import pytest

from streams.entities import EntityTagger
from streams.entities.context import named_as_place
from streams.records import Entity, Mention

NEWS = "Delegates met in Vancouver on Monday. Vancouver hotels were full, and the Vancouver airport closed."
MATCH = (
    "Vancouver beat Toronto 3-1 in Vancouver: the striker scored two goals, the goalkeeper saved a penalty, "
    "the coach praised the squad and the fans in the stadium after the league match."
)


def mentions(text: str, surface: str) -> list[Mention]:
    out, start = [], text.find(surface)
    while start >= 0:
        out.append(Mention("text", start, start + len(surface)))
        start = text.find(surface, start + 1)
    return out


def slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def org(name: str, text: str) -> Entity:
    return Entity(f"org:{slug(name)}", name, "ORG", mentions(text, name))


def link(tagger: EntityTagger, entities: list[Entity], text: str) -> list[Entity]:
    return tagger._link_places(entities, "en", {"title": "", "text": text})


def test_named_as_place_reads_the_words_around() -> None:
    first, second, third = mentions(NEWS, "Vancouver")
    assert named_as_place(NEWS, first)  # "in Vancouver"
    assert not named_as_place(NEWS, second)  # "Vancouver hotels"
    assert named_as_place(NEWS, third)  # "Vancouver airport"


@pytest.mark.parametrize(
    "text",
    [
        "She campaigned in the port city of Vancouver on Friday.",
        "The Vancouver-born singer won.",
        "Broadcast times: Tokyo UTC +9 | Vancouver UTC -8 | Lima UTC -5",
    ],
)
def test_a_city_of_a_compound_or_a_world_clock_is_the_place(text: str) -> None:
    assert named_as_place(text, mentions(text, "Vancouver")[0])


def test_of_after_other_words_does_not_make_a_place() -> None:
    text = "The coach of Vancouver praised the fans of Vancouver."
    assert not any(named_as_place(text, m) for m in mentions(text, "Vancouver"))


def test_a_city_tagged_as_an_organisation_is_the_city_where_the_words_say_so(tagger: EntityTagger) -> None:
    text = NEWS + " The hockey season starts next week."  # a word of sport: the words around decide
    out = link(tagger, [org("Vancouver", text)], text)
    city = next(e for e in out if e.id.startswith("gn:"))
    assert (city.label, city.linked, city.linked_by) == ("LOC", True, "kb")
    assert [text[m.start - 3 : m.start] for m in city.mentions] == ["in ", "he "]
    rest = next(e for e in out if e.id == "org:vancouver")
    assert [m.start for m in rest.mentions] == [text.index("Vancouver hotels")]  # the label stays the model's


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (NEWS, "Vancouver"),
        ("Les délégués se sont réunis à Lyon lundi. Lyon a voté un nouveau budget pour ses écoles.", "Lyon"),
    ],
)
def test_in_an_article_without_a_word_of_sport_every_mention_is_the_city(
    tagger: EntityTagger, text: str, name: str
) -> None:
    (city,) = link(tagger, [org(name, text)], text)
    assert (city.label, city.linked, len(city.mentions)) == ("LOC", True, len(mentions(text, name)))
    assert city.id.startswith("gn:")


def test_in_a_match_report_it_stays_an_organisation(tagger: EntityTagger) -> None:
    (club,) = link(tagger, [org("Vancouver", MATCH)], MATCH)
    assert (club.id, club.label, club.linked, len(club.mentions)) == ("org:vancouver", "ORG", False, 2)


def test_in_a_match_report_the_city_of_it_is_the_city(tagger: EntityTagger) -> None:
    text = MATCH + " The team flew home to the city of Vancouver, north of Vancouver airport."
    out = link(tagger, [org("Vancouver", text)], text)
    city = next(e for e in out if e.id.startswith("gn:"))
    assert [text[: m.start].endswith(("the city of ", "north of ")) for m in city.mentions] == [True, True]
    assert len(next(e for e in out if e.id == "org:vancouver").mentions) == 2  # the match's stay the club's


def test_beside_its_club_only_the_city_of_it_is_the_city(tagger: EntityTagger) -> None:
    text = "Vancouver Whitecaps fans met in Vancouver. The Vancouver-born coach left."
    alone = Entity("org:vancouver", "Vancouver", "ORG", mentions(text, "Vancouver")[1:])
    out = link(tagger, [org("Vancouver Whitecaps", text), alone], text)
    city = next(e for e in out if e.id.startswith("gn:"))
    assert [m.start for m in city.mentions] == [text.index("Vancouver-born")]


@pytest.mark.parametrize(
    ("text", "longer", "city"),
    [
        (
            "Vancouver Whitecaps signed a sponsor. The deal was signed in Vancouver on Monday.",
            "Vancouver Whitecaps",
            "Vancouver",
        ),
        # a city of two words inside the longer name
        ("San Francisco Giants fans gathered in San Francisco on Monday.", "San Francisco Giants", "San Francisco"),
    ],
)
def test_a_longer_name_with_the_city_in_the_article_keeps_it_an_organisation(
    tagger: EntityTagger, text: str, longer: str, city: str
) -> None:
    alone = Entity(f"org:{slug(city)}", city, "ORG", [mentions(text, city)[1]])
    out = link(tagger, [org(longer, text), alone], text)
    assert [e.id for e in out] == [f"org:{slug(longer)}", f"org:{slug(city)}"]


def test_alternate_names_and_acronyms_are_not_cities(tagger: EntityTagger) -> None:
    # Alternate names of cities are other words in English ("Google" is an alternate name of Topeka).
    text = "Protests in Google and in LA went on."
    out = link(tagger, [org("Google", text), org("LA", text)], text)
    assert [(e.id, e.label) for e in out] == [("org:google", "ORG"), ("org:la", "ORG")]


def test_a_city_listed_beside_a_known_place_is_the_place(tagger: EntityTagger) -> None:
    text = "Berlin, Vancouver and Hanover have bid for the games. Vancouver said nothing more."
    berlin = Entity("gn:2950159", "Berlin", "LOC", mentions(text, "Berlin"), linked=True, linked_by="kb")
    out = link(tagger, [berlin, org("Vancouver", text)], text)
    city = next(e for e in out if e.id.startswith("gn:") and e.name == "Vancouver")
    assert [m.start for m in city.mentions] == [text.index("Vancouver")]
    assert next(e for e in out if e.id == "org:vancouver").label == "ORG"  # the second, alone, stays


def test_a_list_beside_a_place_no_table_knows_is_left_alone(tagger: EntityTagger) -> None:
    text = "At the Oval, Vancouver captain Chris Lewis batted."
    oval = Entity("loc:oval", "Oval", "LOC", mentions(text, "Oval"))
    out = link(tagger, [oval, org("Vancouver", text)], text)
    assert [e.id for e in out] == ["loc:oval", "org:vancouver"]


def test_a_city_spelt_one_letter_off_its_own_name_is_the_city(tagger: EntityTagger) -> None:
    text = "The singer grew up in Hanover and still lives near Hanover airport."
    (city,) = link(tagger, [org("Hanover", text)], text)
    assert (city.id, city.label, len(city.mentions)) == ("gn:2910831", "LOC", 2)  # GeoNames' Hannover


def test_other_alternate_names_of_a_city_stay_organisations(tagger: EntityTagger) -> None:
    text = "Investors met in Google offices on Monday."
    (company,) = link(tagger, [org("Google", text)], text)
    assert (company.id, company.label) == ("org:google", "ORG")


@pytest.mark.parametrize(("name", "geonameid"), [("Cologne", 2886242), ("Vienna", 2761369)])
def test_a_large_city_by_its_english_name_is_the_city(tagger: EntityTagger, name: str, geonameid: int) -> None:
    # GeoNames' own names are "Köln" and "Wien": the English ones are among the alternate names.
    text = f"The trade fair opened in {name} on Monday, and {name} airport was busy."
    (city,) = link(tagger, [org(name, text)], text)
    assert (city.id, city.label, len(city.mentions)) == (f"gn:{geonameid}", "LOC", 2)

"""A large city the model tagged as an organisation is the city outside a team-sport article."""

from __future__ import annotations

from streams.entities import EntityTagger
from streams.records import Entity, Mention

NEWS = "Delegates met in Vancouver on Monday. Vancouver hotels were full, the mayor said."
MATCH = (
    "Vancouver beat Toronto 3-1: the striker scored two goals, the goalkeeper saved a penalty, the coach "
    "praised the squad and the fans in the stadium after the league match."
)


def org(name: str, text: str) -> Entity:
    start = text.index(name)
    return Entity(f"org:{name.lower().replace(' ', '-')}", name, "ORG", [Mention("text", start, start + len(name))])


def link(tagger: EntityTagger, entities: list[Entity], text: str) -> list[Entity]:
    return tagger._link_places(entities, "en", {"title": "", "text": text})


def test_a_city_tagged_as_an_organisation_is_the_city(tagger: EntityTagger) -> None:
    (city,) = link(tagger, [org("Vancouver", NEWS)], NEWS)
    assert city.id.startswith("gn:") and (city.label, city.linked, city.linked_by) == ("LOC", True, "kb")


def test_in_a_match_report_it_stays_an_organisation(tagger: EntityTagger) -> None:
    (club,) = link(tagger, [org("Vancouver", MATCH)], MATCH)
    assert (club.id, club.label, club.linked) == ("org:vancouver", "ORG", False)


def test_a_longer_name_with_the_city_in_the_article_keeps_it_an_organisation(tagger: EntityTagger) -> None:
    text = "Vancouver Whitecaps signed a sponsor. Vancouver said the deal ran to 2030."
    whitecaps = org("Vancouver Whitecaps", text)
    alone = Entity("org:vancouver", "Vancouver", "ORG", [Mention("text", 38, 47)])
    out = link(tagger, [whitecaps, alone], text)
    assert [e.id for e in out] == ["org:vancouver-whitecaps", "org:vancouver"]


def test_alternate_names_and_acronyms_are_not_cities(tagger: EntityTagger) -> None:
    # Alternate names of cities are other words in English ("Google" is an alternate name of Topeka).
    text = "Google said it would appeal; LA said nothing."
    out = link(tagger, [org("Google", text), org("LA", text)], text)
    assert [(e.id, e.label) for e in out] == [("org:google", "ORG"), ("org:la", "ORG")]

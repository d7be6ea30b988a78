"""The rest of a name a country or a curated organisation opens names the same body as the whole."""

from __future__ import annotations

from streams.entities import EntityTagger
from streams.entities.nested import bodies_of_known_names
from streams.records import Entity, Mention


def at(text: str, surface: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention("text", start, start + len(surface))


def owner(entity_id: str, name: str, label: str, *mentions: Mention) -> Entity:
    return Entity(entity_id, name, label, list(mentions), linked=True, linked_by="kb")


def test_a_country_s_institution_takes_the_country_and_its_rest_is_a_mention() -> None:
    text = "The Ruritanian delegation met the FR Senate on Monday. The Senate voted later."
    body = Entity("org:fr-senate", "FR Senate", "ORG", [at(text, "FR Senate")])
    alone = Entity("org:senate", "Senate", "ORG", [at(text, "Senate", 1)])
    france = owner("iso:FR", "France", "LOC", at(text, "FR"))
    out = bodies_of_known_names([body, france, alone], {"title": "", "text": text})
    senate = next(e for e in out if e.id == "org:senate@iso:FR")
    assert [text[m.start : m.end] for m in senate.mentions] == ["FR Senate", "Senate", "Senate"]
    assert (senate.name, senate.linked, senate.linked_by) == ("Senate", True, "article")
    assert len(out) == 2  # the Senate named alone joined it


def test_a_rest_of_two_words_names_the_body_whoever_opens_it() -> None:
    text = "the UN Trade Tribunal ruled; the United Nations Trade Tribunal had said so"
    short = Entity("org:un-trade-tribunal", "UN Trade Tribunal", "ORG", [at(text, "UN Trade Tribunal")])
    long = Entity("org:united-nations-trade-tribunal", "United Nations Trade Tribunal", "ORG",
                  [at(text, "United Nations Trade Tribunal")])
    un = owner("org:un", "United Nations", "ORG", at(text, "UN"), at(text, "United Nations"))
    out = bodies_of_known_names([short, long, un], {"title": "", "text": text})
    ids = {e.id: [text[m.start : m.end] for m in e.mentions] for e in out}
    assert ids["org:trade-tribunal"] == [
        "UN Trade Tribunal", "Trade Tribunal", "United Nations Trade Tribunal", "Trade Tribunal"
    ]


def test_a_one_word_rest_or_a_listed_body_keeps_its_id_and_gains_the_mention() -> None:
    text = "the EU Commission said"
    commission = owner("org:european-commission", "European Commission", "ORG", at(text, "EU Commission"))
    eu = owner("org:eu", "European Union", "ORG", at(text, "EU"))
    out = bodies_of_known_names([commission, eu], {"title": "", "text": text})
    assert out[0].id == "org:european-commission"
    assert [text[m.start : m.end] for m in out[0].mentions] == ["EU Commission", "Commission"]


def test_nothing_changes_without_a_capitalised_rest_or_for_a_place_or_a_list() -> None:
    text = "the FR-backed plan; the EU Germany talks; Paris Metro Lines"
    plan = Entity("misc:fr-backed-plan", "FR-backed plan", "MISC", [at(text, "FR-backed plan")])
    talks = Entity("org:eu-germany", "EU Germany", "ORG", [at(text, "EU Germany")])
    metro = Entity("org:paris-metro-lines", "Paris Metro Lines", "ORG", [at(text, "Paris Metro Lines")])
    inner = [
        owner("iso:FR", "France", "LOC", at(text, "FR")),
        owner("org:eu", "European Union", "ORG", at(text, "EU")),
        owner("iso:DE", "Germany", "LOC", at(text, "Germany")),
        owner("gn:2988507", "Paris", "LOC", at(text, "Paris")),
    ]
    out = bodies_of_known_names([plan, talks, metro, *inner], {"title": "", "text": text})
    assert {e.id: len(e.mentions) for e in out if not e.linked} == {
        "misc:fr-backed-plan": 1, "org:eu-germany": 1, "org:paris-metro-lines": 1
    }


def test_tagger_gives_the_owner_and_the_body_inside_a_listed_name(gaz_tagger: EntityTagger) -> None:
    text = "The United Nations Security Council met. The UN Security Council voted."
    out = {e.id: [text[m.start : m.end] for m in e.mentions] for e in gaz_tagger.tag("", text, "en")}
    assert out["org:un"] == ["United Nations", "UN"]
    assert out["org:un-security-council"] == [
        "United Nations Security Council", "Security Council", "UN Security Council", "Security Council"
    ]


def test_a_rest_the_curated_file_knows_in_the_owner_s_context_is_that_organisation() -> None:
    text = "The US Democratic Party met. The Democratic Party voted."
    party = Entity("org:us-democratic-party", "US Democratic Party", "ORG", [at(text, "US Democratic Party")])
    alone = Entity("org:democratic-party", "Democratic Party", "ORG", [at(text, "Democratic Party", 1)])
    us = owner("iso:US", "United States", "LOC", at(text, "US"))
    out = bodies_of_known_names([party, us, alone], {"title": "", "text": text})
    democrats = next(e for e in out if e.id == "org:democratic-party-us")
    assert (democrats.linked_by, democrats.label, len(democrats.mentions)) == ("kb", "ORG", 3)


def test_a_one_word_rest_that_names_nothing_alone_is_no_mention() -> None:
    text = "the China Daily reported"
    daily = Entity("org:china-daily", "China Daily", "ORG", [at(text, "China Daily")])
    china = owner("iso:CN", "China", "LOC", at(text, "China"))
    out = bodies_of_known_names([daily, china], {"title": "", "text": text})
    assert [(e.id, len(e.mentions)) for e in out] == [("org:china-daily", 1), ("iso:CN", 1)]

"""One-word organisation names several known organisations share: the one named by that word and
generic words alone."""

from __future__ import annotations

import pytest

from streams.entities.ids import name_id
from streams.entities.registry import EntityRegistry, RegistryConfig
from streams.records import Entity, Mention

DAY = 86400.0


def ent(name: str, label: str = "ORG", start: int = 0) -> Entity:
    return Entity(name_id(label, name), name, label, [Mention("text", start, start + len(name))])


@pytest.mark.parametrize(
    ("short", "club", "other"),
    [
        ("Kaiserslautern", "FC Kaiserslautern", "Credit Kaiserslautern"),  # a word the tagger ran in
        ("Sion", "FC Sion", "Crédit Sion"),
        ("Köln", "1. FC Köln", "Köln Messe"),  # numbers and letters are generic
    ],
)
def test_one_word_name_takes_the_organisation_it_names_with_generic_words(short: str, club: str, other: str) -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent(club)], 0)
    registry.resolve([ent(other)], DAY)
    out = registry.resolve([ent(short)], 2 * DAY)
    assert (out[0].id, out[0].linked_by) == (name_id("ORG", club), "registry")


def test_in_the_article_too_the_word_alone_is_the_club() -> None:
    registry = EntityRegistry(RegistryConfig())
    named = [ent("Credit Kaiserslautern"), ent("FC Kaiserslautern", start=40), ent("Kaiserslautern", start=80)]
    out = registry.resolve(named, 0)
    ids = {e.id: len(e.mentions) for e in out}
    assert ids == {"org:credit-kaiserslautern": 1, "org:fc-kaiserslautern": 2}


def test_of_two_organisations_named_by_the_word_alone_the_shortest_name() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Schalke 04")], 0)
    registry.resolve([ent("Group F. Schalke")], DAY)  # a results table's heading run into the name
    out = registry.resolve([ent("Schalke")], 2 * DAY)
    assert (out[0].id, out[0].linked_by) == ("org:schalke-04", "registry")


def test_two_organisations_named_by_the_word_alone_as_long_stay_ambiguous() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("FC Sion")], 0)
    registry.resolve([ent("Sion 1909")], DAY)
    out = registry.resolve([ent("Sion")], 2 * DAY)
    assert (out[0].id, out[0].linked_by) == ("org:sion", None)


def test_institution_words_are_left_to_the_article_country() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Trinamool Congress")], 0)
    registry.resolve([ent("National Congress")], DAY)
    out = registry.resolve([ent("Congress")], 2 * DAY)
    assert out[0].linked_by is None


def test_qualified_names_are_not_named_by_the_word_alone() -> None:
    # "Reich de la Suisse": "Suisse" is a word of its own, even after "de".
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Reich de la Suisse")], 0)
    registry.resolve([ent("IIIe Reich")], DAY)
    out = registry.resolve([ent("Reich")], 2 * DAY)
    assert out[0].linked_by is None


@pytest.mark.parametrize(
    ("long", "short"),
    [
        ("Nordic Carbide Corporation", "Nordic Carbide"),  # a legal form written out or not
        ("Banque Lémanique SA", "Banque Lémanique"),
        ("The Daily Courier", "Daily Courier"),
    ],
)
def test_one_name_written_two_ways_in_an_article_is_one_entity(long: str, short: str) -> None:
    registry = EntityRegistry(RegistryConfig())
    out = registry.resolve([ent(long), ent(short, start=60)], 0)
    assert [(e.id, len(e.mentions)) for e in out] == [(name_id("ORG", long), 2)]
    later = registry.resolve([ent(short)], DAY)
    assert later[0].id == name_id("ORG", long)


@pytest.mark.parametrize(
    ("full", "word"),
    [("Council of Ruritania", "Council"), ("Banque de Ruritanie", "Banque"), ("Court of Appeal of Zenda", "Court")],
)
def test_generic_word_joins_the_organisation_it_heads_before_its_qualifier(full: str, word: str) -> None:
    registry = EntityRegistry(RegistryConfig())
    out = registry.resolve([ent(full), ent(word, start=40)], 0)
    assert [(e.id, len(e.mentions)) for e in out] == [(name_id("ORG", full), 2)]
    # Not a word after the qualifier: "Ruritania" is not a generic word, and "of" is never a head.
    assert registry.resolve([ent(word)], DAY)[0].id == name_id("ORG", word)  # another article: alone


@pytest.mark.parametrize(("first", "then"), [("West", "Western"), ("Western", "West"), ("Eastern", "East")])
def test_a_compass_adjective_names_the_region_its_point_names(first: str, then: str) -> None:
    registry = EntityRegistry(RegistryConfig())
    region = registry.resolve([ent(first, "LOC")], 0)[0]
    out = registry.resolve([ent(then, "MISC")], DAY)[0]
    assert (out.id, out.linked_by) == (region.id, "registry")


def test_other_adjectives_keep_their_own_id() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("West", "LOC")], 0)
    out = registry.resolve([ent("Westerly", "MISC")], DAY)[0]
    assert out.id == "misc:westerly"


def test_the_end_of_a_compound_word_names_the_organisation_of_the_article() -> None:
    from streams.entities.ids import name_id
    from streams.entities.registry import EntityRegistry, RegistryConfig
    from streams.records import Entity, Mention

    text = "Borussia Mönchengladbach beat Mainz. Gladbach scored twice; Mainz fans left early."

    def at(name: str, label: str) -> Entity:
        start = text.index(name)
        return Entity(name_id(label, name), name, label, [Mention("text", start, start + len(name))])

    registry = EntityRegistry(RegistryConfig())
    out = registry.resolve([at("Borussia Mönchengladbach", "ORG"), at("Gladbach", "PER")], 0, text=text)
    assert [(e.id, len(e.mentions)) for e in out] == [("org:borussia-monchengladbach", 2)]


def test_the_compound_end_names_a_club_the_model_tagged_as_a_person_the_window_knows() -> None:
    from streams.entities.ids import name_id
    from streams.entities.registry import EntityRegistry, RegistryConfig
    from streams.records import Entity, Mention

    def at(text: str, name: str, label: str) -> Entity:
        start = text.index(name)
        return Entity(name_id(label, name), name, label, [Mention("text", start, start + len(name))])

    registry = EntityRegistry(RegistryConfig())
    first = "Sportverein Grossenkirchhausen lost."
    registry.resolve([at(first, "Sportverein Grossenkirchhausen", "ORG")], 0, text=first)
    # The next article's model tags the club as a person: the window gives it the club's id, and
    # its compound's end ("Kirchhausen") then names the club too.
    text = "Sportverein Grossenkirchhausen drew. Kirchhausen stay fourth."
    out = registry.resolve(
        [at(text, "Sportverein Grossenkirchhausen", "PER"), at(text, "Kirchhausen", "PER")], 1, text=text
    )
    assert [(e.id, len(e.mentions)) for e in out] == [("org:sportverein-grossenkirchhausen", 2)]


def test_a_short_end_or_a_known_surname_is_not_taken_for_the_compound() -> None:
    from streams.entities.ids import name_id
    from streams.entities.registry import EntityRegistry, RegistryConfig
    from streams.records import Entity, Mention

    def ent(name: str, label: str, start: int = 0) -> Entity:
        return Entity(name_id(label, name), name, label, [Mention("text", start, start + len(name))])

    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Helmut Schmidt", "PER")], 0)
    out = registry.resolve([ent("Goldschmidt Holdings", "ORG"), ent("Schmidt", "PER", 30), ent("Bach", "PER", 40)], 1)
    assert {e.name: e.id for e in out} == {
        "Goldschmidt Holdings": "org:goldschmidt-holdings",
        "Helmut Schmidt": "per:helmut-schmidt",
        "Bach": "per:bach",
    }


def test_a_name_run_on_from_the_compound_holder_is_left_out() -> None:
    from streams.entities.article_names import TAIL, compound_tails
    from streams.records import Entity, Mention

    def org(name: str) -> Entity:
        return Entity("org:" + name.lower().replace(" ", "-"), name, "ORG", [Mention("text", 0, len(name))])

    tails = compound_tails([org("Borussia Mönchengladbach Best"), org("Borussia Mönchengladbach"), org("Foals")])
    assert {name for _id, name in tails[TAIL + "gladbach"]} == {"Borussia Mönchengladbach"}
    assert TAIL + "bach" not in tails  # too short an end to stand for the name


def test_a_french_generic_head_alone_is_not_the_short_form_of_another_article_body() -> None:
    # "la Chambre" in one article is not the "Chambre des lords" of an earlier one, nor "la Ligue"
    # another article's "Ligue des patriotes".
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Chambre des lords", "ORG"), ent("Ligue des patriotes", "ORG", 40)], 0)
    later = registry.resolve([ent("Chambre", "ORG"), ent("Ligue", "ORG", 40)], DAY)
    assert {e.name: e.id for e in later} == {"Chambre": "org:chambre", "Ligue": "org:ligue"}


def test_a_surname_tagged_as_an_organisation_is_the_person_the_article_names_in_full() -> None:
    registry = EntityRegistry(RegistryConfig())
    out = registry.resolve([ent("Marta Velloso", "PER"), ent("Velloso", "ORG", 40)], 0)
    assert [e.id for e in out] == ["per:marta-velloso"]
    # Not a person of another article, nor a word the window knows as an organisation alone.
    later = registry.resolve([ent("Velloso", "ORG")], DAY)
    assert later[0].id == "org:velloso"
    maker = EntityRegistry(RegistryConfig())
    maker.resolve([ent("Brandt", "ORG")], 0)
    both = maker.resolve([ent("Karl Brandt", "PER"), ent("Brandt", "ORG", 40)], DAY)
    assert {e.id for e in both} == {"per:karl-brandt", "org:brandt"}
    # A company's legal form after the surname makes it the company ("Velloso SE").
    firm = EntityRegistry(RegistryConfig()).resolve([ent("Marta Velloso", "PER"), ent("Velloso SE", "ORG", 40)], 0)
    assert {e.id for e in firm} == {"per:marta-velloso", "org:velloso-se"}


def test_a_first_name_beside_its_full_name_beats_the_same_word_seen_alone_before() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Umberto", "PER")], 0)
    out = registry.resolve([ent("Umberto Ricci", "PER"), ent("Umberto", "PER", 40)], DAY)
    assert {e.id for e in out} == {"per:umberto-ricci"}
    # With no full name of it in the article, the word keeps the window's id.
    assert registry.resolve([ent("Umberto", "PER")], 2 * DAY)[0].id == "per:umberto"

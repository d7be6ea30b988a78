"""The entity registry: short forms take the id of a full form seen earlier in the stream."""

from __future__ import annotations

from typing import Any

import pytest

from streams.entities.ids import name_id
from streams.entities.registry import EntityRegistry, RegistryConfig
from streams.records import Entity, Mention

DAY = 86400.0


def ent(name: str, label: str, start: int = 0, linked_id: str | None = None) -> Entity:
    """An entity as the tagger gives it: its own name id (or a knowledge-base id), one mention."""
    if linked_id is not None:
        return Entity(linked_id, name, label, [Mention("text", start, start + len(name))], linked=True, linked_by="kb")
    return Entity(name_id(label, name), name, label, [Mention("text", start, start + len(name))])


def resolve(registry: EntityRegistry, ts: float, *entities: Entity, text: str = "") -> dict[str, Entity]:
    return {e.name: e for e in registry.resolve(list(entities), ts, text=text)}


@pytest.fixture
def store() -> dict[str, Any]:
    return {}


def test_surname_in_a_later_article_takes_the_full_name_id(store: dict[str, Any]) -> None:
    registry = EntityRegistry(RegistryConfig(), store)
    first = resolve(registry, 0, ent("Angela Merkel", "PER"))
    assert first["Angela Merkel"].id == "per:angela-merkel"
    assert first["Angela Merkel"].linked_by == "article"
    later = registry.resolve([ent("Merkel", "PER")], DAY)
    assert (later[0].id, later[0].name, later[0].linked_by) == ("per:angela-merkel", "Angela Merkel", "registry")
    # French article, titled surname: the same id.
    fr = registry.resolve([ent("Mme Merkel", "PER")], 2 * DAY)
    assert fr[0].id == "per:angela-merkel"


def test_ambiguous_surname_stays_unlinked_and_is_counted() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Bill Clinton", "PER")], 0)
    registry.resolve([ent("Hillary Clinton", "PER")], DAY)
    out = registry.resolve([ent("Clinton", "PER")], 2 * DAY)
    assert (out[0].id, out[0].linked_by) == ("per:clinton", None)
    assert registry.counters()["ambiguous_unlinked"] == 1


def test_full_name_in_the_same_article_beats_the_window_ambiguity() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Bill Clinton", "PER")], 0)
    out = registry.resolve([ent("Hillary Clinton", "PER"), ent("Clinton", "PER", 40)], DAY)
    assert [(e.id, e.linked_by) for e in out] == [("per:hillary-clinton", "article")]
    assert len(out[0].mentions) == 2


def test_spelling_variants_of_a_full_name_share_one_id() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Wolfgang Schäuble", "PER")], 0)
    assert registry.resolve([ent("Wolfgang Schaeuble", "PER")], DAY)[0].id == "per:wolfgang-schauble"
    registry.resolve([ent("Hillary Clinton", "PER")], 0)
    assert registry.resolve([ent("Hillary Rodham Clinton", "PER")], DAY)[0].id == "per:hillary-clinton"
    # Not a variant: another first name.
    assert registry.resolve([ent("Bill Clinton", "PER")], DAY)[0].id == "per:bill-clinton"


def test_role_before_a_surname_is_not_a_second_person() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Angela Merkel", "PER")], 0)
    out = registry.resolve([ent("Chancellor Merkel", "PER")], DAY)
    assert out[0].id == "per:angela-merkel"
    assert registry.resolve([ent("Merkel", "PER")], 2 * DAY)[0].id == "per:angela-merkel"


def test_acronym_given_in_parentheses_links_later_acronyms() -> None:
    registry = EntityRegistry(RegistryConfig())
    text = "Deutsche Welle (DW) reported."
    registry.resolve([ent("Deutsche Welle", "ORG")], 0, text=text)
    out = registry.resolve([ent("DW", "ORG")], DAY)
    assert (out[0].id, out[0].linked_by) == ("org:deutsche-welle", "registry")
    text_fr = "le Rassemblement national (RN) a gagné."
    registry.resolve([ent("Rassemblement national", "ORG", 3)], 0, text=text_fr)
    assert registry.resolve([ent("RN", "ORG")], DAY)[0].id == "org:rassemblement-national"


def test_acronym_in_the_same_article_merges_into_its_expansion() -> None:
    registry = EntityRegistry(RegistryConfig())
    text = "Deutsche Welle (DW) said. DW added."
    out = registry.resolve([ent("Deutsche Welle", "ORG"), ent("DW", "ORG", 16), ent("DW", "ORG", 26)], 0, text=text)
    assert len(out) == 1
    assert (out[0].id, out[0].linked_by, len(out[0].mentions)) == ("org:deutsche-welle", "article", 3)


def test_acronym_seen_alone_first_keeps_its_id_when_the_expansion_comes() -> None:
    registry = EntityRegistry(RegistryConfig())
    assert registry.resolve([ent("GM", "ORG")], 0)[0].id == "org:gm"
    later = registry.resolve([ent("General Motors", "ORG")], DAY)
    assert (later[0].id, later[0].name) == ("org:gm", "General Motors")
    assert registry.resolve([ent("GM", "ORG")], 2 * DAY)[0].id == "org:gm"


def test_acronym_of_a_knowledge_base_entity_takes_its_id() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Islamic State", "ORG", linked_id="org:islamic-state")], 0)
    out = registry.resolve([ent("IS", "ORG")], DAY)
    assert out[0].id == "org:islamic-state"


def test_club_short_name_but_not_the_city() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Bayern Munich", "ORG")], 0)
    out = registry.resolve([ent("Bayern", "ORG"), ent("Munich", "LOC", 20, linked_id="gn:2867714")], DAY)
    ids = {e.name: e.id for e in out}
    assert ids == {"Bayern Munich": "org:bayern-munich", "Munich": "gn:2867714"}
    # Two clubs of one city: the city's name alone stays unlinked.
    registry.resolve([ent("Borussia Dortmund", "ORG")], 0)
    registry.resolve([ent("Dortmund Giants", "ORG")], 0)
    assert registry.resolve([ent("Dortmund", "ORG")], DAY)[0].id == "org:dortmund"


def test_knowledge_base_ids_are_never_changed() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Jordan Peterson", "PER")], 0)
    out = registry.resolve([ent("Jordan", "LOC", linked_id="iso:JO")], DAY)
    assert (out[0].id, out[0].linked_by) == ("iso:JO", "kb")


def test_forgets_after_the_window_and_sweeps_the_store() -> None:
    config = RegistryConfig(window_seconds=10 * int(DAY))
    registry = EntityRegistry(config)
    registry.resolve([ent("Angela Merkel", "PER")], 0)
    assert registry.resolve([ent("Merkel", "PER")], 11 * DAY)[0].id == "per:merkel"
    # The sweep (due every quarter window of event time) ran with that article: only the lone
    # surname it registered is left (a full name given later may take its id).
    assert list(registry.store) == ["p:merkel"]
    assert [c[0] for c in registry._candidates("p:merkel", 11 * DAY)] == ["per:merkel"]
    registry.resolve([ent("Olaf Scholz", "PER")], 12 * DAY)
    assert registry.expire(30 * DAY) == 4  # p:merkel, n:olaf scholz, p:scholz, g:olaf
    assert registry.store == {}


def test_full_name_after_its_lone_surname_takes_the_surname_id() -> None:
    registry = EntityRegistry(RegistryConfig())
    assert registry.resolve([ent("Chirac", "PER")], 0)[0].id == "per:chirac"
    later = registry.resolve([ent("Jacques Chirac", "PER")], DAY)
    assert (later[0].id, later[0].name, later[0].linked_by) == ("per:chirac", "Jacques Chirac", "registry")
    # A second person of that surname gets an id of their own, and the surname alone is then ambiguous.
    assert registry.resolve([ent("Bernadette Chirac", "PER")], DAY)[0].id == "per:bernadette-chirac"
    assert registry.resolve([ent("Chirac", "PER")], 2 * DAY)[0].linked_by is None


def test_state_is_all_in_the_store_a_new_instance_resumes() -> None:
    store: dict[str, Any] = {}
    EntityRegistry(RegistryConfig(), store).resolve([ent("Angela Merkel", "PER")], 0)
    restarted = EntityRegistry(RegistryConfig(), store)  # e.g. a worker restored from the changelog
    assert restarted.resolve([ent("Merkel", "PER")], DAY)[0].id == "per:angela-merkel"


def test_store_values_are_written_by_assignment_and_json_plain() -> None:
    class AssignOnly(dict[str, Any]):
        writes = 0

        def __setitem__(self, key: str, value: Any) -> None:
            AssignOnly.writes += 1
            super().__setitem__(key, value)

    store = AssignOnly()
    registry = EntityRegistry(RegistryConfig(), store)
    registry.resolve([ent("Angela Merkel", "PER")], 0)
    writes = AssignOnly.writes
    registry.resolve([ent("Angela Merkel", "PER")], 60)  # within refresh_seconds: no new record
    assert AssignOnly.writes == writes
    for value in store.values():
        assert isinstance(value, str)  # JSON-able, one string per key
    assert registry._candidates("n:angela merkel", 60) == [("per:angela-merkel", "Angela Merkel")]
    # A malformed value (another release's layout, a hand edit) reads as no registration.
    store["p:merkel"] = {"per:angela-merkel": [0, "Angela Merkel"]}
    assert registry.resolve([ent("Merkel", "PER")], 120)[0].id == "per:merkel"


def test_ids_per_key_are_bounded() -> None:
    registry = EntityRegistry(RegistryConfig(max_ids_per_key=3))
    for i, first in enumerate(["Anna", "Bert", "Carl", "Dora", "Emil"]):
        registry.resolve([ent(f"{first} Meyer", "PER")], i)
    kept = [c[0] for c in registry._candidates("p:meyer", 4)]
    assert kept == ["per:carl-meyer", "per:dora-meyer", "per:emil-meyer"]  # the oldest went first


def test_counters_report_links_by_way() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Angela Merkel", "PER"), ent("France", "LOC", 20, linked_id="iso:FR")], 0)
    registry.resolve([ent("Merkel", "PER"), ent("Scholz", "PER", 10)], DAY)
    counters = registry.counters()
    assert counters["linked_by_article"] == 1 and counters["linked_by_kb"] == 1
    assert counters["linked_by_registry"] == 1 and counters["linked_by_none"] == 1
    assert counters["registry_keys"] == len(registry.store)


def test_config_is_checked() -> None:
    with pytest.raises(ValueError):
        RegistryConfig(window_seconds=0)


def test_only_one_full_name_takes_a_lone_surname_id() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Clinton", "PER")], 0)
    assert registry.resolve([ent("Hillary Clinton", "PER")], 60)[0].id == "per:clinton"
    assert registry.resolve([ent("Bill Clinton", "PER")], 120)[0].id == "per:bill-clinton"


def test_given_acronym_beats_initials() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Data Watchdog", "ORG")], 0)  # initials DW: a guess
    registry.resolve([ent("Deutsche Welle", "ORG")], 0, text="Deutsche Welle (DW)")
    assert registry.resolve([ent("DW", "ORG")], DAY)[0].id == "org:deutsche-welle"


def test_acronym_used_beside_its_expansion_is_no_longer_a_guess() -> None:
    registry = EntityRegistry(RegistryConfig())
    text = "Deutsche Welle said. DW added."
    registry.resolve([ent("Deutsche Welle", "ORG"), ent("DW", "ORG", 21)], 0, text=text)
    registry.resolve([ent("Data Watchdog", "ORG")], 60)
    assert registry.resolve([ent("DW", "ORG")], DAY)[0].id == "org:deutsche-welle"


def test_initials_alone_shared_by_two_organisations_stay_unlinked() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Deutsche Welle", "ORG")], 0)
    registry.resolve([ent("Data Watchdog", "ORG")], 60)
    out = registry.resolve([ent("DW", "ORG")], DAY)
    assert (out[0].id, out[0].linked_by) == ("org:dw", None)


def test_a_known_surname_the_model_took_for_a_place_is_the_person() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Vladimir Putin", "PER"), ent("Kanye West", "PER", 20)], 0)
    out = {e.name: e.id for e in registry.resolve([ent("Putin", "LOC"), ent("West", "LOC", 10)], DAY)}
    assert out == {"Vladimir Putin": "per:vladimir-putin", "West": "loc:west"}


def test_generic_word_joins_the_one_organisation_of_the_article_it_ends() -> None:
    registry = EntityRegistry(RegistryConfig())
    out = registry.resolve([ent("European Commission", "ORG"), ent("Commission", "ORG", 30)], 0)
    assert [(e.id, len(e.mentions)) for e in out] == [("org:european-commission", 2)]
    # In another article without the full name the word alone is not linked.
    assert registry.resolve([ent("Commission", "ORG")], DAY)[0].id == "org:commission"


def test_plural_and_singular_one_word_names_share_an_id() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Republicans", "MISC")], 0)
    assert registry.resolve([ent("Republican", "MISC")], DAY)[0].id == "misc:republicans"


def test_family_name_first_for_east_asian_names() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Ban Ki-moon", "PER")], 0)
    assert registry.resolve([ent("Ban", "PER")], DAY)[0].id == "per:ban-ki-moon"


def test_a_double_barrelled_surname_does_not_make_the_given_name_a_surname() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Tariq Karim", "PER")], 0)
    registry.resolve([ent("Karim Lenz-Probst", "PER")], DAY)
    # "Karim" is Tariq Karim's surname only: not ambiguous with a given name taken for a family name.
    assert registry.resolve([ent("Karim", "PER")], 2 * DAY)[0].id == "per:tariq-karim"


def test_entities_without_mentions_or_with_odd_names_do_not_break_it() -> None:
    registry = EntityRegistry(RegistryConfig())
    odd = [Entity("per:x", "Jean\tDupont\n", "PER", []), Entity("org:y", "Y Corp", "ORG", []), ent("Y Corp", "ORG")]
    out = registry.resolve(odd, 0)
    # "Y Corp" twice is one name ("Corp" is a legal form, not part of it): one entity, the first id.
    assert {e.id for e in out} == {"per:x", "org:y"}
    assert registry.resolve([ent("Dupont", "PER")], 60)[0].id == "per:x"


def test_acronym_left_out_by_the_tagger_joins_its_expansion() -> None:
    text = "Shares of General Motors fell. GM said its plants were safe. WHAT GM SAID was denied."
    gm = Entity("org:general-motors", "General Motors", "ORG", [Mention("text", 10, 24)])
    out = EntityRegistry(RegistryConfig()).resolve([gm], 0.0, text=text)
    assert [text[m.start : m.end] for m in out[0].mentions] == ["General Motors", "GM"]  # not the heading


def test_acronym_two_organisations_of_the_article_share_is_left_alone() -> None:
    text = "General Motors and Green Mountain: GM is up."
    first = Entity("org:general-motors", "General Motors", "ORG", [Mention("text", 0, 14)])
    second = Entity("org:green-mountain", "Green Mountain", "ORG", [Mention("text", 19, 33)])
    out = EntityRegistry(RegistryConfig()).resolve([first, second], 0.0, text=text)
    assert [len(e.mentions) for e in out] == [1, 1]


def test_acronym_in_a_french_article_joins_its_kb_expansion() -> None:
    text = "Le groupe État islamique a revendiqué l'attaque ; l'EI contrôle encore la ville. Selon l'EI, ..."
    ei = Entity("org:islamic-state", "État islamique", "ORG", [Mention("text", 10, 24)], linked=True)
    out = EntityRegistry(RegistryConfig()).resolve([ei], 0.0, text=text)
    assert [text[m.start : m.end] for m in out[0].mentions] == ["État islamique", "EI", "EI"]
    assert out[0].linked_by == "kb"


def test_surname_in_an_article_with_two_full_forms_takes_the_one_named_most() -> None:
    # "Kristalina Georgieva" three times, and a span the tagger ran into the word before ("Yet
    # Georgieva") once: "Georgieva" is the first.
    full = ent("Kristalina Georgieva", "PER")
    full.mentions += [Mention("text", 100, 120), Mention("text", 200, 220)]
    registry = EntityRegistry(RegistryConfig())
    out = resolve(registry, 0, full, ent("Yet Georgieva", "PER", 300), ent("Georgieva", "PER", 400))
    assert out["Kristalina Georgieva"].id == "per:kristalina-georgieva"
    assert len(out["Kristalina Georgieva"].mentions) == 4
    # Mme Georgieva dans un article français : le même choix.
    fr = resolve(EntityRegistry(RegistryConfig()), 0, full, ent("Mme Georgieva", "PER", 500))
    assert fr["Kristalina Georgieva"].id == "per:kristalina-georgieva"


def test_one_word_name_keeps_its_id_whatever_label_the_model_gives_it_later() -> None:
    registry = EntityRegistry(RegistryConfig())
    first = registry.resolve([ent("Oxfam", "ORG")], 0)
    later = registry.resolve([ent("Oxfam", "PER")], DAY)  # "Oxfam a dénoncé...": tagged as a person
    elsewhere = registry.resolve([ent("Oxfams", "LOC")], 2 * DAY)
    assert first[0].id == later[0].id == elsewhere[0].id == "org:oxfam"
    assert later[0].linked_by == "registry"


def test_club_named_by_one_word_and_generic_ones_takes_the_id_of_that_word_seen_alone() -> None:
    registry = EntityRegistry(RegistryConfig())
    alone = registry.resolve([ent("Schalke", "ORG")], 0)
    full = registry.resolve([ent("Schalke 04", "ORG")], DAY)
    assert full[0].id == alone[0].id == "org:schalke"
    # Two distinctive words: "Bayer" alone (the company) is not "Bayer Leverkusen" (the club).
    registry.resolve([ent("Bayer", "ORG")], 0)
    assert registry.resolve([ent("Bayer Leverkusen", "ORG")], DAY)[0].id == "org:bayer-leverkusen"


def test_first_name_alone_stands_for_the_person_the_article_names_in_full() -> None:
    registry = EntityRegistry(RegistryConfig())
    out = resolve(registry, 0, ent("Cindy Santos", "PER"), ent("Cindy", "PER", 50))
    assert [(e.id, len(e.mentions)) for e in out.values()] == [("per:cindy-santos", 2)]
    # In another article without the full name, a first name is no one in particular.
    assert registry.resolve([ent("Cindy", "PER")], DAY)[0].id == "per:cindy"
    fr = resolve(EntityRegistry(RegistryConfig()), 0, ent("Jean Dupont", "PER"), ent("Jean", "PER", 40))
    assert fr["Jean Dupont"].id == "per:jean-dupont" and len(fr["Jean Dupont"].mentions) == 2


def test_surname_with_a_particle_is_a_short_form() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Charles de Gaulle", "PER")], 0)
    assert registry.resolve([ent("de Gaulle", "PER")], DAY)[0].id == "per:charles-de-gaulle"
    assert registry.resolve([ent("Der Spiegel", "PER")], DAY)[0].linked_by == "article"  # not a surname


def test_names_the_tagger_ran_together_do_not_make_their_words_ambiguous() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent("Borussia Dortmund", "ORG"), ent("TSG Hoffenheim", "ORG", 30)], 0)
    registry.resolve([ent("Dortmund Hoffenheim", "ORG")], DAY)  # "Dortmund Hoffenheim 2-1" in a table
    later = registry.resolve([ent("Dortmund", "ORG"), ent("Hoffenheim", "ORG", 20)], 2 * DAY)
    assert [e.id for e in later] == ["org:borussia-dortmund", "org:tsg-hoffenheim"]


@pytest.mark.parametrize(("region", "state"), [("Lower Saxony", "Saxony"), ("Basse Normandie", "Normandie")])
def test_a_place_once_tagged_as_a_person_does_not_take_its_last_word(region: str, state: str) -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([ent(region, "LOC")], 0)
    # The model tags the region as a person once: its full name keeps the place's id...
    person = registry.resolve([ent(region, "PER")], DAY)
    assert person[0].id == name_id("LOC", region)
    # ...but its last word alone, tagged as a place, is another place, not that "person's" surname.
    out = registry.resolve([ent(state, "LOC")], 2 * DAY)
    assert out[0].id == name_id("LOC", state)


@pytest.mark.parametrize(
    ("institution", "name"),
    [("Goethe Institute", "Goethe"), ("Fondation Jean Jaurès", "Jaurès"), ("Nobel Prize", "Nobel")],
)
def test_an_institution_named_in_someones_honour_is_not_named_by_that_name_alone(institution: str, name: str) -> None:
    registry = EntityRegistry(RegistryConfig())
    # The model tags the person as an organisation beside the institution, in one article and later.
    same = registry.resolve([ent(institution, "ORG"), ent(name, "ORG", 40)], 0)
    assert len({e.id for e in same}) == 2
    later = registry.resolve([ent(name, "ORG")], DAY)
    assert later[0].id != name_id("ORG", institution)
    # An organisation named otherwise keeps its distinctive word: "Bayern" after "Bayern Munich".
    registry.resolve([ent("Bayern Munich", "ORG")], 0)
    assert registry.resolve([ent("Bayern", "ORG")], DAY)[0].id == "org:bayern-munich"

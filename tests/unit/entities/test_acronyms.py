"""Acronyms and their expansions: written in mixed case, spelling a legal form, or the acronym of a
knowledge-base entity given in parentheses."""

from __future__ import annotations

import pytest

from streams.entities.acronyms import short_form_of, wording_key
from streams.entities.forms import forms, is_acronym, parenthesised_acronym, parenthesised_acronym_span
from streams.entities.registry import EntityRegistry, RegistryConfig
from streams.entities.registry_store import decode
from streams.records import Entity, Mention

DAY = 86400.0


def at(text: str, surface: str, entity_id: str, label: str = "ORG", linked: bool = False, nth: int = 0) -> Entity:
    """An entity with the mention of the ``nth`` occurrence of ``surface`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Entity(
        entity_id, surface, label, [Mention("text", start, start + len(surface))],
        linked=linked, linked_by="kb" if linked else None,
    )


@pytest.mark.parametrize("name", ["BoJ", "DoD", "PhD", "DW", "U.N.", "AT&T"])
def test_acronyms_with_the_small_letter_of_a_function_word(name: str) -> None:
    assert is_acronym(name)


@pytest.mark.parametrize("name", ["McCain", "LeBron", "NBCUniversal", "Bo", "Paris"])
def test_names_in_mixed_case_are_not_acronyms(name: str) -> None:
    assert not is_acronym(name)


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("National Broadcasting Corporation", "nbc"),  # a legal form written out: the acronym spells it
        ("The Northern Broadcasting Corporation", "nbc"),
        ("Union Carbide Corporation", "ucc"),
        ("Nordic Metals Corp.", "nm"),  # abbreviated: left out
        ("Rhein Stahl AG", "rs"),
    ],
)
def test_initials_keep_a_legal_form_written_out(name: str, initials: str) -> None:
    assert forms(name, "ORG").initials == initials


def test_parenthesised_acronym_in_mixed_case_and_its_offsets() -> None:
    text = "the Bank of Ruritania (BoR) raised rates"
    end = text.index(" (")
    assert parenthesised_acronym(text, end) == "bor"
    span = parenthesised_acronym_span(text, end)
    assert span is not None and text[span[0] : span[1]] == "BoR"
    assert parenthesised_acronym_span("the Bank of Ruritania (in 1990)", end) is None


def test_mixed_case_acronym_given_in_parentheses_links_later_articles() -> None:
    registry = EntityRegistry(RegistryConfig())
    text = "The Bank of Ruritania (BoR) held rates. The BoR said inflation was low."
    bank = at(text, "Bank of Ruritania", "org:bank-of-ruritania")
    first = registry.resolve([bank, at(text, "BoR", "org:bor"), at(text, "BoR", "org:bor", nth=1)], 0.0, text=text)
    assert [(e.id, len(e.mentions)) for e in first] == [("org:bank-of-ruritania", 3)]
    later = registry.resolve([Entity("org:bor", "BoR", "ORG", [Mention("text", 4, 7)])], DAY, text="The BoR cut rates.")
    assert (later[0].id, later[0].linked_by) == ("org:bank-of-ruritania", "registry")


def test_expansion_followed_by_a_knowledge_base_acronym_takes_its_id() -> None:
    registry = EntityRegistry(RegistryConfig())
    text = "Fighting between the Kurdistan Workers' Party (PKK) and the army went on; the PKK denied it."
    full = at(text, "Kurdistan Workers' Party", "org:kurdistan-workers-party")
    pkk = [at(text, "PKK", "org:pkk", linked=True), at(text, "PKK", "org:pkk", linked=True, nth=1)]
    out = registry.resolve([full, *pkk], 0.0, text=text)
    assert [(e.id, e.linked_by, len(e.mentions)) for e in out] == [("org:pkk", "kb", 3)]
    # A later article that gives the expansion alone takes the same id.
    alone = "The Kurdistan Workers' Party said so."
    later = registry.resolve([at(alone, "Kurdistan Workers' Party", "org:kurdistan-workers-party")], DAY, text=alone)
    assert later[0].id == "org:pkk"


def test_expansion_in_french_takes_the_knowledge_base_id_of_its_acronym() -> None:
    text = "Selon Médecins sans frontières (MSF), l'hôpital a été touché. MSF demande une enquête."
    full = at(text, "Médecins sans frontières", "org:medecins-sans-frontieres")
    msf = at(text, "MSF", "org:msf", linked=True)
    out = EntityRegistry(RegistryConfig()).resolve([full, msf], 0.0, text=text)
    assert [e.id for e in out] == ["org:msf"]


def test_knowledge_base_entity_elsewhere_than_in_the_parentheses_changes_nothing() -> None:
    text = "The Kurdistan Workers' Party (KWP) met. Separately, the PKK denied it."
    full = at(text, "Kurdistan Workers' Party", "org:kurdistan-workers-party")
    pkk = at(text, "PKK", "org:pkk", linked=True)
    out = EntityRegistry(RegistryConfig()).resolve([full, pkk], 0.0, text=text)
    assert sorted(e.id for e in out) == ["org:kurdistan-workers-party", "org:pkk"]


def test_person_before_an_acronym_in_parentheses_keeps_its_id() -> None:
    text = "Jean Dupont (UN) spoke for the UN."
    person = at(text, "Jean Dupont", "per:jean-dupont", label="PER")
    un = [at(text, "UN", "org:un", linked=True), at(text, "UN", "org:un", linked=True, nth=1)]
    out = EntityRegistry(RegistryConfig()).resolve([person, *un], 0.0, text=text)
    assert sorted(e.id for e in out) == ["org:un", "per:jean-dupont"]


def test_two_wordings_given_one_acronym_in_two_articles_are_one_entity() -> None:
    registry = EntityRegistry(RegistryConfig())
    first = "The Ruritanian Chess Association (RCV) banned the player."
    full = at(first, "Ruritanian Chess Association", "org:ruritanian-chess-association")
    one = registry.resolve([full], 0.0, text=first)
    later = "The Ruritanian Chess Federation (RCV) lifted the ban; the RCV said so."
    two = at(later, "Ruritanian Chess Federation", "org:ruritanian-chess-federation")
    out = registry.resolve([two, at(later, "RCV", "org:rcv", nth=1)], DAY, text=later)
    assert [e.id for e in out] == [one[0].id] == ["org:ruritanian-chess-association"]


def test_one_acronym_given_to_names_opening_with_other_words_stays_apart() -> None:
    registry = EntityRegistry(RegistryConfig())
    first = "The Ruritanian Chess Association (RCV) banned the player."
    registry.resolve([at(first, "Ruritanian Chess Association", "org:ruritanian-chess-association")], 0.0, text=first)
    later = "The Royal Cycling Volunteers (RCV) rode on."
    out = registry.resolve([at(later, "Royal Cycling Volunteers", "org:royal-cycling-volunteers")], DAY, text=later)
    assert out[0].id == "org:royal-cycling-volunteers"


@pytest.mark.parametrize(
    ("acronym", "name", "expected"),
    [
        ("KW", "Kalmarwagen", True),  # letters inside the one word
        ("Rbk", "Ruritanian Bank", True),
        ("NFG", "Norder Forschungsgemeinschaft", True),
        ("RFID", "Radio Frequency Identification", True),
        ("DW", "Golden Dawn", False),  # the first letter opens no first word
        ("KTE", "Kalmarstan People League", False),  # "e" inside a word after the one of "t"
        ("BVB", "Borussia Kalmar", False),
        ("K", "Kalmarwagen", False),
    ],
)
def test_short_form_of_a_name(acronym: str, name: str, expected: bool) -> None:
    assert short_form_of(acronym, name) is expected


def test_acronym_that_is_no_initials_joins_the_one_name_of_its_article() -> None:
    registry = EntityRegistry(RegistryConfig())
    text = "Kalmarwagen recalled 2,000 cars. KW shares fell."
    out = registry.resolve([at(text, "Kalmarwagen", "org:kalmarwagen"), at(text, "KW", "org:kw")], 0.0, text=text)
    assert [(e.id, len(e.mentions)) for e in out] == [("org:kalmarwagen", 2)]
    later = "KW said so."
    again = registry.resolve([at(later, "KW", "org:kw")], DAY, text=later)
    assert (again[0].id, again[0].linked_by) == ("org:kalmarwagen", "registry")


def after_one(first: str, surface: str, first_id: str, text: str, *found: tuple[str, str]) -> tuple[
    EntityRegistry, list[Entity]
]:
    """A registry that read ``surface`` in ``first``, and the entities of ``text`` (surface, id
    pairs) it resolves a day later."""
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([at(first, surface, first_id)], 0.0, text=first)
    return registry, registry.resolve([at(text, s, i) for s, i in found], DAY, text=text)


def test_acronym_seen_alone_first_keeps_its_id_when_its_name_comes() -> None:
    text = "Kalmarwagen said KW would pay."
    found = [("Kalmarwagen", "org:kalmarwagen"), ("KW", "org:kw")]
    registry, out = after_one("KW recalled 2,000 cars.", "KW", "org:kw", text, *found)
    assert [e.id for e in out] == ["org:kw"]
    later = "KW shares rose; Kalmarwagen was pleased."
    again = registry.resolve(
        [at(later, "KW", "org:kw"), at(later, "Kalmarwagen", "org:kalmarwagen")], 2 * DAY, text=later
    )
    assert [e.id for e in again] == ["org:kw"]


def test_acronym_two_names_of_the_article_may_stand_for_is_left_alone() -> None:
    text = "Kalmarwagen and Kleinwerk merged; KW said so."
    names = [at(text, "Kalmarwagen", "org:kalmarwagen"), at(text, "Kleinwerk", "org:kleinwerk")]
    entities = [*names, at(text, "KW", "org:kw")]
    out = EntityRegistry(RegistryConfig()).resolve(entities, 0.0, text=text)
    assert sorted(e.id for e in out) == ["org:kalmarwagen", "org:kleinwerk", "org:kw"]


def test_acronym_the_window_knows_by_another_name_keeps_it() -> None:
    first, text = "The Data Watch (DW) reported it.", "Dorfwerk cut jobs, DW reported."
    found = [("Dorfwerk", "org:dorfwerk"), ("DW", "org:dw")]
    _registry, out = after_one(first, "Data Watch", "org:data-watch", text, *found)
    assert sorted(e.id for e in out) == ["org:data-watch", "org:dorfwerk"]


def test_one_name_worded_two_ways_across_articles_is_one_entity() -> None:
    assert wording_key("Federation of Ruritanian Industries") == wording_key("Federation of Ruritanian Industry")
    assert wording_key("Observatory for Ruritanian Rights") == wording_key("Observatory on Ruritanian Rights")
    assert wording_key("University of Ruritania") == wording_key("Ruritania University")  # word order
    assert wording_key("Party of the Regions") == wording_key("Party of Regions")
    assert wording_key("Ruritanian Rights") is None  # two words, neither generic: too many things
    assert wording_key("National Assembly") is None  # two generic words: every country has one
    registry = EntityRegistry(RegistryConfig())
    first = "The Observatory for Ruritanian Rights said so."
    known = at(first, "Observatory for Ruritanian Rights", "org:observatory-for-ruritanian-rights")
    registry.resolve([known], 0.0, text=first)
    later = "The Observatory on Ruritanian Rights said so."
    worded = at(later, "Observatory on Ruritanian Rights", "org:observatory-on-ruritanian-rights")
    out = registry.resolve([worded], DAY, text=later)
    assert (out[0].id, out[0].linked_by) == ("org:observatory-for-ruritanian-rights", "registry")


def registrations_after(first_ts: float) -> dict[str, set[str]]:
    """The store after "KW" alone, then "Kalmarwagen" alone at ``first_ts``, then an article a day
    after the first that pairs the two ("KW" the window's, so the name takes its id)."""
    registry = EntityRegistry(RegistryConfig())
    alone = "KW recalled 2,000 cars."
    registry.resolve([at(alone, "KW", "org:kw")], 0.0, text=alone)
    named = "Kalmarwagen opened a plant."
    registry.resolve([at(named, "Kalmarwagen", "org:kalmarwagen")], first_ts, text=named)
    text = "Kalmarwagen said KW would pay."
    out = registry.resolve([at(text, "Kalmarwagen", "org:kalmarwagen"), at(text, "KW", "org:kw")], DAY, text=text)
    assert [e.id for e in out] == ["org:kw"]
    return {key: set(decode(value)) for key, value in registry.store.items() if "kalmarwagen" in key}


def test_an_earlier_article_of_the_same_second_keeps_its_registrations() -> None:
    # The pairing takes back nothing: what an article registered stays, whatever its event time.
    assert registrations_after(DAY) == registrations_after(DAY - 1)
    assert "org:kalmarwagen" in set.union(*registrations_after(DAY).values())

"""Acronyms and their expansions: written in mixed case, spelling a legal form, or the acronym of a
knowledge-base entity given in parentheses."""

from __future__ import annotations

import pytest

from streams.entities.forms import forms, is_acronym, parenthesised_acronym, parenthesised_acronym_span
from streams.entities.registry import EntityRegistry, RegistryConfig
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

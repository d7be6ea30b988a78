"""Generic names of curated organisations the model missed, found in their context."""

from __future__ import annotations

from streams.entities.context_missed import mark_curated, missed_context_names
from streams.entities.known_names import add_known_names
from streams.records import Entity, Mention


def place(text: str, name: str, entity_id: str) -> Entity:
    starts = [i for i in range(len(text)) if text.startswith(name, i)]
    mentions = [Mention("text", s, s + len(name)) for s in starts]
    return Entity(entity_id, name, "LOC", mentions, linked=True, linked_by="kb")


def found_names(text: str, entities: list[Entity]) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.entity_id) for f in missed_context_names(entities, {"title": "", "text": text})]


def test_a_generic_name_in_its_country_is_the_curated_organisation() -> None:
    text = "In Germany, Left party leader Anna Roth met the Greens. Germany votes. Left turns are banned."
    germany = place(text, "Germany", "iso:DE")
    found = found_names(text, [germany])
    # "Left" opening a sentence says nothing; inside one it is the party.
    assert found == [("Left", "org:die-linke"), ("Greens", "org:greens-germany")]
    out = mark_curated(add_known_names([germany], missed_context_names([germany], {"title": "", "text": text})), [])
    assert {e.id for e in out} == {"iso:DE", "org:die-linke", "org:greens-germany"}


def test_other_countries_and_longer_names_are_no_context() -> None:
    # A Belgian article naming France once: its "Socialists" are not the French party.
    text = "Belgium's coalition: Belgium's Liberals and the francophone Socialists agreed, as in France."
    assert found_names(text, [place(text, "Belgium", "iso:BE"), place(text, "France", "iso:FR")]) == []
    # Run into another capitalised word, a generic name is part of another name.
    us = "The United States team beat Green Bay. United States fans cheered the Green Bay Packers."
    assert found_names(us, [place(us, "United States", "iso:US")]) == []


def test_found_names_take_the_knowledge_base_link() -> None:
    text = "In France, the Socialists won. France rejoiced."
    france = place(text, "France", "iso:FR")
    found = missed_context_names([france], {"title": "", "text": text})
    out = mark_curated(add_known_names([france], found), found)
    party = next(e for e in out if e.id == "org:parti-socialiste")
    assert (party.linked, party.linked_by, party.label) == (True, "kb", "ORG")

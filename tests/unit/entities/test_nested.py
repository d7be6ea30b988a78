"""Names within names: a knowledge-base name inside a longer name is a mention of its own entity."""

from __future__ import annotations

import pytest

from streams.entities import EntityTagger
from streams.entities.gazetteer import Gazetteer
from streams.entities.nested import InnerName, add_inner_names, compound_names, is_inner, outermost
from streams.records import Entity, Mention


def span(text: str, surface: str) -> tuple[int, int]:
    start = text.index(surface)
    return start, start + len(surface)


@pytest.mark.parametrize(
    ("text", "inner", "outer", "expected"),
    [
        ("the US Defense Department said", "US", "US Defense Department", True),
        ("the Bank of Ruritania and France", "Ruritania", "Bank of Ruritania", True),
        ("flights on AirAsia were", "Asia", "AirAsia", False),  # inside a word
        ("in France today", "France", "France", False),  # the same span is not inside
    ],
)
def test_is_inner_takes_whole_words_strictly_inside(text: str, inner: str, outer: str, expected: bool) -> None:
    assert is_inner(text, *span(text, inner), *span(text, outer)) is expected


def test_inner_name_joins_its_entity_or_makes_one(gazetteer: Gazetteer) -> None:
    text = "The US Defense Department and the EU Commission met in Germany. The EU agreed."
    dept_span = Mention("text", *span(text, "US Defense Department"))
    dept = Entity("org:us-defense-department", "US Defense Department", "ORG", [dept_span])
    commission_at = span(text, "EU Commission")
    commission = Entity("org:european-commission", "EU Commission", "ORG", [Mention("text", *commission_at)])
    eu_alone = text.rindex("EU")
    eu = Entity("org:eu", "European Union", "ORG", [Mention("text", eu_alone, eu_alone + 2)], linked=True)
    us_entry = gazetteer.lookup("US", "en")
    eu_entry = gazetteer.lookup("EU", "en")
    assert us_entry is not None and eu_entry is not None
    inner = [
        InnerName("text", *span(text, "US"), us_entry),
        InnerName("text", commission_at[0], commission_at[0] + 2, eu_entry),
    ]
    out = add_inner_names([dept, commission, eu], inner, "en")
    ids = {e.id: [text[m.start : m.end] for m in e.mentions] for e in out}
    assert ids["iso:US"] == ["US"]
    assert ids["org:eu"] == ["EU", "EU"]
    assert ids["org:us-defense-department"] == ["US Defense Department"]  # the longer name keeps its span
    assert [e.id for e in out][:2] == ["org:us-defense-department", "iso:US"]  # in mention order
    us = next(e for e in out if e.id == "iso:US")
    assert (us.linked, us.linked_by, us.label) == (True, "kb", "LOC")


def test_inner_name_inside_a_mention_of_its_own_entity_is_left_out(gazetteer: Gazetteer) -> None:
    gambia = Entity("iso:GM", "Gambia", "LOC", [Mention("text", 0, 10)], linked=True, linked_by="kb")  # "The Gambia"
    entry = gazetteer.lookup("Gambia", "en")
    assert entry is not None
    out = add_inner_names([gambia], [InnerName("text", 4, 10, entry)], "en")
    assert [(e.id, len(e.mentions)) for e in out] == [("iso:GM", 1)]


def test_inner_name_no_longer_inside_any_mention_is_dropped(gazetteer: Gazetteer) -> None:
    entry = gazetteer.lookup("Allemagne", "fr")
    assert entry is not None
    out = add_inner_names([], [InnerName("text", 0, 9, entry)], "fr")
    assert out == []


def test_outermost_keeps_the_flat_layer() -> None:
    spans = [(4, 25, "ORG"), (4, 6, "LOC"), (30, 36, "LOC"), (30, 36, "LOC")]
    assert outermost(spans) == [(4, 25, "ORG"), (30, 36, "LOC"), (30, 36, "LOC")]


@pytest.mark.parametrize(
    ("lang", "text", "outer", "inner", "inner_id"),
    [
        (
            "en",
            "Officials at the US Defense Department said on Monday that talks would go on.",
            "US Defense Department",
            "US",
            "iso:US",
        ),
        (
            "fr",
            "Le ministère de la Défense a confirmé lundi que les discussions continuaient avec la Commission de l'UE.",
            "Commission de l'UE",
            "UE",
            "org:eu",
        ),
    ],
)
def test_tagger_gives_the_inner_name_its_own_entity(
    tagger: EntityTagger, lang: str, text: str, outer: str, inner: str, inner_id: str
) -> None:
    entities = tagger.tag("", text, lang)
    found = {(text[m.start : m.end], e.id) for e in entities for m in e.mentions}
    assert any(surface == outer for surface, _id in found)  # the longer name keeps its span
    assert (inner, inner_id) in found


@pytest.mark.parametrize(
    ("surface", "names"),
    [
        ("Munich-based", ["Munich"]),
        ("New York-born", ["New York"]),
        ("UN-backed", ["UN"]),
        ("Hong-Kong-based", ["Hong-Kong"]),
        ("Ruritania-like", ["Ruritania"]),  # what it is like
        ("Bush-era", []),  # a person's name before the hyphen
        ("Saxony-Anhalt", []),  # a name of its own
        ("anti-EU", []),
    ],
)
def test_compound_names_before_a_word_of_origin(gazetteer: Gazetteer, surface: str, names: list[str]) -> None:
    text = f"A {surface} group said so."
    start = text.index(surface)
    group = Entity("misc:x", surface, "MISC", [Mention("text", start, start + len(surface))])
    entry = gazetteer.lookup("France", "en")
    found = compound_names([group], {"text": text}, lambda _name: entry)
    assert [text[n.start : n.end] for n in found] == names


@pytest.mark.parametrize(
    ("surface", "names"),
    [
        ("EU-China relations", ["EU", "China"]),
        ("Ruritania-Borduria border", ["Ruritania", "Borduria"]),
        ("Ruritania-Anhalt", []),  # one part unknown: a name of its own ("Saxony-Anhalt")
        ("Guinea-Bissau", []),  # the whole a known name
        ("EU-China-Ruritania talks", []),  # three in a row: left to the model
    ],
)
def test_two_known_names_a_hyphen_joins(gazetteer: Gazetteer, surface: str, names: list[str]) -> None:
    text = f"The {surface} were discussed."
    start = text.index(surface)
    outer = Entity("misc:x", surface, "MISC", [Mention("text", start, start + len(surface))])
    entry = gazetteer.lookup("France", "en")
    known = {"EU", "China", "Ruritania", "Borduria", "Guinea", "Bissau", "Guinea-Bissau"}
    found = compound_names([outer], {"text": text}, lambda name: entry if name in known else None)
    assert [text[n.start : n.end] for n in found] == names


def test_tagger_gives_a_compound_place_its_own_entity(tagger: EntityTagger) -> None:
    text = "The Munich-based carmaker and a US-led coalition were named in the report on Tuesday."
    entities = tagger.tag("", text, "en")
    found = {(text[m.start : m.end], e.id) for e in entities for m in e.mentions}
    assert ("Munich", "gn:2867714") in found
    assert ("US", "iso:US") in found


def test_large_places_only_outside_the_model_place_spans() -> None:
    from streams.entities.kb import PlaceIndex

    places = PlaceIndex()
    assert places.lookup_large("Munich") == places.lookup("Munich")
    assert places.lookup_large("Massachusetts") is not None  # a US state
    small = places.lookup("Dinslaken")  # a town of some 70,000
    assert small is not None and places.lookup_large("Dinslaken") is None

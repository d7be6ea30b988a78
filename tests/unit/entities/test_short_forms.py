"""A one-word short form two organisations share goes to the one named by it and its town."""

from __future__ import annotations

from streams.entities.short_forms import the_one_named_by

PLACES = {"eastport": [("gn:1", "Eastport")], "lakeside": [("gn:2", "Lakeside")]}


def places(key: str) -> list[tuple[str, str]]:
    return PLACES.get(key, [])


def test_the_word_and_its_town_beat_a_name_that_ends_with_the_word() -> None:
    found = [("org:radio-rovers", "Radio Rovers"), ("org:rovers-eastport", "Rovers Eastport")]
    assert the_one_named_by(found, "rovers", places) == [("org:rovers-eastport", "Rovers Eastport")]


def test_two_names_opening_with_the_word_stay_ambiguous() -> None:
    found = [("org:united-eastport", "United Eastport"), ("org:united-westfield", "United Westfield")]
    assert the_one_named_by(found, "united", places) == []


def test_the_word_before_something_else_than_a_place_is_not_chosen() -> None:
    found = [("org:radio-rovers", "Radio Rovers"), ("org:rovers-records", "Rovers Records")]
    assert the_one_named_by(found, "rovers", places) == []


def test_the_word_with_generic_words_alone_is_chosen_first() -> None:
    found = [("org:fc-rovers", "FC Rovers"), ("org:rovers-eastport", "Rovers Eastport")]
    assert the_one_named_by(found, "rovers", places) == [("org:fc-rovers", "FC Rovers")]

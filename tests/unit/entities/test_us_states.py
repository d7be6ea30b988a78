"""A place whose name a US state shares is the state in an article that says so once."""

from __future__ import annotations

import pytest

from streams.entities import EntityTagger
from streams.records import Entity, Mention


def place(entity_id: str, name: str, text: str) -> Entity:
    mentions, start = [], text.find(name)
    while start >= 0:
        mentions.append(Mention("text", start, start + len(name)))
        start = text.find(name, start + 1)
    return Entity(entity_id, name, "LOC", mentions, linked=True, linked_by="kb")


@pytest.mark.parametrize(
    "text",
    [
        "Romney won Washington state on Saturday. Voters in Washington backed him.",
        "He was executed in the state of Washington. Washington has the death penalty.",
    ],
)
def test_the_article_saying_state_makes_every_mention_the_state(tagger: EntityTagger, text: str) -> None:
    city = tagger.places.lookup("Washington")
    state = tagger.places.us_state("Washington")
    assert city is not None and state is not None and city.id != state.id
    entity = place(city.id, "Washington", text)
    (out,) = tagger._link_places([entity], "en", {"title": "", "text": text})
    assert (out.id, len(out.mentions)) == (state.id, 2)


@pytest.mark.parametrize(
    "text",
    [
        "Officials in Washington said the state would act.",  # "state" not right after the name
        "The Washington statement was read out.",  # a longer word
        "Washington State University said nothing.",  # a name of its own
    ],
)
def test_without_the_words_the_place_keeps_its_id(tagger: EntityTagger, text: str) -> None:
    city = tagger.places.lookup("Washington")
    assert city is not None
    (out,) = tagger._link_places([place(city.id, "Washington", text)], "en", {"title": "", "text": text})
    assert out.id == city.id


def test_a_place_that_is_no_us_state_is_left_alone(tagger: EntityTagger) -> None:
    text = "Paris state officials met in Paris."
    paris = tagger.places.lookup("Paris")
    assert paris is not None
    (out,) = tagger._link_places([place(paris.id, "Paris", text)], "en", {"title": "", "text": text})
    assert out.id == paris.id

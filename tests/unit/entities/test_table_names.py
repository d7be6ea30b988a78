"""Two names a results table runs together are split back into the names the window knows."""

from __future__ import annotations

from streams.entities.ids import name_id
from streams.entities.table_names import split_run_together_names
from streams.records import Entity, Mention


def org(text: str, name: str) -> Entity:
    start = text.index(name)
    return Entity(name_id("ORG", name), name, "ORG", [Mention("text", start, start + len(name))])


def lookup(*names: str):  # noqa: ANN201 - a window lookup by name key
    known = {n.lower(): [(name_id("ORG", n), n)] for n in names}
    return lambda key: known.get(key, [])


def split(text: str, entity: Entity, full: tuple[str, ...], one: tuple[str, ...]) -> list[str]:
    out = split_run_together_names([entity], {"title": "", "text": text}, lookup(*full), lookup(*one), lookup())
    return [text[m.start : m.end] for e in out for m in e.mentions]


def test_two_known_clubs_in_a_fixture_list_are_split() -> None:
    text = "Saturday:\nNorth Rovers vs. Lakeside City Westport vs. Hillford"
    entity = org(text, "Lakeside City Westport")
    assert split(text, entity, ("Lakeside City",), ("Westport",)) == ["Lakeside City", "Westport"]


def test_a_name_the_window_knows_whole_is_kept() -> None:
    text = "North Rovers vs. Lakeside City Westport vs. Hillford"
    entity = org(text, "Lakeside City Westport")
    full = ("Lakeside City", "Lakeside City Westport")
    assert split(text, entity, full, ("Westport",)) == ["Lakeside City Westport"]


def test_two_one_word_names_are_never_split() -> None:
    text = "Results: Bayern Munich 2, Hillford 1"
    assert split(text, org(text, "Bayern Munich"), (), ("Bayern", "Munich")) == ["Bayern Munich"]


def test_a_name_inside_a_sentence_is_kept() -> None:
    text = "He joined the Lakeside City Westport club last year."
    entity = org(text, "Lakeside City Westport")
    assert split(text, entity, ("Lakeside City",), ("Westport",)) == ["Lakeside City Westport"]

"""A person's surname spelt another way in another article takes the person's id."""

from __future__ import annotations

from streams.entities.ids import name_id
from streams.entities.registry import EntityRegistry, RegistryConfig
from streams.entities.respelt import given_key, respelt
from streams.records import Entity, Mention

DAY = 86400.0


def person(name: str) -> Entity:
    return Entity(name_id("PER", name), name, "PER", [Mention("text", 0, len(name))])


def test_a_surname_one_letter_off_with_the_same_given_names() -> None:
    known = [("per:olena-kovalenko", "Olena Kovalenko"), ("per:olena-marchuk", "Olena Marchuk")]
    assert respelt("Olena Kovalenco", known) == [known[0]]  # replaced
    assert respelt("Olena Kovalennko", known) == [known[0]]  # added
    assert respelt("Olena Kvoalenko", known) == [known[0]]  # two swapped
    assert respelt("Olena Kovalenko", known) == []  # the same spelling is the surname key's
    assert respelt("Olga Kovalenco", known) == []  # another given name
    assert respelt("Olena Hovalenko", known) == []  # another first letter
    assert respelt("Olena Kovalenkova", known) == []  # two letters more


def test_short_surnames_and_one_word_names_are_left() -> None:
    assert respelt("Ann Leey", [("per:ann-lee", "Ann Lee")]) == []
    assert given_key("Kovalenko") is None
    assert given_key("Olena Kovalenko") == "olena"


def test_the_registry_gives_a_respelt_surname_the_persons_id() -> None:
    registry = EntityRegistry(RegistryConfig())
    first = registry.resolve([person("Olena Kovalenko")], 0)[0]
    later = registry.resolve([person("Olena Kovalenco")], DAY)[0]
    assert later.id == first.id == "per:olena-kovalenko"
    other = registry.resolve([person("Olga Kovalenco")], DAY)[0]
    assert other.id == "per:olga-kovalenco"


def at(text: str, name: str) -> Entity:
    start = text.index(name)
    return Entity(name_id("PER", name), name, "PER", [Mention("text", start, start + len(name))])


def test_one_person_written_two_ways_in_one_article_is_one_id_and_the_surname_stays_theirs() -> None:
    registry = EntityRegistry(RegistryConfig())
    text = "Olena Kovalenko spoke. Later Olena Kovalenco and Oleksandr Kovalenko's brother left."
    out = registry.resolve([at(text, "Olena Kovalenko"), at(text, "Olena Kovalenco")], 0, text=text)
    assert [(e.id, len(e.mentions)) for e in out] == [("per:olena-kovalenko", 2)]
    later = registry.resolve([person("Kovalenko")], DAY)[0]
    assert (later.id, later.linked_by) == ("per:olena-kovalenko", "registry")  # not ambiguous


def test_the_spelling_the_window_knows_wins_within_the_article() -> None:
    registry = EntityRegistry(RegistryConfig())
    registry.resolve([person("Marta Ferreira")], 0)
    text = "Martha Ferreira said so; Marta Ferreira agreed."
    out = registry.resolve([at(text, "Martha Ferreira"), at(text, "Marta Ferreira")], DAY, text=text)
    assert [e.id for e in out] == ["per:marta-ferreira"]

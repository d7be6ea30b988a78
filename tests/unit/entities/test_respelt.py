"""A person's surname spelt another way in another article takes the person's id."""

from __future__ import annotations

from streams.entities.ids import name_id
from streams.entities.registry import EntityRegistry, RegistryConfig
from streams.entities.respelt import given_key, respelt, transliterated
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


def test_a_name_transliterated_another_way() -> None:
    known = [("per:abed-rabbo-tarun", "Abed Rabbo Tarun"), ("per:yusuf-kemal", "Yusuf Kemal")]
    assert transliterated("Abd Rabbu Tarun", known) == [known[0]]  # a vowel dropped, one changed
    assert transliterated("Abed-Rabbo Taroun", known) == [known[0]]  # a hyphen, a vowel more
    assert transliterated("Yussuf Kemal", known) == [known[1]]  # a doubled letter
    umlaut = [("per:yuesuf-kemal", "Yuesuf Kemal")]
    assert transliterated("Yüsuf Kemal", umlaut) == umlaut
    assert transliterated("Yusaf Kemal", known) == []  # a vowel changed only: another name ("Dan", "Don")
    assert transliterated("Yusuf Kemala", known) == []  # a final "a": another person ("Daniel", "Daniela")
    assert transliterated("Yusuf Kemal Pasha", known) == []  # a word more
    assert transliterated("Kemal", known) == []  # a surname alone
    assert transliterated("Karl XI", [("per:karl-xii", "Karl XII")]) == []  # a regnal number as written


def test_the_registry_joins_a_transliteration_only_when_one_person_fits() -> None:
    registry = EntityRegistry(RegistryConfig())
    first = registry.resolve([person("Abed Rabbo Tarun")], 0)[0]
    later = registry.resolve([person("Abd Rabbu Tarun")], DAY)[0]  # found by the surname
    assert later.id == first.id == "per:abed-rabbo-tarun"
    registry.resolve([person("Omar Tarin")], DAY)
    assert registry.resolve([person("Omar Tariin")], DAY)[0].id == "per:omar-tarin"  # by the given name
    registry.resolve([person("Dan Tarin")], DAY)
    assert registry.resolve([person("Don Tarin")], DAY)[0].id == "per:don-tarin"  # a vowel changed only
    two = registry.resolve([person("Daan Tarin")], 2 * DAY)[0]
    assert two.id == "per:daan-tarin"  # "Dan Tarin" and "Don Tarin" both fit: left apart


def test_one_person_transliterated_two_ways_in_one_article_is_one_id() -> None:
    registry = EntityRegistry(RegistryConfig())
    text = "Abed Rabbo Tarun spoke. Later Abd Rabbu Tarun left."
    out = registry.resolve([at(text, "Abed Rabbo Tarun"), at(text, "Abd Rabbu Tarun")], 0, text=text)
    assert [(e.id, len(e.mentions)) for e in out] == [("per:abed-rabbo-tarun", 2)]
    later = registry.resolve([person("Tarun")], DAY)[0]
    assert (later.id, later.linked_by) == ("per:abed-rabbo-tarun", "registry")  # not ambiguous

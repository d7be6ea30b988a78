"""Words a heading or a line join ran into a person's name give the surname back."""

from __future__ import annotations

from streams.entities.ids import name_id
from streams.entities.registry import EntityRegistry, RegistryConfig
from streams.entities.run_in import drop_compound_tails, drop_run_in_words
from streams.records import Entity, Mention

DAY = 86400.0


def person(text: str, name: str, *surfaces: str) -> Entity:
    """A person entity with a mention at the first occurrence of each surface (in order)."""
    mentions, pos = [], 0
    for surface in surfaces:
        start = text.index(surface, pos)
        mentions.append(Mention("text", start, start + len(surface)))
        pos = start + len(surface)
    return Entity(name_id("PER", name), name, "PER", mentions)


def test_a_word_in_ing_the_article_writes_in_lower_case_is_not_a_given_name() -> None:
    text = "Hosting Assad idea 'a joke'\nBut the idea of Russia hosting Assad met scorn."
    entity = person(text, "Hosting Assad", "Hosting Assad", "Assad")
    drop_run_in_words([entity], {"title": "", "text": text})
    assert (entity.id, entity.name) == ("per:assad", "Assad")
    assert [text[m.start : m.end] for m in entity.mentions] == ["Assad", "Assad"]


def test_a_surname_written_twice_is_the_surname() -> None:
    text = "No more excuses for Poroshenko Poroshenko forced the resignation."
    entity = person(text, "Poroshenko Poroshenko", "Poroshenko Poroshenko")
    drop_run_in_words([entity], {"title": "", "text": text})
    assert entity.id == "per:poroshenko"
    assert [text[m.start : m.end] for m in entity.mentions] == ["Poroshenko"]
    assert entity.mentions[0].start == text.index("Poroshenko forced")


def test_a_name_whose_given_name_is_its_surname_stays_when_the_window_knows_no_one_else_by_it() -> None:
    text = "Afghan candidate Ahmad Ahmad rejects the vote audit."
    fields = {"title": "", "text": text}
    kept = person(text, "Ahmad Ahmad", "Ahmad Ahmad")
    drop_run_in_words([kept], fields, lambda key: [])
    assert kept.id == "per:ahmad-ahmad"
    # The window named someone else by that surname in full: the doubled name is a heading run in.
    cut = person(text, "Ahmad Ahmad", "Ahmad Ahmad")
    drop_run_in_words([cut], fields, lambda key: [("per:yusuf-ahmad", "Yusuf Ahmad")] if key == "ahmad" else [])
    assert cut.id == "per:ahmad"


def test_a_doubled_name_across_articles_of_the_registry() -> None:
    registry = EntityRegistry(RegistryConfig())
    first = "President Petro Vasko spoke."
    registry.resolve([person(first, "Petro Vasko", "Petro Vasko")], 0, text=first)
    heading = "No more excuses for Vasko Vasko forced the resignation."
    (run_in,) = registry.resolve([person(heading, "Vasko Vasko", "Vasko Vasko")], DAY, text=heading)
    assert run_in.id == "per:petro-vasko"
    fresh = EntityRegistry(RegistryConfig())
    text = "Candidate Omar Omar rejects the audit."
    (own,) = fresh.resolve([person(text, "Omar Omar", "Omar Omar")], 0, text=text)
    assert [text[m.start : m.end] for m in own.mentions] == ["Omar Omar"]


def test_given_names_stay() -> None:
    text = "Irving Berlin wrote songs. Will Smith will act, and Young Kim is young."
    people = [person(text, n, n) for n in ("Irving Berlin", "Will Smith", "Young Kim")]
    # Only a word in "-ing" is read as run in: "will" and "young" in lower case leave the names alone.
    drop_run_in_words(people, {"title": "", "text": text})
    assert [p.id for p in people] == ["per:irving-berlin", "per:will-smith", "per:young-kim"]


def test_a_lower_case_word_is_needed_for_a_word_in_ing() -> None:
    text = "Fleming Hansen visited Assad in Damascus."
    entity = person(text, "Fleming Hansen", "Fleming Hansen")
    drop_run_in_words([entity], {"title": "", "text": text})
    assert entity.id == "per:fleming-hansen"


def test_the_surname_stays_unambiguous_in_the_registry() -> None:
    registry = EntityRegistry(RegistryConfig())
    first = "Syrian President Bashar al-Assad spoke on Monday."
    registry.resolve([person(first, "Bashar al-Assad", "Bashar al-Assad")], 0, text=first)
    heading = "Hosting Assad idea 'a joke'\nThe idea of Russia hosting Assad met scorn."
    (hosted,) = registry.resolve([person(heading, "Hosting Assad", "Hosting Assad", "Assad")], DAY, text=heading)
    assert hosted.id == "per:bashar-al-assad"
    later = "Assad spoke again."
    (alone,) = registry.resolve([person(later, "Assad", "Assad")], 2 * DAY, text=later)
    assert (alone.id, alone.linked_by) == ("per:bashar-al-assad", "registry")


def test_the_word_of_a_compound_run_into_a_name_is_dropped() -> None:
    text = "The Kalmar-led commission met the Blue Hawk-backed club. Kalmar said so."
    led = Entity("per:kalmar-led", "Kalmar-led", "PER", [Mention("text", 4, 14)])
    backed = Entity("org:blue-hawk-backed", "Blue Hawk-backed", "ORG", [Mention("text", 34, 50)])
    drop_compound_tails([led, backed], {"title": "", "text": text})
    assert [(e.id, e.name) for e in (led, backed)] == [("per:kalmar", "Kalmar"), ("org:blue-hawk", "Blue Hawk")]
    assert [text[m.start : m.end] for e in (led, backed) for m in e.mentions] == ["Kalmar", "Blue Hawk"]
    # The registry then reads the name alone: the article's other mention of it is the same entity.
    later = Entity("per:kalmar", "Kalmar", "PER", [Mention("text", text.index("Kalmar said"), text.index(" said"))])
    out = EntityRegistry(RegistryConfig()).resolve([led, backed, later], DAY, text=text)
    assert sorted((e.id, len(e.mentions)) for e in out) == [("org:blue-hawk", 1), ("per:kalmar", 2)]


def test_a_compound_whose_name_is_another_entity_mention_is_left() -> None:
    text = "A Ruritania-like crisis."
    outer = Entity("misc:ruritania-like", "Ruritania-like", "MISC", [Mention("text", 2, 16)])
    place = Entity("iso:RU", "Ruritania", "LOC", [Mention("text", 2, 11)], linked=True, linked_by="kb")
    drop_compound_tails([outer, place], {"title": "", "text": text})
    assert (outer.id, outer.mentions[0].end) == ("misc:ruritania-like", 16)

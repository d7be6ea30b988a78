"""A descriptor a sentence opens with gives the known name after it back."""

from __future__ import annotations

from streams.entities.descriptors import drop_leading_descriptors, drop_leading_titles
from streams.entities.ids import name_id
from streams.records import Entity, Mention


def entity(text: str, name: str, label: str = "PER") -> Entity:
    """An entity with one mention at the first occurrence of its name."""
    start = text.index(name)
    return Entity(name_id(label, name), name, label, [Mention("text", start, start + len(name))])


def window(*names: str):  # noqa: ANN201 - a lookup of the window's full names
    known = {n.lower(): [(name_id("PER", n), n)] for n in names}
    return lambda key: known.get(key, [])


def surfaces(text: str, e: Entity) -> list[str]:
    return [text[m.start : m.end] for m in e.mentions]


def test_a_descriptor_before_a_name_the_window_knows_is_dropped() -> None:
    text = "The match ended 2-0. Striker Maria Lopez Garcia scored twice."
    e = entity(text, "Striker Maria Lopez Garcia")
    drop_leading_descriptors([e], {"title": "", "text": text}, window("Maria Lopez Garcia"))
    assert (e.id, e.name) == ("per:maria-lopez-garcia", "Maria Lopez Garcia")
    assert surfaces(text, e) == ["Maria Lopez Garcia"]


def test_a_descriptor_before_a_name_the_article_gives_is_dropped() -> None:
    text = "Broadcaster Daily News Channel said so. Daily News Channel later denied it."
    e = entity(text, "Broadcaster Daily News Channel", "ORG")
    other = Entity(name_id("ORG", "Daily News Channel"), "Daily News Channel", "ORG", [Mention("text", 40, 58)])
    drop_leading_descriptors([e, other], {"title": "", "text": text}, window())
    assert e.id == other.id == "org:daily-news-channel"
    assert surfaces(text, e) == ["Daily News Channel"]


def test_a_name_the_window_knows_whole_is_kept() -> None:
    text = "Will Carter Smith arrived. Carter Smith had left."
    e = entity(text, "Will Carter Smith")
    drop_leading_descriptors([e], {"title": "", "text": text}, window("Will Carter Smith", "Carter Smith"))
    assert e.name == "Will Carter Smith"


def test_a_first_word_of_the_known_name_is_kept() -> None:
    text = "Mark Anders Rutte spoke."
    e = entity(text, "Mark Anders Rutte")
    known = {"anders rutte": [("per:mark-anders-rutte", "Mark Anders Rutte")]}
    drop_leading_descriptors([e], {"title": "", "text": text}, lambda key: known.get(key, []))
    assert e.name == "Mark Anders Rutte"


def test_an_unknown_rest_or_a_mid_sentence_span_is_kept() -> None:
    # "Organiser" reads as a descriptor by its ending only: a given name may end so too ("Walter").
    text = "Organiser Ann Berg spoke. He met Organiser Tom Hill there."
    first = entity(text, "Organiser Ann Berg")
    inside = entity(text, "Organiser Tom Hill")
    drop_leading_descriptors([first, inside], {"title": "", "text": text}, window("Tom Hill"))
    assert (first.name, inside.name) == ("Organiser Ann Berg", "Organiser Tom Hill")


def test_a_role_noun_is_dropped_before_any_name_but_not_before_a_generic_word() -> None:
    text = "Striker Ann Berg scored. He met Rapper Zed there. Attorney General Bo Lind spoke."
    striker, rapper = entity(text, "Striker Ann Berg"), entity(text, "Rapper Zed", "MISC")
    office = entity(text, "Attorney General", "ORG")
    drop_leading_descriptors([striker, rapper, office], {"title": "", "text": text}, window())
    assert (striker.id, striker.name, surfaces(text, striker)) == ("per:ann-berg", "Ann Berg", ["Ann Berg"])
    assert (rapper.name, surfaces(text, rapper)) == ("Zed", ["Zed"])
    assert office.name == "Attorney General"


def test_a_role_noun_is_kept_where_the_window_knows_it_as_a_name() -> None:
    text = "Chef Anton Berg opened."
    e = entity(text, "Chef Anton Berg")
    drop_leading_descriptors([e], {"title": "", "text": text}, window("Chef Anton Berg"))
    assert e.name == "Chef Anton Berg"


def test_a_one_word_rest_is_kept() -> None:
    text = "Real Madrid won. Madrid celebrated."
    e = entity(text, "Real Madrid", "ORG")
    drop_leading_descriptors([e], {"title": "", "text": text}, window("Madrid"))
    assert e.name == "Real Madrid"


def test_an_auxiliary_opening_a_question_is_dropped_but_an_adjective_is_kept() -> None:
    text = "Has Golden Dawn Party lost? German Social Democrats met."
    question = entity(text, "Has Golden Dawn Party", "ORG")
    adjective = entity(text, "German Social Democrats", "ORG")
    known = window("Golden Dawn Party", "Social Democrats")
    drop_leading_descriptors([question, adjective], {"title": "", "text": text}, known)
    assert (question.name, adjective.name) == ("Golden Dawn Party", "German Social Democrats")


def test_a_given_name_before_a_surname_with_a_particle_is_kept() -> None:
    text = "Walter El Fassi said so."
    e = entity(text, "Walter El Fassi")
    drop_leading_descriptors([e], {"title": "", "text": text}, window("El Fassi"))
    assert e.name == "Walter El Fassi"


def test_a_title_before_a_full_name_or_a_surname_is_dropped() -> None:
    text = "Cardinal Joseph Weber met Chancellor Brandt. Weber left."
    cardinal = entity(text, "Cardinal Joseph Weber")
    chancellor = entity(text, "Chancellor Brandt")
    drop_leading_titles([cardinal, chancellor], {"title": "", "text": text})
    assert (cardinal.id, chancellor.id) == ("per:joseph-weber", "per:brandt")
    assert surfaces(text, cardinal) + surfaces(text, chancellor) == ["Joseph Weber", "Brandt"]


def test_a_rank_before_a_given_name_alone_stays_and_other_labels_too() -> None:
    text = "Prince Harold arrived at Queen Mary College."
    prince = entity(text, "Prince Harold")
    college = entity(text, "Queen Mary College", "ORG")
    drop_leading_titles([prince, college], {"title": "", "text": text})
    assert (prince.name, college.name) == ("Prince Harold", "Queen Mary College")

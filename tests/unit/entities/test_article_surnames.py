"""A person's surname alone where the model did not tag it, after the article named them in full."""

from __future__ import annotations

from streams.entities.article_surnames import add_untagged_surnames
from streams.entities.ids import name_id
from streams.records import Entity, Mention


def entity(text: str, name: str, label: str, *surfaces: str) -> Entity:
    mentions = []
    for surface in surfaces or (name,):
        start = text.index(surface)
        mentions.append(Mention("text", start, start + len(surface)))
    return Entity(name_id(label, name), name, label, mentions)


def surfaces(text: str, e: Entity) -> list[str]:
    return [text[m.start : m.end] for m in e.mentions]


def test_surname_alone_after_the_full_name_is_the_person() -> None:
    text = (
        "Minister Olga Winter spoke in Oslo. Later, Winter said talks went well, and Prime Minister Winter "
        "left. Winter's aides agreed."
    )
    person = entity(text, "Olga Winter", "PER")
    add_untagged_surnames([person], {"title": "", "text": text})
    assert surfaces(text, person) == ["Olga Winter", "Winter", "Winter", "Winter"]


def test_surname_in_small_letters_in_the_article_is_a_common_word() -> None:
    text = "Pia Winter arrived. Winter said the winter was long."
    person = entity(text, "Pia Winter", "PER")
    add_untagged_surnames([person], {"title": "", "text": text})
    assert surfaces(text, person) == ["Pia Winter"]


def test_surname_inside_another_name_or_shared_stays_untouched() -> None:
    text = "Ada Stone met Cora Hale. Ben Hale and Stone Partners spoke. Stone left."
    ada, cora = entity(text, "Ada Stone", "PER"), entity(text, "Cora Hale", "PER")
    firm = entity(text, "Stone Partners", "ORG")
    add_untagged_surnames([ada, cora, firm], {"title": "", "text": text})
    assert surfaces(text, ada) == ["Ada Stone"]  # "Stone" names an organisation of the article too
    assert surfaces(text, cora) == ["Cora Hale"]  # "Ben Hale" is another person: not alone


def test_a_month_surname_is_no_date() -> None:
    text = "Lena May spoke. In May, talks began; on May 3 they ended. So far, May has said nothing."
    person = entity(text, "Lena May", "PER")
    add_untagged_surnames([person], {"title": "", "text": text})
    assert surfaces(text, person) == ["Lena May", "May"]
    assert text[person.mentions[1].start - 8 : person.mentions[1].start] == "So far, "

"""Names misread by one letter beside the name itself in one article."""

from __future__ import annotations

from streams.entities.misread import join_misread_names
from streams.records import Entity, Mention


def entity(name: str, label: str, n: int, eid: str | None = None, linked: bool = False, at: int = 0) -> Entity:
    mentions = [Mention("text", at + 100 * k, at + 100 * k + len(name)) for k in range(n)]
    ident = eid or f"{label.lower()}:{name.lower()}"
    return Entity(ident, name, label, mentions, linked=linked, linked_by="kb" if linked else None)


def ids(before: list[Entity], after: list[Entity]) -> dict[str, str]:
    """Each name of ``before`` -> the id its mentions have in ``after``."""
    names = {m.start: e.name for e in before for m in e.mentions}
    return {names[m.start]: e.id for e in after for m in e.mentions}


def test_a_letter_misread_joins_the_better_attested_name() -> None:
    entities = [
        entity("Plymouth", "LOC", 1, "gn:2640194", linked=True),
        entity("Plymputh", "LOC", 1, at=1),
        entity("Bismarck", "PER", 3, at=2),
        entity("Bismarek", "PER", 1, at=3),
        entity("Conftantinople", "LOC", 1, at=4),
        entity("Constantinople", "LOC", 2, "gn:745044", linked=True, at=5),
        entity("Afie", "LOC", 1, at=6),
        entity("Asie", "LOC", 2, "gn:6255147", linked=True, at=7),
    ]
    before = [Entity(e.id, e.name, e.label, list(e.mentions)) for e in entities]
    got = join_misread_names(entities)
    assert ids(before, got) == {
        "Plymouth": "gn:2640194",
        "Plymputh": "gn:2640194",
        "Bismarck": "per:bismarck",
        "Bismarek": "per:bismarck",
        "Conftantinople": "gn:745044",
        "Constantinople": "gn:745044",
        "Afie": "gn:6255147",
        "Asie": "gn:6255147",
    }
    assert len(got) == 4


def test_short_names_other_labels_and_two_fits_stay_apart() -> None:
    entities = [
        entity("Tours", "LOC", 2, "gn:2972191", linked=True),
        entity("Toury", "LOC", 1, at=1),  # five letters: another town as often as a misreading
        entity("France", "LOC", 3, "iso:FR", linked=True, at=2),
        entity("Franco", "PER", 1, at=3),  # a person is not a place misread
        entity("Reuter", "ORG", 1, at=4),
        entity("Eeuter", "LOC", 2, at=5),  # the model's labels disagree: no telling which is right
        entity("Durand", "PER", 2, at=6),
        entity("Durant", "PER", 2, at=7),  # as often named: neither is the misreading
        entity("Louis XV", "PER", 2, at=8),
        entity("Louis XI", "PER", 1, at=9),  # a regnal number is no misread word
        entity("Germany", "LOC", 3, "iso:DE", linked=True, at=10),
        entity("Germans", "MISC", 1, at=11),  # a word's last letter: another form of the word
        entity("Kaduna", "LOC", 6, "gn:2335727", linked=True, at=12),
        entity("Kabuna", "LOC", 3, at=13),  # written so three times: a name of its own
    ]
    before = {e.name: e.id for e in entities}
    got = join_misread_names(entities)
    assert {e.name: e.id for e in got} == before


def test_a_misreading_of_two_names_is_left_alone() -> None:
    entities = [entity("Marlier", "PER", 2), entity("Martier", "PER", 2, at=1), entity("Marsier", "PER", 1, at=2)]
    assert {e.id for e in join_misread_names(entities)} == {"per:marlier", "per:martier", "per:marsier"}


def test_a_word_of_a_longer_name_and_a_lost_space_are_misreadings_too() -> None:
    entities = [
        entity("Lucien Tavernier", "PER", 3, "per:lucien-tavernier"),
        entity("Lueien Tavernier", "PER", 1, "per:lueien-tavernier", at=1),
        entity("Bibliothèque royale", "LOC", 2, "loc:bibliotheque-royale", at=2),
        entity("Bibliothèqueroyale", "LOC", 1, "loc:bibliothequeroyale", at=3),
        entity("Hugo Marc", "PER", 2, "per:hugo-marc", at=4),
        entity("Hugo Marx", "PER", 1, "per:hugo-marx", at=5),  # a short name: another person
    ]
    before = [Entity(e.id, e.name, e.label, list(e.mentions)) for e in entities]
    got = ids(before, join_misread_names(entities))
    assert got["Lueien Tavernier"] == "per:lucien-tavernier"
    assert got["Bibliothèqueroyale"] == "loc:bibliotheque-royale"
    assert got["Hugo Marx"] == "per:hugo-marx"

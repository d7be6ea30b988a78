"""Names the window knows, found in a later article where the tagger missed them (no model needed)."""

from __future__ import annotations

from streams.entities.ids import name_id
from streams.entities.known_names import Found, add_known_names, find_known_names, place_words
from streams.entities.registry import EntityRegistry, RegistryConfig
from streams.records import Entity, Mention

DAY = 86400.0
FULL = {
    "european parliament": [("org:european-parliament", "European Parliament")],
    "left party": [("org:die-linke", "Left Party")],
    "clinton foundation": [("org:a", "Clinton Foundation"), ("org:b", "Clinton Foundation")],
}
ONE = {"twitter": [("org:twitter", "Twitter")], "culture": [("org:culture", "Culture")]}
PLACES = {"pologne": [("iso:PL", "Poland")], "paris": [("gn:2988507", "Paris")]}


def ent(text: str, name: str, label: str, nth: int = 0) -> Entity:
    start = text.index(name)
    for _ in range(nth):
        start = text.index(name, start + 1)
    return Entity(name_id(label, name), name, label, [Mention("text", start, start + len(name))])


def found(text: str, *entities: Entity) -> list[tuple[str, str]]:
    hits = find_known_names(
        entities,
        {"title": "", "text": text},
        lambda k: FULL.get(k, []),
        lambda k: ONE.get(k, []),
        lambda k: PLACES.get(k, []),
    )
    return [(text[f.start : f.end], f.entity_id) for f in hits]


def test_a_known_name_the_tagger_missed_or_cut_is_found() -> None:
    text = "Critics said on Twitter that European Parliament President Martin Schulz and the Left party erred."
    european = ent(text, "European", "MISC")
    assert found(text, european, ent(text, "Martin Schulz", "PER")) == [
        ("Twitter", "org:twitter"),
        ("European Parliament", "org:european-parliament"),  # "European" inside it gives way
        ("Left party", "org:die-linke"),  # a generic last word in lower case: the name as news writes it
    ]


def test_never_over_a_mention_it_crosses_nor_an_ambiguous_name() -> None:
    text = "The Clinton Foundation met European Parliament President-elect officials."
    crossing = ent(text, "Parliament President-elect", "MISC")
    assert found(text, crossing) == []  # two ids for "Clinton Foundation"; a mention crosses the other


def test_a_one_word_name_only_inside_a_sentence_and_never_written_as_a_word() -> None:
    assert found("Twitter said so.") == []  # it opens the sentence: any word does
    assert found("He posted on Twitter. Many twitter about it.") == []  # a common word in this article
    assert found("He posted on Twitter's site.") == [("Twitter", "org:twitter")]
    assert found("He praised the Culture pavilion, where culture thrives.") == []


def test_a_known_place_alone_in_the_sentence_or_opening_a_dateline() -> None:
    assert found("Les délégués de la Pologne ont signé.") == [("Pologne", "iso:PL")]
    assert found("PARIS, 15 janvier. Le ministre part.") == [("PARIS", "gn:2988507")]  # a dateline
    assert found("Paris Hilton arrived. She met Hotel Paris staff.") == []  # part of a longer name
    assert found("Le train. Paris attend.") == []  # a sentence's first word, not a dateline


def test_place_words_are_a_knowledge_base_place_s_one_word_mentions_as_written() -> None:
    text = "La Pologne et Varsovie, la Basse-Silésie, la West Bank."
    poland = ent(text, "Pologne", "LOC")
    poland.id = "iso:PL"
    warsaw = ent(text, "Varsovie", "LOC")
    warsaw.id = "gn:756135"
    region = ent(text, "Basse-Silésie", "LOC")
    region.id = "gn:3337492"
    fields = {"title": "", "text": text}
    assert [place_words(e, fields) for e in (poland, warsaw, region)] == [{"pologne"}, {"varsovie"}, {"basse-silesie"}]
    assert place_words(ent(text, "West Bank", "LOC"), fields) == set()  # no knowledge-base id, two words


def test_add_known_names_joins_the_entity_of_its_id_and_drops_emptied_ones() -> None:
    text = "European Parliament members and Twitter users."
    european = ent(text, "European", "MISC")
    out = add_known_names([european], [Found("text", 0, 19, "org:european-parliament", "European Parliament")])
    assert [(e.id, e.label, e.linked_by, [(m.start, m.end) for m in e.mentions]) for e in out] == [
        ("org:european-parliament", "ORG", "registry", [(0, 19)])
    ]


def test_a_place_found_takes_its_knowledge_base_id_as_final() -> None:
    out = add_known_names([], [Found("text", 0, 7, "iso:PL", "Poland")])
    assert [(e.id, e.label, e.linked, e.linked_by) for e in out] == [("iso:PL", "LOC", True, "kb")]


def test_registry_links_a_name_a_later_article_leaves_untagged() -> None:
    registry = EntityRegistry(RegistryConfig())
    first = "The German Institute for International and Security Affairs said so."
    registry.resolve([ent(first, "German Institute for International and Security Affairs", "ORG")], 0, text=first)
    later = "Analysts at the German Institute for International and Security Affairs disagree."
    tagged = [ent(later, "German", "MISC"), ent(later, "Institute for International and Security Affairs", "ORG")]
    out = registry.resolve(tagged, DAY, text=later)
    assert [(e.id, [later[m.start : m.end] for m in e.mentions]) for e in out] == [
        (
            "org:german-institute-for-international-and-security-affairs",
            ["German Institute for International and Security Affairs"],
        )
    ]

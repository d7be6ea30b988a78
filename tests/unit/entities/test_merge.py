"""In-article merging of mentions (pure, no model)."""

from __future__ import annotations

from streams.entities import entity_id
from streams.entities.merge import Candidate, merge_candidates, person_name


def cands(text: str, spans: list[tuple[str, str]]) -> list[Candidate]:
    """Candidates for the given (surface, label) in text order (each surface searched after the last)."""
    out, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        out.append(Candidate("text", start, start + len(surface), surface, label))
        pos = start + len(surface)
    return out


def test_entity_id_is_stable_and_normalised() -> None:
    assert entity_id("PER", "John Brennan") == "per:john-brennan"
    assert entity_id("LOC", "Île-de-France") == "loc:ile-de-france"
    assert entity_id("ORG", "Inherent  Resolve") == entity_id("ORG", "inherent resolve")


def test_person_name_strips_honorifics_and_suffixes() -> None:
    assert person_name("M. Brennan") == (["Brennan"], True)
    assert person_name("John Brennan Jr") == (["John", "Brennan"], False)
    assert person_name("President Joe Biden") == (["Joe", "Biden"], False)
    assert person_name("Dr. Jane Roe") == (["Jane", "Roe"], True)


def test_surname_with_honorific_merges_into_full_name() -> None:
    text = "Le général John Brennan Jr a parlé. Puis M. Brennan a ajouté, et Brennan est parti."
    ents = merge_candidates(cands(text, [("John Brennan Jr", "PER"), ("M. Brennan", "PER"), ("Brennan", "ORG")]), "fr")
    assert len(ents) == 1
    ent = ents[0]
    assert (ent.id, ent.name, ent.label) == ("per:john-brennan", "John Brennan", "PER")
    assert [text[m.start : m.end] for m in ent.mentions] == ["John Brennan Jr", "M. Brennan", "Brennan"]


def test_al_particle_variants_merge() -> None:
    text = "Abdulamir al Shamari a parlé. M. Al Shamari a conclu. Al-Shamari est rentré."
    ents = merge_candidates(
        cands(text, [("Abdulamir al Shamari", "PER"), ("M. Al Shamari", "PER"), ("Al-Shamari", "PER")]), "fr"
    )
    assert [(e.name, len(e.mentions)) for e in ents] == [("Abdulamir al Shamari", 3)]


def test_initials_merge_and_ambiguous_surname_does_not() -> None:
    text = "Mr. Smith met John Smith and Jane Smith; J. Smith said it was fine."
    ents = merge_candidates(
        cands(text, [("Smith", "PER"), ("John Smith", "PER"), ("Jane Smith", "PER"), ("J. Smith", "PER")]), "en"
    )
    names = sorted(e.name for e in ents)
    # "Smith" alone is ambiguous (two Smiths): kept apart; "J. Smith" also fits both John and Jane.
    assert "Smith" in names and "John Smith" in names and "Jane Smith" in names


def test_majority_label_and_title_before_text() -> None:
    title = "Inherent Resolve"
    text = "La mission Inherent Resolve et Inherent Resolve encore."
    cs = [Candidate("title", 0, len(title), title, "MISC")] + cands(
        text, [("Inherent Resolve", "ORG"), ("Inherent Resolve", "ORG")]
    )
    ents = merge_candidates(cs, "fr")
    assert len(ents) == 1 and ents[0].label == "ORG" and ents[0].mentions[0].field == "title"


def test_distinct_people_with_shared_first_name_stay_apart() -> None:
    text = "Qasem Soleimani et Qasem al Arayi, puis Al Arayi."
    ents = merge_candidates(
        cands(text, [("Qasem Soleimani", "PER"), ("Qasem al Arayi", "PER"), ("Al Arayi", "PER")]), "fr"
    )
    assert sorted((e.name, len(e.mentions)) for e in ents) == [("Qasem Soleimani", 1), ("Qasem al Arayi", 2)]


def test_a_civility_makes_a_person_but_not_of_a_work() -> None:
    text = "Dans la série « Docteur Lenoir » puis « Dr Marin », M. Lenoir joue ; Mme Marin (ORG) aussi."
    ents = merge_candidates(
        cands(text, [("Docteur Lenoir", "MISC"), ("Dr Marin", "MISC"), ("M. Lenoir", "PER"), ("Mme Marin", "ORG")]),
        "fr",
    )
    labels = {(e.name, e.label) for e in ents}
    assert ("Dr Marin", "MISC") in labels  # a work keeps its label
    assert ("Marin", "PER") in labels  # the model's organisation after "Mme" is a person

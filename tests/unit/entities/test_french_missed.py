"""French names the model misses, found by the words around them (no model: candidates written here)."""

from __future__ import annotations

import pytest

from streams.entities.french_missed import chamber_mentions, glued_civilities, join_particle_names, titled_surnames
from streams.entities.institutions import is_institution_name
from streams.entities.merge import Candidate, person_name

KNOWN = {"Paris", "Orléans"}


def found(cands: list[Candidate], text: str) -> list[tuple[str, str]]:
    return [(text[c.start : c.end], c.label) for c in sorted(cands, key=lambda c: c.start)]


@pytest.mark.parametrize(
    "text",
    [
        "Nous l'invitions à prier la Chambre de choisir un autre président.",
        "Il faut féliciter la Chambre d'avoir pris une décision.",
        "trait à la majorité dela Chambre actuelle",
        "au désir manifeste de la Chambreet du pays",
    ],
)
def test_the_chamber_asked_to_act_or_glued_by_ocr_is_an_organisation(text: str) -> None:
    assert found(chamber_mentions(text, "text", []), text) == [("Chambre", "ORG")]


def test_the_chamber_named_by_its_noun_is_an_organisation() -> None:
    text = "Le président de la Chambre a ouvert la séance ; laChambre entière a voté, puis La Chambre s'est levée."
    assert found(chamber_mentions(text, "text", []), text) == [("Chambre", "ORG")] * 3
    assert is_institution_name("Chambre")


@pytest.mark.parametrize(
    "text",
    [
        "La Chambre de commerce de Lyon a protesté.",
        "Il siège à la Chambre des lords depuis 1920.",
        "la Chambre syndicale des tailleurs se réunit.",
        "Il a loué la chambre du fond.",
        "Les Chambres fédérales siègent.",
    ],
)
def test_a_qualified_chamber_or_a_room_stays_out(text: str) -> None:
    assert chamber_mentions(text, "text", []) == []


def test_a_chamber_the_model_found_keeps_the_model_span() -> None:
    text = "à la Chambre des députés"
    model = [Candidate("text", 5, 24, "Chambre des députés", "ORG")]
    assert chamber_mentions(text, "text", model) == model


def test_a_title_and_a_surname_with_its_particle_are_a_person() -> None:
    text = "Le général de Gaulle a reçu le duc d'Audiffret et le Maréchal de Mac-Mahon."
    got = found(titled_surnames(text, "text", [], KNOWN.__contains__), text)
    assert got == [("général de Gaulle", "PER"), ("d'Audiffret", "PER"), ("Maréchal de Mac-Mahon", "PER")]


def test_a_title_before_a_place_or_a_common_noun_is_no_person() -> None:
    text = "Le comte de Paris, le duc d'Orléans et le général de division sont là."
    assert titled_surnames(text, "text", [], KNOWN.__contains__) == []


def test_a_titled_surname_the_model_found_is_left_alone() -> None:
    text = "le général de Gaulle"
    model = [Candidate("text", 3, 20, "général de Gaulle", "PER")]
    assert titled_surnames(text, "text", model, KNOWN.__contains__) == model


def test_a_person_cut_at_a_particle_is_one_person() -> None:
    text = "Selon M. Drouyn de Lhuys, John dos Passos écrit ; Victor Hugo de Paris aussi."
    cands = [
        Candidate("text", 6, 15, "M. Drouyn", "PER"),
        Candidate("text", 19, 24, "Lhuys", "PER"),
        Candidate("text", 26, 30, "John", "PER"),
        Candidate("text", 35, 41, "Passos", "PER"),
        Candidate("text", 50, 61, "Victor Hugo", "PER"),
        Candidate("text", 65, 70, "Paris", "LOC"),
    ]
    got = found(join_particle_names(text, cands), text)
    assert got == [("M. Drouyn de Lhuys", "PER"), ("John dos Passos", "PER"), ("Victor Hugo", "PER"), ("Paris", "LOC")]


def test_persons_apart_or_joined_by_an_article_stay_two() -> None:
    text = "Pierre et de Marie ; Jean le Moine."
    cands = [
        Candidate("text", 0, 6, "Pierre", "PER"),
        Candidate("text", 13, 18, "Marie", "PER"),
        Candidate("text", 21, 25, "Jean", "PER"),
        Candidate("text", 29, 34, "Moine", "PER"),
    ]
    assert join_particle_names(text, cands) == cands


def test_a_civility_glued_to_a_name_is_a_person() -> None:
    text = "Selon M.Millerand et M.de Bismarck, puis MM.Morange ; la séance de M.Cette fois."
    model = [Candidate("text", 8, 17, "Millerand", "PER")]
    got = found(glued_civilities(text, "text", model), text)
    assert got == [("M.Millerand", "PER"), ("M.de Bismarck", "PER"), ("MM.Morange", "PER")]
    assert person_name("M.Millerand") == (["Millerand"], True)

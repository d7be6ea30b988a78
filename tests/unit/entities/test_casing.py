"""Runs of capitals in title case for the model, and the persons taken from that view."""

from __future__ import annotations

from streams.entities.casing import capital_lines, model_view, with_persons_in_capitals
from streams.entities.model import ModelSpan


def test_runs_of_capitals_in_title_case_same_length() -> None:
    for text, expected in [
        ("MACRON REÇOIT OLAF SCHOLZ À L'ÉLYSÉE", "Macron Reçoit Olaf Scholz À L'Élysée"),
        ("SAINT-DENIS, NEW YORK", "Saint-Denis, New York"),
        ("MINISTRE DES AFFAI¬ RES ÉTRANGÈRES", "Ministre Des Affai¬ res Étrangères"),
    ]:
        assert model_view(text) == expected
        assert len(model_view(text)) == len(text)


def test_lone_capitals_stay() -> None:
    for text in ("La SNCF et l'ONU.", "M. DUPONT est là.", "Paris, le 3 mai.", "A B C", "BFM TV et l'AP-HP"):
        assert model_view(text) == text


def test_persons_in_capitals_replace_what_they_overlap() -> None:
    text = "MACRON REÇOIT OLAF SCHOLZ à Paris"
    spans = [ModelSpan(0, 6, "LOC"), ModelSpan(14, 25, "ORG"), ModelSpan(28, 33, "LOC")]
    view = [ModelSpan(0, 6, "PER"), ModelSpan(7, 25, "PER"), ModelSpan(28, 33, "PER"), ModelSpan(14, 25, "LOC")]
    got = with_persons_in_capitals(text, spans, view)
    # Persons of the view in capitals only ("Paris" is not in capitals: the original span stays).
    assert got == [ModelSpan(0, 6, "PER"), ModelSpan(7, 25, "PER"), ModelSpan(28, 33, "LOC")]
    assert with_persons_in_capitals(text, spans, []) == spans


def test_lines_with_a_heading_in_capitals_are_read_again() -> None:
    text = "Titre\nMACRON REÇOIT OLAF SCHOLZ À PARIS\nLa SNCF et BFM TV."
    assert capital_lines(text) == [(6, "Macron Reçoit Olaf Scholz À Paris")]
    assert capital_lines("La SNCF et BFM TV.") == []

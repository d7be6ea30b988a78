"""Names the model cut at a preposition inside them, joined again (no model needed)."""

from __future__ import annotations

from streams.entities.joined import join_cut_names
from streams.entities.model import ModelSpan


def spans_of(text: str, *parts: tuple[str, str]) -> list[ModelSpan]:
    out: list[ModelSpan] = []
    for surface, label in parts:
        start = text.index(surface, out[-1].end if out else 0)
        out.append(ModelSpan(start, start + len(surface), label))
    return out


def surfaces(text: str, spans: list[ModelSpan]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in spans]


def test_an_institution_cut_at_for_or_on_is_one_organisation() -> None:
    text = "The Lisbon Centre for Ocean Law and the Harbour Committee on Tidal Safety met."
    found = join_cut_names(
        text,
        spans_of(
            text, ("Lisbon Centre", "LOC"), ("Ocean Law", "MISC"), ("Harbour Committee", "ORG"), ("Tidal Safety", "ORG")
        ),
    )
    assert surfaces(text, found) == [
        ("Lisbon Centre for Ocean Law", "ORG"),
        ("Harbour Committee on Tidal Safety", "ORG"),
    ]


def test_for_the_and_a_realm_or_a_water_of_a_place_are_joined() -> None:
    text = "An Institute for the Study of Tides report on the Strait of Corinth and the Kingdom of Lesotho."
    found = join_cut_names(
        text,
        spans_of(
            text,
            ("Institute", "ORG"),
            ("Study of Tides", "MISC"),
            ("Strait", "LOC"),
            ("Corinth", "LOC"),
            ("Kingdom", "LOC"),
            ("Lesotho", "LOC"),
        ),
    )
    assert [s for s, _ in surfaces(text, found)] == [
        "Institute for the Study of Tides",
        "Strait of Corinth",
        "Kingdom of Lesotho",
    ]


def test_two_names_stay_apart() -> None:
    # a person after "of", a place the body meets in, "in" and "to", no head noun, a lower-case rest
    text = (
        "The Green Party of Hal Ostrow spoke. The Trade Forum on Lesotho opened. The Opera Museum in Riga "
        "and the Sailing Union to Corinth agreed. Maria Costa for Lesotho won. The Sea Council for tidal work."
    )
    parts = spans_of(
        text,
        ("Green Party", "ORG"),
        ("Hal Ostrow", "PER"),
        ("Trade Forum", "ORG"),
        ("Lesotho", "LOC"),
        ("Opera Museum", "ORG"),
        ("Riga", "LOC"),
        ("Sailing Union", "ORG"),
        ("Corinth", "LOC"),
        ("Maria Costa", "PER"),
        ("Lesotho", "LOC"),
        ("Sea Council", "ORG"),
    )
    assert join_cut_names(text, parts) == parts

"""A word OCR glued to the end of a name (knowledge base written here, and the full tagger)."""

from __future__ import annotations

import pytest

from streams.entities import EntityTagger
from streams.entities.gazetteer import GazEntry
from streams.entities.glued import glued_places, without_glued_tail
from streams.entities.merge import Candidate

KNOWN = {
    "japon": GazEntry("iso:JP", "LOC", {"fr": "Japon"}),
    "rouen": GazEntry("gn:2982652", "LOC", {"fr": "Rouen"}),
    "rou": GazEntry("gn:1", "LOC", {"fr": "Rou"}),
    "chili": GazEntry("iso:CL", "LOC", {"fr": "Chili"}),
    "luxembourg": GazEntry("iso:LU", "LOC", {"fr": "Luxembourg"}),
    "conseil federal": GazEntry("org:conseil-federal", "ORG", {"fr": "Conseil fédéral"}),
}


def known(name: str) -> GazEntry | None:
    return KNOWN.get(name.lower().replace("é", "e"))


def cut(text: str, span: str) -> str:
    start = text.index(span)
    found = without_glued_tail(text, start, start + len(span), known)
    return span if found is None else text[start : found[0]]


@pytest.mark.parametrize(
    ("text", "span", "name"),
    [
        ("On essaie au Japondes filets contre avions.", "Japondes", "Japon"),
        ("nous verrons Rouenet son Palais de Justice", "Rouenet", "Rouen"),
        ("Lettre de LuxembourgEffrayé, à juste titre", "LuxembourgEffrayé", "Luxembourg"),
        ("le Conseil fédéralen a décidé", "Conseil fédéralen", "Conseil fédéral"),
    ],
)
def test_a_glued_word_is_left_out_of_a_known_name(text: str, span: str, name: str) -> None:
    assert cut(text, span) == name


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("nous verrons Rouen demain", "Rouen"),  # a known name ending in "en" stays whole
        ("le Chilien a gagné", "Chilien"),  # a demonym
        ("le Japonais a gagné", "Japonais"),  # no function word glued
        ("M. Boudet est venu", "Boudet"),  # the head is no known name
    ],
)
def test_a_name_with_no_glued_word_stays_whole(text: str, span: str) -> None:
    assert cut(text, span) == span


def test_the_tagger_links_the_name_a_word_was_glued_to(tagger: EntityTagger) -> None:
    text = "Les navires partiront demain. Nous verrons Le Havre, Rouenet son Palais de Justice."
    [entities] = tagger.tag_batch([("", text, "fr")])
    names = {e.name: e for e in entities}
    assert "Rouenet" not in names
    rouen = next(e for e in entities if any(text[m.start : m.end] == "Rouen" for m in e.mentions))
    assert rouen.label == "LOC" and rouen.linked


LARGE = {"Liverpool": GazEntry("gn:2644210", "LOC", {"fr": "Liverpool"}), "George": GazEntry("gn:1", "LOC", {})}


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Il a battu Wilson au Stadium àLiverpool, dit-on.", ["Liverpool"]),
        ("le navire partit deLiverpool hier", ["Liverpool"]),
        ("Saint-Mathieu, fr.,Liverpool. — Arrivée", ["Liverpool"]),  # after a comma in a table
        ("une pièce deGeorge Sand à l'Odéon", []),  # the first word of a longer name
        ("chez McLiverpool", []),  # a capital inside a name
        ("à Liverpool", []),  # not glued: the model's business
    ],
)
def test_a_large_place_glued_to_the_word_before_is_found(text: str, places: list[str]) -> None:
    found = glued_places(text, "text", [], LARGE.get)
    assert [text[c.start : c.end] for c in found] == places
    assert all(c.label == "LOC" and c.entry is not None for c in found)


def test_a_glued_place_inside_a_model_span_is_left_to_it() -> None:
    text = "le navire partit deLiverpool hier"
    start = text.index("deLiverpool")
    model = [Candidate("text", start, start + len("deLiverpool"), "deLiverpool", "ORG")]
    assert glued_places(text, "text", model, LARGE.get) == []


@pytest.mark.parametrize(
    ("label", "name"),
    [("ORG", "LuxembourgVerre"), ("MISC", "LuxembourgVerre"), ("LOC", "Luxembourg"), ("PER", "Luxembourg")],
)
def test_organisations_and_works_keep_a_capital_inside_their_name(label: str, name: str) -> None:
    # Businesses and works are written so ("LuxembourgVerre" a company): only a place or a person
    # the model tagged is cut there.
    text = "la société LuxembourgVerre a ouvert"
    start = text.index("LuxembourgVerre")
    found = without_glued_tail(text, start, start + len("LuxembourgVerre"), known, label)
    assert (name if found is None else text[start : found[0]]) == name

"""Gazetteer: multilingual country names, curated organisations, label correction."""

from __future__ import annotations

import pytest

from streams.entities import EntityTagger
from streams.entities.gazetteer import Gazetteer


@pytest.mark.parametrize(
    ("surfaces", "lang_of", "entity_id", "label"),
    [
        (("Irak", "Iraq"), ("fr", "en"), "iso:IQ", "LOC"),
        (("États-Unis", "United States", "U.S."), ("fr", "en", "en"), "iso:US", "LOC"),
        (("Allemagne", "Germany", "Deutschland", "Alemania"), ("fr", "en", "de", "es"), "iso:DE", "LOC"),
        (("Russie", "Russia"), ("fr", "en"), "iso:RU", "LOC"),
        (("Angleterre", "England", "Royaume-Uni", "Britain"), ("fr", "en", "fr", "en"), "iso:GB", "LOC"),
        (("État islamique", "Islamic State", "ISIS", "Daech"), ("fr", "en", "en", "fr"), "org:islamic-state", "ORG"),
        (("ONU", "Nations unies", "United Nations", "UN"), ("fr", "fr", "en", "en"), "org:un", "ORG"),
        (("OTAN", "NATO"), ("fr", "en"), "org:nato", "ORG"),
        (("UE", "Union européenne", "EU", "European Union"), ("fr", "fr", "en", "en"), "org:eu", "ORG"),
        (("Bagdad", "Baghdad"), ("fr", "en"), "gn:98182", "LOC"),
        (("SPD", "Parti social-démocrate allemand", "SPD"), ("fr", "fr", "en"), "org:spd", "ORG"),
        (("Alternative pour l'Allemagne", "AfD", "Alternative for Germany"), ("fr", "en", "en"), "org:afd", "ORG"),
        (("Rassemblement national", "RN", "National Rally"), ("fr", "fr", "en"), "org:rassemblement-national", "ORG"),
    ],
)
def test_names_link_to_one_id_across_languages(
    gazetteer: Gazetteer, surfaces: tuple[str, ...], lang_of: tuple[str, ...], entity_id: str, label: str
) -> None:
    for surface, lang in zip(surfaces, lang_of, strict=True):
        entry = gazetteer.lookup(surface, lang)
        assert entry is not None, surface
        assert (entry.id, entry.label) == (entity_id, label), surface


def test_lookup_is_accent_and_spacing_tolerant(gazetteer: Gazetteer) -> None:
    entry = gazetteer.lookup("Etats - Unis", "fr")
    assert entry is not None and entry.id == "iso:US"


def test_find_in_text_with_elision(gazetteer: Gazetteer) -> None:
    text = "Le départ d’Irak et la lutte contre l’État islamique inquiètent l’OTAN."
    found = {(text[m.start : m.end], m.entry.id) for m in gazetteer.find(text, "fr")}
    assert found == {("Irak", "iso:IQ"), ("État islamique", "org:islamic-state"), ("OTAN", "org:nato")}


def test_ambiguous_and_glued_names_are_not_added(gazetteer: Gazetteer) -> None:
    text = "Michael Jordan visited Chad Smith and Paris Saint-Germain fans."
    found = {text[m.start : m.end] for m in gazetteer.find(text, "en")}
    assert found == set()


def test_a_possessive_closes_the_name_before_it(gazetteer: Gazetteer) -> None:
    # In a heading every word is capitalised: "Ruritania's EU" is no name the gazetteer misses.
    text = "Eastern Ruritania's EU Funds in Danger"
    found = {(text[m.start : m.end], m.entry.id) for m in gazetteer.find(text, "en")}
    assert found == {("EU", "org:eu")}
    assert {text[m.start : m.end] for m in gazetteer.find("Miss Chad Smith said so.", "en")} == set()


def test_foreign_language_uses_gazetteer_only_and_never_crashes(gaz_tagger: EntityTagger, tagger: EntityTagger) -> None:
    text = "Der Irak und Deutschland sprechen mit der NATO."
    for tg in (gaz_tagger, tagger):
        ents = tg.tag("", text, "de")
        assert {e.id for e in ents} == {"iso:IQ", "iso:DE", "org:nato"}
        assert all(e.linked for e in ents)
    # Unknown, missing, odd or regional language codes and empty fields are fine.
    for lang in (None, "", "xx", "fr-FR", "EN_us"):
        assert isinstance(tagger.tag("", "L’Irak et la Syrie.", lang), list)
    assert tagger.tag("", "", "fr") == []


def test_gazetteer_only_fast_path_has_no_model(gaz_tagger: EntityTagger) -> None:
    ents = gaz_tagger.tag("L’Irak et l’ONU", "Les États-Unis soutiennent l’Irak.", "fr")
    assert [e.id for e in ents] == ["iso:IQ", "org:un", "iso:US"]
    iraq = ents[0]
    assert [m.field for m in iraq.mentions] == ["title", "text"]


def test_grouped_name_regex_matches_like_the_flat_alternation() -> None:
    """The first-character grouping is an optimisation only: same matches as one flat alternation
    (leftmost, then the longest pattern), names sharing a first letter and spacing variants included."""
    import re

    from streams.entities.name_finder import NAME_ENDS, NAME_OPENS, compile_names, name_pattern

    names = ["Nations unies", "Nation", "New York", "New York Times", "Niger", "Nigeria", "Saint-Denis",
             "Saint Denis", "Sainte-Lucie", "L'Oréal", "Lyon", "États-Unis", "U.S.A."]
    text = ("Les Nations unies et le New York Times ; Saint - Denis, Sainte-Lucie, le Nigeria, le Niger, "
            "L ' Oreal a Lyon, aux Etats-Unis (U.S.A.), NewYork non, Nation.")
    alternatives = sorted({name_pattern(n) for n in names}, key=len, reverse=True)
    flat = re.compile(NAME_OPENS + "(?:" + "|".join(alternatives) + ")" + NAME_ENDS)
    expected = [m.span() for m in flat.finditer(text)]
    assert len(expected) >= 10
    assert [m.span() for m in compile_names(names).finditer(text)] == expected

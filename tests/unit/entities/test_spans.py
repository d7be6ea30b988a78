"""Span clean-up: elision, articles, punctuation and junk rejection (no model needed)."""

from __future__ import annotations

import pytest

from streams.entities.spans import clean_span, extend_head, extend_title, fold, is_junk, norm_key, slug


def cleaned(text: str, surface: str, known: set[str] | None = None) -> str | None:
    start = text.index(surface)
    result = clean_span(text, start, start + len(surface), (lambda s: s in known) if known else None)
    return None if result is None else text[result[0] : result[1]]


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Les troupes quittent l’Irak demain.", "l’Irak", "Irak"),
        ("Le retrait d’Irak est prévu.", "d’Irak", "Irak"),
        ("Le retrait d'Irak est prévu.", "d'Irak", "Irak"),
        ("Elle a visité la France en mai.", "la France", "France"),
        ("Il parle des États-Unis.", "des États-Unis", "États-Unis"),
        ("They met the Smiths in Leeds.", "the Smiths", "Smiths"),
        ("« Bagdad », dit-il.", "« Bagdad »", "Bagdad"),
        ("Il a vu Paris.", "Paris.", "Paris"),
        ("Obama's visit.", "Obama's", "Obama"),
        ("John Brennan Jr. a parlé.", "John Brennan Jr.", "John Brennan Jr."),
        ("Lire aussi : Marseille gagne.", "Lire aussi : Marseille", "Marseille"),
    ],
)
def test_clean_span_trims_to_the_name(text: str, span: str, expected: str) -> None:
    assert cleaned(text, span) == expected


def test_capitalised_article_kept_unless_rest_is_known() -> None:
    text = "La Paz et La France."
    assert cleaned(text, "La Paz") == "La Paz"
    assert cleaned(text, "La France", known={"France"}) == "France"
    assert cleaned("Le Monde a publié.", "Le Monde") == "Le Monde"


@pytest.mark.parametrize(
    "text, span",
    [
        ("Demain, nous partirons.", "Demain"),
        ("Lire la suite.", "Lire"),
        ("Vidéo de la semaine.", "Vidéo"),
        ("Le 31 décembre 2021 à midi.", "31 décembre 2021"),
        ("En 2017 déjà.", "2017"),
        ("La lettre X.", "X"),
        ("Il dit qu’ il part.", "qu’"),
        ("Yesterday, he left.", "Yesterday"),
        ("la coalition internationale", "coalition internationale"),
    ],
)
def test_junk_is_rejected(text: str, span: str) -> None:
    assert cleaned(text, span) is None


def test_is_junk_keeps_names() -> None:
    for name in ("Irak", "Theresa May", "May", "INA", "iPhone", "Al Arayi"):
        assert not is_junk(name), name


def test_fold_keeps_length_and_normalises() -> None:
    for s in ("États-Unis d’Amérique", "Téhéran", "Ærø œuvre"):
        assert len(fold(s)) == len(s)
    assert fold("État d’Irak") == "Etat d'Irak"
    assert norm_key("Etats - Unis") == norm_key("États-Unis")
    assert norm_key("U.S.") == norm_key("US")
    assert slug("Abdulamir al Shamari") == "abdulamir-al-shamari"
    assert slug("États-Unis") == "etats-unis"


@pytest.mark.parametrize(
    ("text", "name", "label", "expected", "expected_label"),
    [
        ("Il navigue sur l’océan Indien.", "Indien", "LOC", "océan Indien", "LOC"),
        ("Le canal de Suez est fermé.", "Suez", "LOC", "canal de Suez", "LOC"),
        ("La bataille de Verdun fut longue.", "Verdun", "LOC", "bataille de Verdun", "MISC"),
        ("Il habite Lyon.", "Lyon", "LOC", "Lyon", "LOC"),
        ("Le ministre Dupont parle.", "Dupont", "PER", "Dupont", "PER"),
    ],
)
def test_french_head_nouns_extend_places(text: str, name: str, label: str, expected: str, expected_label: str) -> None:
    start = text.index(name)
    s, e, lab = extend_head(text, start, start + len(name), label)
    assert (text[s:e], lab) == (expected, expected_label)


@pytest.mark.parametrize(
    ("text", "name", "label", "expected", "expected_label"),
    [
        ("Enfin, M. Brennan a noté.", "Brennan", "PER", "M. Brennan", "PER"),
        ("Selon Mme Dubois, tout va bien.", "Dubois", "PER", "Mme Dubois", "PER"),
        ("Puis M. de Kerillis est venu.", "Kerillis", "LOC", "M. de Kerillis", "PER"),
        ("Le général Dupont arrive.", "Dupont", "PER", "Dupont", "PER"),
        ("Ils vont à Paris.", "Paris", "LOC", "Paris", "LOC"),
    ],
)
def test_french_civility_joins_person_mentions(
    text: str, name: str, label: str, expected: str, expected_label: str
) -> None:
    start = text.index(name)
    s, e, lab = extend_title(text, start, start + len(name), label)
    assert (text[s:e], lab) == (expected, expected_label)

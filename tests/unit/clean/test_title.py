"""Title selection and removal of its repetition at the top of the body."""

from __future__ import annotations

import pytest

from streams.clean import Cleaner
from streams.records import RawArticle, StageError
from tests.unit.clean.conftest import TITLES, body, page


@pytest.mark.parametrize("lang", ["fr", "en", "de", "es"])
def test_headline_from_text_skips_breadcrumb(cleaner: Cleaner, lang: str) -> None:
    crumb = {"fr": "Accueil Actualités Société", "en": "Home News World", "de": "Startseite Politik Inland",
             "es": "Inicio Nacional Política"}[lang]
    out = cleaner.clean(RawArticle(id="t", text=page(lang, top=[crumb, TITLES[lang], "0"])))
    assert out.title == TITLES[lang]
    assert out.text == body(lang)


def test_truncated_breadcrumb_with_title_prefix(cleaner: Cleaner) -> None:
    crumb = "Accueil Dernières minutes Régions " + TITLES["fr"][:30] + "..."
    out = cleaner.clean(RawArticle(id="t", text=page("fr", top=[crumb, TITLES["fr"]])))
    assert out.title == TITLES["fr"] and out.text == body("fr")


def test_given_title_wins_and_is_stripped_from_top(cleaner: Cleaner) -> None:
    out = cleaner.clean(RawArticle(id="t", text=page("en", top=[TITLES["en"]]), title=TITLES["en"]))
    assert out.title == TITLES["en"] and out.text == body("en")
    assert out.report.rules_fired["title_repeated"] == 1


def test_no_headline_uses_first_sentence_and_keeps_body(cleaner: Cleaner) -> None:
    out = cleaner.clean(RawArticle(id="t", text=body("es")))
    assert out.title.startswith("El ayuntamiento de Valencia")
    assert out.text == body("es")


def test_empty_after_cleaning(cleaner: Cleaner) -> None:
    with pytest.raises(StageError) as err:
        cleaner.clean(RawArticle(id="t", text="Accueil > Monde\n\n0\n\nLire aussi : rien\n\nPublicité"))
    assert err.value.code == "empty_after_cleaning"


def test_no_input(cleaner: Cleaner) -> None:
    with pytest.raises(StageError) as err:
        cleaner.clean(RawArticle(id="t", text="   ", html=None))
    assert err.value.code == "empty_input"

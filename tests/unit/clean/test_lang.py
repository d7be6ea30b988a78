"""Language identification."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from lingua import Language

from streams.clean import CleanConfig, Cleaner
from streams.clean.lang import DECISIVE_CONFIDENCE, LanguageIdentifier
from streams.records import RawArticle
from tests.unit.clean.conftest import TITLES, body
from tests.unit.clean.test_scripts import TH_END, TH_LEAD, TH_MIDDLE
from tests.unit.clean.test_unspaced_scripts import JA


@pytest.mark.parametrize("lang", ["fr", "en", "de", "es"])
def test_detects_language(cleaner: Cleaner, lang: str) -> None:
    out = cleaner.clean(RawArticle(id="l", text=body(lang), title=TITLES[lang]))
    assert out.lang == lang
    assert out.lang_confidence > 0.8
    assert out.lang_given is None and not out.lang_disagrees


def test_given_language_agrees(cleaner: Cleaner) -> None:
    out = cleaner.clean(RawArticle(id="l", text=body("de"), title=TITLES["de"], lang="de-DE"))
    assert out.lang == "de" and out.lang_given == "de-DE" and not out.lang_disagrees


def test_given_language_kept_but_flagged(cleaner: Cleaner) -> None:
    out = cleaner.clean(RawArticle(id="l", text=body("es"), title=TITLES["es"], lang="en"))
    assert out.lang == "en"
    assert out.lang_disagrees
    assert out.lang_confidence < 0.2


def test_detector_built_once(cleaner: Cleaner) -> None:
    detector = cleaner.lang._detector
    cleaner.clean(RawArticle(id="l", text=body("fr")))
    assert cleaner.lang._detector is detector


# Sentences written for these tests, two per language: short texts (< 120 characters) are where
# lingua's high-accuracy mode (kept on purpose) does the work.
SHORT = {
    "en": (
        "The train to Manchester was delayed by forty minutes after a signal failure.",
        "Local farmers say the dry summer cut their wheat harvest by almost a third.",
    ),
    "fr": (
        "Le maire a promis de rouvrir la piscine municipale avant la fin du mois de juin.",
        "Les pompiers sont intervenus toute la nuit pour maîtriser l'incendie de l'entrepôt.",
    ),
    "de": (
        "Der Bürgermeister will die Innenstadt bis zum Sommer für Autos sperren lassen.",
        "Wegen des Sturms fielen am Montag zahlreiche Züge zwischen Hamburg und Berlin aus.",
    ),
    "es": (
        "El gobierno regional anunció nuevas ayudas para los agricultores afectados por la sequía.",
        "Miles de personas se manifestaron el domingo en el centro de la ciudad.",
    ),
    "it": (
        "Il sindaco ha annunciato che i lavori sulla strada provinciale finiranno entro settembre.",
        "Migliaia di turisti hanno visitato la mostra nel primo fine settimana di apertura.",
    ),
    "pt": (
        "O governo anunciou um novo programa de apoio às pequenas empresas do interior do país.",
        "Os bombeiros combateram as chamas durante toda a noite perto da aldeia.",
    ),
    "nl": (
        "De gemeente wil volgend jaar meer fietspaden aanleggen in het centrum van de stad.",
        "Door de storm vielen gisteren veel treinen uit tussen Amsterdam en Utrecht.",
    ),
}


@pytest.mark.parametrize("lang", sorted(SHORT))
def test_tells_languages_apart_on_short_texts(cleaner: Cleaner, lang: str) -> None:
    for sentence in SHORT[lang]:
        result = cleaner.lang.identify(sentence, None)
        assert result.lang == lang, sentence
        assert result.confidence > 0.9


@pytest.mark.parametrize("lang", sorted(SHORT))
def test_first_look_gives_the_full_sample_verdict(lang: str) -> None:
    config = CleanConfig()
    one, two = SHORT[lang]
    text = " ".join([one, two, two, one, one, two])
    assert len(text) > config.lang_max_chars
    full = LanguageIdentifier(config.languages, config.lang_max_chars, 0.8, first_look_chars=0)
    first = LanguageIdentifier(config.languages, config.lang_max_chars, 0.8, config.lang_first_look_chars)
    a, b = full.identify(text, None), first.identify(text, None)
    assert a.lang == b.lang == lang
    assert round(a.confidence, 2) == round(b.confidence, 2)


class _Recorder:
    """Stands in for the lingua detector: records the texts it sees, answers with fixed values."""

    def __init__(self, first_top: float) -> None:
        self.first_top = first_top
        self.seen: list[str] = []

    def compute_language_confidence_values(self, text: str) -> list[SimpleNamespace]:
        top = self.first_top if not self.seen else 0.7
        self.seen.append(text)
        return [
            SimpleNamespace(language=Language.FRENCH, value=top),
            SimpleNamespace(language=Language.ENGLISH, value=1 - top),
        ]


@pytest.mark.parametrize(("first_top", "calls"), [(1.0, 1), (DECISIVE_CONFIDENCE, 1), (0.9999, 2), (0.6, 2)])
def test_first_look_decides_only_when_unambiguous(first_top: float, calls: int) -> None:
    ident = LanguageIdentifier(("fr", "en"), 300, 0.8, first_look_chars=200)
    ident._detector = ident._glance = _Recorder(first_top)  # type: ignore[assignment]
    text = body("fr")
    conf = ident.confidences(text)
    seen = ident._detector.seen  # type: ignore[attr-defined]
    assert len(seen) == calls and seen[0] == text[:200]
    if calls == 1:
        assert conf == {"fr": first_top, "en": 1 - first_top}
    else:
        assert seen[1] == text[:300] and conf == {"fr": 0.7, "en": pytest.approx(0.3)}


def test_no_first_look_on_samples_not_longer_than_it() -> None:
    ident = LanguageIdentifier(("fr", "en"), 300, 0.8, first_look_chars=200)
    ident._detector = _Recorder(1.0)  # type: ignore[assignment]
    text = body("fr")[:200]
    ident.confidences(text)
    assert ident._detector.seen == [text]  # type: ignore[attr-defined]


def test_a_text_in_a_script_of_no_configured_language_has_no_language(cleaner: Cleaner) -> None:
    for paragraphs in (JA, [TH_LEAD, TH_MIDDLE, TH_END]):
        out = cleaner.clean(RawArticle(id="l", text="\n\n".join(paragraphs), title=paragraphs[0][:20]))
        assert out.lang is None and out.lang_confidence == 0.0

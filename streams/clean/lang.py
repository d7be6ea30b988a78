"""Language identification with lingua (one detector per Cleaner, restricted language set)."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from lingua import ConfidenceValue, IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

# Texts shorter than this (letters) are too short for a meaningful verdict.
MIN_LETTERS = 20
# The first look (see ``LanguageIdentifier.confidences``) decides alone when its best language gets at
# least this relative confidence, i.e. it shows as 1.0 at the 4 decimals reported. On 3,096 texts
# (first 2,000 OrangeSum articles, MasakhaNEWS fr dev, the Scrapinghub benchmark, WCXB dev: fr, en,
# pt, ar, ru, it, tr), a first look of 200 characters with this threshold gives the language and the
# 2-decimal confidence of the full 300-character sample on every text (4 decimals: all but one) and
# falls back on 0.5% of them. Lower thresholds gain nothing (the first look already decides on 99.5%).
# The cost: a sample that changes language after its beginning gets the beginning's language at 1.0.
# On 126 written mixes (one to three sentences in one of en/fr/de/es/it/pt/nl, then another), 14
# verdicts changed (8 to the language of most of the sample, 6 away from it) and 5 same-language
# verdicts rose from 0.70-0.99 to 1.0; news samples rarely change language within 300 characters.
# (Measured with a high-accuracy first look of 200 characters; it is now 120 in low-accuracy mode,
# measured in ``LanguageIdentifier.__init__``.)
DECISIVE_CONFIDENCE = 0.99995
_value = attrgetter("value")


@dataclass(frozen=True)
class LangResult:
    """The language reported for an article."""

    lang: str | None
    confidence: float
    given: str | None
    disagrees: bool


def _language(code: str) -> Language | None:
    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
    except (AttributeError, ValueError):
        return None


def normalize_lang(code: str | None) -> str | None:
    """``"fr-FR"``/``"FR"``/``"fra"``-ish input -> ``"fr"`` (None when empty)."""
    if not code:
        return None
    base = code.strip().replace("_", "-").split("-", 1)[0].lower()
    return base or None


class LanguageIdentifier:
    """Detects the language among a fixed set; builds the lingua detector once."""

    def __init__(
        self, languages: tuple[str, ...], max_chars: int, disagree_confidence: float, first_look_chars: int = 0
    ) -> None:
        langs = [lang for lang in (_language(c) for c in languages) if lang is not None]
        if len(langs) < 2:
            raise ValueError("the language detector needs at least two known languages")
        self.max_chars = max_chars
        self.first_look_chars = first_look_chars
        self.disagree_confidence = disagree_confidence
        # High-accuracy mode is kept: on samples of 120+ characters lingua uses trigrams only in both
        # modes (identical values to 4 decimals and the same time on 1,995 OrangeSum samples), and on
        # shorter ones the high-accuracy n-grams are what tells languages apart.
        self._detector: LanguageDetector = LanguageDetectorBuilder.from_languages(*langs).build()
        # The first look runs in low-accuracy mode (trigrams only: ~1 us a character instead of ~2-4 us
        # below 120 characters). On 3,807 cleaned texts (first 2,000 OrangeSum articles, ECB+ docs,
        # the Scrapinghub and WCXB dev pages) a low-accuracy first look of 120 characters changed 2
        # verdicts against the high-accuracy 200: a French obituary headline lingua called English is
        # now French, and a run of spaced-out URLs went from English to Dutch; no 2-decimal confidence
        # moved, 14% of texts still read the whole sample, and lingua's time per text went from 204
        # to ~150 us. Lingua keeps one copy of each language's models, shared by both detectors.
        self._glance: LanguageDetector = (
            LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()
            if first_look_chars > 0 else self._detector
        )
        # Language -> ISO code, so reading a result is a dict lookup instead of three attribute reads.
        self._codes: dict[Language, str] = {lang: lang.iso_code_639_1.name.lower() for lang in langs}

    def confidences(self, text: str) -> dict[str, float]:
        """ISO 639-1 code -> relative confidence (sums to 1), empty when the text is too short.

        With ``first_look_chars`` set, the sample's beginning is tried first (low-accuracy mode) and
        its verdict kept when it is unambiguous (``DECISIVE_CONFIDENCE``): lingua's time grows with the
        sample, and a 120-character first look costs ~45% of a 300-character sample."""
        codes = self._codes
        return {codes[v.language]: float(v.value) for v in self._values(text)}

    def _values(self, text: str) -> list[ConfidenceValue]:
        """lingua's confidence values behind ``confidences`` (in lingua's order)."""
        sample = text[: self.max_chars]
        # The letters are counted in the first 2 * MIN_LETTERS characters first: they nearly always
        # suffice, and counting up to MIN_LETTERS * 8 cost ~5 us per article.
        if (
            sum(map(str.isalpha, sample[: MIN_LETTERS * 2])) < MIN_LETTERS
            and sum(map(str.isalpha, sample[: MIN_LETTERS * 8])) < MIN_LETTERS
        ):
            return []
        values = None
        if 0 < self.first_look_chars < len(sample):
            values = self._glance.compute_language_confidence_values(sample[: self.first_look_chars])
            if not values or values[0].value < DECISIVE_CONFIDENCE:
                values = None
        if values is None:
            values = self._detector.compute_language_confidence_values(sample)
        return values

    def identify(self, text: str, given: str | None) -> LangResult:
        """Detected language and confidence; a given language is kept but flagged when it disagrees."""
        given_code = normalize_lang(given)
        values = self._values(text)
        # The first of the highest values, as max() over ``confidences`` gives; without building it
        # when no language is given (most articles).
        top = max(values, key=_value) if values else None
        # A text in a script none of the languages is written in (Japanese, Thai... for the default
        # set) gets 0 for every language: no language then, rather than the first one lingua lists.
        best, best_conf = (self._codes[top.language], float(top.value)) if top and top.value > 0 else (None, 0.0)
        if given_code is None:
            return LangResult(best, round(best_conf, 4), None, False)
        conf = {self._codes[v.language]: float(v.value) for v in values}
        disagrees = best is not None and best != given_code and best_conf >= self.disagree_confidence
        return LangResult(given_code, round(conf.get(given_code, 0.0), 4), given, disagrees)

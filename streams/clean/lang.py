"""Language identification with lingua (one detector per Cleaner, restricted language set)."""

from __future__ import annotations

from dataclasses import dataclass

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

# Texts shorter than this (letters) are too short for a meaningful verdict.
MIN_LETTERS = 20


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

    def __init__(self, languages: tuple[str, ...], max_chars: int, disagree_confidence: float) -> None:
        langs = [lang for lang in (_language(c) for c in languages) if lang is not None]
        if len(langs) < 2:
            raise ValueError("the language detector needs at least two known languages")
        self.max_chars = max_chars
        self.disagree_confidence = disagree_confidence
        self._detector: LanguageDetector = LanguageDetectorBuilder.from_languages(*langs).build()

    def confidences(self, text: str) -> dict[str, float]:
        """ISO 639-1 code -> relative confidence (sums to 1), empty when the text is too short."""
        sample = text[: self.max_chars]
        if sum(map(str.isalpha, sample[: MIN_LETTERS * 8])) < MIN_LETTERS:
            return {}
        values = self._detector.compute_language_confidence_values(sample)
        return {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}

    def identify(self, text: str, given: str | None) -> LangResult:
        """Detected language and confidence; a given language is kept but flagged when it disagrees."""
        given_code = normalize_lang(given)
        conf = self.confidences(text)
        best, best_conf = (max(conf.items(), key=lambda kv: kv[1]) if conf else (None, 0.0))
        if given_code is None:
            return LangResult(best, round(best_conf, 4), None, False)
        disagrees = best is not None and best != given_code and best_conf >= self.disagree_confidence
        return LangResult(given_code, round(conf.get(given_code, 0.0), 4), given, disagrees)

"""Language identification."""

from __future__ import annotations

import pytest

from streams.clean import Cleaner
from streams.models import RawArticle
from tests.unit.clean.conftest import TITLES, body


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

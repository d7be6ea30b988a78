"""HTML input: trafilatura extraction, metadata, paragraph breaks, then the text rules."""

from __future__ import annotations

from html import escape
from types import SimpleNamespace
from typing import Any

import pytest
from lxml import etree

from streams.clean import Cleaner
from streams.clean import html as html_module
from streams.records import RawArticle
from tests.unit.clean.conftest import BODIES, TITLES


def _page(lang: str, extra: str = "") -> str:
    paras = "".join(f"<p>{escape(p)}</p>" for p in BODIES[lang])
    return (
        f"<html lang='{lang}'><head><title>{escape(TITLES[lang])} | Le Quotidien</title>"
        "<meta name='author' content='Marie Dupont'>"
        "<meta property='article:published_time' content='2024-03-14T10:00:00+00:00'></head><body>"
        "<nav><a href='/'>Accueil</a> <a href='/monde'>Monde</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{escape(TITLES[lang])}</h1>{paras}{extra}</article>"
        "<footer><p>© 2024 Le Quotidien. Tous droits réservés.</p><a href='/contact'>Contact</a></footer>"
        "</body></html>"
    )


def test_html_body_title_metadata(cleaner: Cleaner) -> None:
    out = cleaner.clean(RawArticle(id="h", html=_page("fr")))
    assert out.text == "\n\n".join(BODIES["fr"])
    assert out.title == TITLES["fr"]
    assert out.author == "Marie Dupont"
    assert out.published_at is not None and out.published_at.startswith("2024-03-14")
    assert out.lang == "fr"


def test_html_rules_run_on_extracted_text(cleaner: Cleaner) -> None:
    extra = "<p>Lesen Sie auch: Neue Radwege in der Innenstadt</p><p>Teilen</p>"
    out = cleaner.clean(RawArticle(id="h", html=_page("de", extra)))
    assert out.text == "\n\n".join(BODIES["de"])
    assert out.report.rules_fired.get("read_also") == 1


def test_given_title_and_date_win(cleaner: Cleaner) -> None:
    out = cleaner.clean(RawArticle(id="h", html=_page("es"), title="Otro título", published_at="2024-01-01T00:00:00Z"))
    assert out.title == "Otro título" and out.published_at == "2024-01-01T00:00:00Z"


def _runs(precise: list[str], default: list[str]) -> Any:
    """trafilatura's runs faked: the precision run finds ``precise``, the default and recall runs
    ``default`` (paragraphs)."""

    def run(html: str, url: str | None, config: Any, precision: bool, recall: bool = False) -> SimpleNamespace:
        paras = precise if precision else default
        body = etree.fromstring("<body>" + "".join(f"<p>{escape(p)}</p>" for p in paras) + "</body>")
        return SimpleNamespace(text="\n".join(paras), body=body, title="Story", author=None, date=None, sitename=None)

    return run


def test_the_default_extraction_stands_in_when_precision_lost_most_of_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    en = BODIES["en"]
    monkeypatch.setattr(html_module, "_run", _runs(en[:1], en + [f"{p} More on this." for p in BODIES["fr"]]))
    assert len(html_module.extract_html("<html><body></body></html>").blocks) == 6


def test_a_default_extraction_that_repeats_the_precise_text_gives_way(monkeypatch: pytest.MonkeyPatch) -> None:
    # The default run took a container printing the article twice (and a line more): it adds a copy.
    en = BODIES["en"]
    monkeypatch.setattr(html_module, "_run", _runs(en, ["Print this article", *en, "Print version", *en, *en]))
    assert html_module.extract_html("<html><body></body></html>").blocks == [[p] for p in en]


def test_a_default_extraction_of_the_whole_page_as_one_line_gives_way(monkeypatch: pytest.MonkeyPatch) -> None:
    # trafilatura's fallback read a short news page as one text: headline, byline, date, the article's
    # paragraph, the share bar and the newsletter box run together.
    lead = BODIES["en"][0]
    page = (f"Home News Environment Reservoirs hit decade low By Ann Lee 14 March 2024 {lead} Share Facebook X "
            "Sign up for our newsletter and get the morning briefing every day Most read Storm hits the coast "
            "Bank raises rates again Council approves budget Schools reopen after the floods © 2024 The Valley Post")
    monkeypatch.setattr(html_module, "_run", _runs([lead], [page]))
    assert html_module.extract_html("<html><body></body></html>").blocks == [[lead]]

"""News pages in German, Spanish, Turkish, Swedish, Russian, Portuguese, Italian, Polish, Japanese, Korean
and Chinese (written for the tests,
see ``news_pages``) through the whole cleaning path: the article stays whole and in order, the page's
furniture goes; with keywords linked to tag pages (two short links per paragraph), the Japanese, Korean
and Chinese articles keep their end, which trafilatura's link-density test alone (its lengths set for
Latin text) removes."""

from __future__ import annotations

from html import escape

import orjson
import pytest
import trafilatura
from trafilatura.settings import Document

from streams.clean import Cleaner
from streams.records import RawArticle
from tests.unit.clean.news_pages import PAGES, article_text, news_page


@pytest.mark.parametrize("keyword_links", [False, True])
@pytest.mark.parametrize("lang", sorted(PAGES))
def test_news_page_keeps_its_article_and_loses_its_furniture(cleaner: Cleaner, lang: str, keyword_links: bool) -> None:
    page = PAGES[lang]
    out = cleaner.clean(RawArticle(id=lang, html=news_page(lang, keyword_links)))
    assert out.title == page.title
    assert out.text.split("\n\n") == article_text(lang).split("\n")
    for furniture in (page.nav[1], page.crumb, page.share, page.newsletter, page.related[0], page.comments[0],
                      page.rights, page.read_also):
        assert furniture not in out.text


@pytest.mark.parametrize("lang", ["ja", "ko", "zh"])
def test_plain_trafilatura_loses_the_end_of_an_article_with_linked_keywords(lang: str) -> None:
    # The reason for the cleaner's Latin-sized link-density test (streams.clean.link_density): the same
    # page through trafilatura alone (whose test is left as it is outside the cleaner's runs) drops the
    # last paragraphs, or, left with too little text, falls back to an extraction holding the furniture.
    document = trafilatura.bare_extraction(news_page(lang, keyword_links=True))
    assert isinstance(document, Document) and document.text is not None
    text = document.text
    assert PAGES[lang].paras[-1] not in text or PAGES[lang].share in text


def _inside_article(lang: str, extra: str) -> str:
    """The page of ``lang`` with ``extra`` markup after the article's text, inside its container."""
    return news_page(lang).replace("<div class='share'>", f"{extra}<div class='share'>", 1)


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_comment_section_inside_the_article_container_never_splits_the_article(cleaner: Cleaner, lang: str) -> None:
    # trafilatura's recall run returns such a page as two wrapper <div>s (the article's, the
    # comments'): read whole, the comment section came back as one new line inside the article.
    page = PAGES[lang]
    replies = "".join(f"<div class='reply'><p>{escape(c)}</p></div>" for c in page.comments * 4)
    html = _inside_article(lang, f"<div class='discussion'><h3>{escape(page.comments_header)}</h3>{replies}</div>")
    out = cleaner.clean(RawArticle(id=lang, html=html))
    assert out.text.split("\n\n")[:6] == article_text(lang).split("\n")


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_declared_text_of_another_article_leaves_the_page_article(cleaner: Cleaner, lang: str) -> None:
    other = PAGES["de" if lang != "de" else "es"]
    declared = {"@type": "NewsArticle", "headline": other.title, "articleBody": "\n".join(other.paras * 3)}
    ld = orjson.dumps(declared).decode()
    html = news_page(lang).replace("</head>", f"<script type='application/ld+json'>{ld}</script></head>", 1)
    out = cleaner.clean(RawArticle(id=lang, html=html))
    assert out.text.split("\n\n") == article_text(lang).split("\n")


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_brief_of_one_paragraph_keeps_its_paragraph_alone(cleaner: Cleaner, lang: str) -> None:
    # Too little text for trafilatura's floor: its fallback may read the whole page as one line.
    page = PAGES[lang]
    html = news_page(lang)
    start, end = html.index("<div class='article-body'>"), html.index("<div class='share'>")
    html = f"{html[:start]}<div class='article-body'><p>{escape(page.paras[0])}</p></div>{html[end:]}"
    out = cleaner.clean(RawArticle(id=lang, html=html))
    assert (out.title, out.text) == (page.title, page.paras[0])


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_byline_a_date_and_a_newsletter_prompt_inside_the_body_go(cleaner: Cleaner, lang: str) -> None:
    # The page's byline and date as the body's first paragraphs, its newsletter prompt between two
    # paragraphs: each language's byline marker ("Av", "Autor:", "Haber:", "記者", "기자"), month names
    # and subscribe prompt.
    page = PAGES[lang]
    top = f"<div class='article-body'><p>{escape(page.byline)}</p><p>{escape(page.date)}</p>"
    promo = f"<div class='promo'><p>{escape(page.newsletter)}</p></div><h2>{escape(page.sub)}</h2>"
    html = news_page(lang).replace("<div class='article-body'>", top, 1)
    html = html.replace(f"<h2>{escape(page.sub)}</h2>", promo, 1)
    out = cleaner.clean(RawArticle(id=lang, html=html))
    assert out.text.split("\n\n") == article_text(lang).split("\n")


# The line a paywall prints where a teaser stops, per language (invented).
PAYWALL = {
    "de": "Weiterlesen mit Abo", "es": "Este artículo es exclusivo para suscriptores.",
    "tr": "Bu içerik abonelere özeldir.", "sv": "Prenumerera för att läsa vidare",
    "ru": "Подпишитесь, чтобы читать дальше", "pt": "Este artigo é exclusivo para assinantes.",
    "it": "Questo articolo è riservato agli abbonati.", "pl": "Ten artykuł jest dostępny tylko dla prenumeratorów.",
    "ja": "この記事は有料会員限定です。", "ko": "이 기사는 유료 회원 전용입니다.", "zh": "订阅后即可阅读全文。",
}


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_paywalled_teaser_keeps_its_paragraphs_and_loses_the_wall(cleaner: Cleaner, lang: str) -> None:
    page = PAGES[lang]
    html = news_page(lang)
    start, end = html.index("<div class='article-body'>"), html.index("<div class='share'>")
    teaser = "".join(f"<p>{escape(p)}</p>" for p in page.paras[:2])
    wall = f"<div class='paywall'><p>{escape(PAYWALL[lang])}</p></div>"
    html = f"{html[:start]}<div class='article-body'>{teaser}{wall}</div>{html[end:]}"
    out = cleaner.clean(RawArticle(id=lang, html=html))
    assert out.text.split("\n\n") == page.paras[:2]


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_read_also_label_whose_linked_headline_was_left_out_keeps_the_next_subheading(
    cleaner: Cleaner, lang: str
) -> None:
    # The label ("Mehr zum Thema", "関連記事") on its own, then its linked headline, which the
    # extraction leaves out: the subheading after it is plain text on the page, not the headline.
    page = PAGES[lang]
    label = page.read_also.split(":")[0].split("】")[0].strip("【[")
    box = f"<p><strong>{escape(label)}</strong></p><p><a href='/z'>{escape(page.related[0])}</a></p>"
    html = news_page(lang).replace(f"<h2>{escape(page.sub)}</h2>", f"{box}<h2>{escape(page.sub)}</h2>", 1)
    out = cleaner.clean(RawArticle(id=lang, html=html))
    assert out.text.split("\n\n") == article_text(lang).split("\n")

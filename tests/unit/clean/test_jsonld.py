"""The article text a page declares in JSON-LD, and when it replaces the extraction."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import orjson
import pytest
from lxml import etree

from streams.clean import html as html_module
from streams.clean.jsonld import DeclaredArticle, article_body, declared_article

PARAGRAPHS = [
    f"Paragraph {i} of the story: the council met the engineers again and agreed on the next step of the works."
    for i in range(12)
]


def _page(ld: Any, body: str = "<p>Teaser</p>") -> str:
    return (f'<html><head><script type="application/ld+json">{orjson.dumps(ld).decode()}</script></head>'
            f"<body>{body}</body></html>")


def test_article_body_found_in_a_graph_with_its_paragraphs() -> None:
    ld = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"},
                                                      {"@type": "NewsArticle", "articleBody": "One.\n\nTwo  words."}]}
    assert article_body(_page(ld)) == "One.\nTwo words."


def test_article_body_markup_becomes_paragraphs_and_raw_line_breaks_are_read() -> None:
    html = ('<script type="application/ld+json">{"articleBody": "<p>First &amp; one</p><p>Second\nline</p>"}'
            "</script>")
    assert article_body(html) == "First & one\nSecond\nline"


def test_no_declared_text_for_paywalled_invalid_or_absent_blocks() -> None:
    assert article_body(_page({"articleBody": "Full text", "isAccessibleForFree": "False"})) is None
    assert article_body(_page({"articleBody": "Full text", "isAccessibleForFree": False})) is None
    assert article_body('<script type="application/ld+json">{"articleBody": broken</script>') is None
    assert article_body(_page({"headline": "No body"})) is None
    assert article_body("<p>itemprop=\"articleBody\"</p>") is None


def _fake_run(blocks_xml: str) -> Any:
    def run(html: str, url: str | None, config: Any, precision: bool, recall: bool = False) -> SimpleNamespace:
        body = etree.fromstring(blocks_xml)
        return SimpleNamespace(text=" ".join(body.itertext()), body=body, title="Story", author=None, date=None,
                               sitename=None)
    return run


# The article as the page shows it, in a container the extractions judged boilerplate.
SHOWN = "<div class='comment-body'>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div>"


def test_declared_article_replaces_an_extraction_that_missed_most_of_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_module, "_run", _fake_run("<body><p>Gallery item one</p><p>Gallery item two</p></body>"))
    out = html_module.extract_html(_page({"articleBody": "\n".join(PARAGRAPHS)}, SHOWN))
    assert out.blocks == [[p] for p in PARAGRAPHS]


def test_the_headline_is_declared_with_the_article() -> None:
    ld = {"@graph": [{"@type": "NewsArticle", "headline": "Council &amp; engineers  agree", "articleBody": "Text."}]}
    assert declared_article(_page(ld)) == DeclaredArticle("Text.", "Council & engineers agree")
    assert declared_article(_page({"name": "Story", "articleBody": "Text."})) == DeclaredArticle("Text.", "Story")
    assert declared_article(_page({"headline": ["not", "a", "string"], "articleBody": "Text."})) == DeclaredArticle(
        "Text.", ""
    )


def test_declared_text_of_another_article_never_replaces_the_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    # A stale or shared block: its text is nowhere on the page and its headline is another story's.
    monkeypatch.setattr(html_module, "_run", _fake_run("<body><p>Gallery item one</p><p>Gallery item two</p></body>"))
    ld = {"headline": "Bridge closed for repairs", "articleBody": "\n".join(PARAGRAPHS)}
    out = html_module.extract_html(_page(ld, "<p>Gallery item one</p><p>Gallery item two</p>"))
    assert out.blocks == [["Gallery item one"], ["Gallery item two"]]


def test_declared_text_drawn_by_a_script_stands_in_when_its_headline_is_the_page_title(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The page draws its article from the declared data (no element holds it): the headline declared
    # with the text is the page's title ("Story", from the fake extraction's metadata).
    monkeypatch.setattr(html_module, "_run", _fake_run("<body><p>Gallery item one</p><p>Gallery item two</p></body>"))
    ld = {"headline": "Story", "articleBody": "\n".join(PARAGRAPHS)}
    out = html_module.extract_html(_page(ld, "<div id='app'></div>"))
    assert out.blocks == [[p] for p in PARAGRAPHS]


def test_declared_text_is_only_a_witness_when_the_extraction_holds_it_or_it_is_short(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extracted = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:8])
    monkeypatch.setattr(html_module, "_run", _fake_run(f"<body>{extracted}</body>"))
    out = html_module.extract_html(_page({"articleBody": "\n".join(PARAGRAPHS)}))
    assert out.blocks == [[p] for p in PARAGRAPHS[:8]]
    monkeypatch.setattr(html_module, "_run", _fake_run("<body><p>Gallery item one</p></body>"))
    summary = "A short summary of the story in one sentence."
    assert html_module.extract_html(_page({"articleBody": summary})).blocks == [["Gallery item one"]]


def test_declared_article_stands_in_when_no_extraction_found_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    def run(html: str, url: str | None, config: Any, precision: bool, recall: bool = False) -> SimpleNamespace:
        if recall:  # the recall extraction found only the comment section
            body = etree.fromstring("<body><p>Great story, thanks!</p><p>I disagree.</p></body>")
            return SimpleNamespace(text="Great story, thanks!\nI disagree.", body=body, title=None)
        return SimpleNamespace(text="", body=etree.fromstring("<body/>"), title="Story", author=None, date=None,
                               sitename=None)

    monkeypatch.setattr(html_module, "_run", run)
    out = html_module.extract_html(_page({"articleBody": "\n".join(PARAGRAPHS)}, SHOWN))
    assert out.blocks == [[p] for p in PARAGRAPHS]


# A Japanese article written for this test (a city library is renovated), twelve sentences.
JA_SENTENCES = [
    f"市立図書館の改修工事は第{i}段階に入り、閲覧室と学習室の整備が進められている。" for i in range(1, 13)
]


def test_declared_japanese_article_is_the_page_own_when_links_split_its_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    # The page shows the declared text with linked keywords: each tag splits a run of characters, so
    # compared by runs the page would hold none of the declared text's "words". Chinese and Japanese
    # text is compared by pairs of characters.
    monkeypatch.setattr(html_module, "_run", _fake_run("<body><p>Gallery item one</p><p>Gallery item two</p></body>"))
    shown = "<div class='comment-body'>" + "".join(
        f"<p>{s.replace('図書館', '<a href=/t/1>図書館</a>').replace('学習室', '<a href=/t/2>学習室</a>')}</p>"
        for s in JA_SENTENCES
    ) + "</div>"
    ld = {"headline": "図書館の改修進む", "articleBody": "\n".join(JA_SENTENCES)}
    out = html_module.extract_html(_page(ld, shown))
    assert out.blocks == [[s] for s in JA_SENTENCES]

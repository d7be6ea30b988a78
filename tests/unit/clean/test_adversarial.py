"""Adversarial input: bounded work, never a hang; clean() returns or raises StageError."""

from __future__ import annotations

import contextlib
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.clean import CleanConfig, Cleaner
from streams.clean.cleaner import _weighted_length
from streams.records import RawArticle, StageError
from tests.unit.clean.conftest import TITLES, body

# Generous: each case takes well under a second; a backtracking regex would take minutes.
BUDGET_S = 5.0


def _timed_clean(cleaner: Cleaner, article: RawArticle) -> None:
    started = time.perf_counter()
    with contextlib.suppress(StageError):
        cleaner.clean(article)
    assert time.perf_counter() - started < BUDGET_S


@pytest.mark.parametrize(
    "text",
    [
        "a" * 2_000_000,  # one megabyte-long line
        ("Lire aussi " * 200_000),  # a marker repeated on one line
        "(Photo " * 300_000,  # unbalanced parentheses for the inline-credit pattern
        "1." * 500_000,  # tracking-id-like run
        "Accueil > " * 200_000,
        "\n".join(["0"] * 200_000),  # many lone counters
        "\n\n".join(["Home / News / World"] * 50_000),
        body("en") + "\n\n" + "word " * 400_000,
    ],
    ids=["long-line", "markers", "parens", "dots", "crumbs", "counters", "many-crumbs", "long-para"],
)
def test_pathological_text(cleaner: Cleaner, text: str) -> None:
    _timed_clean(cleaner, RawArticle(id="x", text=text))


def test_binary_garbage(cleaner: Cleaner) -> None:
    garbage = bytes(range(256)).decode("latin-1") * 4000
    _timed_clean(cleaner, RawArticle(id="x", text=garbage))
    _timed_clean(cleaner, RawArticle(id="x", html=garbage))


def test_deeply_nested_html(cleaner: Cleaner) -> None:
    html = "<html><body>" + "<div>" * 50_000 + "<p>" + body("en") + "</p>" + "</div>" * 50_000 + "</body></html>"
    _timed_clean(cleaner, RawArticle(id="x", html=html))


def test_huge_html(cleaner: Cleaner) -> None:
    html = "<html><body>" + "<p>" + "lorem ipsum " * 40 + "</p>" * 1 + "<span>x</span>" * 200_000 + "</body></html>"
    _timed_clean(cleaner, RawArticle(id="x", html=html))
    with pytest.raises(StageError) as err:
        cleaner.clean(RawArticle(id="x", html=html))
    assert err.value.code == "page_too_complex"


def test_article_under_a_long_comment_section_is_extracted_not_refused(cleaner: Cleaner) -> None:
    # ~16k elements once stripped (a live blog or a long comment section): above MAX_ELEMENTS, the
    # precision run alone extracts the article.
    paras = "".join(f"<p>{p}</p>" for p in body("en").split("\n\n"))
    comments = "".join(
        f"<div class='comment'><div class='who'><a href='/u/{i}'>reader{i}</a></div><p>Agreed, #{i}.</p></div>"
        for i in range(4000)
    )
    html = f"<html><body><article><h1>{TITLES['en']}</h1>{paras}</article><section>{comments}</section></body></html>"
    out = cleaner.clean(RawArticle(id="x", html=html))
    assert out.title == TITLES["en"]
    assert out.text.startswith(body("en")) and "reader12" not in out.text


def test_big_page_with_scripts_is_stripped_then_extracted(cleaner: Cleaner) -> None:
    paras = "".join(f"<p>{p}</p>" for p in body("en").split("\n\n"))
    html = "<html><body>" + "<script>var a=1;</script>" * 20_000 + f"<article>{paras}</article></body></html>"
    started = time.perf_counter()
    out = cleaner.clean(RawArticle(id="x", html=html))
    assert time.perf_counter() - started < BUDGET_S
    assert out.text == body("en")


def test_input_truncated() -> None:
    cleaner = Cleaner(CleanConfig(max_input_chars=5000))
    out = cleaner.clean(RawArticle(id="x", text=body("fr") + "\n\n" + "Une phrase de plus. " * 10_000))
    assert out.report.chars_in == 5000 and len(out.text) <= 5000


_ALPHABET = st.characters(exclude_categories=["Cs"])
_LINES = st.lists(
    st.one_of(
        st.text(_ALPHABET, max_size=80),
        st.sampled_from(["0", "Lire aussi :", "Read more", "Article suivant", "© 2024", "Accueil > Monde", "",
                         "622703.1.260.149", "Photo : AFP", "(Photo", "«", "…", "Home"]),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=_LINES, as_html=st.booleans(), title=st.one_of(st.none(), st.text(_ALPHABET, max_size=40)))
def test_clean_returns_or_raises_stage_error(
    cleaner: Cleaner, lines: list[str], as_html: bool, title: str | None
) -> None:
    text = "\n".join(lines)
    article = RawArticle(id="h", html=f"<html><body><p>{text}</p></body></html>", title=title) if as_html \
        else RawArticle(id="h", text=text, title=title)
    try:
        out = cleaner.clean(article)
    except StageError as err:
        assert err.code in {"empty_after_cleaning", "empty_input", "extraction_failed", "page_too_complex"}
        return
    # The floor counts a character of Chinese or Japanese as 3 (about a word: see cleaner).
    assert _weighted_length(out.text, cleaner.config.min_chars) >= cleaner.config.min_chars
    assert "\n\n\n" not in out.text

"""Decoding and validation of raw messages."""

from __future__ import annotations

import orjson
import pytest

from streams.pipeline.decode import canonical_url, decode_payload, derive_id, parse_timestamp, validate_article
from streams.records import StageError

LIMIT = 64 * 1024


def _code(payload: bytes | None) -> str:
    with pytest.raises(StageError) as err:
        validate_article(decode_payload(payload, LIMIT))
    return err.value.code


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (b"\xff\xfe", "invalid_utf8"),
        (b"{nope", "invalid_json"),
        (b"[" * 5000 + b"]" * 5000, "invalid_json"),  # nesting deeper than orjson's limit
        (b"[1, 2]", "not_an_object"),
        (b'"a string"', "not_an_object"),
        (b'{"text": 5}', "wrong_field_type"),
        (b'{"text": "x", "title": ["a"]}', "wrong_field_type"),
        (b'{"title": "t"}', "no_text"),
        (b'{"text": "   "}', "no_text"),
        (b'{"text": "x", "published_at": "tomorrow"}', "invalid_published_at"),
        (b"x" * (LIMIT + 1), "payload_too_large"),
        (None, "no_text"),
    ],
)
def test_bad_input_gets_a_typed_error(payload: bytes | None, code: str) -> None:
    assert _code(payload) == code


def test_valid_article_keeps_fields_and_given_id() -> None:
    raw = validate_article(decode_payload(orjson.dumps(
        {"id": " a-1 ", "text": "Hello", "url": "https://www.ex.org/a", "lang": "EN",
         "published_at": "2024-01-02T03:04:05Z"}), LIMIT))
    assert raw.id == "a-1" and raw.lang == "en" and raw.source == "ex.org" and raw.text == "Hello"


def test_id_from_canonical_url_ignores_tracking_and_fragment() -> None:
    a = derive_id("https://WWW.Example.org/news/1/?utm_source=x&b=2#top", None, None)
    b = derive_id("https://example.org/news/1?b=2", None, None)
    assert a == b and a.startswith("u-")
    assert canonical_url("HTTPS://Example.org/x/?fbclid=1") == "https://example.org/x"


def test_id_from_content_when_no_url() -> None:
    assert derive_id(None, "same text", None) == derive_id(None, "same text", None)
    assert derive_id(None, "same text", None) != derive_id(None, "other text", None)


def test_timestamps_naive_are_utc() -> None:
    assert parse_timestamp("2024-01-01T00:00:00") == parse_timestamp("2024-01-01T00:00:00Z") == 1704067200.0

"""Decoding and validation of raw input messages (the ``news.raw`` contract). Pure: no Kafka.

Every failure is a :class:`~streams.records.StageError` with a stable code, which the pipeline turns
into a dead-letter record. Codes: ``payload_too_large``, ``invalid_utf8``, ``invalid_json``,
``not_an_object``, ``wrong_field_type``, ``no_text``, ``invalid_published_at``.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson

from streams.records import RawArticle, StageError

STRING_FIELDS = ("id", "text", "html", "url", "source", "title", "published_at", "lang")

# Query parameters that only track the reader; removing them makes two links to one article equal.
_TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src", "xtor", "at_medium"}
)
# Ids longer than this are not ids; 256 characters leave room for URLs used as ids.
MAX_ID_CHARS = 256


def decode_payload(payload: bytes | None, max_bytes: int) -> dict[str, Any]:
    """Bytes from Kafka -> a JSON object, or ``StageError``."""
    if payload is None:
        raise StageError("no_text", "message has no value (tombstone)")
    if len(payload) > max_bytes:
        raise StageError("payload_too_large", f"payload is {len(payload)} bytes, limit is {max_bytes}")
    try:
        obj = orjson.loads(payload)  # orjson also refuses invalid UTF-8
    except orjson.JSONDecodeError as exc:
        # Only a failed message pays for a second pass, to tell bad UTF-8 from bad JSON.
        try:
            payload.decode("utf-8")
        except UnicodeDecodeError as bad:
            raise StageError("invalid_utf8", f"payload is not UTF-8: {bad.reason} at byte {bad.start}") from None
        raise StageError("invalid_json", f"payload is not JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise StageError("not_an_object", f"payload is a JSON {type(obj).__name__}, not an object")
    return obj


def given_id(obj: dict[str, Any]) -> str | None:
    """The producer's own article id when it is usable (a non-empty string of bounded length)."""
    value = obj.get("id")
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > MAX_ID_CHARS:
        return None
    return value.strip()


def validate_article(obj: dict[str, Any]) -> RawArticle:
    """A decoded JSON object -> :class:`RawArticle` with its id, or ``StageError``."""
    for name in STRING_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            raise StageError(
                "wrong_field_type", f"field {name!r} must be a string, got {type(value).__name__}"
            )
    text = obj.get("text") or None
    html = obj.get("html") or None
    if (text is None or not text.strip()) and (html is None or not html.strip()):
        raise StageError("no_text", "the object has neither a non-empty 'text' nor 'html'")
    published = obj.get("published_at") or None
    if published is not None:
        parse_timestamp(published)
    given_id = (obj.get("id") or "").strip() or None
    if given_id is not None and len(given_id) > MAX_ID_CHARS:
        raise StageError("wrong_field_type", f"field 'id' is longer than {MAX_ID_CHARS} characters")
    url = (obj.get("url") or "").strip() or None
    article_id = given_id or derive_id(url, text, html)
    return RawArticle(
        id=article_id,
        text=text,
        html=html,
        url=url,
        source=(obj.get("source") or "").strip() or _source_from_url(url),
        title=(obj.get("title") or "").strip() or None,
        published_at=published,
        lang=(obj.get("lang") or "").strip().lower() or None,
    )


def parse_timestamp(value: str) -> float:
    """ISO 8601 -> POSIX seconds (naive times are taken as UTC), or ``StageError``."""
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise StageError("invalid_published_at", f"published_at {value[:64]!r} is not ISO 8601") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


def canonical_url(url: str) -> str:
    """Lower-cased scheme and host, no fragment, no tracking parameters, no trailing slash."""
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING_PARAMS
    ]
    path = parts.path.rstrip("/") or "/"
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme.lower() or "http", netloc, path, urlencode(sorted(query)), ""))


def derive_id(url: str | None, text: str | None, html: str | None) -> str:
    """The article id when none is given: from the canonical URL, else from a content hash."""
    if url:
        return "u-" + hashlib.blake2b(canonical_url(url).encode(), digest_size=10).hexdigest()
    body = (text or html or "").encode("utf-8", "surrogatepass")
    return "c-" + hashlib.blake2b(body, digest_size=10).hexdigest()


def payload_key(payload: bytes | None) -> str:
    """A key for a message that could not be parsed far enough to have an article id."""
    return "c-" + hashlib.blake2b(payload or b"", digest_size=10).hexdigest()


def _source_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None

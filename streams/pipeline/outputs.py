"""Builders of the output records (the public topic contracts). Pure: no Kafka.

Each builder returns an :class:`Output` = (route, key, value). ``route`` is one of ``enriched``,
``duplicates``, ``rejected``, ``entities``; the wiring maps routes to topic names from settings.
The JSON Schemas in ``streams/schemas/`` describe the values; tests validate against them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from streams.pipeline.failures import stage_error
from streams.pipeline.prepared import PreparedArticle
from streams.records import SCHEMA_VERSION, DedupDecision, Entity, Origin, StageError

ROUTES = ("enriched", "duplicates", "rejected", "entities")
# The routes of which every input message produces exactly one record (the count invariant).
TERMINAL_ROUTES = ("enriched", "duplicates", "rejected")


@dataclass(frozen=True, slots=True)
class Output:
    """One record to publish."""

    route: str
    key: str
    value: dict[str, Any]
    headers: tuple[tuple[str, bytes], ...] = ()  # a dead letter carries its input record's headers


def now_iso() -> str:
    """Current UTC time, ISO 8601 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def truncate_payload(payload: bytes | str | None, limit: int) -> tuple[str, bool, int]:
    """The original payload as text for a dead letter: (text, truncated?, size in bytes)."""
    if payload is None:
        return "", False, 0
    if isinstance(payload, bytes):
        size = len(payload)
        text = payload[: limit * 4].decode("utf-8", errors="replace")
    else:
        size = len(payload.encode("utf-8", "surrogatepass"))
        text = payload
    truncated = len(text) > limit or size > limit * 4
    return text[:limit], truncated, size


def rejected(
    key: str,
    error: StageError,
    stage: str,
    payload: bytes | str | None,
    origin: Origin,
    payload_limit: int,
    article_id: str | None = None,
    headers: tuple[tuple[str, bytes], ...] = (),
) -> Output:
    """A dead-letter record: the typed error, the (truncated) original payload and its origin."""
    text, truncated, size = truncate_payload(payload, payload_limit)
    return Output(
        "rejected",
        key,
        {
            "schema_version": SCHEMA_VERSION,
            "id": article_id,
            "error": {"code": error.code, "message": error.message[:1000], "stage": stage},
            "payload": text,
            "payload_truncated": truncated,
            "payload_bytes": size,
            "source_topic": origin.topic,
            "source_partition": origin.partition,
            "source_offset": origin.offset,
            "rejected_at": now_iso(),
        },
        headers,
    )


def rejected_article(
    article: PreparedArticle, stage: str, exc: BaseException, payload_limit: int, key: str | None = None
) -> Output:
    """The dead letter of a prepared article that failed in ``stage``, with its original payload,
    origin and headers, under ``key`` (unless given, the input record's key, else the article's id: a
    refused entity record keeps its own key); its ``id`` names the article."""
    key = key if key is not None else article.input_key or article.id
    return rejected(
        key, stage_error(stage, exc), stage, article.payload, article.origin, payload_limit, article.id, article.headers
    )


def duplicate(article: PreparedArticle, decision: DedupDecision) -> Output:
    """A ``news.duplicates`` record pointing at the first-seen article (for ``contained``, the longer
    article that holds this one, with the containment score)."""
    value: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": article.id,
        "duplicate_of": decision.duplicate_of,
        "method": decision.method,
        "similarity": round(float(decision.similarity), 4),
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "published_at": article.published_at,
        "processed_at": now_iso(),
    }
    if decision.method == "contained":
        value["containment"] = value["similarity"]
    return Output("duplicates", article.id, value)


def enriched(article: PreparedArticle, entities: list[Entity]) -> Output:
    """A ``news.enriched`` record: the cleaned article with its entities."""
    value: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": article.id,
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "text": article.text,
        "lang": article.lang,
        "lang_confidence": article.lang_confidence,
        "lang_given": article.lang_given,
        "lang_disagrees": article.lang_disagrees,
        "author": article.author,
        "published_at": article.published_at,
        "processed_at": now_iso(),
        "entities": [e.to_dict() for e in entities],
        "cleaning": article.cleaning,
    }
    if article.expands is not None:
        value["expands"] = article.expands
    return Output("enriched", article.id, value)


def entity_records(article: PreparedArticle, entities: list[Entity]) -> list[Output]:
    """One ``news.entities`` record per (article, entity), keyed by entity id for aggregation."""
    processed = now_iso()
    return [
        Output(
            "entities",
            e.id,
            {
                "schema_version": SCHEMA_VERSION,
                "entity_id": e.id,
                "name": e.name,
                "label": e.label,
                "linked": e.linked,
                "linked_by": e.linked_by,
                "mentions": len(e.mentions),
                "article_id": article.id,
                "url": article.url,
                "source": article.source,
                "lang": article.lang,
                "published_at": article.published_at,
                "processed_at": processed,
            },
        )
        for e in entities
    ]

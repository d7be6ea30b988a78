"""The publisher: records handed to the producer, and a record the broker refuses turned into a dead letter."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest
from prometheus_client import CollectorRegistry

from streams.pipeline.outputs import Output
from streams.pipeline.prepared import PreparedArticle
from streams.records import Origin
from streams.worker.metrics import Metrics
from streams.worker.publish import Publisher


class RecordTooLarge(Exception):
    """What the producer raises for a record over the broker's size limit."""


class FakeTopic:
    def __init__(self, name: str) -> None:
        self.name = name

    def get_topic_name(self) -> str:
        return self.name


class FakeProducer:
    """Keeps what it is sent; refuses every record to the topics in ``refuse``."""

    def __init__(self, refuse: set[str]) -> None:
        self.refuse = refuse
        self.sent: list[tuple[str, bytes, dict[str, Any], Any]] = []

    async def send(self, topic: str, key: bytes, value: bytes, _partition: Any, _ts: Any, headers: Any) -> Any:
        if topic in self.refuse:
            raise RecordTooLarge(f"the record is larger than {topic}'s max.message.bytes")
        self.sent.append((topic, key, orjson.loads(value), headers))
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        fut.set_result(None)
        return fut


class FakeApp:
    def __init__(self, producer: FakeProducer) -> None:
        self.producer = producer

    async def maybe_start_producer(self) -> FakeProducer:
        return self.producer


def _publisher(refuse: set[str]) -> tuple[Publisher, FakeProducer, CollectorRegistry]:
    producer = FakeProducer(refuse)
    registry = CollectorRegistry()
    topics = {route: FakeTopic(f"news.{route}") for route in ("enriched", "duplicates", "rejected", "entities")}
    return Publisher(FakeApp(producer), topics, Metrics(registry), payload_limit=64), producer, registry  # type: ignore[arg-type]


def _article() -> PreparedArticle:
    return PreparedArticle(
        id="a1", url=None, source="example.org", published_at=None, title="Titre", text="Texte de l'article.",
        lang="fr", lang_confidence=0.99, lang_given="fr", lang_disagrees=False, author=None, cleaning={},
        fingerprint=None, event_ts=0.0, origin=Origin("news.raw", 3, 41), payload='{"id": "a1", "text": "..."}',
    )


def test_an_output_goes_to_its_route_topic_with_its_key_and_headers() -> None:
    publisher, producer, registry = _publisher(refuse=set())
    out = Output("enriched", "a1", {"id": "a1", "entities": []}, (("h", b"v"),))
    asyncio.run(publisher.publish(out, _article()))
    assert producer.sent == [("news.enriched", b"a1", {"id": "a1", "entities": []}, [("h", b"v")])]
    assert registry.get_sample_value("newsfeed_records_produced_total", {"route": "enriched"}) == 1.0


def test_a_refused_record_becomes_a_dead_letter_of_its_article() -> None:
    publisher, producer, registry = _publisher(refuse={"news.enriched"})
    asyncio.run(publisher.publish(Output("enriched", "a1", {"id": "a1", "entities": []}), _article()))
    [(topic, key, value, _headers)] = producer.sent
    assert (topic, key) == ("news.rejected", b"a1")
    assert value["error"]["stage"] == "publish" and "max.message.bytes" in value["error"]["message"]
    # The dead letter points at the raw input, so the sender can find what it sent.
    assert (value["source_topic"], value["source_partition"], value["source_offset"]) == ("news.raw", 3, 41)
    assert registry.get_sample_value("newsfeed_records_produced_total", {"route": "rejected"}) == 1.0
    assert registry.get_sample_value("newsfeed_records_produced_total", {"route": "enriched"}) is None


def test_a_refused_entity_record_is_a_dead_letter_under_its_own_key_naming_its_article() -> None:
    publisher, producer, _ = _publisher(refuse={"news.entities"})
    asyncio.run(publisher.publish(Output("entities", "geo:2988507", {"article_id": "a1"}), _article()))
    [(topic, key, value, _headers)] = producer.sent
    assert (topic, key, value["id"]) == ("news.rejected", b"geo:2988507", "a1")


def test_a_refused_dead_letter_or_a_record_without_its_article_raises() -> None:
    # Nothing is left to fall back to: the error reaches the agent (and the transaction fails).
    publisher, _, _ = _publisher(refuse={"news.rejected", "news.enriched"})
    with pytest.raises(RecordTooLarge):
        asyncio.run(publisher.publish(Output("rejected", "a1", {"error": {"message": "x", "code": "c"}}), _article()))
    with pytest.raises(RecordTooLarge):
        asyncio.run(publisher.publish(Output("enriched", "a1", {"id": "a1", "entities": []}), None))

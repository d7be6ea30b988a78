"""Faust wiring: the app, its topics, table and three agents around the pure pipeline.

Flow (keys are article ids everywhere)::

    news.raw --prepare--> <app>.prepared (1 partition) --dedup--> <app>.unique --tag--> news.enriched
        \\-> news.rejected              \\-> news.duplicates                \\-> news.entities

* ``prepare`` (parallel over the partitions of ``news.raw``): decode, validate, clean, fingerprint.
* ``dedup`` reads a single-partition repartition topic, so one table partition holds the whole
  window's dedup state and two copies are caught whichever input partition or worker they came
  from; its state is a Faust table with a changelog topic, so a restarted worker keeps it.
* ``tag`` (parallel again) batches first-seen articles through NER (``stream.take``).

The agents only move records; all decisions are in :mod:`streams.pipeline`.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator, MutableMapping
from typing import Any

import faust
import orjson
from faust.serializers import codecs

from streams.kafka_tools import MAX_MESSAGE_BYTES, internal_topics
from streams.metrics import Metrics
from streams.models import StageError
from streams.pipeline import Pipeline, PipelineConfig
from streams.records import Origin, Output, rejected
from streams.settings import Settings

log = logging.getLogger("newsfeed.worker")


class OrjsonCodec(codecs.Codec):
    """Faust codec backed by orjson (used for every internal and output topic)."""

    def _dumps(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def _loads(self, s: bytes) -> Any:
        return orjson.loads(s)


def _register_codec() -> None:
    if "orjson" not in codecs.codecs:
        codecs.register("orjson", OrjsonCodec())


def broker_credentials(settings: Settings) -> Any:
    """Faust credentials from the security settings (None for PLAINTEXT)."""
    proto = settings.security_protocol
    ctx = None
    if proto in ("SSL", "SASL_SSL"):
        ctx = ssl.create_default_context(cafile=settings.ssl_cafile or None)
        if settings.ssl_certfile:
            ctx.load_cert_chain(settings.ssl_certfile, settings.ssl_keyfile or None)
    if proto.startswith("SASL"):
        return faust.SASLCredentials(
            username=settings.sasl_username, password=settings.sasl_secret(),
            ssl_context=ctx, mechanism=settings.sasl_mechanism or "PLAIN",
        )
    if ctx is not None:
        return faust.SSLCredentials(ctx)
    return None


class Wiring:
    """The Faust app with its topics and agents; holds the pipeline and the metrics."""

    def __init__(self, settings: Settings, metrics: Metrics, config: PipelineConfig) -> None:
        _register_codec()
        self.settings = settings
        self.metrics = metrics
        s = settings
        self.app = faust.App(
            s.app_id,
            broker=[f"kafka://{b}" for b in s.bootstrap_servers],
            broker_credentials=broker_credentials(s),
            processing_guarantee=s.processing_guarantee,
            store=s.store,
            datadir=s.data_dir,
            topic_partitions=s.topic_partitions,
            topic_replication_factor=s.topic_replication,
            topic_allow_declare=True,
            producer_max_request_size=MAX_MESSAGE_BYTES,
            producer_linger_ms=5,
            consumer_auto_offset_reset="earliest",
            web_enabled=False,
            web_port=s.web_port,
            web_host=s.metrics_host,
            key_serializer="raw",
            value_serializer="orjson",
        )
        parts = internal_topics(s)
        prepared_name = f"{s.app_id}.prepared"
        unique_name = f"{s.app_id}.unique"
        self.raw_topic = self.app.topic(s.topic_raw, key_serializer="raw", value_serializer="raw")
        self.prepared_topic = self.app.topic(prepared_name, partitions=parts[prepared_name], internal=True)
        self.unique_topic = self.app.topic(unique_name, partitions=parts[unique_name], internal=True)
        self.outputs = {route: self.app.topic(name) for route, name in s.topics().items() if route != "raw"}
        # Dedup state: band/exact keys -> entries. Co-partitioned with the prepared topic (1 partition).
        self.dedup_table = self.app.Table(
            "dedup-index", partitions=parts[prepared_name], key_serializer="raw", value_serializer="orjson",
        )
        self.pipeline = Pipeline(
            config,
            dedup_store=_StrKeyTable(self.dedup_table),
            observe=metrics.observe_stage,
        )
        self._agents()

    def _agents(self) -> None:
        app, s = self.app, self.settings

        @app.agent(self.raw_topic, name="prepare")
        async def prepare(stream: Any) -> None:
            async for event in stream.events():
                msg = event.message
                self.metrics.mark_consumed(msg.topic)
                result = self.pipeline.prepare(event.value, Origin(msg.topic, msg.partition, msg.offset))
                if isinstance(result, Output):
                    await self.publish(result, None)
                else:
                    self.metrics.record_cleaning(result)
                    await self.prepared_topic.send(key=result["id"].encode(), value=result)

        @app.agent(self.prepared_topic, name="dedup")
        async def dedup(stream: Any) -> None:
            async for article in stream:
                result = self.pipeline.deduplicate(article)
                if isinstance(result, Output):
                    await self.publish(result, article)
                else:
                    await self.unique_topic.send(key=result["id"].encode(), value=result)

        @app.agent(self.unique_topic, name="tag")
        async def tag(stream: Any) -> None:
            async for batch in stream.take(s.tag_batch_size, within=s.tag_batch_seconds):
                for article, outs in zip(batch, self.pipeline.tag(batch), strict=True):
                    for out in outs:
                        await self.publish(out, article)

        @app.task
        async def started() -> None:
            self.metrics.mark_started()
            log.info("newsfeed worker running; consuming %s", s.topic_raw)

    async def publish(self, out: Output, article: dict[str, Any] | None) -> None:
        """Send one output record; a record the broker refuses becomes a dead letter instead."""
        try:
            await self.outputs[out.route].send(key=out.key.encode(), value=out.value)
        except Exception as exc:  # e.g. record too large: never lose the message silently
            if out.route == "rejected" or article is None:
                raise
            log.error("publish to %s failed for %s: %s", out.route, out.key, exc)
            err = StageError("publish_failed", f"{type(exc).__name__}: {exc}")
            dead = rejected(
                out.key, err, "publish", article.get("payload"), Origin.from_dict(article["origin"]),
                self.settings.rejected_payload_chars, out.key,
            )
            await self.outputs["rejected"].send(key=dead.key.encode(), value=dead.value)
            self.metrics.record_outputs([dead])
            return
        self.metrics.record_outputs([out])


class _StrKeyTable(MutableMapping[str, Any]):
    """Mapping view of a Faust table with raw (bytes) keys, for the pure dedup index (str keys)."""

    def __init__(self, table: Any) -> None:
        self._t = table

    def __getitem__(self, key: str) -> Any:
        return self._t[key.encode()]

    def __setitem__(self, key: str, value: Any) -> None:
        self._t[key.encode()] = value

    def __delitem__(self, key: str) -> None:
        del self._t[key.encode()]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.encode() in self._t

    def __iter__(self) -> Iterator[str]:
        return (k.decode() if isinstance(k, bytes) else k for k in list(self._t.keys()))

    def __len__(self) -> int:
        return len(self._t)

"""Sending the pipeline's records: outputs, internal hops and the tables' changelog records.

Every record goes straight to the producer, which under exactly_once is faust's transaction manager:
it routes the record to the transaction of the source partition the agent is working for
(:meth:`streams.faust_ext.transactions.CommitGate.routing`).
"""

from __future__ import annotations

import logging
from typing import Any

import faust
import orjson

from streams.faust_ext.changelog import DirectChangelog
from streams.pipeline import outputs
from streams.pipeline.outputs import Output
from streams.pipeline.prepared import PreparedArticle
from streams.worker.metrics import Metrics

log = logging.getLogger("newsfeed.worker")


class Publisher:
    """Sends records for the agents of one worker process."""

    def __init__(self, app: faust.App, topics: dict[str, Any], metrics: Metrics, payload_limit: int) -> None:
        self.app = app
        self.topics = topics  # route -> faust topic of every public output
        self.metrics = metrics
        self.payload_limit = payload_limit

    async def send(self, topic: Any, key: str, value: Any, headers: tuple[tuple[str, bytes], ...] = ()) -> None:
        """One record to ``topic``, handed straight to the producer.

        faust's ``Topic.send`` wraps each record in a FutureMessage, serializes it through its codec
        registry and resolves the delivery in a callback; that path cost more than the record itself.
        The delivery future is kept only to log a failure, as faust's callback did: under exactly_once
        a failed delivery also fails the transaction and the input is processed again; under
        at_least_once the commit flushes the producer first, and a failed delivery is only logged."""
        producer = await self.app.maybe_start_producer()
        fut: Any = await producer.send(
            topic.get_topic_name(), key.encode(), orjson.dumps(value), None, None, list(headers) or None
        )
        fut.add_done_callback(_log_failed_delivery)

    async def forward(self, topic: Any, article: PreparedArticle) -> None:
        """A prepared article to an internal hop."""
        await self.send(topic, article.id, article.to_dict())

    async def publish(self, out: Output, article: PreparedArticle | None) -> None:
        """One output record; a record the broker refuses becomes a dead letter instead."""
        try:
            await self.send(self.topics[out.route], out.key, out.value, out.headers)
        except Exception as exc:  # e.g. record too large: never lose the message silently
            if out.route == "rejected" or article is None:
                raise
            log.error("publish to %s failed for %s: %s", out.route, out.key, exc)
            dead = outputs.rejected_article(article, "publish", exc, self.payload_limit, out.key)
            await self.send(self.topics["rejected"], dead.key, dead.value)
            self.metrics.record_outputs([dead])
            return
        if out.route == "rejected":
            err = out.value["error"]
            log.warning(
                "rejected: %s", err["message"][:300],
                extra={"article_id": out.value.get("id") or out.key, "stage": err.get("stage"), "code": err["code"]},
            )
        self.metrics.record_outputs([out])

    async def flush_changelog(self, store: DirectChangelog | None, partition: int) -> None:
        """Send ``store``'s pending changelog records (in the caller's processing region and routing)."""
        if store is not None and store.pending():
            await store.flush(await self.app.maybe_start_producer(), partition)


def _log_failed_delivery(fut: Any) -> None:
    if not fut.cancelled() and fut.exception() is not None:
        log.error("delivery failed: %s", fut.exception())

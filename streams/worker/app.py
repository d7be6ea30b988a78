"""Faust wiring: the app, its topics, table and three agents around the pure pipeline.

Flow (keys are article ids everywhere)::

    news.raw --prepare--> <app>.prepared (1 partition) --dedup--> news.enriched, news.entities,
        \\-> news.rejected       ^              \\                  news.duplicates, news.rejected
                                 \\---- tag <--- <app>.unique (untagged first-seen articles)

* ``prepare`` (parallel over the partitions of ``news.raw``): decode, validate, clean, fingerprint
  (and the gazetteer-only tagging without the statistical NER).
* ``dedup`` reads a single-partition repartition topic, so one table partition holds the whole
  window's dedup state and two copies are caught whichever input partition or worker they came
  from; its state is a Faust table with a changelog topic, so a restarted worker keeps it.
  Articles already tagged it publishes itself, after the entity registry (a table on this hop
  too, for the same reason: it must see every article in order) has resolved their ids.
* ``tag`` (parallel again) runs first-seen articles through the NER in ``stream.take`` batches
  and sends them back to ``<app>.prepared`` for the registry (the dedup index passes an article it
  registered through unchanged): four hops for those.
  With ``NEWSFEED_NER_BEFORE_DEDUP=true`` the NER runs in ``prepare`` instead and ``tag`` idles;
  with ``auto`` (the default) ``prepare`` tags its batches while the input keeps up (two hops) and
  leaves them to ``tag`` under a backlog (four hops) (see :func:`streams.pipeline.prepare.ner_now`).
* The NER itself runs in a child process of each worker (``NEWSFEED_NER_PROCESS``); the agents
  await it without holding commits or the other agents back.

The agents only move records; all decisions are in :mod:`streams.pipeline.pipeline`.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from dataclasses import replace
from time import monotonic
from typing import Any

import faust
import orjson
from faust.serializers import codecs

from streams.faust_ext.assignor import RoleAwareAssignor
from streams.faust_ext.changelog import DirectChangelog
from streams.faust_ext.recovery import PromptTableManager
from streams.faust_ext.redelivery import RedeliveryGuard
from streams.faust_ext.transactions import CommitGate, DeferredWrites, GatedConsumer, install
from streams.pipeline.outputs import Output, rejected
from streams.pipeline.pipeline import Pipeline, PipelineConfig
from streams.pipeline.prepare import ner_now
from streams.records import Origin, StageError
from streams.settings import Settings
from streams.topics import MAX_MESSAGE_BYTES, internal_topics
from streams.worker.health import HealthState
from streams.worker.metrics import Metrics

log = logging.getLogger("newsfeed.worker")

# How often the worker refreshes liveness, lag and readiness.
HEARTBEAT_S = 5.0
# Commit-when-idle: checked every 10 ms; the worker counts as quiet after 20 ms without an event in
# flight, and commits at most every 50 ms. Measured at 13.4 articles/s on two processes (per-hop
# probe, README): quiet 10 ms / gap 20 ms gave p50 259 ms but p99 1,101 ms (the extra commits hold
# events back); 20 / 50 gave p50 280 and p99 776 ms, against 365 / 861 without.
IDLE_COMMIT_CHECK_S = 0.01
IDLE_COMMIT_QUIET_S = 0.02
IDLE_COMMIT_MIN_GAP_S = 0.05


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

    def __init__(
        self,
        settings: Settings,
        metrics: Metrics,
        config: PipelineConfig,
        health: HealthState | None = None,
        raw_partitions: int | None = None,
    ) -> None:
        _register_codec()
        self.settings = settings
        self.metrics = metrics
        self.health = health if health is not None else HealthState()
        s = settings
        self.app = faust.App(
            s.app_id,
            broker=[f"kafka://{b}" for b in s.bootstrap_servers],
            broker_credentials=broker_credentials(s),
            processing_guarantee=s.processing_guarantee,
            broker_commit_interval=s.commit_interval_s,
            store=s.store,
            datadir=s.data_dir,
            topic_partitions=s.topic_partitions,
            topic_replication_factor=s.topic_replication,
            topic_allow_declare=True,
            table_standby_replicas=s.standby_replicas,
            producer_max_request_size=MAX_MESSAGE_BYTES,
            producer_linger=s.linger_ms / 1000,
            producer_max_batch_size=s.producer_batch_bytes,
            stream_buffer_maxsize=s.stream_buffer,
            consumer_auto_offset_reset="earliest",
            broker_session_timeout=s.session_timeout_s,
            # Heartbeats at a tenth of the session timeout, as Kafka's own clients do by default.
            broker_heartbeat_interval=max(1.0, s.session_timeout_s / 10),
            # Faust's own web server stays off: /metrics, /healthz and /readyz are served by
            # streams.worker.health, which exposes nothing else.
            web_enabled=False,
            # Recovery that ends once a changelog is read to its end (faust waited ~10 s past the
            # last record whenever the changelog ended with a transaction marker).
            TableManager=PromptTableManager,
            # Members of one group may run different stages (NEWSFEED_WORKER_ROLE).
            PartitionAssignor=RoleAwareAssignor,
        )
        # Commits wait for in-flight events; under exactly_once each output joins the transaction
        # of its input's partition (see streams.faust_ext.transactions for what faust alone gets wrong).
        self.gate = CommitGate(s.commit_interval_backlog_s)
        install(self.app, self.gate)
        parts = internal_topics(s)
        prepared_name = f"{s.app_id}.prepared"
        unique_name = f"{s.app_id}.unique"
        raw: dict[str, Any] = {"key_serializer": "raw", "value_serializer": "raw"}
        js: dict[str, Any] = {"key_serializer": "raw", "value_serializer": "orjson"}
        topic = self.app.topic
        self.raw_topic = topic(s.topic_raw, **raw)
        self.prepared_topic = topic(prepared_name, partitions=parts[prepared_name], internal=True, **js)
        self.unique_topic = topic(unique_name, partitions=parts[unique_name], internal=True, **js)
        self.outputs = {route: topic(name, **js) for route, name in s.topics().items() if route != "raw"}
        # Dedup state: str keys -> JSON values, co-partitioned with the prepared topic (1 partition).
        # Faust's default (json) serializers are used on purpose: its changelog recovery ignores a
        # table's custom schema and would fail to decode raw keys after a restart.
        # A process declares only the tables of the stages it runs (NEWSFEED_WORKER_ROLE): faust
        # assigns a table's partitions to the members that declare it, so each role's tables stay
        # co-partitioned with the topics its agents read.
        # The dedup hop sends the table's changelog records itself, with its outputs (streams.faust_ext.changelog).
        self.dedup_store: DirectChangelog | None = (
            DirectChangelog(self.app.Table("dedup-index", partitions=parts[prepared_name])) if s.runs_dedup else None
        )
        # The entity registry (streams/entities/registry.py) must likewise see every article, in order,
        # on one instance: its table lives on the same single-partition hop, which resolves each
        # tagged article's ids before publishing it. Articles tagged after dedup come back to this
        # hop through <app>.prepared (the dedup index passes a registered id through unchanged).
        self.registry_store: DirectChangelog | None = (
            DirectChangelog(self.app.Table("entity-registry", partitions=parts[prepared_name]))
            if s.runs_dedup and "entities" not in config.skip else None
        )
        # Learned boilerplate per source, written while processing news.raw: co-partitioned with it,
        # so each input partition learns its sources' boilerplate and recovers it after a restart.
        # Its changelog records are sent by the prepare agent likewise: faust's own path queues them in
        # its producer buffer, whose flush before a commit gives up after 0.1 s without a send; on a
        # loaded machine the records then missed the transaction of their event's offsets (and were
        # lost with the next, empty, transaction at shutdown).
        self.boilerplate_store: DirectChangelog | None = (
            DirectChangelog(self.app.Table("boilerplate", partitions=raw_partitions or s.topic_partitions))
            if s.runs_prepare else None
        )
        # The NER in a child process (NEWSFEED_NER_PROCESS): the prepare agent awaits it with no
        # commit held back, so its table writes wait (DeferredWrites) until its events' outputs go.
        self.tagger = None
        if s.ner_enabled and s.ner_process and "entities" not in config.skip and s.runs_prepare:
            from streams.worker.ner_process import TaggerProcess

            restarts = metrics.ner_restarts
            self.tagger = TaggerProcess(config.entities, on_replace=lambda reason: restarts.labels(reason).inc())
        self.deferred = (
            DeferredWrites(self.boilerplate_store)
            if self.tagger is not None and s.ner_placement != "after" and self.boilerplate_store is not None
            else None
        )
        if not s.runs_prepare:
            # The dedup hop never runs the NER (it forwards untagged articles to the tag stage):
            # no models to load in a dedup process.
            config = replace(config, entities=replace(config.entities, use_model=False))
        self.pipeline = Pipeline(
            config, dedup_store=self.dedup_store,
            boilerplate_store=self.deferred if self.deferred is not None else self.boilerplate_store,
            tagger=self.tagger, observe=metrics.observe_stage, registry_store=self.registry_store,
        )
        self.guard = RedeliveryGuard()
        self._pauses_seen = 0  # the consumer's backpressure pauses already counted in the metrics
        self._agents()

    def _agents(self) -> None:
        app, s = self.app, self.settings

        if s.runs_prepare:
            self._prepare_agents()
        if s.runs_dedup:
            self._dedup_agent()

        if s.commit_when_idle:
            app.task(self._commit_when_idle)
        self._lifecycle()

    def _prepare_agents(self) -> None:
        """The parallel stages: ``prepare`` on news.raw, ``tag`` on <app>.unique."""
        app, s = self.app, self.settings

        @app.agent(self.raw_topic, name="prepare")
        async def prepare(stream: Any) -> None:
            # Batches (stream.take): the NER before dedup runs once per batch, and every stage runs
            # over the batch in turn (Pipeline.finish_prepare). Without the NER here, larger batches.
            placement = s.ner_placement if s.ner_enabled else "after"
            size, within = (
                (s.ner_batch_size, s.tag_batch_seconds) if placement == "before"
                else (s.prepare_batch_size, s.prepare_batch_seconds)
            )
            async for events in stream.take_events(size, within=within):
                fresh = [e for e in events if not self.guard.seen(*_position(e))]
                for event in fresh:
                    self.metrics.mark_consumed(event.message.topic)
                items = [(e.value, Origin(*_position(e))) for e in fresh]
                if self.deferred is not None:
                    early = ner_now(placement, len(fresh), s.ner_batch_size)
                    await self._prepare_off_loop(fresh, items, self.deferred, early)
                    continue
                async with self.gate.processing():
                    drafts = []
                    for payload, origin in items:
                        # Each article's boilerplate-table write goes to its own partition's changelog
                        # and transaction.
                        with self.gate.routing(origin.topic, origin.partition):
                            drafts.append(self.pipeline.begin_prepare(payload, origin))
                            await self._flush_changelog(self.boilerplate_store, origin.partition)
                    # Languages and fingerprints stage by stage over the batch (warm CPU caches).
                    results = self.pipeline.finish_prepare(drafts)
                    self.pipeline.tag_prepared(results, items)
                    for event, result in zip(fresh, results, strict=True):
                        with self.gate.routing(event.message.topic, event.message.partition):
                            await self._forward_prepared(result)

        @app.agent(self.unique_topic, name="tag")
        async def tag(stream: Any) -> None:
            async for events in stream.take_events(s.ner_batch_size, within=s.tag_batch_seconds):
                fresh = [e for e in events if not self.guard.seen(*_position(e))]
                # Tagged before the processing region: with the NER in its own process nothing is
                # sent meanwhile, so commits and the dedup hop need not wait for it.
                tagged = await self.pipeline.tag_for_registry_async([e.value for e in fresh])
                async with self.gate.processing():
                    for event, result in zip(fresh, tagged, strict=True):
                        # Each article joins the transaction of the partition it was read from; tagged,
                        # it goes back to the ordered hop, whose entity registry resolves its ids.
                        with self.gate.routing(event.message.topic, event.message.partition):
                            if isinstance(result, Output):
                                await self.publish(result, event.value)
                            else:
                                await self._send(self.prepared_topic, result["id"], result)

    def _dedup_agent(self) -> None:
        """The single-partition dedup hop on <app>.prepared."""
        app, store = self.app, self.dedup_store
        assert store is not None

        @app.agent(self.prepared_topic, name="dedup")
        async def dedup(stream: Any) -> None:
            async for event in stream.events():
                msg, article = event.message, event.value
                if self.guard.seen(msg.topic, msg.partition, msg.offset):
                    continue
                async with self.gate.processing(msg.topic, msg.partition):
                    result = self.pipeline.deduplicate(article)
                    await self._flush_changelog(store, msg.partition)
                    if isinstance(result, Output):
                        await self.publish(result, article)
                    elif self.pipeline.tagged(result):  # tagged before dedup, or back from the tag hop
                        for out in self.pipeline.tag([result])[0]:  # entity registry included
                            await self.publish(out, result)
                        await self._flush_changelog(self.registry_store, msg.partition)
                    else:
                        await self._send(self.unique_topic, result["id"], result)

    def _lifecycle(self) -> None:
        """Start-up, rebalance and heartbeat hooks (every role)."""
        app = self.app

        @app.task
        async def started() -> None:
            self.metrics.mark_started()
            s = self.settings
            source = s.topic_raw if s.runs_prepare else self.prepared_topic.get_topic_name()
            log.info("newsfeed worker (%s) running; consuming %s", s.worker_role, source)

        @app.on_partitions_assigned.connect  # type: ignore[arg-type]  # mode's stub wants `signal=`
        async def on_assigned(sender: Any, assigned: Any = None, **kwargs: Any) -> None:
            # The dedup index keeps its LSH buckets in memory, derived from the table; after a
            # rebalance the table may hold what another worker wrote meanwhile, so rebuild them.
            self.pipeline.dedup_index.invalidate()
            # Likewise the learned boilerplate's states not yet written to its table.
            self.pipeline.cleaner.learner.invalidate()
            # Records handled before the rebalance but not committed are delivered again from the
            # committed offsets (their outputs were aborted): they must be processed again.
            self.guard.reset()

        @app.timer(interval=HEARTBEAT_S)
        async def heartbeat() -> None:
            self.health.beat()
            await self.observe_assignment()
            pauses = getattr(self.app.consumer, "backpressure_pauses", 0)
            if pauses > self._pauses_seen:
                self.metrics.backpressure_pauses.inc(pauses - self._pauses_seen)
                self._pauses_seen = pauses
            committed = getattr(self.app.consumer, "committed_offsets", None)
            if committed is not None:
                self.guard.forget_below(committed())

    async def _commit_when_idle(self) -> None:
        """Commit as soon as the worker falls quiet (a Faust task, only when NEWSFEED_COMMIT_WHEN_IDLE)."""
        # The commit timer ends transactions every NEWSFEED_COMMIT_INTERVAL_S; each hop waits for it
        # (half the interval on average, the whole of it at worst). When the worker falls quiet with
        # processed records not yet committed, commit them now: a worker with spare capacity
        # publishes at once, a saturated one (never quiet) still commits on the interval, so
        # throughput does not pay for it.
        consumer = self.app.consumer
        while True:
            await asyncio.sleep(IDLE_COMMIT_CHECK_S)
            if not isinstance(consumer, GatedConsumer) or self.app.rebalancing:
                continue
            if (self.gate.quiet_for() >= IDLE_COMMIT_QUIET_S
                    and monotonic() - consumer.last_commit >= IDLE_COMMIT_MIN_GAP_S
                    and consumer.has_uncommitted()):
                await consumer.commit()


    async def _prepare_off_loop(
        self, events: list[Any], items: list[tuple[bytes | None, Origin]], deferred: DeferredWrites, early: bool
    ) -> None:
        """A batch with the NER in its own process: clean (table writes held back), await the NER
        (``early``: before dedup) with no commit held back, then write and forward each article in
        its partition's transaction.

        The events stay unacked until this returns, so a commit meanwhile leaves their offsets out,
        and a rebalance waits for them (faust's revocation waits for unacked events)."""
        drafts = []
        writes = []
        for payload, origin in items:
            drafts.append(self.pipeline.begin_prepare(payload, origin))
            writes.append(deferred.take())
        results = self.pipeline.finish_prepare(drafts)
        await self.pipeline.tag_prepared_async(results, items, early)
        async with self.gate.processing():
            for event, result, written in zip(events, results, writes, strict=True):
                with self.gate.routing(event.message.topic, event.message.partition):
                    deferred.apply(written)
                    await self._flush_changelog(self.boilerplate_store, event.message.partition)
                    await self._forward_prepared(result)

    async def _forward_prepared(self, result: dict[str, Any] | Output) -> None:
        """A prepared article goes to the dedup hop; a dead letter is published."""
        if isinstance(result, Output):
            await self.publish(result, None)
        else:
            self.metrics.record_cleaning(result)
            await self._send(self.prepared_topic, result["id"], result)

    async def observe_assignment(self) -> None:
        """Lag per assigned partition, and readiness (assigned, not rebalancing, tables recovered)."""
        consumer = self.app.consumer
        lags: dict[tuple[str, int], int] = {}
        for tp in consumer.assignment():
            if tp.topic.endswith("-changelog") or "__assignor" in tp.topic:
                continue
            try:
                position = await consumer.position(tp)
                highwater = consumer.highwater(tp)
            except Exception:  # metadata not known yet right after an assignment
                continue
            if position is not None and highwater is not None and highwater >= 0:
                lags[(tp.topic, tp.partition)] = max(0, highwater - position)
        self.metrics.set_assignment(lags)
        recovery = getattr(self.app.tables, "recovery", None)
        recovered = recovery.completed.is_set() if recovery is not None else True
        ready = bool(lags) and not self.app.rebalancing and recovered
        reason = "ok" if ready else ("rebalancing" if self.app.rebalancing else "waiting for partitions")
        self.health.set_ready(ready, reason)
        self.metrics.ready.set(1 if ready else 0)

    async def _flush_changelog(self, store: DirectChangelog | None, partition: int) -> None:
        """Send ``store``'s pending changelog records (in the caller's processing region and routing)."""
        if store is not None and store.pending():
            await store.flush(await self.app.maybe_start_producer(), partition)

    async def _send(self, topic: Any, key: str, value: Any) -> None:
        """One record to ``topic``, handed straight to the producer (the transaction manager under
        exactly_once, which routes it to its source partition's transaction).

        faust's ``Topic.send`` wraps each record in a FutureMessage, serializes it through its codec
        registry and resolves the delivery in a callback; the dedup hop sends ~5.6 records per
        article, and that path cost more than the record itself. The delivery future is kept only to
        log a failure, as faust's callback did: under exactly_once a failed delivery also fails the
        transaction and the input is processed again; under at_least_once the commit flushes the
        producer first, as before, and a failed delivery is only logged."""
        # Under exactly_once that is faust's transaction manager (app.producer would bypass it).
        producer = await self.app.maybe_start_producer()
        fut: Any = await producer.send(
            topic.get_topic_name(), key.encode(), orjson.dumps(value), None, None, None
        )
        fut.add_done_callback(self._delivered)

    @staticmethod
    def _delivered(fut: Any) -> None:
        if not fut.cancelled() and fut.exception() is not None:
            log.error("delivery failed: %s", fut.exception())

    async def publish(self, out: Output, article: dict[str, Any] | None) -> None:
        """Send one output record; a record the broker refuses becomes a dead letter instead."""
        try:
            await self._send(self.outputs[out.route], out.key, out.value)
        except Exception as exc:  # e.g. record too large: never lose the message silently
            if out.route == "rejected" or article is None:
                raise
            log.error("publish to %s failed for %s: %s", out.route, out.key, exc)
            err = StageError("publish_failed", f"{type(exc).__name__}: {exc}")
            dead = rejected(
                out.key, err, "publish", article.get("payload"), Origin.from_dict(article["origin"]),
                self.settings.rejected_payload_chars, out.key,
            )
            await self._send(self.outputs["rejected"], dead.key, dead.value)
            self.metrics.record_outputs([dead])
            return
        if out.route == "rejected":
            err = out.value["error"]
            log.warning(
                "rejected: %s", err["message"][:300],
                extra={"article_id": out.value.get("id") or out.key, "stage": err.get("stage"), "code": err["code"]},
            )
        self.metrics.record_outputs([out])


def _position(event: Any) -> tuple[str, int, int]:
    msg = event.message
    return msg.topic, msg.partition, msg.offset

"""The Faust app of one worker process: its topics, tables, pipeline and NER process.

Flow (keys are article ids everywhere)::

    news.raw --prepare--> <app>.prepared (1 partition) --dedup--> news.enriched, news.entities,
        \\-> news.rejected       ^              \\                  news.duplicates, news.rejected
                                 \\---- tag <--- <app>.unique (untagged first-seen articles)

* ``prepare`` (parallel over the partitions of ``news.raw``): decode, validate, clean, fingerprint,
  and the tagging that runs before dedup (the gazetteer without the statistical NER; the NER for
  batches NEWSFEED_NER_BEFORE_DEDUP sends there).
* ``dedup`` reads a single-partition repartition topic, so one table partition holds the whole
  window's dedup state and two copies are caught whichever input partition or worker they came
  from; its state is a Faust table with a changelog topic, so a restarted worker keeps it.
  Articles already tagged it publishes itself, after the entity registry (a table on this hop
  too, for the same reason: it must see every article in order) has resolved their ids (two hops).
* ``tag`` (parallel again) runs first-seen articles left untagged through the NER in batches and
  sends them back to ``<app>.prepared`` for the registry (the dedup index passes an article it
  registered through unchanged): four hops for those.
* The NER itself runs in a child process of each worker (NEWSFEED_NER_PROCESS); the agents await
  it without holding commits or the other agents back.

The agents (:mod:`streams.worker.agents`) only move records; every decision is in
:mod:`streams.pipeline`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Any

import faust
import orjson
from faust.serializers import codecs

from streams.faust_ext.assignor import RoleAwareAssignor
from streams.faust_ext.changelog import DirectChangelog
from streams.faust_ext.recovery import PromptTableManager
from streams.faust_ext.transactions import CommitGate, install
from streams.pipeline import Pipeline, PipelineConfig
from streams.pipeline.pipeline import TagResult
from streams.pipeline.prepared import PreparedArticle
from streams.security import broker_security
from streams.settings import Settings
from streams.topics import MAX_MESSAGE_BYTES, internal_topics
from streams.worker.health import HealthState
from streams.worker.metrics import Metrics
from streams.worker.ner_process import NerProcess
from streams.worker.publish import Publisher

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


def faust_credentials(settings: Settings) -> Any:
    """Faust credentials from the security settings (None for PLAINTEXT)."""
    sec = broker_security(settings)
    if sec.uses_sasl:
        return faust.SASLCredentials(
            username=sec.sasl_username, password=sec.sasl_password,
            ssl_context=sec.ssl_context, mechanism=sec.sasl_mechanism,
        )
    if sec.ssl_context is not None:
        return faust.SSLCredentials(sec.ssl_context)
    return None


def build_faust_app(settings: Settings) -> faust.App:
    """The Faust app with newsfeed's consumer, transactions, recovery and assignor."""
    s = settings
    return faust.App(
        s.app_id,
        broker=[f"kafka://{b}" for b in s.bootstrap_servers],
        broker_credentials=faust_credentials(s),
        processing_guarantee=s.processing_guarantee,
        broker_commit_interval=s.commit_interval_s,
        store=s.store,
        datadir=s.data_dir,
        topic_partitions=s.topic_partitions,
        topic_replication_factor=s.topic_replication,
        topic_allow_declare=True,
        table_standby_replicas=s.standby_replicas,
        producer_max_request_size=MAX_MESSAGE_BYTES,
        producer_linger=s.producer_linger_ms / 1000,
        producer_max_batch_size=s.producer_batch_bytes,
        stream_buffer_maxsize=s.stream_buffer,
        consumer_auto_offset_reset="earliest",
        broker_session_timeout=s.session_timeout_s,
        # Heartbeats at a tenth of the session timeout, as Kafka's own clients do by default.
        broker_heartbeat_interval=max(1.0, s.session_timeout_s / 10),
        # Faust's own web server stays off: /metrics, /healthz and /readyz are served by
        # streams.worker.health, which exposes nothing else.
        web_enabled=False,
        # Recovery that ends once a changelog is read to its end (see streams.faust_ext.recovery).
        TableManager=PromptTableManager,
        # Members of one group may run different stages (NEWSFEED_WORKER_ROLE).
        PartitionAssignor=RoleAwareAssignor,
    )


class WorkerApp:
    """One worker process's Faust app with its topics, tables, pipeline, NER process and agents."""

    def __init__(
        self,
        settings: Settings,
        metrics: Metrics,
        config: PipelineConfig,
        health: HealthState | None = None,
        raw_partitions: int | None = None,
    ) -> None:
        _register_codec()
        self.settings = s = settings
        self.metrics = metrics
        self.health = health if health is not None else HealthState()
        self.app = build_faust_app(settings)
        # Commits wait for in-flight events; under exactly_once each output joins the transaction
        # of its input's partition (see streams.faust_ext for what faust alone gets wrong).
        self.gate = CommitGate(s.commit_interval_backlog_s)
        install(self.app, self.gate)
        parts = internal_topics(s)
        prepared_name, unique_name = f"{s.app_id}.prepared", f"{s.app_id}.unique"
        raw: dict[str, Any] = {"key_serializer": "raw", "value_serializer": "raw"}
        js: dict[str, Any] = {"key_serializer": "raw", "value_serializer": "orjson"}
        topic = self.app.topic
        self.raw_topic = topic(s.topic_raw, **raw)
        self.prepared_topic = topic(prepared_name, partitions=parts[prepared_name], internal=True, **js)
        self.unique_topic = topic(unique_name, partitions=parts[unique_name], internal=True, **js)
        outputs = {route: topic(name, **js) for route, name in s.topics().items() if route != "raw"}
        # Tables use faust's default (json) serializers on purpose: its changelog recovery ignores a
        # table's custom schema and would fail to decode raw keys after a restart. A process declares
        # only the tables of the stages it runs (NEWSFEED_WORKER_ROLE): faust assigns a table's
        # partitions to the members that declare it, so each role's tables stay co-partitioned with
        # the topics its agents read. Agents send the tables' changelog records themselves, in the
        # transaction of the event that made the write (streams.faust_ext.changelog).
        # Dedup state: co-partitioned with the single-partition prepared topic.
        self.dedup_store: DirectChangelog | None = (
            DirectChangelog(self.app.Table("dedup-index", partitions=parts[prepared_name])) if s.runs_dedup else None
        )
        # The entity registry (streams/entities/registry.py) must likewise see every article, in order,
        # on one instance: its table lives on the same single-partition hop, which resolves each
        # tagged article's ids before publishing it.
        self.registry_store: DirectChangelog | None = (
            DirectChangelog(self.app.Table("entity-registry", partitions=parts[prepared_name]))
            if s.runs_dedup and "entities" not in config.skip else None
        )
        # Learned boilerplate per source, co-partitioned with news.raw: each input partition learns
        # its sources' boilerplate and recovers it after a restart.
        self.boilerplate_store: DirectChangelog | None = (
            DirectChangelog(self.app.Table("boilerplate", partitions=raw_partitions or s.topic_partitions))
            if s.runs_prepare else None
        )
        # The NER in a child process (NEWSFEED_NER_PROCESS): the agents await it with no commit held back.
        self.ner: NerProcess | None = None
        if s.ner_enabled and s.ner_process and "entities" not in config.skip and s.runs_prepare:
            restarts = metrics.ner_restarts
            self.ner = NerProcess(config.entities, on_replace=lambda reason: restarts.labels(reason).inc())
        if not s.runs_prepare:
            # The dedup hop never runs the NER (it forwards untagged articles to the tag hop):
            # no models to load in a dedup process.
            config = replace(config, entities=replace(config.entities, use_model=False))
        self.pipeline = Pipeline(
            config, dedup_store=self.dedup_store, boilerplate_store=self.boilerplate_store,
            tagger=self.ner, observe=metrics.observe_stage, registry_store=self.registry_store,
        )
        self.publisher = Publisher(self.app, outputs, metrics, s.rejected_payload_chars)
        from streams.worker.agents import register_agents

        register_agents(self)

    async def tag(self, articles: list[PreparedArticle]) -> list[TagResult]:
        """Entities (or the typed error) of each article: from the NER process when there is one (the
        event loop runs on meanwhile), else from the pipeline's tagger in place."""
        if self.ner is None or not articles:
            return self.pipeline.run_tagger(articles)
        started = time.perf_counter()
        answers: list[TagResult] = await self.ner.tag([a.tag_request() for a in articles])
        self.pipeline.observe_tagging(time.perf_counter() - started, len(articles))
        return answers

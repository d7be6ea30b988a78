"""Prometheus metrics of the worker. One :class:`Metrics` per process, on its own registry.

Names follow Prometheus conventions (``newsfeed_..._total`` counters, ``_seconds`` histograms with
explicit buckets). Tests build a fresh ``CollectorRegistry`` each.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from streams.pipeline.outputs import Output

# Per-article stage latency: cleaning a page takes ~1-20 ms, NER per article ~5-100 ms, dedup
# ~0.1-1 ms; the buckets resolve each of those ranges and catch pathological multi-second cases.
STAGE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Per-source series are bounded: past this many distinct sources, further ones count as "other",
# so a feed with millions of hostnames cannot blow up the worker's memory or Prometheus.
MAX_SOURCE_LABELS = 500


class Metrics:
    """All counters, gauges and histograms of the worker."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry
        self.consumed = Counter(
            "newsfeed_articles_consumed_total", "Raw messages consumed from the input topic.", ["topic"], registry=r
        )
        self.produced = Counter(
            "newsfeed_records_produced_total", "Records produced, per output route.", ["route"], registry=r
        )
        self.rejections = Counter(
            "newsfeed_rejections_total", "Dead letters, per error code and stage.", ["code", "stage"], registry=r
        )
        self.duplicates = Counter(
            "newsfeed_duplicates_total", "Duplicates detected, per method (exact, near or contained).", ["method"],
            registry=r,
        )
        self.entities = Counter(
            "newsfeed_entities_total", "Distinct entities tagged in enriched articles, per label.", ["label"],
            registry=r,
        )
        self.stage_seconds = Histogram(
            "newsfeed_stage_seconds", "Processing time per article, per stage.", ["stage"],
            buckets=STAGE_BUCKETS, registry=r,
        )
        self.cleaning_chars = Counter(
            "newsfeed_cleaning_chars_total",
            "Characters seen by cleaning per source; kind=input|removed_rule|removed_learned. "
            "Boilerplate ratio = removed / input.",
            ["source", "kind"], registry=r,
        )
        self.ner_restarts = Counter(
            "newsfeed_ner_process_restarts_total",
            "NER child processes replaced, per reason: died (crashed, killed) or hung (no answer in time).",
            ["reason"], registry=r,
        )
        # Both series exist from the start at 0, so that increase() also counts the first replacement.
        for reason in ("died", "hung"):
            self.ner_restarts.labels(reason=reason)
        self.backpressure_pauses = Counter(
            "newsfeed_backpressure_pauses_total",
            "Input partitions paused because their stage's buffer was full (they resume when it is half "
            "empty; the other partitions go on meanwhile).", registry=r,
        )
        self.partition_stalls = Counter(
            "newsfeed_partition_stalls_total",
            "Input partitions that delivered nothing for 30 s while records waited (not paused, no "
            "rebalance) and were fetched again; each is also logged with the partition's state.", registry=r,
        )
        self.intra_duplicates = Counter(
            "newsfeed_cleaning_intra_duplicates_total",
            "Articles whose page held the text twice (second copy dropped), per source.", ["source"], registry=r,
        )
        self.up = Gauge("newsfeed_worker_up", "1 while the worker runs its agents.", registry=r)
        self.start_time = Gauge(
            "newsfeed_worker_start_time_seconds", "Unix time the worker started.", registry=r
        )
        self.last_consumed = Gauge(
            "newsfeed_last_consumed_timestamp_seconds", "Unix time of the last consumed message.", registry=r
        )
        self.ready = Gauge(
            "newsfeed_worker_ready", "1 once partitions are assigned, tables recovered and models loaded.",
            registry=r,
        )
        self.lag = Gauge(
            "newsfeed_consumer_lag", "Messages between the worker's position and the end of each assigned partition.",
            ["topic", "partition"], registry=r,
        )
        self.assigned = Gauge(
            "newsfeed_assigned_partitions", "Partitions currently assigned to this worker, per topic.", ["topic"],
            registry=r,
        )
        self.registry_keys = Gauge(
            "newsfeed_entity_registry_keys", "Keys of the entity registry's table held by this worker.", registry=r
        )
        self.entity_links = Counter(
            "newsfeed_entity_links_total",
            "Entities given an id by the registry's hop, by how it was identified (kb, registry, article, none).",
            ["linked_by"], registry=r,
        )
        self.ambiguous_unlinked = Counter(
            "newsfeed_entity_ambiguous_unlinked_total",
            "Short forms (surname, acronym) left unlinked because several known entities share them.",
            registry=r,
        )
        # Running totals kept elsewhere (the consumer's, the registry's), per counter: what is counted already.
        self._totals_seen: dict[Any, int] = {}
        self._sources: set[str] = set()
        # Labelled children by (metric, label values): ``labels()`` validates and locks on every call
        # (~2 us; ~15 calls per article), a dict lookup does not. Only for metrics never cleared.
        self._children: dict[tuple[Any, ...], Any] = {}

    def _child(self, metric: Any, *values: str) -> Any:
        """``metric.labels(*values)``, looked up once per label set."""
        key = (metric, *values)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*values)
        return child

    def mark_started(self) -> None:
        """The worker is up."""
        self.start_time.set(time.time())
        self.up.set(1)

    def mark_consumed(self, topic: str) -> None:
        """One input message consumed."""
        self._child(self.consumed, topic).inc()
        self.last_consumed.set(time.time())

    def observe_stage(self, stage: str, seconds: float) -> None:
        """Per-article time of one stage (the pipeline's observer callback)."""
        self._child(self.stage_seconds, stage).observe(seconds)

    def record_outputs(self, outputs: Iterable[Output]) -> None:
        """Count produced records by route, code, method and label."""
        for out in outputs:
            self._child(self.produced, out.route).inc()
            if out.route == "rejected":
                err = out.value["error"]
                self._child(self.rejections, err["code"], err.get("stage", "")).inc()
            elif out.route == "duplicates":
                self._child(self.duplicates, out.value["method"]).inc()
            elif out.route == "enriched":
                for ent in out.value["entities"]:
                    self._child(self.entities, ent["label"]).inc()

    def record_cleaning(self, source_name: str | None, report: dict[str, Any]) -> None:
        """Boilerplate figures of one cleaned article (its cleaning report), per source."""
        source = self._source_label(source_name)
        chars = self.cleaning_chars
        self._child(chars, source, "input").inc(report.get("chars_in", 0))
        self._child(chars, source, "removed_rule").inc(report.get("chars_removed_by_rule", 0))
        self._child(chars, source, "removed_learned").inc(report.get("chars_removed_learned", 0))
        if report.get("intra_duplicate_dropped"):
            self._child(self.intra_duplicates, source).inc()

    def set_assignment(self, lags: dict[tuple[str, int], int]) -> None:
        """Lag per assigned (topic, partition); partitions no longer assigned disappear."""
        self.lag.clear()
        self.assigned.clear()
        per_topic: dict[str, int] = {}
        for (topic, partition), lag in lags.items():
            self.lag.labels(topic=topic, partition=str(partition)).set(lag)
            per_topic[topic] = per_topic.get(topic, 0) + 1
        for topic, n in per_topic.items():
            self.assigned.labels(topic=topic).set(n)

    def record_registry(self, counters: dict[str, int]) -> None:
        """The entity registry's figures (:meth:`streams.entities.registry.EntityRegistry.counters`):
        its size as a gauge, links and ambiguous short forms as counters of what came since the last call."""
        self.registry_keys.set(counters.get("registry_keys", 0))
        for name, value in counters.items():
            if name == "ambiguous_unlinked":
                self.count_up_to(self.ambiguous_unlinked, value)
            elif name.startswith("linked_by_"):
                self.count_up_to(self.entity_links.labels(linked_by=name.removeprefix("linked_by_")), value)

    def count_up_to(self, counter: Any, total: int) -> None:
        """Bring ``counter`` (a counter or a labelled child) up to ``total``, a running count kept
        elsewhere: what came since the last call is added; a total that fell (its owner was
        replaced) adds nothing until it passes what was counted."""
        added = total - self._totals_seen.get(counter, 0)
        if added > 0:
            self._totals_seen[counter] = total
            counter.inc(added)

    def _source_label(self, source: str | None) -> str:
        name = source or "unknown"
        if name in self._sources:
            return name
        if len(self._sources) >= MAX_SOURCE_LABELS:
            return "other"
        self._sources.add(name)
        return name

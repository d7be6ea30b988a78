"""Metrics: names, labels and counting from outputs, on a fresh registry per test."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest

from streams.pipeline import outputs
from streams.records import DedupDecision, Entity, Mention, Origin, StageError
from streams.worker.metrics import MAX_SOURCE_LABELS, Metrics
from tests.fixtures import prepared_article


def _value(reg: CollectorRegistry, name: str, labels: dict[str, str] | None = None) -> float:
    v = reg.get_sample_value(name, labels or {})
    return 0.0 if v is None else v


def test_outputs_are_counted_by_route_code_method_and_label() -> None:
    reg = CollectorRegistry()
    m = Metrics(reg)
    art = prepared_article(id="a", title="t", text="x")
    ent = Entity("loc:x", "X", "LOC", [Mention("text", 0, 1)])
    m.record_outputs([
        outputs.enriched(art, [ent]),
        outputs.duplicate(art, DedupDecision("b", "exact", 1.0)),
        outputs.rejected("k", StageError("invalid_json", "m"), "decode", b"{", Origin("t", 0, 1), 10),
    ])
    assert _value(reg, "newsfeed_records_produced_total", {"route": "enriched"}) == 1
    assert _value(reg, "newsfeed_records_produced_total", {"route": "duplicates"}) == 1
    assert _value(reg, "newsfeed_rejections_total", {"code": "invalid_json", "stage": "decode"}) == 1
    assert _value(reg, "newsfeed_duplicates_total", {"method": "exact"}) == 1
    assert _value(reg, "newsfeed_entities_total", {"label": "LOC"}) == 1


def test_stage_histogram_has_explicit_buckets_and_seconds_suffix() -> None:
    reg = CollectorRegistry()
    m = Metrics(reg)
    m.observe_stage("clean", 0.003)
    text = generate_latest(reg).decode()
    assert 'newsfeed_stage_seconds_bucket{le="0.005",stage="clean"} 1.0' in text
    assert _value(reg, "newsfeed_stage_seconds_count", {"stage": "clean"}) == 1


def test_consumed_and_liveness() -> None:
    reg = CollectorRegistry()
    m = Metrics(reg)
    m.mark_started()
    m.mark_consumed("news.raw")
    assert _value(reg, "newsfeed_worker_up") == 1
    assert _value(reg, "newsfeed_articles_consumed_total", {"topic": "news.raw"}) == 1
    assert _value(reg, "newsfeed_last_consumed_timestamp_seconds") > 0


def test_boilerplate_ratio_inputs_per_source_with_bounded_cardinality() -> None:
    reg = CollectorRegistry()
    m = Metrics(reg)
    report = {"chars_in": 100, "chars_removed_by_rule": 20, "chars_removed_learned": 5, "intra_duplicate_dropped": True}
    m.record_cleaning("ex.org", report)
    assert _value(reg, "newsfeed_cleaning_chars_total", {"source": "ex.org", "kind": "removed_rule"}) == 20
    assert _value(reg, "newsfeed_cleaning_intra_duplicates_total", {"source": "ex.org"}) == 1
    for i in range(MAX_SOURCE_LABELS + 10):
        m.record_cleaning(f"s{i}", report)
    assert _value(reg, "newsfeed_cleaning_chars_total", {"source": "other", "kind": "input"}) > 0


def test_ner_restart_series_exist_at_zero_before_the_first_replacement() -> None:
    text = generate_latest(Metrics(CollectorRegistry()).registry).decode()
    for reason in ("died", "hung"):
        assert f'newsfeed_ner_process_restarts_total{{reason="{reason}"}} 0.0' in text


def test_registry_figures_become_a_gauge_and_counters_of_what_came_since() -> None:
    reg = CollectorRegistry()
    m = Metrics(reg)
    m.record_registry({"registry_keys": 12, "ambiguous_unlinked": 1, "linked_by_kb": 3, "linked_by_registry": 2})
    m.record_registry({"registry_keys": 15, "ambiguous_unlinked": 1, "linked_by_kb": 5, "linked_by_registry": 2})
    assert _value(reg, "newsfeed_entity_registry_keys", {}) == 15
    assert _value(reg, "newsfeed_entity_links_total", {"linked_by": "kb"}) == 5
    assert _value(reg, "newsfeed_entity_links_total", {"linked_by": "registry"}) == 2
    assert _value(reg, "newsfeed_entity_ambiguous_unlinked_total", {}) == 1


def test_running_totals_of_the_consumer_are_counted_once() -> None:
    registry = CollectorRegistry()
    m = Metrics(registry)
    for total in (2, 2, 5):  # the consumer's backpressure pauses, read at each heartbeat
        m.count_up_to(m.backpressure_pauses, total)
    m.count_up_to(m.partition_stalls, 1)
    m.count_up_to(m.backpressure_pauses, 0)  # a replaced consumer starts again from 0: nothing added
    assert registry.get_sample_value("newsfeed_backpressure_pauses_total") == 5.0
    assert registry.get_sample_value("newsfeed_partition_stalls_total") == 1.0

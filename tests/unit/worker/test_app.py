"""Pure parts of the Faust worker: codec, credentials, redelivery guard, which tasks run."""

from __future__ import annotations

from pathlib import Path

import faust
import pytest
from prometheus_client import CollectorRegistry

from streams.faust_ext.redelivery import RedeliveryGuard
from streams.pipeline import config_from_settings
from streams.settings import ConfigError, Settings
from streams.worker.app import OrjsonCodec, WorkerApp, faust_credentials
from streams.worker.metrics import Metrics


def test_orjson_codec_round_trip() -> None:
    codec = OrjsonCodec()
    value = {"id": "a", "text": "L’Irak « x »", "n": [1, 2.5, None]}
    assert codec.loads(codec.dumps(value)) == value


def test_redelivery_guard_skips_offsets_already_handled_per_partition() -> None:
    g = RedeliveryGuard()
    assert not g.seen("t", 0, 5)
    assert g.seen("t", 0, 5)
    assert not g.seen("t", 1, 5) and not g.seen("t", 0, 6) and not g.seen("u", 0, 0)
    assert g.seen("t", 0, 6)


def test_redelivery_guard_processes_records_before_the_first_delivery() -> None:
    # The first delivery started at 10, then faust seeks back to the committed offset 7: records
    # 7-9 were never handled and must be processed; 10-12 again must not.
    g = RedeliveryGuard()
    assert [g.seen("t", 0, o) for o in (10, 11, 12)] == [False, False, False]
    assert [g.seen("t", 0, o) for o in (7, 8, 9, 10, 11, 12, 13)] == [False, False, False, True, True, True, False]
    assert [g.seen("t", 0, o) for o in (3, 20, 4, 5, 6, 21)] == [False] * 6
    assert all(g.seen("t", 0, o) for o in range(3, 14)) and g.seen("t", 0, 20) and not g.seen("t", 0, 2)
    g.reset()
    assert not g.seen("t", 0, 10)


def test_redelivery_guard_stays_small_under_transaction_markers() -> None:
    # Markers take one offset per commit, so handled offsets come in many ranges; what lies below the
    # committed offset is never delivered again and is dropped, the rest still guards.
    g = RedeliveryGuard()
    for commit in range(1000):
        for o in range(commit * 4, commit * 4 + 3):  # 3 records, then a marker
            assert not g.seen("t", 0, o)
    assert len(g._ranges[("t", 0)]) == 1000
    g.forget_below({("t", 0): 3992})
    assert g._ranges[("t", 0)] == [[3992, 3994], [3996, 3998]]
    assert g.seen("t", 0, 3997) and not g.seen("t", 0, 3999 + 1)


def test_credentials_follow_the_security_settings(tmp_path: object) -> None:
    assert faust_credentials(Settings.from_env({})) is None
    sasl = faust_credentials(Settings.from_env({
        "NEWSFEED_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "NEWSFEED_SASL_MECHANISM": "SCRAM-SHA-512",
        "NEWSFEED_SASL_USERNAME": "svc", "NEWSFEED_SASL_PASSWORD": "pw",
    }))
    assert isinstance(sasl, faust.SASLCredentials)
    assert sasl.username == "svc" and sasl.password == "pw" and str(sasl.mechanism).endswith("SCRAM_SHA_512")


@pytest.mark.parametrize("enabled", [True, False])
def test_commit_when_idle_runs_only_when_enabled(enabled: bool, tmp_path: Path) -> None:
    settings = Settings.from_env({}, ner_enabled=False, commit_when_idle=enabled, data_dir=str(tmp_path))
    worker = WorkerApp(settings, Metrics(CollectorRegistry()), config_from_settings(settings))
    tasks = [t.__name__ for t in worker.app._app_tasks]
    assert "started" in tasks
    assert ("commit_when_idle" in tasks) is enabled


@pytest.mark.parametrize(
    ("role", "agents", "tables"),
    [
        ("all", {"prepare", "dedup", "tag"}, {"dedup-index", "boilerplate", "entity-registry"}),
        ("prepare", {"prepare", "tag"}, {"boilerplate"}),
        ("dedup", {"dedup"}, {"dedup-index", "entity-registry"}),
    ],
)
def test_a_worker_declares_the_agents_and_tables_of_its_role(
    role: str, agents: set[str], tables: set[str], tmp_path: Path
) -> None:
    """faust assigns a topic's or table's partitions among the members that subscribe to it: a
    dedup process (NEWSFEED_WORKER_ROLE=dedup) gets <app>.prepared, the dedup and entity-registry tables, the prepare
    processes news.raw, <app>.unique and the boilerplate table."""
    settings = Settings.from_env({}, ner_enabled=False, worker_role=role, data_dir=str(tmp_path))
    worker = WorkerApp(settings, Metrics(CollectorRegistry()), config_from_settings(settings))
    assert {a.name.rsplit(".", 1)[-1] for a in worker.app.agents.values()} == agents
    assert set(worker.app.tables.keys()) == tables
    topics = {t for agent in worker.app.agents.values() for t in agent.channel.topics}
    expected = {"prepare": settings.topic_raw, "dedup": f"{settings.app_id}.prepared",
                "tag": f"{settings.app_id}.unique"}
    assert topics == {expected[a] for a in agents}


def test_producer_batching_reaches_faust(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"NEWSFEED_PRODUCER_LINGER_MS": "40", "NEWSFEED_PRODUCER_BATCH_BYTES": "65536"}, ner_enabled=False,
        data_dir=str(tmp_path),
    )
    worker = WorkerApp(settings, Metrics(CollectorRegistry()), config_from_settings(settings))
    assert worker.app.conf.producer_linger == pytest.approx(0.04)
    assert worker.app.conf.producer_max_batch_size == 65536
    with pytest.raises(ConfigError):
        Settings.from_env({"NEWSFEED_PRODUCER_BATCH_BYTES": "1000"})


@pytest.mark.parametrize(("guarantee", "linger"), [("exactly_once", 100), ("at_least_once", 5)])
def test_producer_linger_follows_the_guarantee_by_default(guarantee: str, linger: int) -> None:
    """Under at_least_once faust's commit waits out the linger; under exactly_once a commit sends at once."""
    settings = Settings.from_env({"NEWSFEED_PROCESSING_GUARANTEE": guarantee})
    assert settings.producer_linger_ms == linger


@pytest.mark.parametrize("replicas", [0, 1])
def test_standby_replicas_reach_faust(replicas: int, tmp_path: Path) -> None:
    settings = Settings.from_env({"NEWSFEED_STANDBY_REPLICAS": str(replicas)}, ner_enabled=False,
                                 data_dir=str(tmp_path))
    worker = WorkerApp(settings, Metrics(CollectorRegistry()), config_from_settings(settings))
    assert worker.app.conf.table_standby_replicas == replicas

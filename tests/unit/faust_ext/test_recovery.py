"""streams.faust_ext.recovery: an active changelog partition read to its end needs no further recovery."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from faust.tables.recovery import Recovery
from faust.types import TP
from prometheus_client import CollectorRegistry

from streams.faust_ext.recovery import PromptRecovery, PromptTableManager
from streams.pipeline import config_from_settings
from streams.settings import Settings
from streams.worker.app import WorkerApp
from streams.worker.metrics import Metrics

A, B = TP("app-dedup-index-changelog", 0), TP("app-boilerplate-changelog", 1)


def recovery(read_to_end: Any) -> Any:
    r: Any = object.__new__(PromptRecovery)
    # faust's highwater is the end offset minus one; offsets are the last records applied.
    r.active_highwaters = Counter({A: 9, B: 4})
    r.active_offsets = Counter({A: 7, B: 2})
    r.app = SimpleNamespace(consumer=SimpleNamespace(read_to_end=read_to_end))
    return r


def test_faust_still_counts_recovery_the_way_prompt_recovery_extends() -> None:
    assert "active_highwaters" in Recovery.active_remaining.__code__.co_names
    assert Recovery.need_recovery.__code__.co_names.count("active_remaining") == 1
    assert "value - 1" in __import__("inspect").getsource(Recovery._build_highwaters)


def test_a_partition_read_past_its_final_markers_is_recovered() -> None:
    # A: records up to 7, then markers at 8 and 9; the fetch passed over them to the end offset 10.
    seen: list[tuple[TP, int, int]] = []

    def read_to_end(tp: TP, last: int, end: int) -> bool:
        seen.append((tp, last, end))
        return tp == A

    r = recovery(read_to_end)
    assert r.active_remaining() == Counter({A: 0, B: 2})
    assert (A, 7, 10) in seen and (B, 2, 5) in seen
    assert r.need_recovery()  # B still has records to read
    r2 = recovery(lambda tp, last, end: True)
    assert not r2.need_recovery()


def test_without_the_fetch_facts_faust_rules_stand() -> None:
    r = recovery(None)
    r.app = SimpleNamespace(consumer=SimpleNamespace())
    assert r.active_remaining() == Counter({A: 2, B: 2})


def test_the_worker_uses_the_prompt_table_manager(tmp_path: Path) -> None:
    settings = Settings.from_env({}, ner_enabled=False, data_dir=str(tmp_path))
    worker = WorkerApp(settings, Metrics(CollectorRegistry()), config_from_settings(settings))
    assert isinstance(worker.app.tables, PromptTableManager)
    assert isinstance(worker.app.tables.recovery, PromptRecovery)
    assert worker.app.tables.recovery is worker.app.tables.recovery  # built once

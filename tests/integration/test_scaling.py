"""Two workers in one group on 4 partitions: both work, copies are caught across partitions, and
killing one moves its partitions to the other without loss."""

from __future__ import annotations

import os
import re
import signal
import tempfile
import time
from pathlib import Path

import orjson
import pytest

from streams.pipeline.outputs import TERMINAL_ROUTES
from streams.settings import Settings
from tests.fixtures import synthetic_article
from tests.integration.support import (
    DATA_ROOT_ENV,
    WorkerProcess,
    free_port,
    send,
    unique_settings_env,
    wait_for_outputs,
)

pytestmark = pytest.mark.integration

PARTITIONS = 4


def _assigned(worker: WorkerProcess, topic: str) -> int:
    m = re.search(r'newsfeed_assigned_partitions\{topic="' + re.escape(topic) + r'"\} ([0-9.]+)', worker.scrape())
    return int(float(m.group(1))) if m else 0


def _wait_assignment(workers: list[WorkerProcess], topic: str, timeout: float = 120.0) -> list[int]:
    deadline = time.monotonic() + timeout
    counts: list[int] = []
    while time.monotonic() < deadline:
        counts = [_assigned(w, topic) for w in workers]
        if sum(counts) == PARTITIONS and all(counts):
            return counts
        time.sleep(1)
    raise AssertionError(f"assignment of {topic} not settled: {counts}")


def _send_to_partitions(settings: Settings, items: list[tuple[int, bytes]]) -> None:
    send(settings, [value for _, value in items], partitions=[partition for partition, _ in items])


def test_two_workers_copies_across_partitions_and_failover(kafka_broker: str) -> None:
    env_a = unique_settings_env(kafka_broker, partitions=PARTITIONS)
    env_a["NEWSFEED_SESSION_TIMEOUT_S"] = "10"
    data_b = tempfile.mkdtemp(dir=os.environ.get(DATA_ROOT_ENV))
    env_b = {**env_a, "NEWSFEED_METRICS_PORT": str(free_port()), "NEWSFEED_DATA_DIR": data_b}
    a, b = WorkerProcess(env_a), WorkerProcess(env_b)
    a.create_topics()
    a.start()
    b.start()
    s = a.settings
    try:
        counts = _wait_assignment([a, b], s.topic_raw)
        assert counts in ([2, 2], [1, 3], [3, 1])
        # Pairs of identical articles sent at the same moment to different partitions (so, most
        # likely, to different workers): exactly one of each pair is first-seen.
        items: list[tuple[int, bytes]] = []
        pairs = 20
        for i in range(pairs):
            text = synthetic_article(50_000 + i, "en")
            items.append((i % PARTITIONS, orjson.dumps({"id": f"p{i}-a", "text": text})))
            items.append(((i + 1) % PARTITIONS, orjson.dumps({"id": f"p{i}-b", "text": text})))
        _send_to_partitions(s, items)
        out = wait_for_outputs(s, len(items))
        assert sum(len(out[r]) for r in TERMINAL_ROUTES) == len(items), (a.log_tail(), b.log_tail())
        enriched = {k for k, _ in out["enriched"]}
        dup = {v["id"]: v["duplicate_of"] for _, v in out["duplicates"]}
        for i in range(pairs):
            pair = {f"p{i}-a", f"p{i}-b"}
            first = pair & enriched
            assert len(first) == 1, (i, first)
            (other,) = pair - first
            assert dup[other] == next(iter(first))
        # Let the workers commit, then kill one without warning: its partitions move to the other.
        time.sleep(5)
        assert a.proc is not None
        a.proc.kill()
        a.proc.wait(10)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _assigned(b, s.topic_raw) != PARTITIONS:
            time.sleep(1)
        assert _assigned(b, s.topic_raw) == PARTITIONS, b.log_tail()
        more = [(i % PARTITIONS, orjson.dumps({"id": f"after-{i}", "text": synthetic_article(60_000 + i)}))
                for i in range(12)]
        _send_to_partitions(s, more)
        out = wait_for_outputs(s, len(items) + len(more))
        ids = [k for r in TERMINAL_ROUTES for k, _ in out[r]]
        assert len(ids) == len(items) + len(more) and len(set(ids)) == len(ids), b.log_tail()
        assert {f"after-{i}" for i in range(12)} <= {k for k, _ in out["enriched"]}
        # A copy of an article first seen before the failover is still caught by the survivor.
        late_copy = orjson.dumps({"id": "late-copy", "text": synthetic_article(50_000, "en")})
        _send_to_partitions(s, [(3, late_copy)])
        out = wait_for_outputs(s, len(items) + len(more) + 1)
        late = [v for _, v in out["duplicates"] if v["id"] == "late-copy"]
        assert len(late) == 1 and late[0]["duplicate_of"] in {"p0-a", "p0-b"}
    finally:
        a.stop()
        b.stop()


def test_worker_processes_share_the_partitions_and_a_dead_one_is_restarted(kafka_broker: str) -> None:
    """NEWSFEED_WORKER_PROCESSES=2: one `newsfeed worker` command, two group members with their own
    metrics ports; a worker killed -9 is restarted by the supervisor; SIGTERM stops both cleanly."""
    env = unique_settings_env(kafka_broker, partitions=PARTITIONS)
    env["NEWSFEED_WORKER_PROCESSES"] = "2"
    env["NEWSFEED_DEDUP_PROCESS"] = "false"  # two processes running every stage (auto adds a third)
    env["NEWSFEED_SESSION_TIMEOUT_S"] = "10"
    sup = WorkerProcess(env)  # its metrics port is worker 0's
    second = WorkerProcess({**env, "NEWSFEED_METRICS_PORT": str(sup.settings.metrics_port + 1)})  # scraped only
    sup.create_topics()
    sup.start()
    s = sup.settings
    try:
        counts = _wait_assignment([sup, second], s.topic_raw)
        assert sorted(counts) in ([1, 3], [2, 2]), counts
        items = [(i % PARTITIONS, orjson.dumps({"id": f"w{i}", "text": synthetic_article(70_000 + i)}))
                 for i in range(24)]
        _send_to_partitions(s, items)
        out = wait_for_outputs(s, len(items))
        ids = [k for r in TERMINAL_ROUTES for k, _ in out[r]]
        assert sorted(ids) == sorted(f"w{i}" for i in range(24)), sup.log_tail(20)
        # Kill worker 1: the supervisor starts it again and it takes partitions again.
        assert sup.proc is not None
        children = Path(f"/proc/{sup.proc.pid}/task/{sup.proc.pid}/children").read_text().split()
        assert len(children) == 2, children
        os.kill(int(children[1]), signal.SIGKILL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "exited with code" not in sup.log_path.read_text():
            time.sleep(0.5)
        assert "restarting" in sup.log_path.read_text(), sup.log_tail(20)
        counts = _wait_assignment([sup, second], s.topic_raw, timeout=180)
        assert all(counts), counts
        more = [(i % PARTITIONS, orjson.dumps({"id": f"v{i}", "text": synthetic_article(80_000 + i)}))
                for i in range(12)]
        _send_to_partitions(s, more)
        out = wait_for_outputs(s, len(items) + len(more))
        ids = [k for r in TERMINAL_ROUTES for k, _ in out[r]]
        assert {f"v{i}" for i in range(12)} <= set(ids), sup.log_tail(20)
    finally:
        code = sup.stop()
    assert code == 0, sup.log_tail(20)


def test_a_dedup_process_takes_the_dedup_hop_and_the_others_the_input(kafka_broker: str) -> None:
    """NEWSFEED_WORKER_PROCESSES=2 (NEWSFEED_DEDUP_PROCESS=auto, the default): three members of one group; the
    last holds <app>.prepared (and the dedup table) and no news.raw partition, the other two share
    news.raw; copies are caught across input partitions and every input has one terminal record."""
    env = unique_settings_env(kafka_broker, partitions=PARTITIONS)
    env["NEWSFEED_WORKER_PROCESSES"] = "2"
    sup = WorkerProcess(env)
    port = sup.settings.metrics_port
    members = [sup] + [WorkerProcess({**env, "NEWSFEED_METRICS_PORT": str(port + i)}) for i in (1, 2)]
    sup.create_topics()
    sup.start()
    s = sup.settings
    prepared = f"{s.app_id}.prepared"
    try:
        raw_counts = _wait_assignment(members[:2], s.topic_raw)
        assert _assigned(members[2], s.topic_raw) == 0
        assert [_assigned(m, prepared) for m in members] == [0, 0, 1]
        assert sorted(raw_counts) == [2, 2], raw_counts
        items = [(i % PARTITIONS, orjson.dumps({"id": f"d{i}", "text": synthetic_article(90_000 + i)}))
                 for i in range(16)]
        copy = orjson.dumps({"id": "d-copy", "text": synthetic_article(90_000)})  # d0 is on partition 0
        _send_to_partitions(s, [*items, (3, copy)])
        out = wait_for_outputs(s, len(items) + 1)
        ids = [k for r in TERMINAL_ROUTES for k, _ in out[r]]
        assert sorted(ids) == sorted([f"d{i}" for i in range(16)] + ["d-copy"]), sup.log_tail(20)
        # d0 and its copy come in on different input partitions, prepared by different processes:
        # Kafka orders records within a partition only, so whichever reaches the dedup hop first is
        # the original and the other its duplicate.
        pairs = [(v["id"], v["duplicate_of"]) for _, v in out["duplicates"]]
        assert pairs in ([("d-copy", "d0")], [("d0", "d-copy")]), pairs
    finally:
        code = sup.stop()
    assert code == 0, sup.log_tail(20)

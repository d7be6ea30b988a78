"""Chaos on the real broker: kill -9 loops, a rebalance mid-stream, a 30 s broker outage.

Every test feeds a stream of articles (distinct ones, exact copies of earlier ones, and bad records,
each with its own id) and checks the promise downstream consumers rely on, read with a
read_committed consumer: every input id has exactly one record across the terminal topics (enriched,
duplicates, rejected), every (article, entity) pair exactly one record on the entities topic, and
the copies are flagged as duplicates of their originals whatever happened in between.

The statistical NER is off (gazetteer only): these tests are about Kafka plumbing, and the faster
worker lets a few thousand articles cross several crashes within CI's time budget.
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import orjson
import pytest

from streams.pipeline.outputs import TERMINAL_ROUTES
from streams.settings import Settings
from streams.tools.broker import LocalBroker
from tests.fixtures import synthetic_article
from tests.integration.support import (
    WorkerProcess,
    pipeline_state,
    private_broker,
    read_all,
    send,
    unique_settings_env,
)

pytestmark = [pytest.mark.integration, pytest.mark.chaos]

# Gives every article entities the gazetteer knows, so the entities topic is checked too.
PLACES = "Le président de la France a rencontré à Paris le Premier ministre du Canada et celui de l'Italie."
KILLS = 5
# The suite runs the worker's default guarantee (exactly_once: nothing lost, nothing repeated). Under
# at_least_once, records processed but not yet committed at a crash are produced again (same key, same
# route): no loss is allowed, repeats are counted.
EXACTLY_ONCE = Settings().processing_guarantee == "exactly_once"
OUTAGE_S = 30.0


def chaos_env(broker: str, partitions: int = 4) -> dict[str, str]:
    env = unique_settings_env(broker, partitions=partitions)
    env["NEWSFEED_NER_ENABLED"] = "false"
    env["NEWSFEED_SESSION_TIMEOUT_S"] = "10"
    # Rebalances and recovery steps in the logs a failure shows (a few hundred lines per test).
    env["NEWSFEED_LOG_LEVEL"] = os.environ.get("NEWSFEED_TEST_WORKER_LOG_LEVEL", "info")
    return env


def stream_items(n: int, seed: int, prefix: str) -> list[tuple[str, bytes, str]]:
    """``(id, raw value, group)``: ~85% distinct articles, ~10% exact copies of earlier ones (same
    group as their original), ~5% bad records (group ``"rejected"``)."""
    rng = random.Random(seed)
    items: list[tuple[str, bytes, str]] = []
    originals: list[tuple[str, str]] = []
    for i in range(n):
        art_id = f"{prefix}-{i}"
        roll = rng.random()
        if roll < 0.05:
            items.append((art_id, orjson.dumps({"id": art_id, "text": i}), "rejected"))
        elif roll < 0.15 and originals:
            group, text = rng.choice(originals)
            items.append((art_id, orjson.dumps({"id": art_id, "text": text, "lang": "fr"}), group))
        else:
            text = synthetic_article(seed * 100_000 + i, "fr") + "\n\n" + PLACES
            originals.append((art_id, text))
            items.append((art_id, orjson.dumps({"id": art_id, "text": text, "lang": "fr"}), art_id))
    return items


def check_outputs(settings: Settings, items: list[tuple[str, bytes, str]], *, exactly_once: bool) -> dict[str, Any]:
    """Assert no input id is lost, each has one route, one first-seen article per group of copies
    (whichever copy reached the dedup stage first; the others point to it) and entity records only
    for enriched articles. With ``exactly_once`` nothing may be repeated either; at-least-once may
    repeat records of the last uncommitted batch (same key, same route): their count is returned."""
    out = read_all(settings)
    per_id = Counter(key for route in TERMINAL_ROUTES for key, _ in out[route])
    expected = {art_id for art_id, _, _ in items}
    lost = expected - set(per_id)
    assert not lost, f"{len(lost)} ids lost, e.g. {sorted(lost)[:5]}"
    assert set(per_id) == expected
    routes: dict[str, set[str]] = {}
    for route in TERMINAL_ROUTES:
        for key, _ in out[route]:
            routes.setdefault(key, set()).add(route)
    assert all(len(r) == 1 for r in routes.values()), [k for k, r in routes.items() if len(r) > 1][:5]
    group_of = {art_id: group for art_id, _, group in items}
    assert {k for k, _ in out["rejected"]} == {i for i, g in group_of.items() if g == "rejected"}
    enriched_ids = {k for k, _ in out["enriched"]}
    groups = Counter(group_of[k] for k in enriched_ids)
    assert set(groups) == {g for g in group_of.values() if g != "rejected"} and max(groups.values()) == 1
    first_of_group = {group_of[k]: k for k in enriched_ids}
    wrong = [(v["id"], v["duplicate_of"]) for _, v in out["duplicates"]
             if v["duplicate_of"] != first_of_group[group_of[v["id"]]]]
    assert not wrong, f"{len(wrong)} duplicates point elsewhere, e.g. {wrong[:5]}"
    pairs = Counter((v["article_id"], v["entity_id"]) for _, v in out["entities"])
    assert pairs and {a for a, _ in pairs} == enriched_ids
    repeats = sum(per_id.values()) - len(per_id)
    if exactly_once:
        assert repeats == 0, f"{repeats} records repeated: {[k for k, c in per_id.items() if c > 1][:5]}"
        assert max(pairs.values()) == 1
    print(f"{len(expected)} inputs, {repeats} repeated terminal records (at-least-once re-deliveries)")
    return {"outputs": out, "repeats": repeats}


def _diagnosis(worker: WorkerProcess) -> str:
    """A worker's assignment and stall counts as its metrics give them, and its log without the
    expected rejections (at INFO in these tests: the assignment and recovery steps)."""
    metrics = [line for line in worker.scrape().splitlines()
               if line.startswith(("newsfeed_partition_lag", "newsfeed_partition_stalls_total", "newsfeed_ready"))]
    log = [line for line in worker.log_tail(2000).splitlines() if "rejected: field" not in line]
    return "\n".join([*metrics, *log[-150:]])


def drain(settings: Settings, ids: set[str], timeout: float = 300.0, workers: Iterable[WorkerProcess] = ()) -> None:
    """Wait until every id in ``ids`` has a terminal record (distinct ids: repeats do not count); on a
    timeout, the message says where records stand and ends with the ``workers``' log tails."""
    deadline = time.monotonic() + timeout
    missing = set(ids)
    while time.monotonic() < deadline:
        out = read_all(settings, TERMINAL_ROUTES)
        missing = set(ids) - {key for route in TERMINAL_ROUTES for key, _ in out[route]}
        if not missing:
            time.sleep(2.0)  # let any (wrong) extra record arrive, so the checks can see it
            return
        time.sleep(2.0)
    logs = "".join(f"\n--- worker {i} ({'alive' if w.alive() else 'stopped'}):\n{_diagnosis(w)}"
                   for i, w in enumerate(workers))
    raise AssertionError(f"{len(missing)} of {len(ids)} ids without a terminal record after {timeout} s, "
                         f"e.g. {sorted(missing)[:5]}\n{pipeline_state(settings)}{logs}")


@pytest.fixture
def chaos_worker(kafka_broker: str, request: pytest.FixtureRequest) -> Iterator[WorkerProcess]:
    """A worker on fresh topics; parametrize indirectly with a processing guarantee, or a dict of
    NEWSFEED_* settings, to override."""
    env = chaos_env(kafka_broker)
    param = getattr(request, "param", None)
    if isinstance(param, dict):  # settings to override
        env.update(param)
    elif param:
        env["NEWSFEED_PROCESSING_GUARANTEE"] = param
    worker = WorkerProcess(env)
    worker.create_topics()
    try:
        yield worker
    finally:
        worker.stop()


@pytest.mark.parametrize("chaos_worker", ["exactly_once", "at_least_once"], indirect=True)
def test_kill_minus_9_loop_loses_nothing(chaos_worker: WorkerProcess) -> None:
    s = chaos_worker.settings
    items = stream_items(2000, seed=7, prefix="k9")
    rng = random.Random(11)
    chaos_worker.start()
    send(s, [value for _, value, _ in items])
    for _ in range(KILLS):
        time.sleep(rng.uniform(1.0, 6.0))
        chaos_worker.kill()
        chaos_worker.start()
    drain(s, {i for i, _, _ in items}, workers=[chaos_worker])
    # The dedup state survived the crashes: fresh copies of articles enriched before them are flagged.
    out = check_outputs(s, items, exactly_once=s.processing_guarantee == "exactly_once")["outputs"]
    raw_text = {art_id: orjson.loads(value)["text"] for art_id, value, _ in items}
    originals = sorted((k for k, _ in out["enriched"]), key=lambda k: int(k.split("-")[1]))[:20]
    send(s, [orjson.dumps({"id": f"copy-{k}", "text": raw_text[k], "lang": "fr"}) for k in originals])
    drain(s, {i for i, _, _ in items} | {f"copy-{k}" for k in originals}, workers=[chaos_worker])
    dups = {v["id"]: v["duplicate_of"] for _, v in read_all(s, ["duplicates"])["duplicates"]}
    assert {f"copy-{k}": dups.get(f"copy-{k}") for k in originals} == {f"copy-{k}": k for k in originals}


def test_rebalance_mid_stream_loses_nothing(chaos_worker: WorkerProcess) -> None:
    s = chaos_worker.settings
    items = stream_items(1500, seed=8, prefix="rb")
    chaos_worker.start()
    send(s, [value for _, value, _ in items[:500]])
    second = WorkerProcess({**chaos_worker.env, **_own_port_and_dir()})
    second.start()  # joins: partitions move to it mid-stream
    try:
        send(s, [value for _, value, _ in items[500:1000]])
        time.sleep(3.0)
    finally:
        assert second.stop() == 0, second.log_tail()  # leaves: its partitions move back
    send(s, [value for _, value, _ in items[1000:]])
    drain(s, {i for i, _, _ in items}, workers=[chaos_worker, second])
    check_outputs(s, items, exactly_once=EXACTLY_ONCE)


def _own_port_and_dir() -> dict[str, str]:
    env = unique_settings_env("unused")
    return {"NEWSFEED_METRICS_PORT": env["NEWSFEED_METRICS_PORT"], "NEWSFEED_DATA_DIR": env["NEWSFEED_DATA_DIR"]}


@pytest.fixture
def own_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBroker]:
    """A broker of this test alone (it is stopped mid-stream)."""
    with private_broker(tmp_path_factory.mktemp("kafka-outage")) as broker:
        yield broker


def test_broker_outage_of_30_s_mid_stream(own_broker: LocalBroker) -> None:
    worker = WorkerProcess(chaos_env(own_broker.address))
    worker.create_topics()
    s = worker.settings
    items = stream_items(1000, seed=9, prefix="bo")
    worker.start()
    try:
        send(s, [value for _, value, _ in items])
        time.sleep(5.0)
        pid = worker.proc.pid if worker.proc else None
        assert own_broker.stop(), "broker was not running"
        time.sleep(OUTAGE_S)
        assert worker.alive(), f"worker died during the outage:\n{worker.log_tail()}"
        own_broker.start()
        drain(s, {i for i, _, _ in items}, workers=[worker])
        # Recovered on its own: the same process, never restarted.
        assert worker.alive() and worker.proc is not None and worker.proc.pid == pid, worker.log_tail()
        check_outputs(s, items, exactly_once=EXACTLY_ONCE)
    finally:
        worker.stop()


@pytest.mark.parametrize(
    "chaos_worker", [{"NEWSFEED_STREAM_BUFFER": "4"}], indirect=True, ids=["buffer-4"],
)
def test_full_stage_buffers_pause_partitions_and_lose_nothing(chaos_worker: WorkerProcess) -> None:
    """With buffers of 4 records a backlog keeps pausing partitions (streams.faust_ext.backpressure): the rest
    of a paused partition's fetch is read again after the resume, and every record still yields
    exactly one terminal record."""
    s = chaos_worker.settings
    items = stream_items(800, seed=9, prefix="bp")
    send(s, [value for _, value, _ in items])  # all waiting before the worker starts
    chaos_worker.start()
    drain(s, {i for i, _, _ in items}, workers=[chaos_worker])
    check_outputs(s, items, exactly_once=EXACTLY_ONCE)
    deadline = time.monotonic() + 15  # the counter is brought up to date every heartbeat (5 s)
    while True:
        pauses = [float(line.split()[1]) for line in chaos_worker.scrape().splitlines()
                  if line.startswith("newsfeed_backpressure_pauses_total ")]
        if (pauses and pauses[0] > 0) or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert pauses and pauses[0] > 0, chaos_worker.log_tail()

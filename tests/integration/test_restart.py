"""Durability: dedup state survives a worker restart (Faust table + changelog topic)."""

from __future__ import annotations

import os
import time

import pytest

from streams.settings import Settings
from streams.worker.run import SHUTDOWN_GRACE_S
from tests.fixtures import synthetic_article
from tests.integration.support import WorkerProcess, article, read_topics, send, wait_for_outputs

pytestmark = pytest.mark.integration


@pytest.fixture
def worker_env(worker_env: dict[str, str]) -> dict[str, str]:
    """The workers of these tests log at INFO: a failure shows the restarted worker's table recovery."""
    return {**worker_env, "NEWSFEED_LOG_LEVEL": os.environ.get("NEWSFEED_TEST_WORKER_LOG_LEVEL", "info")}


def test_copy_after_restart_is_still_a_duplicate(worker_env: dict[str, str]) -> None:
    worker = WorkerProcess(worker_env)
    worker.create_topics()
    worker.start()
    s = worker.settings
    text = synthetic_article(123, "fr")
    try:
        send(s, [article("before-restart", text)])
        out = wait_for_outputs(s, 1)
        assert [k for k, _ in out["enriched"]] == ["before-restart"], worker.log_tail()
    finally:
        started = time.monotonic()
        assert worker.stop() == 0, worker.log_tail()
        # Graceful shutdown (finish, commit, leave the group) must fit the documented grace period.
        assert time.monotonic() - started < SHUTDOWN_GRACE_S, worker.log_tail()
    restarted = WorkerProcess(worker_env)
    restarted.start()
    try:
        send(s, [article("after-restart", text)])
        out = wait_for_outputs(s, 2)
        # On a failure: where the copy went instead, and the restarted worker's log (table recovery).
        assert [(v["id"], v["duplicate_of"]) for _, v in out["duplicates"]] == [
            ("after-restart", "before-restart")
        ], ({r: [k for k, _ in recs] for r, recs in out.items()}, restarted.log_tail(200))
    finally:
        restarted.stop()


@pytest.mark.parametrize("ner_before_dedup", [False, True], ids=["ner_after_dedup", "ner_before_dedup"])
def test_learned_boilerplate_survives_restart(worker_env: dict[str, str], ner_before_dedup: bool) -> None:
    """Lines repeated across a source's articles are learned (Faust table) and still known after a
    restart; also when the table writes wait for the NER batch of their article (DeferredWrites)."""
    import orjson

    # Every observation written to the table: the default write-behind (every 8th) may lose up to 7
    # observations per source on a restart by design (README); this test checks the table itself.
    worker_env = {
        **worker_env, "NEWSFEED_BOILERPLATE_WRITE_EVERY": "1",
        "NEWSFEED_NER_BEFORE_DEDUP": str(ner_before_dedup).lower(),
    }

    footer = "Notre équipe vous propose chaque jour une sélection des meilleures histoires de la région."

    def send_on_partition_0(s: Settings, items: list[tuple[str, int]]) -> None:
        values = [
            orjson.dumps({"id": art_id, "text": synthetic_article(seed, "fr") + "\n\n" + footer,
                          "source": "exemple-presse.fr"})
            for art_id, seed in items
        ]
        send(s, values, partitions=[0] * len(values))

    worker = WorkerProcess(worker_env)
    worker.create_topics()
    worker.start()
    s = worker.settings
    try:
        send_on_partition_0(s, [(f"bp-{i}", 700 + i) for i in range(7)])
        out = wait_for_outputs(s, 7)
        learned = [v["cleaning"]["lines_removed_learned"] for _, v in sorted(out["enriched"])]
        assert len(learned) == 7 and learned[-1] >= 1, (learned, worker.log_tail())
    finally:
        worker.stop()
    # Each article's table write reached the changelog in its article's transaction, in order: the
    # last committed state holds all seven (faust's buffered path could let them slip past a commit).
    (changelog,) = read_topics(s, [f"{s.app_id}-boilerplate-changelog"])
    seqs = [v["seq"] for k, v in changelog if k == '"exemple-presse.fr"']
    assert seqs == list(range(1, 8)), seqs
    restarted = WorkerProcess(worker_env)
    restarted.start()
    try:
        send_on_partition_0(s, [("bp-after", 800)])
        out = wait_for_outputs(s, 8)
        after = [v for k, v in out["enriched"] if k == "bp-after"]
        assert after and after[0]["cleaning"]["lines_removed_learned"] >= 1, (
            {r: [k for k, _ in recs] for r, recs in out.items()}, restarted.log_tail(200))
        assert footer not in after[0]["text"]
    finally:
        restarted.stop()

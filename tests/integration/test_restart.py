"""Durability: dedup state survives a worker restart (Faust table + changelog topic)."""

from __future__ import annotations

import pytest

from tests.fixtures import synthetic_article
from tests.integration.support import WorkerProcess, article, send, wait_for_outputs

pytestmark = pytest.mark.integration


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
        assert worker.stop() == 0, worker.log_tail()
    restarted = WorkerProcess(worker_env)
    restarted.start()
    try:
        send(s, [article("after-restart", text)])
        out = wait_for_outputs(s, 2)
        assert [(v["id"], v["duplicate_of"]) for _, v in out["duplicates"]] == [
            ("after-restart", "before-restart")
        ], restarted.log_tail()
    finally:
        restarted.stop()

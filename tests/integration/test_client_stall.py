"""The bench against a broker that stops answering mid-run (a private broker frozen with SIGSTOP):
the kafka-python passthrough contender's group consumer spins without progress (kafka-python 3.0.x,
dpkp/kafka-python#2373) and the bench's own calls get no answer, yet the run ends within its bounds
with the contender reported failed. Opt-in (about two minutes and a broker of its own):
``NEWSFEED_TEST_CLIENT_STALL=1 pytest -m integration tests/integration/test_client_stall.py``."""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from pathlib import Path

import pytest

from streams.bench import contenders as C
from streams.bench.kafka_io import Kafka
from streams.bench.runner import Limits, run
from tests.integration.support import private_broker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not os.environ.get("NEWSFEED_TEST_CLIENT_STALL"),
                       reason="opt-in: set NEWSFEED_TEST_CLIENT_STALL=1 (a private broker, ~2 minutes)"),
]

RATE = 100.0  # paced input, so the contender is mid-stream when the broker freezes
FEED = 6000
FREEZE_AFTER_S = 15.0
FREEZE_S = 90.0
LIMITS = Limits(startup=60.0, idle=20.0, total=300.0)


def test_bench_reports_a_contender_stuck_on_a_silent_broker(tmp_path: Path) -> None:
    with private_broker(tmp_path / "broker") as broker:
        kafka = Kafka(broker.address)
        tag = "stall-" + uuid.uuid4().hex[:8]
        topic = f"{tag}.raw"
        kafka.create({topic: 4})
        spec = C.build(C.PASSTHROUGH_KAFKA, tag, broker.address, topic, 4, tmp_path)
        feed = [(f"k{i}".encode(), b'{"text": "x"}') for i in range(FEED)]
        pid = broker.pid()
        assert pid
        thawed = threading.Event()

        def freeze() -> None:
            time.sleep(FREEZE_AFTER_S)
            os.kill(pid, signal.SIGSTOP)
            try:
                thawed.wait(FREEZE_S)
            finally:
                os.kill(pid, signal.SIGCONT)

        freezer = threading.Thread(target=freeze, daemon=True)
        freezer.start()
        start = time.monotonic()
        try:
            result = run(kafka, spec, FEED, {}, LIMITS, feed=feed, rate=RATE)
        except Exception as exc:  # the bench's main loop turns these into the contender's error
            result = None
            error = f"{type(exc).__name__}: {exc}"
        finally:
            thawed.set()
            freezer.join(10)
        elapsed = time.monotonic() - start
        print(f"run ended after {elapsed:.0f} s: {result.error if result else error}")
        assert elapsed < LIMITS.total + 120  # bounded: idle limit, plus call deadlines while frozen
        assert result is None or result.error
        kafka.close()

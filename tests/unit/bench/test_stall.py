"""A contender that makes no progress is reported failed, with the reason, within the run's bounds.

kafka-python 3.0.x group consumers spin on a core without consuming while their coordinator does not
answer (measured with a stopped private broker: 17-45% of a core with 3.0.0 and 3.0.12, 1% with
2.3.3; dpkp/kafka-python#2373). The bench's own clients are group-less and bounded; a contender
caught in such a loop is what the runner's no-progress limits catch. Here a contender that spins on
a core without output stands for it."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from streams.bench.contenders import Spec
from streams.bench.runner import Limits, run

SPIN = "import time\nwhile True:\n    time.monotonic()\n"


class NoOutputs:
    """The bench's Kafka side with outputs that never arrive (or stop at ``stall_at``)."""

    def __init__(self, stall_at: int = 0) -> None:
        self.stall_at = stall_at
        self.servers = ["127.0.0.1:1"]

    def create(self, topics: dict[str, int]) -> None:
        pass

    def count(self, topics: Any) -> int:
        return self.stall_at

    def group_ready(self, group: str, members: int = 1) -> bool:
        return True

    def read(self, topics: Any) -> Any:
        from streams.bench.kafka_io import Records

        return Records()


def _spec(tmp_path: Path) -> Spec:
    return Spec("spinner", [sys.executable, "-c", SPIN], {}, "g", "in", {"out": "out"}, {}, tmp_path / "spin.log")


def test_a_contender_spinning_without_output_fails_with_its_cpu_share(tmp_path: Path) -> None:
    start = time.monotonic()
    kafka: Any = NoOutputs()
    result = run(kafka, _spec(tmp_path), 100, {}, Limits(startup=3.0, idle=2.0, total=30.0))
    assert time.monotonic() - start < 30  # stopped by the start-up limit, not the total one
    assert result.error is not None and result.error.startswith("no output within 3 s")
    share = int(result.error.split("used ")[1].split("%")[0])
    assert share >= 10, result.error  # the spin shows: busy, not waiting (shared cores: not 100%)
    assert result.to_json()["error"] == result.error  # in the bench's JSON line, beside the others


def test_a_contender_that_stops_progressing_is_reported_as_stalled(tmp_path: Path) -> None:
    kafka: Any = NoOutputs(stall_at=40)
    result = run(kafka, _spec(tmp_path), 100, {}, Limits(startup=3.0, idle=2.0, total=30.0))
    assert result.error is not None
    assert result.error.startswith("no progress: stalled at 40/100 outputs for 2 s"), result.error
    assert "of a core meanwhile" in result.error

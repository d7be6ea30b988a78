"""`newsfeed demo` (what `make run` calls) on uuid topics: every example gets its record."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.fixtures import examples_file
from tests.integration.support import read_all

pytestmark = pytest.mark.integration


def test_demo_runs_the_examples_end_to_end_and_stops(worker_env: dict[str, str]) -> None:
    from streams.settings import Settings

    env = {**os.environ, **worker_env}
    proc = subprocess.run([sys.executable, "-m", "streams", "demo"], env=env, capture_output=True, text=True,
                          timeout=400)
    try:
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert f"http://127.0.0.1:{worker_env['NEWSFEED_METRICS_PORT']}/metrics" in proc.stdout
        assert "newsfeed tail enriched" in proc.stdout
        out = read_all(Settings.from_env(worker_env))
        n = len(examples_file().read_bytes().splitlines())
        assert len(out["enriched"]) + len(out["duplicates"]) + len(out["rejected"]) == n
        assert len(out["enriched"]) == 6 and len(out["duplicates"]) == 3 and len(out["rejected"]) == 6
    finally:
        stop = subprocess.run([sys.executable, "-m", "streams", "demo", "stop"], env=env, capture_output=True,
                              text=True, timeout=120)
    assert stop.returncode == 0 and "demo stopped" in stop.stdout
    from streams.tools.broker import broker_answers

    assert broker_answers(worker_env["NEWSFEED_BROKER"]), "demo stop must not stop a broker it did not start"

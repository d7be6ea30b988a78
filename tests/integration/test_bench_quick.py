"""``python -m streams.bench --quick`` end to end on the real broker (two cheap contenders)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from streams.bench.report import FIGURES

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
CORPUS = (ROOT / ".." / "shared" / "data" / "corpus" / "orangesum_articles.jsonl.gz").resolve()
CONTENDERS = ("passthrough_kafka_python", "newsfeed_no_ner")


@pytest.mark.timeout(300)
def test_bench_quick_reports_positive_figures(kafka_broker: str) -> None:
    if not CORPUS.is_file():
        pytest.skip(f"throughput corpus not found at {CORPUS} (../shared/data/corpus)")
    env = {**os.environ, "NEWSFEED_BROKER": kafka_broker}
    proc = subprocess.run(
        [sys.executable, "-m", "streams.bench", "--quick", "--n", "300", "--data", str(CORPUS),
         "--only", ",".join(CONTENDERS)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    result = orjson.loads(lines[-1])
    assert set(result) == set(CONTENDERS), lines[-1]
    for name in CONTENDERS:
        figures = result[name]
        assert figures["outputs"] == figures["inputs"] == 300, figures
        for key in FIGURES:
            assert isinstance(figures[key], float) and figures[key] > 0, (name, key, figures)
    # Every raw article ends on exactly one terminal route.
    assert sum(result["newsfeed_no_ner"]["routes"].values()) == 300
    assert any(line.startswith("contender") for line in lines)  # the table precedes the JSON

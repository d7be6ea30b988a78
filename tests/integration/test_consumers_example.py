"""The downstream examples (examples/) against the real broker, on the outputs of a worker that has
processed the example articles: the kafka-python consumer (read_committed, schema validation,
repeats dropped by key), kcat and Kafka's console consumer."""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import orjson
import pytest
from kafka import KafkaProducer

from tests.integration.downstream import ScrapedWorker
from tests.integration.support import read_all

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _output_topics(scraped: ScrapedWorker) -> list[str]:
    topics = scraped.worker.settings.topics()
    return [topics["enriched"], topics["duplicates"], topics["entities"]]


def _consume(scraped: ScrapedWorker, group: str) -> dict[str, int]:
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "consume.py"), "--broker", scraped.worker.settings.broker, "--group", group,
         "--topics", ",".join(_output_topics(scraped)), "--idle-s", "4", "--quiet"],
        capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    summary: dict[str, int] = orjson.loads(proc.stdout.strip().splitlines()[-1])["summary"]
    return summary


def test_python_consumer_reads_validates_and_drops_repeats(scraped_worker: ScrapedWorker) -> None:
    settings = scraped_worker.worker.settings
    out = read_all(settings)
    summary = _consume(scraped_worker, f"{settings.app_id}-example-{uuid.uuid4().hex[:6]}")
    assert summary.get("invalid", 0) == 0
    assert summary["enriched"] == len(out["enriched"]) == 6  # the copies under new ids are duplicates
    assert summary["duplicates"] == len(out["duplicates"]) > 3
    assert summary["entities"] == len(out["entities"]) > 0
    assert summary.get("repeats_dropped", 0) == 0  # exactly_once: nothing to drop

    # What an at_least_once worker writes again after a crash: the same key and value once more.
    key, value = out["enriched"][0]
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers)
    producer.send(settings.topic_enriched, key=key.encode(), value=orjson.dumps(value))
    producer.flush(30)
    producer.close()
    again = _consume(scraped_worker, f"{settings.app_id}-example-{uuid.uuid4().hex[:6]}")
    assert again["enriched"] == 6 and again["repeats_dropped"] == 1


@pytest.mark.skipif(shutil.which("kcat") is None, reason="kcat is not installed (ops/bootstrap.sh installs it)")
def test_kcat_example_prints_the_committed_records(scraped_worker: ScrapedWorker) -> None:
    settings = scraped_worker.worker.settings
    topics = _output_topics(scraped_worker)
    proc = subprocess.run(["bash", str(EXAMPLES / "kcat.sh"), *topics], capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "NEWSFEED_BROKER": settings.broker})
    assert proc.returncode == 0, proc.stderr
    lines = [line.split("\t") for line in proc.stdout.splitlines() if line.strip()]
    counts = {t: sum(1 for line in lines if line[0] == t) for t in topics}
    out = read_all(settings)
    assert counts[topics[1]] == len(out["duplicates"])
    assert counts[topics[2]] == len(out["entities"])
    assert counts[topics[0]] >= 6  # a repeat written by the Python example's test may follow
    for line in lines:
        assert orjson.loads(line[4])["schema_version"] == 2


@pytest.mark.skipif(shutil.which("java") is None, reason="java is not installed")
def test_console_consumer_example_prints_keys_and_values(scraped_worker: ScrapedWorker) -> None:
    tools = ROOT / ".cache" / "kafka" / "tools"
    if not any(tools.glob("kafka-tools-[0-9]*.jar")) and shutil.which("mvn") is None:
        pytest.skip("no kafka-tools jars and no Maven to fetch them")
    settings = scraped_worker.worker.settings
    proc = subprocess.run(["bash", str(EXAMPLES / "console-consumer.sh"), settings.topic_duplicates, "3"],
                          capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "NEWSFEED_BROKER": settings.broker})
    assert proc.returncode == 0, proc.stderr[-2000:]
    records = [line.split("\t", 1) for line in proc.stdout.splitlines() if line.strip()]
    assert len(records) == 3, proc.stdout + proc.stderr[-2000:]
    keys = {key for key, _ in read_all(settings)["duplicates"]}
    for key, value in records:
        assert key in keys and orjson.loads(value)["duplicate_of"]

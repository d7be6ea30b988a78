"""Integration fixtures: one session-scoped real Kafka broker; uuid-named topics and groups."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams.tools.broker import broker_answers, default_broker
from tests.integration.downstream import ScrapedWorker
from tests.integration.downstream import scraped_worker as running_scraped_worker
from tests.integration.support import (
    DATA_ROOT_ENV,
    SESSION_TAGS,
    WorkerProcess,
    delete_session_topics,
    unique_settings_env,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session", autouse=True)
def worker_data_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Workers' data dirs (and their logs) under this session's pytest temp dir, not loose in /tmp."""
    root = tmp_path_factory.mktemp("workers")
    previous = os.environ.get(DATA_ROOT_ENV)
    os.environ[DATA_ROOT_ENV] = str(root)
    try:
        yield root
    finally:
        if previous is None:
            os.environ.pop(DATA_ROOT_ENV, None)
        else:
            os.environ[DATA_ROOT_ENV] = previous


@pytest.fixture(scope="session")
def kafka_broker() -> Iterator[str]:
    """The address of a running broker: the one at NEWSFEED_BROKER, else a local one started here."""
    address = os.environ.get("NEWSFEED_BROKER", "127.0.0.1:9092")
    if broker_answers(address):
        try:
            yield address
        finally:
            # A broker that outlives the session keeps no test topics (one started here is stopped).
            delete_session_topics(address, SESSION_TAGS)
        return
    broker = default_broker()
    broker.start()
    try:
        yield broker.address
    finally:
        broker.stop()


@pytest.fixture
def worker_env(kafka_broker: str) -> dict[str, str]:
    """Environment for a worker on fresh uuid-named topics (see ``unique_settings_env``)."""
    return unique_settings_env(kafka_broker)


@pytest.fixture(scope="module")
def module_worker(kafka_broker: str) -> Iterator[WorkerProcess]:
    """One worker shared by the tests of a module, on its own topics."""
    worker = WorkerProcess(unique_settings_env(kafka_broker))
    worker.create_topics()
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()


@pytest.fixture(scope="session")
def scraped_worker(kafka_broker: str) -> Iterator[ScrapedWorker]:
    """One worker fed with the examples and poison messages, scraped by a real Prometheus server;
    shared by the Prometheus test and the downstream-consumer examples."""
    import shutil

    if shutil.which("prometheus") is None:
        pytest.skip("Debian's prometheus server is not installed (ops/bootstrap.sh installs it)")
    with running_scraped_worker(kafka_broker) as scraped:
        yield scraped

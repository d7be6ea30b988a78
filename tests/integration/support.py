"""Helpers for integration tests: a worker subprocess, producing, and collecting outputs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from streams.pipeline.outputs import TERMINAL_ROUTES
from streams.settings import Settings
from streams.tools.broker import LocalBroker, default_broker
from streams.tools.ports import free_port_block
from streams.topics import create_topics

# A worker loads two spaCy models and joins its group: ~10-40 s on a loaded 2-core machine.
WORKER_READY_TIMEOUT_S = 120.0


def free_port() -> int:
    """The first of 4 consecutive free ports (a test's worker may run up to three processes, each
    serving metrics on NEWSFEED_METRICS_PORT + i)."""
    return free_port_block(4)


@contextmanager
def private_broker(home: Path, scram_users: dict[str, str] | None = None) -> Iterator[LocalBroker]:
    """A broker of one test or module alone (stopped mid-test, or with its own listeners), on two
    distinct free ports, sharing the jar cache; stopped at the end."""
    port = free_port()
    controller = free_port()
    while controller == port:
        controller = free_port()
    broker = default_broker(home, port, scram_users, controller_port=controller)
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


DATA_ROOT_ENV = "NEWSFEED_TEST_DATA_ROOT"

# The uuid tags handed out in this test session (see ``unique_settings_env``), so that the session can
# delete its topics from a broker it did not start (a developer's local broker otherwise gathered
# thousands of test topics over many runs, and the broker's CPU with them).
SESSION_TAGS: list[str] = []


def delete_session_topics(broker: str, tags: Iterable[str]) -> int:
    """Delete the topics and consumer groups named after ``tags`` (theirs and their app's changelogs);
    returns how many topics. Best effort: a broker that does not answer keeps them."""
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    from streams.bench.kafka_io import _group_id

    prefixes = tuple(p for tag in tags for p in (f"{tag}.", f"nf-{tag}"))
    if not prefixes:
        return 0
    try:
        admin = KafkaAdminClient(bootstrap_servers=broker, request_timeout_ms=60_000)
    except KafkaError:
        return 0
    try:
        names = [t for t in admin.list_topics() if t.startswith(prefixes)]
        for start in range(0, len(names), 100):
            admin.delete_topics(names[start : start + 100], timeout_ms=60_000, raise_errors=False)
        groups = [g for g in map(_group_id, admin.list_groups()) if g.startswith(prefixes)]
        if groups:
            admin.delete_groups(groups)
        return len(names)
    except (KafkaError, TypeError, ValueError):
        return 0
    finally:
        admin.close()


def unique_settings_env(broker: str, partitions: int = 2) -> dict[str, str]:
    """NEWSFEED_* variables naming uuid topics and group, a free metrics port, a temp data dir."""
    tag = "t" + uuid.uuid4().hex[:10]
    SESSION_TAGS.append(tag)
    return {
        "NEWSFEED_BROKER": broker,
        "NEWSFEED_APP_ID": f"nf-{tag}",
        "NEWSFEED_TOPIC_RAW": f"{tag}.news.raw",
        "NEWSFEED_TOPIC_ENRICHED": f"{tag}.news.enriched",
        "NEWSFEED_TOPIC_DUPLICATES": f"{tag}.news.duplicates",
        "NEWSFEED_TOPIC_REJECTED": f"{tag}.news.rejected",
        "NEWSFEED_TOPIC_ENTITIES": f"{tag}.news.entities",
        "NEWSFEED_TOPIC_PARTITIONS": str(partitions),
        "NEWSFEED_METRICS_PORT": str(free_port()),
        # Under the session's pytest temp dir when conftest set it (pytest keeps the last three
        # sessions' and removes older ones), so worker logs outlive a failure but do not pile up.
        "NEWSFEED_DATA_DIR": tempfile.mkdtemp(prefix=f"newsfeed-{tag}-", dir=os.environ.get(DATA_ROOT_ENV)),
        "NEWSFEED_LOG_LEVEL": os.environ.get("NEWSFEED_TEST_WORKER_LOG_LEVEL", "warning"),
    }


class WorkerProcess:
    """``newsfeed worker`` in a subprocess with its own settings."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.settings = Settings.from_env(env)
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = Path(env["NEWSFEED_DATA_DIR"]) / "worker.log"

    @property
    def metrics_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.metrics_port}/metrics"

    def create_topics(self) -> None:
        create_topics(self.settings)

    def start(self) -> None:
        env = {**os.environ, **self.env}
        log = open(self.log_path, "ab")  # noqa: SIM115 - owned by the child
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streams", "worker"], env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + WORKER_READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"worker exited with {self.proc.returncode}:\n{self.log_tail()}")
            if "newsfeed_worker_up 1.0" in self.scrape():
                return
            time.sleep(0.5)
        raise AssertionError(f"worker not up within {WORKER_READY_TIMEOUT_S} s:\n{self.log_tail()}")

    def scrape(self) -> str:
        try:
            with urllib.request.urlopen(self.metrics_url, timeout=2) as resp:
                return str(resp.read().decode())
        except OSError:
            return ""

    def stop(self, timeout: float = 60.0) -> int | None:
        """SIGTERM and wait (graceful); SIGKILL if it does not exit in time."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(10)

    def kill(self) -> None:
        """SIGKILL the worker's whole process group (a crash: nothing is flushed or committed)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"


def send(settings: Settings, values: Iterable[bytes | None], partitions: Iterable[int] | None = None) -> int:
    """Produce raw values to the raw topic (to the given partitions, else the default partitioner)."""
    prod = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all", linger_ms=5,
                         max_request_size=8 * 1024 * 1024)
    targets = iter(partitions) if partitions is not None else None
    n = 0
    for value in values:
        prod.send(settings.topic_raw, value=value, partition=next(targets) if targets is not None else None)
        n += 1
    prod.flush(30)
    prod.close()
    return n


def article(id_: str | None, text: str, **extra: Any) -> bytes:
    """A raw article message."""
    obj: dict[str, Any] = {"text": text, **extra}
    if id_ is not None:
        obj["id"] = id_
    return orjson.dumps(obj)


def read_all(settings: Settings, routes: Iterable[str] = (*TERMINAL_ROUTES, "entities")) -> dict[str, list[Any]]:
    """Every record currently on the output topics (read_committed), values decoded."""
    topics = settings.topics()
    return {route: recs for route, recs in zip(routes, read_topics(settings, [topics[r] for r in routes]), strict=True)}


def read_topics(settings: Settings, names: list[str]) -> list[list[Any]]:
    """Every record currently on each named topic (read_committed): (key, decoded value) pairs."""
    out: list[list[Any]] = []
    consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, enable_auto_commit=False,
                             isolation_level="read_committed", consumer_timeout_ms=1500)
    try:
        for name in names:
            parts = consumer.partitions_for_topic(name) or set()
            tps = [TopicPartition(name, p) for p in parts]
            recs: list[Any] = []
            if tps:
                consumer.assign(tps)
                consumer.seek_to_beginning(*tps)
                end = consumer.end_offsets(tps)
                while any(consumer.position(tp) < end[tp] for tp in tps):
                    batch = consumer.poll(timeout_ms=1000)
                    for msgs in batch.values():
                        recs.extend((m.key.decode() if m.key else None, orjson.loads(m.value)) for m in msgs)
            out.append(recs)
    finally:
        consumer.close()
    return out


def pipeline_state(settings: Settings) -> str:
    """Where records stand, to explain a wait that timed out: per raw partition its end offset and the
    group's committed offset; per output partition its high watermark and its last stable offset
    (below the high watermark: a transaction is open there, and read_committed readers stop at it)."""
    from kafka.admin import KafkaAdminClient

    lines: list[str] = []
    admin = KafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, request_timeout_ms=10_000)
    plain = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, isolation_level="read_uncommitted")
    stable = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, isolation_level="read_committed")
    try:
        committed = admin.list_group_offsets({settings.app_id: None})[settings.app_id]
        names = [settings.topic_raw, *(settings.topics()[r] for r in (*TERMINAL_ROUTES, "entities"))]
        for name in names:
            tps = [TopicPartition(name, p) for p in sorted(plain.partitions_for_topic(name) or ())]
            high, lso = plain.end_offsets(tps), stable.end_offsets(tps)
            for tp in tps:
                group = committed.get(tp)
                lines.append(f"{name}[{tp.partition}]: high watermark {high[tp]}, last stable {lso[tp]}"
                             + (f", committed {group.offset}" if group is not None else ""))
        lines.extend(_group_members(admin, settings))
    except Exception as exc:  # a diagnosis must not hide the failure it explains
        lines.append(f"(state not read: {exc!r})")
    finally:
        plain.close()
        stable.close()
        admin.close()
    return "\n".join(lines)


def _group_members(admin: Any, settings: Settings) -> list[str]:
    """The group's state and each member's assigned partitions of the raw topic, as the broker has them."""
    group = admin.describe_groups([settings.app_id])[settings.app_id]
    members = group.get("members") or []
    lines = [f"group {settings.app_id}: {group.get('group_state')}, {len(members)} members"]
    for member in members:
        assignment = member.get("member_assignment") or {}
        raw = sorted(p for entry in assignment.get("assigned_partitions", [])
                     if entry.get("topic") == settings.topic_raw for p in entry.get("partitions", []))
        lines.append(f"  member {str(member.get('member_id'))[-12:]}: {settings.topic_raw} partitions {raw}")
    return lines


def wait_for_outputs(settings: Settings, expected_terminal: int, timeout: float = 180.0) -> dict[str, list[Any]]:
    """Poll the output topics until ``expected_terminal`` terminal records exist (or time out)."""
    deadline = time.monotonic() + timeout
    got: dict[str, list[Any]] = {}
    while time.monotonic() < deadline:
        got = read_all(settings)
        if sum(len(got[r]) for r in TERMINAL_ROUTES) >= expected_terminal:
            time.sleep(1.0)  # let any (wrong) extra record arrive, so invariant checks can see it
            return read_all(settings)
        time.sleep(1.0)
    return got


async def create_one_partition_topic(broker: str, prefix: str) -> str:
    """A new single-partition topic with a uuid name (aiokafka's admin client); returns its name."""
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    topic = f"{prefix}-{uuid.uuid4().hex[:10]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=broker)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, 1, 1)])
    finally:
        await admin.close()
    return topic

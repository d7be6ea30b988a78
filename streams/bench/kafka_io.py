"""Kafka side of the bench (kafka-python): topics, loading inputs, watching and reading outputs."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError

from streams.tools.bounds import CLIENT_BOUNDS, PRODUCER_BOUNDS, Deadline, NoAnswer, bounded
from streams.topics import MAX_MESSAGE_BYTES

Message = tuple[bytes, bytes]  # (key, value)


# Creating or deleting many topics at once can take the broker longer than one plain request.
ADMIN_CALL_TIMEOUT_S = 60.0


class Kafka:
    """One admin client and two group-less consumers for the whole bench run.

    Every call goes through :class:`~streams.tools.bounds.Deadline`: a broker that stops answering
    ends the bench with :class:`~streams.tools.bounds.NoAnswer` instead of hanging it."""

    def __init__(self, broker: str) -> None:
        self.servers = [s.strip() for s in broker.split(",") if s.strip()]
        where = f"the broker at {broker}"
        admin = bounded(lambda: KafkaAdminClient(bootstrap_servers=self.servers, **CLIENT_BOUNDS),
                        f"connecting to {broker}")
        self.admin = Deadline(admin, where, ADMIN_CALL_TIMEOUT_S)
        self.consumer = Deadline(bounded(self._consumer, f"connecting to {broker}"), where)
        self.counter = Deadline(bounded(self._consumer, f"connecting to {broker}"), where)
        self._count_tps: set[TopicPartition] = set()
        self._counted = 0

    def _consumer(self) -> KafkaConsumer:
        # No group: the bench only reads offsets and records, it never joins the contenders' groups.
        # check_crcs=False: without the optional crc32c package kafka-python checks CRC32C in pure
        # Python (~4 MB/s); the bench only reads keys and timestamps of its own fresh topics.
        # read_committed: the newsfeed worker writes in transactions (exactly_once); its outputs count
        # when a consumer can see them, i.e. at the commit, as for any downstream consumer.
        return KafkaConsumer(bootstrap_servers=self.servers, enable_auto_commit=False, **CLIENT_BOUNDS,
                             fetch_max_bytes=64 * 1024 * 1024, check_crcs=False, isolation_level="read_committed")

    def close(self) -> None:
        for client in (self.consumer, self.counter, self.admin):
            # Closing is best effort: the run's figures are already taken.
            with contextlib.suppress(Exception):
                client.close(timeout_s=10.0)

    # -- topics ---------------------------------------------------------------------------------
    def create(self, topics: dict[str, int]) -> None:
        """Create topics (name -> partitions) with the project's record size limit."""
        spec = {name: {"num_partitions": n, "replication_factor": 1,
                       "configs": {"max.message.bytes": str(MAX_MESSAGE_BYTES)}} for name, n in topics.items()}
        self.admin.create_topics(spec, timeout_ms=30000, wait_for_metadata=True)

    def delete_prefixed(self, prefix: str) -> list[str]:
        """Delete every topic and consumer group whose name starts with ``prefix``; returns topics."""
        names = [t for t in self.admin.list_topics() if t.startswith(prefix)]
        if names:
            self.admin.delete_topics(names, timeout_ms=30000, raise_errors=False)
        try:
            mine = [g for g in map(_group_id, self.admin.list_groups()) if g.startswith(prefix)]
            if mine:
                self.admin.delete_groups(mine)
        except (KafkaError, NoAnswer, TypeError, ValueError):
            pass  # groups expire on their own; topics are what costs disk
        return names

    # -- watching -------------------------------------------------------------------------------
    def _partitions(self, topics: Iterable[str]) -> list[TopicPartition]:
        tps: list[TopicPartition] = []
        for topic in topics:
            parts = self.consumer.partitions_for_topic(topic) or set()
            tps.extend(TopicPartition(topic, p) for p in sorted(parts))
        return tps

    def count(self, topics: Sequence[str]) -> int:
        """Committed records on the topics now, read incrementally: end offsets would also count the
        offsets transaction markers take (one per partition and commit under exactly_once)."""
        tps = self._partitions(topics)
        if not tps:
            return 0
        if set(tps) != self._count_tps:
            self.counter.assign(tps)
            self.counter.seek_to_beginning(*tps)
            self._count_tps, self._counted = set(tps), 0
        end = self.consumer.end_offsets(tps, timeout_ms=10000)  # this consumer knows the topics
        deadline = time.monotonic() + 5.0
        while _behind(self.counter, tps, end) and time.monotonic() < deadline:
            self._counted += sum(len(msgs) for msgs in self.counter.poll(timeout_ms=200).values())
        return self._counted

    def group_ready(self, group: str, members: int = 1) -> bool:
        """True when the consumer group is Stable with at least ``members`` members (partitions assigned)."""
        try:
            info = self.admin.describe_groups([group]).get(group) or {}
        except (KafkaError, NoAnswer, ValueError, KeyError):
            return False
        state = str(info.get("group_state") or info.get("state") or "")
        return state.lower() == "stable" and len(info.get("members") or ()) >= members

    def read(self, topics: Sequence[str]) -> Records:
        """Every record on the topics: earliest timestamp per key and record counts per topic."""
        recs = Records()
        tps = self._partitions(topics)
        if not tps:
            return recs
        self.consumer.assign(tps)
        self.consumer.seek_to_beginning(*tps)
        end = self.consumer.end_offsets(tps, timeout_ms=10000)
        deadline = time.monotonic() + 120
        while _behind(self.consumer, tps, end) and time.monotonic() < deadline:
            for tp, msgs in self.consumer.poll(timeout_ms=1000).items():
                for m in msgs:
                    recs.add(tp.topic, m.key or b"", m.timestamp)
        self.consumer.assign([])
        return recs


# Finding a partition's position may need an offsets request: bounded like any other.
POSITION_TIMEOUT_MS = 5000


def _behind(consumer: Any, tps: Sequence[TopicPartition], end: dict[TopicPartition, int]) -> bool:
    """Whether ``consumer`` has not yet read some partition of ``tps`` up to ``end``."""
    for tp in tps:
        position = consumer.position(tp, timeout_ms=POSITION_TIMEOUT_MS)
        if position is None or position < end[tp]:
            return True
    return False


def _group_id(entry: Any) -> str:
    """list_groups entries: dicts in kafka-python 3, (id, protocol) tuples before."""
    if isinstance(entry, dict):
        return str(entry.get("group_id", ""))
    return str(entry[0] if isinstance(entry, tuple) else entry)


@dataclass
class Records:
    """Keys and CreateTime timestamps (ms) of the records read from some topics."""

    first_ts: dict[bytes, int] = field(default_factory=dict)
    per_topic: dict[str, int] = field(default_factory=dict)
    total: int = 0

    def add(self, topic: str, key: bytes, ts: int) -> None:
        self.total += 1
        self.per_topic[topic] = self.per_topic.get(topic, 0) + 1
        old = self.first_ts.get(key)
        if old is None or ts < old:
            self.first_ts[key] = ts


def _producer(servers: list[str]) -> KafkaProducer:
    return bounded(
        lambda: KafkaProducer(bootstrap_servers=servers, acks="all", linger_ms=5, max_request_size=MAX_MESSAGE_BYTES,
                              **PRODUCER_BOUNDS),
        f"connecting to {','.join(servers)}",
    )


def produce_all(servers: list[str], topic: str, messages: Sequence[Message]) -> None:
    """Send every message as fast as the producer goes and wait until all are acknowledged."""
    prod = _producer(servers)
    try:
        for key, value in messages:
            prod.send(topic, key=key, value=value)
        prod.flush(timeout=300)
    finally:
        prod.close(timeout=10)


class PacedProducer(threading.Thread):
    """Sends messages at a fixed rate (record ``i`` at start + i / rate) in a background thread,
    so the monitor loop keeps sampling meanwhile. A late schedule sends immediately (no bursts
    beyond catching up), so the input rate never exceeds ``rate``."""

    def __init__(self, servers: list[str], topic: str, messages: Sequence[Message], rate: float,
                 on_error: Callable[[BaseException], Any] | None = None) -> None:
        super().__init__(name="bench-paced-producer", daemon=True)
        self.servers, self.topic, self.messages, self.rate = servers, topic, messages, rate
        self.on_error = on_error
        self.stop_event = threading.Event()
        self.sent = 0

    def run(self) -> None:
        try:
            prod = _producer(self.servers)
        except KafkaError as exc:
            if self.on_error:
                self.on_error(exc)
            return
        try:
            start = time.monotonic()
            for i, (key, value) in enumerate(self.messages):
                delay = start + i / self.rate - time.monotonic()
                if delay > 0 and self.stop_event.wait(delay):
                    break
                prod.send(self.topic, key=key, value=value)
                self.sent += 1
            prod.flush(timeout=60)
        except Exception as exc:  # reported by the runner as the run's error
            if self.on_error:
                self.on_error(exc)
        finally:
            prod.close(timeout=10)

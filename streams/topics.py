"""Topic administration and the ``produce`` / ``tail`` command-line tools (kafka-python)."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TextIO

import orjson
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from streams.security import broker_security, kafka_python_config
from streams.settings import Settings
from streams.tools.bounds import CLIENT_BOUNDS, PRODUCER_BOUNDS, Deadline, NoAnswer, bounded

# Largest record the topics accept: enriched records carry the cleaned text of payloads up to
# NEWSFEED_MAX_PAYLOAD_BYTES (2 MiB) plus entities; 8 MiB leaves room without inviting abuse.
MAX_MESSAGE_BYTES = 8 * 1024 * 1024


class BrokerUnavailable(RuntimeError):
    """The broker cannot be reached: a one-line message for the person at the terminal."""


class BrokerAuthenticationFailed(BrokerUnavailable):
    """The broker refused the SASL login (credentials or mechanism): one line, no secret in it."""


# Kafka error codes (the same in kafka-python and aiokafka) of a refused SASL login.
SASL_AUTHENTICATION_FAILED = 58
UNSUPPORTED_SASL_MECHANISM = 33
# TCP + TLS + a SCRAM exchange take well under a second; 10 s covers a loaded machine.
LOGIN_CHECK_TIMEOUT_S = 10.0
# A topic just created is known to the controller before the broker answering metadata requests
# lists its partitions (on a broker started a moment ago this took seconds): how long to wait for
# them before saying the topic does not exist.
TOPIC_VISIBLE_TIMEOUT_S = 30.0
TOPIC_VISIBLE_POLL_S = 0.2


def check_login(settings: Settings, timeout_s: float = LOGIN_CHECK_TIMEOUT_S) -> BaseException | None:
    """Connect once with the security settings; raise :class:`BrokerAuthenticationFailed` if refused.

    kafka-python 3 retries a refused SASL login until its bootstrap timeout and then reports a bare
    timeout (it can even drop the broker's error response, which arrives together with the close), so
    the login is tried first with aiokafka, the worker's own Kafka client, which reports it at once.
    Returns the error of a broker that could not be reached (None when the login worked, and always
    for PLAINTEXT, where there is nothing to check), for the message of the client that then fails.
    """
    if settings.security_protocol == "PLAINTEXT":
        return None
    options = broker_security(settings).client_options()
    # Its own thread and event loop: safe from plain code and from inside a running loop alike.
    with ThreadPoolExecutor(1, thread_name_prefix="newsfeed-login") as pool:
        error = pool.submit(asyncio.run, _try_login(settings.bootstrap_servers, options, timeout_s)).result()
    code = _refusal(error)
    if code == UNSUPPORTED_SASL_MECHANISM:
        raise BrokerAuthenticationFailed(
            f"authentication failed at {settings.broker}: the broker does not offer SASL mechanism "
            f"{options['sasl_mechanism']} (NEWSFEED_SASL_MECHANISM)"
        )
    if code == SASL_AUTHENTICATION_FAILED:
        raise BrokerAuthenticationFailed(
            f"authentication failed at {settings.broker} for SASL user {settings.sasl_username!r} "
            f"({options['sasl_mechanism']}): the broker refused the credentials; check "
            "NEWSFEED_SASL_USERNAME and NEWSFEED_SASL_PASSWORD_FILE (or NEWSFEED_SASL_PASSWORD)"
        )
    return error


async def _try_login(servers: list[str], options: dict[str, Any], timeout_s: float) -> BaseException | None:
    """None once one server accepts the login, else the last error (a refused login at once)."""
    from aiokafka.conn import create_conn

    error: BaseException | None = None
    for server in servers:
        host, _, port = server.rpartition(":")
        try:
            conn = await asyncio.wait_for(
                create_conn(host.strip("[]"), int(port), request_timeout_ms=int(timeout_s * 1000), **options),
                timeout_s,
            )
        except Exception as exc:  # any failure: the caller classifies it or reports it later
            if _refusal(exc) is not None:
                return exc
            error = exc
            continue
        await asyncio.wait([conn.close()], timeout=2)  # close() returns a future done once closed
        return None
    return error


def _refusal(exc: BaseException | None) -> int | None:
    """The Kafka error code when ``exc`` is the broker refusing a SASL login, else None."""
    from aiokafka.errors import KafkaError as AioKafkaError

    code = getattr(exc, "errno", None) if isinstance(exc, AioKafkaError | KafkaError) else None
    return code if code in (SASL_AUTHENTICATION_FAILED, UNSUPPORTED_SASL_MECHANISM) else None


@contextmanager
def _connecting(settings: Settings, hint: str = "") -> Iterator[None]:
    """Check the login, then build a kafka-python client; its failure becomes one line."""
    login_error = check_login(settings)
    try:
        yield
    except (KafkaError, NoAnswer):
        cause = f" (last error: {type(login_error).__name__}: {login_error})" if login_error else ""
        raise BrokerUnavailable(f"no Kafka broker answers at {settings.broker}{hint}{cause}") from None


@contextmanager
def answering(settings: Settings) -> Iterator[None]:
    """A broker that stops answering, or fails a call, mid-command becomes one line."""
    try:
        yield
    except NoAnswer as exc:
        raise BrokerUnavailable(f"the Kafka broker at {settings.broker} stopped answering ({exc})") from None
    except KafkaError as exc:
        raise BrokerUnavailable(f"the Kafka broker at {settings.broker} failed a request: "
                                f"{type(exc).__name__}: {exc}") from None


def _admin(settings: Settings) -> Deadline[KafkaAdminClient]:
    with _connecting(settings, " (start one with `newsfeed broker start`)"):
        admin = bounded(lambda: KafkaAdminClient(**kafka_python_config(settings), **CLIENT_BOUNDS),
                        f"connecting to {settings.broker}")
    return Deadline(admin, settings.broker)


def _close(client: Deadline[Any]) -> None:
    """Close a client, best effort: after a call that got no answer, closing may hang or fail too,
    and the error worth reporting is the first one."""
    with suppress(Exception):
        client.close(timeout_s=5.0)


def internal_topics(settings: Settings) -> dict[str, int]:
    """The worker's repartition topics and their partition counts."""
    return {
        # Dedup state for the whole stream lives in one partition (see docs/architecture.md, "Dedup").
        f"{settings.app_id}.prepared": 1,
        f"{settings.app_id}.unique": settings.topic_partitions,
    }


def create_topics(settings: Settings, extra: dict[str, int] | None = None) -> list[str]:
    """Create all public and internal topics that do not exist yet (idempotent). Returns created."""
    wanted: dict[str, int] = {name: settings.topic_partitions for name in settings.topics().values()}
    wanted.update(internal_topics(settings))
    wanted.update(extra or {})
    admin = _admin(settings)
    try:
        with answering(settings):
            return _create_missing(admin, settings, wanted)
    finally:
        _close(admin)


def _create_missing(admin: Deadline[KafkaAdminClient], settings: Settings, wanted: dict[str, int]) -> list[str]:
    existing = set(admin.list_topics())
    new = [
        NewTopic(
            name, partitions, settings.topic_replication,
            topic_configs={"max.message.bytes": str(MAX_MESSAGE_BYTES)},
        )
        for name, partitions in wanted.items()
        if name not in existing
    ]
    created: list[str] = []
    for topic in new:  # one by one, so a concurrent creator only costs one TopicAlreadyExists
        try:
            admin.create_topics([topic])
            created.append(topic.name)
        except TopicAlreadyExistsError:
            pass
    for topic in new:  # created (here or concurrently): usable once its partitions are listed
        if _partitions(admin, topic.name, TOPIC_VISIBLE_TIMEOUT_S) is None:
            raise BrokerUnavailable(
                f"topic {topic.name!r} was created but has no partitions after "
                f"{TOPIC_VISIBLE_TIMEOUT_S:.0f} s on {settings.broker}"
            )
    return created


def _partitions(admin: Any, topic: str, timeout: float) -> int | None:
    """The number of partitions of ``topic``, once every one has a leader (None after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        described = admin.describe_topics([topic])
        parts = described[0].get("partitions") if described else None
        if parts and all(p.get("leader_id", -1) >= 0 for p in parts):
            return len(parts)
        if time.monotonic() >= deadline:
            return None
        time.sleep(TOPIC_VISIBLE_POLL_S)


def partition_count(settings: Settings, topic: str, timeout: float = 5.0) -> int:
    """Number of partitions of an existing topic (waiting up to ``timeout`` for a topic being created)."""
    admin = _admin(settings)
    try:
        with answering(settings):
            count = _partitions(admin, topic, timeout)
    finally:
        _close(admin)
    if count is None:
        raise BrokerUnavailable(f"topic {topic!r} does not exist on {settings.broker}")
    return count


def producer(settings: Settings, **extra: Any) -> KafkaProducer:
    """A kafka-python producer with the security settings, sensible batching and bounded waits."""
    with _connecting(settings):
        prod = bounded(
            lambda: KafkaProducer(
                **kafka_python_config(settings), **PRODUCER_BOUNDS,
                acks="all", linger_ms=20, max_request_size=MAX_MESSAGE_BYTES, **extra,
            ),
            f"connecting to {settings.broker}",
        )
    return prod


def read_articles(paths: Iterable[str]) -> Iterator[tuple[bytes | None, bytes]]:
    """(key, value) messages from JSON-lines, ``.txt`` or ``.html`` files (one article each)."""
    for name in paths:
        path = Path(name)
        if path.suffix in (".txt", ".html", ".htm"):
            body = path.read_text(encoding="utf-8", errors="replace")
            field = "text" if path.suffix == ".txt" else "html"
            yield None, orjson.dumps({field: body, "source": "file:" + path.name})
            continue
        with path.open("rb") as fh:
            for line in fh:
                line = line.rstrip(b"\r\n")
                if not line.strip():
                    continue
                key = _key_of(line)
                yield key, line


def _key_of(line: bytes) -> bytes | None:
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if isinstance(obj, dict) and isinstance(obj.get("id"), str):
        return obj["id"].encode()
    return None


# Waiting for every sent record to be acknowledged: the delivery timeout of the last records plus a
# margin; a record the broker has not acknowledged by then has failed.
FLUSH_TIMEOUT_S = 60.0


def produce(settings: Settings, paths: list[str], topic: str | None = None, progress: bool = True) -> int:
    """Send the articles of ``paths`` to the raw topic; returns how many were sent.

    Raises :class:`BrokerUnavailable` when the broker does not take them all in bounded time."""
    messages = list(read_articles(paths))
    prod = producer(settings)
    target = topic or settings.topic_raw
    failures: list[BaseException] = []
    bar = None
    if progress and len(messages) >= 1000:
        from tqdm import tqdm

        bar = tqdm(total=len(messages), unit="msg", file=sys.stderr)
    try:
        with answering(settings):
            for key, value in messages:
                # send() blocks at most max_block_ms (metadata, buffer space), then raises.
                prod.send(target, key=key, value=value).add_errback(failures.append)
                if bar is not None:
                    bar.update(1)
            prod.flush(timeout=FLUSH_TIMEOUT_S)
    finally:
        if bar is not None:
            bar.close()
        prod.close(timeout=10)
    if failures:
        raise BrokerUnavailable(
            f"{len(failures)} of {len(messages)} message(s) were not acknowledged by {settings.broker} "
            f"(first error: {type(failures[0]).__name__}: {failures[0]})"
        )
    return len(messages)


def tail(
    settings: Settings,
    topic: str,
    from_beginning: bool = True,
    limit: int | None = None,
    timeout_s: float = 5.0,
    out: TextIO | None = None,
) -> int:
    """Print records of ``topic`` as JSON lines ``{"partition", "offset", "key", "value"}``.

    Reads committed records only; stops after ``limit`` records or ``timeout_s`` without new ones."""
    stream = out or sys.stdout
    count = 0
    for rec in consume(settings, topic, from_beginning=from_beginning, timeout_s=timeout_s):
        stream.write(orjson.dumps(rec).decode() + "\n")
        stream.flush()
        count += 1
        if limit is not None and count >= limit:
            break
    return count


# Each poll waits at most this long, so an idle timeout is checked at least this often.
POLL_MS = 500


def consume(
    settings: Settings, topic: str, from_beginning: bool = True, timeout_s: float = 5.0
) -> Iterator[dict[str, Any]]:
    """Records of a topic as dicts (value decoded as JSON when it is), without a consumer group.

    Stops after ``timeout_s`` seconds without a new record; every client call is bounded."""
    with _connecting(settings):
        consumer = Deadline(
            bounded(
                lambda: KafkaConsumer(
                    **kafka_python_config(settings), **CLIENT_BOUNDS,
                    enable_auto_commit=False, isolation_level="read_committed",
                ),
                f"connecting to {settings.broker}",
            ),
            settings.broker,
        )
    try:
        with answering(settings):
            yield from _records(consumer, settings, topic, from_beginning, timeout_s)
    finally:
        _close(consumer)


def _records(
    consumer: Deadline[KafkaConsumer], settings: Settings, topic: str, from_beginning: bool, timeout_s: float
) -> Iterator[dict[str, Any]]:
    parts = consumer.partitions_for_topic(topic)
    if not parts:
        raise BrokerUnavailable(f"topic {topic!r} does not exist on {settings.broker}")
    tps = [TopicPartition(topic, p) for p in sorted(parts)]
    consumer.assign(tps)
    if from_beginning:
        consumer.seek_to_beginning(*tps)
    else:
        consumer.seek_to_end(*tps)
    idle_until = time.monotonic() + timeout_s
    while time.monotonic() < idle_until:
        wait_ms = max(1, min(POLL_MS, int((idle_until - time.monotonic()) * 1000)))
        batch = consumer.poll(timeout_ms=wait_ms)
        for tp in sorted(batch, key=lambda t: t.partition):
            for msg in batch[tp]:
                yield {
                    "topic": msg.topic,
                    "partition": msg.partition,
                    "offset": msg.offset,
                    "key": msg.key.decode("utf-8", "replace") if msg.key is not None else None,
                    "value": _decode(msg.value),
                }
        if batch:
            idle_until = time.monotonic() + timeout_s


def _decode(value: bytes | None) -> Any:
    if value is None:
        return None
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return value.decode("utf-8", "replace")

"""Bounds on every kafka-python call of the command-line tools and the bench.

kafka-python waits 30 s per request by default, retries some requests until they succeed, and has
calls without any bound (``partitions_for_topic`` waits for a metadata answer as long as it takes).
A person at a terminal needs an answer or a one-line error instead. Each client gets short request
and blocking timeouts (:data:`CLIENT_BOUNDS`), and :class:`Deadline` runs every method call of a
client in a helper thread that the caller stops waiting for after ``timeout_s``: whatever the
library does inside, the caller gets its result or :class:`NoAnswer`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
C = TypeVar("C")

# One request: a metadata, offsets or admin answer from a broker on a loaded machine takes well
# under a second; 15 s leaves room for a broker that is busy rather than gone.
REQUEST_TIMEOUT_MS = 15_000
# Reaching a broker at all (the first metadata answer).
BOOTSTRAP_TIMEOUT_MS = 10_000
# A producer's send() blocks this long at most for metadata or buffer space.
MAX_BLOCK_MS = 15_000
# A record is failed once the producer has tried this long (>= linger + request timeout).
DELIVERY_TIMEOUT_MS = 30_000
# A whole client call (which can make several requests) returns or fails within this.
CALL_TIMEOUT_S = 30.0

# Options every kafka-python client of the tools takes (consumer, producer and admin alike).
CLIENT_BOUNDS: dict[str, int] = {
    "request_timeout_ms": REQUEST_TIMEOUT_MS,
    "bootstrap_timeout_ms": BOOTSTRAP_TIMEOUT_MS,
}
PRODUCER_BOUNDS: dict[str, int] = {
    **CLIENT_BOUNDS,
    "max_block_ms": MAX_BLOCK_MS,
    "delivery_timeout_ms": DELIVERY_TIMEOUT_MS,
}


class NoAnswer(TimeoutError):
    """A Kafka client call did not return within its deadline."""


def bounded(call: Callable[[], T], what: str, timeout_s: float = CALL_TIMEOUT_S) -> T:
    """``call()``'s result, its exception, or :class:`NoAnswer` after ``timeout_s`` seconds.

    The call runs in a daemon thread: a call that never returns is abandoned (kafka-python's own I/O
    threads are daemons too), so the process can still report the error and exit."""
    outcome: list[tuple[bool, Any]] = []
    done = threading.Event()

    def target() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as exc:  # handed to the caller's thread as is
            outcome.append((False, exc))
        finally:
            done.set()

    threading.Thread(target=target, name="newsfeed-kafka-call", daemon=True).start()
    if not done.wait(timeout_s):
        raise NoAnswer(f"{what}: no answer within {timeout_s:.0f} s")
    ok, value = outcome[0]
    if ok:
        return value
    raise value


class Deadline(Generic[C]):
    """A kafka-python client whose every method call is :func:`bounded`.

    ``Deadline(KafkaAdminClient(...), "the broker at host:9092").list_topics()`` returns the topics
    or raises :class:`NoAnswer` naming the call and the broker. ``client`` is the wrapped client,
    for attributes that are not calls."""

    def __init__(self, client: C, where: str, timeout_s: float = CALL_TIMEOUT_S) -> None:
        self.client = client
        self.where = where
        self.timeout_s = timeout_s

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.client, name)
        if not callable(attr):
            return attr

        def call(*args: Any, timeout_s: float | None = None, **kwargs: Any) -> Any:
            limit = self.timeout_s if timeout_s is None else timeout_s
            return bounded(lambda: attr(*args, **kwargs), f"{name}() at {self.where}", limit)

        return call

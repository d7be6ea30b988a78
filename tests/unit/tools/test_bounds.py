"""Deadlines on Kafka client calls (streams.tools.bounds) and the command-line tools against a
broker address that accepts connections but never answers: each tool ends with one error line."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams.tools.bounds import CLIENT_BOUNDS, PRODUCER_BOUNDS, Deadline, NoAnswer, bounded

ROOT = Path(__file__).resolve().parents[3]


def test_bounded_returns_the_value_or_raises_the_calls_error() -> None:
    assert bounded(lambda: 42, "answer") == 42
    empty: dict[str, int] = {}
    with pytest.raises(KeyError):
        bounded(lambda: empty["missing"], "lookup")


def test_bounded_gives_up_on_a_call_that_never_returns() -> None:
    release = threading.Event()
    with pytest.raises(NoAnswer, match="stuck call: no answer within 0 s"):
        bounded(lambda: release.wait(60), "stuck call", timeout_s=0.2)
    release.set()


class _Client:
    name = "fake"

    def ping(self, value: int) -> int:
        return value

    def hang(self) -> None:
        threading.Event().wait(60)


def test_deadline_bounds_every_method_and_names_the_call_and_place() -> None:
    client = Deadline(_Client(), "broker:9092", timeout_s=0.2)
    assert client.ping(7) == 7
    assert client.name == "fake"  # plain attributes pass through
    with pytest.raises(NoAnswer, match=r"hang\(\) at broker:9092"):
        client.hang()


def test_every_client_gets_request_and_blocking_bounds() -> None:
    assert CLIENT_BOUNDS["request_timeout_ms"] <= 30_000
    assert PRODUCER_BOUNDS["max_block_ms"] <= 30_000
    # kafka-python rejects a delivery timeout below linger + request timeout.
    assert PRODUCER_BOUNDS["delivery_timeout_ms"] >= PRODUCER_BOUNDS["request_timeout_ms"] + 20


@pytest.fixture
def silent_broker() -> Iterator[str]:
    """An address that accepts TCP connections and never sends a byte back (a hung broker)."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.2)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(2)
        for conn in accepted:
            conn.close()
        server.close()


def test_tools_end_with_one_line_when_the_broker_never_answers(silent_broker: str) -> None:
    """tail, topics create and produce each stop within their bounds (run side by side)."""
    commands = [["tail", "enriched"], ["topics", "create"], ["produce", str(ROOT / "streams/data/examples.jsonl")]]
    env = {"PATH": "/usr/bin:/bin", "NEWSFEED_BROKER": silent_broker, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    procs = [subprocess.Popen([sys.executable, "-m", "streams", *cmd], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for cmd in commands]
    for cmd, proc in zip(commands, procs, strict=True):
        out, err = proc.communicate(timeout=120)
        lines = err.decode().strip().splitlines()
        assert proc.returncode == 2, (cmd, err.decode()[-2000:])
        assert lines == [f"newsfeed: error: {lines[0].removeprefix('newsfeed: error: ')}"], (cmd, lines)
        assert silent_broker in lines[0]
    # Each waits for the bootstrap bound (10 s), not kafka-python's own defaults (30-60 s per call).
    assert time.monotonic() - start < 60

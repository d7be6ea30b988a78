"""Free local ports for the processes a tool starts (benchmark workers, the tests' workers and brokers)."""

from __future__ import annotations

import random
import socket

# Below Linux's default ephemeral range (32768-60999): a port the kernel hands to the client side of
# a connection (a Kafka client, the broker's own) can never be one picked here, between the pick and
# the process binding it.
PORT_RANGE = (20_000, 32_000)
PICK_TRIES = 200


def free_port_block(n: int) -> int:
    """The first of ``n`` consecutive ports free on 127.0.0.1, outside the ephemeral range: a worker
    with NEWSFEED_WORKER_PROCESSES=N serves metrics on NEWSFEED_METRICS_PORT + 0 .. N-1 (and one more
    for a dedup process)."""
    rng = random.Random()  # seeded from the OS: concurrent runs pick different ports
    for _ in range(PICK_TRIES):
        base = rng.randrange(PORT_RANGE[0], PORT_RANGE[1] - n)
        if all(_bindable(base + i) for i in range(n)):
            return base
    raise RuntimeError(f"no {n} consecutive free ports in {PORT_RANGE[0]}-{PORT_RANGE[1]} after {PICK_TRIES} tries")


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True

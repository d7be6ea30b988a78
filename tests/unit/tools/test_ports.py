"""streams.tools.ports: consecutive free ports outside the ephemeral range."""

from __future__ import annotations

import socket

from streams.tools.ports import PORT_RANGE, free_port_block


def test_a_block_is_free_consecutive_and_below_the_ephemeral_range() -> None:
    base = free_port_block(3)
    assert PORT_RANGE[0] <= base and base + 3 <= PORT_RANGE[1] <= 32_768
    held = []
    try:
        for port in range(base, base + 3):  # each one can be bound, in a row
            s = socket.socket()
            s.bind(("127.0.0.1", port))
            held.append(s)
        # A block picked while those are held does not overlap them.
        other = free_port_block(3)
        assert not set(range(other, other + 3)) & set(range(base, base + 3))
    finally:
        for s in held:
            s.close()

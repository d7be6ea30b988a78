"""OffsetFetch v7 (require_stable) as streams.faust_ext.stable_offsets encodes and reads it, without a broker."""

from __future__ import annotations

import asyncio
from io import BytesIO
from types import SimpleNamespace
from typing import Any

from aiokafka.protocol.types import CompactString, Int32, UnsignedVarInt32

from streams.faust_ext.stable_offsets import (
    UNSTABLE_OFFSET_COMMIT,
    OffsetFetchResponse_v7,
    StableOffsetFetch,
    unstable,
    wait_stable,
)


def test_the_request_asks_for_stable_offsets_of_each_partition() -> None:
    req = StableOffsetFetch("grp", {"b": [1, 0], "a": [2]}).prepare({9: (0, 8)})
    assert req.API_VERSION == 7 and req.FLEXIBLE_VERSION
    data = BytesIO(req.encode())
    assert CompactString("utf-8").decode(data) == "grp"
    assert UnsignedVarInt32.decode(data) - 1 == 2  # topics, sorted by name
    assert CompactString("utf-8").decode(data) == "a"
    assert UnsignedVarInt32.decode(data) - 1 == 1 and Int32.decode(data) == 2
    assert data.read(1) == b"\x00"  # the topic's empty tagged fields
    assert CompactString("utf-8").decode(data) == "b"
    assert UnsignedVarInt32.decode(data) - 1 == 2 and [Int32.decode(data), Int32.decode(data)] == [0, 1]
    assert data.read(3) == b"\x00\x01\x00"  # tags, require_stable = true, the request's tags


def _response(*parts: tuple[str, int, int], error: int = 0) -> Any:
    topics: dict[str, list[Any]] = {}
    for topic, partition, code in parts:
        topics.setdefault(topic, []).append((partition, 10, -1, None, code, {}))
    wire = OffsetFetchResponse_v7(0, [(t, ps, {}) for t, ps in topics.items()], error, {}).encode()
    return OffsetFetchResponse_v7.decode(BytesIO(wire))


def test_unstable_lists_the_partitions_with_an_error() -> None:
    resp = _response(("t", 0, 0), ("t", 1, UNSTABLE_OFFSET_COMMIT), ("u", 3, 0))
    assert unstable(resp) == (0, [("t", 1, UNSTABLE_OFFSET_COMMIT)])
    assert unstable(_response(("t", 0, 0), error=16)) == (16, [])


class FakeClient:
    """Answers with the given responses in turn (what a broker would say)."""

    def __init__(self, responses: list[Any]) -> None:
        self.responses = responses
        self.sent: list[Any] = []
        self.metadata_updates = 0

    async def coordinator_lookup(self, _type: Any, _key: str) -> int:
        return 1

    async def send(self, _node: int, request: Any) -> Any:
        self.sent.append(request)
        return self.responses.pop(0)

    def force_metadata_update(self) -> None:
        self.metadata_updates += 1


TP = SimpleNamespace(topic="t", partition=1)


def test_wait_stable_polls_until_no_partition_is_pending() -> None:
    client = FakeClient([
        _response(("t", 1, 0), error=16),  # not the coordinator any more: look it up again
        _response(("t", 1, UNSTABLE_OFFSET_COMMIT)),
        _response(("t", 1, 0)),
    ])
    assert asyncio.run(wait_stable(client, "grp", [TP], timeout=5.0)) is True
    assert len(client.sent) == 3 and client.metadata_updates == 1 and client.responses == []


def test_wait_stable_gives_up_after_the_timeout_and_on_other_errors() -> None:
    pending = [_response(("t", 1, UNSTABLE_OFFSET_COMMIT)) for _ in range(100)]
    assert asyncio.run(wait_stable(FakeClient(pending), "grp", [TP], timeout=0.1)) is False
    denied = FakeClient([_response(("t", 1, 30))])  # GROUP_AUTHORIZATION_FAILED: not worth waiting for
    assert asyncio.run(wait_stable(denied, "grp", [TP], timeout=5.0)) is False and len(denied.sent) == 1
    assert asyncio.run(wait_stable(FakeClient([]), "grp", [], timeout=5.0)) is True

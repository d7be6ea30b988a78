"""Wait for a consumer group's committed offsets to be stable before reading from them (KIP-447).

Under exactly_once an input's offset is committed inside a transaction (TxnOffsetCommit). The group
coordinator answers EndTxn once the commit is decided, but applies the offsets only when it writes
the transaction's marker to ``__consumer_offsets``, a moment later. Until then an OffsetFetch without
``require_stable`` returns the *previous* offset: measured on the local broker, 111 of 200 fetches
right after ``commit_transaction()`` did. A worker that seeks to that stale offset after a rebalance
reads again records whose outputs are already committed, and publishes them twice.

The Java consumer asks with ``require_stable`` (OffsetFetch v7+), and the coordinator answers
UNSTABLE_OFFSET_COMMIT while a transaction's offsets are pending. aiokafka only speaks v1-v3, so
this module adds the v7 request and polls it until no assigned partition is unstable; the consumer's
own fetch that follows then sees the applied offsets.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Iterable
from time import monotonic
from typing import Any

from aiokafka.client import CoordinationType
from aiokafka.protocol.api import Request, RequestStruct, Response
from aiokafka.protocol.types import (
    Boolean,
    CompactArray,
    CompactString,
    Int16,
    Int32,
    Int64,
    Schema,
    TaggedFields,
)

log = logging.getLogger("newsfeed.worker")

# Kafka error codes this module acts on (org.apache.kafka.common.protocol.Errors).
NONE = 0
COORDINATOR_LOAD_IN_PROGRESS = 14
COORDINATOR_NOT_AVAILABLE = 15
NOT_COORDINATOR = 16
UNSTABLE_OFFSET_COMMIT = 88
RETRIABLE = frozenset(
    {COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR, UNSTABLE_OFFSET_COMMIT}
)

# Between polls: a pending commit's markers take milliseconds on an idle broker and up to a few
# hundred on a loaded 2-core one.
POLL_S = 0.05


class OffsetFetchResponse_v7(Response):  # noqa: N801  (Kafka's protocol naming, as aiokafka's)
    API_KEY = 9
    API_VERSION = 7
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        ("topics", CompactArray(
            ("name", CompactString("utf-8")),
            ("partitions", CompactArray(
                ("partition_index", Int32),
                ("committed_offset", Int64),
                ("committed_leader_epoch", Int32),
                ("metadata", CompactString("utf-8")),
                ("error_code", Int16),
                ("tags", TaggedFields),
            )),
            ("tags", TaggedFields),
        )),
        ("error_code", Int16),
        ("tags", TaggedFields),
    )


class OffsetFetchRequest_v7(RequestStruct):  # noqa: N801
    FLEXIBLE_VERSION = True
    API_KEY = 9
    API_VERSION = 7
    RESPONSE_TYPE = OffsetFetchResponse_v7
    SCHEMA = Schema(
        ("group_id", CompactString("utf-8")),
        ("topics", CompactArray(
            ("name", CompactString("utf-8")),
            ("partition_indexes", CompactArray(Int32)),
            ("tags", TaggedFields),
        )),
        ("require_stable", Boolean),
        ("tags", TaggedFields),
    )


class StableOffsetFetch(Request[OffsetFetchRequest_v7]):
    """OffsetFetch v7 with ``require_stable`` for ``partitions`` (topic -> partition numbers)."""

    API_KEY = 9

    def __init__(self, group_id: str, partitions: dict[str, list[int]]) -> None:
        self.group_id = group_id
        self.partitions = partitions

    def build(self, request_struct_class: type[OffsetFetchRequest_v7]) -> OffsetFetchRequest_v7:
        topics: list[tuple[str, list[int], dict[int, bytes]]] = [
            (topic, sorted(parts), {}) for topic, parts in sorted(self.partitions.items())
        ]
        return request_struct_class(self.group_id, topics, True, {})


def unstable(response: Any) -> tuple[int, list[tuple[str, int, int]]]:
    """The response's group-level error code and its partitions with an error: (topic, partition, code)."""
    errors = [
        (name, part[0], part[4])
        for name, parts, _tags in response.topics
        for part in parts
        if part[4] != NONE
    ]
    return response.error_code, errors


async def wait_stable(client: Any, group_id: str, tps: Iterable[Any], timeout: float) -> bool:
    """Poll until no transaction holds offsets of ``tps`` (``.topic``/``.partition``) pending in
    ``group_id``, through ``client`` (an aiokafka client on the running loop). Returns whether they
    were stable within ``timeout``; a failure is logged and reported as not stable, never raised (the
    caller goes on as before)."""
    partitions: dict[str, list[int]] = defaultdict(list)
    for tp in tps:
        partitions[tp.topic].append(tp.partition)
    if not partitions:
        return True
    deadline = monotonic() + timeout
    polls = 0
    while True:
        polls += 1
        try:
            node = await client.coordinator_lookup(CoordinationType.GROUP, group_id)
            response = await client.send(node, StableOffsetFetch(group_id, dict(partitions)))
            code, errors = unstable(response)
        except Exception as exc:  # e.g. a broker too old for v7, or the connection went away
            log.warning("could not check that committed offsets are stable: %s", exc)
            return False
        if code in RETRIABLE - {UNSTABLE_OFFSET_COMMIT}:
            client.force_metadata_update()
        elif code != NONE or any(c not in RETRIABLE for _, _, c in errors):
            log.warning("could not check that committed offsets are stable: error %s %s", code, errors[:3])
            return False
        elif not errors:
            if polls > 1:
                log.info("committed offsets stable after %d polls", polls)
            return True
        if monotonic() >= deadline:
            log.warning("committed offsets still pending after %.1f s: %s", timeout, errors[:3])
            return False
        await asyncio.sleep(POLL_S)

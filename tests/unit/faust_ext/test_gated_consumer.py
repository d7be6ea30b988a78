"""GatedConsumer (streams.faust_ext.gated_consumer): what is uncommitted, commits spaced during a backlog."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from streams.faust_ext.commit_gate import CommitGate


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_gated_consumer_knows_whether_processed_offsets_are_uncommitted() -> None:
    from collections import defaultdict

    from streams.faust_ext.gated_consumer import GatedConsumer

    consumer = object.__new__(GatedConsumer)  # only faust's acked-offsets map is read
    consumer._acked = defaultdict(list)
    assert not consumer.has_uncommitted()
    consumer._acked[cast(Any, "raw-0")].append(7)
    assert consumer.has_uncommitted()


def test_commits_are_spaced_while_a_backlog_is_worked_off(monkeypatch: Any) -> None:
    """Timer and idle commits wait gate.backlog_interval while more than BACKLOG_RECORDS records of
    the source partitions are unprocessed (up to the last stable offset), and go on otherwise."""
    from collections import defaultdict
    from time import monotonic
    from types import SimpleNamespace

    from streams.faust_ext.consumer import GaplessConsumer
    from streams.faust_ext.gated_consumer import BACKLOG_RECORDS, GatedConsumer

    calls: list[int] = []

    async def faust_commit(self: Any, topics: Any = None, start_new_transaction: bool = True) -> bool:
        calls.append(1)
        return True

    monkeypatch.setattr(GaplessConsumer, "commit", faust_commit)
    from faust.types import TP

    raw, changelog = TP("news.raw", 0), TP("t-changelog", 0)
    ends = {raw: 1_000, changelog: 90_000}
    client = SimpleNamespace(last_stable_offset=ends.get, highwater=lambda tp: None)
    consumer: Any = object.__new__(GatedConsumer)
    consumer._thread = SimpleNamespace(_ensure_consumer=lambda: client)
    consumer.app = SimpleNamespace(topics=SimpleNamespace(acks_enabled_for=lambda t: t == "news.raw"))
    consumer.transport = SimpleNamespace(gate=CommitGate(backlog_interval=0.5))
    consumer.in_transaction = True
    consumer._acked = defaultdict(list)
    consumer._committed_offset = defaultdict(lambda: None, {raw: 100, changelog: 5})
    consumer.last_commit = monotonic()
    # 900 records to go on news.raw (the standby changelog does not count): spaced.
    assert consumer.backlog() == 900 > BACKLOG_RECORDS
    assert run(consumer.commit()) is False and calls == []
    # Processed up to offset 850: 149 to go, the worker keeps up: commits on the interval again.
    consumer._acked[raw].extend([849, 848])
    assert consumer.backlog() == 150
    assert run(consumer.commit()) is True and calls == [1]
    # With a backlog, once the interval has passed since the last commit: committed.
    consumer._acked.clear()
    consumer.last_commit = monotonic() - 0.6
    assert run(consumer.commit()) is True and calls == [1, 1]
    # No stretching with backlog_interval 0, nor under at_least_once.
    consumer.last_commit = monotonic()
    consumer.transport = SimpleNamespace(gate=CommitGate(backlog_interval=0.0))
    assert run(consumer.commit()) is True
    consumer.transport = SimpleNamespace(gate=CommitGate(backlog_interval=0.5))
    consumer.in_transaction = False
    assert run(consumer.commit()) is True and len(calls) == 4

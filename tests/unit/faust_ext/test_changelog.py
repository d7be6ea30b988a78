"""DirectChangelog: store writes at once, changelog records sent by the agent as faust writes them."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiokafka.structs import RecordMetadata, TopicPartition
from faust.serializers import codecs

from streams.faust_ext.changelog import DirectChangelog


class _Store(dict[str, Any]):
    def __init__(self) -> None:
        super().__init__()
        self.persisted: list[tuple[Any, int]] = []

    def set_persisted_offset(self, tp: Any, offset: int) -> None:
        self.persisted.append((tp, offset))


class _Tables:
    def __init__(self) -> None:
        self.on_commit: list[tuple[Any, Any, int]] = []

    def persist_offset_on_commit(self, store: Any, tp: Any, offset: int) -> None:
        self.on_commit.append((store, tp, offset))


class _App:
    def __init__(self, in_transaction: bool) -> None:
        self.in_transaction = in_transaction
        self.tables = _Tables()


class _Topic:
    def get_topic_name(self) -> str:
        return "newsfeed-dedup-index-changelog"


class _Table:
    def __init__(self, in_transaction: bool = True) -> None:
        self.data = _Store()
        self.app = _App(in_transaction)
        self.changelog_topic = _Topic()


class _Producer:
    """Records what is sent; each delivery resolves with the next offset of its partition."""

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[str, bytes, bytes | None, int]] = []
        self.fail = fail

    async def send(self, topic: str, key: bytes, value: bytes | None, partition: int, ts: Any, headers: Any) -> Any:
        self.sent.append((topic, key, value, partition))
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        if self.fail:
            fut.set_exception(RuntimeError("broker said no"))
        else:
            tp = TopicPartition(topic, partition)
            fut.set_result(RecordMetadata(topic, partition, tp, len(self.sent) - 1, -1, 0, 0))
        return fut


def _flush(store: DirectChangelog, producer: _Producer, partition: int) -> None:
    async def go() -> None:
        await store.flush(producer, partition)
        await asyncio.sleep(0)  # delivery callbacks run on the next loop turn

    asyncio.run(go())


def test_writes_reach_the_store_at_once_and_the_changelog_on_flush() -> None:
    table = _Table()
    store = DirectChangelog(table)
    store["a:1"] = {"x": "h1", "ts": 5}
    store["a:2"] = {"x": "h2", "ts": 6}
    del store["a:1"]
    assert dict(table.data) == {"a:2": {"x": "h2", "ts": 6}}
    assert "a:2" in store and "a:1" not in store and len(store) == 1 and list(store) == ["a:2"]
    assert store.pending() == 3
    producer = _Producer()
    _flush(store, producer, 0)
    assert store.pending() == 0
    assert [(t, p) for t, _, _, p in producer.sent] == [("newsfeed-dedup-index-changelog", 0)] * 3
    # faust's json codec (what the table's recovery and standby replicas decode with) reads them back;
    # a deletion is a tombstone.
    json = codecs.get_codec("json")
    decoded = [(json.loads(k), None if v is None else json.loads(v)) for _, k, v, _ in producer.sent]
    assert decoded == [("a:1", {"x": "h1", "ts": 5}), ("a:2", {"x": "h2", "ts": 6}), ("a:1", None)]
    _flush(store, producer, 0)
    assert len(producer.sent) == 3  # nothing pending: nothing sent


@pytest.mark.parametrize("in_transaction", [True, False])
def test_delivered_offsets_are_reported_as_faust_does(in_transaction: bool) -> None:
    table = _Table(in_transaction)
    store = DirectChangelog(table)
    store["k"] = {"v": 1}
    store["k"] = {"v": 2}
    _flush(store, _Producer(), 3)
    tp = TopicPartition("newsfeed-dedup-index-changelog", 3)
    if in_transaction:
        # Under exactly_once the offset is kept once the transaction commits.
        assert table.app.tables.on_commit == [(table.data, tp, 0), (table.data, tp, 1)]
        assert table.data.persisted == []
    else:
        assert table.data.persisted == [(tp, 0), (tp, 1)]
        assert table.app.tables.on_commit == []


def test_a_failed_delivery_is_logged_not_reported(caplog: pytest.LogCaptureFixture) -> None:
    table = _Table()
    store = DirectChangelog(table)
    store["k"] = {"v": 1}
    _flush(store, _Producer(fail=True), 0)
    assert table.app.tables.on_commit == [] and table.data.persisted == []
    assert "changelog delivery failed" in caplog.text

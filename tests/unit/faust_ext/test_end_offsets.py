"""streams.faust_ext.end_offsets: the consumer's end offsets come from the broker, never from a
cached fetch, so table recovery right after an assignment sees a written changelog's real end."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread
from faust.types import TP

from streams.faust_ext.consumer import GaplessConsumer
from streams.faust_ext.end_offsets import BrokerEndOffsets
from streams.faust_ext.gated_consumer import GatedConsumer

CHANGELOG = TP("app-entity-registry-changelog", 0)


class Client:
    """aiokafka's consumer before the partition's first fetch: no cached last stable offset."""

    def __init__(self) -> None:
        self.asked: list[list[TP]] = []

    def last_stable_offset(self, tp: TP) -> None:
        raise AssertionError("the cached offset must not be read")

    async def end_offsets(self, partitions: list[TP]) -> dict[TP, int]:
        self.asked.append(partitions)
        return {tp: 5 for tp in partitions}


class Thread:
    """faust's consumer thread: runs a coroutine function in its own loop."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.calls = 0

    def _ensure_consumer(self) -> Client:
        return self.client

    async def call_thread(self, fun: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        self.calls += 1
        return await fun(*args)


class Consumer(BrokerEndOffsets):
    def __init__(self, thread: Thread) -> None:
        self._thread = thread


def test_end_offsets_are_asked_of_the_broker_in_the_consumer_thread() -> None:
    client = Client()
    thread = Thread(client)
    ends = asyncio.run(Consumer(thread).highwaters(CHANGELOG))
    assert ends == {CHANGELOG: 5}
    assert client.asked == [[CHANGELOG]] and thread.calls == 1


def test_the_worker_consumers_take_the_broker_answer() -> None:
    assert GaplessConsumer.highwaters is BrokerEndOffsets.highwaters
    assert GatedConsumer.highwaters is BrokerEndOffsets.highwaters


def test_faust_still_answers_from_the_latest_fetch_inside_a_transaction() -> None:
    # The gap this mixin closes; if upstream asks the broker, the mixin can go (compat pins it too).
    source = __import__("inspect").getsource(AIOKafkaConsumerThread._highwaters)
    assert "last_stable_offset" in source

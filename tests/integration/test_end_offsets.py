"""End offsets of a transactionally written changelog on the real broker: aiokafka's cached last
stable offset is unknown before a partition's first fetch (what faust's recovery read inside a
transaction), while a ListOffsets request under read_committed gives the end the recovery must reach."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from tests.integration.support import create_one_partition_topic

pytestmark = pytest.mark.integration


async def _scenario(broker: str) -> tuple[int | None, dict[TopicPartition, int], int | None]:
    topic = await create_one_partition_topic(broker, "ends")
    tp = TopicPartition(topic, 0)
    producer = AIOKafkaProducer(bootstrap_servers=broker, transactional_id=f"tx-{topic}")
    await producer.start()
    try:
        for key in (b"a:full", b"a:short"):  # two committed transactions: records at 0 and 2
            async with producer.transaction():
                await producer.send_and_wait(topic, b"{}", key=key)
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(bootstrap_servers=broker, isolation_level="read_committed",
                                enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign([tp])
        consumer.pause(tp)  # as faust's recovery holds a changelog until its plan is built
        cached = consumer.last_stable_offset(tp)
        asked = await consumer.end_offsets([tp])
        consumer.resume(tp)
        await consumer.getmany(tp, timeout_ms=5000)
        after_fetch = consumer.last_stable_offset(tp)
        return cached, asked, after_fetch
    finally:
        await consumer.stop()


def test_the_end_of_a_transactional_changelog_is_known_only_by_asking_before_a_fetch(kafka_broker: str) -> None:
    cached, asked, after_fetch = asyncio.run(_scenario(kafka_broker))
    assert cached is None  # faust's in-transaction answer: recovery read it as an empty changelog
    ((_, end),) = asked.items()
    assert end == 4  # two records and their two commit markers
    assert after_fetch == end

"""require_stable against the real broker: a transaction's offsets are pending until it ends, and
once wait_stable says so the consumer's own (v1-v3) OffsetFetch returns them."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from streams.faust_ext.stable_offsets import wait_stable
from tests.integration.support import create_one_partition_topic

pytestmark = pytest.mark.integration


async def _scenario(broker: str) -> tuple[bool, bool, list[int], list[int]]:
    topic, group = await create_one_partition_topic(broker, "stable"), f"stable-{uuid.uuid4().hex[:10]}"
    tp = TopicPartition(topic, 0)
    producer = AIOKafkaProducer(bootstrap_servers=broker, transactional_id=f"tx-{group}")
    consumer = AIOKafkaConsumer(bootstrap_servers=broker, group_id=group, enable_auto_commit=False)
    await producer.start()
    await consumer.start()
    try:
        # An open transaction holding offsets: not stable until it ends.
        await producer.begin_transaction()
        await producer.send_and_wait(topic, b"x")
        await producer.send_offsets_to_transaction({tp: 1}, group)
        open_stable = await wait_stable(producer.client, group, [tp], timeout=0.5)
        await producer.commit_transaction()
        committed_stable = await wait_stable(producer.client, group, [tp], timeout=10.0)
        expected, fetched = [], []
        for offset in range(2, 32):
            await producer.begin_transaction()
            await producer.send(topic, b"x")
            await producer.send_offsets_to_transaction({tp: offset}, group)
            await producer.commit_transaction()
            # Without this wait about half of these fetches returned the previous offset.
            await wait_stable(producer.client, group, [tp], timeout=10.0)
            expected.append(offset)
            fetched.append(await consumer.committed(tp))
        return open_stable, committed_stable, expected, fetched
    finally:
        await producer.stop()
        await consumer.stop()


def test_offsets_of_an_open_transaction_are_unstable_and_applied_once_stable(kafka_broker: str) -> None:
    open_stable, committed_stable, expected, fetched = asyncio.run(_scenario(kafka_broker))
    assert open_stable is False
    assert committed_stable is True
    assert fetched == expected

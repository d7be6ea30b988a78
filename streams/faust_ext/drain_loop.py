"""faust's consumer drain loop, with verified offset jumps and backpressure per partition.

A copy of ``faust.transport.consumer.Consumer._drain_messages`` (faust-streaming 0.15.x) with the
changes :class:`~streams.faust_ext.consumer.GaplessConsumer` needs (see its module docstring): records
of agents' sources are checked against the expected offset before delivery, a full stream buffer
pauses its partition instead of holding every other one, and a record with room in its buffer is
delivered in place. :mod:`streams.faust_ext.compat` pins a hash of faust's original: when faust changes
it, the worker refuses to start until this copy is reviewed against the new one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, cast

from faust.transport.consumer import CONSUMER_FETCHING
from faust.types import TP

from streams.faust_ext import compat
from streams.faust_ext.backpressure import BACKPRESSURE_POLL_S

if TYPE_CHECKING:
    from streams.faust_ext.consumer import GaplessConsumer


async def drain_messages(consumer: GaplessConsumer, fetcher: Any) -> None:  # pragma: no cover - needs a broker
    """faust's drain loop with verified offset jumps (tests/integration/test_chaos.py covers it)."""
    callback = consumer.callback
    consumer_should_stop = compat.stopped(consumer).is_set
    fetcher_should_stop = compat.stopped(fetcher).is_set
    acks_enabled_for = consumer.app.topics.acks_enabled_for
    commit_every = compat.commit_every(consumer)
    since_yield = 0
    try:
        while not (consumer_should_stop() or fetcher_should_stop()):
            consumer.diag.set_flag(CONSUMER_FETCHING)
            if consumer._backlogged:
                consumer._resume_drained()
            timeout = BACKPRESSURE_POLL_S if consumer._backlogged else 1.0
            ait = cast(AsyncIterator[tuple[TP, Any]], consumer.getmany(timeout=timeout))
            await consumer.sleep(0)  # getmany can return at once, again and again
            if not consumer.should_stop:
                async for tp, message in ait:
                    since_yield += 1
                    if since_yield > 100:
                        await asyncio.sleep(0)  # let health checks and timers run
                        since_yield = 0
                        if consumer._backlogged:
                            consumer._resume_drained()
                    offset = message.offset
                    # Only agents' sources are checked: table changelogs (compacted, read by
                    # the recovery) may hold many holes and are not committed by offset.
                    checked = acks_enabled_for(message.topic)
                    if checked and consumer._settling:
                        consumer._skipped.add(tp)
                        continue  # fetched again once the seek in progress has landed
                    # Only this loop fills the buffers: one with room now still has it below.
                    full = checked and consumer._buffer_full(tp)
                    if checked:
                        if tp in consumer._backlogged:
                            continue  # paused: the rest of its batch is fetched again
                        prev = consumer._expect.get(tp)
                        # Held back only from a known position (it is sought back there); before the
                        # first record of a partition is delivered, a full buffer is waited for.
                        if full and prev is not None:
                            consumer._hold_back(tp)
                            continue
                        if not await consumer._verified(tp, offset):
                            continue
                        if prev is None:
                            consumer._start.setdefault(tp, offset)
                        elif offset > prev:
                            await consumer._add_gap(tp, prev, offset - 1)  # the hole, not the record
                    if commit_every is not None and consumer._n_acked >= commit_every:
                        consumer._n_acked = 0
                        await consumer.commit()
                    if checked and consumer.flow_active and not full:
                        # Room in its stream's buffer and the flow on: the
                        # delivery completes without waiting, so it is awaited in place
                        # rather than raced against the flow's suspension in two new tasks
                        # (which also let every other task run between two records).
                        await callback(message)
                        consumer._expect[tp] = offset + 1
                        compat.read_offsets(consumer)[tp] = offset
                        continue
                    delivery = callback(message)
                    result = await consumer.wait_first(delivery, consumer.suspend_flow.wait())
                    if checked and delivery not in result.done:
                        continue  # flow stopped before the record reached its stream: next one jumps
                    consumer._expect[tp] = offset + 1
                    compat.read_offsets(consumer)[tp] = offset
            consumer.diag.unset_flag(CONSUMER_FETCHING)
    except consumer.consumer_stopped_errors:
        if consumer.transport.app.should_stop:
            consumer.log.info("Broker stopped consumer, shutting down...")
            return
        raise
    except asyncio.CancelledError:
        if consumer.transport.app.should_stop:
            consumer.log.info("Consumer shutting down for user cancel.")
            return
        raise
    except Exception as exc:
        consumer.log.exception("Drain messages raised: %r", exc)
        raise
    finally:
        consumer.diag.unset_flag(CONSUMER_FETCHING)

# -- commits: the contiguous processed run only -----------------------------------------------

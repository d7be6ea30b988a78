"""Exactly-once processing on faust-streaming: what its ``exactly_once`` guarantee leaves out.

Faust keeps one transactional producer per assigned (topic group, partition) and commits a
partition's consumed offsets in the transaction of that partition's producer. Three gaps make that
lose or double records (and, in a multi-stage topology like ours, stall):

1. **Routing by destination.** Faust picks the transaction of a produced record from the record's
   *destination* partition. A record sent to a topic of another group (``news.raw`` ->
   ``<app>.prepared``) lands in a transaction that is only committed when that other partition's
   offsets move, so with read_committed consumers the pipeline stalls, and an output is never atomic
   with the offset of the input that caused it. :class:`SourceRoutedTransactions` routes every record
   sent while an event is processed to the transaction of the event's *source* partition, as Kafka
   Streams does with one producer per task.
2. **Commits in the middle of an event.** Faust's commit timer runs whenever the event loop is free,
   also while an agent is between two sends of one event: the outputs already sent would be
   committed without the event's offset, and a crash right after would produce them again.
   :class:`CommitGate` makes commits wait until no event is being processed (and holds new events
   back while a commit is pending, so a busy stream cannot starve it).
3. **Buffered changelog writes.** Table changelog records wait in faust's producer buffer; a commit
   could take the event's offset while its changelog record is still in the buffer. The gated commit
   drains the buffer first.

Use: ``install(app, gate)`` before the app declares topics; wrap each event's handling (from its first
send to its ack) in ``async with gate.processing(topic, partition)``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, cast

from faust.transport.consumer import TransactionManager
from faust.transport.drivers import aiokafka as faust_aiokafka

from streams.faust_ext import compat
from streams.faust_ext.commit_gate import CommitGate
from streams.faust_ext.gated_consumer import GatedConsumer


class SourceRoutedTransactions(TransactionManager):
    """Faust's transaction manager, but records go to the transaction of the event's source partition."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tids: dict[tuple[str, int], str] = {}  # source partition -> transactional id

    async def send(
        self,
        topic: str,
        key: bytes | None,
        value: bytes | None,
        partition: int | None,
        timestamp: float | None,
        headers: Any,
        *,
        transactional_id: str | None = None,
    ) -> Any:
        source = cast(NewsfeedTransport, self.transport).gate.source.get()
        if source is None:
            # Outside an event (table changelog writes drained from the producer buffer): faust's own
            # routing, which for a table's changelog is the transaction of the partition it mirrors.
            return await super().send(topic, key, value, partition, timestamp, headers)
        tid = self._tids.get(source)
        if tid is None:
            # Cached per source partition until the next rebalance (a string format per record otherwise).
            tid = self._tids[source] = compat.transaction_id_for(self.app, *source)
        p = self.consumer.key_partition(topic, key, partition)
        return await self.producer.send(topic, key, value, p, timestamp, headers, transactional_id=tid)


    async def on_partitions_revoked(self, revoked: Any) -> None:
        """Flush, and make the table recovery after the rebalance start from the changelog's start.

        What was sent since the last commit is aborted when the producers are replaced in
        :meth:`on_rebalance` (faust has already forgotten the acked offsets of the revoked
        partitions by now, so committing here would commit outputs whose inputs are read again)."""
        await super().on_partitions_revoked(revoked)
        # Faust remembers the last changelog offset it wrote and, for a partition this worker keeps,
        # compares it with a highwater it may not know yet right after the rebalance (-1):
        # ConsistencyError. Forgetting the offset makes the recovery read the changelog from the
        # start onto the same data. (Known gap: in-memory table writes of the aborted transaction
        # stay in the table; for the dedup index that can only make a re-read record "first seen".)
        recovery = compat.table_recovery(self.app)
        for tp in [tp for tp in recovery.active_offsets if tp.topic.endswith("-changelog")]:
            del recovery.active_offsets[tp]

    async def on_rebalance(self, assigned: Any, revoked: Any, newly_assigned: Any) -> None:
        """Fresh transactional producers for the new assignment.

        Rebalances are eager: every partition was revoked and processing stopped before this runs.
        Faust keeps the producer of a partition group that moved to another worker; that worker's
        producer fences it, and when the partition comes back faust reuses the fenced producer (then
        drops it), so sends and commits fail. Closing every producer and starting one per assigned
        partition group makes each new producer fence whatever an earlier owner left open (its
        transaction is aborted, and its records are processed again from the committed offsets)."""
        producer = self.producer
        self._tids.clear()  # topic groups are assigned anew
        # Records acked since the commit at revocation belong to transactions aborted below; the
        # partitions are read again from the committed offsets.
        consumer = self.consumer
        if isinstance(consumer, GatedConsumer):
            consumer.forget_acks()
        for tid in list(compat.transaction_producers(producer)):
            await producer.stop_transaction(tid)
        tids = sorted(compat.transactional_ids(self, assigned))
        if tids:
            self.log.info("Starting %d transactional producers for %d assigned partitions", len(tids), len(assigned))
            await compat.start_transactions(self, tids)


class ConcurrentCommitProducer(faust_aiokafka.Producer):
    """faust's producer, ending the transactions of one commit concurrently instead of in turn.

    Each transaction costs broker round trips (its offsets, then EndTxn once its records are
    acknowledged) and a worker holds one per assigned partition group; the :class:`CommitGate` holds
    every new event back until the last one has ended, so in turn they add up to a stall of every
    stage (0.1-0.7 s seen with five of them on a loaded 2-core machine). Each transaction has its own
    producer and connection; they are independent."""

    async def commit_transactions(
        self,
        tid_to_offset_map: Mapping[str, Mapping[Any, int]],
        group_id: str,
        start_new_transaction: bool = True,
    ) -> None:
        """Commit each transaction in its own task; the first error is raised once all have ended."""
        commit = super().commit_transactions
        results = await asyncio.gather(
            *(commit({tid: offsets}, group_id, start_new_transaction) for tid, offsets in tid_to_offset_map.items()),
            return_exceptions=True,
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result


class NewsfeedTransport(faust_aiokafka.Transport):
    """faust's aiokafka transport with the gated consumer and source-routed transactions."""

    Consumer = GatedConsumer
    Producer = ConcurrentCommitProducer
    TransactionManager = SourceRoutedTransactions

    def __init__(self, url: Any, app: Any, gate: CommitGate) -> None:
        super().__init__(url, app)
        self.gate = gate


def install(app: Any, gate: CommitGate) -> None:
    """Give ``app`` a transport whose consumer and transaction manager use ``gate``."""
    app.transport = NewsfeedTransport(app.conf.broker_consumer, app, gate)


"""The worker's consumer under exactly_once: commits gated, paced and held as transactions need.

:class:`GatedConsumer` adds to :class:`~streams.faust_ext.consumer.GaplessConsumer` what the
transactional commit needs: commits pass through the :class:`~streams.faust_ext.commit_gate.CommitGate`
(never in the middle of an event) with the producer's buffer drained first, are spaced while the
worker works off a backlog, hold back a transaction one of whose partitions has a record passed
over, and come before faust forgets the acks of revoked partitions; a seek after a rebalance waits
for stable committed offsets.
"""

from __future__ import annotations

import asyncio
from time import monotonic
from typing import Any

from streams.faust_ext import compat
from streams.faust_ext.consumer import GaplessConsumer
from streams.faust_ext.stable_offsets import wait_stable

# Records not yet processed on a worker's source partitions above which it counts as working off a
# backlog (see GatedConsumer.commit): ~0.4 s of work for one process without NER, far above what
# arrives between two commits in real time (~25 records at 250 articles/s and 0.1 s), so a worker
# that keeps up never stretches its commits.
BACKLOG_RECORDS = 200

# How long a seek after a rebalance waits for the group's committed offsets to be stable: pending
# commits of a graceful hand-over take milliseconds to apply; one of a crashed owner stays pending
# until the new owner's producer fences it, which happens before the seek. Past this the seek goes
# on with what the coordinator has (faust's own recovery allows the seek broker_request_timeout).
STABLE_OFFSETS_WAIT_S = 10.0


class GatedConsumer(GaplessConsumer):
    """aiokafka consumer whose commits pass through the :class:`CommitGate` and drain the buffer first."""

    _held: frozenset[str] = frozenset()
    last_commit: float = 0.0  # monotonic time the last commit ended

    def has_uncommitted(self) -> bool:
        """Whether some processed record's offset is not committed yet."""
        return any(compat.acked(self).values())

    async def commit(self, topics: Any = None, start_new_transaction: bool = True) -> bool:
        """The commit timer's and commit-when-idle's commit: under exactly_once, while the worker
        works off a backlog, at most every ``gate.backlog_interval`` seconds.

        Each commit ends every transaction of the worker (its offsets, then EndTxn, and the
        broker's markers on every partition written): ~10% of the throughput without NER at
        0.1 s. With a backlog, an article's latency is its wait in the queue, so committing less
        often costs it nothing and the backlog goes faster; a worker that keeps up commits on the
        interval (or when idle) as before. Commits at a rebalance do not come through here."""
        gap = compat.commit_gate(self).backlog_interval
        if (gap > 0 and self.in_transaction and monotonic() - self.last_commit < gap
                and self.backlog() > BACKLOG_RECORDS):
            return False
        return bool(await super().commit(topics, start_new_transaction))

    def backlog(self) -> int:
        """Records of the worker's source partitions not processed yet: up to the last stable
        offset (read_committed) or the highwater, from one past the last processed record."""
        try:
            client = compat.aiokafka_consumer(self)
        except Exception:  # being replaced (rebalance, stop)
            return 0
        total = 0
        for tp in set(compat.acked(self)) | {tp for tp, c in compat.committed_offsets(self).items() if c is not None}:
            if not self.app.topics.acks_enabled_for(tp.topic):
                continue
            try:
                end = client.last_stable_offset(tp)
                if end is None or end < 0:
                    end = client.highwater(tp)
            except Exception:  # no longer assigned
                continue
            acked = compat.acked(self).get(tp)
            done = max(acked) + 1 if acked else compat.committed_offsets(self).get(tp)
            if end is not None and done is not None and end > done:
                total += end - done
        return total

    def _new_offset(self, tp: Any) -> int | None:
        """Under exactly_once, nothing for the partitions of a transaction that is held back."""
        if self._held and compat.transaction_id_for(self.app, tp.topic, tp.partition) in self._held:
            return None
        return super()._new_offset(tp)

    async def force_commit(self, topics: Any = None, start_new_transaction: bool = True) -> bool:
        async with compat.commit_gate(self).committing():
            if self.in_transaction:
                # A transaction holds the outputs of every partition it covers (same number, one
                # topic group: e.g. news.raw[1] and <app>.unique[1]). While one of them has a record
                # passed over (fetched again by refetch_holes), committing the transaction through
                # the others would publish outputs of records after the hole without their offsets,
                # and a crash would produce them again: hold the whole transaction back.
                self._held = frozenset(
                    compat.transaction_id_for(self.app, tp.topic, tp.partition) for tp in list(compat.acked(self))
                    if self._run(tp) is not None and tp in self._holes
                )
                # Changelog records of the events processed so far must join this transaction.
                await self.app.producer.buffer.flush()
                for _ in range(3):  # let a record the buffer task has just taken reach its producer
                    await asyncio.sleep(0)
            try:
                committed = bool(await super().force_commit(topics, start_new_transaction=start_new_transaction))
            finally:
                self._held = frozenset()
                self.last_commit = monotonic()
        await self.refetch_holes()
        return committed

    async def perform_seek(self) -> None:
        """Seek to the committed offsets (after a rebalance), once no transaction holds them pending.

        Right after a transactional commit the coordinator may still return the previous offsets
        (see :mod:`streams.faust_ext.stable_offsets`); seeking there would read committed records again."""
        async with self.settling():  # nothing delivered from the old positions meanwhile
            if self.in_transaction:
                producers = compat.transaction_producers(self.app.producer)
                client = next((p.client for p in producers.values()), None)
                if client is not None:  # a main-loop client (the consumer's own runs in its thread)
                    tps = [tp for tp in self.assignment() if self.app.topics.acks_enabled_for(tp.topic)]
                    await wait_stable(client, self.app.conf.id, tps, STABLE_OFFSETS_WAIT_S)
            await super().perform_seek()

    async def on_partitions_revoked(self, revoked: Any) -> None:
        """Commit what was processed before faust forgets it, then let faust revoke.

        Faust drops the acked offsets of revoked partitions before its own revocation handler runs
        (which waits for the agents and flushes); a transaction committed after that, through
        another partition's offsets, would carry outputs whose inputs are read again. So commit
        here first, as Kafka Streams commits before giving partitions up. What is still processed
        after this commit is aborted when the producers are replaced (:meth:`on_rebalance`)."""
        if revoked and self.in_transaction:
            await self.force_commit()  # gated, buffer drained: the same commit as the timer's
        await super().on_partitions_revoked(revoked)

    async def on_partitions_assigned(self, assigned: Any, generation_id: int = 0) -> None:
        """Start the new assignment without acks left over from the previous one.

        Faust forgets the acks of revoked partitions when they are revoked, but events still in
        flight then ack afterwards; those offsets (possibly beyond records that are read again from
        the committed offset) must not be committed."""
        self.forget_acks()
        await super().on_partitions_assigned(assigned, generation_id)

    def forget_acks(self) -> None:
        """Drop every acked-but-uncommitted offset (their outputs are being aborted)."""
        compat.acked(self).clear()
        compat.acked_index(self).clear()
        compat.gaps(self).clear()
        self._holes.clear()

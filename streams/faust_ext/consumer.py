"""A faust consumer that commits only records that were processed.

faust-streaming's consumer can commit offsets of records no agent processed (found by the kill -9
and rebalance chaos tests: up to a few hundred ``news.raw`` records lost per run):

1. A stream skips the records it reads while the app's flow control is suspended or whose consumer
   generation is stale (around a rebalance or the start-up recovery), and *acks* them "so that the
   lag does not grow".
2. ``Consumer.getmany`` leaves the rest of a fetched batch behind when the generation changes or the
   flow stops mid-batch, and skips records of partitions not active at that moment; the fetch
   position has moved past them.
3. ``Consumer._drain_messages`` then sees the next record several offsets ahead and records the hole
   as a "gap", *including* the record that arrives; the commit rule counts gaps as processed, and
   lets one missing record at the committed offset pass.

Kafka Streams never commits past a record it has not processed. This consumer keeps that promise:

* acks of records a stream skipped are refused (they are the untracked ones acked while the skip
  condition holds);
* records of a batch that were not delivered are fetched again (seek back to the first of them);
* an offset jump is verified before it is believed. The fetcher vouches for most jumps: within one
  fetch, and between the position a fetch started from and its first record, the offsets it passed
  over hold no deliverable record (transaction markers, aborted records). Any other jump makes the
  partition seek back to the expected offset once, and only when the same jump comes back are the
  offsets in between recorded as a gap: the hole, not the record;
* the committed offset is one past the contiguous run of processed records and verified gaps that
  starts at the last committed offset; a record passed over below processed ones is fetched again.

Delivery to the streams, and backpressure per partition. faust hands each record over by racing
its delivery against the flow's suspension in two new tasks, which also lets every other task run
between two records: a fetch's records trickled out one per event-loop turn, interleaved with the
agents' events, and the partitions whose fetches carry many records (``news.raw``) were served far
more often than the single-partition dedup hop (~6 raw records per prepared one; the dedup hop
received ~70 records/s while ``prepare`` ran, ~600/s once it had finished). Here a record whose
stream has room in its buffer is handed over in place (that cannot wait). A full buffer is not
waited for either, which would hold every other partition's records behind the slow stream (the
dedup hop behind the NER's): the partition is paused, the rest of its batch fetched again, and it
resumes once the buffer is half empty, as Kafka Streams pauses a partition whose buffer holds
``buffered.records.per.partition`` records.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from time import monotonic
from typing import Any

from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP

from streams.faust_ext import compat
from streams.faust_ext.backpressure import PartitionBackpressure
from streams.faust_ext.drain_loop import drain_messages
from streams.faust_ext.end_offsets import BrokerEndOffsets
from streams.faust_ext.fetch_gaps import PassedOverOffsets
from streams.faust_ext.stall_watch import StallWatch

# A hole (a record passed over while later ones were processed) is fetched again at most this often:
# the re-fetched record needs a moment to come back through the fetcher and the agent.
HOLE_RETRY_S = 5.0


class GaplessConsumer(
    BrokerEndOffsets, PartitionBackpressure, PassedOverOffsets, StallWatch, faust_aiokafka.Consumer
):
    """faust's aiokafka consumer whose commits never pass over an unprocessed record."""

    # Seeks to the committed offsets in progress (perform_seek): no source record is delivered
    # meanwhile (see :meth:`settling`).
    _settling = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Next offset each partition must deliver (absent: unknown, e.g. before the first seek).
        self._expect: dict[TP, int] = {}
        # First offset delivered while nothing was committed yet: where the commit run starts.
        self._start: dict[TP, int] = {}
        # The one jump per partition that was sent back for verification: (expected, arrived).
        self._jump: dict[TP, tuple[int, int]] = {}
        self._holes: dict[TP, int] = {}
        self._hole_seeks: dict[TP, tuple[int, float]] = {}
        self._fetched: Mapping[TP, list[Any]] | None = None
        # Offsets the fetcher passed over: start -> end (exclusive) of ranges holding no record to
        # deliver. Facts about the log, true whatever happens next; dropped once committed past.
        self._passed_over: dict[TP, dict[int, int]] = {}
        # Per partition: seeks so far, and (fetch position, seeks then) after the last fetch.
        self._seeks: dict[TP, int] = {}
        self._fetch_end: dict[TP, tuple[int, int]] = {}
        self.refetches = 0  # times a partition was sought back to a record not processed
        self._backlogged: set[TP] = set()  # paused by PartitionBackpressure
        # Per partition: (offset of the last record of its latest fetch, fetch position after it).
        self._tails: dict[TP, tuple[int, int]] = {}
        # Offset of the last record of each latest fetch, also one made while a seek was under way
        # (_tails keeps settled fetches only): StallWatch's "every fetched record was delivered".
        self._last_fetched: dict[TP, int] = {}
        self.backpressure_pauses = 0
        self._skipped: set[TP] = set()  # partitions whose records were fetched while settling
        self._stall_seen: dict[TP, tuple[int, float]] = {}  # see StallWatch
        self._commit_seen: dict[TP, tuple[int, float]] = {}  # see StallWatch
        self._quiet_checked: dict[TP, tuple[int, int]] = {}  # see StallWatch
        self._unwatched: tuple[float, bool] | None = None  # see StallWatch
        self.stalls = 0  # source partitions fetched again by StallWatch

    # -- where the position is known ------------------------------------------------------------
    async def seek(self, partition: TP, offset: int) -> None:
        """Seek, remembering the offset the partition must deliver next."""
        self._seeks[partition] = self._seeks.get(partition, 0) + 1
        await super().seek(partition, offset)
        self._expect[partition] = offset
        self._seeks[partition] += 1  # before and after: a fetch returning meanwhile is unsettled

    async def _seek(self, partition: TP, offset: int) -> None:
        """aiokafka's seek, run in the consumer's own thread.

        faust calls it from the app's thread, where it deletes the partition's buffered fetch result
        while the consumer thread may be iterating over them: a KeyError that crashes the fetcher
        (seen when a worker left the group mid-stream). Run in the thread's loop, between its awaits,
        it cannot interleave with the fetch."""
        thread = compat.consumer_thread(self)
        if thread.started and not thread.should_stop and not thread.crashed:
            await thread.call_thread(thread.seek, partition, offset)  # sync is fine (maybe_async)
        else:
            thread.seek(partition, offset)

    async def seek_wait(self, partitions: Mapping[TP, int]) -> None:
        """faust's seek_wait, counted as seeks (it bypasses :meth:`seek`)."""
        for tp in partitions:
            self._seeks[tp] = self._seeks.get(tp, 0) + 1
        await super().seek_wait(partitions)
        for tp in partitions:
            self._seeks[tp] = self._seeks.get(tp, 0) + 1

    @asynccontextmanager
    async def settling(self) -> AsyncIterator[None]:
        """A region in which records of the agents' sources are fetched but not delivered.

        faust's recovery resumes the source partitions and *then* seeks them to their committed
        offsets (Recovery.on_recovery_completed), so records fetched from the position the consumer
        had (its own, possibly stale, committed-offset fetch) reached the agents while the seek was
        on its way; the seek then moved the expected offset back below them, the next record looked
        like a jump, and the records were fetched and processed again: published twice under
        exactly_once (the rebalance chaos test, 1 run in ~8). What is fetched meanwhile is fetched
        again afterwards, from the offset each partition must deliver next."""
        self._settling += 1
        try:
            yield
        finally:
            self._settling -= 1
            if not self._settling and self._skipped:
                skipped, self._skipped = self._skipped, set()
                for tp in skipped:
                    expected = self._expect.get(tp)
                    if expected is not None:
                        await self._refetch(tp, expected, "records fetched during the seek were held back")

    async def perform_seek(self) -> None:
        """Seek every partition to its committed offset, remembering them.

        aiokafka seeks only to committed offsets above 0: a source partition with nothing committed
        (a new group) kept the position its fetcher had reached, past records fetched but never
        processed (around the start-up rebalance), and they were lost, ahead of the first record
        processed (seen with a dedup process that joined before the prepare processes: the first
        record of <app>.prepared had no output). Those partitions are sought to their start here."""
        async with self.settling():
            for tp in self.assignment():
                self._seeks[tp] = self._seeks.get(tp, 0) + 1
            await super().perform_seek()
            uncommitted = [tp for tp in self.assignment()
                           if self.app.topics.acks_enabled_for(tp.topic) and not compat.committed_offsets(self).get(tp)]
            if uncommitted:
                for tp, start in (await self.earliest_offsets(*uncommitted)).items():
                    if start is not None:
                        await super().seek(tp, start)
                        self._expect[tp] = start
            for tp, offset in compat.committed_offsets(self).items():
                if offset is not None:
                    self._expect[tp] = offset
                self._seeks[tp] = self._seeks.get(tp, 0) + 1

    async def on_partitions_revoked(self, revoked: Any) -> None:
        """Forget the positions of revoked partitions (a new owner starts from the commit).

        Also forgets every backpressure pause: faust pauses the whole assignment for the rebalance
        and resumes it once the tables are recovered; resuming one earlier would let a stream run
        on tables not recovered yet."""
        self._backlogged.clear()
        for tp in revoked:
            for table in (self._expect, self._start, self._jump, self._holes, self._hole_seeks,
                          self._passed_over, self._fetch_end, self._tails, self._last_fetched):
                table.pop(tp, None)
        await super().on_partitions_revoked(revoked)

    def committed_offsets(self) -> dict[tuple[str, int], int]:
        """The last committed offset of each assigned partition: ``(topic, partition) -> offset``."""
        return {(tp.topic, tp.partition): o for tp, o in list(compat.committed_offsets(self).items()) if o is not None}

    async def _refetch(self, tp: TP, offset: int, why: str, *args: Any) -> None:
        if tp in self.assignment() and not self.should_stop:
            self.log.info("Fetching %s again from offset %d: " + why, tp, offset, *args)
            self.refetches += 1
            await self.seek(tp, offset)

    # -- acks: only processed records -----------------------------------------------------------
    def ack(self, message: Any) -> bool:
        """Ack a processed record; refuse the acks faust gives the records its streams skip.

        A stream marks a record ``tracked`` before handing it to the agent; the records it skips
        (flow control suspended, stale generation) are acked untracked, in the same step."""
        skipped = message.generation_id != self.app.consumer_generation_id or not self.app.flow_control.is_active()
        if skipped and not message.tracked:
            return False
        return bool(super().ack(message))

    # -- getmany: nothing fetched is left behind --------------------------------------------------
    async def _wait_next_records(self, timeout: float) -> Any:
        seeks = dict(self._seeks)
        records, active = await super()._wait_next_records(timeout)
        self._fetched = records
        for tp, batch in (records or {}).items():
            # A seek while the fetch was on its way leaves its start and end unknown.
            settled = self._seeks.get(tp, 0) == seeks.get(tp, 0)
            self._note_fetch(tp, [r.offset for r in batch], self._fetch_position(tp) if settled else None, settled)
        return records, active

    async def getmany(self, timeout: float) -> AsyncIterator[tuple[TP, Any]]:
        """faust's getmany; afterwards, partitions whose records were not all delivered are sought
        back to the first record left behind, so that it is fetched again."""
        self._fetched = None
        last: dict[TP, int] = {}
        async for tp, message in super().getmany(timeout):
            last[tp] = message.offset
            yield tp, message
        fetched, self._fetched = self._fetched, None
        if fetched and self._settling:
            self._skipped.update(tp for tp in fetched if self.app.topics.acks_enabled_for(tp.topic))
        if not fetched or not self.flow_active or self.should_stop or self._settling:
            return  # a stopped flow (or a seek in progress) is sought back to the committed offsets
        for tp, records in fetched.items():
            expected = self._expect.get(tp)
            # Delivered records moved the expected offset past them; what is left was not delivered
            # (left behind by getmany, or held back by a jump check, which has sought already).
            first_needed = expected if expected is not None else last.get(tp, -1) + 1
            left = [r.offset for r in records if r.offset >= first_needed]
            if left and tp in self._backlogged and expected is not None:
                # Held back by backpressure: no hole, nothing to report; read again after the resume.
                await self.seek(tp, expected)
            elif left and self._jump.get(tp, (None,))[0] != expected:
                await self._refetch(tp, first_needed if expected is not None else left[0],
                                    "%d fetched records were not delivered", len(left))

    # -- the drain loop: jumps are verified, not assumed ------------------------------------------
    async def _verified(self, tp: TP, offset: int) -> bool:
        """Whether the record at ``offset`` may be delivered now (seeks back when it may not)."""
        expected = self._expect.get(tp)
        if expected is None or offset == expected:
            self._jump.pop(tp, None)
            return True
        if offset < expected:
            return False  # delivered before (a seek went back); faust drops these too
        if self._is_passed_over(tp, expected, offset):
            self._jump.pop(tp, None)
            return True
        pending = self._jump.get(tp)
        if pending is not None and pending[0] == expected:
            if offset == pending[1]:
                # Seen twice from the same position: the offsets between hold no deliverable record.
                del self._jump[tp]
                return True
            if offset > pending[1]:
                return False  # rest of the batch that raised the check: fetched again after the seek
        self._jump[tp] = (expected, offset)
        await self._refetch(tp, expected, "offset jump to %d", offset)
        return False

    async def _drain_messages(self, fetcher: Any) -> None:  # pragma: no cover - needs a broker
        """faust's drain loop with verified offset jumps (:func:`streams.faust_ext.drain_loop.drain_messages`)."""
        await drain_messages(self, fetcher)

    async def _add_gap(self, tp: TP, offset_from: int, offset_to: int) -> None:
        """Record offsets ``offset_from..offset_to`` (inclusive) as holding nothing to process."""
        committed = compat.committed_offsets(self)[tp]
        if committed is not None:
            offset_from = max(offset_from, committed)  # faust clamps to committed + 1: one too far
        if offset_from <= offset_to:
            gaps = compat.gaps(self)[tp]
            gaps.addi(offset_from, offset_to + 1)
            gaps.merge_overlaps()

    def _run(self, tp: TP) -> tuple[int, int] | None:
        """``(start, end)``: the committed offset and one past the run of processed records and
        verified gaps that starts there; records a hole at ``end`` when records after it were
        processed (it was passed over). None when nothing was processed."""
        acked = compat.acked(self)[tp]
        if not acked:
            return None
        index = compat.acked_index(self)[tp]
        gaps = compat.gaps(self)[tp]
        committed = compat.committed_offsets(self)[tp]
        start = committed if committed is not None else self._start.get(tp, min(acked))
        pos = start
        while True:
            if pos in index:
                pos += 1
                continue
            covering = gaps.at(pos)
            if not covering:
                break
            pos = max(interval.end for interval in covering)
        if pos <= max(acked):
            self._holes[tp] = pos
        else:
            self._holes.pop(tp, None)
        return start, pos

    def _new_offset(self, tp: TP) -> int | None:
        """The offset to commit for ``tp``: one past the run of processed records and verified gaps
        that starts at the committed offset (None when the run has not grown)."""
        run = self._run(tp)
        if run is None or run[1] == run[0]:
            return None
        pos = run[1]
        acked = compat.acked(self)[tp]
        acked[:] = [o for o in acked if o >= pos]
        compat.acked_index(self)[tp].intersection_update(acked)
        if compat.gaps(self)[tp]:
            compat.gaps(self)[tp].chop(0, pos)
        vouched = self._passed_over.get(tp)
        if vouched:
            for start in [o for o in vouched if o < pos]:
                del vouched[start]
        return pos

    async def refetch_holes(self) -> None:
        """Fetch again every record that was passed over while later ones were processed."""
        now = monotonic()
        for tp, offset in list(self._holes.items()):
            last = self._hole_seeks.get(tp)
            if last is not None and last[0] == offset and now - last[1] < HOLE_RETRY_S:
                continue
            self._hole_seeks[tp] = (offset, now)
            await self._refetch(tp, offset, "it was passed over unprocessed")

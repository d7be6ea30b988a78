"""A watch on the source partitions: one that has records waiting but delivers none is fetched again.

A mixin of :class:`streams.faust_ext.consumer.GaplessConsumer` (which keeps ``_stall_seen`` in its
``__init__``), run from the worker's heartbeat. The consumer's own rules (verified jumps, holes,
backpressure, seeks around rebalances) each end by fetching a partition again from the offset it must
deliver next; should one of them ever leave a partition neither delivering nor paused for a reason,
its records would wait forever behind a worker that looks healthy, and with them, under exactly_once,
the transaction of its partition group. Kafka Streams' consumer cannot get into that state; this
watch turns it into a delay of :data:`STALL_AFTER_S`, with one warning that gives the partition's state
(to find the rule at fault) and a count in ``newsfeed_partition_stalls_total``.

It watches a second sign too: a partition whose commit has not moved for :data:`STALL_AFTER_S` although
records past it were delivered, with none of them in flight (no record of it unacked, its streams'
buffers empty). A record delivered and then dropped unacked (a stream skips the records it holds when
the flow stops) holds the commit back for good, while the delivery position looks current. That
partition is fetched again from its committed offset; the records handled since are skipped by the
worker's redelivery guard, the dropped ones processed.
"""

from __future__ import annotations

from time import monotonic
from typing import Any

from faust.types import TP

from streams.faust_ext import compat

# A source partition is stalled when its next offset to deliver has not moved for this long while
# records wait past it. A record with room in its stream's buffer is delivered within one fetch (well
# under a second, even on a loaded machine); a full buffer pauses the partition (not a stall); a
# rebalance, a table recovery or a seek in progress is not watched. So 30 s of no delivery means no
# rule is going to deliver the records, yet is short next to what a consumer of the outputs tolerates.
STALL_AFTER_S = 30.0
# The watch itself switched off (rebalance, recovery, seek, stopped flow) this long is worth a
# warning: a rebalance with table recovery takes seconds here, a minute only when something hangs.
UNWATCHED_WARN_S = 2 * STALL_AFTER_S


class StallWatch:
    """Mixin for a faust consumer: :meth:`watch_stalls` fetches stalled source partitions again."""

    # Set by the consumer (annotations only: nothing here may shadow faust's own attributes).
    app: Any
    log: Any
    flow_active: bool
    should_stop: bool
    _settling: int
    _expect: dict[TP, int]
    _jump: dict[TP, tuple[int, int]]
    _backlogged: set[TP]
    # Per source partition: (next offset to deliver when last seen moving, when that was).
    _stall_seen: dict[TP, tuple[int, float]]
    # Per source partition: (committed offset when last seen moving, when that was).
    _commit_seen: dict[TP, tuple[int, float]]
    # Per source partition: the (position, end offset) last read again with nothing fetched since its seek.
    _quiet_checked: dict[TP, tuple[int, int]]
    # Since when the watch has been switched off (None: watching), and whether that was reported.
    _unwatched: tuple[float, bool] | None
    stalls: int
    assignment: Any
    highwaters: Any
    resume_partitions: Any
    seek: Any
    _fetch_position: Any
    _last_fetched: dict[TP, int]
    _buffers: Any

    def _why_not_watching(self) -> str:
        """Why the partitions are not expected to deliver now ("" when they are)."""
        reasons = [
            ("flow stopped", not self.flow_active), ("stopping", self.should_stop),
            ("seek under way", bool(self._settling)), ("rebalancing", self.app.rebalancing),
            ("tables recovering", not compat.tables_recovered(self.app)),
        ]
        return ", ".join(name for name, on in reasons if on)

    def _note_unwatched(self, why: str, now: float) -> None:
        """Warn once when the watch has been off for :data:`UNWATCHED_WARN_S` (a hang elsewhere)."""
        if not why:
            self._unwatched = None
            return
        if self._unwatched is None:
            self._unwatched = (now, False)
        elif not self._unwatched[1] and now - self._unwatched[0] >= UNWATCHED_WARN_S:
            self._unwatched = (self._unwatched[0], True)
            self.log.warning("no source partition watched for stalls for %.0f s: %s", now - self._unwatched[0], why)

    async def watch_stalls(self, now: float | None = None) -> list[TP]:
        """Fetch again, from the offset each must deliver next, the source partitions that have
        delivered nothing for :data:`STALL_AFTER_S` while records wait past it; returns them."""
        now = monotonic() if now is None else now
        why = self._why_not_watching()
        self._note_unwatched(why, now)
        if why:
            self._stall_seen.clear()  # a rebalance or recovery restarts every clock
            self._commit_seen.clear()
            return []
        sources = {tp for tp in self.assignment() if self.app.topics.acks_enabled_for(tp.topic)}
        for clock in (self._stall_seen, self._commit_seen, self._quiet_checked):
            for tp in set(clock) - sources:
                del clock[tp]
        stuck = self._stuck_commits(sources, now)
        suspects: list[tuple[TP, int]] = []
        for tp in sources:
            position = self._expect.get(tp)
            seen = self._stall_seen.get(tp)
            if position is None or tp in self._backlogged or seen is None or seen[0] != position:
                self._stall_seen[tp] = (position if position is not None else -1, now)
            elif now - seen[1] >= STALL_AFTER_S:
                suspects.append((tp, position))
        ends: dict[TP, int] = {}
        if suspects:
            try:
                # Under read_committed these are the last stable offsets: records a consumer may read.
                ends = await self.highwaters(*(tp for tp, _ in suspects))
            except Exception as exc:  # e.g. a rebalance began: the next heartbeat looks again
                self.log.info("end offsets of %d quiet partitions not read: %r", len(suspects), exc)
        waiting: list[tuple[TP, int]] = []
        for tp, position in suspects:
            end = ends.get(tp)
            if end is None or end <= position:
                self._stall_seen[tp] = (position, now)
            elif self._read_to(tp, position, end):
                self._stall_seen[tp] = (position, now)
                await self._read_again_once(tp, position, end)
            else:
                waiting.append((tp, position))
        fetched: list[TP] = []
        for tp, position in waiting:
            quiet = now - self._stall_seen[tp][1]
            await self._fetch_again(tp, position, now, f"it delivered nothing for {quiet:.0f} s with records "
                                    f"waiting up to offset {ends[tp]}")
            fetched.append(tp)
        for tp, offset in stuck:
            if tp not in fetched:
                quiet = now - self._commit_seen[tp][1]
                await self._fetch_again(tp, offset, now, f"its commit did not move for {quiet:.0f} s at offset "
                                        f"{offset}, past it records delivered and none in flight")
                fetched.append(tp)
        return fetched

    def _stuck_commits(self, sources: set[TP], now: float) -> list[tuple[TP, int]]:
        """The partitions whose commit has not moved for :data:`STALL_AFTER_S` although records past it
        were delivered and none of them is in flight: ``(partition, committed offset)``."""
        committed = compat.committed_offsets(self)
        in_flight = {(m.tp.topic, m.tp.partition) for m in list(compat.unacked_messages(self))}
        stuck: list[tuple[TP, int]] = []
        for tp in sources:
            offset, position = committed.get(tp), self._expect.get(tp)
            busy = ((tp.topic, tp.partition) in in_flight or tp in self._backlogged
                    or any(q.qsize() for q in self._buffers(tp)))
            if offset is None or position is None or position <= offset or busy:
                self._commit_seen.pop(tp, None)
                continue
            seen = self._commit_seen.get(tp)
            if seen is None or seen[0] != offset:
                self._commit_seen[tp] = (offset, now)
            elif now - seen[1] >= STALL_AFTER_S:
                stuck.append((tp, offset))
        return stuck

    async def _fetch_again(self, tp: TP, offset: int, now: float, why: str) -> None:
        """Fetch ``tp`` again from ``offset``, with a warning saying ``why`` and the partition's state."""
        self.log.warning("%s stalled: %s; fetching it again from offset %d (%s)", tp, why, offset, self._state(tp))
        self.stalls += 1
        self._jump.pop(tp, None)
        self.resume_partitions([TP(tp.topic, tp.partition)])  # in case it is left paused
        self._stall_seen[tp] = (offset, now)
        self._commit_seen[tp] = (compat.committed_offsets(self).get(tp, offset), now)
        await self._seek_unless_revoked(tp, offset)

    async def _read_again_once(self, tp: TP, position: int, end: int) -> None:
        """Fetch ``tp`` again from ``position`` once per ``(position, end)`` when no record was fetched
        since its last seek: the fetcher then vouches for the range only by its position, which a
        position moved past records undelivered would also show. Markers alone fetch nothing again."""
        if tp in self._last_fetched or self._quiet_checked.get(tp) == (position, end):
            return
        self._quiet_checked[tp] = (position, end)
        self.log.info("%s: nothing fetched since its last seek, its end offset %d is past offset %d; "
                      "reading it again from there", tp, end, position)
        await self._seek_unless_revoked(tp, position)

    async def _seek_unless_revoked(self, tp: TP, offset: int) -> None:
        """Seek ``tp`` to ``offset``; a partition revoked meanwhile is left to its new owner."""
        try:
            await self.seek(tp, offset)
        except Exception as exc:  # revoked meanwhile: its new owner starts from the commit
            self.log.info("%s not fetched again: %r", tp, exc)

    def _read_to(self, tp: TP, position: int, end: int) -> bool:
        """Whether the fetcher read ``tp`` up to ``end`` and every record it returned was delivered:
        what lies between ``position`` and ``end`` is then transaction markers or aborted records it
        passed over (a transactional partition ends with a marker; a partition sought back to a
        committed offset just before two markers fetches no record at all)."""
        fetched_to = self._fetch_position(tp)
        last = self._last_fetched.get(tp)
        return fetched_to is not None and fetched_to >= end and (last is None or last < position)

    def _state(self, tp: TP) -> str:
        """What the consumer's rules hold about ``tp`` (for the warning)."""
        active = compat.active_partitions(self)
        return (f"next to deliver {self._expect.get(tp)}, fetch position {self._fetch_position(tp)}, "
                f"committed {compat.committed_offsets(self).get(tp)}, "
                f"jump check {self._jump.get(tp)}, active {active is None or tp in active}, "
                f"paused {tp in compat.paused_partitions(self)}")

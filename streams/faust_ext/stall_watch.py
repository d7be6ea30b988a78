"""A watch on the source partitions: one that has records waiting but delivers none is fetched again.

A mixin of :class:`streams.faust_ext.consumer.GaplessConsumer` (which keeps ``_stall_seen`` in its
``__init__``), run from the worker's heartbeat. The consumer's own rules (verified jumps, holes,
backpressure, seeks around rebalances) each end by fetching a partition again from the offset it must
deliver next; should one of them ever leave a partition neither delivering nor paused for a reason,
its records would wait forever behind a worker that looks healthy, and with them, under exactly_once,
the transaction of its partition group. Kafka Streams' consumer cannot get into that state; this
watch turns it into a delay of :data:`STALL_AFTER_S`, with one warning that gives the partition's state
(to find the rule at fault) and a count in ``newsfeed_partition_stalls_total``.
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
    stalls: int
    assignment: Any
    highwaters: Any
    resume_partitions: Any
    seek: Any
    _fetch_position: Any
    _last_fetched: dict[TP, int]

    def _watching(self) -> bool:
        """Whether the partitions are expected to deliver now (no rebalance, recovery or seek under way)."""
        return (self.flow_active and not self.should_stop and not self._settling
                and not self.app.rebalancing and compat.tables_recovered(self.app))

    async def watch_stalls(self, now: float | None = None) -> list[TP]:
        """Fetch again, from the offset each must deliver next, the source partitions that have
        delivered nothing for :data:`STALL_AFTER_S` while records wait past it; returns them."""
        now = monotonic() if now is None else now
        if not self._watching():
            self._stall_seen.clear()  # a rebalance or recovery restarts every clock
            return []
        sources = {tp for tp in self.assignment() if self.app.topics.acks_enabled_for(tp.topic)}
        for tp in set(self._stall_seen) - sources:
            del self._stall_seen[tp]
        suspects: list[tuple[TP, int]] = []
        for tp in sources:
            position = self._expect.get(tp)
            seen = self._stall_seen.get(tp)
            if position is None or tp in self._backlogged or seen is None or seen[0] != position:
                self._stall_seen[tp] = (position if position is not None else -1, now)
            elif now - seen[1] >= STALL_AFTER_S:
                suspects.append((tp, position))
        if not suspects:
            return []
        try:
            # Under read_committed these are the last stable offsets: records a consumer may read.
            ends = await self.highwaters(*(tp for tp, _ in suspects))
        except Exception as exc:  # e.g. a rebalance began: the next heartbeat looks again
            self.log.info("end offsets of %d quiet partitions not read: %r", len(suspects), exc)
            return []
        stalled: list[TP] = []
        for tp, position in suspects:
            end = ends.get(tp)
            if end is None or end <= position or self._read_to(tp, position, end):
                self._stall_seen[tp] = (position, now)
                continue
            self.log.warning(
                "%s delivered nothing for %.0f s with records waiting up to offset %d; fetching it again "
                "from offset %d (%s)", tp, now - self._stall_seen[tp][1], end, position, self._state(tp))
            self.stalls += 1
            stalled.append(tp)
            self._jump.pop(tp, None)
            self.resume_partitions([TP(tp.topic, tp.partition)])  # in case it is left paused
            self._stall_seen[tp] = (position, now)
            try:
                await self.seek(tp, position)
            except Exception as exc:  # revoked meanwhile: its new owner starts from the commit
                self.log.info("%s not fetched again: %r", tp, exc)
        return stalled

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
        return (f"fetch position {self._fetch_position(tp)}, committed {compat.committed_offsets(self).get(tp)}, "
                f"jump check {self._jump.get(tp)}, active {active is None or tp in active}, "
                f"paused {tp in compat.paused_partitions(self)}")

"""streams.faust_ext.stall_watch: a source partition with records waiting and none delivered is fetched again."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from faust.types import TP

from streams.faust_ext.stall_watch import STALL_AFTER_S, UNWATCHED_WARN_S, StallWatch

RAW0, RAW1 = TP("news.raw", 0), TP("news.raw", 1)
CHANGELOG = TP("app-dedup-index-changelog", 0)


class Watched(StallWatch):
    """The state the watch reads, without a broker: seeks and resumes are recorded."""

    def __init__(self, ends: dict[TP, int]) -> None:
        self.ends = ends
        self.app = SimpleNamespace(
            rebalancing=False,
            topics=SimpleNamespace(acks_enabled_for=lambda topic: not topic.endswith("-changelog")),
            tables=SimpleNamespace(recovery=SimpleNamespace(completed=SimpleNamespace(is_set=lambda: True))),
        )
        self.warnings: list[str] = []
        self.log = SimpleNamespace(warning=lambda msg, *a: self.warnings.append(msg % a), info=lambda *a: None)
        self.flow_active, self.should_stop, self._settling = True, False, 0
        self._expect = {RAW0: 10, RAW1: 20, CHANGELOG: 5}
        self._jump: dict[TP, tuple[int, int]] = {}
        self._backlogged: set[TP] = set()
        self._stall_seen: dict[TP, tuple[int, float]] = {}
        self._commit_seen: dict[TP, tuple[int, float]] = {}
        self._quiet_checked: dict[TP, tuple[int, int]] = {}
        self._unwatched: tuple[float, bool] | None = None
        self._unacked_messages: list[Any] = []  # records taken by a stream, not acked yet
        self.queued: dict[TP, int] = {}  # events waiting in the stream buffers of a partition
        self.stalls = 0
        self.sought: list[tuple[TP, int]] = []
        self.resumed: list[TP] = []
        self._active_partitions = {RAW1, CHANGELOG}  # RAW0 left out of the fetch
        self._paused_partitions: set[TP] = set()
        self._committed_offset = {RAW0: 10, RAW1: 20}
        self.fetched_to: dict[TP, int] = {RAW0: 30, RAW1: 20}
        self._last_fetched: dict[TP, int] = {RAW0: 29, RAW1: 19}  # last record of each latest fetch

    def assignment(self) -> set[TP]:
        return {RAW0, RAW1, CHANGELOG}

    async def highwaters(self, *tps: TP) -> dict[TP, int]:
        return {tp: self.ends[tp] for tp in tps}

    def resume_partitions(self, tps: list[TP]) -> None:
        self.resumed.extend(tps)

    async def seek(self, tp: TP, offset: int) -> None:
        self.sought.append((tp, offset))

    def _fetch_position(self, tp: TP) -> int | None:
        return self.fetched_to.get(tp)

    def _buffers(self, tp: TP) -> list[Any]:
        return [SimpleNamespace(qsize=lambda: self.queued.get(tp, 0))]



def watch(w: Watched, at: float) -> list[Any]:
    return asyncio.run(w.watch_stalls(now=at))


def test_a_partition_that_delivers_nothing_while_records_wait_is_fetched_again_after_the_delay() -> None:
    w = Watched(ends={RAW0: 15, RAW1: 20})
    assert watch(w, 0.0) == [] and watch(w, STALL_AFTER_S - 1) == []
    assert watch(w, STALL_AFTER_S + 1) == [RAW0]  # RAW1 is caught up: nothing waits past offset 20
    assert w.sought == [(RAW0, 10)] and w.resumed == [RAW0] and w.stalls == 1
    [warning] = w.warnings
    assert "offset 15" in warning and "from offset 10" in warning and "active False" in warning
    # The clock starts again after the seek: no second seek before another full delay.
    assert watch(w, STALL_AFTER_S + 6) == []


def test_a_partition_that_moves_paused_or_in_a_rebalance_is_not_stalled() -> None:
    w = Watched(ends={RAW0: 100, RAW1: 100})
    watch(w, 0.0)
    w._expect[RAW0] = 11  # delivered one record
    w._backlogged.add(RAW1)  # its stream's buffer is full: paused on purpose
    assert watch(w, STALL_AFTER_S + 1) == []
    w._backlogged.clear()
    w.app.rebalancing = True
    assert watch(w, 2 * STALL_AFTER_S + 2) == []
    w.app.rebalancing = False  # every clock starts again after the rebalance
    assert watch(w, 2 * STALL_AFTER_S + 3) == [] and w.sought == []


def test_a_pending_jump_check_is_dropped_with_the_seek() -> None:
    w = Watched(ends={RAW0: 50, RAW1: 20})
    w._jump[RAW0] = (10, 12)
    watch(w, 0.0)
    assert watch(w, STALL_AFTER_S) == [RAW0] and RAW0 not in w._jump


def test_transaction_markers_past_the_position_are_not_records_waiting() -> None:
    # A transactional partition ends with markers: the end offset lies past the position although
    # nothing is left to deliver; the fetcher read past them and every record it returned was delivered.
    w = Watched(ends={RAW0: 12, RAW1: 20})
    w.fetched_to[RAW0] = 12
    w._last_fetched[RAW0] = 9  # the last record fetched (and delivered) is below the position 10
    watch(w, 0.0)
    assert watch(w, STALL_AFTER_S + 1) == [] and w.warnings == []
    del w._last_fetched[RAW0]  # sought back there: no record fetched since
    # The fetcher's position alone vouches for the range: read again once from the position (not a
    # stall), and not again while the position and the end stay where they are.
    assert watch(w, 2 * STALL_AFTER_S + 2) == [] and w.sought == [(RAW0, 10)] and w.warnings == []
    assert watch(w, 3 * STALL_AFTER_S + 2) == [] and w.sought == [(RAW0, 10)]
    w._last_fetched[RAW0] = 11  # a record at 11 was fetched and never delivered: it waits
    assert watch(w, 4 * STALL_AFTER_S + 3) == [RAW0]


def test_a_commit_held_back_by_records_delivered_and_dropped_is_fetched_again_from_it() -> None:
    # Records 10..13 of RAW0 were delivered (next to deliver: 14, the end) and never acked: the
    # delivery position looks current, the commit stays at 10.
    w = Watched(ends={RAW0: 14, RAW1: 20})
    w._expect[RAW0] = 14
    assert watch(w, 0.0) == [] and watch(w, STALL_AFTER_S - 1) == []
    assert watch(w, STALL_AFTER_S + 1) == [RAW0]
    assert w.sought == [(RAW0, 10)] and w.resumed == [RAW0] and w.stalls == 1
    [warning] = w.warnings
    assert "commit did not move" in warning and "from offset 10" in warning and "next to deliver 14" in warning
    assert watch(w, STALL_AFTER_S + 6) == []  # its clock starts again after the seek


def test_a_commit_behind_records_in_flight_or_moving_is_not_stuck() -> None:
    w = Watched(ends={RAW0: 14, RAW1: 20})
    w._expect[RAW0] = 14
    w._unacked_messages.append(SimpleNamespace(tp=RAW0))  # taken by a stream, being processed
    watch(w, 0.0)
    assert watch(w, STALL_AFTER_S + 1) == []
    w._unacked_messages.clear()
    w.queued[RAW0] = 3  # waiting in its stream's buffer
    assert watch(w, 2 * STALL_AFTER_S + 2) == []
    w.queued.clear()
    watch(w, 3 * STALL_AFTER_S)
    w._committed_offset[RAW0] = 12  # the commit moved: the clock starts again
    assert watch(w, 4 * STALL_AFTER_S) == [] and w.sought == []


def test_a_watch_switched_off_for_long_says_why_once() -> None:
    w = Watched(ends={RAW0: 10, RAW1: 20})
    w.app.rebalancing = True
    watch(w, 0.0)
    assert watch(w, UNWATCHED_WARN_S - 1) == [] and w.warnings == []
    watch(w, UNWATCHED_WARN_S + 1)
    watch(w, UNWATCHED_WARN_S + 6)
    assert w.warnings == [f"no source partition watched for stalls for {UNWATCHED_WARN_S + 1:.0f} s: rebalancing"]
    w.app.rebalancing = False
    watch(w, UNWATCHED_WARN_S + 7)
    assert w._unwatched is None

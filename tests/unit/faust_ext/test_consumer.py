"""streams.faust_ext.consumer: commits cover processed records only; offset jumps are verified before they count.

The consumer is built without a broker (no ``__init__``): only the bookkeeping faust's consumer keeps
per partition is set up, the part the commit rule and the jump check work on. The same attributes
are what streams/drain.py reads from faust-streaming, so this also fails if a faust upgrade renames
them.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from types import SimpleNamespace
from typing import Any

from faust.transport.consumer import Consumer as FaustConsumer
from faust.types import TP
from intervaltree import IntervalTree

from streams.faust_ext.consumer import GaplessConsumer

RAW = TP("news.raw", 0)


class Offline(GaplessConsumer):
    """The consumer's bookkeeping without a broker: seeks are recorded."""

    should_stop = False
    log = SimpleNamespace(info=lambda *a, **k: None)  # type: ignore[assignment]
    sought: list[tuple[TP, int]]

    def assignment(self) -> set[TP]:
        return {RAW}

    async def seek(self, partition: TP, offset: int) -> None:
        self.sought.append((partition, offset))
        self._expect[partition] = offset
        self._seeks[partition] = self._seeks.get(partition, 0) + 1


def consumer(committed: int | None = None) -> Any:
    c: Any = object.__new__(Offline)
    c._acked, c._acked_index, c._gap = defaultdict(list), defaultdict(set), defaultdict(IntervalTree)
    c._committed_offset = defaultdict(lambda: None)
    c._committed_offset[RAW] = committed
    c._expect, c._start, c._jump, c._holes, c._hole_seeks = {}, {}, {}, {}, {}
    c._passed_over, c._seeks, c._fetch_end, c._skipped = {}, {}, {}, set()
    c.refetches = 0
    c.sought = []
    return c


def ack(c: Any, *offsets: int) -> None:
    for o in offsets:
        c._acked[RAW].append(o)
        c._acked_index[RAW].add(o)


def _source(fn: Any) -> str:
    import inspect

    return inspect.getsource(fn)


def test_faust_still_has_the_bookkeeping_drain_relies_on() -> None:
    for name in ("_new_offset", "_add_gap", "_drain_messages", "_wait_next_records", "getmany", "ack",
                 "perform_seek", "seek", "on_partitions_revoked"):
        assert callable(getattr(FaustConsumer, name)), name
    init = FaustConsumer.__init__.__code__.co_names
    for name in ("_acked", "_acked_index", "_gap", "_committed_offset", "_read_offset", "_commit_every",
                 "suspend_flow"):
        assert name in init, f"faust's Consumer no longer sets {name}"
    # The fetch position the vouching reads (GaplessConsumer._fetch_position).
    from aiokafka.consumer.subscription_state import SubscriptionState, TopicPartitionState
    from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

    assert callable(AIOKafkaConsumerThread._ensure_consumer)
    # GaplessConsumer._seek runs the thread's seek in the thread (ThreadDelegateConsumer._seek calls it).
    from faust.transport.consumer import ThreadDelegateConsumer

    assert "_thread.seek" in _source(ThreadDelegateConsumer._seek)
    assert callable(AIOKafkaConsumerThread.seek) and callable(AIOKafkaConsumerThread.call_thread)
    assert callable(SubscriptionState.__dict__["subscription"].fget)
    assert {"position", "has_valid_position"} <= set(vars(TopicPartitionState))


def test_commit_is_the_contiguous_processed_run_from_the_committed_offset() -> None:
    c = consumer(committed=10)
    ack(c, 10, 11, 12)
    assert c._new_offset(RAW) == 13
    c._committed_offset[RAW] = 13
    assert c._new_offset(RAW) is None  # nothing new


def test_a_record_missing_at_the_committed_offset_holds_the_commit_and_is_fetched_again() -> None:
    # faust's own rule lets one missing record at the committed offset pass (off by one): lost.
    c = consumer(committed=10)
    ack(c, 11, 12, 13)
    assert c._new_offset(RAW) is None
    assert c._holes == {RAW: 10}
    asyncio.run(c.refetch_holes())
    assert c.sought == [(RAW, 10)]
    asyncio.run(c.refetch_holes())  # not again while the re-fetched record is on its way
    assert c.sought == [(RAW, 10)]
    ack(c, 10)
    assert c._new_offset(RAW) == 14 and not c._holes


def test_a_hole_in_the_middle_stops_the_commit_before_it() -> None:
    c = consumer(committed=0)
    ack(c, 0, 1, 2, 4, 5)
    assert c._new_offset(RAW) == 3
    assert c._holes == {RAW: 3}


def test_verified_gaps_count_as_done_but_not_the_record_after_them() -> None:
    c = consumer(committed=20)
    ack(c, 20)
    asyncio.run(c._add_gap(RAW, 21, 22))  # e.g. two transaction markers
    assert c._new_offset(RAW) == 23  # record 23 itself is not processed yet
    c._committed_offset[RAW] = 23
    ack(c, 23)
    assert c._new_offset(RAW) == 24


def test_a_gap_starting_at_the_committed_offset_is_kept_whole() -> None:
    # faust clamps gaps to committed + 1, which would leave offset 30 uncovered forever.
    c = consumer(committed=30)
    asyncio.run(c._add_gap(RAW, 30, 31))
    ack(c, 32)
    assert c._new_offset(RAW) == 33


def test_without_a_commit_the_run_starts_at_the_first_delivered_record() -> None:
    c = consumer(committed=None)
    c._start[RAW] = 0
    ack(c, 1, 2)  # record 0 was delivered, then skipped
    assert c._new_offset(RAW) is None and c._holes == {RAW: 0}


def test_an_offset_jump_is_fetched_again_once_and_believed_when_it_repeats() -> None:
    c = consumer()
    c._expect[RAW] = 5
    assert asyncio.run(c._verified(RAW, 5)) is True
    c._expect[RAW] = 6
    assert asyncio.run(c._verified(RAW, 9)) is False  # jump 6 -> 9: fetch again from 6
    assert c.sought == [(RAW, 6)]
    assert asyncio.run(c._verified(RAW, 10)) is False  # rest of that batch: dropped, no new seek
    assert c.sought == [(RAW, 6)]
    assert asyncio.run(c._verified(RAW, 9)) is True  # the same jump again: 6-8 hold no record


def test_a_jump_that_does_not_repeat_delivers_the_missing_records() -> None:
    c = consumer()
    c._expect[RAW] = 6
    assert asyncio.run(c._verified(RAW, 9)) is False
    assert asyncio.run(c._verified(RAW, 6)) is True  # the records were there: delivered in order
    assert RAW not in c._jump


def test_records_before_the_expected_offset_are_not_delivered_twice() -> None:
    c = consumer()
    c._expect[RAW] = 6
    assert asyncio.run(c._verified(RAW, 4)) is False


def test_acks_of_records_a_stream_skipped_are_refused() -> None:
    c = consumer(committed=0)
    active = {"flow": True}
    c.app = SimpleNamespace(consumer_generation_id=3, flow_control=SimpleNamespace(is_active=lambda: active["flow"]))

    def message(generation: int, tracked: bool) -> Any:
        return SimpleNamespace(generation_id=generation, tracked=tracked, tp=RAW, offset=1, acked=False)

    assert c.ack(message(2, tracked=False)) is False  # stale generation, skipped by the stream
    active["flow"] = False
    assert c.ack(message(3, tracked=False)) is False  # read while flow control was suspended
    assert not c._acked[RAW]


def test_jumps_the_fetcher_passed_over_are_believed_without_fetching_again() -> None:
    """Transaction markers: 7 and 8 inside one fetch, 11 between the fetch's end and the position
    after it, 12 before the first record of the next fetch (no seek in between)."""
    c = consumer()
    c._expect[RAW] = 5
    c._note_passed_over(RAW, [5, 6, 9, 10], position=12)
    c._note_passed_over(RAW, [13, 14], position=15)
    for offset in (5, 6, 9, 10, 13, 14):
        assert asyncio.run(c._verified(RAW, offset)) is True, offset
        c._expect[RAW] = offset + 1
    assert c.sought == []


def test_a_seek_between_fetches_voids_the_vouch_for_the_next_start() -> None:
    c = consumer()
    c._note_passed_over(RAW, [5, 6], position=7)
    asyncio.run(c.seek(RAW, 7))  # e.g. a hole fetched again: the next fetch's start is not vouched for
    c._note_passed_over(RAW, [9, 10], position=11)
    assert asyncio.run(c._verified(RAW, 9)) is False
    assert c.sought[-1] == (RAW, 7)


def test_an_unsettled_fetch_vouches_only_between_its_records() -> None:
    c = consumer()
    c._note_passed_over(RAW, [5, 6], position=7)
    c._note_passed_over(RAW, [9, 12], position=None, settled=False)
    c._expect[RAW] = 7
    assert asyncio.run(c._verified(RAW, 9)) is False  # start not vouched: verified by fetching again
    c._expect[RAW] = 10
    assert c._is_passed_over(RAW, 10, 12)
    assert not c._is_passed_over(RAW, 10, 13)


def test_vouches_below_the_commit_are_dropped() -> None:
    c = consumer(committed=5)
    c._note_passed_over(RAW, [5, 8, 20], position=21)
    ack(c, 5, 8)
    asyncio.run(c._add_gap(RAW, 6, 7))
    assert c._new_offset(RAW) == 9
    assert c._passed_over[RAW] == {9: 20}


# -- what a fetch tells: the end of a changelog (streams.faust_ext.recovery) ------------------------------------
CHANGELOG = TP("app-boilerplate-changelog", 0)


def fetching(c: Any, acking: set[str]) -> Any:
    c._tails, c._last_fetched = {}, {}
    c.app = SimpleNamespace(topics=SimpleNamespace(acks_enabled_for=lambda topic: topic in acking))
    return c


def test_a_fetch_that_passed_over_the_final_markers_is_read_to_the_end() -> None:
    # Records 0..4 then a commit marker at 5: the end offset is 6 and no record 5 will ever come.
    c = fetching(consumer(), {RAW.topic})
    c._note_fetch(CHANGELOG, [3, 4], position=6, settled=True)
    assert c.read_to_end(CHANGELOG, last=4, end=6)
    assert not c.read_to_end(CHANGELOG, last=3, end=6)  # record 4 not applied yet
    assert not c.read_to_end(CHANGELOG, last=4, end=7)  # a record may still come at 6
    assert not c.read_to_end(TP("other", 0), last=4, end=6)  # never fetched


def test_an_unsettled_fetch_tells_nothing_about_the_end() -> None:
    c = fetching(consumer(), {RAW.topic})
    c._note_fetch(CHANGELOG, [3, 4], position=None, settled=False)
    assert not c.read_to_end(CHANGELOG, last=4, end=6)


def test_changelog_fetches_leave_no_passed_over_ranges_behind() -> None:
    # A standby reads its changelog for good and never commits: one range per marker would pile up.
    c = fetching(consumer(), {RAW.topic})
    for start in range(0, 300, 3):  # a record, then a marker, per transaction
        c._note_fetch(CHANGELOG, [start, start + 2], position=start + 3, settled=True)
    assert CHANGELOG not in c._passed_over
    c._note_fetch(RAW, [5, 6, 9], position=10, settled=True)
    assert c._passed_over[RAW] == {7: 9}


def test_revoked_partitions_forget_their_tails_and_backpressure() -> None:
    c = fetching(consumer(), {RAW.topic})
    c._backlogged = {RAW}
    c._note_fetch(CHANGELOG, [1], position=3, settled=True)

    async def revoke() -> None:
        from faust.transport.drivers.aiokafka import Consumer as AiokafkaConsumer

        original = AiokafkaConsumer.on_partitions_revoked

        async def faust_part(self: Any, revoked: Any) -> None:
            return None

        AiokafkaConsumer.on_partitions_revoked = faust_part  # type: ignore[method-assign]
        try:
            await c.on_partitions_revoked({CHANGELOG})
        finally:
            AiokafkaConsumer.on_partitions_revoked = original  # type: ignore[method-assign]

    asyncio.run(revoke())
    assert c._tails == {} and c._last_fetched == {} and c._backlogged == set()


# -- backpressure per partition (streams.faust_ext.backpressure) -----------------------------------------------
def backpressured(c: Any, maxsize: int = 4) -> tuple[Any, asyncio.Queue[int], list[tuple[str, set[TP]]]]:
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=maxsize)
    calls: list[tuple[str, set[TP]]] = []
    c._backlogged, c.backpressure_pauses, c.flow_active = set(), 0, True
    c.app = SimpleNamespace(
        rebalancing=False,
        topics=SimpleNamespace(_tp_index={RAW: [SimpleNamespace(queue=queue)]}),
    )
    c.pause_partitions = lambda tps: calls.append(("pause", set(tps)))
    c.resume_partitions = lambda tps: calls.append(("resume", set(tps)))
    return c, queue, calls


def test_a_full_stream_buffer_pauses_its_partition_until_half_drained() -> None:
    from aiokafka import TopicPartition

    c, queue, calls = backpressured(consumer())
    assert not c._buffer_full(RAW)
    for i in range(4):
        queue.put_nowait(i)
    assert c._buffer_full(RAW)
    c._hold_back(TopicPartition(RAW.topic, RAW.partition))  # what the fetcher yields
    assert calls == [("pause", {RAW})] and c.backpressure_pauses == 1
    queue.get_nowait()
    c._resume_drained()  # 3 of 4 left: still paused
    assert calls == [("pause", {RAW})]
    queue.get_nowait()
    c._resume_drained()  # 2 of 4: half empty
    assert calls[-1] == ("resume", {RAW}) and c._backlogged == set()
    # faust's resume_partitions passes them on unconverted, into a set that holds faust's TP only.
    assert all(type(tp) is TP for _, tps in calls for tp in tps)


def test_no_resume_while_the_flow_is_stopped_or_rebalancing() -> None:
    # faust resumes the whole assignment itself once the tables are recovered.
    c, _, calls = backpressured(consumer())
    c._hold_back(RAW)
    c.flow_active = False
    c._resume_drained()
    c.flow_active, c.app.rebalancing = True, True
    c._resume_drained()
    assert calls == [("pause", {RAW})] and c._backlogged == {RAW}


def test_a_partition_without_streams_is_never_full() -> None:
    c, _, _ = backpressured(consumer())
    assert not c._buffer_full(TP("nobody.reads", 0))


def test_a_source_partition_with_nothing_committed_is_sought_to_its_start(monkeypatch: Any) -> None:
    """aiokafka's seek_to_committed leaves a partition without a committed offset (or at 0) where
    its fetcher was: records fetched around a rebalance and never processed were lost."""
    from faust.transport.drivers.aiokafka import Consumer as AiokafkaConsumer

    changelog, other = TP("app-dedup-index-changelog", 0), TP("news.raw", 1)
    c = consumer(committed=None)
    c._committed_offset[other] = 40
    c.app = SimpleNamespace(topics=SimpleNamespace(acks_enabled_for=lambda topic: not topic.endswith("-changelog")))
    c.assignment = lambda: {RAW, other, changelog}
    faust_seeks: list[tuple[TP, int]] = []

    async def faust_perform_seek(self: Any) -> None:  # what faust leaves: nothing sought for RAW
        return None

    async def faust_seek(self: Any, tp: TP, offset: int) -> None:
        faust_seeks.append((tp, offset))

    async def earliest(*tps: TP) -> dict[TP, int]:
        assert set(tps) == {RAW}  # committed partitions and changelogs are faust's own business
        return {RAW: 3}

    monkeypatch.setattr(AiokafkaConsumer, "perform_seek", faust_perform_seek)
    monkeypatch.setattr(AiokafkaConsumer, "seek", faust_seek)
    c.earliest_offsets = earliest
    asyncio.run(c.perform_seek())
    assert faust_seeks == [(RAW, 3)]
    assert c._expect[RAW] == 3 and c._expect[other] == 40


def test_records_fetched_while_a_seek_settles_are_fetched_again_once_it_has_landed() -> None:
    """faust resumes the source partitions before its seek to the committed offsets: what the
    drain loop holds back meanwhile is fetched again, from the offset the seek set, once the
    outermost settling region ends (the stable-offsets wait and faust's seek nest)."""
    c = consumer(committed=5)

    async def scenario() -> list[tuple[TP, int]]:
        async with c.settling():
            async with c.settling():
                c._skipped.add(RAW)  # the drain loop held a record of RAW back
                c._expect[RAW] = 5  # where the seek landed
            assert c.sought == []  # still settling: nothing sought yet
        return list(c.sought)

    assert asyncio.run(scenario()) == [(RAW, 5)]
    assert c._skipped == set() and c._settling == 0

    async def quiet() -> None:
        async with c.settling():
            pass

    asyncio.run(quiet())  # a region with nothing held back seeks nothing
    assert c.sought == [(RAW, 5)]

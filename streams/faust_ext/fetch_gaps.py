"""What the fetcher vouches for: offsets it passed over that hold no record to deliver.

A mixin of :class:`streams.faust_ext.consumer.GaplessConsumer` (which keeps the state in its ``__init__``): the
drain loop believes an offset jump the fetcher vouches for, and the table recovery
(:mod:`streams.faust_ext.recovery`) ends once a changelog partition was read to its end offset.
"""

from __future__ import annotations

from typing import Any

from faust.types import TP

from streams.faust_ext import compat


class PassedOverOffsets:
    """Fetch bookkeeping: vouched ranges per source partition and the tail of each latest fetch."""

    app: Any
    _thread: Any
    _seeks: dict[TP, int]
    # Set and described in GaplessConsumer.__init__.
    _passed_over: dict[TP, dict[int, int]]
    _fetch_end: dict[TP, tuple[int, int]]
    _tails: dict[TP, tuple[int, int]]
    _last_fetched: dict[TP, int]

    def _note_fetch(self, tp: TP, offsets: list[int], position: int | None, settled: bool) -> None:
        """What one fetch of ``tp`` (records at ``offsets``, fetch position after it) tells."""
        if offsets:
            self._last_fetched[tp] = offsets[-1]
        if position is not None and offsets:
            self._tails[tp] = (offsets[-1], position)
        # Vouched ranges serve the jump checks of agents' sources only: a table changelog read by a
        # standby is never committed past, so its ranges (one per transaction marker) would pile up.
        if self.app.topics.acks_enabled_for(tp.topic):
            self._note_passed_over(tp, offsets, position, settled)

    def read_to_end(self, tp: TP, last: int, end: int) -> bool:
        """Whether the fetcher vouched that nothing deliverable lies between the record at offset
        ``last`` and offset ``end`` (exclusive): the latest fetch of ``tp`` ended with ``last`` and
        passed over the rest (transaction markers, aborted records) up to ``end`` or beyond."""
        tail = self._tails.get(tp)
        return tail is not None and tail[0] == last and tail[1] >= end

    def _fetch_position(self, tp: TP) -> int | None:
        """aiokafka's fetch position of ``tp`` (where its next fetch starts), if known."""
        try:
            state = compat.subscription_state(compat.aiokafka_consumer(self)).subscription.assignment.state_value(tp)
        except Exception:  # not assigned any more, or the consumer is being replaced
            return None
        return state.position if state is not None and state.has_valid_position else None

    def _note_passed_over(self, tp: TP, offsets: list[int], position: int | None, settled: bool = True) -> None:
        """Record the offsets one fetch passed over as holding no deliverable record.

        aiokafka returns a partition's records from its fetch position on, skipping only control
        batches (transaction markers) and aborted records, and moves the position past what it
        returned and skipped; only seeks move it otherwise. So the offsets between the position
        after the previous fetch (when no seek came since) and this fetch's first record, between
        two of its records, and between its last record and the position now, are empty.
        Under exactly_once every commit leaves markers: without this each one cost a seek back and a
        whole fetch again (about one per three articles in the single-partition dedup hop)."""
        if not offsets:
            return
        vouched = self._passed_over.setdefault(tp, {})
        seeks = self._seeks.get(tp, 0)
        previous = self._fetch_end.get(tp)
        if settled and previous is not None and previous[1] == seeks and previous[0] < offsets[0]:
            vouched[previous[0]] = offsets[0]
        for a, b in zip(offsets, offsets[1:], strict=False):
            if b > a + 1:
                vouched[a + 1] = b
        if position is not None:
            if position > offsets[-1] + 1:
                vouched[offsets[-1] + 1] = position
            self._fetch_end[tp] = (position, seeks)
        else:
            self._fetch_end.pop(tp, None)

    def _is_passed_over(self, tp: TP, expected: int, offset: int) -> bool:
        """Whether the fetcher vouched that ``expected..offset-1`` hold no deliverable record."""
        vouched = self._passed_over.get(tp)
        pos = expected
        while vouched and pos < offset:
            end = vouched.get(pos)
            if end is None:
                return False
            pos = end
        return pos == offset

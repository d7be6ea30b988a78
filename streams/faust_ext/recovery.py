"""Table recovery that ends when the changelog is read, not five to ten seconds later.

Under exactly_once every transaction leaves a commit marker at the end of each changelog partition
it wrote, so a changelog's end offset lies past its last record. faust's recovery waits until it
has seen a record at the end offset minus one; when the last offset is a marker that never comes,
and only after two 5-second timeouts of its read loop does it check the fetch position and give up
waiting. Every recovery of a changelog written under exactly_once (each rebalance, each restart,
each worker joining) stalled its partitions for ~10 s: the bench saw a joining worker process idle
for 10 of its first 14 seconds.

:class:`PromptRecovery` counts an active changelog partition as recovered once the consumer vouches
that its latest fetch ended with the last record applied and passed over everything up to the end
offset (:meth:`streams.faust_ext.consumer.GaplessConsumer.read_to_end`). Otherwise faust's rules are unchanged.
"""

from __future__ import annotations

from collections import Counter

from faust.tables import TableManager
from faust.tables.recovery import Recovery
from faust.types import TP

from streams.faust_ext import compat


class PromptRecovery(Recovery):
    """faust's recovery; an active partition read to its end offset needs no further recovery."""

    def active_remaining(self) -> Counter[TP]:
        """Changes left per active changelog partition (0 once read to its end offset)."""
        remaining = super().active_remaining()
        # newsfeed's consumer knows what its fetches passed over (GaplessConsumer.read_to_end); any
        # other consumer leaves faust's rule as it is.
        read_to_end = getattr(self.app.consumer, "read_to_end", None)
        if read_to_end is None:
            return remaining
        for tp, left in remaining.items():
            if left > 0:
                # faust's highwater is the end offset minus one (see Recovery._build_highwaters).
                end = self.active_highwaters[tp] + 1
                if read_to_end(tp, self.active_offsets[tp], end):
                    remaining[tp] = 0
        return remaining


class PromptTableManager(TableManager):
    """faust's table manager with :class:`PromptRecovery` (``faust.App(TableManager=...)``)."""

    @property
    def recovery(self) -> Recovery:
        """The recovery service (created on first use, as faust does)."""
        recovery = compat.cached_recovery(self)
        if recovery is None:
            recovery = PromptRecovery(self.app, self, beacon=self.beacon, loop=self.loop)
            compat.cache_recovery(self, recovery)
        return recovery

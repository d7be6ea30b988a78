"""End offsets asked of the broker, also inside a transaction.

Table recovery starts by asking the consumer for each changelog partition's end offset
(``Consumer.highwaters``) and counts a changelog as read once it reached it. Under exactly_once
faust's consumer thread does not ask the broker: inside a transaction it answers with aiokafka's
``last_stable_offset(tp)``, the last stable offset carried by the partition's *latest fetch
response*, which is ``None`` until a fetch of that partition has come back. A worker that
(re)starts and builds its recovery plan before the first fetch of a changelog partition returns
therefore takes a written changelog for an empty one: its tables start empty and the dedup index
and entity registry forget everything (seen on restarts: about one in ten, when the plan was built
within a few milliseconds of the assignment).

:class:`BrokerEndOffsets` sends a ListOffsets request instead, as faust does outside transactions;
aiokafka sends it with the consumer's isolation level, so under read_committed the broker answers
with the last stable offset, the end of what the recovery can read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from faust.types import TP

from streams.faust_ext import compat


class BrokerEndOffsets:
    """A faust consumer mixin: ``highwaters`` always asks the broker."""

    async def highwaters(self, *partitions: TP) -> Mapping[TP, int]:
        """End offsets of ``partitions`` (last stable offsets under read_committed), from the broker."""
        thread = compat.consumer_thread(self)
        client = compat.aiokafka_consumer(self)
        return cast(Mapping[TP, int], await thread.call_thread(client.end_offsets, list(partitions)))


__all__ = ["BrokerEndOffsets"]

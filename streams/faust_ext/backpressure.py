"""Backpressure per partition for the consumer's drain loop (used by :mod:`streams.faust_ext.consumer`).

A record whose stream buffer is full is not waited for, which would hold every other partition's
records behind the slow stream: its partition is paused (faust hands none of its records over) and
resumed once the buffer has drained, as Kafka Streams pauses a partition whose buffer holds
``buffered.records.per.partition`` records.
"""

from __future__ import annotations

from typing import Any

from faust.types import TP

from streams.faust_ext import compat

# A partition paused because its stream's buffer was full resumes when the buffer is down to this
# fraction of its size: half a buffer (2,048 events by default) is seconds of work for any stage,
# far more than a fetch takes, and the pause/resume cycles stay rare.
RESUME_BELOW = 0.5
# While a partition is paused, the drain loop looks for records at least this often, so that it
# checks the paused buffers promptly even when no other partition has records.
BACKPRESSURE_POLL_S = 0.05


class PartitionBackpressure:
    """Mixin for a faust consumer: pause the partitions whose streams' buffers are full."""

    # Set by the consumer (annotations only: nothing here may shadow faust's own attributes).
    _backlogged: set[TP]
    backpressure_pauses: int
    app: Any
    flow_active: bool
    pause_partitions: Any
    resume_partitions: Any

    def _buffers(self, tp: TP) -> list[Any]:
        """The buffers (queues) of the streams that read ``tp``."""
        return [channel.queue for channel in compat.stream_channels(self.app, tp)]

    def _buffer_full(self, tp: TP) -> bool:
        return any(q.maxsize and q.qsize() >= q.maxsize for q in self._buffers(tp))

    def _hold_back(self, tp: TP) -> None:
        """Pause ``tp``: faust hands none of its records over until :meth:`_resume_drained`."""
        # faust's own TP: its resume_partitions keeps what it is given, and its active-partition
        # set must hold nothing else (aiokafka's TopicPartition fails its assertion).
        tp = TP(tp.topic, tp.partition)
        self._backlogged.add(tp)
        self.backpressure_pauses += 1
        self.pause_partitions([tp])

    def _resume_drained(self) -> None:
        """Resume the paused partitions whose stream buffers are down to :data:`RESUME_BELOW`."""
        if not self.flow_active or self.app.rebalancing:
            return
        drained = [
            tp for tp in self._backlogged
            if all(q.qsize() <= q.maxsize * RESUME_BELOW for q in self._buffers(tp) if q.maxsize)
        ]
        if drained:
            self._backlogged.difference_update(drained)
            self.resume_partitions(drained)


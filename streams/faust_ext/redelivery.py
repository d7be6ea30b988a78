"""Skipping records a worker process has already handled (faust can deliver them twice)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

log = logging.getLogger("newsfeed.worker")


class RedeliveryGuard:
    """Skips records this process has already handled.

    faust-streaming seeks its partitions to the committed offsets after the fetcher has started, so
    on start-up records can be delivered twice in one process (seen with aiokafka 0.14 / Kafka 4.1).
    The guard remembers the exact ranges of offsets handled per partition and skips only those: when
    the first delivery did not start at the committed offset, the records before it are new and must
    be processed (skipping everything at or below the last handled offset lost them).
    """

    def __init__(self) -> None:
        # (topic, partition) -> sorted, disjoint [first, last] ranges of handled offsets.
        self._ranges: dict[tuple[str, int], list[list[int]]] = {}

    def reset(self) -> None:
        """Forget everything (after a rebalance, uncommitted records must be processed again)."""
        self._ranges.clear()

    def forget_below(self, committed: Mapping[tuple[str, int], int]) -> None:
        """Drop what lies below each partition's committed offset: it is never delivered again while
        the partition stays assigned. Keeps the guard small: offsets taken by transaction markers
        split the handled offsets into one range per commit."""
        for key, floor in committed.items():
            ranges = self._ranges.get(key)
            if ranges:
                ranges[:] = [r for r in ranges if r[1] >= floor]

    def seen(self, topic: str, partition: int, offset: int) -> bool:
        """True if this offset was handled already; otherwise remember it."""
        ranges = self._ranges.setdefault((topic, partition), [])
        if ranges and offset > ranges[-1][1]:  # the usual case: the next record, or after a gap
            if offset == ranges[-1][1] + 1:
                ranges[-1][1] = offset
            else:
                ranges.append([offset, offset])
            return False
        for i, (lo, hi) in enumerate(ranges):
            if lo <= offset <= hi:
                # Rare (start-up re-delivery); logged so a skipped record can always be traced.
                log.info("skipping %s[%d]@%d: already handled by this process", topic, partition, offset)
                return True
            if offset == hi + 1:
                ranges[i][1] = offset
                if i + 1 < len(ranges) and ranges[i + 1][0] == offset + 1:  # the gap closed: merge
                    ranges[i][1] = ranges.pop(i + 1)[1]
                return False
            if offset == lo - 1:
                ranges[i][0] = offset
                return False
            if offset < lo:
                ranges.insert(i, [offset, offset])
                return False
        ranges.append([offset, offset])
        return False

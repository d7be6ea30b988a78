"""Commits that never split an event: the gate between the agents' processing and faust's commits.

Faust's commit timer runs whenever the event loop is free, also while an agent is between two sends
of one event: the outputs already sent would be committed without the event's offset, and a crash
right after would produce them again. :class:`CommitGate` makes commits wait until no event is being
processed, and holds new events back while a commit is pending, so a busy stream cannot starve it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from time import monotonic


class CommitGate:
    """Commits wait for in-flight events; new events wait while a commit is pending.

    Also carries the source partition of the event being processed (a context variable, so
    concurrent agents each see their own), and ``backlog_interval``: the least time between two
    timer or idle commits while the worker works off a backlog (0: no stretching)."""

    def __init__(self, backlog_interval: float = 0.0) -> None:
        self.backlog_interval = backlog_interval
        self.source: ContextVar[tuple[str, int] | None] = ContextVar("newsfeed_source_tp", default=None)
        self._busy = 0
        self._pending = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._open = asyncio.Event()
        self._open.set()
        self.idle_since = monotonic()  # when the last event in flight finished

    @asynccontextmanager
    async def processing(self, topic: str | None = None, partition: int = -1) -> AsyncIterator[None]:
        """Region in which events are handled, from their first send to their ack.

        With ``topic``, sends inside are routed to that source partition's transaction (for a batch
        of events from several partitions, route each event's sends with :meth:`routing`)."""
        while self._pending:
            await self._open.wait()
        self._busy += 1
        self._idle.clear()
        try:
            if topic is None:
                yield
            else:
                with self.routing(topic, partition):
                    yield
        finally:
            self._busy -= 1
            if self._busy == 0:
                self._idle.set()
                self.idle_since = monotonic()

    def quiet_for(self) -> float:
        """Seconds since the last event in flight finished (0 while one is in flight)."""
        return 0.0 if self._busy else monotonic() - self.idle_since

    @contextmanager
    def routing(self, topic: str, partition: int) -> Iterator[None]:
        """Sends inside go to the transaction of source partition ``(topic, partition)``."""
        token = self.source.set((topic, partition))
        try:
            yield
        finally:
            self.source.reset(token)

    @asynccontextmanager
    async def committing(self) -> AsyncIterator[None]:
        """Region of a commit: entered once no event is in flight; blocks new events until left."""
        self._pending += 1
        self._open.clear()
        try:
            while self._busy:
                await self._idle.wait()
            yield
        finally:
            self._pending -= 1
            if self._pending == 0:
                self._open.set()

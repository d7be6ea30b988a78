"""Exactly-once processing on faust-streaming: what its ``exactly_once`` guarantee leaves out.

Faust keeps one transactional producer per assigned (topic group, partition) and commits a
partition's consumed offsets in the transaction of that partition's producer. Three gaps make that
lose or double records (and, in a multi-stage topology like ours, stall):

1. **Routing by destination.** Faust picks the transaction of a produced record from the record's
   *destination* partition. A record sent to a topic of another group (``news.raw`` ->
   ``<app>.prepared``) lands in a transaction that is only committed when that other partition's
   offsets move, so with read_committed consumers the pipeline stalls, and an output is never atomic
   with the offset of the input that caused it. :class:`SourceRoutedTransactions` routes every record
   sent while an event is processed to the transaction of the event's *source* partition, as Kafka
   Streams does with one producer per task.
2. **Commits in the middle of an event.** Faust's commit timer runs whenever the event loop is free,
   also while an agent is between two sends of one event: the outputs already sent would be
   committed without the event's offset, and a crash right after would produce them again.
   :class:`CommitGate` makes commits wait until no event is being processed (and holds new events
   back while a commit is pending, so a busy stream cannot starve it).
3. **Buffered changelog writes.** Table changelog records wait in faust's producer buffer; a commit
   could take the event's offset while its changelog record is still in the buffer. The gated commit
   drains the buffer first.

Use: ``install(app, gate)`` before the app declares topics; wrap each event's handling (from its first
send to its ack) in ``async with gate.processing(topic, partition)``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Mapping, MutableMapping
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from time import monotonic
from types import SimpleNamespace
from typing import Any, cast

from faust.transport.consumer import TransactionManager
from faust.transport.drivers import aiokafka as faust_aiokafka

from streams.faust_ext.consumer import GaplessConsumer
from streams.faust_ext.stable_offsets import wait_stable


def transaction_id_for(app: Any, topic: str, partition: int) -> str:
    """The transactional id faust gives the partition group of ``topic``'s ``partition``."""
    tpg = SimpleNamespace(group=app.assignor.group_for_topic(topic), partition=partition)
    return TransactionManager.transactional_id_format.format(tpg=tpg, group_id=app.conf.id)


# Records not yet processed on a worker's source partitions above which it counts as working off a
# backlog (see GatedConsumer.commit): ~0.4 s of work for one process without NER, far above what
# arrives between two commits in real time (~25 records at 250 articles/s and 0.1 s), so a worker
# that keeps up never stretches its commits.
BACKLOG_RECORDS = 200

# How long a seek after a rebalance waits for the group's committed offsets to be stable: pending
# commits of a graceful hand-over take milliseconds to apply; one of a crashed owner stays pending
# until the new owner's producer fences it, which happens before the seek. Past this the seek goes
# on with what the coordinator has (faust's own recovery allows the seek broker_request_timeout).
STABLE_OFFSETS_WAIT_S = 10.0


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


class DeferredWrites(MutableMapping[str, Any]):
    """A mapping over ``store`` (a Faust table) whose writes wait in memory until :meth:`apply`.

    For work done on an event outside a :meth:`CommitGate.processing` region (cleaning a batch while
    the NER runs elsewhere and commits go on): a table write sends a changelog record at once, and a
    commit before the event's outputs would publish it without the event's offset. The writes are
    collected (:meth:`take`, per event) and applied in the event's processing region, with its
    routing. Reads see the pending writes first."""

    def __init__(self, store: MutableMapping[str, Any]) -> None:
        self.store = store
        self._overlay: dict[str, Any] = {}
        self._log: list[tuple[str, Any]] = []

    def __getitem__(self, key: str) -> Any:
        if key in self._overlay:
            return self._overlay[key]
        return self.store[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._overlay[key] = value
        self._log.append((key, value))

    def __delitem__(self, key: str) -> None:
        raise TypeError("DeferredWrites holds back writes only; deleting is not deferred")

    def __iter__(self) -> Iterator[str]:
        yield from self._overlay
        yield from (k for k in self.store if k not in self._overlay)

    def __len__(self) -> int:
        return len(self._overlay) + sum(1 for k in self.store if k not in self._overlay)

    def take(self) -> list[tuple[str, Any]]:
        """The writes made since the last call (to :meth:`apply` later), in order."""
        writes, self._log = self._log, []
        return writes

    def apply(self, writes: list[tuple[str, Any]]) -> None:
        """Write ``writes`` (from :meth:`take`) to the store; a value no newer write replaced leaves
        the overlay."""
        for key, value in writes:
            self.store[key] = value
            if self._overlay.get(key) is value:
                del self._overlay[key]


class SourceRoutedTransactions(TransactionManager):
    """Faust's transaction manager, but records go to the transaction of the event's source partition."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tids: dict[tuple[str, int], str] = {}  # source partition -> transactional id

    async def send(
        self,
        topic: str,
        key: bytes | None,
        value: bytes | None,
        partition: int | None,
        timestamp: float | None,
        headers: Any,
        *,
        transactional_id: str | None = None,
    ) -> Any:
        source = cast(NewsfeedTransport, self.transport).gate.source.get()
        if source is None:
            # Outside an event (table changelog writes drained from the producer buffer): faust's own
            # routing, which for a table's changelog is the transaction of the partition it mirrors.
            return await super().send(topic, key, value, partition, timestamp, headers)
        tid = self._tids.get(source)
        if tid is None:
            # Cached per source partition until the next rebalance (a string format per record otherwise).
            tid = self._tids[source] = transaction_id_for(self.app, *source)
        p = self.consumer.key_partition(topic, key, partition)
        return await self.producer.send(topic, key, value, p, timestamp, headers, transactional_id=tid)


    async def on_partitions_revoked(self, revoked: Any) -> None:
        """Flush, and make the table recovery after the rebalance start from the changelog's start.

        What was sent since the last commit is aborted when the producers are replaced in
        :meth:`on_rebalance` (faust has already forgotten the acked offsets of the revoked
        partitions by now, so committing here would commit outputs whose inputs are read again)."""
        await super().on_partitions_revoked(revoked)
        # Faust remembers the last changelog offset it wrote and, for a partition this worker keeps,
        # compares it with a highwater it may not know yet right after the rebalance (-1):
        # ConsistencyError. Forgetting the offset makes the recovery read the changelog from the
        # start onto the same data. (Known gap: in-memory table writes of the aborted transaction
        # stay in the table; for the dedup index that can only make a re-read record "first seen".)
        recovery = getattr(self.app.tables, "recovery", None)
        if recovery is not None:
            for tp in [tp for tp in recovery.active_offsets if tp.topic.endswith("-changelog")]:
                del recovery.active_offsets[tp]

    async def on_rebalance(self, assigned: Any, revoked: Any, newly_assigned: Any) -> None:
        """Fresh transactional producers for the new assignment.

        Rebalances are eager: every partition was revoked and processing stopped before this runs.
        Faust keeps the producer of a partition group that moved to another worker; that worker's
        producer fences it, and when the partition comes back faust reuses the fenced producer (then
        drops it), so sends and commits fail. Closing every producer and starting one per assigned
        partition group makes each new producer fence whatever an earlier owner left open (its
        transaction is aborted, and its records are processed again from the committed offsets)."""
        producer = self.producer
        self._tids.clear()  # topic groups are assigned anew
        # Records acked since the commit at revocation belong to transactions aborted below; the
        # partitions are read again from the committed offsets.
        consumer = self.consumer
        if isinstance(consumer, GatedConsumer):
            consumer.forget_acks()
        for tid in list(getattr(producer, "_transaction_producers", {})):
            await producer.stop_transaction(tid)
        tids = sorted(self._tps_to_transactional_ids(assigned))
        if tids:
            self.log.info("Starting %d transactional producers for %d assigned partitions", len(tids), len(assigned))
            await self._start_transactions(tids)


class ConcurrentCommitProducer(faust_aiokafka.Producer):
    """faust's producer, ending the transactions of one commit concurrently instead of in turn.

    Each transaction costs broker round trips (its offsets, then EndTxn once its records are
    acknowledged) and a worker holds one per assigned partition group; the :class:`CommitGate` holds
    every new event back until the last one has ended, so in turn they add up to a stall of every
    stage (0.1-0.7 s seen with five of them on a loaded 2-core machine). Each transaction has its own
    producer and connection; they are independent."""

    async def commit_transactions(
        self,
        tid_to_offset_map: Mapping[str, Mapping[Any, int]],
        group_id: str,
        start_new_transaction: bool = True,
    ) -> None:
        """Commit each transaction in its own task; the first error is raised once all have ended."""
        commit = super().commit_transactions
        results = await asyncio.gather(
            *(commit({tid: offsets}, group_id, start_new_transaction) for tid, offsets in tid_to_offset_map.items()),
            return_exceptions=True,
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result


class GatedConsumer(GaplessConsumer):
    """aiokafka consumer whose commits pass through the :class:`CommitGate` and drain the buffer first."""

    _held: frozenset[str] = frozenset()
    last_commit: float = 0.0  # monotonic time the last commit ended

    def has_uncommitted(self) -> bool:
        """Whether some processed record's offset is not committed yet."""
        return any(self._acked.values())

    async def commit(self, topics: Any = None, start_new_transaction: bool = True) -> bool:
        """The commit timer's and commit-when-idle's commit: under exactly_once, while the worker
        works off a backlog, at most every ``gate.backlog_interval`` seconds.

        Each commit ends every transaction of the worker (its offsets, then EndTxn, and the
        broker's markers on every partition written): ~10% of the throughput without NER at
        0.1 s. With a backlog, an article's latency is its wait in the queue, so committing less
        often costs it nothing and the backlog goes faster; a worker that keeps up commits on the
        interval (or when idle) as before. Commits at a rebalance do not come through here."""
        gap = cast(NewsfeedTransport, self.transport).gate.backlog_interval
        if (gap > 0 and self.in_transaction and monotonic() - self.last_commit < gap
                and self.backlog() > BACKLOG_RECORDS):
            return False
        return bool(await super().commit(topics, start_new_transaction))

    def backlog(self) -> int:
        """Records of the worker's source partitions not processed yet: up to the last stable
        offset (read_committed) or the highwater, from one past the last processed record."""
        try:
            client = self._thread._ensure_consumer()
        except Exception:  # being replaced (rebalance, stop)
            return 0
        total = 0
        for tp in set(self._acked) | {tp for tp, c in self._committed_offset.items() if c is not None}:
            if not self.app.topics.acks_enabled_for(tp.topic):
                continue
            try:
                end = client.last_stable_offset(tp)
                if end is None or end < 0:
                    end = client.highwater(tp)
            except Exception:  # no longer assigned
                continue
            acked = self._acked.get(tp)
            done = max(acked) + 1 if acked else self._committed_offset.get(tp)
            if end is not None and done is not None and end > done:
                total += end - done
        return total

    def _new_offset(self, tp: Any) -> int | None:
        """Under exactly_once, nothing for the partitions of a transaction that is held back."""
        if self._held and transaction_id_for(self.app, tp.topic, tp.partition) in self._held:
            return None
        return super()._new_offset(tp)

    async def force_commit(self, topics: Any = None, start_new_transaction: bool = True) -> bool:
        async with cast(NewsfeedTransport, self.transport).gate.committing():
            if self.in_transaction:
                # A transaction holds the outputs of every partition it covers (same number, one
                # topic group: e.g. news.raw[1] and <app>.unique[1]). While one of them has a record
                # passed over (fetched again by refetch_holes), committing the transaction through
                # the others would publish outputs of records after the hole without their offsets,
                # and a crash would produce them again: hold the whole transaction back.
                self._held = frozenset(
                    transaction_id_for(self.app, tp.topic, tp.partition) for tp in list(self._acked)
                    if self._run(tp) is not None and tp in self._holes
                )
                # Changelog records of the events processed so far must join this transaction.
                await self.app.producer.buffer.flush()
                for _ in range(3):  # let a record the buffer task has just taken reach its producer
                    await asyncio.sleep(0)
            try:
                committed = bool(await super().force_commit(topics, start_new_transaction=start_new_transaction))
            finally:
                self._held = frozenset()
                self.last_commit = monotonic()
        await self.refetch_holes()
        return committed

    async def perform_seek(self) -> None:
        """Seek to the committed offsets (after a rebalance), once no transaction holds them pending.

        Right after a transactional commit the coordinator may still return the previous offsets
        (see :mod:`streams.faust_ext.stable_offsets`); seeking there would read committed records again."""
        async with self.settling():  # nothing delivered from the old positions meanwhile
            if self.in_transaction:
                producers = getattr(self.app.producer, "_transaction_producers", None) or {}
                client = next((p.client for p in producers.values()), None)
                if client is not None:  # a main-loop client (the consumer's own runs in its thread)
                    tps = [tp for tp in self.assignment() if self.app.topics.acks_enabled_for(tp.topic)]
                    await wait_stable(client, self.app.conf.id, tps, STABLE_OFFSETS_WAIT_S)
            await super().perform_seek()

    async def on_partitions_revoked(self, revoked: Any) -> None:
        """Commit what was processed before faust forgets it, then let faust revoke.

        Faust drops the acked offsets of revoked partitions before its own revocation handler runs
        (which waits for the agents and flushes); a transaction committed after that, through
        another partition's offsets, would carry outputs whose inputs are read again. So commit
        here first, as Kafka Streams commits before giving partitions up. What is still processed
        after this commit is aborted when the producers are replaced (:meth:`on_rebalance`)."""
        if revoked and self.in_transaction:
            await self.force_commit()  # gated, buffer drained: the same commit as the timer's
        await super().on_partitions_revoked(revoked)

    async def on_partitions_assigned(self, assigned: Any, generation_id: int = 0) -> None:
        """Start the new assignment without acks left over from the previous one.

        Faust forgets the acks of revoked partitions when they are revoked, but events still in
        flight then ack afterwards; those offsets (possibly beyond records that are read again from
        the committed offset) must not be committed."""
        self.forget_acks()
        await super().on_partitions_assigned(assigned, generation_id)

    def forget_acks(self) -> None:
        """Drop every acked-but-uncommitted offset (their outputs are being aborted)."""
        self._acked.clear()
        self._acked_index.clear()
        self._gap.clear()
        self._holes.clear()


class NewsfeedTransport(faust_aiokafka.Transport):
    """faust's aiokafka transport with the gated consumer and source-routed transactions."""

    Consumer = GatedConsumer
    Producer = ConcurrentCommitProducer
    TransactionManager = SourceRoutedTransactions

    def __init__(self, url: Any, app: Any, gate: CommitGate) -> None:
        super().__init__(url, app)
        self.gate = gate


def install(app: Any, gate: CommitGate) -> None:
    """Give ``app`` a transport whose consumer and transaction manager use ``gate``."""
    app.transport = NewsfeedTransport(app.conf.broker_consumer, app, gate)


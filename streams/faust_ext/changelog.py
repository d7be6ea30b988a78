"""Table writes whose changelog records the agent sends itself, beside its outputs.

A write to a Faust table goes through ``Table.on_key_set``: faust wraps the changelog record in a
FutureMessage, queues it in its producer buffer, and a background task serializes it through its
codec registry and hands it to the producer, one record at a time (~14% of the dedup process's CPU,
which writes one record per first-seen article). :class:`DirectChangelog` writes the table's store
at once and keeps the changelog records until the agent sends them (:meth:`DirectChangelog.flush`)
in the event's processing region, like its other records: under exactly_once they join the event's
transaction as before, and a commit cannot slip between the write and its record. The records are
those faust writes (JSON key and value, a null value deleting the key, the partition of the event),
so recovery and standby replicas read them as before, and each delivery still reports its offset to
the store (what a RocksDB store keeps to know where its recovery starts).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, MutableMapping
from typing import Any

import orjson

log = logging.getLogger("newsfeed.worker")


class DirectChangelog(MutableMapping[str, Any]):
    """A Faust table (str keys, JSON values) seen as a mapping whose changelog records wait for
    :meth:`flush`. Reads and writes go straight to the table's store."""

    def __init__(self, table: Any) -> None:
        self.table = table
        self._pending: list[tuple[str, Any]] = []

    @property
    def _store(self) -> Any:
        # Faust creates the store lazily (and a worker that gets no partition never needs one).
        return self.table.data

    def __getitem__(self, key: str) -> Any:
        return self._store[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._store[key] = value
        self._pending.append((key, value))

    def __delitem__(self, key: str) -> None:
        del self._store[key]
        self._pending.append((key, None))

    def __contains__(self, key: object) -> bool:
        return key in self._store

    def __iter__(self) -> Iterator[str]:
        return iter(self._store)

    def __len__(self) -> int:
        return len(self._store)

    def pending(self) -> int:
        """Changelog records written and not yet flushed."""
        return len(self._pending)

    async def flush(self, producer: Any, partition: int) -> None:
        """Send the pending changelog records to ``partition`` of the table's changelog topic through
        ``producer`` (faust's transaction manager under exactly_once: the caller routes them)."""
        if not self._pending:
            return
        writes, self._pending = self._pending, []
        topic = self.table.changelog_topic.get_topic_name()
        for key, value in writes:
            fut = await producer.send(
                topic, orjson.dumps(key), None if value is None else orjson.dumps(value), partition, None, None
            )
            fut.add_done_callback(self._sent)

    def _sent(self, fut: Any) -> None:
        """What faust's ``Collection._on_changelog_sent`` does with a delivered changelog record."""
        if fut.cancelled():
            return
        if fut.exception() is not None:
            log.error("changelog delivery failed: %s", fut.exception())
            return
        res = fut.result()
        app = self.table.app
        if app.in_transaction:
            # Under exactly_once a RocksDB store keeps the offset only once its partition commits.
            app.tables.persist_offset_on_commit(self._store, res.topic_partition, res.offset)
        else:
            self._store.set_persisted_offset(res.topic_partition, res.offset)

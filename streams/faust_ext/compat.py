"""Every private name of faust-streaming, mode and aiokafka that newsfeed uses, in one place.

newsfeed's exactly-once machinery reads faust's consumer state and overrides some of its private
methods. Each private name read is read through one accessor below (nowhere else), and every private
name used (read or overridden) is listed in :data:`PRIVATE_NAMES`; a method newsfeed overrides or
copies is pinned by a hash of faust's source. :func:`check` runs at worker start-up: a missing name or
a changed method stops the worker with one line naming it and the supported faust-streaming range,
instead of an exactly-once fix switching off without a word. See README.md here for the upgrade
checklist.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Literal

# The faust-streaming releases this layer was reviewed against (pyproject.toml pins the same range).
SUPPORTED_FAUST = ">=0.15.3,<0.16"


class FaustCompatError(RuntimeError):
    """The installed faust-streaming (or aiokafka, mode) lacks or changed a private name newsfeed uses."""


@dataclass(frozen=True)
class PrivateName:
    """One private name: where it lives, and how newsfeed depends on it."""

    owner: str  # "module:Class"
    name: str
    # ``attribute``: set in the owner's ``__init__`` (instance) or on the class; ``method``: called or
    # overridden, its source pinned by ``sha`` (the first 16 hex digits of SHA-256 of faust's source).
    kind: Literal["attribute", "method"]
    sha: str | None = None
    why: str = ""
    set_in: str = "__init__"  # the method of the owner that sets an instance attribute


PRIVATE_NAMES: tuple[PrivateName, ...] = (
    # -- the consumer (streams.faust_ext.consumer, drain_loop) ------------------------------------
    PrivateName("faust.transport.consumer:Consumer", "_drain_messages", "method", "44a2500309e83c63",
                "copied and changed in drain_loop.py: review the copy against the new source"),
    PrivateName("faust.transport.consumer:Consumer", "_wait_next_records", "method", "6218e1969a636b3f",
                "overridden: notes what each fetch passed over"),
    PrivateName("faust.transport.consumer:Consumer", "_new_offset", "method", "1d2c7ea89a7ad4f1",
                "overridden: the commit rule (contiguous processed run)"),
    PrivateName("faust.transport.consumer:Consumer", "_add_gap", "method", "4df2573ded7c1c2c",
                "overridden: only verified holes count as gaps"),
    PrivateName("faust.transport.consumer:ThreadDelegateConsumer", "_seek", "method", "4f95c631420410a5",
                "overridden: the seek runs in the consumer's thread"),
    PrivateName("faust.transport.consumer:Consumer", "_acked", "attribute", why="processed offsets"),
    PrivateName("faust.transport.consumer:Consumer", "_acked_index", "attribute", why="processed offsets"),
    PrivateName("faust.transport.consumer:Consumer", "_committed_offset", "attribute", why="committed offsets"),
    PrivateName("faust.transport.consumer:Consumer", "_gap", "attribute", why="recorded gaps"),
    PrivateName("faust.transport.consumer:Consumer", "_read_offset", "attribute", why="delivered offsets"),
    PrivateName("faust.transport.consumer:Consumer", "_commit_every", "attribute", why="commit by count"),
    PrivateName("faust.transport.consumer:Consumer", "_unacked_messages", "attribute",
                why="records in flight (stall watch)"),
    PrivateName("faust.transport.consumer:Consumer", "_active_partitions", "attribute", set_in="_reset_state",
                why="partitions fetched (stall warning)"),
    PrivateName("faust.transport.consumer:Consumer", "_paused_partitions", "attribute", set_in="_reset_state",
                why="partitions paused (stall warning)"),
    PrivateName("faust.transport.consumer:ThreadDelegateConsumer", "_thread", "attribute",
                why="the aiokafka consumer's thread"),
    PrivateName("faust.transport.drivers.aiokafka:AIOKafkaConsumerThread", "_ensure_consumer", "method",
                "ff4a4c693b7ec63f", "the aiokafka consumer of the thread"),
    PrivateName("faust.transport.drivers.aiokafka:AIOKafkaConsumerThread", "_highwaters", "method",
                "a7f4f97d9f32aca2", "replaced by end_offsets.BrokerEndOffsets: inside a transaction it answers "
                "from the latest fetch, None before a partition's first (drop the mixin if upstream asks the broker)"),
    PrivateName("aiokafka.consumer.consumer:AIOKafkaConsumer", "_subscription", "attribute",
                why="fetch positions of assigned partitions"),
    PrivateName("mode.services:Service", "_stopped", "attribute", why="the drain loop's stop condition"),
    PrivateName("faust.transport.conductor:Conductor", "_tp_index", "attribute",
                why="the stream buffers of a partition (backpressure)"),
    # -- transactions (streams.faust_ext.transactions) --------------------------------------------
    PrivateName("faust.transport.drivers.aiokafka:Producer", "_transaction_producers", "attribute",
                why="the open transactional producers"),
    PrivateName("faust.transport.consumer:TransactionManager", "_tps_to_transactional_ids", "method",
                "392b1c30e9a7ba72", "transactional ids of an assignment"),
    PrivateName("faust.transport.consumer:TransactionManager", "_start_transactions", "method",
                "6ee1a2d9b4196b3a", "starting one producer per partition group"),
    # -- tables, assignment -----------------------------------------------------------------------
    PrivateName("faust.tables.base:Collection", "_on_changelog_sent", "method", "60122c86a120d82c",
                "reproduced by changelog.DirectChangelog for the records it sends itself"),
    PrivateName("faust.assignor.partition_assignor:PartitionAssignor", "_perform_assignment", "method",
                "1e0bf2c5c8f42574", "overridden: members running different stages"),
    PrivateName("faust.assignor.partition_assignor:PartitionAssignor", "_table_manager", "attribute",
                why="replaced during an assignment by a view with every member's changelogs"),
    PrivateName("faust.tables.manager:TableManager", "_recovery", "attribute",
                why="the recovery service PromptTableManager creates in its place"),
)


def _owner(spec: str) -> type:
    module, _, cls = spec.partition(":")
    found: type = getattr(importlib.import_module(module), cls)
    return found


def source_sha(obj: Any) -> str:
    """The pin of a function: the first 16 hex digits of SHA-256 of its source."""
    return hashlib.sha256(inspect.getsource(obj).encode()).hexdigest()[:16]


def problems(names: tuple[PrivateName, ...] | None = None) -> list[str]:
    """What is missing or changed upstream, one phrase each (empty: every name is as reviewed);
    ``names``: :data:`PRIVATE_NAMES` unless given."""
    found: list[str] = []
    for pn in PRIVATE_NAMES if names is None else names:
        where = f"{pn.owner.replace(':', '.')}.{pn.name}"
        try:
            owner = _owner(pn.owner)
        except (ImportError, AttributeError):
            found.append(f"{pn.owner.replace(':', '.')} is missing")
            continue
        if pn.kind == "method":
            fn = inspect.getattr_static(owner, pn.name, None)
            if fn is None:
                found.append(f"{where} is missing")
            elif pn.sha is not None and source_sha(getattr(owner, pn.name)) != pn.sha:
                found.append(f"{where} changed ({pn.why})")
        elif not (inspect.getattr_static(owner, pn.name, None) is not None
                  or f"self.{pn.name}" in inspect.getsource(vars(owner).get(pn.set_in, object.__init__))):
            found.append(f"{where} is missing")
    return found


def check() -> None:
    """Raise :class:`FaustCompatError` unless every private name is as this layer was reviewed against."""
    found = problems()
    if found:
        import faust

        raise FaustCompatError(
            f"faust-streaming {faust.__version__} is not supported (newsfeed needs faust-streaming"
            f"{SUPPORTED_FAUST}): {'; '.join(found)}"
        )


# -- accessors: the only places these private names are read -------------------------------------
def acked(consumer: Any) -> Any:
    """faust's processed offsets per partition (``Consumer._acked``)."""
    return consumer._acked


def acked_index(consumer: Any) -> Any:
    """faust's set view of the processed offsets (``Consumer._acked_index``)."""
    return consumer._acked_index


def committed_offsets(consumer: Any) -> Any:
    """faust's last committed offset per partition (``Consumer._committed_offset``)."""
    return consumer._committed_offset


def gaps(consumer: Any) -> Any:
    """faust's recorded gaps per partition (``Consumer._gap``)."""
    return consumer._gap


def read_offsets(consumer: Any) -> Any:
    """faust's last delivered offset per partition (``Consumer._read_offset``)."""
    return consumer._read_offset


def unacked_messages(consumer: Any) -> Any:
    """The records faust's streams took and have not acked yet (``Consumer._unacked_messages``)."""
    return consumer._unacked_messages


def commit_every(consumer: Any) -> int | None:
    """faust's commit-every-N-records setting (``Consumer._commit_every``)."""
    value: int | None = consumer._commit_every
    return value


def active_partitions(consumer: Any) -> Any:
    """The partitions faust fetches from, or None before the first assignment (``Consumer._active_partitions``)."""
    return consumer._active_partitions


def paused_partitions(consumer: Any) -> Any:
    """The partitions faust keeps paused (``Consumer._paused_partitions``)."""
    return consumer._paused_partitions


def stopped(service: Any) -> Any:
    """mode's event set once a service stopped (``Service._stopped``)."""
    return service._stopped


def consumer_thread(consumer: Any) -> Any:
    """The thread that runs the aiokafka consumer (``ThreadDelegateConsumer._thread``)."""
    return consumer._thread


def aiokafka_consumer(consumer: Any) -> Any:
    """The aiokafka consumer of faust's consumer (``AIOKafkaConsumerThread._ensure_consumer``)."""
    return consumer._thread._ensure_consumer()


def subscription_state(aio_consumer: Any) -> Any:
    """aiokafka's subscription state (``AIOKafkaConsumer._subscription``)."""
    return aio_consumer._subscription


def stream_channels(app: Any, tp: Any) -> Any:
    """The channels (streams) fed by partition ``tp`` (``Conductor._tp_index``)."""
    return app.topics._tp_index.get(tp, ())


def transaction_producers(producer: Any) -> Any:
    """faust's open transactional producers by transactional id (``Producer._transaction_producers``)."""
    return producer._transaction_producers


def transactional_ids(manager: Any, tps: Any) -> Any:
    """The transactional ids faust gives an assignment (``TransactionManager._tps_to_transactional_ids``)."""
    return manager._tps_to_transactional_ids(tps)


async def start_transactions(manager: Any, tids: Any) -> None:
    """Start one transactional producer per id (``TransactionManager._start_transactions``)."""
    await manager._start_transactions(tids)


def transaction_id_for(app: Any, topic: str, partition: int) -> str:
    """The transactional id faust gives the partition group of ``topic``'s ``partition``."""
    from faust.transport.consumer import TransactionManager

    tpg = SimpleNamespace(group=app.assignor.group_for_topic(topic), partition=partition)
    return TransactionManager.transactional_id_format.format(tpg=tpg, group_id=app.conf.id)


def table_recovery(app: Any) -> Any:
    """The table manager's recovery service (faust creates it with the table manager)."""
    return app.tables.recovery


def tables_recovered(app: Any) -> bool:
    """Whether the tables of ``app`` finished their changelog recovery."""
    return bool(table_recovery(app).completed.is_set())


def cached_recovery(manager: Any) -> Any:
    """The table manager's recovery service if created yet, else None (``TableManager._recovery``)."""
    return manager._recovery


def cache_recovery(manager: Any, recovery: Any) -> None:
    """Make ``recovery`` the table manager's recovery service (``TableManager._recovery``)."""
    manager._recovery = recovery


@contextmanager
def table_manager_replaced(assignor: Any, replace: Callable[[Any], Any]) -> Iterator[None]:
    """The assignor's table manager (``PartitionAssignor._table_manager``) is ``replace(own)`` inside."""
    own = assignor._table_manager
    assignor._table_manager = replace(own)
    try:
        yield
    finally:
        assignor._table_manager = own


def commit_gate(consumer: Any) -> Any:
    """The :class:`~streams.faust_ext.commit_gate.CommitGate` of the transport newsfeed installed."""
    return consumer.transport.gate

"""Start-up, rebalance, heartbeat and commit-when-idle hooks of a worker process (every role)."""

from __future__ import annotations

import asyncio
import logging
from time import monotonic
from typing import TYPE_CHECKING, Any

from streams.faust_ext import compat
from streams.faust_ext.gated_consumer import GatedConsumer
from streams.faust_ext.redelivery import RedeliveryGuard

if TYPE_CHECKING:
    from streams.worker.app import WorkerApp

log = logging.getLogger("newsfeed.worker")

# How often the worker refreshes liveness, lag and readiness.
HEARTBEAT_S = 5.0
# Commit-when-idle: checked every 10 ms; the worker counts as quiet after 20 ms without an event in
# flight, and commits at most every 50 ms. Quieter thresholds commit more often, and each extra commit
# holds the events that arrive during it back; these keep the extra commits rare under load.
IDLE_COMMIT_CHECK_S = 0.01
IDLE_COMMIT_QUIET_S = 0.02
IDLE_COMMIT_MIN_GAP_S = 0.05


def register_lifecycle(w: WorkerApp, guard: RedeliveryGuard) -> None:
    """Declare the hooks on ``w``'s app."""
    app, s = w.app, w.settings

    @app.task
    async def started() -> None:
        w.metrics.mark_started()
        source = s.topic_raw if s.runs_prepare else w.prepared_topic.get_topic_name()
        log.info("newsfeed worker (%s) running; consuming %s", s.worker_role, source)

    @app.on_partitions_assigned.connect  # type: ignore[arg-type]  # mode's stub wants `signal=`
    async def on_assigned(sender: Any, assigned: Any = None, **kwargs: Any) -> None:
        # The dedup index keeps its LSH buckets in memory, derived from the table; after a
        # rebalance the table may hold what another worker wrote meanwhile, so rebuild them.
        w.pipeline.dedup_index.invalidate()
        # Likewise the learned boilerplate's states not yet written to its table.
        w.pipeline.cleaner.learner.invalidate()
        # Records handled before the rebalance but not committed are delivered again from the
        # committed offsets (their outputs were aborted): they must be processed again.
        guard.reset()

    @app.on_rebalance_complete.connect  # type: ignore[arg-type]  # mode's stub wants `signal=`
    async def on_recovered(sender: Any, **kwargs: Any) -> None:
        # What each table holds once recovered: a restart or rebalance that lost state shows here.
        # In memory only: counting a RocksDB store's keys reads all of it.
        if not s.store.startswith("memory"):
            return
        stores = {"dedup-index": w.dedup_store, "entity-registry": w.registry_store, "boilerplate": w.boilerplate_store}
        log.info("tables recovered: %s", ", ".join(f"{name} {len(store)} keys" for name, store in stores.items()
                                                    if store is not None))

    @app.timer(interval=HEARTBEAT_S)
    async def heartbeat() -> None:
        w.health.beat()
        await observe_assignment(w)
        if w.pipeline.registry is not None:
            w.metrics.record_registry(w.pipeline.registry.counters())
        consumer = app.consumer
        if isinstance(consumer, GatedConsumer):
            w.metrics.count_up_to(w.metrics.backpressure_pauses, consumer.backpressure_pauses)
            await consumer.watch_stalls()
            w.metrics.count_up_to(w.metrics.partition_stalls, consumer.stalls)
            guard.forget_below(consumer.committed_offsets())

    if s.commit_when_idle:
        app.task(_commit_when_idle(w))


def _commit_when_idle(w: WorkerApp) -> Any:
    async def commit_when_idle() -> None:
        """Commit as soon as the worker falls quiet (NEWSFEED_COMMIT_WHEN_IDLE).

        The commit timer ends transactions every NEWSFEED_COMMIT_INTERVAL_S; each hop waits for it
        (half the interval on average, the whole of it at worst). When the worker falls quiet with
        processed records not yet committed, commit them now: a worker with spare capacity publishes
        at once, a saturated one (never quiet) still commits on the interval, so throughput does not
        pay for it."""
        while True:
            await asyncio.sleep(IDLE_COMMIT_CHECK_S)
            consumer = w.app.consumer
            if not isinstance(consumer, GatedConsumer) or w.app.rebalancing:
                continue
            if (w.gate.quiet_for() >= IDLE_COMMIT_QUIET_S
                    and monotonic() - consumer.last_commit >= IDLE_COMMIT_MIN_GAP_S
                    and consumer.has_uncommitted()):
                await consumer.commit()

    return commit_when_idle


async def observe_assignment(w: WorkerApp) -> None:
    """Lag per assigned partition, and readiness (assigned, not rebalancing, tables recovered)."""
    consumer = w.app.consumer
    lags: dict[tuple[str, int], int] = {}
    for tp in consumer.assignment():
        if tp.topic.endswith("-changelog") or "__assignor" in tp.topic:
            continue
        try:
            # Bounded: aiokafka waits for a partition's position to become valid, and a heartbeat
            # stuck there would also stop the stall watch and the liveness beat.
            position = await asyncio.wait_for(consumer.position(tp), timeout=HEARTBEAT_S)
            highwater = consumer.highwater(tp)
        except Exception:  # metadata not known yet right after an assignment, or no position yet
            continue
        if position is not None and highwater is not None and highwater >= 0:
            lags[(tp.topic, tp.partition)] = max(0, highwater - position)
    w.metrics.set_assignment(lags)
    ready = bool(lags) and not w.app.rebalancing and compat.tables_recovered(w.app)
    reason = "ok" if ready else ("rebalancing" if w.app.rebalancing else "waiting for partitions")
    w.health.set_ready(ready, reason)
    w.metrics.ready.set(1 if ready else 0)

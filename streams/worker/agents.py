"""The three agents of a worker process (see :mod:`streams.worker.app` for the flow).

Each agent reads a batch (or one event), lets the pipeline decide, and publishes inside the commit
gate's processing region, each record in the transaction of the source partition it came from.
Work that takes long (cleaning, the NER) happens before that region: the events stay unacked
meanwhile, so a commit leaves their offsets out, and a rebalance waits for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from streams.faust_ext.redelivery import RedeliveryGuard
from streams.pipeline.outputs import Output
from streams.pipeline.pipeline import Step
from streams.pipeline.prepared import PreparedArticle
from streams.records import Origin, RawMessage
from streams.worker.lifecycle import register_lifecycle

if TYPE_CHECKING:
    from streams.worker.app import WorkerApp


def register_agents(w: WorkerApp) -> None:
    """Declare the agents of the stages this process runs (NEWSFEED_WORKER_ROLE), and the lifecycle."""
    guard = RedeliveryGuard()
    if w.settings.runs_prepare:
        _prepare_agent(w, guard)
        _tag_agent(w, guard)
    if w.settings.runs_dedup:
        _dedup_agent(w, guard)
    register_lifecycle(w, guard)


def _prepare_agent(w: WorkerApp, guard: RedeliveryGuard) -> None:
    """``prepare`` on news.raw: step 1 over a batch, then each article to the dedup hop."""
    s, pipeline, gate, publisher = w.settings, w.pipeline, w.gate, w.publisher
    # NER before dedup on every batch: NER-sized batches; else larger ones, where each stage runs over
    # the batch in turn (warm CPU caches) and a batch larger than an NER batch shows a backlog.
    ner_first = pipeline.config.ner_before_dedup == "true" and pipeline.config.entities.use_model
    size, within = (
        (s.tag_batch_size, s.tag_batch_seconds) if ner_first else (s.prepare_batch_size, s.prepare_batch_seconds)
    )

    @w.app.agent(w.raw_topic, name="prepare")
    async def prepare(stream: Any) -> None:
        async for events in stream.take_events(size, within=within):
            fresh = [e for e in events if not guard.seen(*_position(e))]
            for event in fresh:
                w.metrics.mark_consumed(event.message.topic)
            batch = pipeline.prepare([_raw_message(e) for e in fresh])
            steps: list[Step] = batch.steps
            if pipeline.tags_in_prepare(backlog=len(fresh) > s.tag_batch_size):
                steps = pipeline.with_tags(steps, await w.tag(pipeline.untagged(steps)))
            async with gate.processing():
                for event, step, writes in zip(fresh, steps, batch.writes, strict=True):
                    msg = event.message
                    with gate.routing(msg.topic, msg.partition):
                        # The table writes of this article go to its own partition's changelog and
                        # transaction, with its outputs.
                        pipeline.apply_writes(writes)
                        await publisher.flush_changelog(w.boilerplate_store, msg.partition)
                        if isinstance(step, Output):
                            await publisher.publish(step, None)
                        else:
                            w.metrics.record_cleaning(step.source, step.cleaning)
                            await publisher.forward(w.prepared_topic, step)


def _tag_agent(w: WorkerApp, guard: RedeliveryGuard) -> None:
    """``tag`` on <app>.unique: the NER over first-seen articles left untagged, then each article back
    to the ordered hop, whose entity registry resolves its ids before publishing it."""
    s, pipeline, gate, publisher = w.settings, w.pipeline, w.gate, w.publisher

    @w.app.agent(w.unique_topic, name="tag")
    async def tag(stream: Any) -> None:
        async for events in stream.take_events(s.tag_batch_size, within=s.tag_batch_seconds):
            fresh = [e for e in events if not guard.seen(*_position(e))]
            read = [pipeline.read_prepared(e.value, Origin(*_position(e)), "entities") for e in fresh]
            # Tagged before the processing region: with the NER in its own process nothing is sent
            # meanwhile, so commits and the dedup hop need not wait for it.
            steps = pipeline.with_tags(read, await w.tag(pipeline.untagged(read)))
            async with gate.processing():
                for event, article, step in zip(fresh, read, steps, strict=True):
                    # Each article joins the transaction of the partition it was read from.
                    with gate.routing(event.message.topic, event.message.partition):
                        if isinstance(step, PreparedArticle):
                            await publisher.forward(w.prepared_topic, step)
                        else:
                            await _publish(w, step, article)


def _dedup_agent(w: WorkerApp, guard: RedeliveryGuard) -> None:
    """``dedup`` on the single-partition <app>.prepared."""
    pipeline, gate, publisher, store = w.pipeline, w.gate, w.publisher, w.dedup_store
    assert store is not None

    @w.app.agent(w.prepared_topic, name="dedup")
    async def dedup(stream: Any) -> None:
        async for event in stream.events():
            msg = event.message
            if guard.seen(msg.topic, msg.partition, msg.offset):
                continue
            async with gate.processing(msg.topic, msg.partition):
                read = pipeline.read_prepared(event.value, Origin(msg.topic, msg.partition, msg.offset), "dedup")
                step = pipeline.deduplicate(read) if isinstance(read, PreparedArticle) else read
                await publisher.flush_changelog(store, msg.partition)
                if isinstance(step, PreparedArticle) and not step.tagged:
                    await publisher.forward(w.unique_topic, step)  # to the NER after dedup
                    continue
                if isinstance(step, PreparedArticle):  # tagged before dedup, or back from the tag hop
                    step = pipeline.link(step)
                    await publisher.flush_changelog(w.registry_store, msg.partition)
                await _publish(w, step, read)


async def _publish(w: WorkerApp, step: Step, read: Step) -> None:
    """The records of a finished step (a dead letter or duplicates record, or a tagged article's
    outputs); ``read``, the article as the hop read it, gives a record the broker refuses its dead letter."""
    if isinstance(step, Output):
        await w.publisher.publish(step, read if isinstance(read, PreparedArticle) else None)
        return
    for out in w.pipeline.outputs(step):
        await w.publisher.publish(out, step)


def _raw_message(event: Any) -> RawMessage:
    msg = event.message
    key = msg.key if isinstance(msg.key, bytes) else None
    raw_headers = msg.headers or ()
    pairs = raw_headers.items() if isinstance(raw_headers, dict) else raw_headers
    headers = tuple((str(k), bytes(v or b"")) for k, v in pairs)
    return RawMessage(event.value, Origin(msg.topic, msg.partition, msg.offset), key, headers)


def _position(event: Any) -> tuple[str, int, int]:
    msg = event.message
    return msg.topic, msg.partition, msg.offset

"""The pipeline that chains the stages: decode -> clean -> dedup -> tag. Pure: no faust, no Kafka.

The worker (:mod:`streams.worker`) and the offline ``newsfeed process`` run this same code, in three
steps, because the worker runs them on separate hops:

1. :meth:`Pipeline.prepare`: raw messages -> :class:`PreparedArticle` (or dead letters), with the
   table writes each message made (:class:`~streams.pipeline.prepare.PreparedBatch`). Without the
   statistical NER, and for a batch the NER tags before dedup (NEWSFEED_NER_BEFORE_DEDUP), the
   tagging follows at once on the same hop (:meth:`Pipeline.tags_in_prepare`, :meth:`Pipeline.tag`).
2. :meth:`Pipeline.deduplicate`: first-seen, or a ``news.duplicates`` record.
3. :meth:`Pipeline.tag` for first-seen articles not tagged yet, then :meth:`Pipeline.outputs`:
   ``news.enriched`` and ``news.entities`` records.

Tagging is one step whatever runs the tagger: :meth:`Pipeline.untagged` says what to tag,
:meth:`Pipeline.run_tagger` runs the tagger of this process (the worker may instead await the NER in a
child process, :mod:`streams.worker.ner_process`), and :meth:`Pipeline.with_tags` applies the answers.

Every exception inside a stage becomes a dead letter with that stage's code
(:func:`~streams.pipeline.failures.stage_error`), so one poison message never stops the stream.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, MutableMapping, Sequence
from typing import Any, Protocol

from streams.clean import BoilerplateLearner, Cleaner
from streams.dedup import DedupIndex
from streams.entities import EntityTagger
from streams.entities.registry import EntityRegistry
from streams.pipeline import outputs
from streams.pipeline.config import PipelineConfig
from streams.pipeline.decode import payload_key
from streams.pipeline.failures import isolated, stage_error
from streams.pipeline.outputs import Output
from streams.pipeline.prepare import Observer, PreparedBatch, Preparer
from streams.pipeline.prepared import PreparedArticle, TagRequest
from streams.pipeline.writes import PendingWrites, Writes
from streams.records import Entity, Origin, RawMessage, StageError

# What a tagger answers for one article: its entities, or the typed error that rejects it.
TagResult = list[Entity] | StageError
Step = PreparedArticle | Output


class BatchTagger(Protocol):
    """What the pipeline needs of an entity tagger (:class:`EntityTagger`, or a test double)."""

    def tag_batch(self, items: Sequence[TagRequest]) -> list[list[Entity]]:
        """Entities of each (title, text, lang), in order."""
        ...


_WARM_UP_ASCII = "The government announced on Tuesday a reform that the minister will present in June in Paris."
_WARM_UP_TEXT = (
    "Le gouvernement a annoncé mardi à Paris une réforme que le ministre de l'Économie, Bruno Le Maire, "
    "présentera en juin devant l'Assemblée nationale, selon l'Agence France-Presse."
)


class Pipeline:
    """The stages with their state. Build one per process; stores are passed in (Faust tables in
    the worker, dicts offline) so the pipeline itself holds no hidden global state."""

    def __init__(
        self,
        config: PipelineConfig,
        dedup_store: MutableMapping[str, Any] | None = None,
        boilerplate_store: MutableMapping[str, Any] | None = None,
        tagger: BatchTagger | None = None,
        observe: Observer | None = None,
        clock: Callable[[], float] = time.time,
        registry_store: MutableMapping[str, Any] | None = None,
    ) -> None:
        self.config = config
        self._observe = observe
        self.boilerplate = PendingWrites(boilerplate_store if boilerplate_store is not None else {})
        self.cleaner = Cleaner(config.clean, BoilerplateLearner(config.clean, self.boilerplate))
        self.preparer = Preparer(config, self.cleaner, self.boilerplate, clock, observe)
        self.dedup_index = DedupIndex(config.dedup, dedup_store if dedup_store is not None else {})
        self.tagger: BatchTagger | None = None
        if "entities" not in config.skip:
            self.tagger = tagger if tagger is not None else EntityTagger(config.entities)
        # The entity registry must see every article in order: only a pipeline that does (offline
        # process, the worker's single-partition hop) gets a store; elsewhere ids stay the tagger's.
        self.registry = (
            EntityRegistry(config.registry, registry_store)
            if registry_store is not None and "entities" not in config.skip else None
        )

    def warm_up(self) -> None:
        """Do the one-off lazy loads now (lingua's language models take ~3 s on first use, the NER
        models and gazetteer on first tag), so that the first article does not pay for them."""
        # lingua loads the models of the languages its character rules leave possible: a plain ASCII
        # text leaves them all (an accented French one only a few, and the rest would load later).
        self.cleaner.lang.identify(_WARM_UP_ASCII, None)
        if self.tagger is not None:
            # Both languages with a model: each has its own NER pipeline and gazetteer pattern.
            self.tagger.tag_batch([("Paris", _WARM_UP_TEXT, "fr"), ("Paris", _WARM_UP_ASCII, "en")])

    # -- step 1 ---------------------------------------------------------------------------------
    def prepare(self, messages: Sequence[RawMessage]) -> PreparedBatch:
        """Decode, validate, clean and fingerprint a batch of raw messages (not tagged yet)."""
        return self.preparer.prepare(messages)

    def apply_writes(self, writes: Writes) -> None:
        """Write one message's held-back table writes (from :meth:`prepare`) to the store."""
        self.boilerplate.apply(writes)

    def tags_in_prepare(self, backlog: bool) -> bool:
        """Whether a prepare batch is tagged on the prepare hop: always without the statistical NER
        (the gazetteer alone costs ~0.4 ms an article, and a first-seen article then leaves the dedup
        hop finished), else as NEWSFEED_NER_BEFORE_DEDUP says (``backlog``: the batch shows one)."""
        if self.tagger is None or not self.config.entities.use_model:
            return True
        return self.config.ner_before_dedup_for(backlog)

    # -- step 2 ---------------------------------------------------------------------------------
    def read_prepared(self, value: Any, origin: Origin, stage: str) -> Step:
        """A prepared article from its internal-topic form; one that cannot be read is a dead letter
        of ``stage``, the hop that read it, with the raw input's origin and payload when the record
        still names them (else ``origin``, where the internal record was read)."""
        try:
            return PreparedArticle.from_dict(value)
        except Exception as exc:
            fields = value if isinstance(value, dict) else {}
            known = fields.get("id")
            with contextlib.suppress(Exception):  # else the internal record's own position, as given
                origin = Origin.from_dict(fields["origin"])
            payload = fields.get("payload")
            payload = payload if isinstance(payload, str) else repr(value)
            key = str(known) if known else payload_key(payload.encode("utf-8", "replace"))
            return outputs.rejected(
                key, stage_error(stage, exc), stage, payload, origin, self.config.rejected_payload_chars,
                str(known) if known else None,
            )

    def deduplicate(self, article: PreparedArticle) -> Step:
        """First-seen -> the article (with the earlier brief it expands, if any); a copy of an earlier
        one, or a brief contained in one -> a duplicates record. An article too short to stand alone
        (:attr:`PreparedArticle.short`) is looked up without being registered: a copy goes to the
        duplicates, anything else is cleaning's dead letter."""
        if "dedup" in self.config.skip or article.fingerprint is None:
            return article if article.short is None else self._reject_short(article)
        started = time.perf_counter()
        try:
            outcome = self.dedup_index.check(
                article.id, article.fingerprint, article.event_ts, register=article.short is None
            )
        except Exception as exc:
            return self._reject(article, "dedup", exc)
        self._timed("dedup", started)
        if outcome.decision is not None:
            return outputs.duplicate(article, outcome.decision)
        if article.short is not None:
            return self._reject_short(article)
        if outcome.expands is not None:
            article.expands = outcome.expands.brief_id
        return article

    # -- step 3 ---------------------------------------------------------------------------------
    @staticmethod
    def untagged(steps: Iterable[Step]) -> list[PreparedArticle]:
        """The articles of ``steps`` still waiting for their entities, in order (a short one never
        is: it leaves dedup as a duplicate or a dead letter)."""
        return [s for s in steps if isinstance(s, PreparedArticle) and s.awaits_tags]

    def run_tagger(self, articles: Sequence[PreparedArticle]) -> list[TagResult]:
        """This process's tagger over ``articles``, one answer each; a failing article's answer is its
        error and does not fail its batch-mates."""
        if not articles:
            return []
        started = time.perf_counter()
        tagger = self.tagger
        answers = (
            isolated(tagger.tag_batch, [a.tag_request() for a in articles], "entities") if tagger is not None
            else [[] for _ in articles]
        )
        self.observe_tagging(time.perf_counter() - started, len(articles))
        return answers

    def observe_tagging(self, seconds: float, n: int) -> None:
        """Report ``seconds`` spent tagging ``n`` articles, wherever the tagger ran."""
        if self._observe is not None and n > 0:
            self._observe("entities", seconds / n)

    def with_tags(self, steps: Sequence[Step], answers: Sequence[TagResult]) -> list[Step]:
        """``steps`` with the tagger's ``answers`` for its :meth:`untagged` articles, in order: an
        article gets its entities, or becomes the dead letter of its tagging error."""
        todo = iter(answers)
        out: list[Step] = []
        for step in steps:
            if isinstance(step, PreparedArticle) and step.awaits_tags:
                answer = next(todo)
                if isinstance(answer, StageError):
                    out.append(self._reject(step, "entities", answer))
                    continue
                step.entities = answer
            out.append(step)
        if next(todo, None) is not None:
            raise ValueError("more tagging answers than untagged articles")
        return out

    def tag(self, steps: Sequence[Step]) -> list[Step]:
        """:meth:`with_tags` with this process's tagger (:meth:`run_tagger`)."""
        return self.with_tags(steps, self.run_tagger(self.untagged(steps)))

    def link(self, article: PreparedArticle) -> Step:
        """A tagged article with its entity ids resolved by the registry (articles must come in
        stream order, all of them), or the dead letter of a registry failure."""
        if self.registry is None or article.entities is None:
            return article
        try:
            article.entities = self.registry.resolve(article.entities, article.event_ts, article.title, article.text)
        except Exception as exc:
            return self._reject(article, "entities", exc)
        return article

    @staticmethod
    def outputs(article: PreparedArticle) -> list[Output]:
        """The ``news.enriched`` record of a tagged first-seen article, then its ``news.entities`` records."""
        entities = article.entities if article.entities is not None else []
        return [outputs.enriched(article, entities), *outputs.entity_records(article, entities)]

    # -- offline --------------------------------------------------------------------------------
    def process(self, messages: Iterable[RawMessage], batch_size: int = 32) -> Iterable[Output]:
        """All three steps over an iterable, yielding outputs in input order (offline mode).

        Dedup runs in input order, so state spans the whole input exactly as in the stream."""
        # In input order: finished outputs, or a first-seen article waiting for its NER batch.
        buffer: list[Step] = []
        waiting = 0
        chunk: list[RawMessage] = []
        for message in messages:
            chunk.append(message)
            if len(chunk) < batch_size:
                continue
            waiting += self._prepare_into(chunk, buffer)
            if waiting >= batch_size:
                yield from self._flush(buffer)
                waiting = 0
        self._prepare_into(chunk, buffer)
        yield from self._flush(buffer)

    def _prepare_into(self, chunk: list[RawMessage], buffer: list[Step]) -> int:
        """Prepare, tag where step 1 tags, and deduplicate ``chunk`` (emptied) onto ``buffer`` in
        order; returns how many wait for tagging after dedup."""
        batch = self.prepare(chunk)
        for writes in batch.writes:
            self.apply_writes(writes)
        # The whole input is there at once: a backlog.
        steps = self.tag(batch.steps) if self.tags_in_prepare(backlog=True) else batch.steps
        waiting = 0
        for step in steps:
            if isinstance(step, PreparedArticle):
                step = self.deduplicate(step)
            buffer.append(step)
            waiting += isinstance(step, PreparedArticle) and not step.tagged
        chunk.clear()
        return waiting

    def _flush(self, buffer: list[Step]) -> Iterable[Output]:
        """Tag the waiting articles as one batch, then emit the whole buffer in order."""
        for step in self.tag(buffer):
            if isinstance(step, PreparedArticle):
                step = self.link(step)
            if isinstance(step, Output):
                yield step
            else:
                yield from self.outputs(step)
        buffer.clear()

    # -- internals ------------------------------------------------------------------------------
    def _reject(self, article: PreparedArticle, stage: str, exc: Exception) -> Output:
        """The dead letter of a prepared article that failed in ``stage``, with its original payload."""
        return outputs.rejected_article(article, stage, exc, self.config.rejected_payload_chars)

    def _reject_short(self, article: PreparedArticle) -> Output:
        """Cleaning's dead letter of a short article that is no copy (see :meth:`deduplicate`)."""
        return self._reject(article, "clean", StageError("empty_after_cleaning", article.short or ""))

    def _timed(self, stage: str, started: float) -> None:
        if self._observe is not None:
            self._observe(stage, time.perf_counter() - started)

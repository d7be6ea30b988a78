"""The pipeline that chains the stages: decode -> clean -> dedup -> tag. Pure: no faust, no Kafka.

The Faust agents and the offline ``newsfeed process`` run this same code. The pipeline is split
in three steps because the worker runs them in three agents (see ``streams/app.py``):

1. :meth:`Pipeline.prepare`: decode, validate, clean, fingerprint -> a *prepared* article (a plain
   JSON-able dict, so it can travel on an internal topic) or a dead letter (``streams/prepare.py``,
   stage by stage over a batch); without the statistical NER (or with ``tag_before_dedup``, or for
   a batch tagged ``early``: NEWSFEED_NER_BEFORE_DEDUP=auto while the input keeps up) the tagging
   happens here too, once per batch (:meth:`Pipeline.prepare_batch`, :attr:`Pipeline.tags_early`);
2. :meth:`Pipeline.deduplicate`: the prepared article is first-seen, or a ``news.duplicates``
   record (duplicates reach the NER only when tagged in step 1);
3. :meth:`Pipeline.tag`: a batch of first-seen articles -> ``news.enriched`` (+ ``news.entities``)
   records, or dead letters for the ones whose tagging failed. Articles tagged in step 1 only have
   their records built, so the worker does this step in the dedup agent and skips a hop.

Every exception inside a stage becomes a dead letter with that stage's code, so one poison message
never stops the stream.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from streams.clean import BoilerplateLearner, CleanConfig, Cleaner
from streams.dedup import DedupConfig, DedupIndex, Fingerprint
from streams.entities import EntityConfig, EntityTagger
from streams.entities.registry import EntityRegistry, RegistryConfig
from streams.pipeline import outputs
from streams.pipeline.outputs import Output
from streams.pipeline.prepare import Draft, Preparer
from streams.records import Entity, Origin, StageError

STAGES = ("clean", "dedup", "entities")

Observer = Callable[[str, float], None]


class BatchTagger(Protocol):
    """What the pipeline needs of an entity tagger (:class:`EntityTagger`, or a test double)."""

    def tag_batch(self, items: Sequence[tuple[str, str, str | None]]) -> list[list[Any]]:
        """Entities of each (title, text, lang), in order."""
        ...


_WARM_UP_ASCII = "The government announced on Tuesday a reform that the minister will present in June in Paris."
_WARM_UP_TEXT = (
    "Le gouvernement a annoncé mardi à Paris une réforme que le ministre de l'Économie, Bruno Le Maire, "
    "présentera en juin devant l'Assemblée nationale, selon l'Agence France-Presse."
)


@dataclass(frozen=True)
class PipelineConfig:
    """What the pipeline needs from settings."""

    max_payload_bytes: int = 2 * 1024 * 1024
    rejected_payload_chars: int = 16_384
    skip: frozenset[str] = frozenset()
    # Tag (NER included) in step 1, before dedup, instead of in step 3 on first-seen articles only.
    tag_before_dedup: bool = False
    clean: CleanConfig = field(default_factory=CleanConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    entities: EntityConfig = field(default_factory=EntityConfig)
    registry: RegistryConfig = field(default_factory=RegistryConfig)


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
        unknown = set(config.skip) - set(STAGES)
        if unknown:
            raise ValueError(f"unknown stage(s) to skip: {', '.join(sorted(unknown))}")
        self.config = config
        self._observe = observe
        self.cleaner = Cleaner(config.clean, BoilerplateLearner(config.clean, boilerplate_store))
        self.preparer = Preparer(config, self.cleaner, clock, observe)
        self.dedup_index = DedupIndex(config.dedup, dedup_store if dedup_store is not None else {})
        if "entities" in config.skip:
            self.tagger = None
        else:
            self.tagger = tagger if tagger is not None else EntityTagger(config.entities)
        # The entity registry must see every article in order: only a pipeline that does (offline
        # process, the worker's single-partition hop) gets a store; elsewhere ids stay the tagger's.
        self.registry = (
            EntityRegistry(config.registry, registry_store)
            if registry_store is not None and "entities" not in config.skip else None
        )
        # Tagging in prepare, on the parallel hop, so that a first-seen article leaves the dedup hop
        # finished: always without the statistical NER (the gazetteer alone is ~0.4 ms an article),
        # and with it when ``tag_before_dedup``. That spends the tagging on duplicates too (~11% of
        # the corpus) but saves the worker a whole hop per article (a consume, a send and a
        # transaction), and the NER no longer waits behind the single-partition dedup hop.
        self.tags_early = (
            config.tag_before_dedup or self.tagger is None or (tagger is None and not config.entities.use_model)
        )

    def warm_up(self) -> None:
        """Do the one-off lazy loads now (lingua's language models take ~3 s on first use, the NER
        models and gazetteer on first tag), so that the first article does not pay for them."""
        # lingua loads the models of the languages its character rules leave possible: a plain ASCII
        # text leaves them all (an accented French one only a few, and the rest would load later).
        self.cleaner.lang.identify(_WARM_UP_ASCII, None)
        if self.tagger is not None:
            # Both languages with a model: each has its own NER pipeline and gazetteer pattern
            # (compiling the English one took 0.06 s, paid by the first English article otherwise).
            self._run_tagger([
                {"title": "Paris", "text": _WARM_UP_TEXT, "lang": "fr"},
                {"title": "Paris", "text": _WARM_UP_ASCII, "lang": "en"},
            ])

    # -- step 1 ---------------------------------------------------------------------------------
    def prepare(self, payload: bytes | None, origin: Origin) -> dict[str, Any] | Output:
        """Decode, validate, clean and fingerprint one raw message (and tag it, :attr:`tags_early`)."""
        return self.prepare_batch([(payload, origin)])[0]

    def prepare_batch(self, items: Sequence[tuple[bytes | None, Origin]]) -> list[dict[str, Any] | Output]:
        """:meth:`prepare` over a batch, in order: the early tagging runs once over the whole batch
        (what batching is for with the statistical NER before dedup)."""
        return self.tag_prepared(self.finish_prepare([self.begin_prepare(p, o) for p, o in items]), items)

    def tag_prepared(
        self, results: list[dict[str, Any] | Output], items: Sequence[tuple[bytes | None, Origin]]
    ) -> list[dict[str, Any] | Output]:
        """The early tagging (:attr:`tags_early`) of :meth:`prepare_untagged`'s ``results`` for
        ``items``, in place and as one batch; an article whose tagging fails becomes a dead letter."""
        todo = self._awaiting_tags(results)
        if not todo:
            return results
        started = time.perf_counter()
        tagged = _isolated(self._run_tagger, [results[i] for i in todo])  # type: ignore[misc]
        self._timed("entities", started, len(todo))
        return self._apply_tags(results, items, todo, tagged)

    async def tag_prepared_async(
        self,
        results: list[dict[str, Any] | Output],
        items: Sequence[tuple[bytes | None, Origin]],
        early: bool = False,
    ) -> list[dict[str, Any] | Output]:
        """:meth:`tag_prepared`, awaiting a tagger that runs elsewhere (``tag_batch_async``, e.g.
        :class:`~streams.worker.ner_process.TaggerProcess`) so that the caller's event loop runs on
        meanwhile; a tagger without it is called in place. ``early``: tag this batch now even when
        the pipeline tags after dedup (NEWSFEED_NER_BEFORE_DEDUP=auto while the input keeps up)."""
        run = getattr(self.tagger, "tag_batch_async", None)
        todo = self._awaiting_tags(results, early)
        if run is None or not todo:
            return self.tag_prepared(results, items)
        started = time.perf_counter()
        articles: list[dict[str, Any]] = [results[i] for i in todo]  # type: ignore[misc]

        async def tag_many(batch: Sequence[dict[str, Any]]) -> list[Any]:
            return list(await run(_tag_items(batch)))

        tagged = await _isolated_async(tag_many, articles)
        self._timed("entities", started, len(todo))
        return self._apply_tags(results, items, todo, tagged)

    def _awaiting_tags(self, results: list[dict[str, Any] | Output], early: bool = False) -> list[int]:
        """Indices of the prepared articles of ``results`` that the early tagging still has to tag."""
        if not (self.tags_early or early):
            return []
        return [i for i, r in enumerate(results) if isinstance(r, dict)]

    def _apply_tags(
        self,
        results: list[dict[str, Any] | Output],
        items: Sequence[tuple[bytes | None, Origin]],
        todo: list[int],
        tagged: list[Any],
    ) -> list[dict[str, Any] | Output]:
        """Entities (or a tagging failure: a dead letter) of ``results[todo[k]]`` from ``tagged[k]``."""
        limit = self.config.rejected_payload_chars
        for i, ents in zip(todo, tagged, strict=True):
            article = results[i]
            assert isinstance(article, dict)
            if isinstance(ents, Exception):
                payload, origin = items[i]
                failure = ents if isinstance(ents, StageError) else StageError("entities_failed", _describe(ents))
                results[i] = outputs.rejected(
                    article["id"], failure, "entities", payload, origin, limit, article["id"]
                )
            else:
                article["entities"] = [e.to_dict() for e in ents]
        return results

    def prepare_untagged(self, payload: bytes | None, origin: Origin) -> dict[str, Any] | Output:
        """:meth:`prepare` without the early tagging (see :meth:`tag_prepared`)."""
        return self.finish_prepare([self.begin_prepare(payload, origin)])[0]

    def begin_prepare(self, payload: bytes | None, origin: Origin) -> Draft | Output:
        """Decode, validate and clean one raw message, all but its language (:meth:`Preparer.begin`):
        the part of step 1 that reads and writes the learned boilerplate, per article and in order."""
        return self.preparer.begin(payload, origin)

    def finish_prepare(self, drafts: Sequence[Draft | Output]) -> list[dict[str, Any] | Output]:
        """Languages, fingerprints and prepared records of a batch of drafts, stage by stage
        (:meth:`Preparer.finish`)."""
        return self.preparer.finish(drafts)

    # -- step 2 ---------------------------------------------------------------------------------
    def deduplicate(self, article: dict[str, Any]) -> dict[str, Any] | Output:
        """First-seen -> the article unchanged; a copy of an earlier one -> a duplicates record."""
        if "dedup" in self.config.skip or article.get("fingerprint") is None:
            return article
        started = time.perf_counter()
        try:
            fp = Fingerprint.from_dict(article["fingerprint"])
            decision = self.dedup_index.check_and_add(article["id"], fp, float(article["event_ts"]))
        except Exception as exc:
            return self._stage_failure(article, "dedup", exc)
        self._timed("dedup", started)
        if decision is None:
            return article
        return outputs.duplicate(article, decision)

    # -- step 3 ---------------------------------------------------------------------------------
    def tag(self, articles: Sequence[dict[str, Any]]) -> list[list[Output]]:
        """Tag a batch of first-seen articles; one list of outputs per article, in order."""
        if not articles:
            return []
        started = time.perf_counter()
        # Articles tagged in prepare were timed there; only the tagging done here is observed.
        n_tagged = sum(1 for a in articles if not self.tagged(a))
        tagged = _isolated(self._tag_many, articles)
        self._timed("entities", started, n_tagged)
        return self._tag_outputs(articles, tagged)

    async def tag_async(self, articles: Sequence[dict[str, Any]]) -> list[list[Output]]:
        """:meth:`tag`, awaiting a tagger that runs elsewhere (``tag_batch_async``) so that the
        caller's event loop runs on meanwhile; a tagger without it is called in place."""
        run = getattr(self.tagger, "tag_batch_async", None)
        if run is None or all(self.tagged(a) for a in articles):
            return self.tag(articles)
        started = time.perf_counter()
        n_tagged = sum(1 for a in articles if not self.tagged(a))
        tagged = await _isolated_async(self._tag_many_async, articles)
        self._timed("entities", started, n_tagged)
        return self._tag_outputs(articles, tagged)

    async def tag_for_registry_async(self, articles: Sequence[dict[str, Any]]) -> list[dict[str, Any] | Output]:
        """Tag first-seen articles on a parallel hop whose order the registry cannot rely on: each
        article with its entities, to be sent back to the ordered hop that resolves them
        (:meth:`tag` there only builds its records), or the dead letter of a failed tagging."""
        started = time.perf_counter()
        n_tagged = sum(1 for a in articles if not self.tagged(a))
        if getattr(self.tagger, "tag_batch_async", None) is None:
            tagged = _isolated(self._tag_many, articles)
        else:
            tagged = await _isolated_async(self._tag_many_async, articles)
        self._timed("entities", started, n_tagged)
        return [
            self._stage_failure(a, "entities", ents) if isinstance(ents, Exception)
            else {**a, "entities": [e.to_dict() for e in ents]}
            for a, ents in zip(articles, tagged, strict=True)
        ]

    async def _tag_many_async(self, articles: Sequence[dict[str, Any]]) -> list[list[Any]]:
        run = self.tagger.tag_batch_async  # type: ignore[union-attr]
        todo = [a for a in articles if not self.tagged(a)]
        return self._with_earlier_tags(articles, list(await run(_tag_items(todo))) if todo else [])

    def _tag_outputs(self, articles: Sequence[dict[str, Any]], tagged: list[Any]) -> list[list[Output]]:
        out: list[list[Output]] = []
        for a, ents in zip(articles, tagged, strict=True):
            if not isinstance(ents, Exception):
                ents = self._link(a, ents)
            out.append(
                [self._stage_failure(a, "entities", ents)] if isinstance(ents, Exception)
                else [outputs.enriched(a, ents), *outputs.entity_records(a, ents)]
            )
        return out

    def _link(self, article: dict[str, Any], entities: list[Entity]) -> list[Entity] | Exception:
        """The article's entities resolved by the registry (in article order), or the failure."""
        if self.registry is None:
            return entities
        try:
            return self.registry.resolve(
                entities, float(article.get("event_ts") or 0.0), article.get("title") or "", article.get("text") or ""
            )
        except Exception as exc:
            return exc

    # -- offline --------------------------------------------------------------------------------
    def process(self, payloads: Iterable[tuple[bytes | None, Origin]], batch_size: int = 32) -> Iterable[Output]:
        """All three steps over an iterable, yielding outputs in input order (offline mode).

        Dedup runs in input order, so state spans the whole input exactly as in the stream."""
        # In input order: finished outputs, or a first-seen article waiting for its NER batch.
        buffer: list[Output | dict[str, Any]] = []
        waiting = 0
        chunk: list[tuple[bytes | None, Origin]] = []
        for item in payloads:
            chunk.append(item)
            if len(chunk) < batch_size:
                continue
            waiting += self._prepare_into(chunk, buffer)
            if waiting >= batch_size:
                yield from self._flush(buffer)
                waiting = 0
        self._prepare_into(chunk, buffer)
        yield from self._flush(buffer)

    def _prepare_into(self, chunk: list[tuple[bytes | None, Origin]], buffer: list[Output | dict[str, Any]]) -> int:
        """Prepare and deduplicate ``chunk`` (emptied) in order onto ``buffer``; returns how many wait for tagging."""
        waiting = 0
        for step in self.prepare_batch(chunk):
            if isinstance(step, dict):
                step = self.deduplicate(step)
            buffer.append(step)
            waiting += isinstance(step, dict)
        chunk.clear()
        return waiting

    def _flush(self, buffer: list[Output | dict[str, Any]]) -> Iterable[Output]:
        """Tag the waiting articles as one batch, then emit the whole buffer in order."""
        tagged = iter(self.tag([item for item in buffer if isinstance(item, dict)]))
        for item in buffer:
            if isinstance(item, Output):
                yield item
            else:
                yield from next(tagged)
        buffer.clear()

    # -- internals ------------------------------------------------------------------------------
    @staticmethod
    def tagged(article: dict[str, Any]) -> bool:
        """Whether ``article`` was tagged in prepare (then :meth:`tag` only builds its records)."""
        return article.get("entities") is not None

    def _tag_many(self, articles: Sequence[dict[str, Any]]) -> list[list[Any]]:
        todo = [a for a in articles if not self.tagged(a)]
        return self._with_earlier_tags(articles, self._run_tagger(todo) if todo else [])

    def _with_earlier_tags(self, articles: Sequence[dict[str, Any]], fresh: list[list[Any]]) -> list[list[Any]]:
        """Entities of each article: those it was tagged with in prepare, else the next of ``fresh``
        (the tagger's answer for the untagged ones, in order)."""
        answers = iter(fresh)
        return [[Entity.from_dict(e) for e in a["entities"]] if self.tagged(a) else next(answers) for a in articles]

    def _run_tagger(self, articles: Sequence[dict[str, Any]]) -> list[list[Any]]:
        if self.tagger is None:
            return [[] for _ in articles]
        return self.tagger.tag_batch(_tag_items(articles))

    def _stage_failure(self, article: dict[str, Any], stage: str, exc: Exception) -> Output:
        err = exc if isinstance(exc, StageError) else StageError(f"{stage}_failed", f"{type(exc).__name__}: {exc}")
        origin = Origin.from_dict(article["origin"])
        return outputs.rejected(
            article["id"],
            err,
            stage,
            article.get("payload"),
            origin,
            self.config.rejected_payload_chars,
            article["id"],
        )

    def _timed(self, stage: str, started: float, n: int = 1) -> None:
        if self._observe is not None and n > 0:
            elapsed = (time.perf_counter() - started) / max(n, 1)
            self._observe(stage, elapsed)


def _isolated(
    run: Callable[[Sequence[dict[str, Any]]], list[Any]], articles: Sequence[dict[str, Any]]
) -> list[Any]:
    """``run(articles)``; if that raises, ``run`` one article at a time so that one bad article does
    not reject its batch-mates: each failing article's item is then its exception."""
    try:
        return list(run(articles))
    except Exception:
        out: list[Any] = []
        for article in articles:
            try:
                out.append(run([article])[0])
            except Exception as exc:
                out.append(exc)
        return out


async def _isolated_async(
    run: Callable[[Sequence[dict[str, Any]]], Awaitable[list[Any]]], articles: Sequence[dict[str, Any]]
) -> list[Any]:
    """:func:`_isolated` for a ``run`` that is awaited."""
    try:
        return list(await run(articles))
    except Exception:
        out: list[Any] = []
        for article in articles:
            try:
                out.append((await run([article]))[0])
            except Exception as exc:
                out.append(exc)
        return out


def _tag_items(articles: Sequence[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    """What the tagger takes of each prepared article: (title, text, lang)."""
    return [(a["title"], a["text"], a.get("lang")) for a in articles]


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def config_from_settings(settings: Any, skip: Iterable[str] = ()) -> PipelineConfig:
    """Stage configurations from the typed settings (``streams.settings.Settings``)."""
    dedup_kwargs: dict[str, Any] = {"window_seconds": int(settings.dedup_window_days * 86400)}
    if settings.dedup_threshold >= 0:
        dedup_kwargs["threshold"] = settings.dedup_threshold
    if settings.dedup_shingle_size > 0:
        dedup_kwargs["shingle_size"] = settings.dedup_shingle_size
    return PipelineConfig(
        max_payload_bytes=settings.max_payload_bytes,
        rejected_payload_chars=settings.rejected_payload_chars,
        skip=frozenset(skip),
        tag_before_dedup=settings.ner_placement == "before",
        clean=CleanConfig(boilerplate_write_every=settings.boilerplate_write_every),
        dedup=DedupConfig(**dedup_kwargs),
        entities=EntityConfig(
            use_model=settings.ner_enabled, batch_size=settings.ner_batch_size, matmul=settings.ner_matmul
        ),
    )

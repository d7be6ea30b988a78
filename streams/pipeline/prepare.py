"""Step 1 of the pipeline (see :mod:`streams.pipeline.pipeline`): a raw message -> a prepared article.

Decode, validate, clean, identify the language, fingerprint; pure (no faust, no Kafka). In two
parts so that a batch runs stage by stage: :meth:`Preparer.begin` per message, in order (cleaning
reads and writes the learned boilerplate, whose table writes the worker routes per message), then
:meth:`Preparer.finish` over the batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from streams.clean import Cleaner
from streams.dedup import Fingerprint, fingerprint
from streams.pipeline import outputs
from streams.pipeline.decode import decode_payload, given_id, parse_timestamp, payload_key, validate_article
from streams.pipeline.outputs import Output
from streams.records import CleanedArticle, CleaningReport, Origin, RawArticle, StageError

if TYPE_CHECKING:
    from streams.pipeline.pipeline import PipelineConfig

# A published_at further than this in the future is a feed error; processing time is used instead,
# so one wrong date cannot pin an article in the dedup window.
FUTURE_TOLERANCE_S = 24 * 3600.0


@dataclass(slots=True)
class Draft:
    """A raw message decoded and cleaned, waiting for :meth:`Preparer.finish`."""

    payload: bytes | None
    origin: Origin
    raw: RawArticle
    cleaned: CleanedArticle
    seconds: float  # time its decoding and cleaning took


class Preparer:
    """Step 1 with the cleaner it uses (held by :class:`~streams.pipeline.pipeline.Pipeline`)."""

    def __init__(
        self,
        config: PipelineConfig,
        cleaner: Cleaner,
        clock: Callable[[], float] = time.time,
        observe: Callable[[str, float], None] | None = None,
    ) -> None:
        self.config = config
        self.cleaner = cleaner
        self.clock = clock
        self._observe = observe

    def begin(self, payload: bytes | None, origin: Origin) -> Draft | Output:
        """Decode, validate and clean one raw message, all but its language: the part of
        :meth:`Pipeline.prepare_untagged` that reads and writes the learned boilerplate (per article, in
        order). A message that fails here is already its dead letter."""
        started = time.perf_counter()
        limit = self.config.rejected_payload_chars
        obj: dict[str, Any] = {}
        try:
            obj = decode_payload(payload, self.config.max_payload_bytes)
            raw = validate_article(obj)
        except Exception as exc:  # StageError, or a bug, which must not stop the stream either
            err = exc if isinstance(exc, StageError) else StageError("decode_failed", f"{type(exc).__name__}: {exc}")
            # A bad article that names itself is dead-lettered under its own id, so consumers can match it.
            art_id = given_id(obj)
            return outputs.rejected(art_id or payload_key(payload), err, "decode", payload, origin, limit, art_id)
        self._timed("decode", started)
        started = time.perf_counter()
        try:
            cleaned = self._clean_text(raw)
        except Exception as exc:
            return self._clean_failure(exc, raw, payload, origin)
        return Draft(payload, origin, raw, cleaned, time.perf_counter() - started)

    def finish(self, drafts: Sequence[Draft | Output]) -> list[dict[str, Any] | Output]:
        """The prepared articles (or dead letters) of :meth:`begin`'s ``drafts``, in order.

        Stage by stage over the batch: every language, then every fingerprint. Each stage's tables
        (lingua's n-gram models, the MinHash permutations) stay in the CPU caches from one article to
        the next; interleaved with the other stages, lingua took ~275 us an article instead of ~140
        and MinHash ~135 instead of ~90 (OrangeSum, offline)."""
        started = time.perf_counter()
        drafted = [(i, d) for i, d in enumerate(drafts) if isinstance(d, Draft)]
        failed: dict[int, Output] = {}
        for i, draft in drafted:
            try:
                self._language(draft.cleaned)
            except Exception as exc:
                failed[i] = self._clean_failure(exc, draft.raw, draft.payload, draft.origin)
        prepared: dict[int, dict[str, Any]] = {}
        skip_dedup = "dedup" in self.config.skip
        for i, draft in drafted:
            if i in failed:
                continue
            try:
                fp = None if skip_dedup else self._fingerprint(draft.cleaned)
            except Exception as exc:
                failed[i] = self._clean_failure(exc, draft.raw, draft.payload, draft.origin)
                continue
            prepared[i] = self._prepared(draft, fp)
        if self._observe is not None:
            # Each article's cleaning time: its own part, and its share of the batch's stages.
            share = (time.perf_counter() - started) / max(len(drafted), 1)
            for i, draft in drafted:
                if i in prepared:
                    self._observe("clean", draft.seconds + share)
        # A dead letter of begin() stays; a draft becomes its prepared record or its dead letter.
        return [d if isinstance(d, Output) else failed.get(i) or prepared[i] for i, d in enumerate(drafts)]

    def _prepared(self, draft: Draft, fp: Fingerprint | None) -> dict[str, Any]:
        """The prepared record of a cleaned (and language-identified) draft."""
        raw, cleaned = draft.raw, draft.cleaned
        payload_text, _, _ = outputs.truncate_payload(draft.payload, self.config.rejected_payload_chars)
        return {
            "id": raw.id,
            "url": raw.url,
            "source": raw.source,
            "published_at": cleaned.published_at or raw.published_at,
            "title": cleaned.title,
            "text": cleaned.text,
            "lang": cleaned.lang,
            "lang_confidence": round(cleaned.lang_confidence, 4),
            "lang_given": cleaned.lang_given,
            "lang_disagrees": cleaned.lang_disagrees,
            "author": cleaned.author,
            "cleaning": cleaned.report.to_dict(),
            "fingerprint": fp.to_dict() if fp is not None else None,
            "event_ts": self._event_time(raw),
            "origin": draft.origin.to_dict(),
            "payload": payload_text,
        }

    def _clean_failure(self, exc: Exception, raw: RawArticle, payload: bytes | None, origin: Origin) -> Output:
        """The dead letter of an article whose cleaning (or fingerprinting) failed."""
        err = exc if isinstance(exc, StageError) else StageError("clean_failed", f"{type(exc).__name__}: {exc}")
        return outputs.rejected(raw.id, err, "clean", payload, origin, self.config.rejected_payload_chars, raw.id)

    def _clean_text(self, raw: RawArticle) -> CleanedArticle:
        if "clean" in self.config.skip:
            return passthrough_clean(raw)
        return self.cleaner.clean_text(raw)

    def _language(self, cleaned: CleanedArticle) -> None:
        if "clean" not in self.config.skip:
            self.cleaner.identify_language(cleaned)

    def _fingerprint(self, cleaned: CleanedArticle) -> Fingerprint:
        return fingerprint(cleaned.title + "\n" + cleaned.text, self.config.dedup)

    def _event_time(self, raw: RawArticle) -> float:
        now = self.clock()
        if raw.published_at:
            ts = parse_timestamp(raw.published_at)
            if ts <= now + FUTURE_TOLERANCE_S:
                return ts
        return now

    def _timed(self, stage: str, started: float) -> None:
        if self._observe is not None:
            self._observe(stage, time.perf_counter() - started)


def passthrough_clean(raw: RawArticle) -> CleanedArticle:
    """``--skip clean``: the given text as the body (HTML reduced to its text), nothing removed."""
    text = raw.text
    if not text and raw.html:
        import trafilatura

        text = trafilatura.html2txt(raw.html) or ""
    text = text or ""
    title = raw.title or next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    n = len(text)
    report = CleaningReport(lines_in=text.count("\n") + 1, lines_out=text.count("\n") + 1, chars_in=n, chars_out=n)
    return CleanedArticle(
        raw=raw,
        title=title,
        text=text,
        lang=raw.lang,
        lang_confidence=0.0,
        lang_given=raw.lang,
        published_at=raw.published_at,
        report=report,
    )


def ner_now(placement: str, batch: int, ner_batch_size: int) -> bool:
    """Whether a prepare batch of ``batch`` articles is tagged by the NER before dedup: always when
    the NER runs there, never when it runs after, and with ``adaptive`` when the batch is no larger
    than an NER batch (NEWSFEED_TAG_BATCH_SIZE, 8 by default): the input keeps up, and the article
    saves a hop. A fuller batch means a backlog: its first-seen articles wait for the NER after
    dedup, which skips the duplicates (~11% of the NER's work on this corpus)."""
    if placement == "adaptive":
        return batch <= ner_batch_size
    return placement == "before"

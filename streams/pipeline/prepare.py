"""Step 1 of the pipeline: raw messages -> prepared articles (decode, validate, clean, language,
fingerprint). Pure: no faust, no Kafka.

A batch runs stage by stage: each message is decoded and cleaned in order (cleaning reads and writes
the learned boilerplate, whose writes are collected per message, :class:`PreparedBatch`), then every
language is identified, then every fingerprint computed. Each stage's tables (lingua's n-gram models,
the MinHash permutations) stay in the CPU caches from one article to the next; interleaved with the
other stages, lingua took about twice as long an article.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from streams.clean import Cleaner, ShortArticle
from streams.dedup import Fingerprint, fingerprint
from streams.pipeline import outputs
from streams.pipeline.config import PipelineConfig
from streams.pipeline.decode import decode_payload, given_id, parse_timestamp, payload_key, validate_article
from streams.pipeline.failures import stage_error
from streams.pipeline.outputs import Output
from streams.pipeline.prepared import PreparedArticle
from streams.pipeline.writes import PendingWrites, Writes
from streams.records import CleanedArticle, CleaningReport, RawArticle, RawMessage

# A published_at further than this in the future is a feed error; processing time is used instead,
# so one wrong date cannot pin an article in the dedup window.
FUTURE_TOLERANCE_S = 24 * 3600.0

Observer = Callable[[str, float], None]


@dataclass
class PreparedBatch:
    """Step 1's answer for a batch: per message, in order, its prepared article or its dead letter,
    and the table writes its cleaning made (to apply when its outputs are published)."""

    steps: list[PreparedArticle | Output]
    writes: list[Writes] = field(default_factory=list)


@dataclass(slots=True)
class _Draft:
    """A message decoded and cleaned, waiting for its language and fingerprint."""

    message: RawMessage
    raw: RawArticle
    cleaned: CleanedArticle
    seconds: float  # time its decoding and cleaning took
    short: str | None = None  # see PreparedArticle.short


class Preparer:
    """Step 1 with the cleaner it uses."""

    def __init__(
        self,
        config: PipelineConfig,
        cleaner: Cleaner,
        boilerplate: PendingWrites,
        clock: Callable[[], float] = time.time,
        observe: Observer | None = None,
    ) -> None:
        self.config = config
        self.cleaner = cleaner
        self.boilerplate = boilerplate
        self.clock = clock
        self._observe = observe

    def prepare(self, messages: Sequence[RawMessage]) -> PreparedBatch:
        """The prepared articles (or dead letters) of ``messages``, in order, with each one's writes."""
        drafts: list[_Draft | Output] = []
        writes: list[Writes] = []
        for message in messages:
            drafts.append(self._decode_and_clean(message))
            writes.append(self.boilerplate.take())
        return PreparedBatch(self._finish(drafts), writes)

    def _decode_and_clean(self, message: RawMessage) -> _Draft | Output:
        """Decode, validate and clean one message, all but its language."""
        started = time.perf_counter()
        obj: dict[str, Any] = {}
        try:
            obj = decode_payload(message.value, self.config.max_payload_bytes)
            raw = validate_article(obj)
        except Exception as exc:
            # A bad article that names itself is dead-lettered under its own id, so consumers can match it.
            art_id = given_id(obj)
            return self._reject("decode", exc, message, art_id or payload_key(message.value), art_id)
        self._timed("decode", started)
        started = time.perf_counter()
        short = None
        try:
            cleaned = self._clean_text(raw)
        except ShortArticle as exc:
            # A text too short to stand as an article (less than a sentence after its title) may be
            # a copy of a story already seen: dedup decides, and it is a dead letter otherwise. Without
            # dedup, or with no body at all, there is nothing to compare.
            if "dedup" in self.config.skip or not exc.cleaned.text.strip():
                return self._reject("clean", exc, message, raw.id, raw.id)
            cleaned, short = exc.cleaned, exc.message
        except Exception as exc:
            return self._reject("clean", exc, message, raw.id, raw.id)
        return _Draft(message, raw, cleaned, time.perf_counter() - started, short)

    def _finish(self, drafts: Sequence[_Draft | Output]) -> list[PreparedArticle | Output]:
        """Languages, then fingerprints, over the batch; a dead letter of the first part stays."""
        started = time.perf_counter()
        steps: list[PreparedArticle | Output | _Draft] = list(drafts)
        live = [(i, d) for i, d in enumerate(drafts) if isinstance(d, _Draft)]
        for i, draft in live:
            try:
                self._language(draft.cleaned)
            except Exception as exc:
                steps[i] = self._reject("clean", exc, draft.message, draft.raw.id, draft.raw.id)
        skip_dedup = "dedup" in self.config.skip
        for i, draft in live:
            if steps[i] is not draft:
                continue
            try:
                fp = None if skip_dedup else self._fingerprint(draft.cleaned)
            except Exception as exc:
                steps[i] = self._reject("clean", exc, draft.message, draft.raw.id, draft.raw.id)
                continue
            steps[i] = self._prepared(draft, fp)
        if self._observe is not None:
            # Each article's cleaning time: its own part, and its share of the batch's stages.
            share = (time.perf_counter() - started) / max(len(live), 1)
            for i, draft in live:
                if isinstance(steps[i], PreparedArticle):
                    self._observe("clean", draft.seconds + share)
        assert not any(isinstance(s, _Draft) for s in steps)
        return steps  # type: ignore[return-value]  # every draft was replaced above

    def _prepared(self, draft: _Draft, fp: Fingerprint | None) -> PreparedArticle:
        raw, cleaned = draft.raw, draft.cleaned
        payload_text, _, _ = outputs.truncate_payload(draft.message.value, self.config.rejected_payload_chars)
        return PreparedArticle(
            id=raw.id,
            url=raw.url,
            source=raw.source,
            published_at=cleaned.published_at or raw.published_at,
            title=cleaned.title,
            text=cleaned.text,
            lang=cleaned.lang,
            lang_confidence=round(cleaned.lang_confidence, 4),
            lang_given=cleaned.lang_given,
            lang_disagrees=cleaned.lang_disagrees,
            author=cleaned.author,
            cleaning=cleaned.report.to_dict(),
            fingerprint=fp,
            event_ts=self._event_time(raw),
            origin=draft.message.origin,
            payload=payload_text,
            input_key=draft.message.key.decode("utf-8", "replace") if draft.message.key else None,
            headers=draft.message.headers,
            short=draft.short,
        )

    def _reject(self, stage: str, exc: Exception, message: RawMessage, key: str, article_id: str | None) -> Output:
        """The dead letter of a message that failed in ``stage``: under the input record's key when it
        had one (a producer joins the rejection to what it sent), else ``key``; with its headers."""
        if message.key:
            key = message.key.decode("utf-8", "replace")
        return outputs.rejected(
            key, stage_error(stage, exc), stage, message.value, message.origin,
            self.config.rejected_payload_chars, article_id, message.headers,
        )

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

"""The dedup index: exact and near-duplicate lookup over a sliding event-time window.

All state lives in ``store`` (a dict offline, a Faust table in the worker), as plain JSON-able values:

* ``"x:<exact>"`` -> ``{"id": article id, "ts": event ts}``: the first-seen article with that text;
* ``"a:<article id>"`` -> ``{"s": base64 signature, "ts": event ts}``: the signature, stored once;
* ``"b:<band key>"`` -> ``[[article id, event ts], ...]``: LSH bucket members.

The signature lives in its own key rather than in every bucket entry: with 64 bands that divides
the state by ~10. Values are always written back with ``store[key] = value`` (a Faust table only
persists assignments, never in-place mutation of a value it returned).
"""

from __future__ import annotations

import base64
from collections.abc import MutableMapping
from typing import Any

import numpy as np

from streams.dedup.config import DedupConfig
from streams.dedup.fingerprint import Fingerprint
from streams.models import DedupDecision

EXACT = "x:"
ARTICLE = "a:"
BAND = "b:"


class DedupIndex:
    """Exact + MinHash-LSH near-duplicate index over a window of event time (see module doc)."""

    def __init__(self, config: DedupConfig, store: MutableMapping[str, Any] | None = None) -> None:
        self.config = config
        self.store: MutableMapping[str, Any] = store if store is not None else {}
        # In-memory only: when the next sweep is due. Losing it on restart just delays one sweep.
        self._watermark: float | None = None
        self._last_sweep: float | None = None
        # A full sweep every 1/4 window of event time: state stays below ~1.25 windows of articles
        # while the scan (which visits every key) is amortised over many articles (~1/4 window each).
        self.sweep_interval = config.window_seconds / 4

    # -- public -----------------------------------------------------------------------------------
    def check_and_add(self, article_id: str, fp: Fingerprint, event_ts: float) -> DedupDecision | None:
        """None if first-seen (then registered); else the exact or near decision (not registered).

        ``duplicate_of`` is the earliest (by event time) matching article within the window.
        Re-processing an already registered ``article_id`` returns None again (redelivery)."""
        self._maybe_sweep(event_ts)
        window = self.config.window_seconds
        ts = _ts(event_ts)
        xkey = EXACT + fp.exact
        first = self.store.get(xkey)
        if first is not None:
            if first["id"] == article_id:
                return None  # redelivery of the registered original
            if abs(first["ts"] - event_ts) <= window:
                return DedupDecision(duplicate_of=first["id"], method="exact", similarity=1.0)
        near_ok = fp.n_tokens >= self.config.min_tokens
        if near_ok and (ARTICLE + article_id) in self.store:
            return None  # redelivery: registered under another exact key (e.g. text re-cleaned)
        band_keys = [BAND + k for k in fp.band_keys()] if near_ok else []
        buckets = self._touch_buckets(band_keys, event_ts)
        if near_ok:
            decision = self._near_match(article_id, fp, event_ts, buckets)
            if decision is not None:
                return decision
        # First seen: register.
        self.store[xkey] = {"id": article_id, "ts": ts}
        if near_ok:
            sig64 = base64.b64encode(fp.signature).decode("ascii")
            self.store[ARTICLE + article_id] = {"s": sig64, "ts": ts}
            for key, bucket in zip(band_keys, buckets, strict=True):
                self.store[key] = [*bucket, [article_id, ts]]
        return None

    def expire(self, now: float) -> int:
        """Drop everything older than ``now - window_seconds``; returns the number of keys deleted."""
        cutoff = now - self.config.window_seconds
        deleted = 0
        for key in list(self.store):
            value = self.store.get(key)
            if value is None:
                continue
            if key.startswith(BAND):
                kept = [e for e in value if e[1] >= cutoff]
                if not kept:
                    del self.store[key]
                    deleted += 1
                elif len(kept) != len(value):
                    self.store[key] = kept
            elif key.startswith((EXACT, ARTICLE)) and value["ts"] < cutoff:
                del self.store[key]
                deleted += 1
        self._last_sweep = now
        return deleted

    def state_bytes(self) -> int:
        """Approximate state size: key bytes + JSON-encoded value bytes."""
        import orjson

        return sum(len(k) + len(orjson.dumps(v)) for k, v in self.store.items())

    # -- internals --------------------------------------------------------------------------------
    def _maybe_sweep(self, event_ts: float) -> None:
        if self._watermark is None or event_ts > self._watermark:
            self._watermark = event_ts
        if self._last_sweep is None:
            self._last_sweep = event_ts
        elif self._watermark - self._last_sweep >= self.sweep_interval:
            self.expire(self._watermark)

    def _touch_buckets(self, band_keys: list[str], event_ts: float) -> list[list[Any]]:
        """Read the buckets, dropping (and writing back) entries older than this article's window."""
        cutoff = event_ts - self.config.window_seconds
        buckets: list[list[Any]] = []
        for key in band_keys:
            bucket = self.store.get(key) or []
            kept = [e for e in bucket if e[1] >= cutoff]
            if len(kept) != len(bucket):
                if kept:
                    self.store[key] = kept
                else:
                    del self.store[key]
            buckets.append(kept)
        return buckets

    def _near_match(
        self, article_id: str, fp: Fingerprint, event_ts: float, buckets: list[list[Any]]
    ) -> DedupDecision | None:
        window = self.config.window_seconds
        candidates: dict[str, float] = {}
        for bucket in buckets:
            for cid, cts in bucket:
                if cid != article_id and abs(cts - event_ts) <= window:
                    candidates[cid] = cts
        if not candidates:
            return None
        sig = np.frombuffer(fp.signature, dtype="<u2")
        best: tuple[float, str, float] | None = None  # (event ts, id, similarity)
        for cid, cts in candidates.items():
            entry = self.store.get(ARTICLE + cid)
            if entry is None:
                continue  # swept meanwhile
            other = np.frombuffer(base64.b64decode(entry["s"]), dtype="<u2")
            if other.shape != sig.shape:
                continue  # written under another num_perm: not comparable
            sim = float(np.count_nonzero(sig == other)) / sig.size
            if sim >= self.config.threshold and (best is None or (cts, cid) < best[:2]):
                best = (cts, cid, sim)
        if best is None:
            return None
        return DedupDecision(duplicate_of=best[1], method="near", similarity=round(best[2], 4))


def _ts(event_ts: float) -> int | float:
    """Event times are stored as whole seconds when they are whole (smaller JSON)."""
    return int(event_ts) if float(event_ts).is_integer() else round(float(event_ts), 3)

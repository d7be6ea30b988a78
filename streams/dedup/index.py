"""The dedup index: exact and near-duplicate lookup over a sliding event-time window.

Durable state lives in ``store`` (a dict offline, a Faust table in the worker), as plain JSON-able
values, one key per first-seen article:

* ``"a:<article id>"`` -> ``{"x": exact hash, "ts": event ts, "h": head hash, "s": base64 signature}``
  (``"s"`` only for texts long enough to near-match, ``min_tokens``).

The lookups are *not* stored: the exact-hash map and the LSH buckets are derived from the entries,
held in memory by this instance (:class:`streams.dedup.bands.BandIndex`) and rebuilt from the store
on first use (:meth:`DedupIndex.rebuild`). A first-seen article therefore costs one changelog record
(see README "State"). Keys of former layouts are still read: ``"x:<exact>"`` -> ``{"id", "ts"}``
(the exact hash had a key of its own, a second record per article) until the sweep deletes them with
their window, and ``"b:<band>:<hex>"`` buckets are ignored and deleted by the next sweep.

Values are always written back with ``store[key] = value`` (a Faust table only persists
assignments, never in-place mutation of a value it returned).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import MutableMapping
from typing import Any

import numpy as np

from streams.dedup.bands import BandIndex
from streams.dedup.config import DedupConfig
from streams.dedup.fingerprint import Fingerprint, band_hashes
from streams.records import DedupDecision

EXACT = "x:"  # exact hashes of the former layout: read, deleted by expire() with their window
ARTICLE = "a:"
LEGACY_BAND = "b:"  # buckets of the former store layout: no longer read, deleted by expire()
_SIG_DTYPE = np.dtype("<u2")
_REBUILD_BLOCK = 8192


class DedupIndex:
    """Exact + MinHash-LSH near-duplicate index over a window of event time (see module doc).

    One instance owns its in-memory buckets: give each instance its own store (the worker has one
    table and one index); after the store changed behind its back (e.g. a table partition was
    re-assigned and recovered), call :meth:`rebuild` or :meth:`invalidate`."""

    def __init__(self, config: DedupConfig, store: MutableMapping[str, Any] | None = None) -> None:
        self.config = config
        self.store: MutableMapping[str, Any] = store if store is not None else {}
        self._bands: BandIndex | None = None  # built from the store on first use
        self._exact: dict[str, tuple[str, float]] = {}  # exact hash -> (article id, event ts), likewise
        # In-memory only: when the next sweep is due. Losing it on restart just delays one sweep.
        self._watermark: float | None = None
        self._last_sweep: float | None = None
        # A full sweep every 1/4 window of event time: state stays below ~1.25 windows of articles
        # while the scan (which visits every key) is amortised over many articles (~1/4 window each).
        self.sweep_interval = config.window_seconds / 4
        self._sig_width = config.num_perm * _SIG_DTYPE.itemsize

    # -- public -----------------------------------------------------------------------------------
    def check_and_add(self, article_id: str, fp: Fingerprint, event_ts: float) -> DedupDecision | None:
        """None if first-seen (then registered); else the exact or near decision (not registered).

        ``duplicate_of`` is the earliest (by event time) matching article within the window.
        Re-processing an already registered ``article_id`` returns None again (redelivery)."""
        bands = self._index()
        self._maybe_sweep(event_ts)
        window = self.config.window_seconds
        ts = _ts(event_ts)
        if (ARTICLE + article_id) in self.store:
            return None  # redelivery of a registered article (under this or another text)
        first = self._exact.get(fp.exact)
        if first is not None and first[0] != article_id and abs(first[1] - event_ts) <= window:
            return DedupDecision(duplicate_of=first[0], method="exact", similarity=1.0)
        # A signature of another num_perm (fingerprinted under another configuration) is not comparable.
        near_ok = fp.n_tokens >= self.config.min_tokens and len(fp.signature) == self._sig_width
        hashes = self._band_hashes(fp.signature) if near_ok else None
        if hashes is not None:
            decision = self._near_match(article_id, fp, event_ts, bands.candidates(hashes))
            if decision is not None:
                return decision
        # First seen: register (one changelog record).
        entry: dict[str, Any] = {"x": fp.exact, "ts": ts, "h": fp.head}
        if hashes is not None:
            entry["s"] = base64.b64encode(fp.signature).decode("ascii")
            bands.add(article_id, float(ts), hashes)
        self.store[ARTICLE + article_id] = entry
        self._exact[fp.exact] = (article_id, float(ts))
        return None

    def expire(self, now: float) -> int:
        """Drop everything older than ``now - window_seconds`` (and any legacy bucket key), in the
        store and in memory; returns the number of store keys deleted."""
        bands = self._index()
        cutoff = now - self.config.window_seconds
        deleted = 0
        for key in list(self.store):
            if key.startswith(LEGACY_BAND):
                del self.store[key]
                deleted += 1
                continue
            value = self.store.get(key)
            if key.startswith((EXACT, ARTICLE)) and isinstance(value, dict) and value.get("ts", cutoff) < cutoff:
                del self.store[key]
                deleted += 1
        bands.drop_older_than(cutoff)
        self._exact = {h: first for h, first in self._exact.items() if first[1] >= cutoff}
        self._last_sweep = now
        return deleted

    def rebuild(self) -> int:
        """(Re)build the in-memory exact map and buckets from the store; returns the article count
        in the buckets.

        Entries that cannot be used (malformed, or a signature of another ``num_perm``) are skipped."""
        ids: list[str] = []
        ts: list[float] = []
        sigs: list[bytes] = []
        exact: dict[str, tuple[str, float]] = {}
        for key, value in self.store.items():
            if not isinstance(value, dict):
                continue
            if key.startswith(EXACT):  # former layout
                _remember(exact, key[len(EXACT):], value.get("id"), value.get("ts"))
                continue
            if not key.startswith(ARTICLE):
                continue
            _remember(exact, value.get("x"), key[len(ARTICLE):], value.get("ts"))
            try:
                sig = base64.b64decode(value["s"], validate=True)
                when = float(value["ts"])
            except (KeyError, TypeError, ValueError, binascii.Error):
                continue
            if len(sig) == self._sig_width:
                ids.append(key[len(ARTICLE) :])
                ts.append(when)
                sigs.append(sig)
        matrix = np.frombuffer(b"".join(sigs), dtype=_SIG_DTYPE).reshape(len(sigs), self.config.num_perm)
        del sigs
        hashes = np.empty((len(ids), self.config.bands), dtype=np.uint64)
        for start in range(0, len(ids), _REBUILD_BLOCK):  # bounded temporaries (uint64 of every row)
            block = slice(start, start + _REBUILD_BLOCK)
            hashes[block] = band_hashes(matrix[block], self.config.bands)
        del matrix
        self._bands = BandIndex.build(self.config.bands, ids, ts, hashes)
        self._exact = exact
        return len(ids)

    def invalidate(self) -> None:
        """Forget the in-memory exact map and buckets; the next call rebuilds them from the store."""
        self._bands = None
        self._exact = {}

    def state_bytes(self) -> int:
        """Approximate durable state size: key bytes + JSON-encoded value bytes."""
        import orjson

        return sum(len(k) + len(orjson.dumps(v)) for k, v in self.store.items())

    def memory_bytes(self) -> int:
        """Approximate memory of the in-memory buckets (0 before they are built)."""
        return self._bands.memory_bytes() if self._bands is not None else 0

    # -- internals --------------------------------------------------------------------------------
    def _index(self) -> BandIndex:
        if self._bands is None:
            self.rebuild()
        assert self._bands is not None
        return self._bands

    def _band_hashes(self, signature: bytes) -> np.ndarray:
        return band_hashes(np.frombuffer(signature, dtype=_SIG_DTYPE)[None, :], self.config.bands)[0]

    def _maybe_sweep(self, event_ts: float) -> None:
        if self._watermark is None or event_ts > self._watermark:
            self._watermark = event_ts
        if self._last_sweep is None:
            self._last_sweep = event_ts
        elif self._watermark - self._last_sweep >= self.sweep_interval:
            self.expire(self._watermark)

    def _near_match(
        self, article_id: str, fp: Fingerprint, event_ts: float, candidates: list[tuple[str, float]]
    ) -> DedupDecision | None:
        window = self.config.window_seconds
        sig = np.frombuffer(fp.signature, dtype=_SIG_DTYPE)
        best: tuple[float, str, float] | None = None  # (event ts, id, similarity)
        for cid, cts in candidates:
            if cid == article_id or abs(cts - event_ts) > window:
                continue
            entry = self.store.get(ARTICLE + cid)
            if entry is None:
                continue  # swept meanwhile
            other = np.frombuffer(base64.b64decode(entry["s"]), dtype=_SIG_DTYPE)
            if other.shape != sig.shape:
                continue  # written under another num_perm: not comparable
            sim = float(np.count_nonzero(sig == other)) / sig.size
            # Same title (head): the shared title is no evidence of a copy; ask for more of the text.
            same_head = bool(fp.head) and entry.get("h") == fp.head
            needed = self.config.head_threshold if same_head else self.config.threshold
            if sim >= needed and (best is None or (cts, cid) < best[:2]):
                best = (cts, cid, sim)
        if best is None:
            return None
        return DedupDecision(duplicate_of=best[1], method="near", similarity=round(best[2], 4))


def _remember(exact: dict[str, tuple[str, float]], digest: Any, article_id: Any, when: Any) -> None:
    """Record ``article_id`` as the first-seen text ``digest`` unless a later one already is (an
    exact hash is registered again once its earlier article left the window)."""
    if not isinstance(digest, str) or not isinstance(article_id, str):
        return
    try:
        ts = float(when)
    except (TypeError, ValueError):
        return
    known = exact.get(digest)
    if known is None or ts > known[1]:
        exact[digest] = (article_id, ts)


def _ts(event_ts: float) -> int | float:
    """Event times are stored as whole seconds when they are whole (smaller JSON)."""
    return int(event_ts) if float(event_ts).is_integer() else round(float(event_ts), 3)

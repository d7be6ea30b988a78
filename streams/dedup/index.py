"""The dedup index: exact and near-duplicate lookup over a sliding event-time window.

Durable state lives in ``store`` (a dict offline, a Faust table in the worker), as plain JSON-able
values, one key per first-seen article and per near or contained copy:

* ``"a:<article id>"`` -> ``{"x": exact hash, "ts": event ts, "h": head hash, "s": base64 signature,
  "l": base64 lead unit hashes}`` (``"s"`` only for texts long enough to near-match, ``min_tokens``;
  ``"l"`` only with containment on, see :mod:`streams.dedup.lead`);
* for a near or contained copy, ``{"x": exact hash, "ts": event ts, "d": the id it was found a copy
  of}``: only its text's exact hash, so that an exact copy of it names it (not what it was matched
  to, which may be another story). Exact copies are never registered: their text is known already.

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
from dataclasses import dataclass
from typing import Any

import numpy as np

from streams.dedup.bands import BandIndex
from streams.dedup.config import DedupConfig
from streams.dedup.fingerprint import Fingerprint, band_hashes
from streams.dedup.lead import (
    LeadIndex,
    LeadUnits,
    contained_share,
    copies_lead,
    decode_hashes,
    encode_hashes,
    keeps_lead,
)
from streams.records import DedupDecision

EXACT = "x:"  # exact hashes of the former layout: read, deleted by expire() with their window
ARTICLE = "a:"
COPY_OF = "d"  # in the entry of a near or contained copy: the id its decision named
LEGACY_BAND = "b:"  # buckets of the former store layout: no longer read, deleted by expire()
_SIG_DTYPE = np.dtype("<u2")
_REBUILD_BLOCK = 8192


@dataclass(frozen=True, slots=True)
class Expansion:
    """A first-seen article is the longer story of an earlier brief: every unit of the brief is
    among its first units."""

    brief_id: str
    containment: float


@dataclass(frozen=True, slots=True)
class DedupOutcome:
    """What :meth:`DedupIndex.check` found: a duplicate decision, or for a first-seen article the
    earlier brief it expands (or neither)."""

    decision: DedupDecision | None = None
    expands: Expansion | None = None


_FIRST_SEEN = DedupOutcome()


class DedupIndex:
    """Exact + MinHash-LSH near-duplicate index over a window of event time (see module doc).

    One instance owns its in-memory buckets: give each instance its own store (the worker has one
    table and one index); after the store changed behind its back (e.g. a table partition was
    re-assigned and recovered), call :meth:`rebuild` or :meth:`invalidate`."""

    def __init__(self, config: DedupConfig, store: MutableMapping[str, Any] | None = None) -> None:
        self.config = config
        self.store: MutableMapping[str, Any] = store if store is not None else {}
        self._bands: BandIndex | None = None  # built from the store on first use
        self._leads: LeadIndex | None = None  # lead unit hashes (containment), likewise
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
        """None if first-seen (then registered); else the exact, near or contained decision (not
        registered). See :meth:`check`."""
        return self.check(article_id, fp, event_ts).decision

    def check(self, article_id: str, fp: Fingerprint, event_ts: float, register: bool = True) -> DedupOutcome:
        """Decide and register: an exact copy is not registered; a near or contained copy is, by
        its exact hash alone; a first-seen article is, and is told the earlier brief it expands, if any.
        With ``register`` False nothing is registered (a text too short to be an article is only
        looked up: a copy of a known story, or nothing).

        ``duplicate_of`` is, for an exact copy, the first article with the same text within the
        window; else the most similar first-seen article that matches (the earliest of equals).
        Re-processing an already registered first-seen ``article_id`` finds nothing, and a
        redelivered copy gets its decision again (redelivery)."""
        bands = self._index()
        self._maybe_sweep(event_ts)
        window = self.config.window_seconds
        ts = _ts(event_ts)
        registered = self.store.get(ARTICLE + article_id)
        if isinstance(registered, dict) and COPY_OF not in registered:
            # Redelivery of a registered article (under this or another text): the same outcome again.
            # (A redelivered near or contained copy is decided again below, as it was the first time.)
            return DedupOutcome(expands=self._expanded_brief(article_id, fp, event_ts, self._lead_candidates(fp)))
        first = self._exact.get(fp.exact)
        if first is not None and first[0] != article_id and abs(first[1] - event_ts) <= window:
            # The earliest article with this very text: an original, or a near or contained copy
            # of one (see _register_copy).
            return DedupOutcome(DedupDecision(duplicate_of=first[0], method="exact", similarity=1.0))
        # A signature of another num_perm (fingerprinted under another configuration) is not comparable.
        near_ok = fp.n_tokens >= self.config.min_tokens and len(fp.signature) == self._sig_width
        hashes = self._band_hashes(fp.signature) if near_ok else None
        if hashes is not None:
            decision = self._near_match(article_id, fp, event_ts, bands.candidates(hashes))
            if decision is not None:
                if register:
                    self._register_copy(article_id, fp, ts, decision, registered)
                return DedupOutcome(decision)
        nearby = self._lead_candidates(fp)
        if nearby:
            contained = self._container(article_id, fp, event_ts, nearby)
            if contained is not None:
                if register:
                    self._register_copy(article_id, fp, ts, contained, registered)
                return DedupOutcome(contained)
        if not register:
            return _FIRST_SEEN
        # First seen: register (one changelog record).
        entry: dict[str, Any] = {"x": fp.exact, "ts": ts, "h": fp.head}
        if hashes is not None:
            entry["s"] = base64.b64encode(fp.signature).decode("ascii")
            bands.add(article_id, float(ts), hashes)
        if self.config.containment and fp.lead:
            entry["l"] = encode_hashes(fp.lead)
            self._lead_index().add(article_id, float(ts), fp.lead)
        self.store[ARTICLE + article_id] = entry
        self._exact[fp.exact] = (article_id, float(ts))
        return DedupOutcome(expands=self._expanded_brief(article_id, fp, event_ts, nearby)) if nearby else _FIRST_SEEN

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
        self._lead_index().drop_older_than(cutoff)
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
        leads = LeadIndex()
        for key, value in self.store.items():
            if not isinstance(value, dict):
                continue
            if key.startswith(EXACT):  # former layout
                _remember(exact, key[len(EXACT):], value.get("id"), value.get("ts"))
                continue
            if not key.startswith(ARTICLE):
                continue
            _remember(exact, value.get("x"), key[len(ARTICLE):], value.get("ts"))
            units = decode_hashes(value.get("l")) if self.config.containment else ()
            if units and isinstance(value.get("ts"), int | float):
                leads.add(key[len(ARTICLE) :], float(value["ts"]), units)
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
        self._leads = leads
        self._exact = exact
        return len(ids)

    def invalidate(self) -> None:
        """Forget the in-memory exact map and buckets; the next call rebuilds them from the store."""
        self._bands = None
        self._leads = None
        self._exact = {}

    def state_bytes(self) -> int:
        """Approximate durable state size: key bytes + JSON-encoded value bytes."""
        import orjson

        return sum(len(k) + len(orjson.dumps(v)) for k, v in self.store.items())

    def memory_bytes(self) -> int:
        """Approximate memory of the in-memory buckets and lead index (0 before they are built)."""
        return sum(index.memory_bytes() for index in (self._bands, self._leads) if index is not None)

    # -- internals --------------------------------------------------------------------------------
    def _register_copy(
        self, article_id: str, fp: Fingerprint, ts: float, decision: DedupDecision, registered: Any
    ) -> None:
        """Remember the text of a near or contained copy, so that its exact copies name it.

        Similarity is not transitive: a near match may be a later version of another story (a new
        lead over some of the older paragraphs), and its exact copies would inherit that pointer.
        Only the exact hash is kept (no signature, no lead units): near and containment lookups
        still see first-seen articles only, so a pointer is never more than two hops from one."""
        entry = {"x": fp.exact, "ts": ts, COPY_OF: decision.duplicate_of}
        if registered != entry:  # a redelivered copy writes no second record
            self.store[ARTICLE + article_id] = entry
        self._exact[fp.exact] = (article_id, float(ts))

    def _index(self) -> BandIndex:
        if self._bands is None:
            self.rebuild()
        assert self._bands is not None
        return self._bands

    def _lead_candidates(self, fp: Fingerprint) -> list[tuple[str, float]]:
        if not self.config.containment or len(fp.lead) < self.config.containment_min_units:
            return []
        return self._lead_index().candidates(fp.lead)


    def _lead_index(self) -> LeadIndex:
        if self._leads is None:
            self.rebuild()
        assert self._leads is not None
        return self._leads

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
        cfg = self.config
        window = cfg.window_seconds
        sig = np.frombuffer(fp.signature, dtype=_SIG_DTYPE)
        # The most similar candidate wins (ties: the earliest): the first bucket hit or the earliest
        # match can be another story that merely passes the threshold, while the copy's own original
        # scores far higher. Candidates are first-seen articles only (a copy is registered by its
        # exact hash alone), so a near pointer always names an original.
        best: tuple[float, float, str] | None = None  # (-similarity, event ts, id)
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
            if sim < cfg.lead_copy_threshold or (best is not None and (-sim, cts, cid) > best):
                continue
            units = decode_hashes(entry.get("l"))
            # Same title (head): the shared title is no evidence of a copy; ask for more of the text.
            same_head = bool(fp.head) and entry.get("h") == fp.head
            if sim < (cfg.head_threshold if same_head else cfg.threshold) and (
                same_head or not copies_lead(fp.lead, units, cfg.lead_copy_units)
            ):
                continue
            # A partial copy keeps the lead; a later version of a story writes a new lead over some
            # of the older paragraphs (see README "Shared lead").
            if sim < cfg.shared_lead_below and not keeps_lead(fp.lead, fp.lead_tokens, units, cfg.lead_offset_tokens):
                continue
            best = (-sim, cts, cid)
        if best is None:
            return None
        return DedupDecision(duplicate_of=best[2], method="near", similarity=round(-best[0], 4))

    def _container(
        self, article_id: str, fp: Fingerprint, event_ts: float, candidates: list[tuple[str, float]]
    ) -> DedupDecision | None:
        """The earlier, longer article that holds (nearly) all of this text in its first units, if
        this text is short enough to be a brief (its units are all known); the best share wins."""
        cfg = self.config
        if not fp.lead_complete or len(fp.lead) >= cfg.lead_units:
            return None  # longer than any brief, or its end is unknown
        brief = LeadUnits(fp.lead, fp.lead_tokens)
        best: tuple[float, float, str] | None = None  # (-share, event ts, id)
        for cid, cts in candidates:
            if cid == article_id or abs(cts - event_ts) > cfg.window_seconds:
                continue
            outer = decode_hashes((self.store.get(ARTICLE + cid) or {}).get("l"))
            share, matched = contained_share(brief, outer)
            # The container must be longer: units of its own beyond the ones the brief shares.
            if matched < cfg.containment_min_units or share < cfg.containment_threshold or len(outer) <= matched:
                continue
            if best is None or (-share, cts, cid) < best:
                best = (-share, cts, cid)
        if best is None:
            return None
        return DedupDecision(duplicate_of=best[2], method="contained", similarity=round(-best[0], 4))

    def _expanded_brief(
        self, article_id: str, fp: Fingerprint, event_ts: float, candidates: list[tuple[str, float]]
    ) -> Expansion | None:
        """The earlier brief (a whole text of fewer units than the lead kept) whose every unit is
        among this article's first units, and that this article extends; the earliest wins."""
        if not candidates:
            return None
        cfg = self.config
        own = set(fp.lead)
        best: tuple[float, str] | None = None
        for cid, cts in candidates:
            if cid == article_id or abs(cts - event_ts) > cfg.window_seconds:
                continue
            inner = decode_hashes((self.store.get(ARTICLE + cid) or {}).get("l"))
            # A stored list as long as the lead kept may have been cut: not known to be a whole brief.
            if not cfg.containment_min_units <= len(inner) < cfg.lead_units or not own.issuperset(inner):
                continue
            if len(own) <= len(set(inner)) and fp.lead_complete:
                continue  # nothing beyond the brief: the same text, not an expansion
            if best is None or (cts, cid) < best:
                best = (cts, cid)
        return Expansion(brief_id=best[1], containment=1.0) if best is not None else None


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

"""In-memory LSH buckets, derived from the signatures kept in the dedup store.

The buckets are not durable state: every bucket entry follows from an article's signature, so the
store keeps only the signatures (``a:<id>``) and :class:`BandIndex` is rebuilt from them after a
restart. Layout, per registered article ("row"): its id, its event time and ``bands`` uint64 band
hashes (:func:`streams.dedup.fingerprint.band_hashes`). The hashes live in one array sorted by hash
with a parallel array of rows; a directory on the top bits of the hash (the hashes are uniform, ~8
per directory slot) turns a lookup into two small gathers instead of a binary search through the
whole array (3x faster at 100k articles: a binary search misses the cache at every level). Newly
added articles go first to a small dict (``hash -> rows``) merged into the sorted arrays every
``merge_every`` articles, so an insert never copies the big arrays. About 12.5 bytes per band per
article (8 for the hash, 4 for the row, 0.5 of directory) plus the id and time: ~0.9 kB per article
with 64 bands.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import numpy as np

# Merging copies the sorted arrays (O(entries)); every 2,048 articles that is ~20 ms at 100k
# articles in the window (~10 us per article), while the dict of pending hashes stays ~10 MB.
MERGE_EVERY = 2048


class BandIndex:
    """LSH bucket lookup over registered articles: which rows share a band hash with a query."""

    def __init__(self, bands: int, merge_every: int = MERGE_EVERY) -> None:
        self.bands = bands
        self.merge_every = merge_every
        self._keys = np.zeros(0, dtype=np.uint64)  # sorted band hashes
        self._rows = np.zeros(0, dtype=np.int32)  # row of each hash in _keys
        self._shift = np.uint64(63)  # directory slot of a hash = hash >> _shift
        self._dir = np.zeros(3, dtype=np.int32)  # slot -> first position in _keys (and one past the end)
        self._pending: dict[int, int | list[int]] = {}  # hash -> row(s), not yet merged
        self._pending_rows: list[tuple[int, np.ndarray]] = []
        self._ids: list[str] = []
        self._ts = np.zeros(1024, dtype=np.float64)

    def __len__(self) -> int:
        return len(self._ids)

    @classmethod
    def build(cls, bands: int, ids: list[str], ts: Iterable[float], hashes: np.ndarray) -> BandIndex:
        """An index over many articles at once: ``hashes`` is (len(ids), bands) uint64."""
        index = cls(bands)
        n = len(ids)
        index._ids = list(ids)
        index._ts = np.fromiter(ts, dtype=np.float64, count=n) if n else np.zeros(1024, dtype=np.float64)
        flat = hashes.reshape(-1)
        order = np.argsort(flat)  # equal hashes in any order: rows are collected as a set
        index._keys = flat[order]
        order //= bands  # in place: position in flat -> row
        index._rows = order.astype(np.int32)
        del order
        index._reindex()
        return index

    def add(self, article_id: str, ts: float, hashes: np.ndarray) -> None:
        """Register one article (``hashes``: its ``bands`` uint64 band hashes)."""
        row = len(self._ids)
        if row >= self._ts.size:
            self._ts = np.concatenate([self._ts, np.zeros(max(1024, self._ts.size), dtype=np.float64)])
        self._ids.append(article_id)
        self._ts[row] = ts
        # One C-level dict update instead of a Python loop over the bands (64 dict operations with
        # a list each: ~60 of the dedup hop's ~300 us per article). A hash held by one row maps to
        # that row; the rare hash shared by several articles (the same band) maps to a list.
        keys = hashes.tolist()
        pending = self._pending
        shared = [(key, pending[key]) for key in pending.keys() & keys]
        pending.update(dict.fromkeys(keys, row))
        for key, held in shared:
            pending[key] = [*held, row] if isinstance(held, list) else [held, row]
        self._pending_rows.append((row, hashes))
        if len(self._pending_rows) >= self.merge_every:
            self._merge()

    def candidates(self, hashes: np.ndarray) -> list[tuple[str, float]]:
        """(id, event ts) of every article sharing at least one band hash with ``hashes``."""
        slot = (hashes >> self._shift).astype(np.intp)
        lo = self._dir[slot]
        counts = self._dir[slot + 1] - lo
        width = int(counts.max()) if counts.size else 0
        rows: set[int] = set()
        if width:  # positions lo..hi-1 of every query as one (bands x widest slot) gather
            span = np.arange(width)
            pos = lo[:, None] + span
            np.minimum(pos, self._keys.size - 1, out=pos)  # positions past a slot's end are masked out
            match = (span < counts[:, None]) & (self._keys[pos] == hashes[:, None])
            rows.update(self._rows[pos[match]].tolist())
        pending = self._pending
        for key in pending.keys() & hashes.tolist():
            held = pending[key]
            if isinstance(held, list):
                rows.update(held)
            else:
                rows.add(held)
        return [(self._ids[r], float(self._ts[r])) for r in sorted(rows)]

    def drop_older_than(self, cutoff: float) -> int:
        """Forget the articles whose event time is before ``cutoff``; returns how many."""
        n = len(self._ids)
        live = self._ts[:n] >= cutoff
        dropped = n - int(np.count_nonzero(live))
        if not dropped:
            return 0
        self._merge()
        new_row = np.cumsum(live, dtype=np.int64) - 1
        keep = live[self._rows]
        self._keys = self._keys[keep]
        self._rows = new_row[self._rows[keep]].astype(np.int32)
        self._reindex()
        kept = np.flatnonzero(live)
        self._ids = [self._ids[i] for i in kept.tolist()]
        self._ts = self._ts[kept].copy() if kept.size else np.zeros(1024, dtype=np.float64)
        return dropped

    def memory_bytes(self) -> int:
        """Approximate memory held: arrays, ids and the pending dict (Python object sizes)."""
        size = self._keys.nbytes + self._rows.nbytes + self._dir.nbytes + self._ts.nbytes
        size += sys.getsizeof(self._ids) + sum(sys.getsizeof(i) for i in self._ids)
        size += sys.getsizeof(self._pending) + sum(
            sys.getsizeof(k) + sys.getsizeof(v) for k, v in self._pending.items()
        )
        size += sum(h.nbytes + 100 for _, h in self._pending_rows)
        return size

    def _merge(self) -> None:
        """Move the pending hashes into the sorted arrays (one linear np.insert)."""
        if not self._pending_rows:
            return
        new_keys = np.concatenate([h for _, h in self._pending_rows])
        new_rows = np.repeat(np.array([r for r, _ in self._pending_rows], dtype=np.int32), self.bands)
        order = np.argsort(new_keys, kind="stable")
        new_keys, new_rows = new_keys[order], new_rows[order]
        at = np.searchsorted(self._keys, new_keys, side="right")
        self._keys = np.insert(self._keys, at, new_keys)
        self._rows = np.insert(self._rows, at, new_rows)
        self._pending = {}
        self._pending_rows = []
        self._reindex()

    def _reindex(self) -> None:
        """Rebuild the directory: 2**bits slots for ~8 hashes each (hashes are uniform 64-bit)."""
        bits = max(1, min(28, int(self._keys.size).bit_length() - 3))
        self._shift = np.uint64(64 - bits)
        slots = np.bincount((self._keys >> self._shift).astype(np.intp), minlength=1 << bits)
        self._dir = np.zeros((1 << bits) + 1, dtype=np.int32)
        np.cumsum(slots, out=self._dir[1:])

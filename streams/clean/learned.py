"""Boilerplate learned per source: lines that recur across many distinct articles of one site.

State per source (a plain JSON-able dict, so the store can be a Faust table)::

    {"seq": <articles observed>, "lines": {<line hash>: [<distinct articles>, <last seq seen>]},
     "recent": [<ids of the last articles observed>]}

Only a hash of each candidate line is kept (16 hex chars), never the text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, MutableMapping
from typing import Any

from streams.clean.config import CleanConfig
from streams.clean.unicode import normalize_for_matching

# Article ids remembered per source so a replayed article (consumer restart) is not counted twice.
RECENT_IDS = 64
# Candidate lines need some substance: 1-2 character lines ("-", "|") are handled by the rules.
MIN_LINE_CHARS = 3
# When a source's table is full, evict down to this share of the bound in one go (amortises the sort).
EVICT_TO = 0.8


def line_key(line: str, normalize: Callable[[str], str] = normalize_for_matching) -> str:
    """A short stable hash of a line's matching form (``normalize``: normalize_for_matching or a memo)."""
    return hashlib.blake2b(normalize(line).encode("utf-8"), digest_size=8).hexdigest()


class BoilerplateLearner:
    """Learns lines that recur across articles of one source.

    State lives in ``store``, a MutableMapping[str, Any] keyed by source whose values are plain
    JSON-able values. The store may be a Faust table: values are never mutated in place, changes are
    written back with ``store[source] = new_value`` (every ``boilerplate_write_every`` observations)."""

    def __init__(self, config: CleanConfig, store: MutableMapping[str, Any] | None = None) -> None:
        self.config = config
        self.store: MutableMapping[str, Any] = store if store is not None else {}
        # Write-behind (``config.boilerplate_write_every``): the newest state of each source and how
        # many observations it holds that the store has not seen yet. Read before the store.
        self._latest: dict[str, dict[str, Any]] = {}
        self._unwritten: dict[str, int] = {}

    def invalidate(self) -> None:
        """Forget the states not yet written (the store changed behind this learner's back, e.g. a
        partition was re-assigned and its table recovered): the store is read again."""
        self._latest.clear()
        self._unwritten.clear()

    def state(self, source: str) -> dict[str, Any]:
        """The newest state of ``source`` (written or not), or an empty dict."""
        latest = self._latest.get(source)
        return latest if latest is not None else (self.store.get(source) or {})

    def _save(self, source: str, value: dict[str, Any]) -> None:
        every = max(1, self.config.boilerplate_write_every)
        pending = self._unwritten.get(source, every - 1) + 1  # a source's first state is written at once
        if pending >= every:
            self.store[source] = value
            self._latest.pop(source, None)
            self._unwritten[source] = 0
        else:
            self._latest[source] = value
            self._unwritten[source] = pending

    def _candidate(self, line: str) -> bool:
        return MIN_LINE_CHARS <= len(line) <= self.config.boilerplate_max_line_chars

    def observe(self, source: str, article_id: str, lines: list[str]) -> set[str]:
        """Count this article's candidate lines for ``source``; return the keys now learned.

        A line counts once per article; an article id seen recently is not counted again."""
        return self._count(source, article_id, (line_key(ln) for ln in lines if self._candidate(ln)))

    def _count(self, source: str, article_id: str, line_keys: Iterable[str]) -> set[str]:
        """``observe`` given the keys of the article's candidate lines, in line order."""
        old = self.state(source)
        seq = int(old.get("seq", 0))
        # A shallow copy: the entries of untouched lines are shared with the stored value, which is
        # fine because entries are replaced, never mutated (copying every entry cost ~0.1 ms).
        table: dict[str, list[int]] = dict(old.get("lines") or {})
        recent: list[str] = [str(x) for x in (old.get("recent") or [])]
        # Built by adding the keys in line order, as always: the set's iteration order decides which
        # of equally ranked lines an eviction keeps.
        keys = set(line_keys)
        if article_id not in recent:
            seq += 1
            for k in keys:
                entry = table.get(k)
                table[k] = [int(entry[0]) + 1, seq] if entry else [1, seq]
            recent = [*recent, article_id][-RECENT_IDS:]
            limit = max(1, self.config.boilerplate_max_lines_per_source)
            if len(table) > limit:
                table = self._evict(table, int(limit * EVICT_TO), keys)
            self._save(source, {"seq": seq, "lines": table, "recent": recent})
        threshold = self.config.boilerplate_min_articles
        return {k for k in keys if k in table and table[k][0] >= threshold}

    @staticmethod
    def _evict(table: dict[str, list[int]], size: int, protect: set[str]) -> dict[str, list[int]]:
        """Keep the ``size`` most useful entries: learned/frequent first, then most recently seen.

        The current article's lines are kept so a line is never forgotten the moment it is counted."""
        ranked = sorted(table.items(), key=lambda kv: (kv[0] in protect, kv[1][0], kv[1][1]), reverse=True)
        return dict(ranked[: max(size, 1)])

    def filter(
        self,
        source: str | None,
        article_id: str,
        blocks: list[list[str]],
        normalize: Callable[[str], str] = normalize_for_matching,
    ) -> tuple[list[list[str]], int, int]:
        """Observe the article's lines, then drop the learned ones (``normalize``: as in ``line_key``).

        Returns the blocks and the number of lines and characters removed."""
        if not source:
            return blocks, 0, 0
        lines = [ln for b in blocks for ln in b if self._candidate(ln)]
        keys = [line_key(ln, normalize) for ln in lines]
        learned = self._count(source, article_id, keys)
        if not learned:
            return blocks, 0, 0
        key_of = dict(zip(lines, keys, strict=True))  # each line hashed once
        out: list[list[str]] = []
        n_lines = n_chars = 0
        for block in blocks:
            kept = []
            for line in block:
                if key_of.get(line) in learned:
                    n_lines += 1
                    n_chars += len(line)
                else:
                    kept.append(line)
            if kept:
                out.append(kept)
        return out, n_lines, n_chars

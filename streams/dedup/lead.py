"""Lead units: the title and first sentences of an article, hashed one by one, for containment
(and for the near-match rules on the lead, ``DedupConfig.shared_lead_below`` and
``lead_copy_threshold``).

A brief made of a story's title and lead is a *prefix* of that story. Jaccard cannot see it (a
60-word brief of a 600-word story shares ~10% of the union), but its units can: the text is cut at
every line break and . ! ?, and pieces of fewer than 4 tokens are counted but not hashed; the brief's
units are then the story's first units, token for token, whatever the quote style or spacing of
either (the cuts are made on the punctuation itself; abbreviations, "M. Dupont", cut both texts
alike, and a point between two digits, "3.5", "310.000", cuts nothing). Only the first
``lead_units`` units of each article are kept (a brief longer than that is no brief), 3 bytes
each, so the durable cost is ~30 bytes per article; the first two are looked up in a dict
(:class:`LeadIndex`).
"""

from __future__ import annotations

import base64
import sys
import zlib
from dataclasses import dataclass

# Pieces of fewer tokens ("Tous ?", "Selon M.", a dateline) are no units: alone they would be matched
# by any text that has them, and they carry no evidence of a shared text.
MIN_UNIT_TOKENS = 4
# Pieces split off at first beyond ``limit`` (empty ones from "..." and short ones count too).
_SLACK = 6
UNIT_BYTES = 3  # 24-bit unit hashes: ~16 M values, chance collisions are rejected by verification
_UNIT_MASK = (1 << (8 * UNIT_BYTES)) - 1
# Units indexed for lookup: a brief keeps its story's title and first sentence (or, without the
# title, starts at the story's first sentence).
INDEXED_UNITS = 2


@dataclass(frozen=True)
class LeadUnits:
    """The first units of one text: their 24-bit hashes and token counts, in text order."""

    hashes: tuple[int, ...]
    tokens: tuple[int, ...]

    def encode(self) -> str:
        """The hashes as base64 (``UNIT_BYTES`` each), without padding: the durable form."""
        return encode_hashes(self.hashes)


def encode_hashes(hashes: tuple[int, ...]) -> str:
    """Unit hashes as base64 (``UNIT_BYTES`` each), without padding (:func:`decode_hashes` reads it)."""
    packed = 0
    for unit in hashes:
        packed = packed << (8 * UNIT_BYTES) | unit
    return base64.b64encode(packed.to_bytes(UNIT_BYTES * len(hashes), "big")).decode("ascii").rstrip("=")


def decode_hashes(value: object) -> tuple[int, ...]:
    """Inverse of :meth:`LeadUnits.encode` (hashes only); () for anything malformed."""
    if not isinstance(value, str):
        return ()
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
    except ValueError:
        return ()
    if len(raw) % UNIT_BYTES:
        return ()
    return tuple(int.from_bytes(raw[i : i + UNIT_BYTES], "big") for i in range(0, len(raw), UNIT_BYTES))


def lead_units(marked: bytes, limit: int) -> LeadUnits:
    """The first ``limit`` units of a text, from its token bytes with a line feed at every end of a
    sentence or line (``fingerprint._unit_token_bytes``): pieces of fewer than ``MIN_UNIT_TOKENS``
    tokens are counted with the unit before them (or, at the start, the next), not hashed."""
    pieces = marked.split(b"\n", limit + _SLACK)
    if len(pieces) > limit + _SLACK:
        pieces.pop()  # the rest of the text, unsplit
    hashes, counts = _units(pieces, limit)
    if len(hashes) < limit and len(pieces) == limit + _SLACK:
        hashes, counts = _units(marked.split(b"\n"), limit)  # many short pieces in the lead (rare)
    return LeadUnits(tuple(hashes), tuple(counts))


def _units(pieces: list[bytes], limit: int) -> tuple[list[int], list[int]]:
    """The first ``limit`` units of pieces (token bytes): the hash of each and its token count, which
    includes the short pieces that follow it (or, at the start, precede it) without changing its
    hash. The count of unit ``limit`` leaves out what follows it: a text of ``limit`` units is no
    brief (see ``Fingerprint.lead_complete``), whatever comes after."""
    hashes: list[int] = []
    counts: list[int] = []
    leading = 0  # tokens of short pieces before the first unit
    crc32, join, minimum = zlib.crc32, b" ".join, MIN_UNIT_TOKENS  # locals: ~10% of this loop
    i, end = 0, len(pieces)
    while i < end:
        piece = pieces[i]
        i += 1
        # A point between two digits ("310.000", "3.5", "06.04.2019") ends no sentence: one text
        # writes "310 000" where another writes "310.000", and both must give the same units.
        while i < end and piece[-1:].isdigit() and pieces[i][:1].isdigit():
            piece += b" " + pieces[i]
            i += 1
        words = piece.split()
        n = len(words)
        if n < minimum:
            # Counted, not hashed: whether the story goes on with a short piece ("Tous ?", the rest
            # of "3.5") or the brief stops before it, the unit before keeps its hash.
            if counts:
                counts[-1] += n
            else:
                leading += n
            continue
        # crc32 (C, ~0.2 us) cut to 24 bits: a checksum is uniform enough to tell units apart here.
        hashes.append(crc32(join(words)) & _UNIT_MASK)
        counts.append(n + leading)
        leading = 0
        if len(hashes) == limit:
            break
    if leading:  # a text shorter than one unit: one unit of what there is
        hashes.append(crc32(b" ".join(b" ".join(pieces).split())) & _UNIT_MASK)
        counts.append(leading)
    return hashes, counts


class LeadIndex:
    """Which registered articles have a unit among their first ``INDEXED_UNITS`` units.

    A brief and its story share their first units (the title, the first sentence), so those are
    enough to find each other; the other kept units serve only to verify (stored in the entries).
    A dict per unit hash: ~0.2 kB per article in memory, no numpy call on the hot path."""

    def __init__(self) -> None:
        self._rows: dict[int, tuple[str, float] | list[tuple[str, float]]] = {}

    def add(self, article_id: str, ts: float, units: tuple[int, ...]) -> None:
        """Register ``article_id``'s first units."""
        row = (article_id, ts)  # one tuple shared by its units
        for position, unit in enumerate(units[:INDEXED_UNITS]):
            if position and unit == units[0]:
                continue  # the same unit twice (INDEXED_UNITS is 2)
            held = self._rows.get(unit)
            if held is None:
                self._rows[unit] = row
            elif isinstance(held, list):
                held.append(row)
            else:
                self._rows[unit] = [held, row]

    def candidates(self, units: tuple[int, ...]) -> list[tuple[str, float]]:
        """(id, event ts) of the articles whose first units include one of ``units``' first."""
        found: list[tuple[str, float]] = []
        for unit in units[:INDEXED_UNITS]:
            held = self._rows.get(unit)
            if held is None:
                continue
            if isinstance(held, list):
                found.extend(row for row in held if row not in found)
            elif held not in found:
                found.append(held)
        return found

    def drop_older_than(self, cutoff: float) -> None:
        """Forget the articles whose event time is before ``cutoff``."""
        kept: dict[int, tuple[str, float] | list[tuple[str, float]]] = {}
        for unit, held in self._rows.items():
            if isinstance(held, list):
                rows = [row for row in held if row[1] >= cutoff]
                if rows:
                    kept[unit] = rows if len(rows) > 1 else rows[0]
            elif held[1] >= cutoff:
                kept[unit] = held
        self._rows = kept

    def memory_bytes(self) -> int:
        """Approximate memory: the dict, its keys, and one (id, time) row per article."""
        rows = {id(r): r for held in self._rows.values() for r in (held if isinstance(held, list) else [held])}
        size = sys.getsizeof(self._rows) + 28 * len(self._rows)
        return size + sum(sys.getsizeof(r) + sys.getsizeof(r[0]) + 24 for r in rows.values())


def contained_share(inner: LeadUnits, outer: tuple[int, ...]) -> tuple[float, int]:
    """(share of ``inner``'s tokens in units that ``outer`` has, number of such units)."""
    held = set(outer)
    matched = [n for h, n in zip(inner.hashes, inner.tokens, strict=True) if h in held]
    total = sum(inner.tokens)
    return (sum(matched) / total if total else 0.0), len(matched)


def keeps_lead(
    lead: tuple[int, ...], lead_tokens: tuple[int, ...], other: tuple[int, ...], max_offset: int
) -> bool:
    """Whether a new text (its lead units and their token counts) keeps the lead of a stored article
    (its units ``other``): it has the stored title or first sentence (the units a brief keeps,
    ``INDEXED_UNITS``), or a unit of the stored lead that starts within its own first ``max_offset``
    tokens. True when either has no units (nothing to compare)."""
    if not lead or not other:
        return True
    if not set(other[:INDEXED_UNITS]).isdisjoint(lead):
        return True
    offset = 0
    for unit, count in zip(lead, lead_tokens, strict=True):
        if offset > max_offset:
            return False
        if unit in other:
            return True
        offset += count
    return False


def copies_lead(lead: tuple[int, ...], other: tuple[int, ...], min_units: int) -> bool:
    """Whether a text has the stored title or first sentence and at least ``min_units`` of the
    stored lead units, verbatim."""
    if set(other[:INDEXED_UNITS]).isdisjoint(lead):
        return False
    return len(set(lead).intersection(other)) >= min_units

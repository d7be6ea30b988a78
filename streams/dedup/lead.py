"""Lead units: the title and first sentences of an article, hashed one by one, for containment.

A brief made of a story's title and lead is a *prefix* of that story: its units (lines, then
sentences) are the story's first units, token for token. Jaccard cannot see it (a 60-word brief of a
600-word story shares ~10% of the union), but the hashes of the units can: every unit of the brief is
among the first units of the story. Only the first ``lead_units`` units of each article are kept
(a brief longer than that is no brief), 3 bytes each, so the durable cost is ~30 bytes per article
and a lookup is one gather in a :class:`streams.dedup.bands.BandIndex` over the unit hashes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from streams.dedup.bands import BandIndex

# A sentence ends at . ! ? or … and its closing quotes or brackets, before whitespace that is not
# followed by more closing punctuation or by , ; : (then the quote goes on: «Assez ! », dit-il).
# Quote styles vary between copies ("Oui!", « Oui ! »): the spaces French typography puts inside
# guillemets must not move a boundary. Abbreviations ("M. Dupont") split too, identically in the
# brief and in the story, and the short piece they leave joins the next unit (MIN_UNIT_TOKENS).
_SENTENCE_END = re.compile(r"(?<=[.!?…])(?:\s*[»\"”’)\]])*\s+(?![»”)\],;:])")
# Pieces of fewer tokens ("Tous ?", "Selon M.", a dateline) join the unit before them: alone they
# would be matched by any text that has them, and they carry no evidence of a shared text.
MIN_UNIT_TOKENS = 4
UNIT_BYTES = 3  # 24-bit unit hashes: ~16 M values, chance collisions are rejected by verification
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


@dataclass(frozen=True)
class LeadUnits:
    """The first units of one text: their 24-bit hashes and token counts, in text order."""

    hashes: tuple[int, ...]
    tokens: tuple[int, ...]

    def encode(self) -> str:
        """The hashes as base64 (``UNIT_BYTES`` each), without padding: the durable form."""
        raw = b"".join(h.to_bytes(UNIT_BYTES, "big") for h in self.hashes)
        return base64.b64encode(raw).decode("ascii").rstrip("=")


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


def lead_units(text: str, limit: int, token_bytes: Callable[[str], bytes]) -> LeadUnits:
    """The first ``limit`` units of ``text``: lines split into sentences, a short piece joined to the
    unit before it (or, at the start, to the next). ``token_bytes`` is the fingerprint's tokenizer
    (str -> space-separated bytes), so a unit's tokens are those of the text's token sequence."""
    units: list[list[bytes]] = []
    carry: list[bytes] = []  # short pieces before the first unit
    for line in text.split("\n"):
        if len(units) > limit:
            break  # unit ``limit`` is final: the next full unit has started
        for piece in _SENTENCE_END.split(line):
            words = token_bytes(piece).split()
            if not words:
                continue
            if len(words) < MIN_UNIT_TOKENS and units:
                # Joined to the unit before: a brief that ends with a short sentence ("Tous ?") then
                # has the story's unit, whatever follows it in the story.
                units[-1].extend(words)
                continue
            carry.extend(words)
            if len(carry) >= MIN_UNIT_TOKENS:
                units.append(carry)
                carry = []
                if len(units) > limit:
                    break
    if carry:  # a text shorter than one unit
        units.append(carry)
    kept = units[:limit]
    hashes = tuple(int.from_bytes(hashlib.blake2b(b" ".join(u), digest_size=UNIT_BYTES).digest(), "big") for u in kept)
    return LeadUnits(hashes, tuple(len(u) for u in kept))


def unit_keys(hashes: tuple[int, ...] | list[int], width: int, filler: int) -> np.ndarray:
    """``width`` uniform uint64 lookup keys: the unit hashes mixed (the bucket directory expects
    uniform keys), then distinct fillers derived from ``filler`` for the missing units."""
    n = min(len(hashes), width)
    values = np.empty(width, dtype=np.uint64)
    values[:n] = np.asarray(hashes[:n], dtype=np.uint64)
    # A filler sets bit 24, which no 24-bit unit hash has: mixing is a bijection, so a filler's key
    # never equals a unit's key (two articles' fillers may meet: a spurious candidate, rejected).
    base = (1 << 24) | ((filler & 0xFFFFFFFF) << 32)
    values[n:] = np.arange(base + n, base + width, dtype=np.uint64)
    return _mix(values + _GOLDEN)


def contained_share(inner: LeadUnits, outer: tuple[int, ...]) -> tuple[float, int]:
    """(share of ``inner``'s tokens in units that ``outer`` has, number of such units)."""
    held = set(outer)
    matched = [n for h, n in zip(inner.hashes, inner.tokens, strict=True) if h in held]
    total = sum(inner.tokens)
    return (sum(matched) / total if total else 0.0), len(matched)


def new_lead_index(width: int) -> BandIndex:
    """An empty unit index (one 'band' per lead unit)."""
    return BandIndex(width)


def _mix(z: np.ndarray) -> np.ndarray:
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))

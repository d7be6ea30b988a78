"""Text fingerprints: an exact-copy hash plus a MinHash signature of word shingles.

Everything after tokenisation is vectorised with numpy (uint64 arithmetic wraps modulo 2**64, which
is what the hash functions want). Signatures keep 16 bits of each minimum ("b-bit MinHash"): two
different minima then agree by chance with probability 2**-16, a bias of < 0.0001 on the Jaccard
estimate, for a quarter of the state of 64-bit values.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from streams.dedup.config import DedupConfig
from streams.dedup.lead import LeadUnits, lead_units

# Words are runs of letters/digits: punctuation and its style (quotes, dashes, spacing) never matter.
_WORD_RE = re.compile(r"[^\W_]+")
# Invisible characters (the set ``streams.clean.unicode`` removes: controls, zero-width and bidi
# marks, soft hyphen, BOM) are dropped and "ʼ" (a letter for the regex) becomes an apostrophe, as
# ``normalize_for_matching`` does, so callers need not normalise first (~0.15 ms per article).
_INVISIBLE = (  # a regex character-class body
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# Accents are dropped after NFKD so that "Etat" / "État" and "A" / "À" give the same token; the
# invisibles go in the same pass. One character per match: "[...]+" takes ~40% longer (most runs are
# a single accent).
_DROPPED_RE = re.compile(f"[\u0300-\u036f{_INVISIBLE}]")
# A character that is neither ASCII nor dropped.
_KEPT_NON_ASCII_RE = re.compile(f"[^\x00-\x7f\u0300-\u036f{_INVISIBLE}]")
# A non-ASCII letter or digit. The ASCII range comes first: "[^\W\x00-\x7f]" is 3x slower (it looks up
# the category of every ASCII character).
_NON_ASCII_WORD_RE = re.compile(r"[^\x00-\x7f\W]")
# bytes.translate arguments for ASCII text: word bytes are kept, other bytes become spaces, invisible
# ones are deleted (they join the word around them, as _INVISIBLE_RE.sub does).
_ASCII_SEPARATORS = bytes(c if _WORD_RE.match(chr(c)) else 0x20 for c in range(128)) + b" " * 128
_ASCII_INVISIBLE = bytes(c for c in range(128) if _INVISIBLE_RE.match(chr(c)))
# The same, with the ends of sentences and lines (. ! ? and line feeds, all separators) turned into
# line feeds: the lead units (lead.py) are cut there, in the same pass as the tokens.
_UNIT_ENDS = b".!?\n"
_ASCII_SEPARATORS_UNITS = bytes(b"\n"[0] if c in _UNIT_ENDS else _ASCII_SEPARATORS[c] for c in range(256))
# After encode("ascii", "replace") every "?" stands for a non-ASCII separator (« » ’ ...), not a
# question mark (those became line feeds before): a space.
_ASCII_SEPARATORS_UNITS_REPLACED = _ASCII_SEPARATORS_UNITS[:63] + b" " + _ASCII_SEPARATORS_UNITS[64:]
_UNIT_END_RE = re.compile(r"[.!?\n]")
_NON_WORD_RE = re.compile(r"[\W_]")

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_SIG_DTYPE = np.dtype("<u2")
# Rows per band -> the little-endian unsigned type that holds a whole band (see _pack_bands).
_PACKED_VIEWS: dict[int, np.dtype[Any]] = {1: np.dtype("<u2"), 2: np.dtype("<u4"), 4: np.dtype("<u8")}
# Shingles hashed per block, so a very long text never builds a huge (n_shingles x num_perm) matrix
# (one block for the median OrangeSum article, ~400 shingles; 256 and 1024 were no faster).
_BLOCK = 512


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, elementwise on a uint64 array (a bijection with good avalanche)."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


@functools.lru_cache(maxsize=64)
def _params(count: int, seed: int, salt: int) -> np.ndarray:
    """``count`` deterministic pseudo-random uint64 values (splitmix64 stream), stable across versions.

    Cached (a handful of configurations per process); the array is read-only."""
    idx = np.arange(1, count + 1, dtype=np.uint64) + np.uint64((salt << 32) & 0xFFFFFFFFFFFFFFFF)
    base = np.array([seed & 0xFFFFFFFFFFFFFFFF], dtype=np.uint64)
    out = _mix(base + idx * _GOLDEN)
    out.flags.writeable = False
    return out


def _token_bytes(text: str) -> bytes:
    """The tokens of :func:`tokenize`, UTF-8, separated by runs of ASCII spaces (``.split()`` them).

    Most texts end up ASCII once accents are dropped: bytes.translate + split then replaces the regex
    findall (~30 us instead of ~110 us per OrangeSum article; tokenize 168 -> 82 us in all)."""
    return _folded_token_bytes(_fold(text))


def _fold(text: str) -> str:
    """``text`` casefolded and decomposed as the tokens see it, punctuation and lines kept (the lead
    units are cut in it); ASCII text is returned as it is (lowercased later, as bytes)."""
    if text.isascii():
        return text
    # In normalize_for_matching's order: NFC ("Æ" + combining acute stays "ǽ", not "ae"), "ʼ"
    # before casefolding (which makes "ŉ" "ʼn"). str.replace, not str.translate with a dict: the
    # latter costs ~0.3 ms per article.
    text = unicodedata.normalize("NFC", text).replace("\u02bc", "'").casefold()  # folds "ß" to "ss"
    # Invisibles are dropped after NFKD, with the accents, not before it as normalize_for_matching
    # does: NFKD keeps them and makes none, and the only characters it reorders around them are
    # combining marks, which are separators or dropped, so the tokens are the same (checked on every
    # code point, and on corpora and fuzz against the former order).
    return unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("æ", "ae"))


def _folded_token_bytes(text: str) -> bytes:
    """The token bytes of a text already passed through :func:`_fold` (or of a piece of one)."""
    if text.isascii():
        return text.encode("ascii").lower().translate(_ASCII_SEPARATORS, _ASCII_INVISIBLE)  # lower = casefold
    if _KEPT_NON_ASCII_RE.search(text) is None:
        # Only ASCII, accents and invisibles (82% of OrangeSum articles): encoding to ASCII drops the
        # non-ASCII ones (~15 us less than _DROPPED_RE.sub), translate the ASCII invisibles.
        return text.encode("ascii", "ignore").translate(_ASCII_SEPARATORS, _ASCII_INVISIBLE)
    text = _DROPPED_RE.sub("", text)
    if _NON_ASCII_WORD_RE.search(text) is None:
        # The non-ASCII characters left (« » € ° ...) are all separators, as the "?" replacing them is.
        return text.encode("ascii", "replace").translate(_ASCII_SEPARATORS)
    return " ".join(_WORD_RE.findall(text)).encode("utf-8")


def _unit_token_bytes(text: str) -> bytes:
    """:func:`_folded_token_bytes` of a folded text, with a line feed (instead of a space) at every
    end of a sentence or line: the same tokens (``.split()``), and the pieces of the lead units
    (``.split(b"\\n")``)."""
    if text.isascii():
        return text.encode("ascii").lower().translate(_ASCII_SEPARATORS_UNITS, _ASCII_INVISIBLE)
    if _KEPT_NON_ASCII_RE.search(text) is None:
        return text.encode("ascii", "ignore").translate(_ASCII_SEPARATORS_UNITS, _ASCII_INVISIBLE)
    text = _DROPPED_RE.sub("", text)
    if _NON_ASCII_WORD_RE.search(text) is None:
        replaced = text.replace("?", "\n").encode("ascii", "replace")
        return replaced.translate(_ASCII_SEPARATORS_UNITS_REPLACED)
    # Every separator a space, as bytes.translate makes it above: a piece starts (ends) with a digit
    # only where the point before (after) it touches one, in both paths (lead._units joins those).
    return b"\n".join(_NON_WORD_RE.sub(" ", line).encode("utf-8") for line in _UNIT_END_RE.split(text))


def tokenize(text: str) -> list[str]:
    """Word tokens, casefolded, without accents or punctuation.

    Normalising first with ``normalize_for_matching`` changes nothing (fuzz-tested), except on
    pathological input: an invisible character between a letter and its combining accent, or "ŉ"."""
    return _token_bytes(text).decode("utf-8").split()  # tokens hold no whitespace: split is exact


def _shingles(tokens: list[bytes], shingle_size: int, seed: int) -> np.ndarray:
    """64-bit hashes of the word ``shingle_size``-grams of UTF-8 tokens, repeats included (one if the
    text is shorter)."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    words = np.fromiter(map(zlib.crc32, tokens), dtype=np.uint64, count=len(tokens))
    k = min(shingle_size, len(words))
    params = _params(k + 1, seed, 1)
    words = _mix(words + params[0])
    mult = params[1:] | np.uint64(1)
    n = len(words) - k + 1
    acc = words[:n] * mult[0]
    for j in range(1, k):  # k vector operations (k = shingle size), not a loop over tokens
        acc += words[j : j + n] * mult[j]
    return _mix(acc)


@functools.lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of the ``num_perm`` MinHash permutations (a odd), each repeated ``_BLOCK`` times
    ([a_0 .. a_{P-1}, a_0 .. a_{P-1}, ...]: 0.5 MB each for 128 permutations); read-only, cached."""
    params = _params(2 * num_perm, seed, 3)
    a, b = np.tile(params[:num_perm] | np.uint64(1), _BLOCK), np.tile(params[num_perm:], _BLOCK)
    a.flags.writeable = b.flags.writeable = False
    return a, b


def minhash(shingles: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """MinHash signature (uint16 per permutation) of a set of 64-bit shingle hashes.

    Permutation i is h_i(x) = a_i * x + b_i mod 2**64 (a_i odd) on already-mixed hashes; we keep
    bits 32..47 of each minimum. An empty set gives all 0xFFFF (it never near-matches anyway).
    Repeated hashes may be passed: they change no minimum (so no ``np.unique`` sort is needed)."""
    if shingles.size == 0:
        return np.full(num_perm, 0xFFFF, dtype=_SIG_DTYPE)
    a, b = _permutations(num_perm, seed)
    mins = np.full(num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, shingles.size, _BLOCK):
        # Row-major (shingles x permutations) as one flat array: numpy multiplies two contiguous
        # uint64 arrays ~3x faster than with a broadcast operand (0.33 vs ~0.95 ns per element),
        # which pays for np.repeat (minhash 104 -> 84 us per OrangeSum article).
        block = np.repeat(shingles[start : start + _BLOCK], num_perm)
        block *= a[: block.size]
        block += b[: block.size]  # in place: no other (block x num_perm) temporary
        np.minimum(mins, block.reshape(-1, num_perm).min(axis=0), out=mins)
    return ((mins >> np.uint64(32)) & np.uint64(0xFFFF)).astype(_SIG_DTYPE)


def signature_similarity(a: bytes | np.ndarray, b: bytes | np.ndarray) -> float:
    """Estimated Jaccard similarity: the fraction of permutations whose minima agree."""
    sa = np.frombuffer(a, dtype=_SIG_DTYPE) if isinstance(a, bytes) else a
    sb = np.frombuffer(b, dtype=_SIG_DTYPE) if isinstance(b, bytes) else b
    if sa.shape != sb.shape or sa.size == 0:
        return 0.0
    return float(np.count_nonzero(sa == sb)) / sa.size


def _pack_bands(sigs: np.ndarray, bands: int) -> np.ndarray:
    """(n, num_perm) uint16 signatures -> (n, bands) uint64: each band's rows packed (<= 4 rows) or hashed."""
    n = sigs.shape[0]
    rows = sigs.shape[1] // bands
    if rows in _PACKED_VIEWS:
        # A band of 1, 2 or 4 little-endian uint16 rows *is* the little-endian uint16/32/64 whose bits
        # 16*j.. hold row j: one view and one conversion instead of a shift and an OR per row
        # (band_hashes 12 -> 8 us per call with 2 rows).
        packed_view = np.ascontiguousarray(sigs, dtype=_SIG_DTYPE).view(_PACKED_VIEWS[rows])
        return packed_view.astype(np.uint64).reshape(n, bands)
    vals = sigs.astype(np.uint64).reshape(n, bands, rows)
    if rows > 4:
        return _mix((vals * (_params(rows, 0, 5) | np.uint64(1))).sum(axis=2, dtype=np.uint64))
    packed = np.zeros((n, bands), dtype=np.uint64)
    for j in range(rows):  # rows (<= 4) vector operations
        packed |= vals[:, :, j] << np.uint64(16 * j)
    return packed


def band_hashes(sigs: np.ndarray, bands: int) -> np.ndarray:
    """(n, num_perm) uint16 signatures -> (n, bands) uint64 LSH keys, one per band.

    The band index is mixed in, so all bands share one key space (a bijection of packed value +
    band * golden ratio: distinct (band, value) pairs collide with probability ~2**-64, and a
    collision would only add a candidate that the signature comparison then rejects)."""
    return _mix(_pack_bands(sigs, bands) + _band_offsets(bands))


@functools.lru_cache(maxsize=8)
def _band_offsets(bands: int) -> np.ndarray:
    """band * golden ratio for each band (read-only, cached: one array per configuration)."""
    offsets = np.arange(bands, dtype=np.uint64) * _GOLDEN
    offsets.flags.writeable = False
    return offsets


@dataclass(frozen=True)
class Fingerprint:
    """What dedup needs of one article; travels on the prepared topic as ``to_dict()``."""

    exact: str  # blake2b-128 hex of the normalised token sequence
    signature: bytes  # MinHash: num_perm little-endian uint16
    n_tokens: int
    bands: int
    # blake2b-32 hex of the title's tokens (or of the first ``head_tokens`` tokens); "" = unknown.
    head: str = ""
    # The first ``lead_units`` units (title, sentences): 24-bit hashes and token counts (lead.py).
    lead: tuple[int, ...] = ()
    lead_tokens: tuple[int, ...] = ()

    @property
    def lead_complete(self) -> bool:
        """Whether the lead units hold the whole text (then it may be a brief of a longer one)."""
        return bool(self.lead) and sum(self.lead_tokens) == self.n_tokens

    @property
    def rows(self) -> int:
        return len(self.signature) // (_SIG_DTYPE.itemsize * self.bands)

    def band_hashes(self) -> np.ndarray:
        """One uint64 per band, mixing the band index with its rows (see :func:`band_hashes`)."""
        return band_hashes(np.frombuffer(self.signature, dtype=_SIG_DTYPE)[None, :], self.bands)[0]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (signature as base64)."""
        return {
            "exact": self.exact,
            "signature": base64.b64encode(self.signature).decode("ascii"),
            "n_tokens": self.n_tokens,
            "bands": self.bands,
            "head": self.head,
            "lead": list(self.lead),
            "lead_tokens": list(self.lead_tokens),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fingerprint:
        """Inverse of :meth:`to_dict`."""
        sig = base64.b64decode(data["signature"])
        bands = int(data["bands"])
        if bands < 1 or len(sig) % (_SIG_DTYPE.itemsize * bands):
            raise ValueError("fingerprint signature length does not split into its bands")
        if len(data.get("lead") or ()) != len(data.get("lead_tokens") or ()):
            raise ValueError("fingerprint lead units and their token counts differ in length")
        return cls(
            exact=str(data["exact"]), signature=sig, n_tokens=int(data["n_tokens"]), bands=bands,
            head=str(data.get("head") or ""),  # absent in fingerprints made before the head existed
            lead=tuple(int(h) for h in data.get("lead") or ()),  # likewise before containment
            lead_tokens=tuple(int(n) for n in data.get("lead_tokens") or ()),
        )


def fingerprint(text: str, config: DedupConfig, title: str | None = None) -> Fingerprint:
    """Fingerprint ``title + "\\n" + body`` (normalised or not: :func:`tokenize` gives the same tokens).

    The ``head`` (see :class:`DedupConfig` ``head_threshold``) is the hash of ``title``'s tokens when
    the title is given, else of the first ``head_tokens`` tokens of the text (which starts with the
    title)."""
    folded = _fold(text)
    if config.containment:
        # The ends of sentences marked in the token bytes: the lead units come from the same pass.
        marked = _unit_token_bytes(folded)
        tokens = marked.split()  # UTF-8 bytes: crc32 and blake2b take them as they are
        lead = lead_units(marked, config.lead_units)
    else:
        tokens = _folded_token_bytes(folded).split()
        lead = LeadUnits((), ())
    exact = hashlib.blake2b(b" ".join(tokens), digest_size=16).hexdigest()
    shingles = _shingles(tokens, config.shingle_size, config.seed)
    sig = minhash(shingles, config.num_perm, config.seed)
    head_tokens = tokens[: config.head_tokens] if title is None else _token_bytes(title).split()
    head = hashlib.blake2b(b" ".join(head_tokens), digest_size=4).hexdigest() if head_tokens else ""
    return Fingerprint(
        exact=exact, signature=sig.tobytes(), n_tokens=len(tokens), bands=config.bands, head=head,
        lead=lead.hashes, lead_tokens=lead.tokens,
    )

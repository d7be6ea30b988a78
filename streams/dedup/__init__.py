"""The dedup stage: exact and near-duplicate detection (MinHash + LSH) over an event-time window.

Pure: no faust, no Kafka. ``fingerprint`` runs in the prepare step; ``DedupIndex.check_and_add``
in the single-partition dedup step, with its state in a (Faust table or dict) store.
"""

from streams.dedup.config import DedupConfig
from streams.dedup.fingerprint import Fingerprint, fingerprint, signature_similarity, tokenize
from streams.dedup.index import DedupIndex

__all__ = ["DedupConfig", "DedupIndex", "Fingerprint", "fingerprint", "signature_similarity", "tokenize"]

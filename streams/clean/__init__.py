"""The cleaning stage: boilerplate removal, HTML extraction, title, language. Pure: no faust, no Kafka.

Public API: :class:`CleanConfig`, :class:`BoilerplateLearner`, :class:`Cleaner` and
:func:`normalize_for_matching` (the key the dedup fingerprints are computed on).
"""

from streams.clean.cleaner import Cleaner, ShortArticle
from streams.clean.config import CleanConfig
from streams.clean.learned import BoilerplateLearner
from streams.clean.unicode import normalize_for_matching

__all__ = ["BoilerplateLearner", "CleanConfig", "Cleaner", "ShortArticle", "normalize_for_matching"]

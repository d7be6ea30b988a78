"""Synthetic French-like ``news.raw`` messages for the soak: seeded, with exact and edited copies."""

from __future__ import annotations

import bisect
import itertools
import random
from collections import deque
from collections.abc import Sequence
from datetime import UTC, datetime

import orjson

from streams.bench.kafka_io import Message

RECENT_ORIGINALS = 20  # copies repeat one of the last 20 originals: well inside any sensible window

_FUNCTION = ("le", "la", "les", "de", "des", "du", "un", "une", "et", "à", "en", "au", "aux", "pour", "dans",
             "sur", "par", "avec", "qui", "que", "est", "a", "ont", "sont", "ne", "pas", "plus", "ce", "cette",
             "il", "elle", "ils", "son", "sa", "ses", "leur", "mais", "ou", "selon", "après", "depuis",
             "entre", "contre", "sans")
_PLACES = ("Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes", "Strasbourg", "France",
           "Allemagne", "Espagne", "Italie", "Belgique", "Bruxelles", "Europe")
_ONSETS = ("b", "c", "d", "f", "g", "j", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "tr", "pr", "gr", "br",
           "pl", "cl", "qu")
_NUCLEI = ("a", "e", "i", "o", "u", "é", "ou", "ai", "au", "eu", "on", "an", "in", "ie")
_ENDINGS = ["", "", "", "r", "s", "t", "tion", "ment", "eur", "ique", "ance", "ité", "age", "isme", "ée", "ent",
            "eux", "elle"]
_FOOTERS = ("Abonnez-vous à notre lettre d'information.", "Retrouvez toute l'actualité de la région sur notre site.",
            "Cet article vous a plu ? Partagez-le.")


class ArticleGenerator:
    """A deterministic stream of ``news.raw`` messages; ``counts`` says how many of each kind were made:
    ``original`` (distinct text), ``exact_copy`` / ``edited_copy`` (of one of the last originals, a few
    words replaced), ``too_short`` (rejected by cleaning). ``texts``: (title, text) pairs to cycle
    through instead of generated originals (``--corpus``)."""

    def __init__(self, seed: int = 1, start_ts: float = 0.0, spacing_s: float = 1.0, copy_share: float = 0.1,
                 short_share: float = 0.01, sources: int = 8,
                 texts: Sequence[tuple[str, str]] | None = None) -> None:
        self.rng = random.Random(seed)
        self.start_ts, self.spacing_s = start_ts, spacing_s
        self.copy_share, self.short_share = copy_share, short_share
        self.sources = [f"soak-{k:02d}.example" for k in range(sources)]
        words = dict.fromkeys(self._word() for _ in range(30000))  # ordered: deterministic under any hash seed
        self.vocab = list(words)
        self.cum = list(itertools.accumulate(1.0 / (r + 2.7) for r in range(len(self.vocab))))  # Zipf-like
        self.texts = itertools.cycle(texts) if texts else None
        self.recent: deque[tuple[str, str, str]] = deque(maxlen=RECENT_ORIGINALS)
        self.counts = {"original": 0, "exact_copy": 0, "edited_copy": 0, "too_short": 0}

    def _word(self) -> str:
        r = self.rng
        return "".join(r.choice(_ONSETS) + r.choice(_NUCLEI) for _ in range(r.randint(1, 3))) + r.choice(_ENDINGS)

    def _content(self) -> str:
        return self.vocab[bisect.bisect(self.cum, self.rng.random() * self.cum[-1])]

    def sentence(self, n_words: int) -> str:
        """One sentence: function words, Zipf-distributed made-up words, a few place names."""
        r, out = self.rng, []
        for _ in range(n_words):
            x = r.random()
            word = r.choice(_FUNCTION) if x < 0.4 else r.choice(_PLACES) if x < 0.41 else self._content()
            out.append(word + ("," if r.random() < 0.06 else ""))
        out[-1] = out[-1].rstrip(",")
        return out[0][:1].upper() + out[0][1:] + " " + " ".join(out[1:]) + "."

    def _original(self) -> tuple[str, str]:
        if self.texts is not None:
            return next(self.texts)
        r = self.rng
        paragraphs = [" ".join(self.sentence(r.randint(8, 24)) for _ in range(r.randint(1, 4)))
                      for _ in range(r.randint(4, 9))]
        if r.random() < 0.5:
            paragraphs.append(_FOOTERS[r.randrange(len(_FOOTERS))])  # real boilerplate, learned per source
        return self.sentence(r.randint(6, 12)).rstrip("."), "\n\n".join(paragraphs)

    def _edit(self, text: str) -> str:
        words = text.split(" ")
        plain = [i for i, w in enumerate(words) if "\n" not in w]  # paragraph breaks stay where they are
        for i in self.rng.sample(plain, min(3, len(plain))):
            words[i] = self._content()
        return " ".join(words)

    def make(self, i: int) -> Message:
        """Article number ``i`` (id ``soak-<i>``, ``published_at`` = start + i x spacing)."""
        r, x = self.rng, self.rng.random()
        if x < self.short_share:
            kind, source = "too_short", r.choice(self.sources)
            # Four words: under cleaning's floor of six (CleanConfig.min_words).
            title, text = self.sentence(5).rstrip("."), self.sentence(4)
        elif x < self.short_share + self.copy_share and self.recent:
            title, text, source = self.recent[r.randrange(len(self.recent))]
            kind = "exact_copy" if r.random() < 0.5 else "edited_copy"
            text = text if kind == "exact_copy" else self._edit(text)
        else:
            kind, source = "original", r.choice(self.sources)
            title, text = self._original()
            self.recent.append((title, text, source))
        self.counts[kind] += 1
        key = f"soak-{i:07d}"
        when = datetime.fromtimestamp(self.start_ts + i * self.spacing_s, tz=UTC).isoformat(timespec="milliseconds")
        value = {"id": key, "title": title, "text": text, "source": source, "published_at": when}
        return key.encode(), orjson.dumps(value)

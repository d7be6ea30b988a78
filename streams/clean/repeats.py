"""Intra-article duplicates: a paragraph repeated, or the whole article pasted twice (maybe reworded).

Paragraphs are compared by their word bigrams. A paragraph whose bigrams are mostly contained in an
earlier kept paragraph is a repeat and is dropped; the first copy is always the one kept.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain, islice

from streams.clean.unicode import normalize_for_matching

# Paragraphs with fewer words are never treated as repeats: short lines ("Oui.", a subheading)
# legitimately recur, and their bigram overlap is too noisy to call a rewording.
MIN_WORDS = 6
# Share of a paragraph's bigrams found in one earlier paragraph to call it a (reworded) repeat.
# Light rewording (a word changed every ~10 words) keeps ~70-80% of bigrams; unrelated paragraphs
# of one story share < 20%; 0.6 separates the two with margin.
NEAR_CONTAINMENT = 0.6
# Postings per bigram are capped so a degenerate text (one bigram repeated thousands of times)
# cannot make the comparison quadratic.
MAX_POSTINGS = 64
# Bigrams compared per paragraph (the beginning is representative; bounds work on huge paragraphs).
MAX_BIGRAMS = 400
# Characters of a paragraph that its bigrams are taken from (400 bigrams need ~3k characters).
MAX_BIGRAM_CHARS = 20_000
_PUNCT = ".,;:!?\"'()«»"


def _bigram_key(text: str, key: str | None) -> str:
    """The matching key that bigrams are read from: of the paragraph's first MAX_BIGRAM_CHARS."""
    if key is None or len(text) > MAX_BIGRAM_CHARS:
        return normalize_for_matching(text[:MAX_BIGRAM_CHARS])
    return key


def _bigrams(text: str, key: str | None = None) -> set[tuple[str, str]]:
    """The paragraph's first MAX_BIGRAMS distinct word bigrams (empty for short paragraphs).

    ``key`` is ``normalize_for_matching(text)`` when the caller has it (saves normalising twice)."""
    key = _bigram_key(text, key)
    words = [w for w in (w.strip(_PUNCT) for w in key.split()) if w]
    if len(words) < MIN_WORDS:
        return set()
    grams = dict.fromkeys(zip(words, words[1:], strict=False))
    return set(islice(grams, MAX_BIGRAMS))


def _more_bigrams_than(key: str, limit: int) -> bool:
    """Whether the paragraph (matching key ``key``) has more than ``limit`` distinct bigrams; reads
    only as many words as that takes."""
    seen: set[tuple[str, str]] = set()
    prev = ""
    for word in key.split():
        word = word.strip(_PUNCT)
        if not word:
            continue
        if prev:
            seen.add((prev, word))
            if len(seen) > limit:
                return True
        prev = word
    return False


def drop_repeats(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Paragraphs without repeats of earlier ones, and the dropped paragraphs."""
    if len(paragraphs) < 2:  # nothing to compare (most scraped-text articles are one or two paragraphs)
        return list(paragraphs), []
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    seen_exact: set[str] = set()
    kept: list[str] = []
    dropped: list[str] = []
    last = len(paragraphs) - 1
    largest = 0  # most bigrams indexed for one kept paragraph: no paragraph shares more with one
    for i, para in enumerate(paragraphs):
        exact = normalize_for_matching(para)
        if exact in seen_exact and len(exact) >= 20:
            dropped.append(para)
            continue
        # The last paragraph is not indexed, so its bigrams are needed only for the comparison, which
        # it cannot fail when it has more than largest / NEAR_CONTAINMENT of them (typically a body
        # after its short lead): then only that many are read.
        limit = int(largest / NEAR_CONTAINMENT) + 1  # + 1: margin for float rounding
        if i == last and limit < MAX_BIGRAMS and _more_bigrams_than(_bigram_key(para, exact), limit):
            kept.append(para)
            break
        grams = _bigrams(para, exact)
        if grams and index:
            # One C-level count over the postings of all the paragraph's bigrams.
            hits = Counter(chain.from_iterable(map(index.get, grams, [()] * len(grams))))
            if hits:
                _, n = hits.most_common(1)[0]
                if n >= NEAR_CONTAINMENT * len(grams):
                    dropped.append(para)
                    continue
        seen_exact.add(exact)
        pos = len(kept)
        kept.append(para)
        if i == last:  # nothing after it to compare with
            break
        largest = max(largest, len(grams))
        for g in grams:
            postings = index[g]
            if len(postings) < MAX_POSTINGS:
                postings.append(pos)
    return kept, dropped

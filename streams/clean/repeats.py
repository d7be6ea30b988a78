"""Intra-article duplicates: a paragraph repeated, or the whole article pasted twice (maybe reworded).

Paragraphs are compared by their word bigrams. A paragraph whose bigrams are mostly contained in an
earlier kept paragraph is a repeat and is dropped; the first copy is always the one kept.
"""

from __future__ import annotations

from collections import Counter, defaultdict

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


def _bigrams(text: str) -> set[tuple[str, str]]:
    """The paragraph's first MAX_BIGRAMS distinct word bigrams (empty for short paragraphs)."""
    words = [w.strip(".,;:!?\"'()«»") for w in normalize_for_matching(text[:20_000]).split()]
    words = [w for w in words if w]
    if len(words) < MIN_WORDS:
        return set()
    grams = dict.fromkeys(zip(words, words[1:], strict=False))
    return set(list(grams)[:MAX_BIGRAMS])


def drop_repeats(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Paragraphs without repeats of earlier ones, and the dropped paragraphs."""
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    seen_exact: set[str] = set()
    kept: list[str] = []
    dropped: list[str] = []
    for para in paragraphs:
        exact = normalize_for_matching(para)
        if exact in seen_exact and len(exact) >= 20:
            dropped.append(para)
            continue
        grams = _bigrams(para)
        if grams:
            hits: Counter[int] = Counter()
            for g in grams:
                hits.update(index.get(g, ()))
            if hits:
                _, n = hits.most_common(1)[0]
                if n >= NEAR_CONTAINMENT * len(grams):
                    dropped.append(para)
                    continue
        seen_exact.add(exact)
        pos = len(kept)
        kept.append(para)
        for g in grams:
            postings = index[g]
            if len(postings) < MAX_POSTINGS:
                postings.append(pos)
    return kept, dropped

"""Intra-article duplicates: a paragraph repeated, or the whole article pasted twice (maybe reworded).

Paragraphs are compared by their word bigrams. A paragraph whose bigrams are mostly contained in an
earlier kept paragraph is a repeat and is dropped; the first copy is always the one kept.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import chain, islice, repeat

from streams.clean.scripts import CJK_CHAR, WORD_PATTERN, latin_word_count
from streams.clean.unicode import normalize_for_matching

# Paragraphs with fewer words are never treated as repeats: short lines ("Oui.", a subheading)
# legitimately recur, and their bigram overlap is too noisy to call a rewording.
MIN_WORDS = 6
_KEY_WORD = re.compile(WORD_PATTERN)
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
# Characters of the last paragraph read per bigram it must show to be clearly new (see
# ``_new_from_start``): French and English words average ~6 characters with their space, so 8 per
# bigram reads the needed words in nearly every case; when it does not, the whole paragraph is read.
_CHARS_PER_BIGRAM = 8


def _bigram_key(text: str, key: str | None) -> str:
    """The matching key that bigrams are read from: of the paragraph's first MAX_BIGRAM_CHARS."""
    if key is None or len(text) > MAX_BIGRAM_CHARS:
        return normalize_for_matching(text[:MAX_BIGRAM_CHARS])
    return key


def _key_words(key: str) -> list[str]:
    """The words of a matching key: its space-separated words without their punctuation; where it
    holds Chinese or Japanese characters, each of them is a word (a run between spaces is a phrase or
    a sentence there, and a reworded repeat shares none of them with the original)."""
    if CJK_CHAR.search(key):
        return _KEY_WORD.findall(key)
    return list(filter(None, map(str.strip, key.split(), repeat(_PUNCT))))


def _bigrams(text: str, key: str | None = None) -> set[tuple[str, str]]:
    """The paragraph's first MAX_BIGRAMS distinct word bigrams (empty for short paragraphs).

    ``key`` is ``normalize_for_matching(text)`` when the caller has it (saves normalising twice)."""
    key = _bigram_key(text, key)
    words = _key_words(key)
    # Chinese and Japanese are measured in Latin-sized words (``scripts.latin_word_count``: three
    # characters make one), not in the characters their bigrams are read from.
    size = latin_word_count(key) if CJK_CHAR.search(key) else len(words)
    if size < MIN_WORDS:
        return set()
    if len(words) <= MAX_BIGRAMS + 1:  # all bigrams fit: no ordered pass to find the first ones
        return set(zip(words, words[1:], strict=False))
    grams = dict.fromkeys(zip(words, words[1:], strict=False))
    return set(islice(grams, MAX_BIGRAMS))


def _more_bigrams_than(key: str, limit: int) -> bool:
    """Whether the paragraph (matching key ``key``) has more than ``limit`` distinct bigrams; reads
    only as many words as that takes."""
    seen: set[tuple[str, str]] = set()
    prev = ""
    for word in _key_words(key) if CJK_CHAR.search(key) else key.split():
        word = word.strip(_PUNCT)
        if not word:
            continue
        if prev:
            seen.add((prev, word))
            if len(seen) > limit:
                return True
        prev = word
    return False


def _new_from_start(para: str, limit: int, seen_exact: set[str]) -> bool:
    """Whether the paragraph, from its beginning alone, is provably no repeat: no earlier key starts
    like it and it has more than ``limit`` distinct bigrams.

    The beginning is cut before a space, so its matching key is a prefix of the whole paragraph's
    key (NFC, casefolding, the replacements and removals work per character, and no word is split).
    A matching key costs ~30 us per 1k characters and the last paragraph is usually the long body:
    on the first 2,000 OrangeSum articles this took drop_repeats from 123 to 97 us per article."""
    cut = para.find(" ", _CHARS_PER_BIGRAM * (limit + 2))
    if cut < 0:
        return False
    head = normalize_for_matching(para[:cut])
    if any(key.startswith(head) for key in seen_exact):
        return False
    return _more_bigrams_than(head, limit)


def drop_repeats(
    paragraphs: list[str], normalize: Callable[[str], str] = normalize_for_matching, reworded: bool = True
) -> tuple[list[str], list[str]]:
    """Paragraphs without repeats of earlier ones, and the dropped paragraphs.

    ``normalize`` is ``normalize_for_matching`` or a memo of it. ``reworded=False`` drops only exact
    repeats (same matching key): see ``Cleaner`` for when."""
    if len(paragraphs) < 2:  # nothing to compare (most scraped-text articles are one or two paragraphs)
        return list(paragraphs), []
    if not reworded:
        return _drop_exact_repeats(paragraphs, normalize)
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    # Kept paragraphs' (position, bigrams) not in ``index`` yet: it is filled only when a paragraph is
    # compared, which the usual lead + body never needs (filling it cost ~5 us per OrangeSum article).
    unindexed: list[tuple[int, set[tuple[str, str]]]] = []
    seen_exact: set[str] = set()
    kept: list[str] = []
    dropped: list[str] = []
    last = len(paragraphs) - 1
    largest = 0  # most bigrams indexed for one kept paragraph: no paragraph shares more with one
    for i, para in enumerate(paragraphs):
        # The last paragraph is not indexed, so its bigrams are needed only for the comparison, which
        # it cannot fail when it has more than largest / NEAR_CONTAINMENT of them (typically a body
        # after its short lead): then only that many are read, and its beginning is enough.
        limit = int(largest / NEAR_CONTAINMENT) + 1  # + 1: margin for float rounding
        if i == last and limit < MAX_BIGRAMS and _new_from_start(para, limit, seen_exact):
            kept.append(para)
            break
        exact = normalize(para)
        if exact in seen_exact and len(exact) >= 20:
            dropped.append(para)
            continue
        if i == last and limit < MAX_BIGRAMS and _more_bigrams_than(_bigram_key(para, exact), limit):
            kept.append(para)
            break
        grams = _bigrams(para, exact)
        if grams and (index or unindexed):
            _fill(index, unindexed)
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
        if grams:
            unindexed.append((pos, grams))
    return kept, dropped


# A short paragraph recurring at least LABEL_MIN_COUNT times, each time between two paragraphs found
# nowhere else in the text, is the template of a list of items (the same "Key features" or "Price:"
# heading inside every product of a review, the same question asked of every interviewee): the
# article's structure, kept. A repeated widget (a newsletter box printed twice, a whole article
# pasted again) repeats together with the lines around it.
LABEL_MAX_CHARS = 60
LABEL_MIN_COUNT = 3


def _drop_exact_repeats(paragraphs: list[str], normalize: Callable[[str], str]) -> tuple[list[str], list[str]]:
    """Paragraphs without exact repeats (same matching key, at least 20 characters) of earlier ones,
    except recurring labels of a list of items (see LABEL_MAX_CHARS)."""
    keys = [normalize(para) for para in paragraphs]
    counts = Counter(keys)
    seen: set[str] = set()
    kept: list[str] = []
    dropped: list[str] = []
    for i, (para, key) in enumerate(zip(paragraphs, keys, strict=True)):
        # A repeat is never the first paragraph: i - 1 is the one before it.
        if key in seen and len(key) >= 20 and not _item_label(key, keys[i - 1 : i + 2 : 2], counts):
            dropped.append(para)
        else:
            seen.add(key)
            kept.append(para)
    return kept, dropped


def _item_label(key: str, around: list[str], counts: Counter[str]) -> bool:
    """Whether a repeated paragraph (matching key ``key``) is a label of a list of items here: short,
    recurring often, and between (``around``: the keys of the paragraphs before and after it) two
    paragraphs of their own."""
    return (
        len(key) <= LABEL_MAX_CHARS
        and counts[key] >= LABEL_MIN_COUNT
        and len(around) == 2
        and all(counts[neighbour] == 1 for neighbour in around)
    )


def _fill(index: dict[tuple[str, str], list[int]], unindexed: list[tuple[int, set[tuple[str, str]]]]) -> None:
    """Add the postings of ``unindexed`` paragraphs (in order) to ``index``; empties ``unindexed``."""
    for pos, grams in unindexed:
        for g in grams:
            postings = index[g]
            if len(postings) < MAX_POSTINGS:
                postings.append(pos)
    unindexed.clear()

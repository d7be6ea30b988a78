"""Scripts written without spaces between words (Chinese, Japanese kana and kanji).

There a run of ``\\w`` is a whole phrase or sentence, so a count of space-separated words says
nothing about the length of the text: each of their characters counts as a word (about one
morpheme) for the cleaner's floors, and as a third of a word where a word is "about a Latin word"."""

from __future__ import annotations

import re

UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
# A word: one character of an unspaced script, or a run of other word characters.
WORD_PATTERN = rf"[{UNSPACED}]|[^\W{UNSPACED}]++"
UNSPACED_CHAR = re.compile(f"[{UNSPACED}]")
# Characters of an unspaced script per Latin-sized word (a Japanese or Chinese word is 1-3 characters;
# a 10-word English sentence is about 30 characters of Japanese).
CHARS_PER_WORD = 3


def latin_word_count(text: str) -> float:
    """The length of ``text`` in Latin-sized words: its space-separated words without an unspaced-script
    character, plus its unspaced-script characters divided by CHARS_PER_WORD."""
    unspaced = len(UNSPACED_CHAR.findall(text))
    if not unspaced:
        return len(text.split())
    spaced = sum(1 for word in text.split() if not UNSPACED_CHAR.search(word))
    return spaced + unspaced / CHARS_PER_WORD

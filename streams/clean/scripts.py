"""What "a word" and "the end of a sentence" are in the scripts news is written in.

Chinese and Japanese (ideographs and kana) and the Southeast Asian alphabets (Thai, Lao, Khmer,
Myanmar) are written without spaces between words: there a run of ``\\w`` or a space-separated
"word" is a whole phrase or sentence, so a count of space-separated words says nothing about the
length of the text. The cleaner's counts of words ("at least N words") go through
:func:`latin_word_count`, its limits on the length of a headline or a short line through
:func:`latin_length`, and its tests of sentence ends (a headline or a label does not end like a
sentence) through :func:`ends_clause` and :func:`ends_sentence`, which know the full-width,
ideographic, Arabic, Indic and other stops besides the Latin ones. Character thresholds set for
Latin text (trafilatura's minimum sizes) are scaled to a page's script by :func:`latin_scaled`."""

from __future__ import annotations

import re

# Ideographs and kana: a character is about a morpheme (a Japanese or Chinese word is 1-3 characters;
# a 10-word English sentence is about 30 characters of Japanese).
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
CJK_CHARS_PER_WORD = 3
# Thai, Lao, Myanmar and Khmer: alphabets (a character, vowel signs included, is about a letter),
# written with a space between phrases or sentences only. A text in them has about as many characters
# as its English translation: a Latin-sized word with its space is about 5 of them.
SOUTHEAST_ASIAN = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
SOUTHEAST_ASIAN_CHARS_PER_WORD = 5
UNSPACED = CJK + SOUTHEAST_ASIAN
# Hangul syllables: Korean is written with spaces between words, but a syllable block packs two to four
# letters, so a sentence takes about a third of the characters of its English translation (2.8-3.3
# Latin characters per syllable on translated news sentences, as for a Chinese or Japanese character),
# and a Korean word (a noun with its particles, a verb with its endings) says about what
# HANGUL_WORD_WEIGHT English words do.
HANGUL = "\uac00-\ud7af"
HANGUL_WORD_WEIGHT = 2
# Characters counted CJK_CHARS_PER_WORD Latin characters each (see ``latin_length``).
WIDE = CJK + HANGUL
# A word for the cleaner's floors and for matching a headline against a title: one Chinese or Japanese
# character (titles seldom cut their phrases at the same places), or a run of other word characters
# (Thai and the other alphabets break there at vowel signs, into pieces of about a syllable: single
# letters of a 40-letter alphabet would make any two titles share words).
WORD_PATTERN = rf"[{CJK}]|[^\W{CJK}]++"
# The cleaner's word floor counts a Korean word by pairs of syllables (about HANGUL_WORD_WEIGHT words
# for the usual word of 3-4 syllables).
FLOOR_WORD_PATTERN = rf"[{CJK}]|[{HANGUL}]{{1,2}}|[^\W{CJK}{HANGUL}]++"
UNSPACED_CHAR = re.compile(f"[{UNSPACED}]")
CJK_CHAR = re.compile(f"[{CJK}]")
HANGUL_CHAR = re.compile(f"[{HANGUL}]")
WIDE_CHAR = re.compile(f"[{WIDE}]")
_UNSPACED_OR_HANGUL = re.compile(f"[{UNSPACED}{HANGUL}]")
_SOUTHEAST_ASIAN_CHAR = re.compile(f"[{SOUTHEAST_ASIAN}]")

# A line ending in one of these goes on or ends as a sentence does (a headline, a label or a menu
# does not): the full stop, comma, colon and semicolon of Latin script and their full-width,
# ideographic (。、), Arabic and Urdu (، ؛ ۔), Devanagari (। ॥), Armenian (։), Ethiopic (። ፣ ፤),
# Myanmar (၊ ။) and Khmer (។ ៕) forms. Thai and Lao end sentences with a space: no mark to test.
# CLAUSE_BREAKS are those that only pause a sentence (the commas, colons and semicolons).
CLAUSE_BREAKS = ",:;\uff0c\uff1a\uff1b\u3001\uff64\u060c\u061b\u1363\u1364\u104a"
FULL_STOPS = ".\uff0e\u3002\uff61\u06d4\u0964\u0965\u0589\u1362\u104b\u17d4\u17d5"
CLAUSE_ENDS = FULL_STOPS + CLAUSE_BREAKS
# ... and the question and exclamation marks (Latin, full-width, Arabic, Armenian, Ethiopic).
SENTENCE_ENDS = CLAUSE_ENDS + "!?\uff01\uff1f\u061f\u055e\u055c\u1367"


def latin_word_count(text: str) -> float:
    """The length of ``text`` in Latin-sized words: its space-separated words without an unspaced-script
    character (a Korean one counting HANGUL_WORD_WEIGHT), plus its Chinese and Japanese characters
    divided by CJK_CHARS_PER_WORD and its Thai, Lao, Myanmar and Khmer characters divided by
    SOUTHEAST_ASIAN_CHARS_PER_WORD."""
    if text.isascii() or not _UNSPACED_OR_HANGUL.search(text):
        return len(text.split())
    spaced = sum(
        HANGUL_WORD_WEIGHT if HANGUL_CHAR.search(word) else 1
        for word in text.split()
        if not UNSPACED_CHAR.search(word)
    )
    if not UNSPACED_CHAR.search(text):
        return spaced
    cjk = len(CJK_CHAR.findall(text))
    southeast = len(_SOUTHEAST_ASIAN_CHAR.findall(text))
    return spaced + cjk / CJK_CHARS_PER_WORD + southeast / SOUTHEAST_ASIAN_CHARS_PER_WORD


def latin_length(text: str) -> int:
    """The length of ``text`` in Latin-sized characters: a Chinese or Japanese character or a Korean
    syllable takes the room of CJK_CHARS_PER_WORD (about a Latin word and its space); any other
    character counts 1 (a Thai or Khmer character is about a letter). Never less than ``len(text)``."""
    if text.isascii():
        return len(text)
    return len(text) + (CJK_CHARS_PER_WORD - 1) * len(WIDE_CHAR.findall(text))


def latin_scaled(threshold: int, sample: str) -> int:
    """A length ``threshold`` in characters set for Latin text, scaled to the script of ``sample``:
    the same text takes about a third as many characters in Chinese, Japanese or Korean (see
    :func:`latin_length`), so a floor of 250 characters is about 85 there. Unchanged for text without
    Chinese, Japanese or Korean characters; never below 1."""
    if not sample or sample.isascii():
        return threshold
    return max(1, round(threshold * len(sample) / latin_length(sample)))


def ends_clause(line: str) -> bool:
    """Whether ``line`` ends with a full stop, comma, colon or semicolon of any script."""
    return line[-1:] != "" and line[-1] in CLAUSE_ENDS


def runs_on(first: str) -> bool:
    """Whether a word opening with the letter ``first`` continues a sentence: a lowercase letter, or a
    letter of a script without case (Chinese, Japanese, Korean, Arabic...), where no capital marks a
    sentence's or a name's start."""
    return first.isalpha() and not first.isupper()


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends with a sentence or clause mark of any script (question and exclamation
    marks included)."""
    return line[-1:] != "" and line[-1] in SENTENCE_ENDS

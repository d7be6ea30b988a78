"""Lines a recall-oriented extraction found inside the article that the chosen extraction left out.

trafilatura's default and precision modes often drop a list, a subheading or a short paragraph in the
middle of an article (a bulleted summary, the items of a how-to), and its recall mode keeps them but
also keeps page furniture around the article (galleries, teasers, newsletter boxes). A line of the
recall extraction is added to the chosen extraction only when it is

* new: its word trigrams are mostly absent from the chosen text (and it is not a substring of it,
  for scripts written without spaces, where a "word" is a whole sentence);
* inside the article: after the first and before the last substantial block of the chosen text
  (furniture sits above or below the article, rarely between two of its paragraphs);
* not a link: less than MAX_LINK_DENSITY of its characters are link text (menus, related stories
  and tag lists are links; list items of an article are mostly plain text);
* more than a word (single words between paragraphs are widget labels: "Close", "Caption").

After the article, only a closing question/answer section is added (see MIN_QUESTIONS).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from streams.clean.body import body_blocks
from streams.clean.scripts import CJK, latin_length, latin_word_count

# Share of a line's characters in links above which it is navigation, not article text. Article
# lists quote a link now and then (a source, a product); related-story lists are links throughout.
MAX_LINK_DENSITY = 0.1
# A line whose trigrams are at least this much in the chosen text is the same text (an anchor for
# the position of the next new lines); below NEW_BELOW it is new text. In between (partly repeated:
# a caption quoting the lead, a teaser of a paragraph) it is neither added nor an anchor.
SAME_AT_LEAST = 0.5
NEW_BELOW = 0.2
# A line of at most this many trigrams (a subheading of up to 8 words) is either held word for word
# or new: a share of its few trigrams says little.
SHORT_LINE_TRIGRAMS = 6
# A block with at least this many words (``scripts.latin_word_count``: 3 characters of an unspaced
# script make a word, whatever the spaces between them) is article
# text; the interior is between the first and the last such block, so a short kicker or headline
# at the top of the chosen text does not open the gallery or the teaser above the article.
SUBSTANTIAL_WORDS = 10
# Lines kept from the recall extraction are bounded like the extraction itself (see Cleaner).
MAX_RECALL_LINES = 3000
# Words for the trigrams: runs of word characters; in Chinese and Japanese, where a run is a whole
# clause (and a line that adds a sentence to a held paragraph would share no trigram of runs with it),
# each pair of adjacent characters: a trigram of pairs is 4 characters, about a Latin word and a half
# (a trigram of single characters is shorter than many words, and common endings such as "について"
# would make unrelated lines look held).
_TOKEN = re.compile(rf"[{CJK}]+|[^\W{CJK}]+")
_CJK_RUN = re.compile(f"[{CJK}]")
_SPACE = re.compile(r"\s+")

Trigram = tuple[str, ...]


@dataclass(frozen=True)
class LinkedLine:
    """A line of an extraction and the share of its characters inside links."""

    text: str
    link_density: float


def _squeezed(text: str) -> str:
    return _SPACE.sub("", text)


def linked_lines(body: Any) -> list[LinkedLine]:
    """The lines of a trafilatura body extracted with links (``<ref>``), with their link density:
    one per list item and table row, one per other top-level element (up to MAX_RECALL_LINES)."""
    out = [
        LinkedLine(text, links / len(text))
        for block in body_blocks(body, MAX_RECALL_LINES)
        for text, links in block.linked()
    ]
    return out[:MAX_RECALL_LINES]


def _words(text: str) -> list[str]:
    """The words of ``text`` for its trigrams (see _TOKEN)."""
    words = _TOKEN.findall(text.lower())
    if not _CJK_RUN.search(text):
        return words
    out: list[str] = []
    for word in words:
        if len(word) > 2 and _CJK_RUN.match(word):
            out.extend(word[i : i + 2] for i in range(len(word) - 1))
        else:
            out.append(word)
    return out


def trigrams(text: str) -> set[Trigram]:
    """The word trigrams of ``text`` (see _TOKEN; a line of one or two words is its one gram)."""
    words = _words(text)
    if len(words) < 3:
        return {tuple(words)} if words else set()
    return set(zip(words, words[1:], words[2:], strict=False))


def _substantial(block: list[str]) -> bool:
    return latin_word_count(" ".join(block)) >= SUBSTANTIAL_WORDS


def _enough_words(line: str) -> bool:
    """More than one word (a line of an unspaced script counts by its characters)."""
    return " " in line or len(line) >= 12


class _ChosenText:
    """The chosen blocks' trigrams (each with its first block) and their squeezed text."""

    def __init__(self, blocks: list[list[str]]) -> None:
        self.block_of: dict[Trigram, int] = {}
        squeezed: list[str] = []
        self.starts: list[int] = []
        at = 0
        for i, block in enumerate(blocks):
            text = " ".join(block)
            for gram in trigrams(text):
                self.block_of.setdefault(gram, i)
            self.starts.append(at)
            piece = _squeezed(text)
            squeezed.append(piece)
            at += len(piece)
        self.squeezed = "".join(squeezed)

    def locate(self, line: str, grams: set[Trigram]) -> tuple[float, int]:
        """The share of the line already in the text, and the block it is mostly in (-1: none); under
        SAME_AT_LEAST, the share that one block holds."""
        hits = [self.block_of[g] for g in grams if g in self.block_of]
        share = len(hits) / len(grams)
        if share >= SAME_AT_LEAST:
            # Ties go to the later block (a recall line spanning two chosen paragraphs ends in the
            # second): never to whichever the set of trigrams happens to list first.
            counts = Counter(hits)
            return share, max(counts, key=lambda block: (counts[block], block))
        at = self.squeezed.find(_squeezed(line))
        if at >= 0:
            return 1.0, bisect_right(self.starts, at) - 1
        # A short line (a subheading) shares words with the paragraph it introduces ("Water Supply
        # Systems" over "Water supply systems are essential..."): not held word for word, it is new.
        if len(grams) <= SHORT_LINE_TRIGRAMS:
            return 0.0, -1
        # Partly held: by one paragraph (a caption quoting the lead, a teaser of a paragraph), or only
        # by phrases scattered over the article, which is a new paragraph of an article that repeats
        # the words of its topic ("self-drive tours in Iceland" in every paragraph of a guide to
        # them): the share that its best paragraph holds tells them apart.
        return (max(Counter(hits).values()) / len(grams) if hits else 0.0), -1

    def add(self, grams: set[Trigram], block: int) -> None:
        for gram in grams:
            self.block_of.setdefault(gram, block)


@dataclass
class _Scan:
    """What a pass over the recall lines found: the new interior lines per block they follow, and the
    new lines after the chosen text's end (see ``add_closing_questions``)."""

    inserted: dict[int, list[str]] = field(default_factory=dict)
    after_end: list[LinkedLine] = field(default_factory=list)


def _scan(blocks: list[list[str]], recall: list[LinkedLine]) -> _Scan:
    """One pass over ``recall`` placing each line against ``blocks``."""
    substantial = [i for i, block in enumerate(blocks) if _substantial(block)]
    if not substantial:
        return _Scan()
    first, last = substantial[0], substantial[-1]
    end = len(blocks) - 1  # the after-end lines count only when the last block is article text
    chosen = _ChosenText(blocks)
    scan = _Scan()
    anchor = -1
    after: list[LinkedLine] | None = None
    for line in recall:
        grams = trigrams(line.text)
        if not grams:
            continue
        share, where = chosen.locate(line.text, grams)
        if share >= SAME_AT_LEAST:
            # The position is that of the latest line already held, not the furthest one reached: a
            # short line that a later paragraph quotes (a table of contents entry) would otherwise
            # move it to the end of the article and close the interior for every line after it.
            anchor = where
            after = [] if where == end == last else None
        elif share < NEW_BELOW and after is not None:
            after.append(line)
        elif (
            share < NEW_BELOW
            and first <= anchor < last
            and line.link_density < MAX_LINK_DENSITY
            and _enough_words(line.text)
        ):
            scan.inserted.setdefault(anchor, []).append(line.text)
            chosen.add(grams, anchor)
    scan.after_end = after or []
    return scan


def held_chars(blocks: list[list[str]], lines: list[str]) -> int:
    """The characters of ``lines`` that ``blocks`` already hold (each line whose trigrams are mostly in
    them, or which they hold word for word), counted as often as they occur."""
    chosen = _ChosenText(blocks)
    held = 0
    for line in lines:
        grams = trigrams(line)
        if grams and chosen.locate(line, grams)[0] >= SAME_AT_LEAST:
            held += len(line)
    return held


def _with_inserted(blocks: list[list[str]], inserted: dict[int, list[str]]) -> list[list[str]]:
    out: list[list[str]] = []
    for i, block in enumerate(blocks):
        out.append(block)
        if i in inserted:
            out.append(inserted[i])
    return out


def add_interior_lines(blocks: list[list[str]], recall: list[LinkedLine]) -> tuple[list[list[str]], int]:
    """``blocks`` with the new interior lines of ``recall`` inserted where they stand in the page (each
    after the block of the last recall line that ``blocks`` already holds); and how many were added."""
    inserted = _scan(blocks, recall).inserted
    if not inserted:
        return blocks, 0
    return _with_inserted(blocks, inserted), sum(map(len, inserted.values()))


def complete_from_recall(blocks: list[list[str]], recall: list[LinkedLine]) -> tuple[list[list[str]], int]:
    """``blocks`` completed with both the interior lines of ``recall`` (``add_interior_lines``) and its
    closing question/answer section (``add_closing_questions``), in one pass; and how many lines were
    added."""
    if _answered_questions(recall) < MIN_QUESTIONS:
        return add_interior_lines(blocks, recall)
    scan = _scan(blocks, recall)
    closing = _closing_section(scan.after_end)
    out = _with_inserted(blocks, scan.inserted) if scan.inserted else blocks
    return out + [[line] for line in closing], sum(map(len, scan.inserted.values())) + len(closing)


# A closing FAQ that the chosen extraction cut: trafilatura's precision mode often ends the article
# before its "Frequently asked questions" section, which the recall extraction keeps. The recall lines
# after the chosen text's last block are added when they form at least MIN_QUESTIONS question/answer
# pairs (after at most one heading line): a question is a line of a headline's length ending with a
# question mark, an answer one or more lines of at least ANSWER_WORDS words, none of them links. The
# run stops at the first line that is neither, and only whole pairs are added: teasers, newsletter
# boxes and related-story lists after an article are not questions followed by answers.
MIN_QUESTIONS = 2
ANSWER_WORDS = 8
QUESTION_MAX_CHARS = 200
HEADING_MAX_WORDS = 12
_QUESTION_MARKS = "?？؟"
_CLOSING_QUOTES = "\"'”’»)"


def _is_question(line: LinkedLine) -> bool:
    last = line.text.rstrip(_CLOSING_QUOTES)[-1:]
    return latin_length(line.text) <= QUESTION_MAX_CHARS and last != "" and last in _QUESTION_MARKS


def _is_answer(line: LinkedLine) -> bool:
    return not _is_question(line) and latin_word_count(line.text) >= ANSWER_WORDS


def _plain(line: LinkedLine) -> bool:
    return line.link_density < MAX_LINK_DENSITY


def _answered_questions(lines: list[LinkedLine]) -> int:
    """How many plain questions among ``lines`` are followed by a plain answer line."""
    return sum(
        _is_question(line) and _plain(line) and _is_answer(after) and _plain(after)
        for line, after in zip(lines, lines[1:], strict=False)
    )


def _closing_section(tail: list[LinkedLine]) -> list[str]:
    """The question/answer section that ``tail`` (the new lines after the article) opens with, or none
    when it has fewer than MIN_QUESTIONS answered questions."""
    heading = bool(tail) and not _is_question(tail[0]) and latin_word_count(tail[0].text) <= HEADING_MAX_WORDS
    at = 1 if heading and _plain(tail[0]) else 0
    pairs = 0
    while at < len(tail) and _is_question(tail[at]) and _plain(tail[at]):
        end = at + 1
        while end < len(tail) and _is_answer(tail[end]) and _plain(tail[end]):
            end += 1
        if end == at + 1:
            break
        pairs += 1
        at = end
    return [line.text for line in tail[:at]] if pairs >= MIN_QUESTIONS else []


def add_closing_questions(blocks: list[list[str]], recall: list[LinkedLine]) -> tuple[list[list[str]], int]:
    """``blocks`` followed by the closing question/answer section of ``recall`` that they left out (see
    MIN_QUESTIONS), one block per line; and how many lines were added."""
    if _answered_questions(recall) < MIN_QUESTIONS:  # most pages: no index of the chosen text is built
        return blocks, 0
    closing = _closing_section(_scan(blocks, recall).after_end)
    return blocks + [[line] for line in closing], len(closing)

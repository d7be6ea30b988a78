"""Lines of the chosen extraction that another extraction of the same page shows whole.

trafilatura's precision mode sometimes drops the start or the end of a paragraph: a link that opens
the sentence and also holds an image ("<a><img> Renting a car</a> gives you full control..."), a
trailing link. Its default run reads the same paragraph whole, so a chosen line that is the end (or
the beginning) of one of its lines is given back the words it lost, when

* the cut falls inside a sentence: the line goes on in lowercase (or in a script without capitals)
  after a piece that ends no sentence or clause, or (cut at its end) stops without a mark before a
  piece that goes on in lowercase;
* what it lost is a short piece (at most CUT_MAX_CHARS) of new text: the chosen text holds none of
  it (``interior.held_chars``) and none of its lines is inside it (a fallback that read the page as
  one line holds the headline and the menu before the first paragraph).

The default run often joins what the precise run keeps apart (two paragraphs of one container, a
paragraph and the disclaimer after it): those pieces end or open a sentence, or are held already.
"""

from __future__ import annotations

from collections.abc import Iterable

from streams.clean.interior import SHORT_LINE_TRIGRAMS, held_chars, trigrams
from streams.clean.scripts import ends_sentence, latin_word_count, runs_on

# A cut piece is a few words (a link's text): longer, the other line is another unit of text.
CUT_MAX_CHARS = 300
# Lines shorter than this (in Latin-sized words) are not repaired: a label or a subheading ends many
# lines of a page ("Photo", "Read more") without being cut from them.
MIN_LINE_WORDS = 5
# A line of the chosen text this long or longer found inside a piece shows that the other run read
# separate units as one line (shorter: a word that any text may hold).
MIN_HELD_CHARS = 3
# The beginning or end of a line by which the other extraction's lines are looked up.
_KEY_CHARS = 24
# Quotes and brackets that may close a sentence before its mark is looked for.
_CLOSERS = "\"'”’»)]」』）"


def _index(lines: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    by_end: dict[str, list[str]] = {}
    by_start: dict[str, list[str]] = {}
    for line in lines:
        if len(line) > _KEY_CHARS:
            by_end.setdefault(line[-_KEY_CHARS:], []).append(line)
            by_start.setdefault(line[:_KEY_CHARS], []).append(line)
    return by_end, by_start


def _ends_unit(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    # SENTENCE_ENDS holds the clause marks (comma, colon, semicolon) of every script too.
    return ends_sentence(stripped)


def _whole(line: str, by_end: dict[str, list[str]], by_start: dict[str, list[str]], blocks: list[list[str]]) -> str:
    """The other extraction's line that ``line`` was cut from, or ``line`` itself."""
    if len(line) <= _KEY_CHARS or latin_word_count(line) < MIN_LINE_WORDS:
        return line
    if runs_on(line[0]):
        for other in by_end.get(line[-_KEY_CHARS:], ()):
            piece = other[: len(other) - len(line)].strip()
            if piece and other.endswith(line) and not _ends_unit(piece) and _lost(piece, blocks, opening=True):
                return other
    if not _ends_unit(line):
        for other in by_start.get(line[:_KEY_CHARS], ()):
            piece = other[len(line) :].strip()
            if piece and other.startswith(line) and runs_on(piece[0]) and _lost(piece, blocks):
                return other
    return line


def _lost(piece: str, blocks: list[list[str]], opening: bool = False) -> bool:
    """Whether ``piece`` is short new text: none of it in ``blocks``, neither mostly (its trigrams)
    nor one of their lines inside it (a headline or a label the other run read into the same line).

    ``opening``: the piece opens the line. A few words there (at most SHORT_LINE_TRIGRAMS trigrams,
    starting with a letter) are judged by the lines alone: a link's text that opens a sentence names
    what the article names again and again ("Renting a car gives you ..." in an article about renting
    cars, a minister's name in a story about her), so its one or two trigrams are nearly always
    somewhere in the chosen text. At a line's end a few words held elsewhere are mostly a byline or a
    label glued on ("... Until July 31 by Eric Ries")."""
    if not 0 < len(piece) <= CUT_MAX_CHARS:
        return False
    few_words = opening and piece[0].isalpha() and len(trigrams(piece)) <= SHORT_LINE_TRIGRAMS
    if not few_words and held_chars(blocks, [piece]):
        return False
    return not any(len(line) >= MIN_HELD_CHARS and line in piece for block in blocks for line in block)


def restore_cut_lines(blocks: list[list[str]], others: Iterable[str]) -> tuple[list[list[str]], int]:
    """``blocks`` with each line cut short replaced by the whole line of ``others`` (the lines of
    another extraction of the page), and how many were replaced."""
    by_end, by_start = _index(others)
    if not by_end:
        return blocks, 0
    out: list[list[str]] = []
    replaced = 0
    for block in blocks:
        new = [_whole(line, by_end, by_start, blocks) for line in block]
        replaced += sum(a is not b for a, b in zip(new, block, strict=True))
        out.append(new)
    return out, replaced

"""Choosing the title and removing its repetition from the top of the body."""

from __future__ import annotations

import re
from collections.abc import Callable

from streams.clean.rules import HEADLINE_MAX, classify, is_breadcrumb
from streams.clean.unicode import normalize_for_matching

# The title is looked for (and its repetition removed) only in the first few lines: a headline
# repeated deeper in the body is content (e.g. a quoted headline), not page furniture.
TOP_LINES = 4
# A fallback title made from the first sentence is cut to this length (a long headline's size).
FALLBACK_TITLE_CHARS = 150
_TRUNCATED = re.compile(r"(?:\.\.\.|…)$")
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")


# ``normalize`` arguments below: ``normalize_for_matching`` or a memo of it.
Normalize = Callable[[str], str]


def _is_title_candidate(line: str, normalize: Normalize) -> bool:
    if len(line) > HEADLINE_MAX or len(line.split()) < 3 or _TRUNCATED.search(line):
        return False
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return False
    return not is_breadcrumb(line, normalize(line)) and classify(line, normalize)[0] is None


def headline_from_text(blocks: list[list[str]], normalize: Normalize = normalize_for_matching) -> tuple[str, bool]:
    """The first real headline line of the text, and whether one was found.

    When no headline-like line opens the text, the first sentence (shortened) stands in and is left in
    the body."""
    seen = 0
    for block in blocks:
        for line in block:
            if _is_title_candidate(line, normalize):
                return line, True
            seen += 1
            if seen >= TOP_LINES:
                break
        if seen >= TOP_LINES:
            break
    first = next((ln for b in blocks for ln in b), "")
    sentence = re.split(r"(?<=[.!?])\s", first[: FALLBACK_TITLE_CHARS * 2], maxsplit=1)[0]
    if len(sentence) > FALLBACK_TITLE_CHARS:
        sentence = sentence[:FALLBACK_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return sentence, False


def clean_page_title(title: str, first_lines: list[str], normalize: Normalize = normalize_for_matching) -> str:
    """A page title without its " | Site name" suffix when the body's top confirms the shorter form."""
    m = _SITE_SUFFIX.search(title)
    if not m:
        return title
    short = title[: m.start()].strip()
    key = normalize(short)
    if any(normalize(ln) == key for ln in first_lines):
        return short
    return title


def strip_title(
    blocks: list[list[str]], title: str, normalize: Normalize = normalize_for_matching
) -> tuple[list[list[str]], int, int]:
    """Remove lines equal to the title (or a truncated form of it) among the first lines.

    Returns the blocks and the number of lines and characters removed."""
    key = normalize(title)
    if not key:
        return blocks, 0, 0
    # A line equal to the title (or a truncated form of it) has a key of at most len(key) + 4 characters
    # (" ..."), and lines come out of fix_unicode (NFC, whitespace collapsed, invisibles removed), so a
    # line's key is hardly shorter than the line: lines past twice that (plus margin) cannot match and
    # are not normalised (a whole-paragraph line would cost more than all the rest of this).
    max_line = 2 * len(key) + 40
    removed_lines = removed_chars = 0
    out: list[list[str]] = []
    seen = 0
    for block in blocks:
        kept = []
        for line in block:
            if seen < TOP_LINES:
                seen += 1
                if len(line) > max_line:
                    kept.append(line)
                    continue
                lk = normalize(line)
                prefix = _TRUNCATED.sub("", lk).rstrip()
                if lk == key or (_TRUNCATED.search(lk) and len(prefix) >= 20 and key.startswith(prefix)):
                    removed_lines += 1
                    removed_chars += len(line)
                    continue
            kept.append(line)
        if kept:
            out.append(kept)
    return out, removed_lines, removed_chars

"""Unicode repair and normalisation (NFC, mojibake, invisible characters, whitespace)."""

from __future__ import annotations

import re
import unicodedata

import ftfy
from ftfy.badness import is_bad

# Control characters except \t and \n, zero-width/formatting characters, BOM, soft hyphen and the
# bidi controls: invisible, and they break matching.
_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
# Horizontal whitespace (incl. no-break and typographic spaces) -> one ASCII space.
_HSPACE_RE = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_NEWLINES_RE = re.compile("\r\n?|[\u2028\u2029\x85]")

_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # keep typographic quotes and apostrophes in the output
    fix_line_breaks=False,  # done below, together with the Unicode separators
    normalization="NFC",
    fix_latin_ligatures=True,
    fix_character_width=False,  # keep full-width CJK punctuation as written
    explain=False,
)

# Translation for matching keys: every apostrophe, quote and dash variant to one ASCII form.
_MATCH_TABLE = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u02bc\u2032\u00b4`", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2039\u203a", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    }
)


def _repair(line: str) -> str:
    """ftfy on the lines that need it: its per-call overhead (~0.1 ms) would dominate on long inputs
    made of many short lines, and clean ASCII or clean accented text has nothing to repair."""
    if line.isascii() and "&" not in line:
        return line
    if "&" in line or is_bad(line):
        return unicodedata.normalize("NFC", ftfy.fix_text(line, _FTFY_CONFIG))
    return line


def fix_unicode(text: str) -> str:
    """Repair mojibake, NFC-normalise, drop invisible characters and normalise whitespace.

    Line structure is kept: each line is stripped and its inner whitespace collapsed; runs of blank
    lines become one blank line."""
    text = _NEWLINES_RE.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE_RE.sub("", text)
    lines = [_HSPACE_RE.sub(" ", _repair(line)).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def normalize_for_matching(text: str) -> str:
    """A matching key: NFC, casefolded, one form of apostrophe/quote/dash, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).translate(_MATCH_TABLE).casefold()
    text = _INVISIBLE_RE.sub("", text)
    return " ".join(text.split())

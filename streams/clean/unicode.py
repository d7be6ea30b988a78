"""Unicode repair and normalisation (NFC, mojibake, invisible characters, whitespace)."""

from __future__ import annotations

import re
import unicodedata

import ftfy
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE, LIGATURES

# Control characters except \t and \n, zero-width/formatting characters, BOM, soft hyphen and the
# bidi controls: invisible, and they break matching.
_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
# Horizontal whitespace (incl. no-break and typographic spaces) -> one ASCII space. Only the runs
# that are not already one ASCII space are matched: substituting every word gap costs ~0.1 ms per
# 3k-character article.
_ODD_HSPACE = "[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
_HSPACE_RE = re.compile(f"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]{{2,}}|{_ODD_HSPACE}")
# A one-class search is a fast scan; most lines need no substitution at all.
_ODD_HSPACE_RE = re.compile(_ODD_HSPACE)
# Line separators other than "\n" (CR and CRLF apart), each replaced by "\n".
_OTHER_NEWLINES = ("\u2028", "\u2029", "\x85")

_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # keep typographic quotes and apostrophes in the output
    fix_line_breaks=False,  # done below, together with the Unicode separators
    normalization="NFC",
    fix_latin_ligatures=True,
    fix_character_width=False,  # keep full-width CJK punctuation as written
    explain=False,
)

# Printable characters that ftfy replaces or removes under _FTFY_CONFIG (see ``_ftfy_keeps``).
_FTFY_CHANGES = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in sorted({*LIGATURES, *CONTROL_CHARS}) if chr(c).isprintable()) + "]"
)

# Matching keys: every apostrophe, quote and dash variant to one ASCII form. Applied as one
# str.replace per variant present: str.translate with a dict costs ~0.15 us per character on non-ASCII
# text (0.4 ms for a 3k-character article), a replace is a C-speed scan.
_MATCH_PAIRS: tuple[tuple[str, str], ...] = (
    *((c, "'") for c in "\u2018\u2019\u201a\u201b\u02bc\u2032\u00b4`"),
    *((c, '"') for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2039\u203a"),
    *((c, "-") for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"),
)

# Where ftfy's mojibake detector (``BADNESS_RE``) could match. Every alternative of that regex
# contains a C1 control, "Â" or "Ã", "œ"/"Œ" before a non-letter, two adjacent non-ASCII characters
# that are not whitespace, or one of "ÎÐØÙ€" before a no-break space; its matches are at most 7
# characters long and start at most 2 characters before that element. So searching BADNESS_RE only
# within _HINT_MARGIN characters around these hints gives exactly ``is_bad``, without running the
# 40-alternative regex over every character (1.4 ms per 3k-character French article otherwise).
_MOJIBAKE_HINT = re.compile(
    "[^\x00-\x7f](?:(?<=[\x80-\x9f\u00c2\u00c3])|(?<=[\u0152\u0153])[^A-Za-z]|(?<=\\S)[^\x00-\x7f\\s]"
    "|(?<=[\u00ce\u00d0\u00d8\u00d9\u20ac])\u00a0)"
)
_HINT_MARGIN = (3, 10)
# Beyond this many hints (Cyrillic or Greek text: every letter pair is one) one full search is cheaper.
_MAX_HINTS = 16


def _repair(line: str, printable: bool) -> str:
    """ftfy on the lines that need it: its per-call overhead (~0.1 ms) would dominate on long inputs
    made of many short lines, and clean ASCII or clean accented text has nothing to repair.

    ``printable`` is ``line.isprintable()`` (the caller has it). ftfy runs on mojibake, and on lines
    with "&" (HTML entities) unless they hold nothing it would change."""
    mojibake = not line.isascii() and not (printable and _hint_free(line)) and looks_bad(line)
    if not mojibake and ("&" not in line or (printable and _ftfy_keeps(line))):
        return line
    return unicodedata.normalize("NFC", ftfy.fix_text(line, _FTFY_CONFIG))


def _ftfy_keeps(line: str) -> bool:
    """Whether ftfy (``_FTFY_CONFIG``) leaves a printable NFC ``line`` that does not look bad as it is.

    Such a line has no C1 control, surrogate, terminal escape or non-printable control character,
    and its encoding is not "fixed" (``is_bad`` is false); what remains are HTML entities, ligatures
    and the printable control characters ftfy removes. Lines with "&" otherwise all went through
    ftfy for nothing: ~20 us per OrangeSum article (107 lines in 5,000 articles, none changed)."""
    return not HTML_ENTITY_RE.search(line) and not _FTFY_CHANGES.search(line)


def _hint_free(line: str) -> bool:
    """Whether ``_MOJIBAKE_HINT`` cannot match a printable ``line`` (C1 controls are not printable).

    Its other hints are "Â", "Ã", "Œ", "œ" or a non-ASCII character followed by another: the ASCII
    encoding with "?" for each other character shows a pair as "??". These C-level scans cost ~4 us
    per 3k-character French article, the hint regex ~20 us (~7 ns a character)."""
    return (
        b"??" not in line.encode("ascii", "replace")
        and "\u00c3" not in line
        and "\u00c2" not in line
        and "\u0153" not in line
        and "\u0152" not in line
    )


def looks_bad(text: str) -> bool:
    """``ftfy.badness.is_bad(text)`` (likely mojibake), searching only around the possible spots."""
    before, after = _HINT_MARGIN
    for hints, m in enumerate(_MOJIBAKE_HINT.finditer(text), 1):
        if hints > _MAX_HINTS:
            return bool(BADNESS_RE.search(text))
        at = m.start()
        if BADNESS_RE.search(text, max(0, at - before), at + after):
            return True
    return False


def _fix_line(line: str) -> str:
    """One line without invisible characters, repaired, its whitespace collapsed and stripped.

    Every invisible and odd horizontal space character is non-printable, and ``str.isprintable`` is a
    C-level scan: the regexes only run on lines it flags (on OrangeSum, none; running them on every
    line cost ~33 us per 3k-character article)."""
    printable = line.isprintable()
    if not printable:
        line = _INVISIBLE_RE.sub("", line)
    repaired = _repair(line, printable)
    if repaired is not line:  # ftfy may have introduced odd spaces (e.g. "&nbsp;")
        line, printable = repaired, False
    if "  " in line or (not printable and _ODD_HSPACE_RE.search(line)):
        line = _HSPACE_RE.sub(" ", line)
    return line.strip()


def fix_unicode(text: str) -> str:
    """Repair mojibake, NFC-normalise, drop invisible characters and normalise whitespace.

    Line structure is kept: each line is stripped and its inner whitespace collapsed; runs of blank
    lines become one blank line."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for sep in _OTHER_NEWLINES:
        if sep in text:
            text = text.replace(sep, "\n")
    text = unicodedata.normalize("NFC", text)
    if "\n" not in text:  # one line (a title): no blank lines to squeeze
        return _fix_line(text)
    out: list[str] = []
    for line in map(_fix_line, text.split("\n")):
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def normalize_for_matching(text: str) -> str:
    """A matching key: NFC, casefolded, one form of apostrophe/quote/dash, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():  # "`" is the only ASCII variant: 27 scans saved (~0.9 us on a 300-character key)
        if "`" in text:
            text = text.replace("`", "'")
    else:
        for old, new in _MATCH_PAIRS:
            if old in text:
                text = text.replace(old, new)
    text = text.casefold()
    # Every invisible character and every whitespace character but " " (newlines included) is
    # non-printable: a printable text has none to remove, and without double or outer spaces it is
    # already collapsed (str.isprintable costs ~0.5 us on a 300-character key, the invisibles' regex
    # ~1.3 us and split/join ~3 us).
    if not text.isprintable():
        return " ".join(_INVISIBLE_RE.sub("", text).split())
    if "  " in text or text[:1] == " " or text[-1:] == " ":
        return " ".join(text.split())
    return text


class MatchingKeys(dict[str, str]):
    """``normalize_for_matching`` of each text looked up, computed once: the cleaning steps key the
    same lines (rules, title, learner, repeats). One instance per article keeps it bounded; on
    OrangeSum the lead paragraph was keyed 3-4 times (~3 us each)."""

    def __missing__(self, text: str) -> str:
        key = self[text] = normalize_for_matching(text)
        return key

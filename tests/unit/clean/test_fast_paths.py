"""The cleaning stage's shortcuts give exactly what the straightforward code gives."""

from __future__ import annotations

import re
import unicodedata

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.clean import CleanConfig, Cleaner, cleaner, inline_credits, normalize_for_matching, rules, scripts, unicode
from streams.clean.unicode import MatchingKeys, fix_unicode

# Characters that exercise every branch: mojibake pieces, the hint characters, controls, invisible
# and odd spaces, every newline form, entities, ligatures, quote/dash variants, combining marks.
_PIECES = [
    "a", "Z", "é", "’", "«", "—", "œ", "Œ", "Â", "Ã", "€", "Î", "Ø", "\u00a0", "\u202f", "\t", " ", "  ",
    "\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\x00", "\x1b[31m", "\x9c", "\u200b", "\u00ad", "\ufeff",
    "Ã©", "â€™", "Ã ", "Â ", "&", "&amp;", "&eacute;", "&EACUTE;", "&#39;", "&nosuch;", "<", "ﬁ", "Ĳ",
    "\ufffc", "e\u0301", "ß", "İ", "Σ", "`", "´", "?", "??", "(Photo AFP)", "[vidéo]", "(", "[",
    "中文", "Привет", "😀", "\ud800",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _reference_fix_unicode(text: str) -> str:
    """fix_unicode as first written: every regex on every line, ftfy on every line with "&"."""
    for sep in ("\r\n", "\r", "\u2028", "\u2029", "\x85"):
        text = text.replace(sep, "\n")
    text = unicode._INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text))
    lines = []
    for line in text.split("\n"):
        if "&" in line or unicode.looks_bad(line):
            line = unicodedata.normalize("NFC", ftfy.fix_text(line, unicode._FTFY_CONFIG))
        lines.append(unicode._HSPACE_RE.sub(" ", line).strip())
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _reference_key(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    for old, new in unicode._MATCH_PAIRS:
        text = text.replace(old, new)
    return " ".join(unicode._INVISIBLE_RE.sub("", text.casefold()).split())


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_fix_unicode_and_key_match_the_straightforward_code(text: str) -> None:
    assert fix_unicode(text) == _reference_fix_unicode(text)
    assert normalize_for_matching(text) == _reference_key(text) == MatchingKeys()[text]


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_hint_free_lines_have_no_mojibake_hint(text: str) -> None:
    for line in text.split("\n"):
        if line.isprintable() and unicode._hint_free(line):
            assert not unicode._MOJIBAKE_HINT.search(line)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_ftfy_keeps_what_it_is_said_to_keep(text: str) -> None:
    # Guards the shortcut against a new ftfy release that changes more.
    line = unicodedata.normalize("NFC", text.replace("\n", " "))
    if line.isprintable() and not unicode.looks_bad(line) and unicode._ftfy_keeps(line):
        assert ftfy.fix_text(line, unicode._FTFY_CONFIG) == line


_MIN_WORDS = {n: Cleaner(CleanConfig(min_words=n))._min_words for n in (1, 2, 5)}


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_word_and_bracket_checks(text: str) -> None:
    key = normalize_for_matching(text)
    assert bool(rules._OVER_14_WORDS.match(key)) == (len(rules._WORD.findall(key)) > 14)
    assert inline_credits.has_inline_credit(text) == bool(inline_credits._INLINE_MEDIA_CORE.search(text))
    for n, min_words in _MIN_WORDS.items():
        assert min_words is not None
        assert bool(min_words.match(text)) == (len(cleaner._WORD.findall(text)) >= n)
    if not scripts.UNSPACED_CHAR.search(text):  # spaced scripts: words are the runs of \w
        assert cleaner._WORD.findall(text) == re.findall(r"\w+", text)

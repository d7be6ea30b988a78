"""Choosing the title and removing its repetition from the top of the body."""

from __future__ import annotations

import re
from collections.abc import Callable

from streams.clean.breadcrumbs import is_breadcrumb
from streams.clean.rules import HEADLINE_MAX, classify
from streams.clean.scripts import CJK, WORD_PATTERN, ends_clause, latin_length, latin_word_count
from streams.clean.unicode import normalize_for_matching

# The title is looked for (and its repetition removed) only in the first few lines: a headline
# repeated deeper in the body is content (e.g. a quoted headline), not page furniture.
TOP_LINES = 4
# A fallback title made from the first sentence is cut to this length (a long headline's size).
FALLBACK_TITLE_CHARS = 150
_TRUNCATED = re.compile(r"(?:\.\.\.|…)$")
# The end of a fallback title's sentence: a Latin, Arabic or Devanagari mark and a space, or a
# Chinese or Japanese one (no space follows it).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?\u061f\u0964])\s|(?<=[\u3002\uff01\uff1f])")
# A character of the scripts whose titles are set without spaces around their separators: Chinese,
# Japanese, Hangul syllables, and the full-width closing brackets and quotes that end their phrases.
_EAST_ASIAN = f"[{CJK}\uac00-\ud7af\uff09\u300d\u300f\u3011\u3015]"
# Between a headline and the site or section name after it: the full-width bar (with or without
# spaces), or an unspaced "_", "|", dash or full-width colon next to an East Asian character
# ("标题_新浪网", "見出し|新聞", "見出し：朝日新聞デジタル"); next to Latin letters an unspaced "_", "|" or
# "-" is part of a name. A headline's own dash or colon is cut only where the body's top or the
# site's declared name confirms it (see ``clean_page_title``).
_UNSPACED_MARK = "[_|\\-\uff0d\u2014\u2013\uff1a]"
UNSPACED_SEPARATOR = (
    rf"\s*｜\s*|(?<={_EAST_ASIAN})\s*{_UNSPACED_MARK}\s*|\s*{_UNSPACED_MARK}\s*(?={_EAST_ASIAN})"
)
# ... or a bar, a dash, a bullet, a guillemet, an angle bracket or "::" between spaces ("Headline | Site",
# "Headline - Site", "Headline • Author", "Headline » Section » Site", and the "headline < section <
# article view - site" trail of Korean news sites).
_SITE_SEPARATOR = re.compile(rf"\s+(?:[|–—•·<>«»-]|::)\s+|{UNSPACED_SEPARATOR}")
# A site or section segment after a separator is 2-60 characters; at most MAX_SITE_SEGMENTS are cut
# ("标题_国内新闻_新浪网": the section, then the site).
SITE_SEGMENT_CHARS = (2, 60)
MAX_SITE_SEGMENTS = 3
MIN_VARIANT_WORDS = 3
# A label in lenticular or full-width square brackets opening or closing a Japanese or Chinese title
# ("【速報】", "【動画】", "［社説］"): a rubric of the site, not words of the headline.
_BRACKET_LABEL = re.compile(r"^\s*[【［][^【】［］]{1,20}[】］]\s*|\s*[【［][^【】［］]{1,20}[】］]\s*$")


# ``normalize`` arguments below: ``normalize_for_matching`` or a memo of it.
Normalize = Callable[[str], str]


def _is_title_candidate(line: str, normalize: Normalize) -> bool:
    if latin_length(line) > HEADLINE_MAX or latin_word_count(line) < 3 or _TRUNCATED.search(line):
        return False
    if ends_clause(line) and not line.endswith("..."):
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
    sentence = _SENTENCE_BREAK.split(first[: FALLBACK_TITLE_CHARS * 2], maxsplit=1)[0]
    if len(sentence) > FALLBACK_TITLE_CHARS:
        sentence = sentence[:FALLBACK_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return sentence, False


def _site_segments(title: str) -> list[tuple[str, str]]:
    """(the title without its last segments, the segment cut last) for one, two ... segments."""
    low, high = SITE_SEGMENT_CHARS
    cuts: list[tuple[str, str]] = []
    end = len(title)
    for sep in reversed(list(_SITE_SEPARATOR.finditer(title))):
        if sep.end() > end or len(cuts) >= MAX_SITE_SEGMENTS:
            break
        segment = title[sep.end() : end].strip()
        short = title[: sep.start()].strip()
        if not low <= len(segment) <= high or not short:
            break
        cuts.append((short, segment))
        end = sep.start()
    return cuts


def site_cuts(title: str) -> list[str]:
    """The title without its last one, two ... (up to MAX_SITE_SEGMENTS) segments after a site
    separator, longest first (each cut segment has SITE_SEGMENT_CHARS characters)."""
    return [short for short, _ in _site_segments(title)]


def without_site_name(title: str, site_name: str, normalize: Normalize = normalize_for_matching) -> str:
    """The title without the segments at its end that name the site (``site_name``, as the page
    declares it: og:site_name, or the host name's first label; a site name followed by its tagline
    names it too). What is left must
    be longer than what is cut: without a declared name, trafilatura takes a title segment holding a
    dot for the site's ("www.site.com"), which may be the headline ("Politics | U.S. troops leave")."""
    site = normalize(site_name)
    if not site:
        return title
    label = _host_label(site)
    out = title
    for short, segment in _site_segments(title):
        key = normalize(segment)
        names = key in (site, label) or site.startswith(key + " ")
        if not names or latin_length(short) <= latin_length(segment):
            break
        out = short
    return out


def _host_label(site: str) -> str | None:
    """The name a host name gives its site ("entermedia" of "www.entermedia.co.kr"): trafilatura
    falls back to the host when the page declares no site name, and titles spell the name without
    its domain ("Headline - Entermedia"). None when ``site`` is not a host name."""
    if " " in site or "." not in site:
        return None
    label = site.removeprefix("www.").split(".", 1)[0]
    return label if len(label) >= SITE_SEGMENT_CHARS[0] else None


def title_variants(title: str) -> list[str]:
    """Shorter forms a page title's headline may have, longest first: the title without site segments
    (see :func:`site_cuts`), each also without a bracketed label at its start or end."""
    cuts = site_cuts(title)
    first_cut = cuts[0] if cuts else None
    variants: list[str] = []
    for form in [title, *cuts]:
        unlabelled = _BRACKET_LABEL.sub("", form).strip()
        for variant in (form, unlabelled):
            if variant == title or variant in variants:
                continue
            # Past the last segment, a short form may be a section name that the body also shows as
            # a label: only a headline-sized one (MIN_VARIANT_WORDS) stands for the title.
            if variant == first_cut or latin_word_count(variant) >= MIN_VARIANT_WORDS:
                variants.append(variant)
    return variants


def clean_page_title(
    title: str, first_lines: list[str], normalize: Normalize = normalize_for_matching, site_name: str | None = None
) -> str:
    """A page title without its " | Site name" suffix (or its "【Label】") when the body's top confirms
    the shorter form (see :func:`title_variants`); else without the segments naming the site
    ``site_name`` (see :func:`without_site_name`)."""
    variants = title_variants(title)
    if not variants:
        return title
    keys = {normalize(ln) for ln in first_lines}
    confirmed = next((v for v in variants if normalize(v) in keys), None)
    if confirmed is not None:
        return confirmed
    return without_site_name(title, site_name, normalize) if site_name else title


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


# A page's visible headline is its <h1>; the metadata title (og:title, <title>) often carries the site
# name or an SEO variant. The h1 is taken when it is the page's only h1, has the size of a headline,
# and shares at least this share of its words with the metadata title (a logo or section name in an
# h1 shares none); the h1 equal to a segment after the headline ("Headline | Section | Site") is the
# logo or the section's name, never taken.
H1_MIN_SHARED = 0.3
H1_MAX_CHARS = 300
# Words as the Cleaner counts them: in Chinese and Japanese each character (a run of \w is a phrase
# there, and the h1 and the metadata title seldom cut their phrases at the same places).
_TITLE_WORD = re.compile(WORD_PATTERN)
_TITLE_SEPARATOR = re.compile(rf"\s+(?:[|–—•·:-]|::)\s+|{UNSPACED_SEPARATOR}")


def names_a_trailing_segment(text: str, title: str) -> bool:
    """Whether ``text`` is one of the segments after the first of ``title`` ("Headline | Section |
    Site"): the name of the site or of a section, not a headline."""
    segments = _TITLE_SEPARATOR.split(title.lower())
    return text.lower().strip() in {segment.strip() for segment in segments[1:]}


def names_the_site_of(text: str, title: str) -> bool:
    """Whether ``text`` is a segment after the headline of ``title`` ("Headline | Site"): one of its
    segments after the first, shorter than the first (in "Site | Headline" the headline is the
    longer, last segment)."""
    first = _TITLE_SEPARATOR.split(title, maxsplit=1)[0]
    return names_a_trailing_segment(text, title) and latin_length(text.strip()) < latin_length(first.strip())


def headline_title(meta_title: str | None, headings: list[str]) -> str | None:
    """The page's single h1 (``headings``: the texts of its h1 elements) when it is the headline
    that the metadata title ``meta_title`` names, else None."""
    if len(headings) != 1:
        return None
    h1 = headings[0]
    words = _TITLE_WORD.findall(h1.lower())
    if len(h1) > H1_MAX_CHARS or (len(words) < 2 and len(h1) < 8):
        return None
    if not meta_title:
        return h1
    if names_a_trailing_segment(h1, meta_title):
        return None
    meta_words = set(_TITLE_WORD.findall(meta_title.lower()))
    shared = sum(w in meta_words for w in words)
    return h1 if shared >= H1_MIN_SHARED * len(words) else None

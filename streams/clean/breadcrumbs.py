"""Navigation trails ("Home > News > World", "Accueil Actualités Monde", "ホーム＞ニュース"): a line that
starts at the site's home link, or short segments joined by separators."""

from __future__ import annotations

import re

from streams.clean import cues
from streams.clean.names import names_follow
from streams.clean.scripts import ends_sentence, latin_length, latin_word_count

# A trail is short: page furniture fits in ~250 characters (``rules.SHORT``).
TRAIL_MAX_CHARS = 250
# Segments of a trail are section names: a few words each.
SEGMENT_MAX_WORDS = 6
# The home link (a word of ``cues.HOME`` in other languages) and the separators after it; "＞" is the
# full-width sign of Chinese and Japanese trails, set without spaces.
_HOME_WORD = r"(?:accueil|home|homepage|startseite|inicio|portada|home page|" + cues.HOME + ")"
_HOME = re.compile(_HOME_WORD + r"(?:\s|[>»›/|:\-＞]|$)")
_HOME_THEN_SEPARATOR = re.compile(_HOME_WORD + r"\s*[>»›/|:\-＞]")
_SEPARATORS = re.compile(r" (?:[|>›»/•·＞]|::) |\s*＞\s*")
# Separators inside brackets list alternatives ("Hiking pants (Men's / Women's)", "a bag (jute | cotton)"),
# not the steps of a trail; and segments of a label and its value ("CPU: Intel Core i5 | RAM: 8GB |
# Storage: 256GB") are a row of specifications: two of them make the line one.
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_LABELLED = re.compile(r"\w: \S")


def is_breadcrumb(line: str, key: str, inside: bool = False) -> bool:
    """A navigation trail: starts at a home link, or short segments joined by separators; short (a
    Chinese or Japanese character counting 3, see ``latin_length``: measured last, on candidates only).
    ``key`` is the line's matching key; ``inside``: the line stands between two paragraphs of prose
    (see ``rules.apply_rules``)."""
    if len(line) > TRAIL_MAX_CHARS or ends_sentence(line) and not line.endswith(("..", "…")):
        return False
    # A trail from the home link: "Home > News", section names without separators ("Home News
    # Politics"), or ending in the page's truncated title ("Accueil Dernières minutes Lyon vote un...");
    # a line that goes on in lowercase is prose or a subheading ("Home improvement tips", "Inicio de
    # la temporada"). Between two paragraphs of prose, capitalised words after "Home" are a subheading
    # ("Home Security Systems and Safety Upgrades"): a trail stands above or below the article.
    if (
        _HOME.match(key)
        and latin_word_count(key) >= 2
        and (
            _HOME_THEN_SEPARATOR.match(key)
            or not inside and (names_follow(line) or line.endswith(("...", "…")))
        )
    ):
        return latin_length(line) <= TRAIL_MAX_CHARS
    if "«" in line:  # French quotes: '»' is punctuation here, not a separator
        return False
    parts = _SEPARATORS.split(_BRACKETED.sub("", line) if "(" in line or "[" in line else line)
    return (
        len(parts) >= 3
        and all(latin_word_count(p) <= SEGMENT_MAX_WORDS for p in parts)
        and sum(1 for p in parts if _LABELLED.search(p)) < 2
        and latin_length(line) <= TRAIL_MAX_CHARS
    )

"""Multilingual gazetteer: countries (pycountry + its gettext translations), curated organisations
and places. It links names to stable ids ("Irak" and "Iraq" -> ``iso:IQ``, see
:mod:`streams.entities.ids`), corrects model labels ("État islamique" is an ORG, never the LOC
"État") and finds listed names the model missed.
"""

from __future__ import annotations

import gettext
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from streams.entities.ids import country_id
from streams.entities.spans import fold, fold_codes, folded_key, norm_key

TRANSLATED_LANGS = ("fr", "de", "es")  # pycountry gettext locales used for country names
ANY = "any"


@dataclass(slots=True)
class GazEntry:
    """One gazetteer entity: id, label and display names per language."""

    id: str
    label: str
    names: dict[str, str] = field(default_factory=dict)

    def display(self, lang: str | None) -> str:
        """The display name in ``lang`` (English, then any, as fallbacks)."""
        for key in (lang, "en", "fr"):
            if key and key in self.names:
                return self.names[key]
        return next(iter(self.names.values()))


@dataclass(frozen=True, slots=True)
class GazMatch:
    """A gazetteer name found in a text."""

    start: int
    end: int
    entry: GazEntry


def _usable(name: str) -> bool:
    # Inverted ISO forms ("Iran, Islamic Republic of") and parenthesised qualifiers never occur in text.
    return bool(name) and "," not in name and "(" not in name


# Where a name may start and end in a text: not inside a word, unless OCR glued it to the word
# before or after at a line join, a capital right after a lower-case letter ("deSerbie", "FranceOn").
NAME_OPENS = r"(?:(?<![\w-])|(?<=[a-z])(?=[A-Z]))"
NAME_ENDS = r"(?:(?![\w-])|(?<=[a-z])(?=[A-Z]))"


def _name_pattern(name: str) -> str:
    """Regex for a folded name tolerant of spacing around hyphens/apostrophes and of missing dots."""
    parts = []
    for ch in fold(name):
        if ch == "-":
            parts.append(r"\s?-\s?")
        elif ch == "'":
            parts.append(r"\s?'\s?")
        elif ch == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _compile_names(names: Iterable[str]) -> re.Pattern[str]:
    """One regex finding any of ``names``, leftmost and, among names starting there, longest first.

    A flat alternation of ~10k names made ``re`` try every name at every position of the text
    (2.6 ms per article). The names are nested by their leading letters and digits instead, a trie
    ("N(?:i(?:ger(?:ia|)|...)|...)"), so that a position is only tried against the names it can
    start: same matches, many times faster. At each node the names left go to one branch per next
    letter or digit, the rest (the name ends there, or goes on with a space, hyphen, apostrophe or
    punctuation) to a last branch. Two branches cannot both match at one position (a letter or digit
    is neither a space, a punctuation mark nor the boundary after a name), and within a branch the
    order is the flat one (longest pattern first), so the match is the one the flat alternation
    found. Nesting past the first character: 0.072 -> 0.063 ms per text on the bench corpus.

    The leading lookahead on the first characters lets every other position fail on one set test
    before the lookbehind and the branches: 0.111 -> 0.086 ms per article on the bench corpus.
    Without patterns with no first letter or digit (none today), it cannot apply."""
    alternatives = sorted({_name_pattern(n) for n in names}, key=len, reverse=True)
    firsts = {alt[:1] if alt[:1].isalnum() else "" for alt in alternatives}  # already folded by _name_pattern
    lookahead = "" if "" in firsts else "(?=[" + "".join(re.escape(f) for f in firsts) + "])"
    return re.compile(lookahead + NAME_OPENS + _nested(alternatives) + NAME_ENDS)


def _nested(alternatives: list[str]) -> str:
    """The alternation of ``alternatives`` (name patterns, in order) as a trie on leading letters and digits."""
    by_first: dict[str, list[str]] = {}
    rest: list[str] = []  # empty, or not opening with a letter or digit (an escape, a class, punctuation)
    for alt in alternatives:
        if alt[:1].isalnum():
            by_first.setdefault(alt[0], []).append(alt[1:])
        else:
            rest.append(alt)
    branches = [first + (tails[0] if len(tails) == 1 else _nested(tails)) for first, tails in by_first.items()]
    return "(?:" + "|".join(branches + rest) + ")"


# Per folded character code clipped to 127 (any non-ASCII character): whether a name may start right
# after it, as the lookbehind (?<![\w-]) lets it.
_OPENS_AFTER = np.array([not (chr(i).isalnum() or chr(i) in "_-") for i in range(127)] + [True])
_OPENS_AFTER.flags.writeable = False
# Or glued to the word before, a capital after a lower-case letter: OCR joins words at line ends
# ("deSerbie", "laFrance", "avecLondres"), where no name of a table starts inside a word.
_LOWER = np.array([97 <= i <= 122 for i in range(128)])
_UPPER = np.array([65 <= i <= 90 for i in range(128)])
_LOWER.flags.writeable = _UPPER.flags.writeable = False
_ASCII_SPACES = [i for i in range(128) if chr(i).isspace()]  # what \s matches below 128
# Below this length re's scan of the whole text costs less than numpy's passes (break-even measured
# at 300-500 characters): titles and short texts go through re alone.
_SCAN_MIN_LEN = 400
_FLEXIBLE = " -'"  # name characters _name_pattern lets spaces stand for or surround (\s+, \s?-\s?, \s?'\s?)


def _could_be(ch: str) -> list[int]:
    """The codes (clipped to 127) a text character matched by the pattern of name character ``ch`` can have."""
    code = min(ord(ch), 127)
    return [code, *_ASCII_SPACES, 127] if ch in _FLEXIBLE else [code]


def _openings(folded_names: Iterable[str]) -> npt.NDArray[np.bool_] | None:
    """Which three folded characters (codes clipped to 127) a name can open with, as a flat 128 x 128
    x 128 table; None when a name opens with other than a letter or digit.

    2 MB per finder (a handful: one per language with name tables, one for all others). Two
    characters only (a 16 kB table) let through twice as many positions, "Le ", "La ", "Il "...:
    8 us more per article than the third character costs."""
    table = np.zeros((128, 128, 128), dtype=bool)
    for name in folded_names:
        if len(name) < 2 or not name[0].isalnum():
            return None
        first = min(ord(name[0]), 127)
        if name[1] in _FLEXIBLE:
            table[first, _could_be(name[1]), :] = True  # spaces may follow: any third character
        elif len(name) == 2:
            table[first, min(ord(name[1]), 127), :] = True  # the third is the one after the name
        else:
            table[first, min(ord(name[1]), 127), _could_be(name[2])] = True
    flat = table.ravel()
    flat.flags.writeable = False
    return flat


class _NameFinder:
    """The names searched in the texts of one language (or of every language without name tables):
    their regex, the characters they open with and the entry each names."""

    __slots__ = ("entries", "openings", "pattern")

    def __init__(self, names: set[str], entry_of: Callable[[str], GazEntry | None]) -> None:
        self.pattern = _compile_names(names)
        folded = [fold(n) for n in names]
        self.openings = _openings(folded)
        # A match is nearly always a name verbatim (folded): its entry is looked up once, here, not
        # for every match through folded_key and the tables (2.3 -> 0.1 us a match).
        self.entries = {name: entry_of(name) for name in folded}

    def matches(self, folded: str, codes: npt.NDArray[np.uint32] | None) -> list[re.Match[str]]:
        """The matches of the pattern in a folded text, as ``pattern.finditer(folded)`` finds them.

        With ``codes`` (:func:`fold_codes`): re's scan tries the pattern at every position of the
        text, ~25 ns each. Numpy sorts out in a few passes the positions where a name can open (three
        characters some name opens with, after a character the lookbehind lets through: about 1 in
        150), and the pattern is only matched there: 0.065 -> 0.026 ms per text on the bench corpus."""
        if codes is None or self.openings is None:
            return list(self.pattern.finditer(folded))
        heads = codes[:-2]
        opens = self.openings.take((heads << 14) | (codes[1:-1] << 7) | codes[2:])
        before = heads[:-1]
        opens[1:] &= _OPENS_AFTER.take(before) | (_LOWER.take(before) & _UPPER.take(heads[1:]))
        starts = np.flatnonzero(opens).tolist()
        starts.append(len(folded) - 2)  # the last two characters, without a third to look up: tried anyway
        found: list[re.Match[str]] = []
        end = 0
        match = self.pattern.match
        for pos in starts:
            if pos >= end and (m := match(folded, pos)) is not None:
                found.append(m)
                end = m.end()
        return found


class Gazetteer:
    """Name -> entity tables per language, built once per instance (held by the tagger)."""

    def __init__(self, extra_files: Iterable[str] = ("organisations.json", "places.json")) -> None:
        self.entries: dict[str, GazEntry] = {}
        self._keys: dict[str, dict[str, str]] = {}  # lang -> norm_key -> entry id
        self._surfaces: dict[str, set[str]] = {}  # lang -> surface names (for find)
        self.ambiguous: set[str] = set()
        self._finders: dict[tuple[str, ...], _NameFinder | None] = {}  # name tables -> names found with them
        self._load_countries()
        for filename in extra_files:
            self._load_file(filename)

    # -- building ---------------------------------------------------------------------------------
    def _add(self, entry_id: str, label: str, lang: str, name: str, display: bool = False) -> None:
        entry = self.entries.setdefault(entry_id, GazEntry(entry_id, label))
        if display or lang not in entry.names:
            entry.names[lang] = name
        key = norm_key(name)
        if not key:
            return
        table = self._keys.setdefault(lang, {})
        # First writer wins: pycountry names are added before curated aliases of other entities.
        table.setdefault(key, entry_id)
        self._surfaces.setdefault(lang, set()).add(name)

    def _load_countries(self) -> None:
        import pycountry  # only the gazetteer needs it

        translations = {}
        for lang in TRANSLATED_LANGS:
            try:
                translations[lang] = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            except OSError:  # a locale missing from this pycountry build: English names still work
                continue
        for country in pycountry.countries:
            entry_id = country_id(country.alpha_2)
            english: list[str] = [
                str(n) for n in (getattr(country, a, None) for a in ("common_name", "name", "official_name")) if n
            ]
            for name in english:
                if _usable(name):
                    self._add(entry_id, "LOC", "en", name)
            for lang, trans in translations.items():
                for name in english:
                    local = trans.gettext(name)
                    if _usable(local):
                        self._add(entry_id, "LOC", lang, local)

    def _load_file(self, filename: str) -> None:
        data: dict[str, Any] = json.loads(
            (resources.files("streams.entities") / "data" / filename).read_text(encoding="utf-8")
        )
        for alpha2, by_lang in data.get("country_aliases", {}).items():
            entry_id = country_id(alpha2)
            for lang, names in by_lang.items():
                for i, name in enumerate(names):
                    self._add(entry_id, "LOC", lang, name, display=i == 0)
        for item in data.get("entities", []):
            if item.get("context_only"):
                continue  # known by generic names only, in their context: see context_names()
            for lang, name in item.get("name", {}).items():
                self._add(item["id"], item["label"], lang, name, display=True)
            for lang, names in item.get("names", {}).items():
                for name in names:
                    self._add(item["id"], item["label"], lang, name)
        self.ambiguous |= {norm_key(n) for n in data.get("ambiguous", [])}
        self._finders.clear()

    # -- queries ----------------------------------------------------------------------------------
    def languages_for(self, lang: str | None) -> tuple[str, ...]:
        """Name tables consulted for an article language.

        The article's own language and language-neutral names; English too, since English names and
        acronyms appear in every press. Unknown language, or one without name tables (pycountry gives
        fr/de/es): French and English names, the languages of our two pipelines.
        """
        if lang is None or lang not in self._keys:
            return ("fr", "en", ANY)
        return (lang, ANY) if lang == "en" else (lang, "en", ANY)

    def lookup(self, surface: str, lang: str | None) -> GazEntry | None:
        """The entity a surface names, in the article language's tables, or None; a name with an
        article the tables list without it ("The Gambia", "the Netherlands") is found too."""
        key = norm_key(surface)
        entry = self._lookup_key(key, lang)
        if entry is None:
            bare = _without_article(key)
            if bare != key:
                entry = self._lookup_key(bare, lang)
        return entry

    def _lookup_key(self, key: str, lang: str | None) -> GazEntry | None:
        for table_lang in self.languages_for(lang):
            entry_id = self._keys.get(table_lang, {}).get(key)
            if entry_id is not None:
                return self.entries[entry_id]
        return None

    def country_keys(self, lang: str | None, own_only: bool = False) -> dict[str, str]:
        """Name key -> country id of the countries' names in the tables of an article language
        (``own_only``: in the tables of that language alone, without English's)."""
        keys: dict[str, str] = {}
        langs = self.languages_for(lang)
        if own_only:
            langs = langs[:1]
        for table_lang in reversed(langs):  # the article's language last: it wins
            keys.update({k: i for k, i in self._keys.get(table_lang, {}).items() if i.startswith("iso:")})
        return keys

    def is_known(self, surface: str, lang: str | None) -> bool:
        """Whether a surface is a gazetteer name as written (span cleaning relies on it)."""
        return self._lookup_key(norm_key(surface), lang) is not None

    def _finder(self, lang: str | None) -> _NameFinder | None:
        # English names are only *found* in English text (they link model spans everywhere):
        # searching French text for "Chile" or "Man" would add false positives.
        find_langs = (lang, ANY) if lang and lang in self._keys else ("fr", "en", ANY)
        # Keyed by the tables searched, which also give the tables looked up (languages_for): every
        # language without tables shares one finder.
        if find_langs not in self._finders:
            names: set[str] = set()
            for table_lang in find_langs:
                for name in self._surfaces.get(table_lang, ()):
                    if norm_key(name) in self.ambiguous or len(name) < 2:
                        continue
                    names.add(name)
                    if len(name) >= 4 and not name.isupper():
                        names.add(name.upper())  # all-caps headlines ("IRAQ", "UNITED NATIONS")
            if not names:
                self._finders[find_langs] = None
            else:
                self._finders[find_langs] = _NameFinder(names, lambda f: self._lookup_key(folded_key(f), lang))
        return self._finders[find_langs]

    def _pattern(self, lang: str | None) -> re.Pattern[str] | None:
        finder = self._finder(lang)
        return None if finder is None else finder.pattern

    def find(self, text: str, lang: str | None) -> list[GazMatch]:
        """Gazetteer names occurring in ``text`` (case-sensitive, accent-insensitive), leftmost-longest.

        A match glued to another capitalised word is skipped: it is part of a longer name the gazetteer
        does not know ("Paris Saint-Germain", "New Mexico").
        """
        finder = self._finder(lang)
        if finder is None:
            return []
        folded, codes = fold_codes(text) if len(text) >= _SCAN_MIN_LEN else (fold(text), None)
        found: list[GazMatch] = []
        for m in finder.matches(folded, codes):
            start, end = m.span()
            try:
                entry = finder.entries[m.group()]
            except KeyError:  # spaced otherwise than listed ("Etats - Unis"): the text is folded already
                entry = self._lookup_key(folded_key(m.group()), lang)
            # None: an upper-cased variant not found through its key (case-insensitive).
            if entry is not None and not _glued_to_capitalised(text, start, end):
                found.append(GazMatch(start, end, entry))
        return found


# Articles before a name ("The Gambia", "the Greens", "les Verts") are not part of it.
LEADING_ARTICLES = frozenset(["the", "le", "la", "les", "l", "die", "der", "das"])



def _without_article(key: str) -> str:
    """A name key without its leading article ("the gambia" -> "gambia", "l'inde" -> "inde")."""
    head, _, rest = key.partition(" ")
    if rest and head in LEADING_ARTICLES:
        return rest
    if key.startswith("l'") and len(key) > 2:
        return key[2:]
    return key


_FUNCTION_WORDS = frozenset(
    [
        "à",
        "a",
        "au",
        "aux",
        "en",
        "dans",
        "de",
        "du",
        "des",
        "le",
        "la",
        "les",
        "l",
        "d",
        "the",
        "in",
        "at",
        "of",
        "on",
        "to",
        "from",
        "for",
        "and",
        "et",
        "ou",
        "or",
        "vers",
        "par",
        "pour",
        "contre",
        "avec",
        "sur",
        "sous",
        "entre",
    ]
)


def _glued_to_capitalised(text: str, start: int, end: int) -> bool:
    # The next word, after one space: capitalised (unless the match is in capitals itself).
    if text[end : end + 1] == " " and text[end + 1 : end + 2].isupper() and not text[start:end].isupper():
        return True
    # The previous word, before one space and within 40 characters: capitalised and ending with a letter.
    if start < 2 or text[start - 1] != " " or not text[start - 2].isalpha():
        return False
    first = start - 2
    limit = max(0, start - 40)
    while first > limit and not text[first - 1].isspace():  # str.isspace and re's \s agree
        first -= 1
    word = text[first : start - 1]
    if word[:1].isupper() and word.lower().strip("'’") not in _FUNCTION_WORDS:
        # A capitalised word right before, not sentence-initial function word: "Michael Jordan".
        before = first
        while before > 0 and text[before - 1].isspace():
            before -= 1
        return not (before == 0 or text[before - 1] in '.!?«"“:\n')
    return False

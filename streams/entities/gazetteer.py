"""Multilingual gazetteer: countries (pycountry + its gettext translations), curated organisations
and places. It links names to stable ids ("Irak" and "Iraq" -> ``iso:IQ``, see
:mod:`streams.entities.ids`), corrects model labels ("État islamique" is an ORG, never the LOC
"État") and finds listed names the model missed.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import orjson

from streams.entities.ids import country_id
from streams.entities.name_finder import SCAN_MIN_LEN, NameFinder
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


class Gazetteer:
    """Name -> entity tables per language, built once per instance (held by the tagger)."""

    def __init__(self, extra_files: Iterable[str] = ("organisations.json", "places.json")) -> None:
        self.entries: dict[str, GazEntry] = {}
        self._keys: dict[str, dict[str, str]] = {}  # lang -> norm_key -> entry id
        self._surfaces: dict[str, set[str]] = {}  # lang -> surface names (for find)
        self.ambiguous: set[str] = set()
        self._finders: dict[tuple[str, ...], NameFinder | None] = {}  # name tables -> names found with them
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
        data: dict[str, Any] = orjson.loads(
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
        return self.keys_of(lang, lambda i: i.startswith("iso:"), own_only)

    def keys_of(self, lang: str | None, wanted: Callable[[str], bool], own_only: bool = False) -> dict[str, str]:
        """Name key -> id of the entries whose id is ``wanted``, in the tables of an article language."""
        keys: dict[str, str] = {}
        langs = self.languages_for(lang)
        if own_only:
            langs = langs[:1]
        for table_lang in reversed(langs):  # the article's language last: it wins
            keys.update({k: i for k, i in self._keys.get(table_lang, {}).items() if wanted(i)})
        return keys

    def is_known(self, surface: str, lang: str | None) -> bool:
        """Whether a surface is a gazetteer name as written (span cleaning relies on it)."""
        return self._lookup_key(norm_key(surface), lang) is not None

    def _finder(self, lang: str | None) -> NameFinder | None:
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
                self._finders[find_langs] = NameFinder(names, lambda f: self._lookup_key(folded_key(f), lang))
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
        folded, codes = fold_codes(text) if len(text) >= SCAN_MIN_LEN else (fold(text), None)
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
    if word.endswith(("'s", "’s")):
        return False  # a possessive closes the name before it: "Germany's EU funds", "Russia's Gazprom"
    if word[:1].isupper() and word.lower().strip("'’") not in _FUNCTION_WORDS:
        # A capitalised word right before, not sentence-initial function word: "Michael Jordan".
        before = first
        while before > 0 and text[before - 1].isspace():
            before -= 1
        return not (before == 0 or text[before - 1] in '.!?«"“:\n')
    return False

"""Names the window knows, found where the tagger missed them in a later article.

A name the registry learnt from earlier articles (or from this one) is that entity wherever an
article writes it again, even where the model did not tag it: a model misses a name in one sentence
and tags it in the next, or runs it into the words around it ("European" tagged alone in "European
Parliament President Martin Schulz"). News repeats the names of the day, so the window's names find
what the model missed.

* A name of two words or more ("European Parliament", "Ban Ki-moon", "Left party") is found
  wherever it is written, its first word and its last capitalised (or the last a generic word of
  organisation names, "party", "foundation"); mentions of other entities strictly inside it are
  taken out of them ("European" of "European Parliament").
* A one-word name is riskier (a common word in capitals opens every sentence): only an
  organisation's name ("Twitter"), not an acronym, not a generic or institution word, written with
  its capital inside a sentence, and never in lower case in the article ("twitter" would make it a
  common word there).

Only a name the window gives exactly one id is used, and never over a mention it overlaps
otherwise. Longest names first, left to right.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from streams.entities.forms import FUNCTION_WORDS, GENERIC_WORDS, MENTION_FIELDS, is_acronym, name_key, word_key
from streams.entities.ids import KB, REGISTRY
from streams.entities.institutions import INSTITUTION_WORDS
from streams.entities.merge import mention_order
from streams.entities.registry_store import Lookup
from streams.entities.spans import fold
from streams.records import Entity, Mention

# Names longer than this many words are rare; they bound the lookups per capitalised word.
MAX_WORDS = 8
_TOKEN = re.compile(r"[^\W\d_][\w'’.&-]*[\w&]|[^\W\d_]")
_ONE_WORD = re.compile(r"[^\W\d_][\w'’.&-]*")
# What a word of a name does not start or end with: punctuation around it ("Parliament," "(Edward)").
_NOT_NAME_EDGE = "\"'’‘“”«»()[]{},.;:!?*•|/\\–—-"
# A capitalised word and the words after it that a name may span: only these are read (a Python
# tuple for every word of the text cost 0.7 ms an article). The range past Latin-1 holds small
# letters too: a word opening a name is checked with str.isupper.
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
_INNER_WORDS = "|".join(sorted((w for w in FUNCTION_WORDS | GENERIC_WORDS if w.isalpha()), key=len, reverse=True))
_CAPITALISED_RUN = re.compile(
    rf"(?<![\w'’&-])[{_UPPER}]\S*(?: (?:[{_UPPER}]\S*|(?:{_INNER_WORDS})(?![\w'’-])))*"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”«»(\n•|–—-])\s*$")
KB_PLACES = ("iso:", "gn:")  # knowledge-base place ids (teams and names by slug are not places)
_LABELS = {"per": "PER", "org": "ORG", "loc": "LOC", "misc": "MISC", "iso": "LOC", "gn": "LOC", "team": "ORG"}


@dataclass(frozen=True, slots=True)
class Found:
    """A known name written in one field: where, and the id the window gives it."""

    field: str
    start: int
    end: int
    entity_id: str
    name: str


def find_known_names(
    entities: Sequence[Entity], fields: Mapping[str, str], full_names: Lookup, one_words: Lookup, places: Lookup
) -> list[Found]:
    """The known names of an article (module doc): ``full_names`` looks a name of several words up
    by its :func:`~streams.entities.forms.name_key`, ``one_words`` a one-word name, ``places`` a
    knowledge-base place's one-word name (:func:`place_words`)."""
    found: list[Found] = []
    for field in MENTION_FIELDS:
        text = fields.get(field, "")
        if not text:
            continue
        spans = [(m.start, m.end) for e in entities for m in e.mentions if m.field == field]
        covered = _covered(spans)
        starts = sorted(covered)
        tokens = _Tokens(text)
        i = 0
        while i < len(tokens.offsets):
            hit = None
            start = tokens.offsets[i][0]
            if text[start].isupper():
                # Inside a mention only a name that opens it and goes past it may be found ("European"
                # of "European Parliament"): the model's words cost no lookup.
                cover = covered.get(start, -1) if start in covered or not _inside(starts, covered, start) else None
                if cover is not None:
                    hit = _name_at(tokens, i, full_names, past=cover)
                    if hit is None and cover < 0:
                        hit = _one_word_at(tokens, i, one_words, places)
            if hit is None:
                i += 1
                continue
            (start, end), (entity_id, name), width = hit
            if _fits(spans, start, end):
                found.append(Found(field, start, end, entity_id, name))
            i += width
    return found


class _Tokens:
    """The words of a field and their name keys, computed when first needed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)  # one character for one: the words' keys are slices of it
        self.offsets: list[tuple[int, int]] = []
        for run in _CAPITALISED_RUN.finditer(text):
            at = run.start()
            for part in run.group().split(" "):
                word = part.strip(_NOT_NAME_EDGE)
                if _ONE_WORD.fullmatch(word):
                    start = at + part.index(word)
                    self.offsets.append(_without_possessive(text, start, start + len(word)))
                elif word:  # words OCR or a table glued together: "(Urban).Lyon,", "Nancy,14"
                    self.offsets.extend(
                        _without_possessive(text, m.start(), m.end())
                        for m in _TOKEN.finditer(text, at, at + len(part))
                    )
                at += len(part) + 1
        self._keys: dict[int, str] = {}

    def key(self, i: int) -> str:
        found = self._keys.get(i)
        if found is None:
            start, end = self.offsets[i]
            found = self._keys[i] = word_key(self.folded[start:end])
        return found

    def alone(self, i: int) -> bool:
        """Whether word ``i`` has no capitalised word right before or after it (not "Paris" of
        "Paris Hilton" nor of "Hotel Paris")."""
        before = i > 0 and self.joined(i - 1) and self._capitalised(i - 1)
        return not before and not (self.joined(i) and self._capitalised(i + 1))

    def _capitalised(self, i: int) -> bool:
        return self.text[self.offsets[i][0]].isupper()

    def joined(self, i: int) -> bool:
        """Whether word ``i`` and the next may be words of one name: one space apart, the next
        capitalised, a function word or a generic word of organisation names ("Left party")."""
        if i + 1 >= len(self.offsets):
            return False
        (_start, end), (next_start, next_end) = self.offsets[i], self.offsets[i + 1]
        if next_start - end != 1 or self.text[end] != " ":
            return False
        word = self.text[next_start:next_end]
        return word[0].isupper() or word in FUNCTION_WORDS or word in GENERIC_WORDS


def add_known_names(entities: list[Entity], found: Sequence[Found]) -> list[Entity]:
    """The article's entities with a mention for each known name, the mentions strictly inside it
    taken out of their entities (an entity left with none is dropped)."""
    if not found:
        return entities
    for f in found:
        for entity in entities:
            entity.mentions = [
                m for m in entity.mentions if not (m.field == f.field and f.start <= m.start and m.end <= f.end)
            ]
    out = [e for e in entities if e.mentions]
    by_id = {e.id: e for e in out}
    for f in found:
        mention = Mention(f.field, f.start, f.end)  # type: ignore[arg-type]
        owner = by_id.get(f.entity_id)
        if owner is None:
            label = _LABELS.get(f.entity_id.split(":", 1)[0], "MISC")
            # A knowledge-base place's id is final, as the tagger's are; other ids came by the window.
            place = f.entity_id.startswith(KB_PLACES)
            owner = Entity(f.entity_id, f.name, label, [], linked=place, linked_by=KB if place else REGISTRY)
            by_id[f.entity_id] = owner
            out.append(owner)
        owner.mentions.append(mention)
        owner.mentions.sort(key=mention_order)
    return out


def _name_at(
    tokens: _Tokens, i: int, lookup: Lookup, past: int = -1
) -> tuple[tuple[int, int], tuple[str, str], int] | None:
    """The longest known name of two words or more starting at word ``i`` and ending after ``past``."""
    last = i
    while last - i + 1 < MAX_WORDS and tokens.joined(last):
        last += 1
    text = tokens.text
    for j in range(last, i, -1):
        if tokens.offsets[j][1] <= past:
            break
        end_key = tokens.key(j)
        if end_key in FUNCTION_WORDS or not (text[tokens.offsets[j][0]].isupper() or end_key in GENERIC_WORDS):
            continue
        found = lookup(" ".join(tokens.key(k) for k in range(i, j + 1)))
        if len(found) == 1:
            return (tokens.offsets[i][0], tokens.offsets[j][1]), found[0], j - i + 1
    return None


def _one_word_at(
    tokens: _Tokens, i: int, lookup: Lookup, places: Lookup
) -> tuple[tuple[int, int], tuple[str, str], int] | None:
    """A known organisation's or place's one-word name at word ``i`` (module doc)."""
    start, end = tokens.offsets[i]
    key = tokens.key(i)
    if end - start < 4 or key in GENERIC_WORDS or key in INSTITUTION_WORDS:
        return None
    text = tokens.text
    opens = _SENTENCE_START.search(text[max(0, start - 3) : start]) is not None
    dateline = opens and text[end : end + 1] == ","  # "LYON, 13 avril", "Paris, March 3": a place
    if opens and not dateline:
        return None
    found = [] if opens else [c for c in lookup(key) if c[0].startswith("org:") and name_key(c[1]) == key]
    place = not found and tokens.alone(i)
    if place:
        found = places(key)
    word = text[start:end]
    if len(found) != 1 or (is_acronym(word) and not place) or in_lower_case(text, word):  # "PARIS" is Paris
        return None
    return (start, end), found[0], 1


def place_words(entity: Entity, fields: Mapping[str, str]) -> set[str]:
    """The keys of a knowledge-base place's one-word mentions, as the article writes them (a
    GeoNames place's display name is English; a French article writes "Varsovie")."""
    if entity.label != "LOC" or not entity.id.startswith(KB_PLACES):
        return set()
    surfaces = (fields.get(m.field, "")[m.start : m.end] for m in entity.mentions)
    return {name_key(s) for s in surfaces if s.replace("-", "").isalpha() and len(s) >= 4 and s[0].isupper()}


def in_lower_case(text: str, word: str) -> bool:
    """Whether the article also writes ``word`` in lower case, as a word of its own."""
    needle = word.lower()
    at = text.find(needle)
    while at >= 0:
        end = at + len(needle)
        if (at == 0 or not _word_char(text[at - 1])) and (end == len(text) or not _word_char(text[end])):
            return True
        at = text.find(needle, at + 1)
    return False


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "-_"


def _without_possessive(text: str, start: int, end: int) -> tuple[int, int]:
    """A token's offsets without a possessive "'s" ("Twitter's" -> "Twitter")."""
    if end - start > 2 and text[end - 1] == "s" and text[end - 2] in "'’":
        return start, end - 2
    return start, end


def _covered(spans: Sequence[tuple[int, int]]) -> dict[int, int]:
    """The stretches of text mentions cover, merged: start -> end."""
    merged: dict[int, int] = {}
    start, end = -1, -1
    for s, e in sorted(spans):
        if s >= end:
            if start >= 0:
                merged[start] = end
            start, end = s, e
        else:
            end = max(end, e)
    if start >= 0:
        merged[start] = end
    return merged


def _inside(starts: Sequence[int], covered: Mapping[int, int], at: int) -> bool:
    """Whether ``at`` lies inside a covered stretch (``starts``: the stretches' starts, sorted)."""
    k = bisect.bisect_left(starts, at) - 1
    return k >= 0 and at < covered[starts[k]]


def _fits(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a found name overlaps no mention, or only mentions strictly inside it."""
    return all(e <= start or end <= s or (start <= s and e <= end and (s, e) != (start, end)) for s, e in spans)

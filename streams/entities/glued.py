"""A word OCR glued to the end of a name in the digitised French press.

OCR of old prints loses the space after a name now and then: "au Japondes filets", "la Pologneen
aurait deux", "Rouenet son Palais", "Lettre de LuxembourgEffrayé". The model tags the glued word
whole, and the name becomes an entity of its own ("Japondes") or another label's ("Rouenet", a
person). :func:`without_glued_tail` gives the name back: the span ends where the glued word's head
is a name the knowledge base knows, the rest a French function word ("des", "en", "et") or a
capitalised word run on after a small letter ("LuxembourgEffrayé"). The span opens with a capital,
and the glued word itself must be unknown: "Rouen" ends in "en", and stays whole.

The space before a name goes as often ("à l'avant-port deLiverpool", "en pleineLaponie"), and the
model then misses the name altogether. :func:`glued_places` finds a place the knowledge base knows
as a large one (not a small place's name, as often a common word or a person's) written with a
capital right after a word in small letters, outside the model's spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from streams.entities.gazetteer import GazEntry
from streams.entities.merge import Candidate

# Words that follow a name in French and that OCR glues to it; longest first, so that "des" is
# tried before "de" would leave an "s" behind. Not the words that end names as often ("Delisle",
# "Rousseau", "Baltique", "Budapest"): "le", "la", "les", "au", "aux", "que", "qui", "est".
_GLUED_WORDS = ("dans", "pour", "des", "sur", "par", "et", "ou", "en", "de", "du", "à")
# A demonym ends so ("Chilien", "Européen"): no place with "en" glued to it.
_DEMONYM_ENDINGS = ("ien", "éen")
# A word in small letters, then a capitalised word (with its hyphenated parts: "Châlon-sur-Saône")
# glued to it, or to a comma in a table ("Saint-Mathieu, fr.,Havre"); not a capital inside a name
# ("McDonald": the word before opens with a capital). A
# word of one letter is "à" only (an OCR slip reads "10me" as "lOme"); a name of three letters is as
# often a word's piece. Not before another capitalised word: the first word of a longer name ("de
# George Sand", "la station de Victor Hespel").
_GLUED_NAME = re.compile(
    r"(?:(?<![\w'’-])(?:à|[a-zà-ÿ]{2,})|(?<=[a-z.],))"
    r"(?P<name>[A-ZÀ-ÖØ-Þ][a-zà-ÿ]{3,}(?:-[A-Za-zÀ-ÿ]+)*)(?![\w'’])(?! [A-ZÀ-ÖØ-Þ])"
)
# Labels whose names are written with a capital inside a word (brands, works), not glued by OCR.
_CAMEL_CASE_LABELS = frozenset({"ORG", "MISC"})
# A head shorter than this is too often part of a longer word to be a name of its own.
_MIN_HEAD = 4


def without_glued_tail(
    text: str, start: int, end: int, known: Callable[[str], GazEntry | None], label: str = ""
) -> tuple[int, GazEntry] | None:
    """The end of span ``text[start:end]`` without a word glued to its last word (module doc), and
    the knowledge base's entry of what is left; None when nothing is glued. A span the model
    labelled ``label`` ORG or MISC keeps a capital inside its last word: businesses and works write
    their names so ("HeidelbergCement", "MediaWorks")."""
    word_start = max(text.rfind(" ", start, end) + 1, start)
    word = text[word_start:end]
    if len(word) <= _MIN_HEAD or not text[start].isupper():
        return None
    for cut in _glued_cuts(word, camel_case=label not in _CAMEL_CASE_LABELS):
        if cut < _MIN_HEAD:
            continue
        entry = known(text[start : word_start + cut])
        if entry is not None:
            if known(text[start:end]) is not None:
                return None
            return word_start + cut, entry
    return None


def _glued_cuts(word: str, camel_case: bool = True) -> list[int]:
    """Where in ``word`` another word may have been glued: before a function word ending it, and
    (``camel_case``) at a capital right after a small letter."""
    cuts = [len(word) - len(tail) for tail in _GLUED_WORDS if word.endswith(tail) and len(word) > len(tail)]
    if word.endswith(_DEMONYM_ENDINGS):
        cuts = [cut for cut in cuts if word[cut:] != "en"]
    if camel_case:
        cuts.extend(i for i in range(1, len(word)) if word[i].isupper() and word[i - 1].islower())
    return cuts


def glued_places(
    text: str, field: str, cands: list[Candidate], large_place: Callable[[str], GazEntry | None]
) -> list[Candidate]:
    """LOC candidates for the large places glued to the word before them (module doc), outside
    the candidates ``cands``."""
    found: list[Candidate] = []
    for m in _GLUED_NAME.finditer(text):
        start, end = m.span("name")
        if any(c.start < end and start < c.end for c in cands):
            continue
        entry = large_place(m.group("name"))
        if entry is not None and entry.label == "LOC":
            found.append(Candidate(field, start, end, m.group("name"), "LOC", entry))
    return found

"""A word OCR glued to the end of a name in the digitised French press.

OCR of old prints loses the space after a name now and then: "au Japondes filets", "la Pologneen
aurait deux", "Rouenet son Palais", "Lettre de LuxembourgEffrayé". The model tags the glued word
whole, and the name becomes an entity of its own ("Japondes") or another label's ("Rouenet", a
person). :func:`without_glued_tail` gives the name back: the span ends where the glued word's head
is a name the knowledge base knows, the rest a French function word ("des", "en", "et") or a
capitalised word run on after a small letter ("LuxembourgEffrayé"). The span opens with a capital,
and the glued word itself must be unknown: "Rouen" ends in "en", and stays whole.
"""

from __future__ import annotations

from collections.abc import Callable

from streams.entities.gazetteer import GazEntry

# Words that follow a name in French and that OCR glues to it; longest first, so that "des" is
# tried before "de" would leave an "s" behind. Not the words that end names as often ("Delisle",
# "Rousseau", "Baltique", "Budapest"): "le", "la", "les", "au", "aux", "que", "qui", "est".
_GLUED_WORDS = ("dans", "pour", "des", "sur", "par", "et", "ou", "en", "de", "du", "à")
# A demonym ends so ("Chilien", "Européen"): no place with "en" glued to it.
_DEMONYM_ENDINGS = ("ien", "éen")
# A head shorter than this is too often part of a longer word to be a name of its own.
_MIN_HEAD = 4


def without_glued_tail(
    text: str, start: int, end: int, known: Callable[[str], GazEntry | None]
) -> tuple[int, GazEntry] | None:
    """The end of span ``text[start:end]`` without a word glued to its last word (module doc), and
    the knowledge base's entry of what is left; None when nothing is glued."""
    word_start = max(text.rfind(" ", start, end) + 1, start)
    word = text[word_start:end]
    if len(word) <= _MIN_HEAD or not text[start].isupper():
        return None
    for cut in _glued_cuts(word):
        if cut < _MIN_HEAD:
            continue
        entry = known(text[start : word_start + cut])
        if entry is not None:
            if known(text[start:end]) is not None:
                return None
            return word_start + cut, entry
    return None


def _glued_cuts(word: str) -> list[int]:
    """Where in ``word`` another word may have been glued: before a function word ending it, and
    at a capital right after a small letter."""
    cuts = [len(word) - len(tail) for tail in _GLUED_WORDS if word.endswith(tail) and len(word) > len(tail)]
    if word.endswith(_DEMONYM_ENDINGS):
        cuts = [cut for cut in cuts if word[cut:] != "en"]
    cuts.extend(i for i in range(1, len(word)) if word[i].isupper() and word[i - 1].islower())
    return cuts

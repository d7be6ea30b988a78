"""Persons in runs of capitals, read by the French NER model from a title-case view of the text.

Headlines and newspaper headings set in capitals ("MACRON REÇOIT OLAF SCHOLZ") give the model no case
cue, and the French model, which learnt names from their capital initial, misses most persons there
(places in capitals it finds). :func:`model_view` rewrites each run of words in capitals in title case
("Macron Reçoit Olaf Scholz"), every character in its place; the model reads that view too, and
:func:`with_persons_in_capitals` takes from it the persons in capitals only: title case makes every
word look like a name, so the view's other spans are worse than the original's.

A lone word in capitals inside ordinary text is left as it is: mostly an acronym ("SNCF", "ONU").
"""

from __future__ import annotations

import re

from streams.entities.model import ModelSpan

_UP = "A-ZÀ-ÖØ-ÞŒŸ"  # upper-case letters of French text (Latin-1 range, Œ, Ÿ)
# A word in capitals: upper-case letters, maybe joined by an apostrophe, a hyphen or a period
# ("L'ONU", "SAINT-DENIS", "U.S.A."), or cut at a line break ("AFFAI¬ RES"), no lower-case letter.
_CAPS_WORD = rf"[{_UP}]+(?:(?:[-'’.]|¬\s*)[{_UP}]+)*"
# Words in capitals in a row, separated by spaces and punctuation (no lower-case word between them).
_CAPS_RUN = re.compile(rf"(?<!\w){_CAPS_WORD}(?:[\s.,;:!?«»\"“”()/&–—-]+{_CAPS_WORD})+(?!\w)")
_LETTERS = re.compile(rf"[{_UP}]+")
# A run is a heading when it has at least this many words of two letters or more ("À L'ÉLYSÉE" is
# one; "M. DUPONT" is a surname after a one-letter word).
MIN_RUN_WORDS = 2


def _lower(letters: str) -> str:
    """``letters`` in lower case, keeping their length (a letter whose lower case is longer stays)."""
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in letters)


def _title_word(m: re.Match[str]) -> str:
    """One run of capitals in title case; in lower case where it goes on a word cut at a line break."""
    word = m.group()
    if m.string[: m.start()].rstrip().endswith("¬"):
        return _lower(word)
    return word[0] + _lower(word[1:])


def _title_run(run: re.Match[str]) -> str:
    letters = run.group()
    if sum(len(w) >= 2 for w in _LETTERS.findall(letters)) < MIN_RUN_WORDS:
        return letters
    return _LETTERS.sub(_title_word, letters)


def model_view(text: str) -> str:
    """``text`` with every run of words in capitals in title case; same length as ``text``."""
    return _CAPS_RUN.sub(_title_run, text)


def with_persons_in_capitals(text: str, spans: list[ModelSpan], view_spans: list[ModelSpan]) -> list[ModelSpan]:
    """``spans`` (the model on ``text``) with the persons in capitals of ``view_spans`` (the model on
    :func:`model_view` of ``text``) in place of the spans they overlap."""
    persons = [s for s in view_spans if s.label == "PER" and text[s.start : s.end].isupper()]
    if not persons:
        return spans
    kept = [s for s in spans if not any(p.start < s.end and s.start < p.end for p in persons)]
    return sorted(kept + persons, key=lambda s: s.start)

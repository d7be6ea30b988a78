"""Persons in headings set in capitals, read by the French NER model from a title-case view.

Headlines and newspaper headings set in capitals ("MACRON REÇOIT OLAF SCHOLZ") give the model no case
cue, and the French model, which learnt names from their capital initial, misses most persons there
(places in capitals it finds). :func:`model_view` rewrites each run of three words or more in
capitals in title case ("Macron Reçoit Olaf Scholz"), every character in its place; the model reads
the lines holding one again in that view (:func:`capital_lines`), and
:func:`with_persons_in_capitals` takes from it the persons in capitals only: title case makes every
word look like a name, so the view's other spans are worse than the original's. Measured with
``python -m streams.evaluate.ner_eval --datasets wikineural_caps --ablate`` (the WikiNEuRal kept
slice in capitals): +3.8 F1 points there (PER recall 0.59 -> 0.84); -0.1 on NewsEye (one span),
nothing elsewhere. Taking every span of the view instead cost 0.7 points on NewsEye and gained 0.3
on the slice in capitals; lower-casing French function words in the view did worse still.

Shorter runs are left as they are: mostly acronyms ("SNCF", "BFM TV", "AP-HP")."""

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
_WORD = re.compile(_CAPS_WORD)
# A run is a heading when it has at least this many words of two letters or more: "MACRON REÇOIT OLAF
# SCHOLZ" is one, while acronyms side by side ("BFM TV", "ONG SOS") or hyphenated ("AP-HP") stay.
MIN_RUN_WORDS = 3


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
    if sum(len(w) >= 2 for w in _WORD.findall(letters)) < MIN_RUN_WORDS:
        return letters
    return _LETTERS.sub(_title_word, letters)


def model_view(text: str) -> str:
    """``text`` with every run of words in capitals in title case; same length as ``text``."""
    return _CAPS_RUN.sub(_title_run, text)


def capital_lines(text: str) -> list[tuple[int, str]]:
    """The lines of ``text`` holding a heading in capitals, each as (offset in ``text``, its
    :func:`model_view`): the model reads these lines again, not the whole text."""
    out: list[tuple[int, str]] = []
    end = -1
    for run in _CAPS_RUN.finditer(text):
        if run.start() < end or _title_run(run) == run.group():
            continue  # in a line already taken, or a run too short to be a heading
        start = text.rfind("\n", 0, run.start()) + 1
        end = text.find("\n", run.end())
        end = len(text) if end < 0 else end
        out.append((start, model_view(text[start:end])))
    return out


def with_persons_in_capitals(text: str, spans: list[ModelSpan], view_spans: list[ModelSpan]) -> list[ModelSpan]:
    """``spans`` (the model on ``text``) with the persons in capitals of ``view_spans`` (the model on
    :func:`model_view` of ``text``) in place of the spans they overlap."""
    persons = [s for s in view_spans if s.label == "PER" and text[s.start : s.end].isupper()]
    if not persons:
        return spans
    kept = [s for s in spans if not any(p.start < s.end and s.start < p.end for p in persons)]
    return sorted(kept + persons, key=lambda s: s.start)

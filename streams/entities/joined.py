"""Names the model cuts at a preposition inside them, joined again.

An English model trained on news tags long institutional names in pieces around the preposition
inside them: "Basel Committee" and "Banking Supervision" for "Basel Committee on Banking
Supervision", "Institute" and "Study of War" for "Institute for the Study of War", "Strait" and
"Sicily" for "Strait of Sicily". Neither piece is the name, so neither is found under its key, and the
organisation's later short forms have no full form to take an id from.

:func:`join_cut_names` joins two spans the model gave with only such a preposition between them
when the first ends with the head noun of an institution ("for" and "on": "Committee on",
"Centre for") or of a realm or a body of water ("of": "Kingdom of", "Strait of"), and the second
is no person ("the Socialist Party of Macron"). "in" and "to" are left: "Goethe Institute in
Riga", "Palestinian Authority to the Gaza Strip" are two names as often as one. A place after "for"
or "on" is where the body meets or what it looks at ("World Economic Forum on Asia"), not its name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from streams.entities.model import ModelSpan
from streams.entities.spans import words

# Head nouns of institutions whose full names go on with "for" or "on" and what they deal with.
_INSTITUTION_HEADS = words(
    """
    Office Committee Commission Council Institute Institution Center Centre Movement Panel Coalition
    Tribunal Court Federation Association Chamber Ministry Department Agency Organization Organisation
    Union League Party Foundation Society Fund Board Authority Bureau Secretariat Directorate Forum
    Network Alliance Front Campaign Initiative Programme Program Observatory Academy School College
    University Conference Convention Group Service Mission Trust
    """
)
# Head nouns of realms, dynasties and waters, whose names go on with "of" and a place or a house.
_REALM_HEADS = words(
    """
    Kingdom Emirate Republic Principality Duchy Sultanate Caliphate Empire House Strait Straits Gulf
    Bay Sea Isle Cape
    """
)
_PREPOSITION = re.compile(r" (for|on|of)(?: the)? ")


def join_cut_names(text: str, spans: Sequence[ModelSpan]) -> list[ModelSpan]:
    """``spans`` (in text order) with each pair a preposition cut out of one name joined (module
    doc)."""
    out: list[ModelSpan] = []
    for span in spans:
        label = _joined_label(text, out[-1], span) if out else None
        if label is not None:
            out[-1] = ModelSpan(out[-1].start, span.end, label)
        else:
            out.append(span)
    return out


def _joined_label(text: str, first: ModelSpan, second: ModelSpan) -> str | None:
    """The label of the name ``first`` opens and ``second`` ends across the preposition between
    them (an institution's is an organisation's, a realm's the first span's); None: two names."""
    if first.label == "PER" or second.label == "PER" or second.start <= first.end:
        return None
    gap = _PREPOSITION.fullmatch(text, first.end, second.start)
    if gap is None or not text[second.start : second.start + 1].isupper():
        return None
    head = text[first.start : first.end].rsplit(None, 1)[-1]
    if gap.group(1) == "of":
        return first.label if head in _REALM_HEADS else None
    return "ORG" if head in _INSTITUTION_HEADS and second.label != "LOC" else None

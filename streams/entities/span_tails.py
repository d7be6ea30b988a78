"""What a model runs past the end of a name, and where the span of the name ends.

Spans of the model (and of OCR text especially) run on into the words after a name: a clause after
a spaced dash, a function word, a pronoun elided before the verb, a parenthesis or a figure of a
table, a dateline opening the next paragraph. :func:`without_run_on_tail` gives the end of the name;
:func:`repeated_halves` splits one name written twice around a hyphen; :func:`line_parts` splits a
span the model ran across a line break.
"""

from __future__ import annotations

import re
from collections.abc import Callable


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


# What a model runs past the end of a name: a spaced dash before a clause ("Shiv Sena - which rules",
# "Alexandria - to call"), never a name's own words; and function words a name never ends with
# ("Bermuda Triangle of the solar system", "CDU and SPD", "Académie de médecine de Paris": the model
# stopped before the word they lead to). A hyphen between spaces also joins the words of a compound
# in tokenised text ("La Chaux - de - Fonds", "Ligue anti - alcoolique"): before a lower-case word
# it opens a clause only when that word is one that opens clauses and no hyphen follows it.
_CLAUSE_WORDS = _words(
    """
    which who whom whose where when while as in to a an the at of for from on and but or is are was
    were has have had that this these those its their his her one both among including
    qui que dont où est sont a ont dans pour par sur avec mais ou et
    """
)
_DASH_CLAUSE = re.compile(r"\s(?:[–—]\s+(?=[a-zà-ÿ])|-\s+(?=([a-zà-ÿ]+)(?![a-zà-ÿ])(?!\s*-)))")
_TRAILING_FUNCTION_WORDS = _words("of the and or in for to at de du des la le les et à")
# A figure after a name and a comma in a span is a table's or a price list's ("New-York,486,75"),
# never a name's; "1,000" is a number.
_COMMA_FIGURE = re.compile(r"(?<=[^\W\d_]),\s?\d")
# What follows a dateline: a comma and the day ("PARIS, 15 (Havas)").
_DATELINE_AFTER = re.compile(r",\s?\d")
# A French pronoun or negation elided before the verb after a name ("le Conseil fédéral l'avait",
# "Olano s'est", "Bolivar n'a"): never a name's last word when a small letter follows the apostrophe
# (a capital opens a name's particle: "Giscard d'Estaing"). Not "d'", a name's own preposition as
# often ("Caisse d'épargne"), nor "l'" after one ("Ministère de l'intérieur").
_ELIDED_TAIL = _words("l s n j m t c qu")
# A conjunction elided before its apostrophe that OCR glued to a name ("Tonkinjusqu'à",
# "Chambréqu'après") ends no name: no French name ends in "qu'".
_GLUED_CONJUNCTION = re.compile(r"(?<=[^\W\d_])(?:jusqu|lorsqu|puisqu|quoiqu|qu)$")


def _elided_before_verb(text: str, cut: int, end: int) -> bool:
    """Whether the span's last word (after the space at ``cut``) is a pronoun elided before a verb."""
    if text[cut + 1 : end] not in _ELIDED_TAIL or text[end : end + 1] not in ("'", "’"):
        return False
    before = text.rfind(" ", 0, cut) + 1
    return text[end + 1 : end + 2].islower() and text[before:cut] not in _TRAILING_FUNCTION_WORDS


def _without_unbalanced_parts(text: str, start: int, end: int) -> int:
    """The end of a span before what only runs on past the name: a parenthesis the span opens and
    does not close, or closes and did not open ("Rouen(Seine-Inférieure", "Chargeurs Réunis),allant
    du Havre"), a figure after a comma ("New-York,486,75"), and a dateline in capitals opening the
    next paragraph ("Kellogg PARIS, 15 (Havas)")."""
    opening = text.find("(", start, end)
    if opening > start and text.find(")", opening, end) < 0:
        end = opening
    closing = text.find(")", start, end)
    if closing > start and text.rfind("(", start, closing) < 0:
        end = closing
    figure = _COMMA_FIGURE.search(text, start, end)
    if figure is not None and figure.start() > start:
        end = figure.start()
    dateline = text.rfind(" ", start, end) + 1
    last = text[dateline:end]
    if dateline > start and _DATELINE_AFTER.match(text, end) and last.isupper() and last.isalpha() and len(last) > 2:
        before = text[start : dateline - 1]
        if not before.isupper():
            end = dateline - 1
    return end


def without_run_on_tail(text: str, start: int, end: int) -> int:
    """The end of a span without what runs on past the name (module doc); the end itself when the
    span is nothing else."""
    end = _without_unbalanced_parts(text, start, end)
    if text[end : end + 1] in ("'", "’"):
        glued = _GLUED_CONJUNCTION.search(text, start, end)
        if glued is not None and text[max(start, text.rfind(" ", start, end) + 1) : end][:1].isupper():
            end = glued.start()
    for dash in _DASH_CLAUSE.finditer(text, start, end):
        if dash.start() > start and (dash.group(1) is None or dash.group(1) in _CLAUSE_WORDS):
            end = dash.start()
            break
    while True:
        cut = text.rfind(" ", start, end)
        if cut <= start or not (text[cut + 1 : end] in _TRAILING_FUNCTION_WORDS or _elided_before_verb(text, cut, end)):
            return end
        if text[cut - 1] in "'’":
            return end  # the word an elision leads to is its noun ("Ballon d’ or"), never a run-on word
        end = cut


# Names made of one short word twice are names of their own ("Baden-Baden", "Bora-Bora", "Tam-Tam").
_MIN_REPEATED = 6


def repeated_halves(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span of one name twice around a hyphen (a stage's route in a results table: "Alcudia-Alcudia",
    "Palma de Majorque-Palma de Majorque") as its two names; any other span as itself."""
    surface = text[start:end]
    half = (len(surface) - 1) // 2
    if (
        len(surface) % 2 == 1
        and half >= _MIN_REPEATED
        and surface[half] == "-"
        and surface[:half] == surface[half + 1 :]
    ):
        return [(start, start + half), (start + half + 1, end)]
    return [(start, end)]


def line_parts(text: str, start: int, end: int, known: Callable[[str], bool]) -> list[tuple[int, int]]:
    """A span the model ran from a heading into the text: cut at the end of the text's first line
    when that line is a heading (no sentence's end closes it: "Airbus" / "EU", "CERN" / "Physicist").
    The heading's part is kept, the text's part only when ``known`` (the knowledge base) knows it:
    the first word of a sentence, capitalised, is as often no name ("Physicist", "Thousands").
    Other line breaks are left alone: tables and OCR break a name over two lines ("Ken" / "Green")."""
    cut = text.find("\n", start, end)
    if cut < 0 or text.find("\n", 0, start) >= 0 or text[:cut].rstrip()[-1:] in _SENTENCE_ENDS:
        return [(start, end)]
    parts = []
    head = text[start:cut].rstrip()
    if head:
        parts.append((start, start + len(head)))
    rest = text[cut:end].strip()
    if rest and "\n" not in rest and known(rest):
        lead = text.index(rest, cut, end)
        parts.append((lead, lead + len(rest)))
    return parts


_SENTENCE_ENDS = frozenset(".!?:;")

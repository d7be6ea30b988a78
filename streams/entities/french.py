"""French naming conventions applied to the candidates of one field, after span clean-up.

The French press, and the Wikipedia-derived corpora French NER models learn from, name some entities
with a pattern the statistical model splits or cuts short:

* sports clubs as nickname + home town: "les Canadiens de Montréal", "les Red Wings de Détroit". The
  club is one ORG; the model tends to return the nickname (often as LOC) and the town as two spans.
* titles of works in quotes: « Rencontres du troisième type ». The model often stops short
  ("Rencontres du troisième"), or reads a quoted title as a person or place (« Batman »).
* event editions: "Jeux olympiques d'hiver de 1968" includes its year.
* a capitalised article inside a sentence belongs to the name ("à La Rochelle", « L'Idiot »).
* Latin binomials (species) are not entities.

Each rule was measured on WikiNEuRal fr validation (entity F1 points lost when the rule alone is
removed: clubs 1.8, quoted titles 0.8, articles 0.2, editions 0.04, binomials 0.04; quoted titles also
give NewsEye 0.1) and kept only when it also reads right on news text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from streams.entities.merge import Candidate
from streams.entities.spans import looks_like_title, position_in_sentence, quoted_title_at, words

_UP = "A-ZÀ-ÖØ-ÞŒ"  # upper-case initials (Latin-1 range and Œ)
_PREP = r"(?:de\s+la\s+|de\s+l['’]\s*|de\s+|du\s+|d['’]\s*)"
# "les|des|aux" + one or two capitalised words + "de/du/d'" + a capitalised place. Only the lowercase
# plural determiner: a capitalised "Les" opens titles of works ("Les Demoiselles de Rochefort").
# The word boundary is checked after the determiner ("(?<![\w'’]...)": the character before its three
# letters) so that the pattern opens with literals and re skips to candidate positions in C: 0.077 ->
# 0.032 ms per article on the bench corpus, same matches.
_TEAM_RE = re.compile(
    rf"(?:les|des|aux)(?<![\w'’]...)\s+"
    rf"(?P<name>(?:[{_UP}][\w'’.-]*\s+)?[{_UP}][\w-]*)\s+{_PREP}"
    rf"(?P<place>[{_UP}][\w-]*(?:\s+[{_UP}][\w-]*){{0,2}})"
)
# Plural names that take "de/du + place" without being clubs: mountain ranges and other geographic
# plurals, sporting events, states of a federation, numbers ("les Trois Jours de La Panne").
_NOT_CLUBS = words(
    """
    alpes monts montagnes îles iles chutes gorges côtes landes pyrénées vosges collines terres basses-terres
    jeux championnats internationaux mondiaux états etats provinces territoires républiques
    deux trois quatre cinq six sept huit neuf dix
    """
)
# Plural demonyms and ethnonyms ("les Kurdes de Syrie", "les Français de l'étranger", "les Palestiniens
# de Gaza") are a people and a place, not a club. Recognised by their French endings; English plurals
# with like endings are club nicknames ("Indians", "Dolphins", "Penguins", "Bruins"). This also drops a
# few clubs named after a people ("les Canadiens de Montréal"): the safer error for news text.
_DEMONYM_RE = re.compile(
    r"(?:ais|aises|ois|oises|ains|aines|iens|iennes|éens|éennes|ites|(?<![hu])ins|(?<!i)ans|des|bes|ques)$"
)


# Where _TEAM_RE can match: a determiner then spaces and a capital, found from the determiner's rarer
# last letter, as (pattern, offset of the determiner from the match). re skips to a literal first
# character in a tight loop, while the alternation opening _TEAM_RE makes it test a set of characters
# at every position: 0.029 -> 0.012 ms per article on the bench corpus, same matches.
_TEAM_STARTS = (
    (re.compile(rf"s(?<=[ld]es)(?<![\w'’]...)\s+[{_UP}]"), -2),
    (re.compile(rf"x(?<=aux)(?<![\w'’]...)\s+[{_UP}]"), -2),
)


def _team_matches(text: str) -> list[re.Match[str]]:
    """The matches of ``_TEAM_RE.finditer(text)``: _TEAM_RE tried at the starts found by _TEAM_STARTS only."""
    starts = sorted(m.start() + offset for pattern, offset in _TEAM_STARTS for m in pattern.finditer(text))
    found: list[re.Match[str]] = []
    end = 0
    for start in starts:
        if start >= end and (m := _TEAM_RE.match(text, start)) is not None:
            found.append(m)
            end = m.end()
    return found


def join_clubs(text: str, cands: list[Candidate], field: str, is_place: Callable[[str], bool]) -> list[Candidate]:
    """Replace "nickname" + "de" + "town" candidates by one ORG span "Canadiens de Montréal".

    ``is_place`` tells whether a surface is a known place (a gazetteer name): such a "nickname" is a
    place itself ("les Philippines du Sud").
    """
    out = cands
    for m in _team_matches(text):
        name = m.group("name")
        first = name.split()[0].lower()
        if first in _NOT_CLUBS or _DEMONYM_RE.search(name.lower()) or is_place(name):
            continue
        start, end = m.start("name"), m.end("place")
        # The town ends where the candidate found there ends ("Tampa Bay", "La Nouvelle-Orléans").
        place_start = m.start("place")
        town_ends = [c.end for c in out if c.start == place_start]
        if town_ends:
            end = max(town_ends)
        inside = [c for c in out if c.start < end and start < c.end]
        if any(c.start < start or c.end > end for c in inside):
            continue  # a candidate crosses the club name: leave the model's reading
        out = [c for c in out if c not in inside]
        out.append(Candidate(field, start, end, text[start:end], "ORG"))
    return out


# A quoted segment: straight quotes pair up in order; « » and “ ” by their shape.
_QUOTED_RE = re.compile(r"\"\s*(?P<a>[^\"\n]+?)\s*\"|«\s*(?P<b>[^«»\n]+?)\s*»|“\s*(?P<c>[^“”\n]+?)\s*”")


def _after_quote(text: str, start: int) -> bool:
    """Whether ``text[start:]`` follows an opening quote of _QUOTED_RE and spaces (``\\s*``)."""
    i = start
    while i > 0 and text[i - 1].isspace():  # str.isspace and re's \s agree (Py_UNICODE_ISSPACE)
        i -= 1
    return i > 0 and text[i - 1] in '"«“'


def extend_quoted_titles(text: str, cands: list[Candidate], field: str) -> list[Candidate]:
    """Extend a candidate that opens a short quoted title over the whole title, as one MISC.

    « Rencontres du troisième type »: the model stops at "Rencontres du troisième". Only MISC candidates
    are extended: a person or place opening a quote more often opens quoted speech (« Macron a raison »).
    """
    out = cands
    # Only a quotation opened by a candidate can change anything: others are skipped before the title
    # test and the scans of ``out``, and the text is not scanned at all when no candidate follows an
    # opening quote (most fields). The set holds for every quotation: an earlier one only replaces
    # candidates inside itself.
    starts = {c.start for c in cands}
    if not any(_after_quote(text, s) for s in starts):
        return out
    for m in _QUOTED_RE.finditer(text):
        group = m.lastgroup  # the one of a, b, c that matched
        if group is None or m.start(group) not in starts:
            continue
        out = apply_quoted_title(text, out, field, *m.span(group))
    return out


def apply_quoted_title(text: str, out: list[Candidate], field: str, start: int, end: int) -> list[Candidate]:
    """The candidates after the quotation ``text[start:end]``: relabelled, or extended over it as a MISC."""
    if not looks_like_title(text[start:end]):
        return out
    inside = [c for c in out if start <= c.start and c.end <= end]
    opening = [c for c in inside if c.start == start]
    whole = [c for c in opening if c.end == end]
    if whole:
        # A name that is the whole quotation is used as a title: a film "Batman", a ship, a
        # nickname. A quoted single-word organisation stays one (a magazine, an acronym).
        cand = whole[0]
        if cand.label in ("PER", "LOC") or (cand.label == "ORG" and " " in cand.surface):
            cand.label = "MISC"
        return out
    if not opening or opening[0].label != "MISC":
        return out
    if any(c.start < end and start < c.end and c not in inside for c in out):
        return out
    return [*(c for c in out if c not in inside), Candidate(field, start, end, text[start:end], "MISC")]


_LOWER_WORD = r"[a-zàâçéèêëîïôûùüÿœ]+"
# After an event name: optional "de tennis", "d'hiver de ..." complements, then the edition's year.
_EDITION_RE = re.compile(rf"(?:\s+(?:de|du|d['’])\s*{_LOWER_WORD}){{0,2}}\s+(?:de\s+|d['’]\s*)?[12]\d{{3}}(?![\d-])")


def extend_editions(text: str, cands: list[Candidate]) -> None:
    """Extend MISC event names over the year of the edition: "Jeux olympiques d'hiver de 1968",
    "Série mondiale 2015", "US Open de tennis 2012" (in place)."""
    starts = {c.start for c in cands}
    for cand in cands:
        if cand.label != "MISC":
            continue
        m = _EDITION_RE.match(text, cand.end)
        if m is None or any(cand.end < s < m.end() for s in starts):
            continue
        cand.end = m.end()
        cand.surface = text[cand.start : cand.end]


_ARTICLE_BEFORE = re.compile(r"(?:^|(?<=[\s(«\"“„]))(?:La|Le|Les)\s+$|(?:^|(?<=[\s(«\"“„]))L['’]\s*$")


def attach_articles(text: str, cands: list[Candidate], known: Callable[[str], bool]) -> None:
    """Extend candidates over a capitalised article the model left out, inside a sentence ("à La
    Rochelle") or opening a quoted title (« L’Idiot »), in place; see :func:`spans.position_in_sentence`."""
    for cand in cands:
        # Every article opens with "L": without one in the 5 characters before, the search (1 us a
        # candidate, trying each position) cannot match.
        if text.find("L", max(0, cand.start - 5), cand.start) < 0:
            continue
        m = _ARTICLE_BEFORE.search(text, max(0, cand.start - 5), cand.start)
        if m is None:
            continue
        where = position_in_sentence(text, m.start())
        if where == "mid" or (where == "quote" and quoted_title_at(text, m.start()) and not known(cand.surface)):
            cand.start = m.start()
            cand.surface = text[cand.start : cand.end]


# A Latin binomial ("Aedes albopictus", "Xylella fastidiosa") names a species, not an entity: a capitalised
# genus then a lowercase epithet with a Latin ending. French adjectives after a name ("Olympique
# lyonnais", "Sueurs froides") do not take these endings.
_BINOMIAL = re.compile(
    r"^[A-Z][a-z]+\s[a-z]+(?:us|um|ae|ii|ensis|oides|ata|ella|ica|ina|osa|ana|alis|ia|ea|ium|ei|ra|la|ta|na)$"
)


def french_conventions(
    text: str, field: str, cands: list[Candidate], known: Callable[[str], bool], is_place: Callable[[str], bool]
) -> list[Candidate]:
    """All the French conventions above, in order, over the candidates of one field.

    ``known``: whether a surface is a gazetteer name; ``is_place``: whether it is a listed place.
    """
    cands = [c for c in cands if not _BINOMIAL.match(c.surface)]
    attach_articles(text, cands, known)
    out = join_clubs(text, cands, field, is_place)
    out = extend_quoted_titles(text, out, field)
    extend_editions(text, out)
    return out

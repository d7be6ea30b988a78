"""French names the statistical model misses, found by the words around them.

* A parliament's chamber named by its generic noun, "la Chambre" ("le président de la Chambre", "à
  la Chambre"): the French press names the lower house so, and the model, which learnt names, leaves
  the common noun out. It becomes an ORG mention of the word alone, so that the institutions' rule
  (:func:`streams.entities.institutions.qualify_institutions`) gives it the article's country, as it does
  "Congress". A chamber with a qualifier is another body ("Chambre des lords", "Chambre de
  commerce", "Chambre syndicale", "chambre criminelle") and stays out.
* A person named by a title and a surname with its particle, "le général de Gaulle", "le duc de
  Broglie": after a military or noble title the particle and the capitalised word are a surname (the
  mention holds a military title, as the French NER corpora draw it: "général de Gaulle"),
  unless the word is a known name ("le comte de Paris", "le duc d'Orléans": the place stays the
  model's business).
* A civility OCR glued to a name, "M.Millerand": a person, the civility in the mention as in the
  model's "M. Millerand".
* A person the model cut at the particle of the surname, "John" and "Passos" in "John dos Passos",
  "M. Drouyn" and "Lhuys" in "M. Drouyn de Lhuys": one person.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from streams.entities.merge import Candidate, replace_inside
from streams.entities.spans import is_junk, words

# "la Chambre" (OCR may glue the article to it: "laChambre", "dela Chambre", "Chambreet"), its word
# ending there: not "Chambres".
_CHAMBER_RE = re.compile(r"(?:(?<![\w-])(?:de)?[Ll]a\s*)(?P<name>Chambre)(?:(?![\w-])|(?=(?:et|ou)(?![\w-])))")
# "de"/"d'" before an infinitive opens what the chamber is asked or praised to do ("prier la Chambre
# de choisir", "féliciter la Chambre d'avoir"), not a complement of the noun ("Chambre de commerce").
_INFINITIVE_AFTER = re.compile(r"\s*(?:de\s+|d['’]\s*)[a-zéè]+(?:er|ir|oir)(?![\w-])")
# A qualifier after the noun makes it another body: a complement ("de commerce", "des lords") or an
# adjective naming a kind of chamber (a court's, a trade's).
_CHAMBER_QUALIFIERS = words(
    "de des du d syndicale syndicales criminelle civile correctionnelle haute ardente noire claire forte"
    " froide consultative regionale régionale patronale professionnelle"
)
_NEXT_WORD = re.compile(r"\s*(?P<word>[^\W\d_]+)")

# Military ranks, which the French NER corpora keep in a person's mention and the entity's name drops
# (merge.TITLES); noble titles, whose mention the corpora and the name give without the title when
# the title is lower case ("le comte de Metternich" is "de Metternich", as "M. de Metternich" is).
_MILITARY = "général|maréchal|amiral|colonel|capitaine|commandant|lieutenant"
_NOBLE = "comte|comtesse|duc|duchesse|marquis|marquise|baron|baronne|vicomte|prince|princesse"
_TITLED_SURNAME_RE = re.compile(
    rf"(?<![\w-])(?:(?P<military>{_MILITARY})|{_NOBLE})\s+(?P<name>(?:de|d['’])\s*(?P<word>[A-ZÀ-ÖØ-Þ][\w'’]*(?:-[A-ZÀ-ÖØ-Þ][\w'’]*)*))(?![\w-])",
    re.IGNORECASE,
)


def _overlaps(cands: list[Candidate], start: int, end: int) -> bool:
    return any(c.start < end and start < c.end for c in cands)


def _qualified(text: str, end: int) -> bool:
    """Whether the word after a chamber's noun qualifies it ("Chambre des lords", "Chambre syndicale")."""
    m = _NEXT_WORD.match(text, end, end + 40)
    if m is None or _INFINITIVE_AFTER.match(text, end):
        return False
    between = text[end : m.start("word")]
    return not any(ch in between for ch in ',;.:!?()«»"') and m.group("word").lower() in _CHAMBER_QUALIFIERS


def chamber_mentions(text: str, field: str, cands: list[Candidate]) -> list[Candidate]:
    """ORG candidates for "la Chambre" the model left out (see the module's docstring)."""
    out = list(cands)
    for m in _CHAMBER_RE.finditer(text):
        start, end = m.span("name")
        if _overlaps(out, start, end) or _qualified(text, end):
            continue
        out.append(Candidate(field, start, end, text[start:end], "ORG"))
    return out


def titled_surnames(text: str, field: str, cands: list[Candidate], known: Callable[[str], bool]) -> list[Candidate]:
    """PER candidates for a title + particle + surname the model left out ("le général de Gaulle")."""
    out = list(cands)
    for m in _TITLED_SURNAME_RE.finditer(text):
        if not m.group("word")[0].isupper():
            continue  # IGNORECASE lets the title take any case; the surname must be capitalised
        start, end = m.start() if m.group("military") else m.start("name"), m.end()
        if _overlaps(out, m.start(), end) or known(m.group("word")):
            continue
        out.append(Candidate(field, start, end, text[start:end], "PER"))
    return out


# Particles of family names between a given name and a surname ("John dos Passos", "Drouyn de Lhuys");
# "le"/"la" are left out: they are also articles before a nickname or another name.
_PARTICLES_BETWEEN = re.compile(r"[ \xa0]+(?:(?:de|du|des|dos|das|da|di|del|della|van|von|der|den|ter|zu)[ \xa0]+)+")


def join_particle_names(text: str, cands: list[Candidate]) -> list[Candidate]:
    """One PER candidate for two the model cut at a particle ("John" + "dos" + "Passos")."""
    ordered = sorted(cands, key=lambda c: c.start)
    out: list[Candidate] = []
    for cand in ordered:
        last = out[-1] if out else None
        if (
            last is not None
            and last.label == "PER"
            and cand.label == "PER"
            and last.field == cand.field
            and (m := _PARTICLES_BETWEEN.match(text, last.end)) is not None
            and m.end() == cand.start
        ):
            out[-1] = Candidate(last.field, last.start, cand.end, text[last.start : cand.end], "PER")
            continue
        out.append(cand)
    return out


# A civility OCR glued to a capitalised name ("M.Millerand", "Mme.Curie"), with a particle and a
# surname after it ("M.de Bismarck").
_GLUED_CIVILITY_RE = re.compile(
    r"(?<![\w.])(?:M|MM|Mme|Mmes|Mlle|Mlles)\.(?P<name>(?:(?:de|d['’])\s*)?[A-ZÀ-ÖØ-Þ][\w'’]+(?:-[A-ZÀ-ÖØ-Þ][\w'’]*)*)(?![\w-])"
)


# French words that open a sentence and are no name: after "M." glued to them, the dot ends a sentence.
_SENTENCE_OPENERS = words(
    "la le les l un une des ce cet cette ces il elle ils elles on nous vous je et mais or donc alors puis"
    " en au aux du de dans sur par pour si quand comme selon après avant mardi lundi mercredi jeudi"
    " vendredi samedi dimanche"
)


def glued_civilities(text: str, field: str, cands: list[Candidate]) -> list[Candidate]:
    """PER candidates for a civility glued to a name the model left out ("M.Millerand"), the
    civility in the span as the model's persons have it ("M. Millerand"); a model span inside it
    ("Millerand") is taken into it."""
    out = list(cands)
    for m in _GLUED_CIVILITY_RE.finditer(text):
        if is_junk(m.group("name"), "fr") or m.group("name").lower() in _SENTENCE_OPENERS:
            continue  # a sentence after an abbreviation's dot ("... M.Cette")
        start, end = m.span()
        out = replace_inside(out, Candidate(field, start, end, text[start:end], "PER"), ("PER",)) or out
    return out

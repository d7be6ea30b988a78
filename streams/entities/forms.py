"""Name forms of an entity for the registry: the full name, a person's surname, an acronym and its
expansion, an organisation's distinctive words ("Bayern" of "Bayern Munich").

Keys are folded and lower-cased (accents and case never split an entity); acronym keys are the
letters alone ("U.N." and "UN" -> ``un``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from streams.entities.ids import KB
from streams.entities.merge import PARTICLES, mention_order, person_name
from streams.entities.spans import norm_key, words
from streams.records import Entity, Mention

# Words an acronym skips and a short name never is ("Organisation des Nations unies" -> ONU).
FUNCTION_WORDS = words(
    """
    of the for and in on at to de du des la le les l d et pour en sur a au aux von der die und fur
    """
)
# Words of organisation names too generic to stand for one organisation on their own.
GENERIC_WORDS = words(
    """
    party group union council committee commission ministry department office agency court bank
    national international federal european united world general central state states new north
    south east west association organisation organization institute university foundation company
    corporation news press post times club team league federation front movement alliance army force
    forces police service services assembly parliament government republic democratic people peoples
    social liberal conservative christian socialist communist green greens labour free parti groupe
    conseil comite ministere agence cour banque nationale nationales internationale federale
    europeenne unie unies etat etats mouvement armee police assemblee gouvernement republique
    democratique populaire socialiste communiste societe compagnie journal fc sc sv ac chambre
    senat parlement congres tribunal syndicat ligue academie universite
    """
)
# Heads of the institutions named in someone's or something's honour ("Goethe Institute", "Nobel
# Prize", "Heinrich Böll Foundation"): the name alone is the person, not the institution.
EPONYM_HEADS = words("institute institut foundation stiftung fondation prize prix award museum musee society societe")
# Roles and forms of address before a surname that merge.HONORIFICS leaves ("Chancellor Merkel").
ROLE_TITLES = words(
    """
    chancellor chancelier chanceliere frau herr signor signora senor senora premier prime minister
    ministre secretary secretaire foreign interior defence defense finance vice deputy state
    ambassador ambassadeur coach entraineur striker goalkeeper midfielder defender captain chairman
    chairwoman ceo director directeur commissioner commissaire mayor maire prince princess princesse
    emir sultan ayatollah archbishop archeveque bishop eveque cardinal rabbi imam lady
    """
)
# Words that say what kind of place or polity a name is ("Atlantic Ocean", "Soviet Union"): news
# names it by its one other word as often ("the Atlantic", "Soviet"). Buildings and venues are left
# out: they are named after their city ("Cologne Cathedral", "Manchester Arena"), which is not them.
# A French region's kind ("canton de Vaud", "département du Nord", "principauté de Monaco") is one of
# them; a city's ("ville de Québec") and a county's ("comté", folded as the title "comte") are not.
TYPE_WORDS = words(
    """
    ocean sea river lake lakes mountains mountain island islands bay gulf strait straits desert valley
    canal peninsula channel coast basin union empire kingdom
    ocean mer fleuve riviere lac mont monts montagne montagnes ile iles golfe detroit desert vallee
    canal peninsule manche cote bassin union empire royaume canton departement province principaute duche
    """
)
# Legal forms after a company's name: the company is named with or without them.
LEGAL_FORMS = words("ag gmbh inc corp corporation co ltd plc sa sas se nv llc holding holdings")
MENTION_FIELDS: tuple[Literal["title", "text"], ...] = ("title", "text")
# Capitals, digits and "&" ("DW", "AT&T"), dotted capitals ("U.N."), or capitals with the small letter
# of a function word between two of them ("BoJ" for "Bank of Japan", "DoD").
_ACRONYM = re.compile(r"^(?:[A-Z](?:[A-Z0-9&]|[a-z](?=[A-Z])){1,7}|(?:[A-Z]\.){2,6})$")
_PARENS_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&.]{1,8})\s*\)")


@dataclass(frozen=True, slots=True)
class Forms:
    """The registry keys of one entity name."""

    full: str  # the whole name, folded ("angela merkel")
    words: int  # how many name tokens the name has (titles and particles left out for people)
    surname: str | None  # a person's last name token, for full names
    # The first name token when it may be the family name ("Ban Ki-moon", "Xi Jinping"): the
    # hyphenated or two-letter romanisations of East Asian names, which news shortens to the family name.
    family_first: str | None
    acronym: str | None  # the name itself when it is an acronym ("dw")
    initials: str | None  # the acronym a multiword name abbreviates to ("dw" for "Deutsche Welle")
    distinctive: tuple[str, ...]  # an organisation's words that may name it alone
    # The one word of a name made of it and words of its kind ("atlantic" of "Atlantic Ocean").
    thing: str | None = None


_ROMAN = re.compile(r"(?=[ivxl]{1,6}$)(?:x{0,3}|xl|l)(?:i{1,3}|iv|v|vi{1,3}|ix|)$|x{1,3}|xl|l")
_UMLAUT_SPELLING = re.compile(r"(?<=[a-z])([aou])e")
# An East Asian given name romanised with a hyphen ("Ki-moon", "Jae-in"), not a double-barrelled
# surname ("Hussain-Probst").
_ROMANISED = re.compile(r"\w-[a-z]")


def _is_regnal(key: str) -> bool:
    """Whether a name token is a regnal number ("xvi", "ii"); one letter is an initial as often."""
    return len(key) >= 2 and bool(_ROMAN.fullmatch(key))


# Names and their words recur across the articles of a window, and each is keyed by several rules of
# an article: cached, the registry hop keys an article's names once (bounded: a few MB).
@lru_cache(maxsize=32768)
def name_key(name: str) -> str:
    """Folded key of a name, umlauts spelt out or not alike ("Schäuble", "Schaeuble" -> "schauble")."""
    return _UMLAUT_SPELLING.sub(r"\1", norm_key(name))


def word_key(folded_word: str) -> str:
    """:func:`name_key` of one word already passed through :func:`~streams.entities.spans.fold`
    (no space in it: a text's words keyed without a regex over each)."""
    key = folded_word.lower().replace(".", "")
    return _UMLAUT_SPELLING.sub(r"\1", key) if "e" in key else key


# The word lists as name_key folds a name's words ("banque" -> "banqu", "république" -> "republiqu"):
# umlauts spelt out are "ue", which French words have too.
GENERIC_WORDS = GENERIC_WORDS | frozenset(name_key(w) for w in GENERIC_WORDS)
TYPE_WORDS = TYPE_WORDS | frozenset(name_key(w) for w in TYPE_WORDS)
# Type words of realms, which are the place named after them ("Kingdom of Spain", "canton de Vaud"),
# where a water or a landform ("Gulf of Mexico", "golfe de Gascogne") is not.
_REALM_WORDS = words("union empire kingdom royaume canton departement province principaute duche")


def is_acronym(name: str) -> bool:
    """Whether ``name`` is written as an acronym ("DW", "U.N.", "CDU")."""
    return bool(_ACRONYM.match(name.strip()))


def acronym_key(name: str) -> str:
    """"U.N." / "UN" -> "un"."""
    return norm_key(name).replace(" ", "")


def initials(tokens: list[str]) -> str | None:
    """The acronym of a multiword name, function words skipped: None for one word."""
    letters = [t[0] for t in tokens if t and t.lower() not in FUNCTION_WORDS and t[0].isalpha()]
    return norm_key("".join(letters)) if len(letters) >= 2 else None


@lru_cache(maxsize=16384)  # a name's forms are computed once while it recurs (Forms is frozen)
def forms(name: str, label: str) -> Forms:
    """The registry keys of an entity named ``name`` with ``label``."""
    toks = person_tokens(name) if label == "PER" else name_tokens(name)
    full = name_key(" ".join(toks))
    keys = [name_key(t) for t in toks]
    significant = [k for k in keys if k not in PARTICLES]
    # A regnal number is not a surname: "Benedict XVI" is "Benedict" alone, "Louis" alone stays
    # ambiguous between two known kings.
    named = significant[:-1] if len(significant) >= 2 and _is_regnal(significant[-1]) else significant
    surname = named[-1] if label == "PER" and len(significant) >= 2 else None
    family_first = (
        significant[0]
        if surname is not None and len(significant) <= 3 and (_ROMANISED.search(toks[-1]) or len(significant[0]) <= 2)
        else None
    )
    acronym = acronym_key(name) if len(toks) == 1 and is_acronym(toks[0]) else None
    # Initials guess an organisation's acronym; an event's or a work's are rarely used ("Vietnam War").
    init = initials(_acronym_tokens(name, toks)) if label == "ORG" and len(toks) >= 2 else None
    distinctive: tuple[str, ...] = ()
    if label == "ORG" and len(toks) >= 2 and not EPONYM_HEADS.intersection(keys):
        # Words after "of"/"de" qualify the name ("University of Dortmund"): they never stand for it.
        qualified = {i for i in range(1, len(keys)) if keys[i - 1] in FUNCTION_WORDS}
        distinctive = tuple(
            k for i, (t, k) in enumerate(zip(toks, keys, strict=True))
            if t[:1].isupper() and len(k) >= 3 and k not in GENERIC_WORDS and k not in FUNCTION_WORDS
            and not k.isdigit() and i not in qualified
        )
    # A person's particles are not names: "de Gaulle", "Le Pen", "al-Assad" are surnames alone. A
    # capitalised "Der" opening a name is the article of a title the model took for a person ("Der
    # Spiegel"): no surname has it.
    count = len(significant) + (toks[:1] == ["Der"]) if label == "PER" else len(toks)
    return Forms(full, count, surname, family_first, acronym, init, distinctive, _thing(label, toks, keys))


def _thing(label: str, toks: list[str], keys: list[str]) -> str | None:
    """The word of a name made of one capitalised word and words of its kind (:data:`TYPE_WORDS`,
    function words): "Atlantic Ocean" -> "atlantic", "mer Méditerranée" -> "mediterranee"."""
    if label == "PER" or len(toks) < 2:
        return None
    rest = [(t, k) for t, k in zip(toks, keys, strict=True) if k not in TYPE_WORDS and k not in FUNCTION_WORDS]
    if len(rest) != 1 or len(rest) == len(toks) - sum(k in FUNCTION_WORDS for k in keys):
        return None  # no type word, or several words of its own
    if any(k in FUNCTION_WORDS for k in keys) and not any(k in _REALM_WORDS for k in keys):
        return None  # a water or a landform named after a place is not the place ("Strait of Sicily")
    token, key = rest[0]
    if key in _COMPASS_POINTS:
        return None  # "the North" is a country's or a region's half, not the North Sea
    return key if token[:1].isupper() and len(key) >= 3 and not key.isdigit() else None


def name_tokens(name: str) -> list[str]:
    """The tokens of a name other than a person's, without a leading "the" or a trailing legal form:
    "The New York Times" is "New York Times", "Union Carbide Corporation" and "Deutsche Börse AG" are
    "Union Carbide" and "Deutsche Börse"."""
    toks = _word_tokens(name)
    if len(toks) > 1 and toks[0] in ("The", "the"):
        toks = toks[1:]
    while len(toks) > 1 and name_key(toks[-1]).replace(".", "") in LEGAL_FORMS:
        toks = toks[:-1]
    return toks


def _acronym_tokens(name: str, toks: list[str]) -> list[str]:
    """The tokens an organisation's acronym spells: its :func:`name_tokens` and a legal form written
    out in full after them, which acronyms keep ("Australian Broadcasting Corporation" is "ABC"); an
    abbreviated one ("AG", "Inc") is left out ("Deutsche Börse AG" is "DB")."""
    raw = _word_tokens(name)
    lead = 1 if len(raw) > len(toks) and raw[:1] != toks[:1] else 0  # a leading "the" dropped
    tail = raw[lead + len(toks) :]
    spelled = [t for t in tail[:1] if len(t) >= 5 and t.isalpha() and t[:1].isupper()]
    return toks + spelled


def _word_tokens(name: str) -> list[str]:
    return [t for t in name.replace("’", "'").split() if any(ch.isalnum() for ch in t)]


# The adjective of a compass point names the region the point alone names: "Western sanctions" and
# "the West" are the Western world, "Eastern" and "the East" the East.
_COMPASS_ADJECTIVES = {"western": "west", "eastern": "east", "northern": "north", "southern": "south"}
_COMPASS_POINTS = frozenset(_COMPASS_ADJECTIVES.values()) | words("nord sud est ouest")


def one_word_key(key: str) -> str:
    """The registry key of a one-word name: :func:`singular_key`, a compass adjective as its point."""
    single = singular_key(key)
    return _COMPASS_ADJECTIVES.get(single, single)


def singular_key(key: str) -> str:
    """A one-word name's key without a plural ending: "republicans" -> "republican"."""
    if len(key) >= 5 and key.endswith("s") and not key.endswith(("ss", "us", "is")):
        return key[:-1]
    return key


# Lower-case words that belong to a person's name before the surname ("de Gaulle", "dos Santos").
NAME_PARTICLES = PARTICLES | words("dos das do del della y bint zu ter ten den af e d'")


def person_tokens(name: str, run_in: bool = True) -> list[str]:
    """A person's name tokens without honorifics, roles ("Chancellor"), suffixes, and (``run_in``)
    lower-case words before the name that are not particles: a word the tagger ran into it ("hosting Assad")."""
    toks, _titled = person_name(name)
    while len(toks) > 1 and (
        name_key(toks[0]) in ROLE_TITLES
        or (run_in and toks[0][:1].islower() and name_key(toks[0]) not in NAME_PARTICLES)
    ):
        toks = toks[1:]
    return toks


def short_person_key(name: str) -> str | None:
    """The surname key of a one-name person mention ("Merkel", "M. Merkel", "al-Assad"), else None."""
    toks = person_tokens(name)
    keys = [name_key(t) for t in toks if name_key(t) not in PARTICLES]
    return keys[0] if len(keys) == 1 and len(keys[0]) >= 2 else None


def same_person(a: str, b: str) -> bool:
    """Whether two full names sharing a surname are one person written two ways: a middle name or
    particle more ("Hillary Rodham Clinton"), an initial ("G. Bush"), a typo ("Angla Merkel")."""
    ta = [k for k in (name_key(t) for t in person_tokens(a)) if k not in PARTICLES]
    tb = [k for k in (name_key(t) for t in person_tokens(b)) if k not in PARTICLES]
    if not ta or not tb or ta[-1] != tb[-1]:
        return False
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) < 2:
        return False
    rest = iter(long[:-1])  # short's first names in order among long's (middle names skipped)
    return all(any(_same_given_name(s, t) for t in rest) for s in short[:-1])


def _same_given_name(a: str, b: str) -> bool:
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    return len(a) >= 4 and len(b) >= 4 and _one_edit(a, b)


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one inserted, deleted or replaced character."""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] or a[i:] == b[i + 1 :] or a[i + 1 :] == b[i:]


def parenthesised_acronym(text: str, end: int) -> str | None:
    """The acronym in parentheses right after ``text[:end]`` ("Deutsche Welle (DW)"), else None."""
    span = parenthesised_acronym_span(text, end)
    return None if span is None else acronym_key(text[span[0] : span[1]])


def parenthesised_acronym_span(text: str, end: int) -> tuple[int, int] | None:
    """The offsets of the acronym in parentheses right after ``text[:end]``, else None."""
    m = _PARENS_AFTER.match(text, end)
    if m is None or not is_acronym(m.group(1)):
        return None
    return m.start(1), m.end(1)


def acronym_mentions(named: Sequence[tuple[Entity, Forms]], fields: Mapping[str, str]) -> int:
    """Add to each organisation of an article (with its :func:`forms`) the mentions of its acronym
    the tagger left out ("IS" after "Islamic State", "GM" beside "General Motors"): its initials or
    the acronym it is given in parentheses, written in capitals as a word of its own, outside any
    other mention and outside a line in capitals ("WHAT IS"). An acronym two of the article's
    organisations share is left alone. Returns the mentions added."""
    by_acronym: dict[str, list[Entity]] = {}
    for entity, f in named:
        if entity.label != "ORG" or f.words < 2:
            continue  # a one-word name given an acronym is rarely what the acronym stands for
        for acronym in {f.initials, given_acronym(entity, fields)} - {None}:
            if acronym is not None and len(acronym) >= 2:
                by_acronym.setdefault(acronym.upper(), []).append(entity)
    owners = {acronym: found[0] for acronym, found in by_acronym.items() if len(found) == 1}
    if not owners:
        return 0
    covered = [(m.field, m.start, m.end) for e, _f in named for m in e.mentions]
    added = 0
    for field in MENTION_FIELDS:
        text = fields.get(field, "")
        for m in _CAPITALS_TOKEN.finditer(text) if text else ():
            owner = owners.get(m.group())
            if owner is None or _in_capitals(text, m.start(), m.end()):
                continue
            if any(f == field and s < m.end() and m.start() < e for f, s, e in covered):
                continue
            owner.mentions.append(Mention(field, m.start(), m.end()))
            owner.mentions.sort(key=mention_order)
            added += 1
    return added


def expansions_of_known_acronyms(named: Sequence[tuple[Entity, Forms]], fields: Mapping[str, str]) -> set[int]:
    """Give a full form followed by a knowledge-base entity's acronym in parentheses that entity's
    id ("Kurdistan Workers' Party (PKK)", "Médecins Sans Frontières (MSF)"): the article says they
    are one. Returns the ``id()`` of the entities that took a knowledge-base id."""
    known = {(m.field, m.start, m.end): e for e, _f in named if e.linked for m in e.mentions}
    adopted: set[int] = set()
    if not known:
        return adopted
    for entity, f in named:
        if entity.linked or f.words < 2 or entity.label == "PER":
            continue
        for m in entity.mentions:
            span = parenthesised_acronym_span(fields.get(m.field, ""), m.end)
            owner = known.get((m.field, *span)) if span is not None else None
            if owner is not None:
                entity.id, entity.name, entity.label = owner.id, owner.name, owner.label
                entity.linked, entity.linked_by = True, KB
                adopted.add(id(entity))
                break
    return adopted


def given_acronym(entity: Entity, fields: Mapping[str, str]) -> str | None:
    """The acronym the article gives in parentheses right after one of the entity's mentions."""
    for m in entity.mentions:
        text = fields.get(m.field, "")
        if text:
            acronym = parenthesised_acronym(text, m.end)
            if acronym is not None:
                return acronym
    return None


# A word in capitals and digits standing alone (not inside "U.S.", "AT&T", "IS-held"): an acronym.
_CAPITALS_TOKEN = re.compile(r"(?<![\w.&-])[A-Z][A-Z0-9]+(?![\w&-]|\.\w)")
_CAPITALS_WORD = re.compile(r"[A-Z][A-Z'-]+\b")


def _in_capitals(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands among words in capitals ("WHAT IS NEW"), a heading, not a name."""
    before = text[max(0, start - 20) : start].split()
    after = text[end : end + 20].split()
    near = before[-1:] + after[:1]
    return any(_CAPITALS_WORD.fullmatch(w.strip(".,:;!?\"'()")) and len(w.strip(".,:;!?\"'()")) > 3 for w in near)

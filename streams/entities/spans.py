"""Span clean-up: French elision and articles, trailing punctuation, junk rejection.

Models trained on Wikipedia often include a leading article or an elided ``l’``/``d’`` in the span
("l’Irak", "la France"). The entity is the name, so mentions point at "Irak" and "France" and
text[start:end] is always exactly the surface we report. Models also tag capitalised sentence-initial
common words ("Demain", "Lire", "Vidéo"); these are rejected here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from streams.entities.span_heads import names_an_institution, run_in_head
from streams.entities.span_tails import without_run_on_tail

# Elided articles/prepositions glued to the name: l’Irak, d’Irak, qu’Israël, jusqu’à ...
_ELIDED = re.compile(r"(?:[lLdDjJnNsScC]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’]\s*")
# Lowercase articles in front of a name are never part of it ("la France", "les États-Unis").
_LOWER_ARTICLES = {"le", "la", "les", "du", "des", "de", "the", "au", "aux", "en"}
# Capitalised articles may belong to the name ("Le Monde", "La Paz", "The Hague"): stripped only
# when what follows is a known (gazetteer) name.
_CAP_ARTICLES = {"Le", "La", "Les", "The", "Du", "Des", "De"}
_EDGE_PUNCT = " \t\r\n«»\"“”„‘'’()[]{}<>,;:!?¿¡*•·|/\\–—-_"
_POSSESSIVE = re.compile(r"\s?['’]s$")


def words(spec: str) -> frozenset[str]:
    """The set of whitespace-separated words of ``spec`` (for word lists written as text)."""
    return frozenset(spec.split())


# Capitalised common words that models mistake for entities, mostly at the start of a sentence or
# of a navigation/boilerplate line. Compared case-insensitively on the first token of a span.
JUNK_WORDS = words(
    """
    demain hier aujourd'hui aujourd’hui lire voir vidéo video vidéos photo photos accueil dernières dernière
    minutes selon mais enfin ainsi alors après avant depuis pendant pour contre avec sans lors cependant
    pourtant toutefois donc puis ensuite ici oui non merci bonjour suite article précédent suivant aussi
    publicité abonnez-vous abonnez partager commentaires commentaire crédit crédits source sources
    mise actualité actualités info infos direct exclusif exclusive edito éditorial tribune
    lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet
    août septembre octobre novembre décembre
    today tomorrow yesterday read watch home advertisement share but however also update updated
    monday tuesday wednesday thursday friday saturday sunday january february march april
    september october november december breaking
    despite even although though whereas unlike meanwhile unless whether because against
    état etat états etats
    """
)
# Time zones before a name in a schedule ("22:15 UTC Vancouver"): not part of it. Alone they stay
# (CoNLL tags "GMT").
_TIME_ZONES = frozenset(w.upper() for w in words("utc gmt cet cest bst est edt pst pdt"))
# French common words that are names in English text: "Mars" is the planet, a company, a singer.
_NAMES_IN_ENGLISH = words("mars")
# Junk words that also open organisation names ("Crédit Lyonnais", "Crédit foncier d'Autriche",
# "Tribune de Genève", "Dernières Nouvelles d'Alsace"): stripped from the front of a span only before
# another junk word or punctuation ("Crédit photo : AFP"), never before a word of the name.
_NAME_OPENING_JUNK = words("crédit tribune dernières")
# Month/weekday names that are also given names or surnames (May, June, August): only rejected when
# the span is purely a date, never on their own.
_DATE_WORDS = JUNK_WORDS | {"may", "june", "july", "august", "1er"}
# Lowercase words that start a span but are not part of the name ("selon X", "par X", "à X").
_LEADING_FUNCTION_WORDS = words("à a au aux en et ou par pour selon chez avec dont sur sous vers dans of in at by")
_NUMERIC = re.compile(r"^[\d\s.,:/'’%°hH-]+$")
# "av. J.-C." / "apr. J.-C." is part of a date, not the person.
_ERA = re.compile(r"^J\s?\.\s?-?\s?C\s?\.?$")


def _fold_char(ch: str) -> str:
    """One character accent-folded (its NFKD base) or unified to "'" (apostrophes and accents)."""
    if ch in "’‘`´":
        return "'"
    if ch.isascii():
        return ch
    return unicodedata.normalize("NFKD", ch)[:1] or ch


# fold() as lookup tables built once at import (~10 ms): the per-character Python loop cost 0.18 ms
# per article on the bench corpus (0.9 ms under cProfile). Latin, Greek, Cyrillic, punctuation and
# symbols lie below U+3000; characters past it (CJK, astral) take _fold_char one by one.
_FOLD_END = 0x3000
_FOLD_CHARS = "".join(_fold_char(chr(i)) for i in range(_FOLD_END))  # str.translate table (short texts)
_FOLD_CODES = np.array([ord(ch) for ch in _FOLD_CHARS], dtype=np.uint32)  # same table, vectorised
_FOLD_CODES.flags.writeable = False
_PAST_FOLD_TABLE = re.compile(r"[^\x00-\u2fff]")
# Below this length str.translate beats numpy's fixed cost (names, titles); above, numpy wins: whole
# texts took 0.13 ms per article through str.translate (~50 ns a character), 0.035 ms through numpy.
# Break-even measured at 120-150 characters (3.5 us of numpy against ~25 ns a character), so that
# most titles (median 72 characters on the bench corpus) stay on str.translate: 3.5 -> 2.3 us a title.
_VECTOR_MIN_LEN = 128


def fold(text: str) -> str:
    """Accent-fold ``text`` keeping its length (one char per char) and unify apostrophes."""
    if text.isascii():
        return text.replace("`", "'")
    if len(text) >= _VECTOR_MIN_LEN:
        return _fold_vector(text)[0]
    folded = text.translate(_FOLD_CHARS)  # past the table: IndexError = left as is, fixed below
    if _PAST_FOLD_TABLE.search(text) is None:
        return folded
    return _fold_past_table(text, folded)


def fold_codes(text: str) -> tuple[str, npt.NDArray[np.uint32] | None]:
    """:func:`fold` of ``text`` and, for a long text, the code points of the folded text with every
    non-ASCII one clipped to 127 (for vectorised scans). None instead for a text shorter than
    _VECTOR_MIN_LEN or with characters past the fold table (CJK, astral)."""
    if len(text) < _VECTOR_MIN_LEN:
        return fold(text), None
    if text.isascii():
        folded = text.replace("`", "'")
        return folded, np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32)
    folded, codes = _fold_vector(text)
    return folded, None if codes is None else np.minimum(codes, 127)


def _fold_vector(text: str) -> tuple[str, npt.NDArray[np.uint32] | None]:
    """fold() of a long non-ASCII text through numpy, and the folded code points (None past the table)."""
    # UTF-32 gives one code unit per character; surrogatepass keeps lone surrogates (fixed below).
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    folded_codes = _FOLD_CODES.take(codes, mode="clip")
    folded = folded_codes.tobytes().decode("utf-32-le")
    if codes.max() < _FOLD_END:
        return folded, folded_codes
    return _fold_past_table(text, folded), None


def _fold_past_table(text: str, folded: str) -> str:
    """``folded`` with the characters of ``text`` past the fold table folded one by one."""
    chars = list(folded)
    for m in _PAST_FOLD_TABLE.finditer(text):
        chars[m.start()] = _fold_char(m.group())
    return "".join(chars)


_AROUND_JOINERS = re.compile(r"\s*([-'])\s*")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=32768)  # the same names and words are keyed again in every article naming them
def norm_key(name: str) -> str:
    """Lookup key for a name: folded, lowercased, spaces collapsed, no spaces around - and '."""
    return folded_key(fold(name))


def folded_key(folded: str) -> str:
    """:func:`norm_key` of a name already passed through :func:`fold` (a slice of a folded text)."""
    key = folded.lower()
    key = _AROUND_JOINERS.sub(r"\1", key)
    key = key.replace(".", "")  # U.S. == US, M.S.F. == MSF
    return _SPACES.sub(" ", key).strip()


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """ASCII slug of a name for ids: "John Brennan" -> "john-brennan"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", ascii_name).strip("-") or "x"


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    # A trailing full stop ends the sentence, unless it ends an abbreviation ("Jr.", "U.S.", "Inc.").
    if end > start and text[end - 1] == ".":
        last = text[start:end].split()[-1]
        if len(last) > 5 and "." not in last[:-1]:
            end -= 1
    return start, end


def clean_span(
    text: str,
    start: int,
    end: int,
    is_known: Callable[[str], bool] | None = None,
    lang: str | None = None,
) -> tuple[int, int] | None:
    """Trim a candidate span of ``text`` to the name itself, or return None when it is junk.

    ``is_known`` tells whether a surface is a gazetteer name (used to decide whether a capitalised
    leading article belongs to the name: "La France" -> "France" but "La Paz" stays). A leading time
    zone in capitals is not part of a name ("UTC Vancouver" in a broadcast schedule).
    """
    known = is_known or (lambda _s: False)
    title = whole_quotation(text, start, end)
    if title is not None:
        return title if not is_junk(text[title[0] : title[1]], lang) else None
    start, end = _strip_edges(text, start, end)
    for _ in range(4):  # a few nested prefixes at most ("de la", "d’ l’")
        if start >= end:
            return None
        surface = text[start:end]
        if known(surface):
            break
        head = run_in_head(surface, lang)  # "pro-Kremlin", "magazine Der Spiegel"
        if head:
            start += head
            continue
        m = _ELIDED.match(surface)
        if m and m.end() < len(surface):
            if not (surface[0] == "L" and _article_belongs(text, start, surface[m.end() :], known, elided=True)):
                start += m.end()
                continue
            break
        first, _sep, rest = surface.partition(" ")
        if rest and first in _CAP_ARTICLES and _article_belongs(text, start, rest.strip(), known):
            break
        if rest and (first in _LOWER_ARTICLES or first in _CAP_ARTICLES):
            start, end = _strip_edges(text, start + len(first) + 1, end)
            if first == "The" and names_an_institution(rest):
                break  # "The Home Office": what follows is the name, whatever its first word
            continue
        leading_junk = first.lower() in JUNK_WORDS or first in _LEADING_FUNCTION_WORDS or first in _TIME_ZONES
        if rest and leading_junk and not _opens_name(first, rest):
            # "Lire aussi : X", "Vidéo de X", "selon X": leading common words are not part of the name
            start, end = _strip_edges(text, start + len(first) + 1, end)
            continue
        break
    m = _POSSESSIVE.search(text, start, end)
    if m and m.end() == end and m.start() > start:
        end = m.start()
    start, end = _strip_edges(text, start, without_run_on_tail(text, start, end))
    if start >= end:
        return None
    return (start, end) if not is_junk(text[start:end], lang) else None


_BLANKS = " \t\xa0"
_QUOTES = '«»"“”„'
_OPENING = '«"“„'
_CLOSING = '»"”'


def whole_quotation(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without its blanks and quotes when it fills a quotation, as the model gave it: a
    quoted title (« L’Auberge du Salut », " Hot Shots ! ") keeps its article, its elision and its
    own "!" or "?", which a name in running text leaves out; None for any other span."""
    while start < end and (text[start] in _BLANKS or text[start] in _QUOTES):
        start += 1
    while end > start and (text[end - 1] in _BLANKS or text[end - 1] in _QUOTES):
        end -= 1
    before, after = start, end
    while before > 0 and text[before - 1] in _BLANKS:
        before -= 1
    while after < len(text) and text[after] in _BLANKS:
        after += 1
    if start >= end or before == 0 or text[before - 1] not in _OPENING or text[after : after + 1] not in _CLOSING:
        return None
    return start, end


def _opens_name(first: str, rest: str) -> bool:
    """Whether the junk word ``first`` opens the name ``rest`` follows ("Crédit" + "Lyonnais")."""
    following = rest.split()[0] if rest.strip() else ""
    return first.lower() in _NAME_OPENING_JUNK and following[:1].isalpha() and following.lower() not in JUNK_WORDS


_SENTENCE_END = ".!?…:\n•|–—-"
_OPENING_QUOTES = '«"“„'


def position_in_sentence(text: str, start: int) -> str:
    """Where ``text[start:]`` stands: "initial" (starts the text, a sentence, a line or follows a
    colon or a dash), "quote" (right after an opening quote) or "mid"."""
    i = start
    while i > 0 and text[i - 1] in " \t\xa0":
        i -= 1
    if i == 0 or text[i - 1] in _SENTENCE_END:
        return "initial"
    return "quote" if text[i - 1] in _OPENING_QUOTES else "mid"


# Titles are short; quoted speech is longer or has sentence punctuation. 8 words covers most titles
# ("Indiana Jones et le Royaume du crâne de cristal" is 9 and stays as the model had it).
MAX_TITLE_WORDS = 8
_SPEECH_PUNCT = re.compile(r"[.;!?…]\s|[.;!?…]$|,")
_CLOSING_QUOTE = re.compile(r"[»\"”]")


def looks_like_title(body: str) -> bool:
    """Whether a quoted text reads as a title (« Le Petit Prince ») rather than speech."""
    return body[:1].isupper() and len(body.split()) <= MAX_TITLE_WORDS and not _SPEECH_PUNCT.search(body)


def quoted_title_at(text: str, start: int) -> bool:
    """Whether ``text[start:]`` opens a quoted title: the quotation up to its closing quote (on the
    same line, within 200 characters) :func:`looks_like_title`."""
    m = _CLOSING_QUOTE.search(text, start, min(len(text), start + 200))
    return m is not None and "\n" not in text[start : m.start()] and looks_like_title(text[start : m.start()].strip())


def _article_belongs(text: str, start: int, rest: str, known: Callable[[str], bool], elided: bool = False) -> bool:
    """Whether a capitalised article ("La", "Le", "Les", "L’") opening a span belongs to the name.

    Inside a sentence a capitalised article is the name's own ("à La Rochelle", "chez L’Oréal"); after
    an opening quote it opens a title (« L’Idiot ») unless the quotation reads as speech or a known
    name follows (« La France va mieux »). At the start of a sentence the capital says nothing:
    "La Paz" stays, "La France" (a known name) and "L’Irak" lose it.
    """
    where = position_in_sentence(text, start)
    if where == "mid":
        return True
    if where == "quote":
        return quoted_title_at(text, start) and not known(rest)
    return not elided and not known(rest) and not (text.startswith("The ", start) and names_an_institution(rest))


def is_junk(surface: str, lang: str | None = None) -> bool:
    """True for surfaces that are never entities: numbers, dates, single letters, common words (of
    the text's language ``lang`` where one of them is a name in another: "Mars" in English)."""
    if len(surface) < 2 or not any(ch.isalpha() for ch in surface):
        return True
    if _NUMERIC.match(surface) or _ERA.match(surface):
        return True
    if not any(ch.isupper() for ch in surface):
        return True  # an all-lowercase span is a common noun phrase in fr/en news
    tokens = surface.lower().split()
    if len(tokens) == 1 and (tokens[0] in JUNK_WORDS or _ELIDED.fullmatch(surface)):
        return not (lang == "en" and tokens[0] in _NAMES_IN_ENGLISH)
    # A date: only month/day names and numbers, with at least one number ("31 décembre 2021").
    return all(t in _DATE_WORDS or _NUMERIC.match(t) for t in tokens) and any(_NUMERIC.match(t) for t in tokens)


# French civilities kept in PER mentions, as French news NER corpora do ("M. Brennan",
# "M. le général Campenon"); the entity *name* drops them (see merge.py).
_FR_TITLE_RE = re.compile(
    r"(?:^|(?<=[\s(«\"“'’]))"
    r"(?P<title>(?:(?:M|MM|Mme|Mmes|Mlle|Mlles|Mgr|Me|Dr|Pr|Madame|Monsieur|Mademoiselle)\s?\.?\s+"
    r"(?:(?:le|la)\s+)?)?"
    r"(?:(?:général|docteur|président|colonel|capitaine|maréchal|amiral|abbé|lieutenant|commandant|professeur"
    r"|ministre|sénateur|député|baron|comte|duc|marquis)\s+)?)"
    r"(?:(?:de|d['’]|du)\s*)?$"
)
PERSON_TITLE_RE = re.compile(r"^(?:M|MM|Mme|Mmes|Mlle|Mlles|Mgr|Me|Dr)\s?\.?\s")
# Civilities written in full: in front of a person they belong to the mention ("Madame de Maintenon"),
# but they also open names of works and businesses ("Madame Bovary", "Monsieur Bricolage"), so they
# join only a span the model already calls a person.
_FULL_CIVILITY_RE = re.compile(r"^(?:Madame|Monsieur|Mademoiselle)\s")


def extend_title(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    """Extend a French span over a person title right before it ("M. " + "Brennan"); a span after
    "M."/"Mme" is a person whatever the model said; "Madame"/"Monsieur" join a person span only."""
    window = max(0, start - 40)
    if text.find("M", window, start) < 0 and text.find("Dr", window, start) < 0:
        # Every civility starts with "M" or "Dr": without one the search below (trying each of the 40
        # positions) cannot change anything.
        return start, end, label
    m = _FR_TITLE_RE.search(text, window, start)
    if m is None or not m.group("title") or m.end() != start:
        return start, end, label
    if _FULL_CIVILITY_RE.match(m.group("title")):
        return (m.start(), end, label) if label == "PER" else (start, end, label)
    has_civility = PERSON_TITLE_RE.match(m.group("title")) is not None
    if not has_civility:
        # A bare function ("général X", "président X") stays out: corpora disagree, WikiNER leaves it out.
        return start, end, label
    return m.start(), end, "PER"


# Particles of European and Arabic family names, lower-case in English text ("Ursula von der Leyen",
# "de Maiziere", "Osama bin Laden"), where none of them is an English word.
_PARTICLE = r"(?:von|van|der|den|de|du|des|la|le|bin|ibn|dos|da|di|del|della|ter|zu)"
_PARTICLES_THEN_NAME = re.compile(rf"(?:\s{_PARTICLE})+\s[A-Z][\w'’]*(?:-[A-Z][\w'’]*)?(?!\w)")
_PARTICLES_BEFORE = re.compile(rf"(?<![\w-])(?:{_PARTICLE}\s)+$")
# The lower-case syllable of a hyphenated East Asian given name ("Ban Ki-moon", "Moon Jae-in").
_SYLLABLE_AFTER = re.compile(r"-[a-z]{1,5}(?![\w-])")
_SHORT_LAST_TOKEN = re.compile(r"(?:^|\s)[A-Z][a-z]{1,3}$")


def extend_person_particles(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    """Extend an English person span the model cut at a name particle or a hyphen: "Ursula" +
    " von der Leyen", "de " + "Maiziere", "Ban Ki" + "-moon". Not after a capitalised word before
    the particle ("Berlin de Gaulle" is two names) and never for other labels."""
    if label != "PER":
        return start, end, label
    after = _PARTICLES_THEN_NAME.match(text, end)
    if after is not None:
        end = after.end()
    elif _SHORT_LAST_TOKEN.search(text, start, end) and (syllable := _SYLLABLE_AFTER.match(text, end)):
        end = syllable.end()
    before = _PARTICLES_BEFORE.search(text, max(0, start - 20), start)
    if before is not None:
        previous = text[max(0, before.start() - 30) : before.start()].split()
        if not previous or not previous[-1][:1].isupper():
            start = before.start()
    return start, end, label

"""The entity stage's fast paths give the results of the plain forms they replaced (kept here)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.entities import french, gazetteer, merge, spans
from streams.entities.gazetteer import GazEntry, Gazetteer
from streams.entities.merge import Candidate
from streams.entities.name_finder import NAME_ENDS, NAME_OPENS, compile_names, name_pattern
from streams.entities.spans import extend_title, fold, fold_codes, folded_key, norm_key


def _texts(words: list[str]) -> st.SearchStrategy[str]:
    """Texts of ``words``, mostly separated by a space, sometimes glued."""
    gaps = st.sampled_from([" ", " ", " ", "", "  "])
    return st.lists(st.tuples(st.sampled_from(words), gaps), max_size=12).map(lambda ws: "".join(w + g for w, g in ws))


# Words that exercise the boundaries: determiners glued or not, apostrophes, hyphens, quotes, names.
club_texts = _texts(
    ["les", "des", "aux", "Les", "Ndes", "l’aux", "d'", "-", "Red", "Wings", "de", "du", "Détroit", "\n"]
)
texts = _texts(["«", "»", '"', "“", "”", "\n", "Batman", "Red", "Wings", "Le", "Monde", "a", "dit", ".", ","])
texts = _texts(
    ["Irak", "IRAK", "France", "États-Unis", "Paris", "Saint-Germain", "-", "l'", "d’", "la", "«", "x", "\n"]
)

_OLD_TEAM_RE = re.compile(
    rf"(?<![\w'’])(?:les|des|aux)\s+"
    rf"(?P<name>(?:[{french._UP}][\w'’.-]*\s+)?[{french._UP}][\w-]*)\s+{french._PREP}"
    rf"(?P<place>[{french._UP}][\w-]*(?:\s+[{french._UP}][\w-]*){{0,2}})"
)


@given(club_texts)
@settings(max_examples=300, deadline=None)
def test_club_regex_matches_as_with_the_leading_lookbehind(text: str) -> None:
    def found(p: re.Pattern[str]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        return [(m.span(), m.groupdict()) for m in p.finditer(text)]

    assert found(french._TEAM_RE) == found(_OLD_TEAM_RE)


def test_club_regex_boundaries() -> None:
    for text, n in [
        ("les Red Wings de Détroit", 1),
        ("Ndes Red Wings de Détroit", 0),
        ("l’aux Red Wings de Détroit", 0),
    ]:
        assert len(french._TEAM_RE.findall(text)) == n, text


_GAZ = Gazetteer()


@given(texts)
@settings(max_examples=300, deadline=None)
def test_gazetteer_regex_matches_as_without_the_lookahead(text: str) -> None:
    pattern = _GAZ._pattern("fr")
    assert pattern is not None and pattern.pattern.startswith("(?=[")
    plain = re.compile(pattern.pattern[pattern.pattern.index(NAME_OPENS) :])
    folded = fold(text)
    assert [m.span() for m in pattern.finditer(folded)] == [m.span() for m in plain.finditer(folded)]
    for m in pattern.finditer(folded):
        assert folded_key(folded[m.start() : m.end()]) == norm_key(text[m.start() : m.end()])


def test_title_extension_needs_a_civility() -> None:
    for text, name, expected in [
        ("Selon Dr Watson, rien.", "Watson", "Dr Watson"),
        ("Selon M. Brennan, rien.", "Brennan", "M. Brennan"),
        ("Selon Mgr Lustiger, rien.", "Lustiger", "Mgr Lustiger"),
        ("Selon le général Campenon, rien.", "Campenon", "Campenon"),
        ("Selon Pr Raoult, rien.", "Raoult", "Raoult"),
    ]:
        start = text.index(name)
        s, e, _ = extend_title(text, start, start + len(name), "PER")
        assert text[s:e] == expected, text


# -- gazetteer-only path: name scan, glued words, clubs, heads, articles, merging ---------------------------

# Names in capitals, spaced, two letters long, opening with a lowercase word or with an apostrophe inside.
_NAMES = ["Irak", "IRAK", "France", "Etats-Unis", "États - Unis", "Royaume-Uni", "New York", "Paris", "UE", "ONU"]
_MORE_NAMES = ["groupe État islamique", "al-Qaïda", "talibans", "bande de Gaza", "Nations unies", "Côte d’Ivoire"]
name_texts = _texts(
    [*_NAMES, *_MORE_NAMES, "Saint-Germain", "l'", "d’", "la", "Le", "Les", "«", "x", "-", "\n", "中", "é", "4.5", "du"]
)


@given(name_texts, st.sampled_from(["", "x " * 70]))
@settings(max_examples=300, deadline=None)
def test_name_finder_matches_as_finditer(text: str, filler: str) -> None:
    # The filler makes texts long enough for fold_codes (the numpy filter); names also end texts ("... UE").
    for lang in ("fr", "en", None):
        finder = _GAZ._finder(lang)
        assert finder is not None
        folded, codes = fold_codes(filler + text)
        expected = [m.span() for m in finder.pattern.finditer(folded)]
        assert [m.span() for m in finder.matches(folded, codes)] == expected


@given(name_texts)
@settings(max_examples=100, deadline=None)
def test_nested_name_regex_matches_as_the_flat_alternation(text: str) -> None:
    finder = _GAZ._finder("fr")
    assert finder is not None
    names = set(finder.entries)  # the folded names: name_pattern folds them again, unchanged
    alternatives = sorted({name_pattern(n) for n in names}, key=len, reverse=True)
    flat = re.compile(NAME_OPENS + "(?:" + "|".join(alternatives) + ")" + NAME_ENDS)
    folded = fold(text)
    assert [m.span() for m in compile_names(names).finditer(folded)] == [m.span() for m in flat.finditer(folded)]


_NEXT_WORD = re.compile(r" ([^\s]+)")
_PREV_WORD = re.compile(r"([^\s]+) $")


def _old_glued_to_capitalised(text: str, start: int, end: int) -> bool:
    """The regex version, before the character tests."""
    nxt = _NEXT_WORD.match(text[end : end + 40]) if text[end : end + 1] == " " else None
    if nxt and nxt.group(1)[:1].isupper() and not text[start:end].isupper():
        return True
    prev = _PREV_WORD.search(text[max(0, start - 40) : start]) if text[start - 1 : start] == " " else None
    if prev:
        word = prev.group(1)
        if word[:1].isupper() and word.lower().strip("'’") not in gazetteer._FUNCTION_WORDS and word[-1].isalpha():
            before = text[: start - len(word) - 1].rstrip()
            return not (before == "" or before[-1] in '.!?«"“:\n')
    return False


glue_texts = _texts(
    ["Paris", "PARIS", "Michael", "Jordan", "de", "Le", "The", ".", "«", "\n", "l’", "D'", "x1", "É", " "]
)


@given(glue_texts, st.data())
@settings(max_examples=300, deadline=None)
def test_glued_to_capitalised_as_the_regex_version(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert gazetteer._glued_to_capitalised(text, start, end) == _old_glued_to_capitalised(text, start, end)


@given(name_texts, st.sampled_from(["", "Paris " * 70]), st.sampled_from(["fr", "en", "es", None, "xx"]))
@settings(max_examples=300, deadline=None)
def test_find_as_the_plain_scan(text: str, filler: str, lang: str | None) -> None:
    # The scan, lookups and glued-word test of find() before the fast paths.
    text = filler + text
    pattern = _GAZ._pattern(lang)
    assert pattern is not None
    folded = fold(text)
    expected = []
    for m in pattern.finditer(folded):
        entry = _GAZ._lookup_key(folded_key(m.group()), lang)
        if entry is not None and not _old_glued_to_capitalised(text, *m.span()):
            expected.append((*m.span(), entry.id))
    assert [(m.start, m.end, m.entry.id) for m in _GAZ.find(text, lang)] == expected


club_texts_any_space = _texts(
    ["les", "des", "aux", "Les", "Ndes", "l’aux", "d'", "-", "Red", "Wings", "de", "du", "Détroit", "\n", "\u00a0", "É"]
)


@given(club_texts_any_space)
@settings(max_examples=300, deadline=None)
def test_club_matches_as_finditer(text: str) -> None:
    expected = [(m.span(), m.groupdict()) for m in french._TEAM_RE.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in french._team_matches(text)] == expected


article_texts = _texts(["La", "Le", "Les", "L'", "L’", "la", "«", "\n", "Rochelle", "Idiot", ".", "à", "x"])


@given(article_texts, st.data())
@settings(max_examples=300, deadline=None)
def test_articles_attach_as_without_the_letter_check(text: str, data: st.DataObject) -> None:
    words = [m.span() for m in re.finditer(r"\w+", text)]
    if not words:
        return
    picked = data.draw(st.lists(st.sampled_from(words), max_size=4, unique=True))

    def attached(check: bool) -> list[tuple[int, int]]:
        cands = [Candidate("text", s, e, text[s:e], "LOC") for s, e in picked]
        if check:
            french.attach_articles(text, cands, lambda _s: False)
        else:
            for cand in cands:  # the loop without the "L" check
                m = french._ARTICLE_BEFORE.search(text, max(0, cand.start - 5), cand.start)
                if m is None or cand.surface.isupper():
                    continue
                where = spans.position_in_sentence(text, m.start())
                if where == "mid" or (where == "quote" and spans.quoted_title_at(text, m.start())):
                    cand.start = m.start()
                    cand.surface = text[cand.start : cand.end]
        return [(c.start, c.end) for c in cands]

    assert attached(True) == attached(False)


_ENTRIES = [
    GazEntry("iso:FR", "LOC", {"fr": "France"}),
    GazEntry("org:un", "ORG", {"en": "UN", "fr": "ONU"}),
    GazEntry("iso:IQ", "LOC", {"fr": "Irak"}),
]


@given(
    st.lists(
        st.tuples(st.sampled_from(["title", "text"]), st.integers(0, 30), st.integers(1, 5), st.sampled_from(_ENTRIES)),
        max_size=10,
    ),
    st.sampled_from(["fr", "en", None]),
)
@settings(max_examples=300, deadline=None)
def test_linked_entities_as_the_general_merge(spans_: list[tuple[str, int, int, GazEntry]], lang: str | None) -> None:
    def ordered() -> list[Candidate]:
        cands = [Candidate(f, s, s + n, "x" * n, e.label, e) for f, s, n, e in spans_]
        return sorted(cands, key=lambda c: (merge._FIELD_ORDER.get(c.field, 2), c.start))

    linked = [e.to_dict() for e in merge._linked_entities(ordered(), lang)]
    assert linked == [e.to_dict() for e in merge._merged_entities(ordered(), lang)]

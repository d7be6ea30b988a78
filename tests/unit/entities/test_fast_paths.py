"""The entity stage's fast paths give the results of the plain forms they replaced (kept here)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.entities import french
from streams.entities.french import extend_quoted_titles
from streams.entities.gazetteer import Gazetteer
from streams.entities.merge import Candidate
from streams.entities.spans import extend_title, fold, folded_key, norm_key


def _texts(words: list[str]) -> st.SearchStrategy[str]:
    """Texts of ``words``, mostly separated by a space, sometimes glued."""
    gaps = st.sampled_from([" ", " ", " ", "", "  "])
    return st.lists(st.tuples(st.sampled_from(words), gaps), max_size=12).map(lambda ws: "".join(w + g for w, g in ws))


# Words that exercise the boundaries: determiners glued or not, apostrophes, hyphens, quotes, names.
club_texts = _texts(
    ["les", "des", "aux", "Les", "Ndes", "l’aux", "d'", "-", "Red", "Wings", "de", "du", "Détroit", "\n"]
)
quote_texts = _texts(
    ["« Batman »", "«\nRed Wings»", '"Le Monde"', "“ Le Monde a dit. ”", "«", "»", '"', "Batman", "Red", "a", "\n", ","]
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
    plain = re.compile(pattern.pattern[pattern.pattern.index("(?<!") :])
    folded = fold(text)
    assert [m.span() for m in pattern.finditer(folded)] == [m.span() for m in plain.finditer(folded)]
    for m in pattern.finditer(folded):
        assert folded_key(folded[m.start() : m.end()]) == norm_key(text[m.start() : m.end()])


def _old_extend_quoted_titles(text: str, cands: list[Candidate], field: str) -> list[Candidate]:
    """The scan before the skips: every quotation of the text goes through the same per-quotation step."""
    out = cands
    for m in french._QUOTED_RE.finditer(text):
        group = next(g for g in ("a", "b", "c") if m.group(g) is not None)
        out = french.apply_quoted_title(text, out, field, *m.span(group))
    return out


@given(quote_texts, st.data())
@settings(max_examples=300, deadline=None)
def test_quoted_titles_as_without_the_skips(text: str, data: st.DataObject) -> None:
    # Candidates over one to three words of the text (word = run of letters), possibly overlapping.
    words = [m.span() for m in re.finditer(r"\w+", text)]
    if not words:
        return
    firsts = st.integers(0, len(words) - 1)
    spans = st.tuples(firsts, st.integers(0, 2)).map(
        lambda p: (words[p[0]][0], words[min(p[0] + p[1], len(words) - 1)][1])
    )
    pairs = data.draw(st.lists(spans, max_size=5))
    labels = data.draw(
        st.lists(st.sampled_from(["PER", "LOC", "ORG", "MISC"]), min_size=len(pairs), max_size=len(pairs))
    )

    def cands() -> list[Candidate]:
        return [Candidate("text", s, e, text[s:e], lab) for (s, e), lab in zip(pairs, labels, strict=True) if s < e]

    def key(out: list[Candidate]) -> list[tuple[int, int, str]]:
        return [(c.start, c.end, c.label) for c in out]

    assert key(extend_quoted_titles(text, cands(), "text")) == key(_old_extend_quoted_titles(text, cands(), "text"))


def test_quoted_title_after_spaces_and_a_line_break() -> None:
    text = "Il a vu «\n  Batman » hier."
    start = text.index("Batman")
    out = extend_quoted_titles(text, [Candidate("text", start, start + 6, "Batman", "PER")], "text")
    assert [(c.surface, c.label) for c in out] == [("Batman", "MISC")]


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

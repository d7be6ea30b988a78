"""French naming conventions over candidate spans (no model: the candidates are written here)."""

from __future__ import annotations

from streams.entities.french import french_conventions
from streams.entities.merge import Candidate

KNOWN_PLACES = {"France", "Philippines", "Montréal"}


def run(text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Apply the conventions to (surface, label) candidates of ``text``; (surface, label) out, in order."""
    cands = []
    for surface, label in spans:
        start = text.index(surface)
        cands.append(Candidate("text", start, start + len(surface), surface, label))
    out = french_conventions(text, "text", cands, KNOWN_PLACES.__contains__, KNOWN_PLACES.__contains__)
    return [(text[c.start : c.end], c.label) for c in sorted(out, key=lambda c: c.start)]


def test_club_nickname_and_town_are_one_organisation() -> None:
    text = "Il a signé avec les Red Wings de Détroit puis joué contre les Dolphins de Miami."
    got = run(text, [("Red Wings", "LOC"), ("Détroit", "LOC"), ("Dolphins", "MISC"), ("Miami", "LOC")])
    assert got == [("Red Wings de Détroit", "ORG"), ("Dolphins de Miami", "ORG")]


def test_club_town_spanning_several_words() -> None:
    text = "Un échange avec les Lakers de Los Angeles a été conclu."
    assert run(text, [("Lakers", "MISC"), ("Los Angeles", "LOC")]) == [("Lakers de Los Angeles", "ORG")]


def test_peoples_ranges_and_events_are_not_clubs() -> None:
    text = "Les Kurdes de Syrie et les Palestiniens de Gaza attendent ; les Alpes de Savoie aussi."
    spans = [("Kurdes", "MISC"), ("Syrie", "LOC"), ("Palestiniens", "MISC"), ("Gaza", "LOC"), ("Savoie", "LOC")]
    assert run(text, spans) == spans
    text = "Elle a couru aux Jeux de Tokyo."
    assert run(text, [("Jeux", "MISC"), ("Tokyo", "LOC")]) == [("Jeux", "MISC"), ("Tokyo", "LOC")]


def test_no_club_where_the_model_saw_no_nickname() -> None:
    text = "Il faut citer les Mystères de la Jungle, un drame."
    assert run(text, [("Jungle", "LOC")]) == [("Jungle", "LOC")]


def test_capitalised_determiner_opens_a_title_not_a_club() -> None:
    text = "Elle a joué dans Les Voisins de Marseille, une série."
    assert run(text, [("Marseille", "LOC")]) == [("Marseille", "LOC")]


def test_capitalised_article_left_out_by_the_model_is_attached() -> None:
    text = "Le ferry relie La Rochelle à L’Île-Rousse. La Rochelle est calme."
    first = text.index("Rochelle")
    second = text.index("Rochelle", first + 1)
    cands = [
        Candidate("text", first, first + 8, "Rochelle", "LOC"),
        Candidate("text", second, second + 8, "Rochelle", "LOC"),
    ]
    out = french_conventions(text, "text", cands, lambda _s: False, lambda _s: False)
    assert [text[c.start : c.end] for c in out] == ["La Rochelle", "Rochelle"]


def test_capitalised_article_is_attached_to_places_only() -> None:
    text = "INNOVATION DANS LES TRAMWAYS La Compagnie des tramways a vendu. Il vit à La Rochelle."
    spans = [("Compagnie des tramways", "ORG"), ("Rochelle", "LOC")]
    assert run(text, spans) == [("Compagnie des tramways", "ORG"), ("La Rochelle", "LOC")]


def test_a_word_cut_at_a_line_break_is_no_surname() -> None:
    text = "Jean Clé¬ ment est venu. Le gouverne¬ ment a dit."
    assert run(text, [("Jean Clé¬ ment", "PER")]) == [("Jean Clé¬ ment", "PER")]


def test_surname_of_a_person_named_in_full_is_tagged_again() -> None:
    text = "Selon Qasem al Arayi, tout va bien. Al Arayi a ajouté que Jean Dupont et M. Dupont étaient là."
    spans = [("Qasem al Arayi", "PER"), ("Jean Dupont", "PER")]
    assert run(text, spans) == [
        ("Qasem al Arayi", "PER"),
        ("Al Arayi", "PER"),
        ("Jean Dupont", "PER"),
        ("M. Dupont", "PER"),  # with its civility, as the stage's own person mentions
    ]
    text = "Paul Li est venu. Li et Lille."  # a surname shorter than four letters is not looked for alone
    assert run(text, [("Paul Li", "PER")]) == [("Paul Li", "PER")]


def test_no_article_attached_in_capitals() -> None:
    text = "LES TROUPES QUITTENT L'IRAK DEMAIN"
    assert run(text, [("IRAK", "LOC")]) == [("IRAK", "LOC")]


def test_surname_found_again_after_a_given_name_takes_it() -> None:
    text = "Le commandant pour l’Irak, Abdulamir al Shamari, a parlé. Il a remercié M. Al Shamari et Jean Dupont."
    spans = [("M. Al Shamari", "PER"), ("Jean Dupont", "PER")]
    assert ("Abdulamir al Shamari", "PER") in run(text, spans)
    text = "Selon al Shamari, tout va bien. M. Al Shamari le dit."  # a sentence's first word is no given name
    assert ("al Shamari", "PER") in run(text, [("M. Al Shamari", "PER")])
    text = "Il est venu de l’Irak al Shamari. M. Al Shamari le dit."  # an elided word is no given name
    assert ("al Shamari", "PER") in run(text, [("M. Al Shamari", "PER")])


def test_a_club_town_ends_where_the_models_club_span_ends() -> None:
    text = "Il rejoint ses coéquipiers des Hiboux de Lyon Marc Durand et Paul Petit."
    spans = [("Hiboux de Lyon", "ORG"), ("Marc Durand", "PER"), ("Paul Petit", "PER")]
    assert run(text, spans) == spans


def test_an_acronym_is_no_club_nickname() -> None:
    text = "Une faille touche les ABC de Macrosoft depuis mai."
    assert run(text, [("ABC", "MISC"), ("Macrosoft", "ORG")]) == [("ABC", "MISC"), ("Macrosoft", "ORG")]


def test_a_name_that_says_club_is_an_organisation() -> None:
    text = "Il quitte le Stade lillois pour le Bréville FC, puis le Cercle Club de Nantes, près du Stade de Paris."
    spans = [
        ("Stade lillois", "LOC"),
        ("Bréville FC", "PER"),
        ("Cercle Club de Nantes", "LOC"),
        ("Stade de Paris", "LOC"),
    ]
    got = run(text, spans)
    assert got == [
        ("Stade lillois", "ORG"),
        ("Bréville FC", "ORG"),
        ("Cercle Club de Nantes", "ORG"),
        ("Stade de Paris", "LOC"),  # a stadium named by its town
    ]


def test_a_place_takes_the_capitalised_point_of_the_compass_after_it() -> None:
    text = "Né en Prusse de l’Ouest, il vit en Lorraine du Sud, au sud de Metz du nord."
    spans = [("Prusse", "LOC"), ("Ouest", "LOC"), ("Lorraine", "LOC"), ("Metz", "LOC")]
    assert run(text, spans) == [
        ("Prusse de l’Ouest", "LOC"),
        ("Lorraine du Sud", "LOC"),
        ("Metz", "LOC"),  # in small letters a direction
    ]
    text = "Le roi Louis du Nord arrive."
    assert run(text, [("Louis", "PER")]) == [("Louis", "PER")]  # places only

"""Span clean-up: elision, articles, punctuation and junk rejection (no model needed)."""

from __future__ import annotations

import pytest

from streams.entities.span_tails import line_parts, repeated_halves
from streams.entities.spans import (
    clean_span,
    extend_person_particles,
    extend_title,
    fold,
    is_junk,
    norm_key,
    position_in_sentence,
    slug,
)


def cleaned(text: str, surface: str, known: set[str] | None = None) -> str | None:
    start = text.index(surface)
    result = clean_span(text, start, start + len(surface), (lambda s: s in known) if known else None)
    return None if result is None else text[result[0] : result[1]]


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Les troupes quittent l’Irak demain.", "l’Irak", "Irak"),
        ("Le retrait d’Irak est prévu.", "d’Irak", "Irak"),
        ("Le retrait d'Irak est prévu.", "d'Irak", "Irak"),
        ("Elle a visité la France en mai.", "la France", "France"),
        ("Il parle des États-Unis.", "des États-Unis", "États-Unis"),
        ("They met the Smiths in Leeds.", "the Smiths", "Smiths"),
        ("« Bagdad », dit-il.", "« Bagdad »", "Bagdad"),
        ("Il a vu Paris.", "Paris.", "Paris"),
        ("Obama's visit.", "Obama's", "Obama"),
        ("John Brennan Jr. a parlé.", "John Brennan Jr.", "John Brennan Jr."),
        ("Lire aussi : Marseille gagne.", "Lire aussi : Marseille", "Marseille"),
        ("Il entre au Crédit Lyonnais.", "Crédit Lyonnais", "Crédit Lyonnais"),
        ("Crédit photo : AFP", "Crédit photo : AFP", "AFP"),
    ],
)
def test_clean_span_trims_to_the_name(text: str, span: str, expected: str) -> None:
    assert cleaned(text, span) == expected


def test_capitalised_article_kept_unless_rest_is_known() -> None:
    text = "La Paz et La France."
    assert cleaned(text, "La Paz") == "La Paz"
    assert cleaned("La France et La Paz.", "La France", known={"France"}) == "France"
    assert cleaned("Le Monde a publié.", "Le Monde") == "Le Monde"
    assert cleaned("L’Irak vote.", "L’Irak") == "Irak"


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        # Inside a sentence a capitalised article is the name's own, even when the rest is known.
        ("Ils sont partis à La Réunion hier.", "La Réunion", "La Réunion"),
        ("Elle travaille chez L’Oréal depuis 2010.", "L’Oréal", "L’Oréal"),
        # After an opening quote it opens a title, unless a known name follows (quoted speech).
        ("Il a lu « L’Étranger » en classe.", "L’Étranger", "L’Étranger"),
        ("Il a dit : « La France va mieux ».", "La France", "France"),
        # At the start of a sentence the capital says nothing.
        ("Il pleut. La France vote.", "La France", "France"),
    ],
)
def test_capitalised_article_inside_a_sentence_belongs_to_the_name(text: str, span: str, expected: str) -> None:
    assert cleaned(text, span, known={"France", "Réunion"}) == expected


def test_position_in_sentence() -> None:
    text = "Bonjour. Ils vont à La Rochelle. « Le Monde » : Le Havre"
    assert position_in_sentence(text, 0) == "initial"
    assert position_in_sentence(text, text.index("Ils")) == "initial"
    assert position_in_sentence(text, text.index("La Rochelle")) == "mid"
    assert position_in_sentence(text, text.index("Le Monde")) == "quote"
    assert position_in_sentence(text, text.index("Le Havre")) == "initial"


@pytest.mark.parametrize(
    "text, span",
    [
        ("Demain, nous partirons.", "Demain"),
        ("Lire la suite.", "Lire"),
        ("Vidéo de la semaine.", "Vidéo"),
        ("Le 31 décembre 2021 à midi.", "31 décembre 2021"),
        ("En 2017 déjà.", "2017"),
        ("La lettre X.", "X"),
        ("Il dit qu’ il part.", "qu’"),
        ("Yesterday, he left.", "Yesterday"),
        ("la coalition internationale", "coalition internationale"),
        ("Vers 50 av. J.-C., la ville tombe.", "J.-C."),
    ],
)
def test_junk_is_rejected(text: str, span: str) -> None:
    assert cleaned(text, span) is None


def test_is_junk_keeps_names() -> None:
    for name in ("Irak", "Theresa May", "May", "INA", "iPhone", "Al Arayi"):
        assert not is_junk(name), name


def test_fold_keeps_length_and_normalises() -> None:
    for s in ("États-Unis d’Amérique", "Téhéran", "Ærø œuvre"):
        assert len(fold(s)) == len(s)
    assert fold("État d’Irak") == "Etat d'Irak"
    assert norm_key("Etats - Unis") == norm_key("États-Unis")
    assert norm_key("U.S.") == norm_key("US")
    assert slug("Abdulamir al Shamari") == "abdulamir-al-shamari"
    assert slug("États-Unis") == "etats-unis"


@pytest.mark.parametrize(
    ("text", "name", "label", "expected", "expected_label"),
    [
        ("Enfin, M. Brennan a noté.", "Brennan", "PER", "M. Brennan", "PER"),
        ("Selon Mme Dubois, tout va bien.", "Dubois", "PER", "Mme Dubois", "PER"),
        ("Puis M. de Kerillis est venu.", "Kerillis", "LOC", "M. de Kerillis", "PER"),
        ("Le général Dupont arrive.", "Dupont", "PER", "Dupont", "PER"),
        # Civilities written in full join a person, never a work or a shop named after one.
        ("Elle reçut Madame de Maintenon.", "Maintenon", "PER", "Madame de Maintenon", "PER"),
        ("Il salua Monsieur Durand.", "Durand", "PER", "Monsieur Durand", "PER"),
        ("Il relit Madame Bovary.", "Bovary", "MISC", "Bovary", "MISC"),
        ("Un magasin Monsieur Bricolage ferme.", "Bricolage", "ORG", "Bricolage", "ORG"),
        ("Ils vont à Paris.", "Paris", "LOC", "Paris", "LOC"),
    ],
)
def test_french_civility_joins_person_mentions(
    text: str, name: str, label: str, expected: str, expected_label: str
) -> None:
    start = text.index(name)
    s, e, lab = extend_title(text, start, start + len(name), label)
    assert (text[s:e], lab) == (expected, expected_label)


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("said Ursula von der Leyen on Monday", "Ursula", "Ursula von der Leyen"),
        ("talks with Roland van Dijk ended", "Roland", "Roland van Dijk"),
        ("the attack Osama bin Laden planned", "Osama", "Osama bin Laden"),
        ("a statement by de Maiziere said", "Maiziere", "de Maiziere"),
        ("UN chief Ban Ki-moon said", "Ban Ki", "Ban Ki-moon"),
        ("Minister de Maiziere said", "Maiziere", "Maiziere"),  # a capitalised word before the particle
        ("a Merkel-led coalition", "Merkel", "Merkel"),  # a compound, not a given name
        ("a letter from Smith de la part", "Smith", "Smith"),  # no name after the particles
    ],
)
def test_person_span_cut_at_a_particle_or_a_hyphen_is_extended(text: str, span: str, expected: str) -> None:
    start = text.index(span)
    s, e, label = extend_person_particles(text, start, start + len(span), "PER")
    assert (text[s:e], label) == (expected, "PER")


def test_particle_extension_is_for_people_only() -> None:
    text = "flights to Charles de Gaulle"
    start = text.index("Charles")
    assert extend_person_particles(text, start, start + 7, "LOC") == (start, start + 7, "LOC")


def test_a_time_zone_before_a_name_is_not_part_of_it() -> None:
    text = "DW Asia 22:15 UTC Vancouver, then GMT alone."
    start = text.index("UTC")
    span = clean_span(text, start, start + len("UTC Vancouver"), lang="en")
    assert span is not None and text[span[0] : span[1]] == "Vancouver"
    gmt = text.index("GMT")
    assert clean_span(text, gmt, gmt + 3, lang="en") == (gmt, gmt + 3)  # alone it stays, as CoNLL tags it


@pytest.mark.parametrize(("lang", "kept"), [("en", True), ("fr", False), (None, False)])
def test_a_french_month_is_a_name_in_english_text(lang: str | None, kept: bool) -> None:
    # "Mars" is the planet in English; in French text a capitalised month ("Mars 2021") is a date.
    assert (clean_span("Rovers on Mars found water.", 10, 14, lang=lang) is not None) is kept
    assert is_junk("Mars", lang) is not kept


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("as the Shiv Sena - which rules the city - won", "Shiv Sena - which", "Shiv Sena"),
        ("cities of Suez and Alexandria – to call for", "Alexandria – to", "Alexandria"),
        ("the Bermuda Triangle of the solar system", "Bermuda Triangle of the", "Bermuda Triangle"),
        ("The CDU and SPD agreed.", "CDU and", "CDU"),
        ("l'Académie de médecine de Paris", "Académie de médecine de", "Académie de médecine"),
        # A name's own words stay: a capital after the dash, a function word inside.
        ("the rovers - Spirit and Opportunity", "rovers - Spirit", "rovers - Spirit"),
        ("Bank of America shares", "Bank of America", "Bank of America"),
        # A sentence's opening word the model ran into the name.
        ("said. \"Despite Canberra's claims", "Despite Canberra", "Canberra"),
        ("knew it. Even Paracelsus knew", "Even Paracelsus", "Paracelsus"),
        # A parenthesis the span opens and does not close: what follows the name.
        ("Lenormant, à Rouen(Seine-Inférieure) ;", "Rouen(Seine-Inférieure", "Rouen"),
        (
            "the Brazilian Petroleum Corporation (Petrobras) said",
            "Brazilian Petroleum Corporation (Petrobras",
            "Brazilian Petroleum Corporation",
        ),
        ("à Châlons (Marne) hier", "Châlons (Marne)", "Châlons"),
        ("(Chargeurs Réunis),allant du Havre au Brésil", "Chargeurs Réunis),allant du Havre", "Chargeurs Réunis"),
        # A figure after a name and a comma; a dateline in capitals opening the next paragraph.
        ("sur Paris, 123,905; sur New-York,486,75 ;", "New-York,486,75", "New-York"),
        ("some 1,000 Palestinians marched", "1,000 Palestinians", "1,000 Palestinians"),
        ("un cyclone en Birmanie PARIS, 15 (Havas). — On mande", "Birmanie PARIS", "Birmanie"),
        ("LA BOURSE DE PARIS, 14 janvier", "BOURSE DE PARIS", "BOURSE DE PARIS"),
        (
            "la Compagnie (anonyme) des Mines de Blanzy",
            "Compagnie (anonyme) des Mines",
            "Compagnie (anonyme) des Mines",
        ),
    ],
)
def test_clean_span_drops_what_runs_past_the_name(text: str, span: str, expected: str) -> None:
    assert cleaned(text, span) == expected


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        # A pronoun or negation elided before the verb is the clause's, not the name's.
        ("que le Conseil fédéral l'avait présenté", "Conseil fédéral l", "Conseil fédéral"),
        ("Le coureur Tardieu s’est emparé du maillot", "coureur Tardieu s", "coureur Tardieu"),
        ("mais Bolivar n'a pas répondu", "Bolivar n", "Bolivar"),
        # A name's own elided words stay: a capital after the apostrophe, a preposition, "de l'".
        ("le président Giscard d'Estaing", "Giscard d", "Giscard d"),
        ("la Caisse d'épargne de Genève", "Caisse d", "Caisse d"),
        ("au Ministère de l'intérieur", "Ministère de l", "Ministère de l"),
        # A conjunction elided before its apostrophe that OCR glued to the name ends no name.
        ("l'occupation du Tonkinjusqu'à la frontière", "Tonkinjusqu", "Tonkin"),
        ("de déclarer à la Chambréqu'après le pain", "Chambréqu", "Chambré"),
        ("au Congrèslorsqu'il parla", "Congrèslorsqu", "Congrès"),
    ],
)
def test_clean_span_drops_an_elided_pronoun_after_the_name(text: str, span: str, expected: str) -> None:
    assert cleaned(text, span) == expected


@pytest.mark.parametrize(
    "span",
    ["La Chaux - de - Fonds", "Ligue anti - alcoolique", "Rio - de - Janeiro"],
)
def test_clean_span_keeps_a_compound_the_tokeniser_spaced(span: str) -> None:
    assert cleaned(f"à {span} , dit-il", span) == span


@pytest.mark.parametrize(
    ("surface", "parts"),
    [
        ("Palma de Majorque-Palma de Majorque", ["Palma de Majorque", "Palma de Majorque"]),
        ("Alcudia-Alcudia", ["Alcudia", "Alcudia"]),
        ("Baden-Baden", ["Baden-Baden"]),  # a short word twice is a name of its own
        ("Autriche-Hongrie", ["Autriche-Hongrie"]),
    ],
)
def test_a_name_twice_around_a_hyphen_is_two_mentions(surface: str, parts: list[str]) -> None:
    text = f"Huitième étape, {surface} (181,5 km)"
    start = text.index(surface)
    assert [text[s:e] for s, e in repeated_halves(text, start, start + len(surface))] == parts


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # A span that fills a quotation is a title: its article, elision and own "!" or "?" stay.
        ("Il tourne « Le Voyage de la lune » en 1902.", "Le Voyage de la lune"),
        ('Le feuilleton " l\' Hôtel des Pins " plaît.', "l' Hôtel des Pins"),
        ('Son album " Au revoir Paris ! " sort.', "Au revoir Paris !"),
        ("Le jeu « Qui es-tu ? » plaît.", "Qui es-tu ?"),
        ("le roman « L’Oiseau bleu »", "« L’Oiseau bleu »"),
    ],
)
def test_a_span_filling_a_quotation_is_kept_whole(text: str, span: str) -> None:
    assert cleaned(text, span) == span.strip("« »")


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        # Inside running text, or not filling the quotation, the name loses them as before.
        ("Il a vu « la France » gagner à Paris !", "Paris !", "Paris"),
        ("Il a dit « vive la France ! »", "la France !", "France"),
        ("Elle a visité la France.", "la France", "France"),
    ],
)
def test_a_span_not_filling_a_quotation_is_trimmed(text: str, span: str, expected: str) -> None:
    assert cleaned(text, span) == expected


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # The word an elision leads to, spaced from it, is a noun of the name, never a run-on word.
        ("Il reçoit le Trophée d' or en mai.", "Trophée d' or"),
        ("la Porte d’ or du palais", "Porte d’ or"),
    ],
)
def test_the_word_after_an_elision_stays_in_the_name(text: str, span: str) -> None:
    assert cleaned(text, span) == span


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Crowds of pro-Kremlin youths marched.", "pro-Kremlin", "Kremlin"),
        ("An anti-Tolvane campaign began.", "anti-Tolvane", "Tolvane"),
        ("The pre-Maidan order fell.", "pre-Maidan", "Maidan"),
        ("The Anti-Fraud Office ruled.", "Anti-Fraud Office", "Anti-Fraud Office"),  # capitalised: a name's own
        ("Rising anti-Semitism was reported.", "anti-Semitism", "anti-Semitism"),  # one word
    ],
)
def test_a_small_prefix_for_or_against_a_name_is_not_part_of_it(text: str, span: str, expected: str) -> None:
    assert cleaned(text, span) == expected


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Rates rose. The Home Office said so.", "The Home Office", "Home Office"),
        ("Rates rose. The Ministry of Tides said so.", "The Ministry of Tides", "Ministry of Tides"),
        ("Rates rose. The Morning Ledger said so.", "The Morning Ledger", "The Morning Ledger"),  # a title's own
        ("Readers of The Tidal Council wrote.", "The Tidal Council", "The Tidal Council"),  # inside a sentence
    ],
)
def test_the_opening_a_sentence_before_an_institution_is_not_part_of_it(text: str, span: str, expected: str) -> None:
    assert cleaned(text, span) == expected


def test_an_english_common_noun_run_into_a_name_is_not_part_of_it() -> None:
    text = "He told the magazine Der Blick so, and al Nour agreed with von Arx."
    assert clean_span(text, text.index("magazine"), text.index(" so"), None, "en") == (
        text.index("Der Blick"),
        text.index(" so"),
    )
    for name in ("al Nour", "von Arx"):
        start = text.index(name)
        assert clean_span(text, start, start + len(name), None, "en") == (start, start + len(name))


@pytest.mark.parametrize(
    ("span", "parts"),
    [
        ("Ruritair\nEU", ["Ruritair", "EU"]),  # a heading's last name, a known name opening the text
        ("Ruritair\nPhysicist", ["Ruritair"]),  # a sentence's first word: no name unless known
        ("Ruritair\n  EU Members", ["Ruritair"]),  # the later line's whole part must be known
        ("Ruritair Airlines", ["Ruritair Airlines"]),  # one line: as it is
    ],
)
def test_a_span_the_model_ran_across_a_line_break_is_cut_there(span: str, parts: list[str]) -> None:
    text = f"Orders for {span} said so."
    start = text.index(span)
    found = line_parts(text, start, start + len(span), lambda surface: surface == "EU")
    assert [text[s:e] for s, e in found] == parts


@pytest.mark.parametrize(
    "text",
    [
        "Results.\n1. Kenan\nGrove 68",  # a table breaks a name over two lines: not the heading's end
        "Results for Kenan.\nGrove won.",  # the first line ends a sentence: no heading
    ],
)
def test_a_line_break_other_than_a_headings_end_is_left_alone(text: str) -> None:
    start = text.index("Kenan")
    end = text.index("Grove") + len("Grove")
    assert line_parts(text, start, end, lambda _surface: True) == [(start, end)]

"""Ids a place name takes from its article: a country or a city named for its team."""

from __future__ import annotations

import pytest

from streams.entities.context import contextual_ids, is_team_mention, is_team_sport_article, national_side
from streams.entities.ids import name_id
from streams.entities.institutions import qualify_institutions
from streams.entities.registry import EntityRegistry, RegistryConfig
from streams.records import Entity, Mention

MATCH_EN = (
    "Germany beat Turkey 3-2 in the semi-final. The coach praised his squad after the match: the "
    "striker scored two goals before the penalty, and the goalkeeper kept the fans in the stadium "
    "happy. The league season resumes after the tournament. Merkel watched the game in Germany."
)
MATCH_FR = (
    "L'Allemagne a battu la Turquie en demi-finale. L'entraîneur a salué son équipe après le match : "
    "l'attaquant a marqué deux buts, le gardien a tenu, les supporters ont envahi le stade avant la "
    "finale du championnat, malgré l'arbitre. La rencontre s'est jouée en Allemagne."
)
POLITICS_EN = (
    "Germany and Turkey agreed on a migration deal. The chancellor claimed a victory after the vote, "
    "a goal her party had set for the season, while Turkey's president spoke of a draw."
)


def place(name: str, kb_id: str, text: str) -> Entity:
    """A place the tagger linked, with a mention at each occurrence of ``name`` in ``text``."""
    mentions = []
    start = text.find(name)
    while start >= 0:
        mentions.append(Mention("text", start, start + len(name)))
        start = text.find(name, start + 1)
    return Entity(kb_id, name, "LOC", mentions, linked=True, linked_by="kb")


def by_id(entities: list[Entity]) -> dict[str, int]:
    return {e.id: len(e.mentions) for e in entities}


def test_sport_articles_are_told_from_politics_in_both_languages() -> None:
    assert is_team_sport_article(MATCH_EN)
    assert is_team_sport_article(MATCH_FR)
    assert not is_team_sport_article(POLITICS_EN)


def test_a_country_in_a_match_report_is_its_team_except_where_it_is_the_place() -> None:
    germany = place("Germany", "iso:DE", MATCH_EN)
    turkey = place("Turkey", "iso:TR", MATCH_EN)
    out = by_id(contextual_ids([germany, turkey], "", MATCH_EN))
    # "Germany beat Turkey": both teams; "in Germany": the country.
    assert out == {"team:iso:DE": 1, "iso:DE": 1, "team:iso:TR": 1}


def test_the_same_country_in_french_gets_the_same_team_id() -> None:
    allemagne = place("Allemagne", "iso:DE", MATCH_FR)
    out = by_id(contextual_ids([allemagne], "", MATCH_FR))
    assert out == {"team:iso:DE": 1, "iso:DE": 1}  # "L'Allemagne a battu" / "en Allemagne"


def test_outside_sport_a_country_stays_the_country() -> None:
    germany = place("Germany", "iso:DE", POLITICS_EN)
    assert by_id(contextual_ids([germany], "", POLITICS_EN)) == {"iso:DE": 1}


def test_possessive_before_another_name_and_nationality_in_parentheses_are_the_place() -> None:
    text = "They beat Portugal's Benfica; 1. Johan Smit (Belgique), 2. Marco Rossi (Italie)."
    for name in ("Portugal", "Belgique", "Italie"):
        start = text.index(name)
        assert not is_team_mention(text, Mention("text", start, start + len(name))), name
    assert is_team_mention("They beat Portugal 2-0.", Mention("text", 10, 10 + len("Portugal")))


def test_a_city_team_takes_the_id_of_the_club_the_article_names() -> None:
    text = (
        "1. FC Nuremberg upset Werder Bremen 1-0. Nuremberg took the lead after a goal by the striker; "
        "the coach, the goalkeeper, the defender and the fans in the stadium saw the league match turn "
        "before the penalty and the final whistle of the season. Nuremberg's squad travelled to Munich."
    )
    club = Entity("org:1-fc-nuremberg", "1. FC Nuremberg", "ORG", [Mention("text", 0, 15)])
    city = place("Nuremberg", "gn:2861650", text)
    city.mentions = [m for m in city.mentions if m.start > 15]
    registry = EntityRegistry(RegistryConfig())
    out = registry.resolve([club, city], 0.0, text=text)
    ids = by_id(out)
    assert ids == {"org:1-fc-nuremberg": 3}, ids
    # A later match report naming the city alone: the club of the window.
    later = "Nuremberg beat Mainz. " + text[41:]
    out = registry.resolve([place("Nuremberg", "gn:2861650", later)], 600.0, text=later)
    assert [(e.id, e.linked_by) for e in out if e.mentions[0].start == 0] == [("org:1-fc-nuremberg", "registry")]


def test_a_city_team_with_no_known_club_is_the_organisation_of_its_name() -> None:
    # The same id the model's ORG "Mainz" gets, so both ways of tagging the team meet.
    text = MATCH_EN.replace("Germany", "Mainz").replace("Turkey", "Bremen")
    mainz = place("Mainz", "gn:2874225", text)
    out = by_id(contextual_ids([mainz], "", text))
    assert out == {"org:mainz": 1, "gn:2874225": 1}


def institution(name: str, start: int) -> Entity:
    return Entity(name_id("ORG", name), name, "ORG", [Mention("text", start, start + len(name))])


def country(kb_id: str, name: str, *starts: int) -> Entity:
    return Entity(kb_id, name, "LOC", [Mention("text", s, s + len(name)) for s in starts], linked=True)


def test_a_generic_institution_takes_the_country_its_article_is_about() -> None:
    en = [institution("Foreign Ministry", 0), country("iso:CN", "China", 30, 60), country("iso:US", "US", 90)]
    qualify_institutions(en)
    assert en[0].id == "org:foreign-ministry@iso:CN"
    fr = [country("iso:FR", "France", 0), institution("ministère des Affaires étrangères", 20)]
    qualify_institutions(fr)
    assert fr[1].id == "org:ministere-des-affaires-etrangeres@iso:FR"


def test_an_assembly_a_treasury_or_a_statistics_bureau_is_each_countrys_own() -> None:
    en = [institution("National Assembly", 0), institution("Treasury", 20), country("iso:ML", "Mali", 40)]
    qualify_institutions(en)
    assert [e.id for e in en[:2]] == ["org:national-assembly@iso:ML", "org:treasury@iso:ML"]
    fr = [country("iso:SN", "Sénégal", 0), institution("Bureau national de la statistique", 20)]
    qualify_institutions(fr)
    assert fr[1].id == "org:bureau-national-de-la-statistique@iso:SN"


def test_an_institution_named_for_another_country_by_a_possessive_or_an_adjective_is_its_own() -> None:
    text = (
        "Ruritania and Ruritania again. Borduria's Foreign Ministry protested; Ruritania's Foreign "
        "Ministry said nothing. The Syldavian Interior Ministry met Syldavia's envoys. The Interior "
        "Ministry left."
    )

    def at(name: str, nth: int = 0) -> Mention:
        start = -1
        for _ in range(nth + 1):
            start = text.index(name, start + 1)
        return Mention("text", start, start + len(name))

    def named(kb_id: str, name: str, n: int) -> Entity:
        return Entity(kb_id, name, "LOC", [at(name, i) for i in range(n)], linked=True)

    foreign = [at("Foreign Ministry", 0), at("Foreign Ministry", 1)]
    ministry = Entity(name_id("ORG", "Foreign Ministry"), "Foreign Ministry", "ORG", foreign)
    inner = [at("Interior Ministry", 0), at("Interior Ministry", 1)]
    interior = Entity(name_id("ORG", "Interior Ministry"), "Interior Ministry", "ORG", inner)
    places = [named("iso:RR", "Ruritania", 3), named("iso:BD", "Borduria", 1), named("iso:SY", "Syldavia", 1)]
    out = qualify_institutions([*places, ministry, interior], {"title": "", "text": text})
    by = {(e.id, tuple(text[m.start : m.end] for m in e.mentions)) for e in out if e.label == "ORG"}
    assert by == {
        ("org:foreign-ministry@iso:BD", ("Foreign Ministry",)),  # "Borduria's"
        ("org:foreign-ministry@iso:RR", ("Foreign Ministry",)),  # the article's
        # "Syldavian"; the later mention naming no country follows it
        ("org:interior-ministry@iso:SY", ("Interior Ministry", "Interior Ministry")),
    }
    # Without a named owner the entity is the article's country, as before.
    plain = Entity(name_id("ORG", "Interior Ministry"), "Interior Ministry", "ORG", [at("Interior Ministry", 1)])
    out = qualify_institutions([named("iso:RR", "Ruritania", 3), plain], {"title": "", "text": text})
    assert out[1].id == "org:interior-ministry@iso:RR"


def test_a_named_institution_or_an_article_without_a_country_keeps_its_id() -> None:
    named = [institution("Deutsche Bank", 0), institution("Congress", 20), country("iso:US", "US", 40)]
    qualify_institutions(named)
    assert [e.id for e in named[:2]] == ["org:deutsche-bank", "org:congress@iso:US"]
    alone = [institution("Supreme Court", 0)]
    qualify_institutions(alone)
    assert alone[0].id == "org:supreme-court"


def test_a_place_word_after_a_city_in_a_match_report_makes_it_the_place() -> None:
    text = MATCH_EN + " Fans flew home. Hamburg airport was full; Hamburg residents cheered. Hamburg won."
    hamburg = place("Hamburg", "gn:2911298", text)
    teams = [is_team_mention(text, m) for m in hamburg.mentions]
    assert teams == [False, False, True]


def test_a_possessive_is_read_by_what_it_owns() -> None:
    def team(text: str) -> bool:
        start = text.index("Germany")
        return is_team_mention(text, Mention("text", start, start + len("Germany")))

    assert team("Lehmann played solidly in Germany's 1-0 win over Austria.")  # in the win
    assert not team("The coach met Germany's chancellor.")
    assert not team("Germany's environment ministry set targets for the stadium.")
    assert not team("The fans stayed in Germany.")
    assert not team("The fans stayed in 'Germany' for the cup.")  # a quote, not a possessive


def test_two_names_joined_by_a_hyphen_are_a_fixture() -> None:
    text = "Goalkeepers could be key in Germany-Turkey semi-final"
    start = text.index("Germany")
    assert is_team_mention(text, Mention("text", start, start + len("Germany")))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Results in the Bundesliga: Saturday, May 4 Mainz 2-1 Hamburg", "Mainz"),
        ("Results in the Bundesliga: Saturday, May 4 Mainz 2-1 Hamburg", "Hamburg"),
        ("Résultats en Ligue 1 : Lyon 2-1 Nantes", "Lyon"),
    ],
)
def test_a_date_a_score_or_a_colon_ends_the_words_that_make_a_name_a_place(text: str, name: str) -> None:
    start = text.index(name)
    assert is_team_mention(text, Mention("text", start, start + len(name)))
    assert not is_team_mention("They played in Mainz", Mention("text", 15, 20))


def test_a_womens_or_age_limited_competition_in_the_lead_names_that_side() -> None:
    en = "Germany win the U-19 Women's European Championship. " + MATCH_EN
    fr = "La France remporte la Coupe du monde féminine. " + MATCH_FR.replace("L'Allemagne", "La France", 1)
    out_en = by_id(contextual_ids([place("Germany", "iso:DE", en)], "", en))
    assert out_en == {"team:iso:DE:women-u19": 2, "iso:DE": 1}  # "in Germany" stays the country
    out_fr = by_id(contextual_ids([place("France", "iso:FR", fr)], "", fr))
    assert out_fr == {"team:iso:FR:women": 2}
    assert national_side("Les Bleuets au Mondial des moins de 20 ans") == "u20"
    assert national_side("Germany's under-21 team is in the final") == "u21"


def test_a_youth_side_or_women_named_after_the_lead_leave_the_senior_team() -> None:
    later = MATCH_EN + " " * 300 + "Two players come from the under-21 team."
    assert national_side(later) is None
    assert national_side("Women and children fled the stadium before the match") is None
    out = by_id(contextual_ids([place("Germany", "iso:DE", later)], "", later))
    assert out == {"team:iso:DE": 1, "iso:DE": 1}


TENNIS = (
    "Germany waits for a Grand Slam title. The tennis coach saw his player beat the defending champion "
    "in the final of the cup after a penalty point; fans in the stadium cheered the victory, the league "
    "of tennis professionals and the tournament's referee agreed: tennis has a new star for Germany."
)
CYCLING = (
    "La France attend un vainqueur du Tour de France. Le cyclisme français, son entraîneur et ses "
    "supporters au stade d'arrivée : après la finale du championnat, la victoire des cyclistes de la "
    "France a surpris l'arbitre et l'équipe, malgré la qualification manquée en coupe."
)


@pytest.mark.parametrize(
    ("text", "name", "kb_id", "count"),
    [(TENNIS, "Germany", "iso:DE", 2), (CYCLING, "France", "iso:FR", 3)],
)
def test_in_a_tennis_or_a_cycling_report_a_country_stays_the_country(
    text: str, name: str, kb_id: str, count: int
) -> None:
    assert is_team_sport_article(text)
    assert by_id(contextual_ids([place(name, kb_id, text)], "", text)) == {kb_id: count}


def test_a_leagues_name_makes_a_match_report_of_fewer_sport_words() -> None:
    six = "The Bundesliga coach praised his defender: one goal in three matches for the midfielder."
    assert is_team_sport_article(six)
    assert not is_team_sport_article(six.replace("Bundesliga", "regional"))  # five words without it
    assert not is_team_sport_article("The Bundesliga coach praised his defender after the goal.")


def test_in_a_match_report_at_a_city_is_its_club_and_a_country_owning_an_institute_is_the_place() -> None:
    text = MATCH_EN + " He played at Hamburg. Germany's football federation and Germany's institute agreed."
    (at,) = place("Hamburg", "gn:2911298", text).mentions
    assert is_team_mention(text, at)  # "at Hamburg": the club
    federation, institute = place("Germany", "iso:DE", text).mentions[-2:]
    assert not is_team_mention(text, federation) and not is_team_mention(text, institute)
    fr = MATCH_FR + " Il joue à Hambourg depuis deux ans."
    (a,) = place("Hambourg", "gn:2911298", fr).mentions
    assert not is_team_mention(fr, a)  # "à Hambourg" stays the city


def test_either_side_of_a_fixture_is_the_team() -> None:
    text = "Keepers Hold the Key in Norland-Ostmark Semi-Final"
    for name in ("Norland", "Ostmark"):
        start = text.index(name)
        assert is_team_mention(text, Mention("text", start, start + len(name))), name

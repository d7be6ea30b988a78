"""Containment must not catch what only looks like a brief: a shared opening line then another
story, same-topic reports, templated series (weather, stock market), short texts with a stock lead.
Each case is checked in both orders: the short text after the long one (no ``contained`` decision)
and before it (no ``expands`` pointer)."""

from __future__ import annotations

from streams.dedup import DedupConfig, DedupIndex, fingerprint
from streams.dedup.index import DedupOutcome
from streams.dedup.lead import LeadUnits, contained_share

CFG = DedupConfig()


def outcomes(first: str, later: str) -> tuple[DedupOutcome, DedupOutcome]:
    """What the index says of ``later`` after ``first``, and of ``first`` after ``later``."""
    forward = DedupIndex(CFG, {})
    assert forward.check("first", fingerprint(first, CFG), 0.0).decision is None
    backward = DedupIndex(CFG, {})
    assert backward.check("later", fingerprint(later, CFG), 0.0).decision is None
    after = forward.check("later", fingerprint(later, CFG), 3600.0)
    return after, backward.check("first", fingerprint(first, CFG), 3600.0)


def brief_share(long: str, short: str) -> tuple[float, int]:
    """(share of the short text's tokens in units of the long one, shared units), for a short text
    that is brief-sized (its units are its whole text): what containment weighs."""
    inner, outer = fingerprint(short, CFG), fingerprint(long, CFG)
    assert inner.lead_complete and len(inner.lead) < CFG.lead_units
    return contained_share(LeadUnits(inner.lead, inner.lead_tokens), outer.lead)


def assert_kept_apart(first: str, later: str) -> None:
    after, before = outcomes(first, later)
    assert after.decision is None and after.expands is None
    assert before.decision is None and before.expands is None


FIRE_TITLE = "Incendie dans un entrepôt de la zone portuaire"
FIRE_OPENING = (
    "Un incendie s'est déclaré dans la nuit de lundi à mardi dans un entrepôt de la zone portuaire, "
    "mobilisant une soixantaine de pompiers jusqu'au petit matin."
)
FIRE_STORY = "\n\n".join((
    FIRE_TITLE,
    FIRE_OPENING + " Aucun blessé n'est à déplorer, selon la préfecture.",
    "Le bâtiment, qui abritait des palettes de papier destinées au recyclage, est entièrement détruit. "
    "Une enquête a été ouverte pour déterminer l'origine du sinistre. Les riverains ont été invités à "
    "fermer leurs fenêtres en raison des fumées. La circulation a été rétablie sur le quai en fin de "
    "matinée. Le propriétaire de l'entrepôt n'a pas souhaité s'exprimer.",
))


def test_the_title_and_opening_line_alone_are_a_brief() -> None:
    # The control: the same story's title and opening line, nothing else, is contained.
    brief = FIRE_TITLE + "\n\n" + FIRE_OPENING
    assert brief_share(FIRE_STORY, brief) == (1.0, 2)
    after, before = outcomes(FIRE_STORY, brief)
    assert after.decision is not None and after.decision.method == "contained"
    assert before.expands is not None and before.expands.brief_id == "later"


def test_a_shared_opening_line_then_another_story_is_no_brief() -> None:
    # The wire's opening line, then the site's own story (another fire, other facts): short
    # enough to be a brief, but most of its text is not in the earlier article.
    other = "\n\n".join((
        "Deux incendies en une nuit sur le port",
        FIRE_OPENING + " Quelques heures plus tard, un second feu a pris dans un hangar de la criée, "
        "vite maîtrisé par une équipe restée sur place.",
    ))
    assert brief_share(FIRE_STORY, other)[1] == 1  # the opening line
    assert_kept_apart(FIRE_STORY, other)


def test_a_shared_title_and_opening_line_then_other_facts_is_no_brief() -> None:
    # Title and first sentence identical (a site re-using the wire's lead), then facts of its own
    # that make up more than a tenth of the text.
    other = "\n\n".join((FIRE_TITLE, FIRE_OPENING + " Deux pompiers ont été légèrement intoxiqués par les fumées."))
    share, units = brief_share(FIRE_STORY, other)
    assert units == 2 and share < CFG.containment_threshold
    assert_kept_apart(FIRE_STORY, other)


def test_same_topic_reports_are_kept_apart() -> None:
    report = "\n\n".join((
        "Port : le feu de l'entrepôt maîtrisé au petit matin",
        "Les soldats du feu ont lutté toute la nuit contre les flammes qui ravageaient un hangar de "
        "stockage de papier sur les quais. La préfecture ne signale aucune victime.",
    ))
    assert_kept_apart(FIRE_STORY, report)


WEATHER = (
    "Météo : les prévisions pour la journée de {day}\n\n"
    "Voici les prévisions de Météo-France pour la journée de {day}. "
    "Le matin, le ciel sera {sky} sur le littoral avec {morning} degrés. "
    "L'après-midi, {afternoon} dans l'intérieur des terres. "
    "{extra}"
    "Ces prévisions sont mises à jour chaque soir à dix-huit heures."
)


def test_a_templated_weather_series_is_kept_apart() -> None:
    # Two issues of one daily bulletin: the fixed sentences of the template are units of both.
    long_issue = WEATHER.format(
        day="mardi", sky="couvert", morning="douze", afternoon="des averses éparses sont attendues",
        extra="Le vent de sud-ouest soufflera jusqu'à soixante kilomètres par heure sur les côtes. "
        "Les températures resteront douces pour la saison dans toute la région. "
        "Un retour du soleil est espéré pour la fin de la semaine selon les prévisionnistes. ",
    )
    short_issue = WEATHER.format(
        day="mercredi", sky="dégagé", morning="quinze", afternoon="le soleil dominera", extra=""
    )
    assert_kept_apart(long_issue, short_issue)
    # The same day's bulletin without its date in the title: the fixed sentences still do not
    # make a brief of it (its own facts are more than a tenth of its text).
    undated = short_issue.replace("la journée de mercredi", "demain")
    long_undated = long_issue.replace("la journée de mardi", "demain")
    assert brief_share(long_undated, undated)[1] == 2  # the opening and closing sentences
    assert_kept_apart(long_undated, undated)


STOCK_LEAD = "La Bourse de Paris a ouvert en hausse, portée par les valeurs bancaires."


def test_short_texts_with_a_stock_lead_are_kept_apart() -> None:
    session = "\n\n".join((
        "Bourse de Paris : le CAC 40 termine la semaine en hausse",
        STOCK_LEAD + " Le CAC 40 a gagné 1,2% à 5.431 points à la clôture vendredi, après une "
        "semaine marquée par la publication des résultats trimestriels. Les valeurs automobiles ont "
        "reculé, pénalisées par les craintes sur la demande chinoise. Le pétrole a fini stable.",
    ))
    flash = "\n\n".join((
        "Bourse de Paris : le CAC 40 ouvre en hausse jeudi",
        STOCK_LEAD + " L'indice gagnait 0,4% à 5.380 points vers 9h15.",
    ))
    assert brief_share(session, flash)[1] == 1  # the stock lead
    assert_kept_apart(session, flash)
    # Two flashes of different days: the same stock lead, other figures.
    other_day = flash.replace("jeudi", "lundi").replace("0,4% à 5.380", "0,7% à 5.402").replace("9h15", "9h10")
    assert_kept_apart(flash, other_day)


def test_a_stock_lead_under_a_generic_title_is_no_brief() -> None:
    # A generic short title (under four words is no unit) and the stock lead: one unit, no brief.
    flash = "Bourse de Paris\n\n" + STOCK_LEAD
    session = "Bourse de Paris\n\n" + STOCK_LEAD + " Le CAC 40 a gagné 1,2% à 5.431 points à la clôture."
    assert len(fingerprint(flash, CFG).lead) == 1
    assert_kept_apart(session + " Les valeurs automobiles ont reculé. Le pétrole a fini stable.", flash)

"""Ids an entity takes from its article: a country or a city named for its sports team (national
institutions named generically: :mod:`streams.entities.institutions`).

A knowledge-base place id (``iso:``, ``gn:``) says which place a name denotes; news also uses the
name for its team, and the article makes that plain. In a team-sport article ("Germany beat Turkey
3-2", "Nuremberg upset Werder Bremen") a country or a city is its team (a country's is
``team:iso:DE``; a city's is the organisation of its name, which the registry resolves to its club,
see :func:`_team`), unless the words around it make it the place ("in Germany", "Germany's
chancellor", "Azerbaijan's Inter Baku"). An article is a team-sport article when at least
``SPORT_CUES_MIN`` distinct team-sport words occur in it: one "goal" or "victory" is politics as
often as sport. :func:`contextual_ids` runs on each article before the entity registry; only ids
change, never spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from streams.entities.ids import ARTICLE, CONTINENT_IDS, KB_NAMESPACES, name_id, team_id
from streams.entities.spans import fold, words
from streams.records import Entity, Mention

# A continent ("Europe") in a match report is the continent, or the European competitions, never
# one team: CONTINENT_IDS.
# Eight distinct words: a politics article may say "victory", "defeat", "goal", "draw" and "final";
# a match report says eight of these.
SPORT_CUES_MIN = 8
# Team-sport words in English and French (lower-case, accents folded, whole words); none is a common
# word of the other language ("but" is French for "goal").
SPORT_CUES = words(
    """
    match matches goal goals scored scoring scorer beat beating beaten defeat defeated draw drew
    victory coach striker strikers midfielder goalkeeper goalie defender squad league bundesliga cup
    tournament qualifier qualifiers qualifying semi-final semifinal quarterfinal quarter-final final
    finals penalty penalties kickoff fans stadium relegated relegation derby playoffs playoff friendly
    soccer football footballer halftime half-time equalizer equaliser header referee fifa uefa
    champions
    buts victoire defaite entraineur selectionneur attaquant buteur gardien defenseur equipe
    championnat coupe qualification demi-finale finale supporters stade mi-temps arbitre footballeur
    """
)
# A league's name is a surer sign: six words beside one make a match report ("Bundesliga", "coach",
# "defender", "goal", "matches"...).
LEAGUE_CUES = words("bundesliga")
# Words of any sport, beside the team-sport cues: an article with none of either is about no sport,
# and a club's name in it is the city ("At the Oval, Surrey captain Chris Lewis batted" is cricket).
SPORT_WORDS = words(
    """
    game games season seasons captain team teams player players club clubs win wins won winner
    title titles champion championship medal medals race races athlete athletes olympic olympics
    innings wicket wickets batted batting bowled bowler pitcher inning score scores points rally
    saison joueur joueurs club clubs titre champion championne medaille course courses athlete
    """
)
# Words before a name that make it the place: "in Germany", "to Hamburg", "en Allemagne".
PLACE_BEFORE = words(
    """
    in to from at into across throughout near via inside outside around
    en au aux a dans vers depuis pres
    """
)
# In a match report a player is "at" his club and a side plays "at" another's ground: "at Hamburg"
# is the club there, "in Hamburg" the city.
TEAM_PLACE_BEFORE = PLACE_BEFORE - {"at"}
# Words that may stand between such a word and the name: "in the Netherlands", "in Ukraine and Poland".
SKIPPED_BEFORE = words("the la le les l and or et ou")
# Words that make the name after "of" a place: "the city of Hanover", "north of Barcelona", "la ville
# de Lyon" (not the French "est", a verb as often: "c'est de Lyon que").
PLACE_OF = words(
    """
    city town village capital port suburb outskirts north south east west northeast northwest southeast
    southwest ville commune capitale nord sud ouest
    """
)
_COMPOUND_PLACE = re.compile(r"-(?:born|based)\b")
# Words after a name that make it the place: "Germany's chancellor", "Italy Prime Minister", a
# compound ("Hanover-born", "Lyon-based") and a world clock's time zone ("San Francisco UTC -7").
PLACE_AFTER = words(
    """
    government chancellor president prime minister ministry parliament capital city state embassy
    ambassador police army authorities economy citizens people population airport area region
    residents mayor suburbs streets born based utc gmt institute institutes federation association
    gouvernement president ministre capitale ville etat ambassade armee police
    """
)
# Words of a folded, lower-cased text: "l'équipe" -> "l", "equipe"; "semi-final" stays one word.
_FOLDED_WORD = re.compile(r"[a-z][a-z-]*")
_WORD = re.compile(r"[^\W\d_][\w'-]*")
# What ends the words that may govern a name: a sentence's end, a colon, or a figure (a date or a
# score of a results table: "Friday, December 11 Mainz 0-0 Stuttgart" is no "in ... Mainz").
_CLAUSE_END = re.compile(r"[.!?\n:;\d]")
_POSSESSIVE = re.compile(r"['’]s\s+(\S+)")
# "Germany's", "the Netherlands'": not a closing quote ("'Germany'").
_POSSESSIVE_MARK = re.compile(r"['’]s(?!\w)|(?<=s)['’](?!\w)")
# Words of the sports played by one against one, English and French, and how often they make a report
# of one: "tennis" three times is a tennis article, whatever team-sport words it also has.
INDIVIDUAL_CUES_MIN = 3
_INDIVIDUAL_SPORT = re.compile(
    r"(?i)\b(?:tennis|golf|boxing|boxe|cycling|cyclisme|cyclists?|cyclistes?|skiing|ski|biathlon|athletics"
    r"|athl[ée]tisme|grand\s+slam|wimbledon|roland[\s-]+garros|formula\s+one|formule\s+1|tour\s+de\s+france)\b"
)
# Two names joined by a hyphen in a match report are a fixture: "Germany-Turkey", "Bayern-Dortmund".
_FIXTURE = re.compile(r"-(?=[A-ZÀ-ÖØ-Þ])")
_FIXTURE_AFTER = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W\d_]+-$")
# A women's or an age-limited competition or team named in an article's lead (title and first
# sentences): its countries' teams are those sides, not the senior men's team.
_LEAD_CHARS = 300
_COMPETITION = r"(?:world\s+cup|cup|championships?|euro|olympics|tournament|team|side|squad|league)"
_WOMEN_SIDE = re.compile(
    rf"(?i)\bwomen'?s\s+(?:[\w-]+\s+){{0,2}}?{_COMPETITION}\b"
    r"|\b(?:coupe\s+du\s+monde|championnat|[ée]quipe|s[ée]lection|euro)\s+(?:\w+\s+){0,3}?f[ée]minine?s?\b"
)
_AGE_SIDE = re.compile(
    rf"(?i)\b(?:u-?|under-?|under\s|moins\s+de\s)(1[5-9]|2[0-3])(?:\s+ans)?'?s?\s+(?:\w+'?s?\s+){{0,2}}?{_COMPETITION}\b"
    r"|\b(?:mondial|coupe\s+du\s+monde|championnat|euro|[ée]quipe)\s+(?:\w+\s+){0,2}?(?:des\s+)?moins\s+de\s+(1[5-9]|2[0-3])\s+ans"
)


def contextual_ids(entities: Sequence[Entity], title: str, text: str) -> list[Entity]:
    """The article's entities with team ids where the context calls for them (module doc):
    an entity whose mentions are split between place and team becomes two entities."""
    fields = {"title": title, "text": text}
    whole = title + "\n" + text
    sports = any(_is_place_id(e) for e in entities) and is_team_sport_article(whole)
    # A tennis or a cycling report has the team-sport words ("cup", "final", "victory", "coach") and
    # no national team: its countries are the players' and the venues'.
    sports = sports and len(_INDIVIDUAL_SPORT.findall(whole)) < INDIVIDUAL_CUES_MIN
    side = national_side(whole) if sports else None
    out: list[Entity] = []
    for entity in entities:
        if not (sports and _is_place_id(entity)):
            out.append(entity)
            continue
        teams = [m for m in entity.mentions if is_team_mention(fields[m.field], m)]
        places = [m for m in entity.mentions if m not in teams]
        if teams:
            out.append(_team(entity, teams, side))
        if places:
            entity.mentions = places
            out.append(entity)
    return out


def is_team_sport_article(text: str) -> bool:
    """Whether at least ``SPORT_CUES_MIN`` distinct team-sport words occur in ``text``, two fewer
    beside a league's name (one regex scan and a set intersection: a Python loop over the words cost
    1 ms an article)."""
    return sport_cue_count(text) >= SPORT_CUES_MIN


def sport_cue_count(text: str) -> int:
    """How many distinct team-sport words occur in ``text``, a league's name counting three; -1 when
    it has no word of any sport at all (:data:`SPORT_WORDS`: "captain", "batted", "season"...)."""
    words_of = set(_FOLDED_WORD.findall(fold(text).lower()))
    found = SPORT_CUES.intersection(words_of)
    if not found and not SPORT_WORDS.intersection(words_of):
        return -1
    return len(found) + (2 if found & LEAGUE_CUES else 0)


def is_team_mention(text: str, mention: Mention) -> bool:
    """Whether a place name in a team-sport article stands for its team: not "in X", "X's
    government", "X's Inter Baku" (a possessive before another name is the place's club or
    institution)."""
    if _in_parentheses(text, mention):
        return False  # "Johan de Muynck (Belgique)": an athlete's nationality
    possessive = _POSSESSIVE.match(text, mention.end)
    if possessive is not None and possessive.group(1)[:1].isupper():
        return False
    if _FIXTURE.match(text, mention.end) or _FIXTURE_AFTER.search(text, max(0, mention.start - 40), mention.start):
        return True  # "Germany-Turkey semi-final", either side, whatever the word before it ("in")
    if _POSSESSIVE_MARK.match(text, mention.end):
        # "in Germany's 1-0 win" is in the win: the word before a possessive governs what it owns.
        return not place_word_after(text, mention)
    return not named_as_place(text, mention, TEAM_PLACE_BEFORE)


def named_as_place(text: str, mention: Mention, place_before: frozenset[str] = PLACE_BEFORE) -> bool:
    """Whether the words around a name make it a place: a word such as "in", "to", "from" before it
    (over articles, conjunctions and other names: "in the Netherlands", "in Ukraine and Poland"), or
    a word such as "government", "airport", "residents" after it, or after its possessive within
    two words ("Germany's chancellor", "Germany's environment ministry")."""
    before = _words_before(text, mention)
    if before and before[-1] in place_before:
        return True
    return _city_of(before) or place_word_after(text, mention)


def named_as_city(text: str, mention: Mention) -> bool:
    """Whether words make a name the place even in a match report or beside its club's name: "the
    city of Dortmund", "north of Barcelona", a compound ("Hanover-born", "Hamburg-based")."""
    return _city_of(_words_before(text, mention)) or _COMPOUND_PLACE.match(text, mention.end) is not None


def _words_before(text: str, mention: Mention) -> list[str]:
    """The last two folded words of the sentence before a name, past the articles, conjunctions and
    other names right before it ("in the Netherlands", "in Ukraine and Poland")."""
    window = text[max(0, mention.start - 60) : mention.start]
    before = _WORD.findall(_CLAUSE_END.split(window)[-1])
    while before and (_fold_lower(before[-1]) in SKIPPED_BEFORE or before[-1][:1].isupper()):
        before.pop()
    return [_fold_lower(word) for word in before[-2:]]


def _city_of(before: Sequence[str]) -> bool:
    return len(before) >= 2 and before[-1] in ("of", "de") and before[-2] in PLACE_OF


def place_word_after(text: str, mention: Mention) -> bool:
    """Whether a word such as "government", "airport" follows a name, or its possessive within two
    words."""
    possessive = _POSSESSIVE_MARK.match(text, mention.end)
    if possessive is None:
        following = _WORD.findall(text[mention.end : mention.end + 40])[:1]
    else:
        following = _WORD.findall(text[possessive.end() : possessive.end() + 40])[:2]
    return any(_fold_lower(word) in PLACE_AFTER for word in following)


def _in_parentheses(text: str, mention: Mention) -> bool:
    before = text[max(0, mention.start - 2) : mention.start].strip()
    after = text[mention.end : mention.end + 2].strip()
    return before.endswith("(") and after.startswith(")")


def national_side(text: str) -> str | None:
    """The side an article's lead names its competition or team for, when not the senior men's:
    "women", "u20" or "women-u20" ("the U-20 Women's World Cup", "la Coupe du monde féminine", "les
    moins de 21 ans"). Only the lead counts: a report on the senior team may mention a youth side."""
    lead = text[:_LEAD_CHARS]
    women = _WOMEN_SIDE.search(lead) is not None
    age = _AGE_SIDE.search(lead)
    parts = (["women"] if women else []) + ([f"u{age.group(1) or age.group(2)}"] if age is not None else [])
    return "-".join(parts) or None


def _team(place: Entity, mentions: list[Mention], side: str | None = None) -> Entity:
    """The team a place name stands for: a country's is ``team:<country id>`` (its women's or
    age-limited side's ``team:<country id>:<side>``); a city's is an organisation known by the city's
    name, as the model tags "Mainz" in "Mainz beat Bremen", which the registry resolves like any
    short name (to the one club of the article or the window that has it among its words: "1. FC
    Nuremberg" for "Nuremberg")."""
    if place.id.startswith("iso:"):
        tid = team_id(place.id) if side is None else f"{team_id(place.id)}:{side}"
        return Entity(tid, place.name, "ORG", mentions, linked=True, linked_by=ARTICLE)
    return Entity(name_id("ORG", place.name), place.name, "ORG", mentions)


def _is_place_id(entity: Entity) -> bool:
    namespace = entity.id.split(":", 1)[0]
    return entity.label == "LOC" and namespace in KB_NAMESPACES and entity.id not in CONTINENT_IDS


def _fold_lower(word: str) -> str:
    return fold(word).lower()

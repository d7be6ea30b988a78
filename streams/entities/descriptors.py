"""A descriptor a sentence opens with, run into the name after it.

News opens a sentence with a capitalised common noun that says what the name after it is:
"Striker Eugenie Le Sommer scored twice", "Broadcaster Fox News reported", "Carmaker Tesla said".
The model tags the descriptor and the name as one span, so the name is not found under its own key
and the span becomes an entity of its own. :func:`drop_leading_descriptors` gives the name back
when that is safe: the rest of the span is a name the article or the window already knows in full,
the span as written is not known, and the first word is a word of no known name that holds the rest
("Will Smith", "Mark Rutte" stay whole when the window knows them so). A role noun that is no
given name ("Striker", "Rapper", "Diplomat") goes before any name, known or not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from streams.entities.forms import GENERIC_WORDS, name_key
from streams.entities.ids import name_id
from streams.entities.merge import PARTICLES
from streams.entities.registry_store import Lookup
from streams.entities.spans import words
from streams.records import Entity, Mention

# A descriptor is one capitalised word of small letters that names a role or a trade by its ending
# ("Striker", "Broadcaster", "Carmaker", "Economist", "Spokesman", "Defendant", "Director"), never an
# acronym, a word with a capital inside ("McDonald") or an adjective that opens names of its own
# ("New Silk Road", "German Social Democrats", "Great Britain").
# A word in "-man" only after an "s" or as "chairman": "German", "Roman" are not descriptors.
_DESCRIPTOR = re.compile(r"[A-Z][a-z]{2,}(?:er|or|ist|ant|ent|s(?:wo)?man)|Chair(?:wo)?man")
# An auxiliary opening a question runs into the name after it as often ("Has Golden Dawn lost...?").
# Not "Will" nor "May": given names as often.
_AUXILIARIES = frozenset(
    ["Has", "Have", "Had", "Is", "Was", "Are", "Were", "Does", "Did", "Can", "Could", "Should", "Would"]
)
# Role and trade nouns news writes before a name, none of them a given name: the name after them is
# what they describe even where no article gave it before ("Striker Eugenie Le Sommer", "Rapper
# XXXTentacion", "Diplomat Espen Barth Eide", "Starring Ben Affleck"); not before a generic word,
# with which they make an office ("Attorney General").
_ROLE_NOUNS = words(
    """
    Striker Midfielder Defender Goalkeeper Winger Coach Rapper Singer Songwriter Actor Actress Director
    Filmmaker Scriptwriter Screenwriter Writer Author Novelist Poet Artist Painter Sculptor Photographer
    Journalist Reporter Correspondent Editor Columnist Broadcaster Presenter Diplomat Lawyer Attorney
    Prosecutor Economist Analyst Scientist Researcher Historian Activist Spokesman Spokeswoman
    Spokesperson Veteran Dissident Blogger Entrepreneur Businessman Businesswoman Billionaire Tycoon
    Designer Architect Composer Pianist Violinist Guitarist Drummer Comedian Chef Cyclist Skier Swimmer
    Boxer Sprinter Golfer Astronaut Starring
    """
)
# What a sentence opens after: the field's start, a full stop, an opening quote, a line or a bullet
# (not an apostrophe: "Germany's Striker" is a possessive's name).
_SENTENCE_ENDS = frozenset(".!?:;\"“”‘«»(•|–—-")


def drop_leading_descriptors(
    entities: Sequence[Entity], fields: Mapping[str, str], full_names: Lookup
) -> None:
    """Give an entity whose every mention opens a sentence with a descriptor run into a known name
    (module doc) that name: name, id (by name) and the mentions' spans without the first word."""
    article_names = {name_key(e.name) for e in entities}
    for entity in entities:
        if entity.linked or not entity.mentions:
            continue
        first, _, rest = entity.name.partition(" ")
        if first in _ROLE_NOUNS and rest[:1].isupper() and not all(name_key(w) in GENERIC_WORDS for w in rest.split()):
            if not all(_opens_with(m, fields.get(m.field, ""), first) for m in entity.mentions):
                continue
            if full_names(name_key(entity.name)) or _a_known_name_holds(first, rest, full_names):
                continue
        else:
            if not rest or len(rest.split()) < 2 or not (_DESCRIPTOR.fullmatch(first) or first in _AUXILIARIES):
                continue
            if entity.label == "PER" and len([t for t in rest.split() if name_key(t) not in PARTICLES]) < 2:
                continue  # a given name before a surname with its particle ("Taher El Sonni")
            if not all(_opens_sentence(m, fields.get(m.field, ""), first) for m in entity.mentions):
                continue
            if not _known_without(first, rest, article_names, full_names, entity.name):
                continue
        entity.name, entity.id = rest, name_id(entity.label, rest)
        entity.mentions = [without_first_word(m, fields[m.field]) for m in entity.mentions]


def _opens_sentence(mention: Mention, text: str, first: str) -> bool:
    surface = text[mention.start : mention.end]
    if not surface.startswith(first + " "):
        return False
    before = text[max(0, mention.start - 80) : mention.start]
    kept = before.rstrip()
    return not kept or "\n" in before[len(kept) :] or kept[-1] in _SENTENCE_ENDS


def _known_without(first: str, rest: str, article_names: set[str], full_names: Lookup, whole: str) -> bool:
    """Whether ``rest`` is a name the article or the window knows in full, ``whole`` is not known in
    the window, and no name known for ``rest`` holds ``first``."""
    if full_names(name_key(whole)):
        return False
    key = name_key(rest)
    known = full_names(key)
    if key not in article_names - {name_key(whole)} and not known:
        return False
    return not _a_known_name_holds(first, rest, full_names)


def _a_known_name_holds(first: str, rest: str, full_names: Lookup) -> bool:
    """Whether a name the window knows for ``rest`` holds ``first`` ("Will Smith" for "Smith")."""
    folded = name_key(first)
    return any(folded in name_key(name).split() for _, name in full_names(name_key(rest)))


def without_first_word(mention: Mention, text: str) -> Mention:
    """The mention without its first word when it holds two or more ("Striker Eugenie Le Sommer" ->
    "Eugenie Le Sommer", "Hosting Assad" -> "Assad")."""
    surface = text[mention.start : mention.end]
    gap = re.search(r"\s+", surface)
    if gap is None:
        return mention
    return Mention(mention.field, mention.start + gap.end(), mention.end)


# Titles and forms of address news writes before a person's name ("Pope Benedict XVI", "Queen
# Elizabeth II", "Cardinal Joseph Ratzinger", "Chancellor Merkel"): not part of the name, which the
# article also writes without them. English only: a French title is written in lower case.
# An office or a form of address goes before a surname, which names the person alone ("Chancellor
# Merkel" is "Merkel"); a rank of nobility or of a church before a given name, which does not
# ("Prince Harry", "Bishop Albert"): there the title goes only before a name of two words or more.
_SURNAME_TITLES = frozenset(
    ["Mr", "Mrs", "Ms", "Dr", "Judge", "Chancellor", "President", "Senator", "Governor", "Mayor"]
)
_TITLES = _SURNAME_TITLES | frozenset(
    ["Pope", "Prophet", "Prince", "Princess", "Queen", "King", "Cardinal", "Archbishop", "Bishop", "Duke"]
    + ["Duchess", "Sir", "Dame", "Sheikh", "Emir", "Sultan", "Imam", "Rabbi"]
)


def drop_leading_titles(entities: Sequence[Entity], fields: Mapping[str, str]) -> None:
    """Give a person written with a title before the name ("Pope Benedict XVI") the name alone: name,
    id (by name) and the spans of the mentions that open with the title."""
    for entity in entities:
        if entity.label != "PER" or entity.linked:
            continue
        first, _, rest = entity.name.partition(" ")
        title = first.rstrip(".")
        if title not in _TITLES or not rest or not (rest[0].isupper() or rest.split()[0] in PARTICLES):
            continue
        if title not in _SURNAME_TITLES and len(rest.split()) < 2:
            continue
        entity.name, entity.id = rest, name_id(entity.label, rest)
        entity.mentions = [
            without_first_word(m, fields.get(m.field, "")) if _opens_with(m, fields.get(m.field, ""), first) else m
            for m in entity.mentions
        ]


def _opens_with(mention: Mention, text: str, word: str) -> bool:
    return text[mention.start : mention.end].startswith(word + " ")

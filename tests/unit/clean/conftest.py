"""Shared fixtures for the cleaning tests: small articles written for the tests (fr/en/de/es)."""

from __future__ import annotations

import pytest

from streams.clean import CleanConfig, Cleaner

BODIES = {
    "fr": [
        "Le conseil municipal de Lyon a voté mardi soir un budget de rénovation pour les écoles primaires "
        "de la ville, après plusieurs mois de débats avec les associations de parents d’élèves.",
        "Selon l’adjointe chargée de l’éducation, les travaux commenceront dès l’été prochain dans une "
        "vingtaine d’établissements, en priorité ceux dont les toitures et le chauffage sont les plus anciens.",
        "L’opposition a dénoncé un calendrier trop lent et réclame un audit indépendant des bâtiments, "
        "estimant que certaines classes restent mal isolées pendant l’hiver.",
    ],
    "en": [
        "The regional water authority said on Monday that reservoir levels had fallen to their lowest point "
        "in a decade, prompting new restrictions on garden irrigation across the valley.",
        "Officials urged residents to report leaks and said farmers would receive guidance on scheduling "
        "their watering at night, when less water is lost to evaporation.",
        "Environmental groups welcomed the measures but argued that the authority had waited too long "
        "before acting on warnings issued by hydrologists last spring.",
    ],
    "de": [
        "Die Stadtverwaltung von Leipzig hat am Mittwoch neue Pläne für den Ausbau der Straßenbahn "
        "vorgestellt, die bis zum Ende des Jahrzehnts drei zusätzliche Linien vorsehen.",
        "Nach Angaben des Verkehrsdezernats sollen die Bauarbeiten im kommenden Frühjahr beginnen und "
        "zunächst die wachsenden Wohngebiete im Norden der Stadt anbinden.",
        "Anwohner äußerten bei einer Bürgerversammlung Sorgen über Lärm und Baustellen, begrüßten aber "
        "grundsätzlich die bessere Anbindung an das Stadtzentrum.",
    ],
    "es": [
        "El ayuntamiento de Valencia aprobó el jueves un plan para ampliar la red de carriles bici, que "
        "conectará los barrios del sur con el centro histórico antes del próximo verano.",
        "Según la concejala de movilidad, las obras se realizarán por fases para reducir las molestias a "
        "los vecinos y a los comercios de las calles afectadas.",
        "Las asociaciones de ciclistas celebraron la medida, aunque pidieron más aparcamientos seguros "
        "para bicicletas cerca de las estaciones de metro y de tren.",
    ],
}
TITLES = {
    "fr": "Lyon vote un budget pour rénover ses écoles primaires",
    "en": "Water restrictions tighten as reservoirs hit decade low",
    "de": "Leipzig plant drei neue Straßenbahnlinien",
    "es": "Valencia amplía su red de carriles bici",
}


def body(lang: str) -> str:
    """The test body of ``lang``: paragraphs separated by blank lines."""
    return "\n\n".join(BODIES[lang])


def page(lang: str, *, top: list[str] = (), middle: list[str] = (), bottom: list[str] = ()) -> str:  # type: ignore[assignment]
    """A scraped-looking page: extra lines at the top, after the first paragraph and at the bottom."""
    paras = BODIES[lang]
    parts = [*top, paras[0], *middle, *paras[1:], *bottom]
    return "\n\n".join(parts)


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    """One Cleaner for the whole session (no source set on test articles, so nothing is learned)."""
    return Cleaner(CleanConfig())

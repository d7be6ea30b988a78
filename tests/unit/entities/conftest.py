"""Shared fixtures: each spaCy model is loaded once per test session."""

from __future__ import annotations

import pytest

from streams.entities import EntityConfig, EntityTagger
from streams.entities.gazetteer import Gazetteer
from streams.records import Entity


@pytest.fixture(scope="session")
def tagger() -> EntityTagger:
    """The full tagger (fr + en models), loaded once."""
    return EntityTagger(EntityConfig())


@pytest.fixture(scope="session")
def gaz_tagger() -> EntityTagger:
    """Gazetteer-only tagger (no model)."""
    return EntityTagger(EntityConfig(use_model=False))


@pytest.fixture(scope="session")
def gazetteer(gaz_tagger: EntityTagger) -> Gazetteer:
    return gaz_tagger.gazetteer


def surfaces(entity: Entity, title: str, text: str) -> list[str]:
    """The mention surfaces of an entity."""
    return [(title if m.field == "title" else text)[m.start : m.end] for m in entity.mentions]


def by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def assert_offsets(entities: list[Entity], title: str, text: str) -> None:
    """Every mention is inside its field and its surface is trimmed (no article, no spaces)."""
    for ent in entities:
        assert ent.mentions, ent
        for m in ent.mentions:
            field_text = title if m.field == "title" else text
            assert 0 <= m.start < m.end <= len(field_text), (ent, m)
            surface = field_text[m.start : m.end]
            assert surface == surface.strip(), (ent, surface)
            assert not surface.lower().startswith(("l’", "l'", "d’", "d'")), (ent, surface)

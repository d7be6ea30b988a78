"""What the pipeline needs from the settings, and where the statistical NER runs for a batch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from streams.clean import CleanConfig
from streams.dedup import DedupConfig
from streams.entities import EntityConfig
from streams.entities.registry import RegistryConfig

STAGES = ("clean", "dedup", "entities")

# NEWSFEED_NER_BEFORE_DEDUP, resolved (see streams.settings): ``true`` the NER tags in the prepare
# hop, before dedup; ``false`` after dedup, first-seen articles only; ``auto`` before dedup for a
# batch that shows no backlog, after dedup for one that does.
NerBeforeDedup = Literal["true", "false", "auto"]


@dataclass(frozen=True)
class PipelineConfig:
    """The stages' configurations and the pipeline's own limits."""

    max_payload_bytes: int = 2 * 1024 * 1024
    rejected_payload_chars: int = 16_384
    skip: frozenset[str] = frozenset()
    ner_before_dedup: NerBeforeDedup = "false"
    clean: CleanConfig = field(default_factory=CleanConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    entities: EntityConfig = field(default_factory=EntityConfig)
    registry: RegistryConfig = field(default_factory=RegistryConfig)

    def __post_init__(self) -> None:
        unknown = set(self.skip) - set(STAGES)
        if unknown:
            raise ValueError(f"unknown stage(s) to skip: {', '.join(sorted(unknown))}")

    def ner_before_dedup_for(self, backlog: bool) -> bool:
        """Whether the statistical NER tags a prepare batch before dedup.

        With ``auto``: while the input keeps up, tagged at once, an article saves a hop; under a
        ``backlog``, first-seen articles wait for the NER after dedup, which skips the duplicates."""
        if self.ner_before_dedup == "auto":
            return not backlog
        return self.ner_before_dedup == "true"


def config_from_settings(settings: Any, skip: Iterable[str] = ()) -> PipelineConfig:
    """Stage configurations from the typed settings (:class:`streams.settings.Settings`)."""
    dedup_kwargs: dict[str, Any] = {"window_seconds": int(settings.dedup_window_days * 86400)}
    if settings.dedup_threshold >= 0:
        dedup_kwargs["threshold"] = settings.dedup_threshold
    if settings.dedup_shingle_size > 0:
        dedup_kwargs["shingle_size"] = settings.dedup_shingle_size
    return PipelineConfig(
        max_payload_bytes=settings.max_payload_bytes,
        rejected_payload_chars=settings.rejected_payload_chars,
        skip=frozenset(skip),
        ner_before_dedup=settings.ner_before_dedup if settings.ner_enabled else "false",
        clean=CleanConfig(boilerplate_write_every=settings.boilerplate_write_every),
        dedup=DedupConfig(**dedup_kwargs),
        entities=EntityConfig(
            use_model=settings.ner_enabled, batch_size=settings.tag_batch_size, matmul=settings.ner_matmul
        ),
    )

"""The pure pipeline: decode -> clean -> dedup -> tag over typed records. Never imports faust or Kafka.

The worker (:mod:`streams.worker`) and the offline ``newsfeed process`` run this same code.
"""

from streams.pipeline.pipeline import Pipeline, PipelineConfig, config_from_settings

__all__ = ["Pipeline", "PipelineConfig", "config_from_settings"]

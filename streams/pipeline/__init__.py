"""The pure pipeline: decode -> clean -> dedup -> tag over typed records. Never imports faust or Kafka.

The worker (:mod:`streams.worker`) and the offline ``newsfeed process`` run this same code.
"""

from streams.pipeline.config import PipelineConfig, config_from_settings
from streams.pipeline.pipeline import Pipeline

__all__ = ["Pipeline", "PipelineConfig", "config_from_settings"]

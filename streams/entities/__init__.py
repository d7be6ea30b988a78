"""Entity stage (pure: no faust, no Kafka): named entities of an article, merged and linked.

``EntityTagger(EntityConfig()).tag_batch([(title, text, lang), ...])`` returns, per article, its
distinct :class:`~streams.records.Entity` objects with character-offset mentions into the title or text.
"""

from streams.entities.merge import entity_id
from streams.entities.tagger import EntityConfig, EntityTagger

__all__ = ["EntityConfig", "EntityTagger", "entity_id"]

"""newsfeed: a streaming news-feed processor (clean, deduplicate, tag entities) on Apache Kafka."""

__version__ = "0.2.0.dev0"

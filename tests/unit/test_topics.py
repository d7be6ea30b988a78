"""Topic visibility right after creation (streams.topics), with an admin client that answers
as a broker started a moment ago does."""

from __future__ import annotations

from typing import Any

from streams import topics as kafka_tools


class SlowMetadata:
    """describe_topics answers: unknown, then partitions without a leader, then ready."""

    def __init__(self, answers: list[list[dict[str, Any]]]) -> None:
        self.answers = answers
        self.calls = 0

    def describe_topics(self, topics: list[str]) -> list[dict[str, Any]]:
        self.calls += 1
        return [{"name": topics[0], "error_code": 0,
                 "partitions": self.answers[min(self.calls, len(self.answers)) - 1]}]


def test_a_new_topic_counts_once_every_partition_has_a_leader(monkeypatch: Any) -> None:
    monkeypatch.setattr(kafka_tools, "TOPIC_VISIBLE_POLL_S", 0.0)
    admin = SlowMetadata([[], [{"partition_index": 0, "leader_id": -1}, {"partition_index": 1, "leader_id": 1}],
                          [{"partition_index": 0, "leader_id": 1}, {"partition_index": 1, "leader_id": 1}]])
    assert kafka_tools._partitions(admin, "news.raw", timeout=5.0) == 2
    assert admin.calls == 3


def test_a_topic_that_never_shows_up_is_reported_absent(monkeypatch: Any) -> None:
    monkeypatch.setattr(kafka_tools, "TOPIC_VISIBLE_POLL_S", 0.01)
    admin = SlowMetadata([[]])
    assert kafka_tools._partitions(admin, "news.raw", timeout=0.05) is None
    assert admin.calls >= 2

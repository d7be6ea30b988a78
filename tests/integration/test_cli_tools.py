"""`topics create`, `produce` and `tail` against the real broker."""

from __future__ import annotations

import io

import orjson
import pytest

from streams.settings import Settings
from streams.topics import consume, create_topics, internal_topics, produce, tail
from tests.fixtures import examples_file

pytestmark = pytest.mark.integration


def test_topics_create_is_idempotent(worker_env: dict[str, str]) -> None:
    s = Settings.from_env(worker_env)
    first = create_topics(s)
    assert set(s.topics().values()) | set(internal_topics(s)) == set(first)
    assert create_topics(s) == []


def test_produce_then_tail_round_trip(worker_env: dict[str, str], tmp_path: object) -> None:
    s = Settings.from_env(worker_env)
    create_topics(s)
    n = produce(s, [str(examples_file())], progress=False)
    lines = examples_file().read_bytes().splitlines()
    assert n == len(lines)
    buf = io.StringIO()
    assert tail(s, s.topic_raw, limit=n, timeout_s=10, out=buf) == n
    got = [orjson.loads(line) for line in buf.getvalue().splitlines()]
    keyed = {r["key"]: r["value"] for r in got if r["key"]}
    assert keyed["ex-fr-lyon-1"]["source"] == "example-journal.fr"
    assert any(r["value"] == lines[9].decode() for r in got), "invalid JSON is sent and shown as text"


def test_produce_plain_text_files(worker_env: dict[str, str], tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    s = Settings.from_env(worker_env)
    create_topics(s)
    d = Path(str(tmp_path))
    (d / "a.txt").write_text("Un article en texte brut.\n\nDeuxième paragraphe.", encoding="utf-8")
    (d / "b.html").write_text("<html><body><p>Hello</p></body></html>", encoding="utf-8")
    assert produce(s, [str(d / "a.txt"), str(d / "b.html")], progress=False) == 2
    values = [r["value"] for r in consume(s, s.topic_raw, timeout_s=5)]
    assert {"text", "source"} <= set(values[0]) or {"text", "source"} <= set(values[1])
    assert any("html" in v for v in values)

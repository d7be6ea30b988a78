"""streams.bench.synthetic: the soak's seeded article stream."""

from __future__ import annotations

from typing import Any, cast

import orjson


def test_soak_articles_are_deterministic_spaced_and_mixed() -> None:
    from datetime import datetime

    from streams.bench.synthetic import ArticleGenerator

    def make(seed: int) -> tuple[list[tuple[bytes, bytes]], dict[str, int]]:
        gen = ArticleGenerator(seed, start_ts=1_700_000_000.0, spacing_s=30.0)
        return [gen.make(i) for i in range(1500)], gen.counts

    msgs, counts = make(7)
    assert (msgs, counts) == make(7)  # same seed, same stream (independent of PYTHONHASHSEED)
    assert make(8)[0][100] != msgs[100]
    assert sum(counts.values()) == 1500 and all(counts.values())
    copies = counts["exact_copy"] + counts["edited_copy"]
    assert 0.07 < copies / 1500 < 0.13 and counts["too_short"] < 40
    values = [orjson.loads(v) for _, v in msgs]
    assert [k for k, _ in msgs] == [v["id"].encode() for v in values] == [f"soak-{i:07d}".encode() for i in range(1500)]
    times = [datetime.fromisoformat(v["published_at"]).timestamp() for v in values]
    assert times[0] == 1_700_000_000.0 and all(b - a == 30.0 for a, b in zip(times, times[1:], strict=False))
    originals = [v for v in values if len(v["text"].split()) >= 40]
    words = [len(v["text"].split()) for v in originals]
    assert 150 < sum(words) / len(words) < 450  # a few hundred words
    texts = [v["text"] for v in values]
    assert len(set(texts)) == len(texts) - counts["exact_copy"]  # only exact copies repeat a text


def test_soak_articles_give_the_pipeline_real_dedup_work() -> None:
    from streams.bench.synthetic import ArticleGenerator
    from streams.pipeline import Pipeline, PipelineConfig
    from streams.records import Origin, RawMessage
    from tests.unit.pipeline.test_pipeline import CapitalisedWordTagger

    gen = ArticleGenerator(3, start_ts=1_700_000_000.0, spacing_s=60.0)
    msgs = [gen.make(i) for i in range(300)]
    pipeline = Pipeline(PipelineConfig(), tagger=cast(Any, CapitalisedWordTagger()))  # NER stand-in
    outs = pipeline.process((RawMessage(v, Origin("raw", 0, i)) for i, (_, v) in enumerate(msgs)), batch_size=16)
    routes: dict[str, int] = {}
    for out in outs:
        routes[out.route] = routes.get(out.route, 0) + 1
    assert routes.get("duplicates", 0) == gen.counts["exact_copy"] + gen.counts["edited_copy"] > 0
    assert routes.get("rejected", 0) == gen.counts["too_short"]
    assert routes["enriched"] == gen.counts["original"]

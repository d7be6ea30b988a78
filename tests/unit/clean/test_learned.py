"""Boilerplate learned per source."""

from __future__ import annotations

from typing import Any

import orjson

from streams.clean import BoilerplateLearner, CleanConfig, Cleaner
from streams.records import RawArticle
from tests.fixtures import synthetic_article


def _learned_count(learner: Any, source: str) -> int:
    """How many lines of ``source`` are learned boilerplate now (seen in enough articles)."""
    lines = learner.state(source).get("lines") or {}
    return sum(1 for v in lines.values() if v[0] >= learner.config.boilerplate_min_articles)

FOOTER = "Suivez toute notre actualité régionale sur notre application mobile gratuite"
CONFIG = CleanConfig(boilerplate_min_articles=3)


def _article(i: int, source: str, footer: str = FOOTER) -> RawArticle:
    return RawArticle(id=f"{source}-{i}", text=synthetic_article(i) + "\n\n" + footer, source=source,
                      title=f"Titre numéro {i} de la journée")


def test_line_learned_after_threshold() -> None:
    store: dict[str, object] = {}
    cleaner = Cleaner(CONFIG, BoilerplateLearner(CONFIG, store))
    results = [cleaner.clean(_article(i, "site-a")) for i in range(5)]
    # Seen in 1, 2 articles: kept; the third distinct article reaches the threshold.
    assert [FOOTER in r.text for r in results] == [True, True, False, False, False]
    assert results[2].report.lines_removed_learned == 1
    assert results[2].report.chars_removed_learned == len(FOOTER)
    assert results[0].report.lines_removed_learned == 0


def test_sources_are_independent() -> None:
    cleaner = Cleaner(CONFIG, BoilerplateLearner(CONFIG, {}))
    for i in range(4):
        cleaner.clean(_article(i, "site-a"))
    other = cleaner.clean(_article(100, "site-b"))
    assert FOOTER in other.text


def test_replayed_article_not_counted_twice() -> None:
    cleaner = Cleaner(CONFIG, BoilerplateLearner(CONFIG, {}))
    for _ in range(5):
        out = cleaner.clean(_article(1, "site-a"))
    assert FOOTER in out.text


def test_source_from_url_host() -> None:
    cleaner = Cleaner(CONFIG, BoilerplateLearner(CONFIG, {}))
    outs = []
    for i in range(3):
        art = _article(i, "x")
        art.source, art.url = None, f"https://www.example.org/news/{i}"
        outs.append(cleaner.clean(art))
    assert FOOTER not in outs[-1].text


def test_store_round_trip_through_plain_json() -> None:
    store: dict[str, object] = {}
    learner = BoilerplateLearner(CONFIG, store)
    cleaner = Cleaner(CONFIG, learner)
    for i in range(2):
        cleaner.clean(_article(i, "site-a"))
    restored = orjson.loads(orjson.dumps(store))  # state is plain JSON
    cleaner2 = Cleaner(CONFIG, BoilerplateLearner(CONFIG, restored))
    assert FOOTER not in cleaner2.clean(_article(2, "site-a")).text


class _WriteOnlyStore(dict[str, object]):
    """Like a Faust table: returns copies, so only ``store[k] = v`` persists."""

    def get(self, key: str, default: object = None) -> object:
        return orjson.loads(orjson.dumps(super().get(key, default)))


def test_changes_are_written_back() -> None:
    store = _WriteOnlyStore()
    cleaner = Cleaner(CONFIG, BoilerplateLearner(CONFIG, store))
    outs = [cleaner.clean(_article(i, "site-a")) for i in range(3)]
    assert FOOTER not in outs[-1].text


def test_state_is_bounded() -> None:
    config = CleanConfig(boilerplate_max_lines_per_source=50, boilerplate_min_articles=3)
    store: dict[str, dict[str, object]] = {}
    learner = BoilerplateLearner(config, store)
    for i in range(40):
        learner.observe("s", str(i), [f"unique line {i} {j}" for j in range(10)] + [FOOTER])
    lines = store["s"]["lines"]
    assert isinstance(lines, dict) and len(lines) <= 50
    assert _learned_count(learner, "s") == 1  # the recurring line survives eviction


def test_no_source_no_learning() -> None:
    store: dict[str, object] = {}
    learner = BoilerplateLearner(CONFIG, store)
    blocks = [["a line that repeats"]]
    for i in range(5):
        assert learner.filter(None, str(i), blocks) == (blocks, 0, 0)
    assert store == {}


def test_write_behind_writes_every_nth_observation_with_the_same_decisions() -> None:
    behind = CleanConfig(boilerplate_min_articles=3, boilerplate_write_every=3)
    store: dict[str, object] = {}
    writes: list[int] = []

    class CountingStore(dict[str, object]):
        def __setitem__(self, key: str, value: object) -> None:
            writes.append(int(value["seq"]))  # type: ignore[index]
            super().__setitem__(key, value)

    counted = CountingStore()
    lazy = Cleaner(behind, BoilerplateLearner(behind, counted))
    eager = Cleaner(CONFIG, BoilerplateLearner(CONFIG, store))
    for i in range(8):
        assert lazy.clean(_article(i, "site-a")).text == eager.clean(_article(i, "site-a")).text
    assert writes == [1, 4, 7]  # the first observation at once, then every third
    assert lazy.learner.state("site-a")["seq"] == 8 and _learned_count(lazy.learner, "site-a") == 1


def test_invalidate_reads_the_store_again() -> None:
    behind = CleanConfig(boilerplate_min_articles=3, boilerplate_write_every=4)
    store: dict[str, object] = {}
    learner = BoilerplateLearner(behind, store)
    for i in range(3):
        learner.observe("s", str(i), [FOOTER])
    assert learner.state("s")["seq"] == 3 and store["s"]["seq"] == 1  # type: ignore[index]
    learner.invalidate()  # e.g. the table partition was re-assigned and recovered
    assert learner.state("s")["seq"] == 1
    learner.observe("s", "3", [FOOTER])  # the first observation after it is written at once
    assert store["s"]["seq"] == 2  # type: ignore[index]

"""The entity tagger in a child process: same entities as in-process, failures as data, a dead child replaced."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator

import pytest

from streams.entities import EntityConfig, EntityTagger
from streams.records import StageError
from streams.worker.ner_process import NerProcess, TaggerDied
from tests.fixtures import synthetic_article

# The gazetteer alone: the child starts in about a second and tags the same way as the full tagger.
CONFIG = EntityConfig(use_model=False)
ITEMS = [
    ("Emmanuel Macron à Berlin", synthetic_article(7, "fr") + " La France et l'Allemagne.", "fr"),
    ("Talks in Washington", "The United Nations met in New York with NATO.", "en"),
    ("", "", None),
]


@pytest.fixture(scope="module")
def child() -> Iterator[NerProcess]:
    tagger = NerProcess(CONFIG)
    try:
        yield tagger
    finally:
        tagger.close()


def test_entities_are_those_of_the_tagger_in_process(child: NerProcess, gaz_tagger: EntityTagger) -> None:
    expected = gaz_tagger.tag_batch(ITEMS)
    assert any(expected), "the fixture articles name something"
    assert child.tag_batch(ITEMS) == expected
    assert asyncio.run(child.tag(ITEMS)) == expected
    assert child.pid is not None and child.pid != os.getpid()


@pytest.fixture(scope="module")
def gaz_tagger() -> EntityTagger:
    """The gazetteer-only tagger in this process: what the child must answer."""
    return EntityTagger(CONFIG)


def test_an_article_the_child_fails_on_is_its_typed_error_and_its_batch_mates_are_tagged(
    child: NerProcess, gaz_tagger: EntityTagger
) -> None:
    bad = (1, 2, "fr")  # not text: the tagger raises
    answers = asyncio.run(child.tag([ITEMS[0], bad, ITEMS[1]]))  # type: ignore[list-item]
    assert answers[0] == gaz_tagger.tag_batch(ITEMS[:1])[0] and answers[2] == gaz_tagger.tag_batch(ITEMS[1:2])[0]
    assert isinstance(answers[1], StageError) and answers[1].code == "entities_failed"


def test_a_tagger_error_in_the_child_is_a_stage_error_and_the_child_goes_on(child: NerProcess) -> None:
    pid = child.pid
    with pytest.raises(StageError) as failure:
        child.tag_batch([(1, 2, "fr")])  # type: ignore[list-item]  # not text: the tagger raises
    assert failure.value.code == "entities_failed" and "TypeError" in failure.value.message
    assert child.tag_batch(ITEMS[:1]) and child.pid == pid


def test_a_dead_child_fails_its_batch_and_is_replaced(gaz_tagger: EntityTagger) -> None:
    replaced: list[str] = []
    tagger = NerProcess(CONFIG, on_replace=replaced.append)
    try:
        first = tagger.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 30
        outcomes: list[object] = []
        while time.monotonic() < deadline:
            try:
                outcomes.append(tagger.tag_batch(ITEMS))
                break
            except TaggerDied as died:  # the batch sent before the death was noticed
                assert died.code == "entities_failed"
                outcomes.append(died)
        assert outcomes[-1] == gaz_tagger.tag_batch(ITEMS)
        assert len(outcomes) <= 2  # at most one batch lost to the death, then a new child
        assert tagger.pid not in (None, first)
        assert replaced == ["died"]
    finally:
        tagger.close()
    assert tagger.pid is None


def test_a_child_that_does_not_answer_in_time_is_replaced(gaz_tagger: EntityTagger) -> None:
    replaced: list[str] = []
    tagger = NerProcess(CONFIG, call_timeout_s=1e-6, on_replace=replaced.append)  # nothing answers that fast
    try:
        first = tagger.pid
        with pytest.raises(TaggerDied, match="no answer within"):
            tagger.tag_batch(ITEMS * 20)
        tagger.call_timeout_s = 60.0
        assert tagger.tag_batch(ITEMS) == gaz_tagger.tag_batch(ITEMS)
        assert tagger.pid not in (None, first)
        assert replaced == ["hung"]
    finally:
        tagger.close()

"""Articles too short to stand alone: a copy of a story in the window is a duplicate, anything else a dead letter.

The brief of ``story_and_brief`` (a title and one sentence) is an article under cleaning's default
floors; the lookup path of a text under the floor is shown with a floor of two sentences."""

from __future__ import annotations

import orjson

from streams.clean import CleanConfig
from streams.dedup import DedupConfig, DedupIndex, fingerprint
from streams.pipeline import Pipeline, PipelineConfig
from streams.pipeline.outputs import TERMINAL_ROUTES, Output
from streams.pipeline.prepared import PreparedArticle
from streams.records import Origin, RawMessage
from tests.fixtures import story_and_brief
from tests.unit.pipeline.test_pipeline import CapitalisedWordTagger

# Two sentences: the brief of ``story_and_brief`` is under it.
TWO_SENTENCES = CleanConfig(min_chars=200, min_words=30)


def _run(records: list[tuple[bytes, bytes | None]], **cfg: object) -> list[Output]:
    cfg.setdefault("clean", TWO_SENTENCES)
    pipeline = Pipeline(PipelineConfig(**cfg), tagger=CapitalisedWordTagger())  # type: ignore[arg-type]
    messages = [
        RawMessage(value, Origin("raw", 0, i), key, (("trace", b"t%d" % i),)) for i, (value, key) in enumerate(records)
    ]
    return [o for o in pipeline.process(messages, batch_size=4) if o.route in TERMINAL_ROUTES]


def test_a_short_brief_of_a_story_in_the_window_is_a_contained_duplicate() -> None:
    story, brief = story_and_brief()
    outs = _run([(orjson.dumps({"id": "story", **story}), None), (orjson.dumps({"id": "brief", **brief}), b"k-brief")])
    assert [o.route for o in outs] == ["enriched", "duplicates"]
    assert outs[1].value["duplicate_of"] == "story" and outs[1].value["method"] == "contained"


def test_a_short_text_that_copies_nothing_is_cleanings_dead_letter_with_its_key_and_headers() -> None:
    story, brief = story_and_brief()
    # The brief first: it cannot be compared with a story not seen yet, and is not registered, so the
    # story that follows is first-seen and expands nothing.
    outs = _run([(orjson.dumps({"id": "brief", **brief}), b"k-brief"), (orjson.dumps({"id": "story", **story}), None)])
    assert [o.route for o in outs] == ["rejected", "enriched"]
    error = outs[0].value["error"]
    assert error["code"] == "empty_after_cleaning" and error["stage"] == "clean" and "minimum 200" in error["message"]
    assert outs[0].key == "k-brief" and outs[0].headers == (("trace", b"t0"),) and outs[0].value["id"] == "brief"
    assert outs[0].value["source_offset"] == 0 and "expands" not in outs[1].value
    # Two copies of one short text: neither is registered, both are dead letters.
    outs = _run([(orjson.dumps({"id": f"b{i}", **brief}), None) for i in range(2)])
    assert [o.route for o in outs] == ["rejected", "rejected"]


def test_without_dedup_a_short_text_is_rejected_in_step_one() -> None:
    story, brief = story_and_brief()
    pipeline = Pipeline(PipelineConfig(skip=frozenset({"dedup"}), clean=TWO_SENTENCES), tagger=CapitalisedWordTagger())
    out = pipeline.prepare([RawMessage(orjson.dumps({"id": "brief", **brief}), Origin("raw", 0, 0), b"k")]).steps[0]
    assert isinstance(out, Output) and out.route == "rejected" and out.key == "k"
    assert out.value["error"]["code"] == "empty_after_cleaning"


def test_a_short_article_travels_between_hops_with_its_reason_key_and_headers() -> None:
    _, brief = story_and_brief()
    pipeline = Pipeline(PipelineConfig(clean=TWO_SENTENCES), tagger=CapitalisedWordTagger())
    message = RawMessage(orjson.dumps({"id": "brief", **brief}), Origin("raw", 2, 7), b"k", (("h", b"\x00\xff"),))
    step = pipeline.prepare([message]).steps[0]
    assert isinstance(step, PreparedArticle) and step.short is not None
    assert step.short.startswith(f"{len(step.text)} chars")
    assert pipeline.untagged([step]) == []  # never tagged: it leaves dedup as a duplicate or a dead letter
    again = pipeline.read_prepared(orjson.loads(orjson.dumps(step.to_dict())), Origin("x", 0, 0), "dedup")
    assert again == step and again.input_key == "k" and again.headers == (("h", b"\x00\xff"),)


def test_under_the_default_floors_a_one_sentence_brief_is_an_article_that_its_story_expands() -> None:
    story, brief = story_and_brief()
    default = CleanConfig()
    outs = _run([(orjson.dumps({"id": "story", **story}), None), (orjson.dumps({"id": "brief", **brief}), None)],
                clean=default)
    assert [o.route for o in outs] == ["enriched", "duplicates"]
    assert outs[1].value["duplicate_of"] == "story" and outs[1].value["method"] == "contained"
    # The brief first: registered as the article it is, so the story that follows expands it.
    outs = _run([(orjson.dumps({"id": "brief", **brief}), None), (orjson.dumps({"id": "story", **story}), None)],
                clean=default)
    assert [o.route for o in outs] == ["enriched", "enriched"]
    assert outs[0].value["text"] == brief["text"] and outs[1].value["expands"] == "brief"


def test_under_the_default_floors_a_fragment_is_still_looked_up_and_an_error_page_is_refused_at_once() -> None:
    story, brief = story_and_brief()
    fragment = {"title": brief["title"], "text": "Vote mardi soir."}
    outs = _run([(orjson.dumps({"id": "f", **fragment}), b"k")], clean=CleanConfig())
    assert outs[0].route == "rejected" and "minimum 40 / 6" in outs[0].value["error"]["message"]
    error_page = {"title": "Page introuvable", "text": "Erreur 404\n\nLa page que vous recherchez n'existe pas."}
    outs = _run([(orjson.dumps({"id": "story", **story}), None), (orjson.dumps({"id": "e", **error_page}), b"k")],
                clean=CleanConfig())
    assert [o.route for o in outs] == ["enriched", "rejected"]
    assert outs[1].value["error"]["code"] == "empty_after_cleaning"
    assert outs[1].value["error"]["message"].startswith("not an article: an error page")


def test_a_lookup_without_registering_writes_nothing() -> None:
    story, brief = story_and_brief()
    config = DedupConfig()
    index = DedupIndex(config)
    fp_brief = fingerprint(brief["title"] + "\n" + brief["text"], config)
    assert index.check("brief", fp_brief, 1_000.0, register=False).decision is None
    assert not index.store
    assert index.check("story", fingerprint(story["title"] + "\n" + story["text"], config), 1_010.0).decision is None
    keys = set(index.store)
    decision = index.check("brief", fp_brief, 1_020.0, register=False).decision
    assert decision is not None and decision.duplicate_of == "story" and set(index.store) == keys

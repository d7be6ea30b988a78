"""The pipeline chaining decode -> clean -> dedup -> tag, offline, on the bundled examples."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
import pytest

from streams.entities import EntityConfig
from streams.pipeline import Pipeline, PipelineConfig
from streams.pipeline.decode import payload_key
from streams.pipeline.outputs import TERMINAL_ROUTES, Output
from streams.pipeline.pipeline import Step
from streams.pipeline.prepared import PreparedArticle
from streams.records import Entity, Mention, Origin, RawMessage
from tests.fixtures import examples_file, synthetic_article


class CapitalisedWordTagger:
    """Test double for the NER stage: tags capitalised words after the first one as MISC."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on
        self.batches: list[int] = []

    def tag_batch(self, items: Sequence[tuple[str, str, str | None]]) -> list[list[Entity]]:
        self.batches.append(len(items))
        out = []
        for _title, text, _lang in items:
            if self.fail_on and self.fail_on in text:
                raise RuntimeError("tagger exploded")
            word = next((w for w in text.split()[1:] if w[:1].isupper() and w.isalpha()), None)
            ents = []
            if word:
                start = text.index(word)
                ents.append(Entity(f"misc:{word.lower()}", word, "MISC", [Mention("text", start, start + len(word))]))
            out.append(ents)
        return out


def _run(lines: list[bytes], tagger: Any = None, **cfg: Any) -> list[Output]:
    pipeline = Pipeline(PipelineConfig(**cfg), tagger=tagger or CapitalisedWordTagger())
    return list(pipeline.process(_messages(lines), batch_size=4))


def _messages(lines: list[bytes], topic: str = "file", partition: int = 0, first: int = 0) -> list[RawMessage]:
    return [RawMessage(ln, Origin(topic, partition, first + i)) for i, ln in enumerate(lines)]


def _prepare_one(pipeline: Pipeline, payload: bytes, origin: Origin, key: bytes | None = None) -> Step:
    return pipeline.prepare([RawMessage(payload, origin, key)]).steps[0]


def _terminal(outs: list[Output]) -> list[Output]:
    return [o for o in outs if o.route in TERMINAL_ROUTES]


def test_examples_route_as_documented() -> None:
    lines = examples_file().read_bytes().splitlines()
    outs = _run(lines)
    terminal = _terminal(outs)
    assert len(terminal) == len(lines), "exactly one terminal record per input line"
    by_id = {o.key: o for o in terminal}
    enriched = {o.key for o in terminal if o.route == "enriched"}
    assert {"ex-fr-lyon-1", "ex-en-rotterdam", "ex-de-grundsteuer", "ex-es-glaciares",
            "ex-en-kenya-html", "ex-fr-grenoble"} == enriched
    assert by_id["ex-fr-lyon-2"].value["duplicate_of"] == "ex-fr-lyon-1"
    assert by_id["ex-fr-lyon-2"].value["method"] == "exact"
    assert by_id["ex-fr-lyon-3"].value["duplicate_of"] == "ex-fr-lyon-1"
    assert by_id["ex-fr-lyon-3"].value["method"] == "near"
    codes = sorted(o.value["error"]["code"] for o in terminal if o.route == "rejected")
    assert codes == sorted(["invalid_json", "wrong_field_type", "no_text", "not_an_object",
                            "invalid_published_at", "empty_after_cleaning"])
    lyon = by_id["ex-fr-lyon-1"].value
    assert "Lire aussi" not in lyon["text"] and "Article suivant" not in lyon["text"]
    assert lyon["title"].startswith("Lyon vote un plan") and lyon["lang"] == "fr"
    assert "Read more" not in by_id["ex-en-rotterdam"].value["text"]
    assert "cookies" not in by_id["ex-en-kenya-html"].value["text"]


def test_outputs_keep_input_order() -> None:
    lines = [orjson.dumps({"id": f"o{i}", "text": synthetic_article(i)}) for i in range(10)]
    lines.insert(3, b"garbage")
    keys = [o.key for o in _terminal(_run(lines))]
    assert keys[:3] == ["o0", "o1", "o2"] and keys[4:] == [f"o{i}" for i in range(3, 10)]


def test_one_failing_article_does_not_reject_its_batch() -> None:
    lines = [orjson.dumps({"id": f"b{i}", "text": synthetic_article(100 + i)}) for i in range(4)]
    lines.append(orjson.dumps({"id": "boom", "text": synthetic_article(200) + "\n\nKaboom Kaboom here."}))
    outs = _terminal(_run(lines, tagger=CapitalisedWordTagger(fail_on="Kaboom")))
    routes = {o.key: o.route for o in outs}
    assert routes.pop("boom") == "rejected"
    assert set(routes.values()) == {"enriched"}
    rejected = [o for o in outs if o.key == "boom"][0].value
    assert rejected["error"]["code"] == "entities_failed" and rejected["error"]["stage"] == "entities"


def test_entities_records_follow_enriched() -> None:
    outs = _run([orjson.dumps({"id": "e1", "text": synthetic_article(5, "en")})])
    assert [o.route for o in outs][0] == "enriched"
    ents = [o for o in outs if o.route == "entities"]
    assert ents and all(o.value["article_id"] == "e1" for o in ents)


def test_skip_dedup_lets_copies_through() -> None:
    text = synthetic_article(9)
    lines = [orjson.dumps({"id": "c1", "text": text}), orjson.dumps({"id": "c2", "text": text})]
    assert [o.route for o in _terminal(_run(lines))] == ["enriched", "duplicates"]
    assert [o.route for o in _terminal(_run(lines, skip=frozenset({"dedup"})))] == ["enriched", "enriched"]


def test_a_brief_after_its_story_is_contained_and_a_story_after_its_brief_expands_it() -> None:
    title = "Le conseil vote la rénovation de la piscine municipale"
    paras = synthetic_article(11, paragraphs=6, words=30).split("\n\n")
    story = {"title": title, "text": "\n\n".join(paras)}
    brief = {"title": title, "text": "\n\n".join(paras[:2])}
    later = [orjson.dumps({"id": "story", **story}), orjson.dumps({"id": "brief", **brief})]
    outs = _terminal(_run(later))
    assert [o.route for o in outs] == ["enriched", "duplicates"]
    assert outs[1].value["method"] == "contained" and outs[1].value["duplicate_of"] == "story"
    assert outs[1].value["containment"] == outs[1].value["similarity"] == 1.0
    first = [orjson.dumps({"id": "brief", **brief}), orjson.dumps({"id": "story", **story})]
    outs = _terminal(_run(first))
    assert [o.route for o in outs] == ["enriched", "enriched"]
    assert "expands" not in outs[0].value and outs[1].value["expands"] == "brief"


def test_skip_entities_and_clean() -> None:
    line = orjson.dumps({"id": "s1", "text": "Accueil > Monde\n\n" + synthetic_article(3)})
    out = _terminal(_run([line], skip=frozenset({"entities", "clean"})))[0]
    assert out.value["entities"] == [] and out.value["text"].startswith("Accueil > Monde")


def test_unknown_stage_to_skip_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown stage"):
        Pipeline(PipelineConfig(skip=frozenset({"nope"})), tagger=CapitalisedWordTagger())


def test_an_unreadable_prepared_record_becomes_a_dead_letter_of_the_hop_that_read_it() -> None:
    pipeline = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger())
    prepared = _prepare_one(pipeline, orjson.dumps({"id": "d1", "text": synthetic_article(1)}), Origin("t", 1, 2))
    assert isinstance(prepared, PreparedArticle)
    record = prepared.to_dict()
    record["fingerprint"] = {"broken": True}
    out = pipeline.read_prepared(record, Origin("app.prepared", 0, 77), "dedup")
    assert isinstance(out, Output) and out.route == "rejected" and out.key == "d1"
    assert out.value["error"]["code"] == "dedup_failed" and out.value["source_offset"] == 2  # the raw input's


def test_a_dedup_failure_becomes_a_dead_letter() -> None:
    pipeline = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger())
    prepared = _prepare_one(pipeline, orjson.dumps({"id": "d2", "text": synthetic_article(1)}), Origin("t", 1, 3))
    assert isinstance(prepared, PreparedArticle)

    def explode(*_args: Any) -> None:
        raise KeyError("index corrupt")

    pipeline.dedup_index.check = explode  # type: ignore[method-assign, assignment]
    out = pipeline.deduplicate(prepared)
    assert isinstance(out, Output) and out.value["error"]["code"] == "dedup_failed"
    assert out.value["error"]["stage"] == "dedup" and out.value["source_offset"] == 3


def test_a_prepared_article_round_trips_through_its_internal_topic_form() -> None:
    pipeline = Pipeline(PipelineConfig(entities=EntityConfig(use_model=False)))
    text = "Le président a rencontré à Paris le chancelier allemand. " + synthetic_article(5)
    steps = pipeline.tag(pipeline.prepare(_messages([orjson.dumps({"id": "r1", "text": text})])).steps)
    article = steps[0]
    assert isinstance(article, PreparedArticle) and article.tagged
    again = pipeline.read_prepared(orjson.loads(orjson.dumps(article.to_dict())), Origin("x", 0, 0), "dedup")
    assert again == article
    article.expands = "brief-1"  # set by dedup on a story that came after its brief
    again = pipeline.read_prepared(orjson.loads(orjson.dumps(article.to_dict())), Origin("x", 0, 0), "tag")
    assert again == article and again.expands == "brief-1"


def test_future_publication_date_falls_back_to_processing_time() -> None:
    pipeline = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger(), clock=lambda: 1_000_000.0)
    art = orjson.dumps({"id": "f", "text": synthetic_article(2), "published_at": "2999-01-01T00:00:00Z"})
    prepared = _prepare_one(pipeline, art, Origin("t", 0, 0))
    assert isinstance(prepared, PreparedArticle) and prepared.event_ts == 1_000_000.0


def test_stage_timings_are_observed() -> None:
    seen: list[str] = []
    pipeline = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger(), observe=lambda s, _t: seen.append(s))
    list(pipeline.process(_messages([orjson.dumps({"id": "t", "text": synthetic_article(4)})])))
    assert {"decode", "clean", "dedup", "entities"} <= set(seen)


@pytest.mark.parametrize(
    ("payload", "key", "article_id"),
    [
        ({"id": "bad-1", "text": 12345}, "bad-1", "bad-1"),  # names itself: dead-lettered under its id
        ({"id": "  bad-2 ", "url": "https://example.org/x"}, "bad-2", "bad-2"),  # no text
        ({"id": 7, "text": "x"}, None, None),  # an id that is not a string cannot be trusted
        ({"id": "x" * 10_000, "text": 1}, None, None),  # nor an absurdly long one
    ],
)
def test_a_bad_article_is_rejected_under_its_own_id(payload: dict, key: str | None, article_id: str | None) -> None:
    pipeline = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger())
    raw = orjson.dumps(payload)
    out = _prepare_one(pipeline, raw, Origin("t", 0, 0))
    assert isinstance(out, Output) and out.route == "rejected"
    assert out.value["id"] == article_id
    assert out.key == (key if key is not None else payload_key(raw))


@pytest.mark.parametrize("payload", [b"\xff\xfe not utf-8", b"not json", orjson.dumps({"id": "named", "text": 1})])
def test_a_dead_letter_keeps_the_input_records_key_and_headers(payload: bytes) -> None:
    pipeline = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger())
    message = RawMessage(payload, Origin("t", 0, 5), b"sent-key-1", (("trace", b"abc"),))
    out = pipeline.prepare([message]).steps[0]
    assert isinstance(out, Output) and out.route == "rejected"
    assert out.key == "sent-key-1" and out.headers == (("trace", b"abc"),)


def test_warm_up_loads_models_without_touching_state() -> None:
    tagger = CapitalisedWordTagger()
    pipeline = Pipeline(PipelineConfig(), tagger=tagger)
    pipeline.warm_up()
    assert tagger.batches == [2]  # one article per language with a model (fr, en)
    assert not pipeline.dedup_index.store and not pipeline.cleaner.learner.store

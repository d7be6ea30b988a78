"""Where the pipeline tags entities (before or after dedup) and how the registry links them across articles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
import pytest

from streams.entities import EntityConfig
from streams.pipeline import Pipeline, PipelineConfig
from streams.pipeline.failures import isolated
from streams.pipeline.outputs import Output
from streams.pipeline.pipeline import Step
from streams.pipeline.prepared import PreparedArticle
from streams.records import Entity, Mention, Origin, RawMessage
from tests.fixtures import examples_file, synthetic_article
from tests.unit.pipeline.test_pipeline import CapitalisedWordTagger, _messages


def _without_times(outs: list[Output]) -> list[tuple[str, str, dict[str, Any]]]:
    times = ("processed_at", "rejected_at")
    return [(o.route, o.key, {k: v for k, v in o.value.items() if k not in times}) for o in outs]


def test_gazetteer_only_tagging_happens_in_prepare_with_the_same_records() -> None:
    lines = examples_file().read_bytes().splitlines()
    early = Pipeline(PipelineConfig(entities=EntityConfig(use_model=False)))
    # The same gazetteer tagger, but configured as a statistical NER that runs after dedup.
    late = Pipeline(PipelineConfig(ner_before_dedup="false"), tagger=early.tagger)
    assert early.tags_in_prepare(backlog=True) and not late.tags_in_prepare(backlog=True)
    early_outs = list(early.process(_messages(lines), batch_size=4))
    assert any(o.route == "entities" for o in early_outs)
    assert _without_times(early_outs) == _without_times(list(late.process(_messages(lines), batch_size=4)))


def test_an_article_tagged_in_prepare_is_only_built_after_dedup() -> None:
    pipeline = Pipeline(PipelineConfig(entities=EntityConfig(use_model=False)))
    assert pipeline.tagger is not None
    text = "Le président a rencontré à Paris le chancelier allemand. " + synthetic_article(5)
    steps = pipeline.prepare(_messages([orjson.dumps({"id": "g1", "text": text, "lang": "fr"})])).steps
    prepared = pipeline.tag(steps)[0]
    assert isinstance(prepared, PreparedArticle) and prepared.tagged
    article = pipeline.read_prepared(orjson.loads(orjson.dumps(prepared.to_dict())), Origin("x", 0, 0), "dedup")
    assert isinstance(article, PreparedArticle)
    expected = pipeline.tagger.tag_batch([article.tag_request()])[0]
    assert expected, "the fixture must name a gazetteer entity"
    pipeline.tagger = None  # outputs() must not tag again: the entities come from the record
    outs = pipeline.outputs(article)
    assert outs[0].route == "enriched" and outs[0].value["entities"] == [e.to_dict() for e in expected]
    assert [o.key for o in outs[1:]] == [e.id for e in expected]


def test_a_gazetteer_failure_in_prepare_is_an_entities_dead_letter() -> None:
    pipeline = Pipeline(PipelineConfig(entities=EntityConfig(use_model=False)))

    def explode(items: Sequence[tuple[str, str, str | None]]) -> list[list[Entity]]:
        raise RuntimeError("gazetteer exploded")

    pipeline.tagger.tag_batch = explode  # type: ignore[union-attr, method-assign]
    batch = pipeline.prepare(_messages([orjson.dumps({"id": "g2", "text": synthetic_article(6)})], "t", 3, 9))
    out = pipeline.tag(batch.steps)[0]
    assert isinstance(out, Output) and out.route == "rejected" and out.key == "g2"
    assert out.value["error"] == {"code": "entities_failed", "message": "RuntimeError: gazetteer exploded",
                                  "stage": "entities"}
    assert out.value["source_partition"] == 3 and out.value["source_offset"] == 9


def test_entities_round_trip_through_dicts() -> None:
    ent = Entity("loc:paris", "Paris", "LOC", [Mention("title", 0, 5), Mention("text", 10, 15)], linked=True)
    assert Entity.from_dict(orjson.loads(orjson.dumps(ent.to_dict()))) == ent


def test_ner_before_dedup_gives_the_same_records_and_tags_each_batch_once() -> None:
    lines = examples_file().read_bytes().splitlines()
    early_tagger, late_tagger = CapitalisedWordTagger(), CapitalisedWordTagger()
    early = Pipeline(PipelineConfig(ner_before_dedup="true"), tagger=early_tagger)
    late = Pipeline(PipelineConfig(), tagger=late_tagger)
    assert early.tags_in_prepare(backlog=True) and not late.tags_in_prepare(backlog=True)
    early_outs = list(early.process(_messages(lines), batch_size=4))
    assert _without_times(early_outs) == _without_times(list(late.process(_messages(lines), batch_size=4)))
    routes = [o.route for o in early_outs]
    assert "duplicates" in routes and "entities" in routes
    # Before dedup the copies are tagged too, in batches of the input's prepared articles.
    n_prepared = sum(1 for o in early_outs if o.route in ("enriched", "duplicates"))
    assert sum(early_tagger.batches) == n_prepared > sum(late_tagger.batches)
    assert max(early_tagger.batches) <= 4


def _kaboom_batch() -> list[RawMessage]:
    payloads = [orjson.dumps({"id": f"n{i}", "text": synthetic_article(300 + i)}) for i in range(3)]
    payloads.insert(1, orjson.dumps({"id": "boom", "text": synthetic_article(301) + "\n\nKaboom Kaboom here."}))
    payloads.append(b"not json")
    return _messages(payloads, "raw", 2, 40)


def test_an_ner_failure_rejects_only_its_article_with_its_payload() -> None:
    pipeline = Pipeline(PipelineConfig(ner_before_dedup="true"), tagger=CapitalisedWordTagger(fail_on="Kaboom"))
    messages = _kaboom_batch()
    results = pipeline.tag(pipeline.prepare(messages).steps)
    assert [r.route if isinstance(r, Output) else r.id for r in results] == ["n0", "rejected", "n1", "n2", "rejected"]
    boom = results[1]
    assert isinstance(boom, Output) and boom.key == "boom"
    assert boom.value["error"]["code"] == "entities_failed" and boom.value["error"]["stage"] == "entities"
    assert boom.value["payload_bytes"] == len(messages[1].value or b"") and boom.value["source_offset"] == 41
    assert all(r.tagged for r in results if isinstance(r, PreparedArticle))


def test_tags_answered_elsewhere_give_the_same_results_as_the_tagger_in_place() -> None:
    """The worker's NER process answers with :func:`isolated` over its own calls; the pipeline applies
    those answers exactly as it applies its own tagger's."""
    messages = _kaboom_batch()
    in_place = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger(fail_on="Kaboom"))
    remote_tagger = CapitalisedWordTagger(fail_on="Kaboom")
    elsewhere = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger())
    steps = elsewhere.prepare(messages).steps
    answers = isolated(remote_tagger.tag_batch, [a.tag_request() for a in elsewhere.untagged(steps)], "entities")
    got = elsewhere.with_tags(steps, answers)

    def comparable(rs: list[Step]) -> list[Any]:
        drop = ("processed_at", "rejected_at", "event_ts")  # wall-clock times of each run
        return [{k: v for k, v in (r.value if isinstance(r, Output) else r.to_dict()).items() if k not in drop}
                for r in rs]

    assert comparable(got) == comparable(in_place.tag(in_place.prepare(messages).steps))
    # The batch of four failed, then each article alone.
    assert remote_tagger.batches == [4, 1, 1, 1, 1]
    with pytest.raises(ValueError, match="more tagging answers"):
        elsewhere.with_tags([], [[]])


@pytest.mark.parametrize(
    ("setting", "backlog", "expected"),
    [("true", False, True), ("true", True, True), ("false", False, False), ("false", True, False),
     ("auto", False, True), ("auto", True, False)],
)
def test_the_ner_tags_before_dedup_as_configured_and_auto_only_without_a_backlog(
    setting: Any, backlog: bool, expected: bool
) -> None:
    pipeline = Pipeline(PipelineConfig(ner_before_dedup=setting), tagger=CapitalisedWordTagger())
    assert pipeline.tags_in_prepare(backlog) is expected
    assert PipelineConfig(ner_before_dedup=setting).ner_before_dedup_for(backlog) is expected


def test_auto_ner_gives_the_records_of_ner_after_dedup_whichever_batches_are_tagged_early() -> None:
    """NEWSFEED_NER_BEFORE_DEDUP=auto as the worker runs it: a prepare batch without a backlog is
    tagged at once, dedup publishes what is tagged and forwards the rest to the tag hop. The terminal
    records are those of the NER after dedup; only the small batches were tagged early."""
    lines = examples_file().read_bytes().splitlines()
    messages = _messages(lines)
    tagger = CapitalisedWordTagger()
    auto = Pipeline(PipelineConfig(ner_before_dedup="auto"), tagger=tagger)
    late = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger())
    outs: list[Output] = []
    # Batches of 1, 2, ..., 6 articles: those of up to 4 show no backlog and are tagged early.
    start, size = 0, 1
    while start < len(messages):
        batch = messages[start:start + size]
        prepared = auto.prepare(batch)
        for writes in prepared.writes:
            auto.apply_writes(writes)
        steps = auto.tag(prepared.steps) if auto.tags_in_prepare(backlog=len(batch) > 4) else prepared.steps
        for step in steps:
            if isinstance(step, PreparedArticle):
                step = auto.deduplicate(step)
            if isinstance(step, PreparedArticle) and not step.tagged:
                step = auto.tag([step])[0]  # the tag hop
            outs.extend([step] if isinstance(step, Output) else auto.outputs(step))
        start, size = start + size, size % 6 + 1
    assert _without_times(outs) == _without_times(list(late.process(messages, batch_size=4)))
    assert {o.route for o in outs} >= {"enriched", "entities", "duplicates"}
    # Early batches are tagged whole (up to 4 articles); the tag hop gets single articles here.
    assert max(tagger.batches) <= 4 and 1 in tagger.batches and 3 in tagger.batches


class PersonTagger:
    """Test double: tags "Angela Merkel" (full name) and a lone "Merkel" as people; "Kaboom" fails."""

    def tag_batch(self, items: Sequence[tuple[str, str, str | None]]) -> list[list[Entity]]:
        out = []
        for _title, text, _lang in items:
            if "Kaboom" in text:
                raise RuntimeError("tagger exploded")
            full = text.find("Angela Merkel")
            if full >= 0:
                out.append([Entity("per:angela-merkel", "Angela Merkel", "PER", [Mention("text", full, full + 13)])])
            else:
                start = text.find("Merkel")
                out.append([Entity("per:merkel", "Merkel", "PER", [Mention("text", start, start + 6)])])
        return out


_PEOPLE = [
    orjson.dumps({"id": f"a{i}", "lang": "fr", "text": f"{synthetic_article(320 + i)}\n\n{sentence}"})
    for i, sentence in enumerate(["Angela Merkel a parlé.", "Kaboom Merkel.", "Merkel a répondu."])
]


def test_offline_process_links_a_later_surname_through_the_registry() -> None:
    pipeline = Pipeline(PipelineConfig(), tagger=PersonTagger(), registry_store={})
    entities = [o for o in pipeline.process(_messages(_PEOPLE)) if o.route == "entities"]
    assert [(o.key, o.value["article_id"], o.value["linked_by"]) for o in entities] == [
        ("per:angela-merkel", "a0", "article"), ("per:angela-merkel", "a2", "registry")
    ]
    # Without a registry store (a hop that does not see every article in order) ids stay the tagger's.
    plain = Pipeline(PipelineConfig(), tagger=PersonTagger())
    assert [o.key for o in plain.process(_messages(_PEOPLE)) if o.route == "entities"] == [
        "per:angela-merkel", "per:merkel"
    ]


def test_articles_tagged_after_dedup_come_back_through_dedup_to_be_linked() -> None:
    """The worker's tag hop sends tagged articles back to the ordered hop: the dedup index passes a
    registered article through, and link() gives it the registry's ids, as to one tagged before dedup."""
    pipeline = Pipeline(PipelineConfig(), tagger=PersonTagger(), registry_store={})
    prepared = pipeline.prepare(_messages(_PEOPLE)).steps
    first_seen = [pipeline.deduplicate(s) for s in prepared if isinstance(s, PreparedArticle)]
    tagged = pipeline.tag([s for s in first_seen if isinstance(s, PreparedArticle)])
    assert [s.key for s in tagged if isinstance(s, Output)] == ["a1"]  # the failed tagging: a dead letter
    back = [PreparedArticle.from_dict(s.to_dict()) for s in tagged if isinstance(s, PreparedArticle)]
    passed = [pipeline.deduplicate(a) for a in back]
    assert all(isinstance(p, PreparedArticle) and p.tagged for p in passed)
    linked = [pipeline.link(p) for p in passed if isinstance(p, PreparedArticle)]
    ids = [(a.id, [(e.id, e.linked_by) for e in a.entities or []]) for a in linked if isinstance(a, PreparedArticle)]
    assert ids == [("a0", [("per:angela-merkel", "article")]), ("a2", [("per:angela-merkel", "registry")])]

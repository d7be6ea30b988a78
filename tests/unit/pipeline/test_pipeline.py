"""The pipeline chaining decode -> clean -> dedup -> tag, offline, on the bundled examples."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import orjson
import pytest

from streams.entities import EntityConfig
from streams.pipeline.decode import payload_key
from streams.pipeline.outputs import TERMINAL_ROUTES, Output
from streams.pipeline.pipeline import Pipeline, PipelineConfig
from streams.pipeline.prepare import ner_now
from streams.records import Entity, Mention, Origin
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
    return list(pipeline.process(((ln, Origin("file", 0, i)) for i, ln in enumerate(lines)), batch_size=4))


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


def test_skip_entities_and_clean() -> None:
    line = orjson.dumps({"id": "s1", "text": "Accueil > Monde\n\n" + synthetic_article(3)})
    out = _terminal(_run([line], skip=frozenset({"entities", "clean"})))[0]
    assert out.value["entities"] == [] and out.value["text"].startswith("Accueil > Monde")


def test_unknown_stage_to_skip_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown stage"):
        Pipeline(PipelineConfig(skip=frozenset({"nope"})), tagger=CapitalisedWordTagger())


def test_dedup_failure_becomes_a_dead_letter() -> None:
    pipeline = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger())
    prepared = pipeline.prepare(orjson.dumps({"id": "d1", "text": synthetic_article(1)}), Origin("t", 1, 2))
    assert isinstance(prepared, dict)
    prepared["fingerprint"] = {"broken": True}
    out = pipeline.deduplicate(prepared)
    assert isinstance(out, Output) and out.route == "rejected"
    assert out.value["error"]["code"] == "dedup_failed" and out.value["source_offset"] == 2


def test_future_publication_date_falls_back_to_processing_time() -> None:
    pipeline = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger(), clock=lambda: 1_000_000.0)
    art = orjson.dumps({"id": "f", "text": synthetic_article(2), "published_at": "2999-01-01T00:00:00Z"})
    prepared = pipeline.prepare(art, Origin("t", 0, 0))
    assert isinstance(prepared, dict) and prepared["event_ts"] == 1_000_000.0


def test_stage_timings_are_observed() -> None:
    seen: list[str] = []
    pipeline = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger(), observe=lambda s, _t: seen.append(s))
    list(pipeline.process([(orjson.dumps({"id": "t", "text": synthetic_article(4)}), Origin("f", 0, 0))]))
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
    out = pipeline.prepare(raw, Origin("t", 0, 0))
    assert isinstance(out, Output) and out.route == "rejected"
    assert out.value["id"] == article_id
    assert out.key == (key if key is not None else payload_key(raw))


def test_warm_up_loads_models_without_touching_state() -> None:
    tagger = CapitalisedWordTagger()
    pipeline = Pipeline(PipelineConfig(), tagger=tagger)
    pipeline.warm_up()
    assert tagger.batches == [2]  # one article per language with a model (fr, en)
    assert not pipeline.dedup_index.store and not pipeline.cleaner.learner.store


def _without_times(outs: list[Output]) -> list[tuple[str, str, dict[str, Any]]]:
    times = ("processed_at", "rejected_at")
    return [(o.route, o.key, {k: v for k, v in o.value.items() if k not in times}) for o in outs]


def test_gazetteer_only_tagging_happens_in_prepare_with_the_same_records() -> None:
    lines = examples_file().read_bytes().splitlines()
    origins = [(ln, Origin("file", 0, i)) for i, ln in enumerate(lines)]
    early = Pipeline(PipelineConfig(entities=EntityConfig(use_model=False)))
    late = Pipeline(PipelineConfig(entities=EntityConfig(use_model=False)), tagger=early.tagger)
    assert early.tags_early and not late.tags_early  # an injected tagger is always batched in tag()
    early_outs = list(early.process(origins, batch_size=4))
    assert any(o.route == "entities" for o in early_outs)
    assert _without_times(early_outs) == _without_times(list(late.process(origins, batch_size=4)))


def test_an_article_tagged_in_prepare_travels_as_json_and_is_only_built_in_tag() -> None:
    pipeline = Pipeline(PipelineConfig(entities=EntityConfig(use_model=False)))
    assert pipeline.tagger is not None
    text = "Le président a rencontré à Paris le chancelier allemand. " + synthetic_article(5)
    prepared = pipeline.prepare(orjson.dumps({"id": "g1", "text": text, "lang": "fr"}), Origin("t", 0, 0))
    assert isinstance(prepared, dict) and pipeline.tagged(prepared)
    article = orjson.loads(orjson.dumps(prepared))  # as the dedup agent reads it from the internal topic
    expected = pipeline.tagger.tag_batch([(article["title"], article["text"], article["lang"])])[0]
    assert expected, "the fixture must name a gazetteer entity"
    pipeline.tagger = None  # tag() must not tag again: the entities come from the record
    outs = pipeline.tag([article])[0]
    assert outs[0].route == "enriched" and outs[0].value["entities"] == [e.to_dict() for e in expected]
    assert [o.key for o in outs[1:]] == [e.id for e in expected]


def test_a_gazetteer_failure_in_prepare_is_an_entities_dead_letter() -> None:
    pipeline = Pipeline(PipelineConfig(entities=EntityConfig(use_model=False)))

    def explode(items: Sequence[tuple[str, str, str | None]]) -> list[list[Entity]]:
        raise RuntimeError("gazetteer exploded")

    pipeline.tagger.tag_batch = explode  # type: ignore[union-attr, method-assign]
    out = pipeline.prepare(orjson.dumps({"id": "g2", "text": synthetic_article(6)}), Origin("t", 3, 9))
    assert isinstance(out, Output) and out.route == "rejected" and out.key == "g2"
    assert out.value["error"] == {"code": "entities_failed", "message": "RuntimeError: gazetteer exploded",
                                  "stage": "entities"}
    assert out.value["source_partition"] == 3 and out.value["source_offset"] == 9


def test_entities_round_trip_through_dicts() -> None:
    ent = Entity("loc:paris", "Paris", "LOC", [Mention("title", 0, 5), Mention("text", 10, 15)], linked=True)
    assert Entity.from_dict(orjson.loads(orjson.dumps(ent.to_dict()))) == ent


def test_ner_before_dedup_gives_the_same_records_and_tags_each_batch_once() -> None:
    lines = examples_file().read_bytes().splitlines()
    origins = [(ln, Origin("file", 0, i)) for i, ln in enumerate(lines)]
    early_tagger, late_tagger = CapitalisedWordTagger(), CapitalisedWordTagger()
    early = Pipeline(PipelineConfig(tag_before_dedup=True), tagger=early_tagger)
    late = Pipeline(PipelineConfig(), tagger=late_tagger)
    assert early.tags_early and not late.tags_early
    early_outs = list(early.process(origins, batch_size=4))
    assert _without_times(early_outs) == _without_times(list(late.process(origins, batch_size=4)))
    routes = [o.route for o in early_outs]
    assert "duplicates" in routes and "entities" in routes
    # Before dedup the copies are tagged too, in batches of the input's prepared articles.
    n_prepared = sum(1 for o in early_outs if o.route in ("enriched", "duplicates"))
    assert sum(early_tagger.batches) == n_prepared > sum(late_tagger.batches)
    assert max(early_tagger.batches) <= 4


def test_an_ner_failure_before_dedup_rejects_only_its_article_with_its_payload() -> None:
    pipeline = Pipeline(PipelineConfig(tag_before_dedup=True), tagger=CapitalisedWordTagger(fail_on="Kaboom"))
    payloads = [orjson.dumps({"id": f"n{i}", "text": synthetic_article(300 + i)}) for i in range(3)]
    payloads.insert(1, orjson.dumps({"id": "boom", "text": synthetic_article(301) + "\n\nKaboom Kaboom here."}))
    payloads.append(b"not json")
    results = pipeline.prepare_batch([(p, Origin("raw", 2, 40 + i)) for i, p in enumerate(payloads)])
    assert [r.route if isinstance(r, Output) else r["id"] for r in results] == [
        "n0", "rejected", "n1", "n2", "rejected"
    ]
    boom = results[1]
    assert isinstance(boom, Output) and boom.key == "boom"
    assert boom.value["error"]["code"] == "entities_failed" and boom.value["error"]["stage"] == "entities"
    assert boom.value["payload_bytes"] == len(payloads[1]) and boom.value["source_offset"] == 41
    assert all(pipeline.tagged(r) for r in results if isinstance(r, dict))


class AsyncCapitalisedWordTagger(CapitalisedWordTagger):
    """The test double with the awaitable entry point of a tagger in another process."""

    def __init__(self, fail_on: str | None = None) -> None:
        super().__init__(fail_on)
        self.awaited = 0

    async def tag_batch_async(self, items: Sequence[tuple[str, str, str | None]]) -> list[list[Entity]]:
        self.awaited += 1
        await asyncio.sleep(0)
        return self.tag_batch(items)


def test_tagging_awaited_elsewhere_gives_the_same_results_and_isolates_a_failure() -> None:
    payloads = [orjson.dumps({"id": f"n{i}", "text": synthetic_article(300 + i)}) for i in range(3)]
    payloads.insert(1, orjson.dumps({"id": "boom", "text": synthetic_article(301) + "\n\nKaboom Kaboom here."}))
    payloads.append(b"not json")
    items = [(p, Origin("raw", 2, 40 + i)) for i, p in enumerate(payloads)]
    in_place = Pipeline(PipelineConfig(tag_before_dedup=True), tagger=CapitalisedWordTagger(fail_on="Kaboom"))
    tagger = AsyncCapitalisedWordTagger(fail_on="Kaboom")
    awaited = Pipeline(PipelineConfig(tag_before_dedup=True), tagger=tagger)

    async def prepare() -> list[dict[str, Any] | Output]:
        results = [awaited.prepare_untagged(p, o) for p, o in items]
        return await awaited.tag_prepared_async(results, items)

    def comparable(rs: list[dict[str, Any] | Output]) -> list[Any]:
        drop = ("processed_at", "rejected_at", "event_ts")  # wall-clock times of each run
        return [{k: v for k, v in (r.value if isinstance(r, Output) else r).items() if k not in drop} for r in rs]

    results = asyncio.run(prepare())
    assert comparable(results) == comparable(in_place.prepare_batch(items))
    assert [r.route if isinstance(r, Output) else r["id"] for r in results] == [
        "n0", "rejected", "n1", "n2", "rejected"
    ]
    # The batch of four failed, then each article alone: 1 + 4 awaits.
    assert tagger.awaited == 5 and tagger.batches == [4, 1, 1, 1, 1]


def test_tagging_after_dedup_awaited_elsewhere_gives_the_same_records() -> None:
    lines = examples_file().read_bytes().splitlines()
    lines.append(orjson.dumps({"id": "boom", "text": synthetic_article(301) + "\n\nKaboom Kaboom here."}))
    origins = [(ln, Origin("file", 0, i)) for i, ln in enumerate(lines)]
    tagger = AsyncCapitalisedWordTagger(fail_on="Kaboom")
    awaited = Pipeline(PipelineConfig(), tagger=tagger)
    in_place = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger(fail_on="Kaboom"))

    def first_seen(pipeline: Pipeline) -> list[dict[str, Any]]:
        steps = [pipeline.deduplicate(r) for r in pipeline.prepare_batch(origins) if isinstance(r, dict)]
        return [s for s in steps if isinstance(s, dict)]

    got = asyncio.run(awaited.tag_async(first_seen(awaited)))
    expected = in_place.tag(first_seen(in_place))
    assert [_without_times(outs) for outs in got] == [_without_times(outs) for outs in expected]
    # The batch failed on "boom", then each article alone: only "boom" is a dead letter.
    assert [o.key for outs in got for o in outs if o.route == "rejected"] == ["boom"]
    assert tagger.awaited == 1 + len(got) and len(got) > 2
    assert asyncio.run(awaited.tag_async([])) == []


@pytest.mark.parametrize(
    ("placement", "batch", "expected"),
    [
        ("before", 1, True), ("before", 32, True), ("after", 1, False), ("after", 32, False),
        ("adaptive", 1, True), ("adaptive", 4, True), ("adaptive", 5, False), ("adaptive", 32, False),
    ],
)
def test_ner_now_tags_before_dedup_only_batches_that_show_no_backlog(
    placement: str, batch: int, expected: bool
) -> None:
    assert ner_now(placement, batch, ner_batch_size=4) is expected


def test_adaptive_ner_gives_the_records_of_ner_after_dedup_whichever_batches_are_tagged_early() -> None:
    """NEWSFEED_NER_BEFORE_DEDUP=auto as the worker runs it: each prepare batch is tagged at once
    (``early``) or not, dedup publishes what is tagged and forwards the rest to the tag stage. The
    terminal records are those of the NER after dedup; only the small batches were tagged early."""
    lines = examples_file().read_bytes().splitlines()
    origins = [(ln, Origin("file", 0, i)) for i, ln in enumerate(lines)]
    tagger = AsyncCapitalisedWordTagger()
    adaptive = Pipeline(PipelineConfig(), tagger=tagger)
    late = Pipeline(PipelineConfig(), tagger=CapitalisedWordTagger())
    assert not adaptive.tags_early

    async def run() -> list[Output]:
        outs: list[Output] = []
        # Batches of 1, 2, ..., 6 articles: those of up to 4 show no backlog and are tagged early.
        start, size = 0, 1
        while start < len(origins):
            batch = origins[start:start + size]
            results = await adaptive.tag_prepared_async(
                adaptive.finish_prepare([adaptive.begin_prepare(p, o) for p, o in batch]), batch,
                ner_now("adaptive", len(batch), 4),
            )
            for result in results:
                if isinstance(result, Output):
                    outs.append(result)
                    continue
                step = adaptive.deduplicate(result)
                if isinstance(step, Output):
                    outs.append(step)
                elif adaptive.tagged(step):  # tagged early: dedup publishes it
                    outs.extend(adaptive.tag([step])[0])
                else:  # the tag stage
                    outs.extend((await adaptive.tag_async([step]))[0])
            start, size = start + size, size % 6 + 1
        return outs

    outs = asyncio.run(run())
    assert _without_times(outs) == _without_times(list(late.process(origins, batch_size=4)))
    assert {o.route for o in outs} >= {"enriched", "entities", "duplicates"}
    # Early batches are tagged whole (up to 4 articles); the tag stage gets single articles here.
    assert max(tagger.batches) <= 4 and 1 in tagger.batches and tagger.awaited > 0


class PersonTagger:
    """Test double: tags "Angela Merkel" (full name) and a lone "Merkel" as people."""

    def tag_batch(self, items: Sequence[tuple[str, str, str | None]]) -> list[list[Entity]]:
        out = []
        for _title, text, _lang in items:
            full = text.find("Angela Merkel")
            if full >= 0:
                out.append([Entity("per:angela-merkel", "Angela Merkel", "PER", [Mention("text", full, full + 13)])])
            else:
                start = text.find("Merkel")
                out.append([Entity("per:merkel", "Merkel", "PER", [Mention("text", start, start + 6)])])
        return out


def test_offline_process_links_a_later_surname_through_the_registry() -> None:
    lines = [
        orjson.dumps({"id": f"a{i}", "lang": "fr", "text": f"{synthetic_article(i)}\n\n{sentence}"})
        for i, sentence in enumerate(["Angela Merkel a parlé.", "Merkel a répondu."])
    ]
    origins = ((ln, Origin("file", 0, i)) for i, ln in enumerate(lines))
    pipeline = Pipeline(PipelineConfig(), tagger=PersonTagger(), registry_store={})
    entities = [o for o in pipeline.process(origins) if o.route == "entities"]
    assert [(o.key, o.value["linked_by"]) for o in entities] == [
        ("per:angela-merkel", "article"), ("per:angela-merkel", "registry")
    ]
    # Without a registry store (a hop that does not see every article in order) ids stay the tagger's.
    plain = Pipeline(PipelineConfig(), tagger=PersonTagger())
    origins = ((ln, Origin("file", 0, i)) for i, ln in enumerate(lines))
    assert [o.key for o in plain.process(origins) if o.route == "entities"] == ["per:angela-merkel", "per:merkel"]


@pytest.mark.parametrize("awaited", [True, False], ids=["tagger_elsewhere", "tagger_in_place"])
def test_tagging_for_the_registry_hop_returns_tagged_articles_or_dead_letters(awaited: bool) -> None:
    """The parallel tag hop sends tagged articles back to the ordered hop; once there, tag() only
    builds their records, with the registry's ids, as for articles tagged before dedup."""
    lines = [
        orjson.dumps({"id": "full", "text": synthetic_article(311) + "\n\nAngela Merkel a parlé."}),
        orjson.dumps({"id": "boom", "text": synthetic_article(312) + "\n\nKaboom Kaboom Merkel."}),
        orjson.dumps({"id": "short", "text": synthetic_article(313) + "\n\nMerkel a répondu."}),
    ]

    class FailingPersonTagger(PersonTagger):
        def tag_batch(self, items: Sequence[tuple[str, str, str | None]]) -> list[list[Entity]]:
            if any("Kaboom" in text for _t, text, _l in items):
                raise RuntimeError("tagger exploded")
            return super().tag_batch(items)

    class AwaitedPersonTagger(FailingPersonTagger):
        async def tag_batch_async(self, items: Sequence[tuple[str, str, str | None]]) -> list[list[Entity]]:
            return self.tag_batch(items)

    tagger = AwaitedPersonTagger() if awaited else FailingPersonTagger()
    pipeline = Pipeline(PipelineConfig(), tagger=tagger, registry_store={})
    items = [(ln, Origin("f", 0, i)) for i, ln in enumerate(lines)]
    prepared = [pipeline.deduplicate(r) for r in pipeline.prepare_batch(items) if isinstance(r, dict)]
    back = asyncio.run(pipeline.tag_for_registry_async([p for p in prepared if isinstance(p, dict)]))
    assert [r.key for r in back if isinstance(r, Output)] == ["boom"]
    tagged = [r for r in back if isinstance(r, dict)]
    assert [pipeline.deduplicate(a) is a for a in tagged] == [True, True]  # registered: passed through
    records = [o for outs in pipeline.tag(tagged) for o in outs if o.route == "entities"]
    assert [(o.key, o.value["article_id"], o.value["linked_by"]) for o in records] == [
        ("per:angela-merkel", "full", "article"), ("per:angela-merkel", "short", "registry")
    ]

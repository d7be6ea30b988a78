"""End to end on the real broker: one worker, its topics, the three routes and the metrics."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import orjson
import pytest

from streams.pipeline.outputs import TERMINAL_ROUTES
from tests.fixtures import sample_file, story_and_brief, synthetic_article
from tests.integration.support import WorkerProcess, article, read_topics, send, wait_for_outputs

pytestmark = pytest.mark.integration

POISON = [
    b"\xff\xfe\x00 not utf-8 \xc3\x28",
    b"{this is not json",
    b'["an", "array"]',
    b'{"id": "p-types", "text": 12345}',
    b'{"id": "p-empty", "url": "https://example.org/x"}',
    b"[" * 100_000 + b"]" * 100_000,
    b"",
]


def _counts(outputs: dict[str, list]) -> Counter:
    return Counter({r: len(outputs[r]) for r in outputs})


def test_sample_article_enriched_then_copy_is_duplicate(module_worker: WorkerProcess) -> None:
    path = sample_file()
    if not path.is_file():
        pytest.skip(f"sample page not found at {path} (../shared/data/sample)")
    text = path.read_text(encoding="utf-8")
    s = module_worker.settings
    send(s, [article("sample-1", text, source="example.fr")])
    out = wait_for_outputs(s, 1)
    assert [k for k, _ in out["enriched"]] == ["sample-1"], module_worker.log_tail()
    rec = out["enriched"][0][1]
    assert rec["title"].startswith("L’Irak annonce la fin des « missions de combat »")
    assert "Lire aussi" not in rec["text"] and "Article suivant" not in rec["text"]
    assert rec["lang"] == "fr"
    send(s, [article("sample-2", text, source="other.fr")])
    out = wait_for_outputs(s, 2)
    dups = [v for _, v in out["duplicates"] if v["id"] == "sample-2"]
    assert len(dups) == 1 and dups[0]["duplicate_of"] == "sample-1"
    assert dups[0]["method"] in ("exact", "near") and 0.0 <= dups[0]["similarity"] <= 1.0


def test_poison_messages_are_rejected_and_worker_keeps_going(module_worker: WorkerProcess) -> None:
    s = module_worker.settings
    before = wait_for_outputs(s, 0, timeout=1)
    base = sum(len(before[r]) for r in TERMINAL_ROUTES)
    send(s, POISON)
    send(s, [article("after-poison", synthetic_article(991, "en"), lang="en")])
    out = wait_for_outputs(s, base + len(POISON) + 1)
    assert module_worker.alive(), module_worker.log_tail()
    codes = Counter(v["error"]["code"] for _, v in out["rejected"])
    for code in ("invalid_utf8", "invalid_json", "not_an_object", "wrong_field_type", "no_text"):
        assert codes[code] >= 1, (code, codes)
    assert any(k == "after-poison" for k, _ in out["enriched"])
    for _, v in out["rejected"]:
        assert v["source_topic"] == s.topic_raw and v["source_offset"] >= 0


def test_every_message_has_exactly_one_terminal_record(module_worker: WorkerProcess) -> None:
    """The count invariant over a few hundred mixed messages."""
    s = module_worker.settings
    before = wait_for_outputs(s, 0, timeout=1)
    base_ids = Counter(k for r in TERMINAL_ROUTES for k, _ in before[r])
    base_total = sum(len(before[r]) for r in TERMINAL_ROUTES)
    rng = random.Random(7)
    msgs: list[bytes] = []
    valid_ids: list[str] = []
    groups: dict[str, list[str]] = {}  # original id -> ids carrying the same text
    originals: list[tuple[str, str]] = []
    for i in range(240):
        kind = rng.random()
        mid = f"mix-{i}"
        if kind < 0.12 and originals:
            src_id, text = rng.choice(originals)
            groups[src_id].append(mid)  # an exact copy of an earlier article
        elif kind < 0.2:
            msgs.append(rng.choice(POISON[:5]))
            continue
        else:
            text = synthetic_article(10_000 + i, rng.choice(["fr", "en"]))
            originals.append((mid, text))
            groups[mid] = [mid]
        msgs.append(article(mid, text))
        valid_ids.append(mid)
    send(s, msgs)
    out = wait_for_outputs(s, base_total + len(msgs), timeout=240)
    total = sum(len(out[r]) for r in TERMINAL_ROUTES)
    assert total == base_total + len(msgs), (_counts(out), module_worker.log_tail())
    ids = Counter(k for r in TERMINAL_ROUTES for k, _ in out[r]) - base_ids
    for mid in valid_ids:
        assert ids[mid] == 1, mid
    # Copies arrive on different partitions, so any member of a group may be the first seen; exactly
    # one is enriched and every other member points at it.
    enriched = {k for k, _ in out["enriched"]}
    dup_of = {v["id"]: v["duplicate_of"] for _, v in out["duplicates"]}
    for members in groups.values():
        firsts = [m for m in members if m in enriched]
        assert len(firsts) == 1, members
        assert all(dup_of[m] == firsts[0] for m in members if m != firsts[0]), members


def test_metrics_endpoint_reports_the_traffic(module_worker: WorkerProcess) -> None:
    s = module_worker.settings
    send(s, [article("metrics-1", synthetic_article(4242, "en"), lang="en"), b"not json"])
    wait_for_outputs(s, 2, timeout=60)
    text = module_worker.scrape()
    for name in (
        "newsfeed_articles_consumed_total", "newsfeed_records_produced_total", "newsfeed_rejections_total",
        "newsfeed_stage_seconds_bucket", "newsfeed_worker_up 1.0", "newsfeed_cleaning_chars_total",
    ):
        assert name in text, name
    consumed = sum(
        float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
        if line.startswith("newsfeed_articles_consumed_total{")
    )
    assert consumed >= 2
    assert 'newsfeed_rejections_total{code="invalid_json"' in text


def test_enriched_records_match_the_schema(module_worker: WorkerProcess) -> None:
    import jsonschema

    from streams.pipeline.outputs import ROUTES
    from tests.unit.pipeline.test_outputs import load_schema

    out = wait_for_outputs(module_worker.settings, 1, timeout=60)
    seen = 0
    for route in ROUTES:
        schema = load_schema(route)
        for _, value in out[route]:
            jsonschema.validate(value, schema)
            seen += 1
    assert seen > 0
    assert orjson.dumps(out)  # all values are plain JSON


def test_health_endpoints_and_nothing_else(module_worker: WorkerProcess) -> None:
    import urllib.error
    import urllib.request

    base = module_worker.metrics_url.rsplit("/", 1)[0]
    deadline = __import__("time").monotonic() + 60
    status = 0
    while __import__("time").monotonic() < deadline:
        try:
            status = urllib.request.urlopen(base + "/readyz", timeout=2).status
            break
        except urllib.error.HTTPError as not_ready:
            status = not_ready.code
            __import__("time").sleep(1)
    assert status == 200
    assert urllib.request.urlopen(base + "/healthz", timeout=2).status == 200
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(base + "/anything-else", timeout=2)
    assert err.value.code == 404
    text = module_worker.scrape()
    assert "newsfeed_worker_ready 1.0" in text
    assert f'newsfeed_consumer_lag{{partition="0",topic="{module_worker.settings.topic_raw}"}}' in text


def test_dashboard_and_alerts_name_only_metrics_a_running_worker_exports(module_worker: WorkerProcess) -> None:
    """Every newsfeed_* series in the Grafana dashboard and the alert rules is in a real scrape."""
    import re

    from tests.unit.ops.test_ops_monitoring import _alert_exprs, _dashboard, _dashboard_exprs

    scrape = module_worker.scrape()
    # Families with no sample yet still appear in their "# TYPE" line; counters are stored as *_total.
    exported = set(re.findall(r"^(newsfeed_[a-z_]+)", scrape, flags=re.M))
    for name, kind in re.findall(r"^# TYPE (newsfeed_[a-z_]+) (\w+)", scrape, flags=re.M):
        exported.add(f"{name}_total" if kind == "counter" else name)
        if kind == "histogram":
            exported.update({f"{name}_bucket", f"{name}_sum", f"{name}_count"})
    used = {n for e in _dashboard_exprs(_dashboard()) + _alert_exprs() for n in re.findall(r"newsfeed_[a-z_]+", e)}
    used = {n for n in used if not n.startswith("newsfeed:")}
    assert used, "the dashboard and alerts query newsfeed metrics"
    assert used <= exported, sorted(used - exported)


@pytest.mark.parametrize(
    ("before", "child"),
    [(True, True), (True, False), (False, True)],
    ids=["ner_before_dedup", "ner_before_dedup_in_the_worker_process", "ner_after_dedup"],
)
def test_ner_before_or_after_dedup_gives_the_same_routes(
    worker_env: dict[str, str], before: bool, child: bool
) -> None:
    """NEWSFEED_NER_BEFORE_DEDUP: two hops (NER in prepare, <app>.unique unused) or four (NER on
    first-seen articles only, read from <app>.unique, then back through <app>.prepared for the entity
    registry); NEWSFEED_NER_PROCESS: the NER in a child
    process of the worker or on its event loop. The same terminal records every way."""
    env = {**worker_env, "NEWSFEED_NER_BEFORE_DEDUP": str(before).lower(), "NEWSFEED_NER_PROCESS": str(child).lower()}
    worker = WorkerProcess(env)
    worker.create_topics()
    worker.start()
    s = worker.settings
    try:
        assert worker.proc is not None
        pid = worker.proc.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        # multiprocessing's spawned NER process (its resource tracker is another child)
        spawned = [c for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert len(spawned) == (1 if child else 0), children
        texts = {f"h-{i}": synthetic_article(4_000 + i, "fr") for i in range(5)}
        msgs = [article(k, t) for k, t in texts.items()]
        msgs += [article("h-copy", texts["h-2"]), POISON[1]]
        send(s, msgs[:5])
        wait_for_outputs(s, 5)  # the copy must come after its original
        send(s, msgs[5:])
        out = wait_for_outputs(s, len(msgs))
        assert sorted(k for k, _ in out["enriched"]) == sorted(texts), worker.log_tail()
        assert [(v["id"], v["duplicate_of"]) for _, v in out["duplicates"]] == [("h-copy", "h-2")]
        assert [v["error"]["code"] for _, v in out["rejected"]] == ["invalid_json"]
        assert all(isinstance(v["entities"], list) for _, v in out["enriched"])
        assert {v["article_id"] for _, v in out["entities"]} <= set(texts)
        (unique,) = read_topics(s, [f"{s.app_id}.unique"])
        assert len(unique) == (0 if before else len(texts)), worker.log_tail()
    finally:
        worker.stop()


def test_adaptive_ner_tags_a_backlog_after_dedup_and_small_batches_before(worker_env: dict[str, str]) -> None:
    """NEWSFEED_NER_BEFORE_DEDUP=auto: articles waiting when the worker starts come in prepare
    batches fuller than NEWSFEED_TAG_BATCH_SIZE (a backlog), so their first-seen articles go through
    <app>.unique to the NER after dedup; a few sent while it keeps up are tagged in prepare (two
    hops). Every article ends with its entities either way."""
    env = {**worker_env, "NEWSFEED_NER_BEFORE_DEDUP": "auto", "NEWSFEED_NER_PROCESS": "true",
           "NEWSFEED_TAG_BATCH_SIZE": "4"}
    worker = WorkerProcess(env)
    worker.create_topics()
    s = worker.settings
    backlog = {f"a-{i}": synthetic_article(5_000 + i, "fr") for i in range(12)}
    # All on one partition: one fetch hands the whole backlog to prepare at once.
    send(s, [article(k, t) for k, t in backlog.items()], partitions=[0] * len(backlog))
    worker.start()
    try:
        wait_for_outputs(s, len(backlog))
        later = {f"b-{i}": synthetic_article(5_100 + i, "fr") for i in range(2)}
        send(s, [article(k, t) for k, t in later.items()] + [article("b-copy", backlog["a-3"])])
        out = wait_for_outputs(s, len(backlog) + 3)
        assert sorted(k for k, _ in out["enriched"]) == sorted({**backlog, **later}), worker.log_tail()
        assert [(v["id"], v["duplicate_of"]) for _, v in out["duplicates"]] == [("b-copy", "a-3")]
        assert all(isinstance(v["entities"], list) for _, v in out["enriched"])
        assert {v["article_id"] for _, v in out["entities"]} <= set(backlog) | set(later)
        (unique,) = read_topics(s, [f"{s.app_id}.unique"])
        through_tag = {k for k, _ in unique}
        assert through_tag and through_tag <= set(backlog), (sorted(through_tag), worker.log_tail())
    finally:
        worker.stop()


def test_a_dead_letter_keeps_the_input_records_key_and_headers(module_worker: WorkerProcess) -> None:
    """Undecodable records keep the key (and headers) they were sent with; a keyless one gets a
    content-derived id."""
    from kafka import KafkaConsumer, KafkaProducer, TopicPartition

    s = module_worker.settings
    before = wait_for_outputs(s, 0, timeout=1)
    base = sum(len(before[r]) for r in TERMINAL_ROUTES)
    prod = KafkaProducer(bootstrap_servers=s.bootstrap_servers, acks="all")
    prod.send(s.topic_raw, key=b"client-key-1", value=b"\xff\xfe not utf-8", headers=[("trace-id", b"t-1")])
    prod.send(s.topic_raw, key=b"client-key-2", value=b"{not json either")
    prod.send(s.topic_raw, value=b"{keyless and not json")
    prod.flush(30)
    prod.close()
    wait_for_outputs(s, base + 3)
    consumer = KafkaConsumer(bootstrap_servers=s.bootstrap_servers, enable_auto_commit=False,
                             isolation_level="read_committed", consumer_timeout_ms=3000)
    try:
        tps = [TopicPartition(s.topic_rejected, p) for p in consumer.partitions_for_topic(s.topic_rejected) or ()]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        records = list(consumer)
    finally:
        consumer.close()
    by_key = {m.key: m for m in records}
    assert (by_key[b"client-key-1"].headers or []) == [("trace-id", b"t-1")], module_worker.log_tail()
    assert orjson.loads(by_key[b"client-key-1"].value)["error"]["code"] == "invalid_utf8"
    assert orjson.loads(by_key[b"client-key-2"].value)["error"]["code"] == "invalid_json"
    keyless = [m for m in records if orjson.loads(m.value)["payload"].startswith("{keyless")]
    assert len(keyless) == 1 and keyless[0].key.startswith(b"c-")


def test_a_short_brief_of_a_story_is_its_duplicate_and_a_lone_one_a_dead_letter(module_worker: WorkerProcess) -> None:
    """The brief of a story seen before (its title and first sentence) is a contained duplicate; a text
    under cleaning's minimum travels to the dedup hop and, copying nothing, is cleaning's dead letter,
    with its key and headers."""
    from kafka import KafkaProducer

    s = module_worker.settings
    story, brief = story_and_brief()
    before = wait_for_outputs(s, 0, timeout=1)
    base = sum(len(before[r]) for r in TERMINAL_ROUTES)
    send(s, [article("pool-story", story["text"], title=story["title"], lang="fr")])
    wait_for_outputs(s, base + 1)
    lone = {"title": "Un titre seul", "text": "Rien de neuf ici."}
    prod = KafkaProducer(bootstrap_servers=s.bootstrap_servers, acks="all")
    prod.send(s.topic_raw, key=b"pool-brief", value=article("pool-brief", brief["text"], title=brief["title"]))
    prod.send(s.topic_raw, key=b"lone-key", value=article("lone", lone["text"], title=lone["title"]),
              headers=[("trace-id", b"t-9")])
    prod.flush(30)
    prod.close()
    out = wait_for_outputs(s, base + 3)
    dups = [v for k, v in out["duplicates"] if k == "pool-brief"]
    assert len(dups) == 1 and dups[0]["duplicate_of"] == "pool-story", module_worker.log_tail()
    assert dups[0]["method"] == "contained"
    dead = [v for k, v in out["rejected"] if k == "lone-key"]
    assert len(dead) == 1 and dead[0]["error"]["code"] == "empty_after_cleaning" and dead[0]["id"] == "lone"

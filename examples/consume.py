"""A downstream consumer of newsfeed's output topics, with kafka-python.

    python examples/consume.py --broker 127.0.0.1:9092 --group my-app

Reads ``news.enriched``, ``news.duplicates`` and ``news.entities`` (``--topics``) in a consumer group
with ``isolation.level=read_committed`` (the worker writes in Kafka transactions: without it a
consumer also sees records of aborted transactions), checks every value against its JSON Schema
from ``streams/schemas/``, drops repeats by key (a worker under ``at_least_once`` can write a record
again after a crash; under ``exactly_once`` there are none), prints one JSON line per record and
commits the offsets of what it printed. Stops after ``--idle-s`` seconds without a record (or runs
on with ``--follow``) and prints a summary line ``{"summary": {...}}``.

Needs ``kafka-python`` and ``jsonschema`` (``pip install "newsfeed[examples]"``, or both packages
alone: this file does not import newsfeed).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, OrderedDict
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from kafka import KafkaConsumer

TOPICS = ("news.enriched", "news.duplicates", "news.entities")
# Remember this many recent record identities to drop repeats: a repeat after a crash follows its
# first copy within one commit interval, far fewer records than this.
SEEN_MAX = 100_000


def default_schemas() -> Path:
    """``streams/schemas`` of this checkout, else of the installed newsfeed package."""
    here = Path(__file__).resolve().parent.parent / "streams" / "schemas"
    if here.is_dir():
        return here
    import importlib.resources

    return Path(str(importlib.resources.files("streams") / "schemas"))


def load_validators(schemas: Path) -> dict[str, Draft202012Validator]:
    """Route name (``enriched``, ...) -> validator of its ``<route>.schema.json``."""
    return {
        path.name.removesuffix(".schema.json"): Draft202012Validator(json.loads(path.read_text()))
        for path in sorted(schemas.glob("*.schema.json"))
    }


def route_of(topic: str) -> str:
    """``news.enriched`` -> ``enriched`` (the default topic names end with the route)."""
    return topic.rsplit(".", 1)[-1]


def identity(route: str, key: str | None, value: dict[str, Any]) -> tuple[str, ...]:
    """What makes a record unique: the article id for articles, (entity, article) for entity records
    (``news.entities`` is keyed by entity id, one record per article that mentions it)."""
    if route == "entities":
        return (route, key or "", str(value.get("article_id", "")))
    return (route, key or "")


class Repeats:
    """Identities seen recently (bounded), to drop the repeats an at_least_once worker can write."""

    def __init__(self, size: int = SEEN_MAX) -> None:
        self.size = size
        self.seen: OrderedDict[tuple[str, ...], None] = OrderedDict()

    def is_repeat(self, ident: tuple[str, ...]) -> bool:
        if ident in self.seen:
            self.seen.move_to_end(ident)
            return True
        self.seen[ident] = None
        if len(self.seen) > self.size:
            self.seen.popitem(last=False)
        return False


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--broker", default="127.0.0.1:9092", help="bootstrap servers (host:port,...)")
    p.add_argument("--group", default="newsfeed-example", help="consumer group of this application")
    p.add_argument("--topics", default=",".join(TOPICS), help="comma-separated output topics")
    p.add_argument("--schemas", type=Path, default=None, help="directory of the *.schema.json files")
    p.add_argument("--idle-s", type=float, default=10.0, help="stop after this many seconds without a record")
    p.add_argument("--follow", action="store_true", help="run until interrupted")
    p.add_argument("--quiet", action="store_true", help="print the summary only")
    args = p.parse_args(argv)

    validators = load_validators(args.schemas or default_schemas())
    consumer = KafkaConsumer(
        *[t.strip() for t in args.topics.split(",") if t.strip()],
        bootstrap_servers=args.broker.split(","),
        group_id=args.group,
        isolation_level="read_committed",  # never the records of aborted transactions
        auto_offset_reset="earliest",  # a new group starts at the beginning of the topics
        enable_auto_commit=False,  # commit what was handled, after handling it
        # Bounds, so that a broker that stops answering ends the program instead of hanging it.
        request_timeout_ms=15_000,
        session_timeout_ms=30_000,
    )
    counts: Counter[str] = Counter()
    repeats = Repeats()
    idle = 0.0
    try:
        while args.follow or idle < args.idle_s:
            batch = consumer.poll(timeout_ms=1000)
            if not batch:
                idle += 1.0
                continue
            idle = 0.0
            for records in batch.values():
                for rec in records:
                    handle(rec, validators, repeats, counts, args.quiet)
            consumer.commit()  # at-least-once for this consumer: a crash re-reads, Repeats drops
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
    print(json.dumps({"summary": dict(sorted(counts.items()))}))
    return 1 if counts["invalid"] else 0


def handle(rec: Any, validators: dict[str, Draft202012Validator], repeats: Repeats, counts: Counter[str],
           quiet: bool) -> None:
    """Decode, validate and de-repeat one record; print it as a JSON line."""
    route = route_of(rec.topic)
    key = rec.key.decode("utf-8") if rec.key is not None else None
    value = json.loads(rec.value)
    if repeats.is_repeat(identity(route, key, value)):
        counts["repeats_dropped"] += 1
        return
    errors = [e.message for e in validators[route].iter_errors(value)] if route in validators else []
    counts[route] += 1
    if errors:
        counts["invalid"] += 1
        print(f"invalid {rec.topic} record {key}: {errors[0]}", file=sys.stderr)
    if not quiet:
        print(json.dumps({"topic": rec.topic, "key": key, "valid": not errors, "value": value}, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())

"""Soak: RSS and dedup state of ONE worker over a long stream (default 200,000 articles) stay bounded.

``newsfeed bench soak`` = ``python -m streams.bench.soak``.

Synthetic French-like articles (seeded; ~10% exact or lightly edited copies of recent ones, ~1% too
short) go to a fresh uuid-named raw topic, paced by the worker (at most ``--backlog`` unprocessed) or
at ``--rate``. Their ``published_at`` advances by ``--spacing-s`` each, so the dedup window
(``--window-hours``) holds window/spacing articles. Every few seconds the worker's RSS is read from
/proc; the dedup state (live keys and bytes: last value per key, tombstones removed) is read from the
table's changelog (read_committed). Topics are left on the broker; their names are printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from streams.bench.synthetic import ArticleGenerator

EXIT_FAILED, EXIT_SETUP = 1, 2
CHECKPOINTS = (0.25, 0.5, 0.75, 1.0)
SWEEP_SLACK = 1.25  # the index sweeps every 1/4 window, so it holds up to 1.25 windows of articles
SAMPLE_S, STARTUP_S, IDLE_S = 2.0, 240.0, 180.0  # RSS sampling period; limits to start and between outputs

# --- state accounting ----------------------------------------------------------------------------------
@dataclass
class StateAccount:
    """Live size of a table from its changelog records: the last value per key counts (``live_bytes``:
    key + value); a tombstone (None value) removes the key. ``records``/``record_bytes``: changelog traffic."""

    sizes: dict[bytes, int] = field(default_factory=dict)
    live_bytes: int = 0
    records: int = 0
    record_bytes: int = 0

    def apply(self, key: bytes | None, value: bytes | None) -> None:
        """Fold one changelog record in (records must come in offset order)."""
        self.records += 1
        self.record_bytes += len(key or b"") + len(value or b"")
        if key is None:
            return
        self.live_bytes -= self.sizes.pop(key, 0)
        if value is not None:
            self.sizes[key] = len(key) + len(value)
            self.live_bytes += self.sizes[key]

    @property
    def keys(self) -> int:
        """Live keys."""
        return len(self.sizes)


def window_figures(window_s: float, spacing_s: float, first_seen_share: float) -> tuple[float, float]:
    """(articles in one window of event time, dedup keys they hold: 2 per first-seen article)."""
    articles = window_s / spacing_s
    return articles, 2 * articles * first_seen_share


def report_table(r: dict[str, Any]) -> str:
    """The human-readable report of a soak's JSON object (``checkpoints``: one row each)."""
    expected = r["window_keys_expected"] or 0
    lines = [
        f"soak: {r['articles']} articles (NER {'on' if r['ner'] else 'off'}); dedup window {r['window_hours']:g} h "
        f"of event time at {r['spacing_s']:g} s/article = {r['window_articles']:.0f} articles, ~{expected:.0f} "
        f"dedup keys (up to {expected * SWEEP_SLACK:.0f} between sweeps)",
        f"accounted {r['accounted']}/{r['articles']} ({_kv(r['routes'])}); sent: {_kv(r['sent'])}",
        f"wall time {_c(r['wall_s'], '.0f')} s, {_c(r['articles_per_s'], '.1f')} articles/s; peak RSS "
        f"{_c(r['peak_rss_mb'], '.0f')} MB, final RSS {_c(r['final_rss_mb'], '.0f')} MB",
        "changelog records written: " + ", ".join(f"{t} {n} ({r['changelog_mb'][t]:.1f} MB)"
                                                  for t, n in r["changelog_records"].items()),
    ]
    rows = [("point", "articles", "time s", "art/s", "RSS MB", "peak MB", "dedup keys", "dedup MB",
             "keys/expected", "boilerplate keys", "boilerplate MB")]
    for c in r["checkpoints"]:
        rows.append((f"{c['pct']}%", str(c["articles"]), f"{c['elapsed_s']:.0f}", _c(c["articles_per_s"], ".1f"),
                     f"{c['rss_mb']:.0f}", f"{c['peak_rss_mb']:.0f}", str(c["state_keys"]),
                     f"{c['state_bytes'] / 1e6:.2f}", _c(c["state_keys"] / expected if expected else None, ".2f"),
                     str(c["boilerplate_keys"]), f"{c['boilerplate_bytes'] / 1e6:.2f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines + ([f"error: {r['error']}"] if r["error"] else []))


def _kv(d: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in d.items())


def _c(x: float | None, fmt: str) -> str:
    return "-" if x is None else format(x, fmt)


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


# --- Kafka and the worker -------------------------------------------------------------------------------
class Tap:
    """One read_committed consumer over the terminal output topics and the tables' changelogs."""

    def __init__(self, servers: list[str], routes: dict[str, str], changelogs: dict[str, str]) -> None:
        from kafka import KafkaConsumer

        from streams.tools.bounds import CLIENT_BOUNDS, Deadline, bounded

        where = ",".join(servers)
        self.consumer = Deadline(bounded(
            lambda: KafkaConsumer(bootstrap_servers=servers, enable_auto_commit=False, check_crcs=False,
                                  isolation_level="read_committed", fetch_max_bytes=32 * 1024 * 1024,
                                  **CLIENT_BOUNDS),
            f"connecting to {where}",
        ), where)
        self.route_of = {t: r for r, t in routes.items()}
        self.table_of = {t: name for name, t in changelogs.items()}
        self.routes = dict.fromkeys(routes, 0)
        self.state = {name: StateAccount() for name in changelogs}
        self.seen: set[bytes] = set()
        self.tps: list[Any] = []

    def assign(self) -> bool:
        """Read every topic from the beginning once all exist (False: not yet)."""
        from kafka import TopicPartition

        tps = []
        for topic in [*self.route_of, *self.table_of]:
            parts = self.consumer.partitions_for_topic(topic)
            if not parts:
                return False
            tps += [TopicPartition(topic, p) for p in sorted(parts)]
        self.consumer.assign(tps)
        self.consumer.seek_to_beginning(*tps)
        self.tps = tps
        return True

    def poll(self, budget_s: float = 0.5) -> None:
        """Fold in what is readable now, for at most about ``budget_s``."""
        deadline = time.monotonic() + budget_s
        while time.monotonic() < deadline:
            batch = self.consumer.poll(timeout_ms=100, max_records=5000)
            if not batch:
                return
            for tp, msgs in batch.items():
                route = self.route_of.get(tp.topic)
                for m in msgs:
                    if route is not None:
                        self.routes[route] += 1
                        self.seen.add(m.key or b"")
                    else:
                        self.state[self.table_of[tp.topic]].apply(m.key, m.value)

    def catch_up(self, limit_s: float = 30.0) -> None:
        """Read up to the end offsets of now (open transactions end within a commit interval)."""
        from streams.bench.kafka_io import _behind

        end = self.consumer.end_offsets(self.tps, timeout_ms=10_000)
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline and _behind(self.consumer, self.tps, end):
            self.poll(1.0)

    @property
    def done(self) -> int:
        """Distinct article ids seen on the terminal topics."""
        return len(self.seen)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsfeed bench soak", description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=200000, help="articles to feed (default 200000)")
    p.add_argument("--broker", default=os.environ.get("NEWSFEED_BROKER", "127.0.0.1:9092"),
                   help="Kafka bootstrap servers (default NEWSFEED_BROKER or 127.0.0.1:9092)")
    p.add_argument("--ner", action="store_true", help="run the NER models (default: gazetteer only)")
    p.add_argument("--window-hours", type=float, default=2.0, help="dedup window in hours of event time (2)")
    p.add_argument("--spacing-s", type=float, default=1.0, help="event time between articles (1 s)")
    p.add_argument("--partitions", type=int, default=4, help="partitions of the raw and output topics (4)")
    p.add_argument("--rate", type=float,
                   help="produce at most this many articles/s (default: as fast as the worker takes them)")
    p.add_argument("--backlog", type=int, default=200,
                   help="most articles produced but not yet processed (200); keep it well under window/spacing: "
                   "raw partitions may be this far apart in event time, and a sweep driven by the most advanced "
                   "one drops originals a lagging partition's copies still need")
    p.add_argument("--corpus", type=Path, help="cycle the texts of this corpus (.jsonl.gz) instead of generated ones")
    p.add_argument("--seed", type=int, default=1, help="seed of the article generator (1)")
    p.add_argument("--progress-s", type=float, default=15.0, help="progress line period (15 s)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the soak; print progress (stderr), the table, then the JSON line. 0 = all articles
    accounted for, 1 = the run failed (error in the table and JSON), 2 = broker or corpus missing."""
    args = _parser().parse_args(argv)
    if args.n < 1 or args.spacing_s <= 0 or args.window_hours <= 0 or args.backlog < 1:
        print("newsfeed bench soak: error: --n, --spacing-s, --window-hours and --backlog must be positive",
              file=sys.stderr)
        return EXIT_SETUP
    texts = None
    if args.corpus:
        from streams.bench.data import DataError, load

        try:
            values = (orjson.loads(m[1]) for m in load(args.corpus, min(args.n, 20000)))
            texts = [(v["title"], v["text"]) for v in values]
        except DataError as exc:
            print(f"newsfeed bench soak: error: {exc}", file=sys.stderr)
            return EXIT_SETUP
    from kafka.errors import KafkaError

    from streams.tools.broker import broker_answers

    if not broker_answers(args.broker.split(",")[0].strip()):
        print(f"newsfeed bench soak: error: no Kafka broker answers at {args.broker} (pass --broker or set "
              "NEWSFEED_BROKER, or start one with `newsfeed broker start`)", file=sys.stderr)
        return EXIT_SETUP
    r: dict[str, Any] = {
        "articles": args.n, "accounted": 0, "wall_s": None, "articles_per_s": None, "peak_rss_mb": None,
        "final_rss_mb": None, "state_keys": None, "state_bytes": None, "window_articles": 0.0,
        "window_keys_expected": 0.0, "checkpoints": [], "routes": {}, "sent": {}, "ner": args.ner,
        "window_hours": args.window_hours, "spacing_s": args.spacing_s, "changelog_records": {},
        "changelog_mb": {}, "topics": [], "error": None,
    }
    try:
        r["error"] = _soak(args, texts, r)
    except KeyboardInterrupt:
        r["error"] = "interrupted"
    except KafkaError as exc:
        r["error"] = f"Kafka: {type(exc).__name__}: {exc}"
    print(report_table(r))
    print(orjson.dumps(r).decode(), flush=True)
    return EXIT_FAILED if r["error"] else 0


def _soak(args: argparse.Namespace, texts: list[tuple[str, str]] | None, r: dict[str, Any]) -> str | None:
    """Run the worker and the feed, filling ``r``; returns the error, if any."""
    from kafka import KafkaProducer

    from streams.bench import contenders as C
    from streams.bench import procfs
    from streams.bench.kafka_io import Kafka
    from streams.bench.runner import Process
    from streams.tools.bounds import PRODUCER_BOUNDS
    from streams.topics import MAX_MESSAGE_BYTES

    tag = "soak-" + uuid.uuid4().hex[:10]
    raw = f"{tag}.raw"
    spec = C.build(C.NEWSFEED, tag, args.broker, raw, args.partitions, Path(tempfile.mkdtemp(prefix=f"{tag}-")))
    window_s = int(args.window_hours / 24 * 86400)  # as the worker computes it from the days
    spec = dataclasses.replace(spec, env={**spec.env, "NEWSFEED_NER_ENABLED": str(args.ner).lower(),
                                          "NEWSFEED_DEDUP_WINDOW_DAYS": repr(args.window_hours / 24)})
    kafka = Kafka(args.broker)
    kafka.create({raw: args.partitions})
    gen = ArticleGenerator(args.seed, time.time() - args.n * args.spacing_s, args.spacing_s, texts=texts)
    stream = (gen.make(i) for i in range(args.n))  # lazily: memory stays flat
    tap = Tap(kafka.servers, spec.outputs, {t: f"{spec.group}-{t}-changelog" for t in ("dedup-index", "boilerplate")})
    producer = KafkaProducer(bootstrap_servers=kafka.servers, acks="all", linger_ms=5,
                             max_request_size=MAX_MESSAGE_BYTES, **PRODUCER_BOUNDS)
    _log(f"worker log: {spec.log_path}; topics prefixed {tag}")
    process = Process(spec)
    pid = process.start()
    started = time.monotonic()
    peak_kb = rss_kb = 0

    def sample() -> bool:
        nonlocal peak_kb, rss_kb
        got = procfs.sample_tree(pid)
        if got is not None:
            rss_kb, peak_kb = got.rss_kb, max(peak_kb, got.hwm_kb)
        return got is not None

    try:
        while not (kafka.group_ready(spec.group) and tap.assign()):  # group joined after the models loaded
            if process.exit_code() is not None or time.monotonic() - started > STARTUP_S:
                return f"worker not ready within {STARTUP_S:.0f} s: {process.log_tail()}"
            time.sleep(1.0)
        _log(f"worker ready after {time.monotonic() - started:.0f} s; feeding {args.n} articles")
        t0 = time.monotonic()
        produced, last_done, last_change, next_sample, next_progress = 0, 0, t0, t0, t0
        prev = (0, 0.0)  # (articles, elapsed) at the previous checkpoint
        while len(r["checkpoints"]) < len(CHECKPOINTS):
            now = time.monotonic()
            if now >= next_sample:
                next_sample = now + SAMPLE_S
                if not sample() or process.exit_code() is not None:
                    return f"worker exited with code {process.exit_code()}: {process.log_tail()}"
            tap.poll()
            done = tap.done
            if done != last_done:
                last_done, last_change = done, now
            elif produced > done and now - last_change > IDLE_S:
                return f"stalled at {done}/{args.n} articles for {IDLE_S:.0f} s: {process.log_tail()}"
            goal = min(args.n, done + args.backlog, int(args.rate * (now - t0)) + 1 if args.rate else args.n)
            if goal > produced:  # in chunks, so sampling and reading go on while the worker is fed
                for key, value in itertools.islice(stream, min(goal - produced, 500)):
                    producer.send(raw, key=key, value=value)
                    produced += 1
                producer.flush(timeout=120)
            pct = CHECKPOINTS[len(r["checkpoints"])]
            if done >= pct * args.n:
                tap.catch_up()  # the state as of now, not as of the last poll
                sample()
                elapsed = time.monotonic() - t0
                d, b = tap.state["dedup-index"], tap.state["boilerplate"]
                r["checkpoints"].append({
                    "pct": round(pct * 100), "articles": done, "elapsed_s": _r(elapsed),
                    "articles_per_s": _r((done - prev[0]) / (elapsed - prev[1]) if elapsed > prev[1] else None),
                    "rss_mb": _r(rss_kb / 1024), "peak_rss_mb": _r(peak_kb / 1024), "state_keys": d.keys,
                    "state_bytes": d.live_bytes, "boilerplate_keys": b.keys, "boilerplate_bytes": b.live_bytes,
                })
                prev = (done, elapsed)
                r["wall_s"] = _r(elapsed)
                r["state_keys"], r["state_bytes"] = d.keys, d.live_bytes
            if now >= next_progress:
                next_progress = now + args.progress_s
                el, d = now - t0, tap.state["dedup-index"]
                _log(f"{done}/{args.n} articles ({100 * done / args.n:.0f}%), {done / el if el else 0:.1f} articles/s, "
                     f"RSS {rss_kb / 1024:.0f} MB (peak {peak_kb / 1024:.0f}), state {d.keys} keys / "
                     f"{d.live_bytes / 1e6:.2f} MB")
            time.sleep(0.2)
    finally:
        producer.close(timeout=10)
        process.stop()
        r["peak_rss_mb"], r["final_rss_mb"] = _r(peak_kb / 1024 or None), _r(rss_kb / 1024 or None)
        r["routes"], r["accounted"], r["sent"] = dict(tap.routes), tap.done, dict(gen.counts)
        r["articles_per_s"] = _r(tap.done / r["wall_s"] if r["wall_s"] else None)
        r["changelog_records"] = {t: a.records for t, a in tap.state.items()}
        r["changelog_mb"] = {t: _r(a.record_bytes / 1e6) for t, a in tap.state.items()}
        first_seen = gen.counts["original"] / max(1, sum(gen.counts.values()))
        r["window_articles"], r["window_keys_expected"] = map(_r, window_figures(window_s, args.spacing_s, first_seen))
        tap.consumer.close()
        r["topics"] = sorted(t for t in kafka.admin.list_topics() if t.startswith(tag))
        kafka.close()
        _log(f"worker stopped; topics left on the broker: {', '.join(r['topics'])}; worker log {spec.log_path}")
    if tap.done != args.n:
        return f"only {tap.done}/{args.n} articles reached a terminal topic"
    return None


def _log(msg: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())

"""``newsfeed bench`` / ``python -m streams.bench``: throughput, latency, CPU and memory of the real
worker against baselines, on a real Kafka broker (``NEWSFEED_BROKER``) and the OrangeSum corpus.

The first N articles go to a fresh uuid-named raw topic; each contender then reads that whole topic
from the beginning, one at a time, with its own consumer group and output topics. ``newsfeed_half_rate``
re-runs the worker with input produced at half its measured throughput, for an honest p99.
See :mod:`streams.bench.runner` for the exact definition of every figure.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import socket
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from streams.bench import contenders as C
from streams.bench.data import DEFAULT_DATA, DataError, load
from streams.bench.report import Result, json_line, table
from streams.bench.runner import Limits, run
from streams.settings import Settings

EXIT_SETUP = 2  # data or broker missing: nothing was measured
MIN_RATE_ARTICLES = 50  # fewer paced articles than this give no meaningful p99


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsfeed bench", description=__doc__.splitlines()[0],
                                epilog="`newsfeed bench soak --help`: the memory/state soak of one worker.")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"corpus (default {DEFAULT_DATA})")
    p.add_argument("--n", type=int, help="articles to load (default 20000; 400 with --quick)")
    p.add_argument("--partitions", type=int, default=4, help="partitions of the raw and output topics")
    p.add_argument("--processes", type=int, default=1,
                   help="worker processes of the newsfeed contenders (NEWSFEED_WORKER_PROCESSES)")
    p.add_argument("--dedup-process", nargs="?", const="true", default="auto", choices=("auto", "true", "false"),
                   help="NEWSFEED_DEDUP_PROCESS of the newsfeed contenders: the dedup hop in a process of "
                        "its own beside --processes processes (default auto: when --processes > 1; "
                        "the flag alone: true)")
    p.add_argument("--quick", action="store_true", help="small run with short timeouts (< 3 min)")
    p.add_argument("--only", help=f"comma-separated contenders (default all: {','.join(C.ALL)})")
    p.add_argument("--json-out", type=Path, help="also write the JSON result to this file")
    p.add_argument("--rate", type=float, help="produce at this many articles/s while each contender runs")
    p.add_argument("--rate-seconds", type=float,
                   help="length of a paced run: min(N, rate x this) articles (default 120; 15 with --quick)")
    p.add_argument("--naive-n", type=int,
                   help="articles the slow naive contender processes (default 3000; 60 with --quick)")
    p.add_argument("--timeout", type=float, help="limit per contender in seconds (default 3600; 120 with --quick)")
    p.add_argument("--keep-topics", action="store_true",
                   help="leave the run's topics on the broker (their prefix is printed) to examine them")
    return p


def _names(only: str | None, rate: float | None) -> list[str]:
    if not only:
        # With a fixed --rate every contender is paced already; the half-rate re-run is redundant.
        return [n for n in C.ALL if not (rate and n == C.NEWSFEED_HALF_RATE)]
    wanted = [n.strip() for n in only.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in C.ALL]
    if unknown:
        raise ValueError(f"unknown contender(s) {', '.join(unknown)}; choose from {', '.join(C.ALL)}")
    if C.NEWSFEED_HALF_RATE in wanted and C.NEWSFEED not in wanted and not rate:
        wanted.append(C.NEWSFEED)  # half of what? newsfeed's measured maximum
    return [n for n in C.ALL if n in wanted]


def main(argv: list[str] | None = None) -> int:
    """Run the bench; print a table, then the JSON result as the last line. 0 = all measured,
    1 = a contender failed (its error is in the table and JSON), 2 = data or broker missing.
    ``soak ...`` runs :mod:`streams.bench.soak` (memory and state over a long stream) instead."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["soak"]:
        from streams.bench.soak import main as soak

        return soak(argv[1:])
    args = _parser().parse_args(argv)
    try:
        names = _names(args.only, args.rate)
    except ValueError as exc:
        print(f"newsfeed bench: error: {exc}", file=sys.stderr)
        return EXIT_SETUP
    # --quick stays under 3 minutes on a loaded 2-core machine: newsfeed runs at ~12 articles/s
    # there, and the six start-ups (models, group joins) and graceful stops take ~100 s.
    n = args.n or (400 if args.quick else 20000)
    naive_n = args.naive_n or (60 if args.quick else 3000)
    rate_seconds = args.rate_seconds or (15.0 if args.quick else 120.0)
    timeout = args.timeout or (120.0 if args.quick else 3600.0)
    limits = Limits(startup=90.0, idle=30.0, total=timeout) if args.quick else Limits(total=timeout)
    broker = os.environ.get("NEWSFEED_BROKER", "127.0.0.1:9092")
    try:
        messages = load(args.data, n)
    except DataError as exc:
        print(f"newsfeed bench: error: {exc}", file=sys.stderr)
        return EXIT_SETUP
    from streams.tools.broker import broker_answers

    if not broker_answers(broker.split(",")[0].strip()):
        print(f"newsfeed bench: error: no Kafka broker answers at {broker} (set NEWSFEED_BROKER, or start "
              "one with `newsfeed broker start`)", file=sys.stderr)
        return EXIT_SETUP
    from kafka.errors import KafkaError

    from streams.bench.kafka_io import Kafka, produce_all
    from streams.tools.bounds import NoAnswer

    broker_pid = _local_broker_pid(broker)
    tag = "bench-" + uuid.uuid4().hex[:10]
    workdir = Path(tempfile.mkdtemp(prefix=f"newsfeed-{tag}-"))
    try:
        kafka = Kafka(broker)
    except (KafkaError, NoAnswer) as exc:
        print(f"newsfeed bench: error: the broker at {broker} does not answer: {exc}", file=sys.stderr)
        return EXIT_SETUP
    results: list[Result] = []
    try:
        inputs_ts: dict[bytes, int] = {}
        raw_topic = f"{tag}.raw"
        if not args.rate:
            try:
                kafka.create({raw_topic: args.partitions})
                produce_all(kafka.servers, raw_topic, messages)
                inputs_ts = kafka.read([raw_topic]).first_ts
            except (KafkaError, NoAnswer) as exc:
                print(f"newsfeed bench: error: loading the articles into {raw_topic} failed: {exc}", file=sys.stderr)
                return EXIT_SETUP
            _log(f"loaded {len(messages)} articles into {raw_topic} ({args.partitions} partitions)")
        for name in names:
            rate = args.rate
            if name == C.NEWSFEED_HALF_RATE:
                base = next((r for r in results if r.name == C.NEWSFEED and r.articles_per_s), None)
                if base is None or base.articles_per_s is None:
                    results.append(Result(name, mode="rate", error="needs a successful newsfeed run"))
                    continue
                rate = base.articles_per_s / 2
            feed = None
            topic = raw_topic
            if rate:
                # Paced runs read a fresh topic of their own, filled while they run.
                topic = f"{tag}-{name.replace('_', '-')}.raw"
                kafka.create({topic: args.partitions})
                feed = messages[: max(MIN_RATE_ARTICLES, min(len(messages), math.ceil(rate * rate_seconds)))]
            spec = C.build(name, tag, broker, topic, args.partitions, workdir, args.processes, args.dedup_process)
            expected = len(feed) if feed is not None else len(messages)
            if name == C.NAIVE:
                expected = min(expected, naive_n)
                feed = feed[:expected] if feed is not None else None
            run_limits = limits
            if feed is not None and rate:
                run_limits = Limits(limits.startup, limits.idle, limits.total + len(feed) / rate)
            _log(f"{name}: {expected} articles" + (f" at {rate:.1f}/s" if rate else "") + " ...")
            try:
                result = run(kafka, spec, expected, inputs_ts, run_limits, feed=feed, rate=rate, broker_pid=broker_pid)
            except (KafkaError, NoAnswer) as exc:  # the broker failed this contender's run: report, go on
                result = Result(name, mode="rate" if rate else "preload", inputs=expected,
                                error=f"broker: {type(exc).__name__}: {exc}")
            results.append(result)
            _log(f"{name}: " + (result.error or f"{result.articles_per_s or 0:.1f} articles/s"))
    except KeyboardInterrupt:
        _log("interrupted; cleaning up")
        return 130
    finally:
        try:
            _log(cleanup(kafka, tag, keep=args.keep_topics))
        finally:
            kafka.close()
        if any(r.error for r in results):
            _log(f"contender logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(_header(len(messages), args, broker))
    print(table(results))
    line = json_line(results)
    if args.json_out:
        args.json_out.write_text(line + "\n")
    print(line, flush=True)
    return 1 if any(r.error for r in results) else 0


def cleanup(kafka: Any, tag: str, keep: bool = False) -> str:
    """Delete the run's topics and groups (all named ``tag...``), or keep them; says which."""
    if keep:
        return f"topics kept: every name starts with {tag}"
    return f"deleted {len(kafka.delete_prefixed(tag))} topics"


def _local_broker_pid(broker: str) -> int | None:
    """The process of the first bootstrap broker when it runs on this machine (its CPU is sampled)."""
    from streams.bench import procfs

    host, _, port = broker.split(",")[0].strip().rpartition(":")
    if host.strip("[]") not in ("127.0.0.1", "localhost", "::1", socket.gethostname()) or not port.isdigit():
        return None
    return procfs.listener_pid(int(port))


def _separate(args: argparse.Namespace) -> bool:
    return Settings(worker_processes=args.processes, dedup_process=args.dedup_process).dedup_process == "true"


def _header(n: int, args: argparse.Namespace, broker: str) -> str:
    load_avg = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    mode = f"input paced at {args.rate}/s" if args.rate else "input preloaded"
    return (f"newsfeed bench: {n} articles from {args.data.name}, {args.partitions} partitions, {mode}, "
            f"{args.processes} newsfeed worker process(es){' + a dedup process' if _separate(args) else ''}, "
            f"broker {broker}; {os.cpu_count()} CPUs, load average {load_avg} "
            f"(shared machines make every figure noisy)")


def _log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

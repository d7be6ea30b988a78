"""The ``newsfeed`` command line: worker, process, produce, tail, topics, broker, demo, config."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import orjson

from streams import __version__
from streams.settings import ConfigError, Settings, settings_reference_markdown


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newsfeed`` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["bench"]:  # the benchmark has its own options and help
        from streams.bench import main as bench

        return bench(args_list[1:])
    parser = _parser()
    args = parser.parse_args(args_list)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from kafka.errors import KafkaError

    from streams.faust_ext.compat import FaustCompatError
    from streams.tools.bounds import NoAnswer
    from streams.tools.broker import BrokerError
    from streams.topics import BrokerUnavailable

    try:
        settings = Settings.from_env(os.environ)
        return int(args.func(settings, args) or 0)
    except (ConfigError, BrokerError, BrokerUnavailable, NoAnswer, FileNotFoundError, FaustCompatError) as exc:
        print(f"newsfeed: error: {exc}", file=sys.stderr)
        return 2
    except KafkaError as exc:  # a client error no command turned into a sentence: still one line
        print(f"newsfeed: error: Kafka: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsfeed", description=__doc__)
    p.add_argument("--version", action="version", version=f"newsfeed {__version__}")
    sub = p.add_subparsers(metavar="COMMAND")

    w = sub.add_parser("worker", help="run the Faust worker (all agents)")
    w.set_defaults(func=cmd_worker)

    pr = sub.add_parser("process", help="run the pipeline offline: JSON lines in, routed JSON lines out")
    pr.add_argument("file", nargs="?", help="JSON-lines file of raw articles (default: stdin)")
    pr.add_argument("--skip", action="append", default=[], choices=["clean", "dedup", "entities"],
                    help="skip a stage (repeatable)")
    pr.set_defaults(func=cmd_process)

    pd = sub.add_parser("produce", help="send JSON-lines, .txt or .html files to the raw topic")
    pd.add_argument("files", nargs="+")
    pd.add_argument("--topic", help="target topic (default: NEWSFEED_TOPIC_RAW)")
    pd.set_defaults(func=cmd_produce)

    t = sub.add_parser("tail", help="print records of a topic")
    t.add_argument("topic", help="topic name, or a route: raw, enriched, duplicates, rejected, entities")
    t.add_argument("--from-end", action="store_true", help="only records that arrive from now on")
    t.add_argument("-n", "--limit", type=int, help="stop after this many records")
    t.add_argument("--timeout", type=float, default=5.0, help="stop after this many idle seconds")
    t.set_defaults(func=cmd_tail)

    tp = sub.add_parser("topics", help="topic administration")
    tsub = tp.add_subparsers(metavar="ACTION")
    tc = tsub.add_parser("create", help="create all topics (idempotent)")
    tc.set_defaults(func=cmd_topics_create)

    b = sub.add_parser("broker", help="the local Apache Kafka broker (KRaft, single node)")
    b.add_argument("action", choices=["start", "stop", "status", "wipe"])
    b.add_argument("--port", type=int, default=9092)
    b.add_argument("--home", help="directory for data and logs (default .cache/kafka; jars: .cache/kafka/libs)")
    b.add_argument("--scram", action="store_true",
                   help="SASL_PLAINTEXT listener (SCRAM-SHA-512) for the user NEWSFEED_SASL_USERNAME with the "
                        "password of NEWSFEED_SASL_PASSWORD_FILE (or NEWSFEED_SASL_PASSWORD)")
    b.set_defaults(func=cmd_broker)

    d = sub.add_parser("demo", help="run the whole job locally on the bundled example articles")
    d.add_argument("action", nargs="?", default="start", choices=["start", "stop"])
    d.set_defaults(func=cmd_demo)

    # Listed for --help only: main() hands `bench ...` to streams.bench before parsing.
    sub.add_parser("bench", help="throughput and latency against baselines (newsfeed bench --help)")

    c = sub.add_parser("config", help="print the effective settings, or the docs/configuration.md reference table")
    c.add_argument("--markdown", action="store_true")
    c.set_defaults(func=cmd_config)
    return p


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    """Run the worker until SIGTERM/SIGINT."""
    from streams.worker.run import run_worker

    return run_worker(settings)


def cmd_process(settings: Settings, args: argparse.Namespace) -> int:
    """Offline pipeline, in input order: one terminal record per input line, each enriched article
    followed by its ``news.entities`` records."""
    from streams.pipeline import Pipeline, config_from_settings
    from streams.records import Origin, RawMessage

    # The entity registry learns across the whole input, in order, as on the worker's ordered hop.
    pipeline = Pipeline(config_from_settings(settings, args.skip), registry_store={})
    name = args.file or "stdin"
    fh = open(args.file, "rb") if args.file else sys.stdin.buffer  # noqa: SIM115
    topics = settings.topics()

    def messages() -> Iterator[RawMessage]:
        for lineno, line in enumerate(fh, start=1):
            yield RawMessage(line.rstrip(b"\r\n"), Origin(name, 0, lineno))

    out = sys.stdout.buffer
    try:
        for rec in pipeline.process(messages(), batch_size=settings.tag_batch_size):
            out.write(orjson.dumps({"topic": topics[rec.route], "key": rec.key, "value": rec.value}) + b"\n")
    finally:
        if args.file:
            fh.close()
        out.flush()
    return 0


def cmd_produce(settings: Settings, args: argparse.Namespace) -> int:
    from streams.topics import produce

    n = produce(settings, args.files, topic=args.topic)
    print(f"sent {n} message(s) to {args.topic or settings.topic_raw}", file=sys.stderr)
    return 0


def cmd_tail(settings: Settings, args: argparse.Namespace) -> int:
    from streams.topics import tail

    topic = settings.topics().get(args.topic, args.topic)
    tail(settings, topic, from_beginning=not args.from_end, limit=args.limit, timeout_s=args.timeout)
    return 0


def cmd_topics_create(settings: Settings, args: argparse.Namespace) -> int:
    from streams.topics import create_topics

    created = create_topics(settings)
    print("created: " + (", ".join(created) if created else "nothing (all topics exist)"))
    return 0


def cmd_broker(settings: Settings, args: argparse.Namespace) -> int:
    from streams.tools.broker import default_broker

    users = {settings.sasl_username: settings.sasl_secret()} if args.scram else None
    broker = default_broker(args.home, args.port, users)
    if args.action == "start":
        started = broker.start()
        print(f"Kafka {'started' if started else 'already running'} on {broker.address} (log: {broker.log_file})")
    elif args.action == "stop":
        print("Kafka stopped" if broker.stop() else "Kafka was not running")
    elif args.action == "wipe":
        broker.wipe()
        print(f"Kafka data removed from {broker.data}")
    else:
        pid, answers = broker.pid(), broker.answers()
        print(f"Kafka on {broker.address}: {'up' if answers else 'down'}" + (f" (pid {pid})" if pid else ""))
        return 0 if answers else 1
    return 0


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from streams.tools.demo import run_demo, stop_demo

    return stop_demo(settings) if args.action == "stop" else run_demo(settings)


def cmd_config(settings: Settings, args: argparse.Namespace) -> int:
    if args.markdown:
        print(settings_reference_markdown())
    else:
        redacted: dict[str, Any] = settings.redacted()
        print(orjson.dumps(redacted, option=orjson.OPT_INDENT_2).decode())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

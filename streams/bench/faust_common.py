"""What the bench's own Faust contenders share: arguments, the app (configured like newsfeed's) and
the worker loop."""

from __future__ import annotations

import argparse
import tempfile
from typing import Any

import faust


def parse_args(description: str, argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--broker", required=True, help="bootstrap servers host:port[,host:port]")
    p.add_argument("--group", required=True, help="Faust app id = consumer group")
    p.add_argument("--input", required=True, help="topic to read from the beginning")
    p.add_argument("--output", required=True, help="topic to write to")
    p.add_argument("--partitions", type=int, default=4)
    p.add_argument("--datadir", help="Faust's local data directory (default: a new temporary one)")
    return p.parse_args(argv)


def make_app(args: argparse.Namespace) -> faust.App:
    """A Faust app with the producer/consumer settings of ``streams.worker.app.Wiring``, so the
    passthrough measures the framework cost newsfeed pays, not a differently tuned client."""
    return faust.App(
        args.group,
        broker=[f"kafka://{b.strip()}" for b in args.broker.split(",") if b.strip()],
        topic_partitions=args.partitions,
        topic_allow_declare=True,
        producer_linger_ms=5,
        consumer_auto_offset_reset="earliest",
        web_enabled=False,
        datadir=args.datadir or tempfile.mkdtemp(prefix=f"{args.group}-"),
    )


def raw_topics(app: faust.App, args: argparse.Namespace) -> tuple[Any, Any]:
    """Input and output topics with bytes keys and values (no codec: records pass unchanged)."""
    raw: dict[str, Any] = {"key_serializer": "raw", "value_serializer": "raw"}
    return app.topic(args.input, **raw), app.topic(args.output, **raw)


def run(app: faust.App) -> None:
    """Run the worker until SIGTERM/SIGINT (mode's worker handles the signals)."""
    from faust.worker import Worker

    Worker(app, loglevel="warning", quiet=True, redirect_stdouts=False).execute_from_commandline()

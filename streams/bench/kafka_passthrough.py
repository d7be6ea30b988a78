"""Contender ``passthrough_kafka_python``: a plain kafka-python consume-and-produce loop.

``python -m streams.bench.kafka_passthrough --broker B --group G --input IN --output OUT``

Reads from the beginning with its own consumer group, sends each record unchanged (new
timestamp), commits after the producer has flushed each polled batch (at-least-once, as the
Faust contenders), and stops cleanly on SIGTERM/SIGINT. Client defaults otherwise: without the
optional ``crc32c`` package kafka-python computes record CRCs in pure Python, which dominates its cost.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

from kafka import KafkaConsumer, KafkaProducer

from streams.bench.faust_common import parse_args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(__doc__.splitlines()[0], argv)
    servers = [b.strip() for b in args.broker.split(",") if b.strip()]
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    consumer = KafkaConsumer(
        args.input, bootstrap_servers=servers, group_id=args.group, auto_offset_reset="earliest",
        enable_auto_commit=False, fetch_max_bytes=64 * 1024 * 1024,
    )
    # linger_ms=5 as the Faust contenders (producer_linger_ms=5), so batching is comparable.
    producer = KafkaProducer(bootstrap_servers=servers, acks="all", linger_ms=5,
                             max_request_size=8 * 1024 * 1024)
    try:
        while not stopping:
            batch = consumer.poll(timeout_ms=200, max_records=500)
            if not batch:
                continue
            for msgs in batch.values():
                for m in msgs:
                    producer.send(args.output, key=m.key, value=m.value)
            producer.flush()
            consumer.commit()
    finally:
        producer.close(timeout=10)
        consumer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

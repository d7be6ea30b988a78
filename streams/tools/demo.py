"""``newsfeed demo``: the whole job locally, on the bundled example articles.

Starts the local broker, creates the topics, starts a worker in the background, feeds the example
articles, waits until each has its record, prints a summary and where to look. ``newsfeed demo
stop`` stops the worker and the broker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from importlib import resources
from pathlib import Path

from streams.pipeline.outputs import TERMINAL_ROUTES
from streams.settings import Settings
from streams.tools.broker import default_broker
from streams.topics import consume, create_topics, produce

# The worker loads two spaCy models and joins its group: ~20-60 s on a busy 2-core machine.
DEMO_TIMEOUT_S = 240.0


def examples_path() -> Path:
    """The bundled example articles (JSON lines written for the project)."""
    return Path(str(resources.files("streams") / "data" / "examples.jsonl"))


def _pid_file(settings: Settings) -> Path:
    return Path(settings.data_dir) / "demo-worker.pid"


def _broker_flag(settings: Settings) -> Path:
    return Path(settings.data_dir) / "demo-started-broker"


def run_demo(settings: Settings) -> int:
    """Broker, topics, worker, example input; prints results and the metrics address."""
    broker = default_broker()
    pid_file = _pid_file(settings)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    if settings.broker in ("localhost:9092", "127.0.0.1:9092"):
        print(f"starting the local Kafka broker on {broker.address} ...", flush=True)
        if broker.start():
            _broker_flag(settings).write_text(broker.address)  # so `demo stop` stops only what it started
    create_topics(settings)
    log_path = Path(settings.data_dir) / "demo-worker.log"
    print(f"starting the worker (log: {log_path}) ...", flush=True)
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streams", "worker"], stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True, env=dict(os.environ),
        )
    pid_file.write_text(str(proc.pid))
    path = examples_path()
    n = produce(settings, [str(path)])
    print(f"sent {n} example articles from {path} to {settings.topic_raw}", flush=True)
    counts = _wait_for(settings, n, proc)
    print("\nresults:")
    for route in (*TERMINAL_ROUTES, "entities"):
        print(f"  {settings.topics()[route]:<20} {counts.get(route, 0):>4} record(s)   newsfeed tail {route}")
    print(f"\nmetrics:  http://{settings.metrics_host}:{settings.metrics_port}/metrics")
    print(f"worker:   pid {proc.pid}, log {log_path}")
    print("stop it:  make stop  (newsfeed demo stop)")
    terminal = sum(counts.get(r, 0) for r in TERMINAL_ROUTES)
    return 0 if terminal >= n else 1


def _wait_for(settings: Settings, n: int, proc: subprocess.Popen[bytes]) -> Counter[str]:
    deadline = time.monotonic() + DEMO_TIMEOUT_S
    counts: Counter[str] = Counter()
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            print(f"the worker exited with code {proc.returncode}; see its log", file=sys.stderr)
            break
        counts = Counter()
        for route, topic in settings.topics().items():
            if route == "raw":
                continue
            counts[route] = sum(1 for _ in consume(settings, topic, timeout_s=1.0))
        if sum(counts[r] for r in TERMINAL_ROUTES) >= n:
            break
        time.sleep(2)
    return counts


def stop_demo(settings: Settings) -> int:
    """Stop the demo worker (SIGTERM, graceful) and the local broker if the demo started it."""
    pid_file = _pid_file(settings)
    try:
        pid = int(pid_file.read_text())
        os.kill(pid, signal.SIGTERM)
        for _ in range(150):
            time.sleep(0.2)
            os.kill(pid, 0)
    except (OSError, ValueError):
        pass
    pid_file.unlink(missing_ok=True)
    flag = _broker_flag(settings)
    if flag.exists():
        default_broker().stop()
        flag.unlink()
    print("demo stopped")
    return 0

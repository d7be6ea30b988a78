"""Several worker processes on one machine (``NEWSFEED_WORKER_PROCESSES``): one per core.

A Python worker uses one core (the GIL); Kafka's group protocol already spreads partitions over
processes, so the way to use a machine's cores is N ordinary workers in one consumer group, as
Kafka Streams runs N stream threads. The supervisor starts them, gives each its own metrics port
(``NEWSFEED_METRICS_PORT + i``) and table directory (``NEWSFEED_DATA_DIR/i``), restarts one that
dies (after a pause that doubles up to a minute while it keeps dying fast), and on SIGTERM/SIGINT
passes the signal on and waits for all of them to stop cleanly.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from streams.settings import Settings

log = logging.getLogger("newsfeed.supervisor")

# A child that ran this long before dying was healthy: its restart pause starts over.
HEALTHY_RUN_S = 60.0
RESTART_PAUSE_S, MAX_RESTART_PAUSE_S = 1.0, 60.0
POLL_S = 0.5


def process_count(settings: Settings) -> int:
    """Worker processes the supervisor runs: NEWSFEED_WORKER_PROCESSES, plus the dedup process."""
    return settings.worker_processes + (1 if settings.dedup_process == "true" else 0)


def child_env(settings: Settings, index: int, environ: Mapping[str, str]) -> dict[str, str]:
    """The environment of worker ``index``: one process, its own metrics port and table directory;
    with NEWSFEED_DEDUP_PROCESS the last index runs the dedup hop and the others the rest."""
    env = dict(environ)
    env["NEWSFEED_WORKER_PROCESSES"] = "1"
    env["NEWSFEED_DEDUP_PROCESS"] = "false"
    if settings.dedup_process == "true":
        env["NEWSFEED_WORKER_ROLE"] = "dedup" if index == settings.worker_processes else "prepare"
    env["NEWSFEED_DATA_DIR"] = str(Path(settings.data_dir) / str(index))
    if settings.metrics_port:
        env["NEWSFEED_METRICS_PORT"] = str(settings.metrics_port + index)
    return env


class Supervisor:
    """Starts, watches and stops ``settings.worker_processes`` worker processes."""

    def __init__(self, settings: Settings, environ: Mapping[str, str],
                 spawn: Callable[[dict[str, str]], Any] | None = None) -> None:
        self.settings = settings
        self.environ = environ
        self.spawn = spawn or _spawn
        self.children: dict[int, Any] = {}
        self.started_at: dict[int, float] = {}
        self.pause: dict[int, float] = {}
        self.restart_at: dict[int, float] = {}
        self.stopping = False

    def start(self) -> None:
        """Start every worker."""
        for i in range(process_count(self.settings)):
            self._start(i)

    def _start(self, index: int) -> None:
        env = child_env(self.settings, index, self.environ)
        Path(env["NEWSFEED_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
        self.children[index] = self.spawn(env)
        self.started_at[index] = time.monotonic()
        log.info("worker %d started (pid %d)", index, self.children[index].pid)

    def check(self) -> None:
        """Restart workers that died (not while stopping), with a growing pause for fast crashes."""
        if self.stopping:
            return
        now = time.monotonic()
        for i, child in list(self.children.items()):
            if i in self.restart_at:
                if now >= self.restart_at[i]:
                    del self.restart_at[i]
                    self._start(i)
                continue
            code = child.poll()
            if code is None:
                continue
            ran = now - self.started_at[i]
            pause = RESTART_PAUSE_S if ran >= HEALTHY_RUN_S else min(
                MAX_RESTART_PAUSE_S, 2 * self.pause.get(i, RESTART_PAUSE_S / 2))
            self.pause[i] = pause
            self.restart_at[i] = now + pause
            log.error("worker %d (pid %d) exited with code %s after %.0f s; restarting in %.0f s",
                      i, child.pid, code, ran, pause)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        """Pass ``sig`` to every worker and wait for all; 0 when all stopped cleanly."""
        self.stopping = True
        for child in self.children.values():
            if child.poll() is None:
                child.send_signal(sig)
        codes = [child.wait() for child in self.children.values()]
        return 0 if all(c in (0, -sig) for c in codes) else 1

    def run(self) -> int:
        """Start the workers and watch them until SIGTERM/SIGINT."""
        received: list[int] = []

        def on_signal(signum: int, _frame: Any) -> None:
            received.append(signum)

        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, on_signal)
        self.start()
        while not received:
            self.check()
            time.sleep(POLL_S)
        log.info("stopping %d workers", len(self.children))
        return self.stop(received[0])


def _spawn(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "streams", "worker"], env=env)


def run_supervisor(settings: Settings) -> int:
    """Run ``settings.worker_processes`` workers until SIGTERM/SIGINT."""
    from streams.worker import logs

    logs.configure(settings.log_level, settings.log_format)
    return Supervisor(settings, os.environ).run()

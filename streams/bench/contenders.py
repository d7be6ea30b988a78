"""The contenders: how to start each one as a subprocess and where its terminal outputs go."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from streams.pipeline.outputs import TERMINAL_ROUTES
from streams.settings import Settings
from streams.tools.ports import free_port_block
from streams.worker.supervisor import process_count

PASSTHROUGH_FAUST = "passthrough_faust"
PASSTHROUGH_KAFKA = "passthrough_kafka_python"
NAIVE = "naive"
NEWSFEED = "newsfeed"
NEWSFEED_NO_NER = "newsfeed_no_ner"
NEWSFEED_HALF_RATE = "newsfeed_half_rate"
# Run order: cheap baselines first, so a broken setup shows within seconds.
ALL = (PASSTHROUGH_KAFKA, PASSTHROUGH_FAUST, NAIVE, NEWSFEED, NEWSFEED_NO_NER, NEWSFEED_HALF_RATE)

_MODULES = {
    PASSTHROUGH_FAUST: "streams.bench.faust_passthrough",
    PASSTHROUGH_KAFKA: "streams.bench.kafka_passthrough",
    NAIVE: "streams.bench.faust_naive",
}


@dataclass(frozen=True)
class Spec:
    """One contender run: command, environment, consumer group, input and output topics."""

    name: str
    argv: list[str]
    env: dict[str, str]
    group: str
    input_topic: str
    # route -> topic; each input yields exactly one record on exactly one of them.
    outputs: dict[str, str]
    # Topics the bench creates before the start (name -> partitions).
    create: dict[str, int] = field(default_factory=dict)
    log_path: Path = Path("/dev/null")

    @property
    def members(self) -> int:
        """Group members once all its processes joined (paced input starts then, not at a rebalance)."""
        processes = int(self.env.get("NEWSFEED_WORKER_PROCESSES", "1"))
        mode = self.env.get("NEWSFEED_DEDUP_PROCESS", "auto")
        return process_count(Settings(worker_processes=processes, dedup_process=mode))

    def ready_urls(self) -> list[str]:
        """The ``/readyz`` endpoint of each newsfeed worker process (none for the other contenders).

        A worker is ready once its partitions are assigned and its tables recovered; the group being
        Stable comes earlier, and paced input sent meanwhile would time the start-up, not the worker."""
        port = self.env.get("NEWSFEED_METRICS_PORT")
        if not port:
            return []
        return [f"http://127.0.0.1:{int(port) + i}/readyz" for i in range(self.members)]


def build(name: str, tag: str, broker: str, raw_topic: str, partitions: int, workdir: Path,
          processes: int = 1, dedup_process: str = "auto") -> Spec:
    """The spec of contender ``name``; every topic and group name starts with ``tag`` (the
    run's uuid prefix), so the cleanup can find them all, Faust's internal topics included."""
    prefix = f"{tag}-{name.replace('_', '-')}"
    log_path = workdir / f"{prefix}.log"
    data_dir = workdir / prefix  # removed with the run's work directory
    data_dir.mkdir(parents=True, exist_ok=True)
    if name in _MODULES:
        out = f"{prefix}.out"
        argv = [sys.executable, "-m", _MODULES[name], "--broker", broker, "--group", prefix,
                "--input", raw_topic, "--output", out, "--partitions", str(partitions),
                "--datadir", str(data_dir)]
        return Spec(name, argv, {}, prefix, raw_topic, {"out": out}, {out: partitions}, log_path)
    if name in (NEWSFEED, NEWSFEED_NO_NER, NEWSFEED_HALF_RATE):
        routes = {"enriched": f"{prefix}.enriched", "duplicates": f"{prefix}.duplicates",
                  "rejected": f"{prefix}.rejected", "entities": f"{prefix}.entities"}
        env = {
            "NEWSFEED_BROKER": broker,
            "NEWSFEED_APP_ID": prefix,
            "NEWSFEED_TOPIC_RAW": raw_topic,
            **{f"NEWSFEED_TOPIC_{r.upper()}": t for r, t in routes.items()},
            "NEWSFEED_TOPIC_PARTITIONS": str(partitions),
            # The metrics endpoint stays on (as in production) on a free port.
            "NEWSFEED_METRICS_PORT": str(free_port_block(processes + 1)),
            "NEWSFEED_DATA_DIR": str(data_dir),
            "NEWSFEED_LOG_LEVEL": "warning",
            "NEWSFEED_NER_ENABLED": "false" if name == NEWSFEED_NO_NER else "true",
            "NEWSFEED_WORKER_PROCESSES": str(processes),
            "NEWSFEED_DEDUP_PROCESS": dedup_process,
        }
        argv = [sys.executable, "-m", "streams", "worker"]
        terminal = {r: t for r, t in routes.items() if r in TERMINAL_ROUTES}
        # The worker creates its topics itself (streams.topics.create_topics) at start-up.
        return Spec(name, argv, env, prefix, raw_topic, terminal, {}, log_path)
    raise ValueError(f"unknown contender {name!r}; choose from {', '.join(ALL)}")

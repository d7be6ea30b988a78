"""Running one contender: start its process, feed or wait, sample /proc, stop it, compute figures.

Definitions (also in docs/performance.md):

* **articles/s** = (terminal outputs - 1) / (last output time - first output time), from the output
  records' Kafka timestamps: steady-state rate, start-up (model loading, group join) excluded.
* **latency** = output record timestamp - input record timestamp, matched by key (CreateTime on
  both sides, same host clock). In *preload* mode the inputs waited on the topic before the
  contender ran, so input times are raised to the first output's time: the figure is queueing
  inside the run. In *rate* mode inputs are produced while the contender runs (after its group is
  Stable), so it is the real end-to-end latency at that load.
* **CPU s/article** = CPU seconds (utime + stime, whole process tree) between first and last output,
  interpolated from samples, / (outputs - 1).
* **peak RSS** = largest sum over the process tree of each process's VmHWM (start-up included).
* **broker CPU s/article** = the local broker process's CPU seconds over the same interval / (outputs
  - 1), when the broker runs on this machine and its process is readable (else not measured). The
  broker shares the cores, so its cost per article bounds what any worker can reach.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

from streams.bench import procfs
from streams.bench.contenders import Spec
from streams.bench.kafka_io import Kafka, Message, PacedProducer
from streams.bench.report import Result, latencies_ms, percentile, throughput

SAMPLE_S = 0.1  # /proc sampling period: CPU is interpolated between samples
COUNT_S = 0.5  # how often output end offsets are checked
STOP_GRACE_S = 30.0  # SIGTERM -> SIGKILL (a worker flushes and leaves its group in a few seconds)
# After the group is Stable, Faust still seeks and starts its fetchers; paced input waits this
# long so the first records do not measure the contender's last start-up steps.
SETTLE_S = 2.0


@dataclass(frozen=True)
class Limits:
    """Every contender run is bounded by these (seconds)."""

    startup: float = 180.0  # process start -> first output (models, group join)
    idle: float = 60.0  # no new output for this long
    total: float = 3600.0  # whole run


class Process:
    """A contender subprocess in its own session, so its whole tree can be signalled by pgid."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> int:
        log = open(self.spec.log_path, "ab")  # noqa: SIM115 - owned by the child
        try:
            self.proc = subprocess.Popen(
                self.spec.argv, env={**os.environ, **self.spec.env}, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
        finally:
            log.close()
        return self.proc.pid

    def exit_code(self) -> int | None:
        return None if self.proc is None else self.proc.poll()

    def stop(self) -> None:
        """SIGTERM the process group, SIGKILL it after STOP_GRACE_S."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.proc.wait(STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self.proc.wait(10)

    def _signal(self, sig: int) -> None:
        assert self.proc is not None
        # The group is this child's own session (start_new_session), so only its tree is signalled.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)

    def log_tail(self, n: int = 8) -> str:
        try:
            lines = self.spec.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return " | ".join(line.strip() for line in lines[-n:] if line.strip())[-600:]


def run(
    kafka: Kafka,
    spec: Spec,
    expected: int,
    inputs_ts: dict[bytes, int] | None,
    limits: Limits,
    feed: Sequence[Message] | None = None,
    rate: float | None = None,
    broker_pid: int | None = None,
) -> Result:
    """Run one contender until ``expected`` terminal outputs exist (or a limit is hit).

    Preload mode: ``inputs_ts`` are the timestamps of the records already on the input topic.
    Rate mode: ``feed`` is produced at ``rate``/s once the contender's group is Stable.
    ``broker_pid``: the local broker's process, whose CPU is sampled beside the contender's."""
    paced = feed is not None and rate is not None
    result = Result(spec.name, mode="rate" if paced else "preload", inputs=expected, rate_per_s=rate)
    if spec.create:
        kafka.create(spec.create)
    process = Process(spec)
    samples: list[tuple[float, float]] = []  # (wall time, tree CPU seconds)
    broker_samples: list[tuple[float, float]] = []  # (wall time, broker CPU seconds)
    peak_kb = 0
    producer: PacedProducer | None = None
    errors: list[str] = []
    out_topics = list(spec.outputs.values())
    started = time.time()
    pid = process.start()
    try:
        count, last_change, next_count = 0, time.monotonic(), 0.0
        while True:
            now = time.monotonic()
            sample = procfs.sample_tree(pid)
            if sample is not None:
                samples.append((time.time(), sample.cpu_s))
                peak_kb = max(peak_kb, sample.hwm_kb)
            _sample_broker(broker_pid, broker_samples)
            code = process.exit_code()
            if code is not None:
                errors.append(f"exited with code {code}: {process.log_tail()}")
                break
            if now >= next_count:
                next_count = now + COUNT_S
                if paced and producer is None and kafka.group_ready(spec.group, spec.members) and _ready(spec):
                    time.sleep(SETTLE_S)
                    producer = PacedProducer(kafka.servers, spec.input_topic, feed or [], rate or 1.0,
                                             on_error=lambda exc: errors.append(f"producer: {exc}"))
                    producer.start()
                new = kafka.count(out_topics)
                if new != count:
                    count, last_change = new, now
                if count >= expected:
                    break
                elapsed = time.time() - started
                if count == 0 and elapsed > limits.startup:
                    errors.append(f"no output within {limits.startup:.0f} s{_busy(samples, limits.startup)}: "
                                  f"{process.log_tail()}")
                    break
                if count and now - last_change > limits.idle:
                    errors.append(f"no progress: stalled at {count}/{expected} outputs for {limits.idle:.0f} s"
                                  f"{_busy(samples, limits.idle)}")
                    break
                if elapsed > limits.total:
                    errors.append(f"timed out after {limits.total:.0f} s at {count}/{expected} outputs")
                    break
            if errors:
                break
            time.sleep(SAMPLE_S)
        sample = procfs.sample_tree(pid)
        if sample is not None:
            samples.append((time.time(), sample.cpu_s))
            peak_kb = max(peak_kb, sample.hwm_kb)
        _sample_broker(broker_pid, broker_samples)
    finally:
        if producer is not None:
            producer.stop_event.set()
            producer.join(30)
        process.stop()
    if paced:
        inputs_ts = kafka.read([spec.input_topic]).first_ts
    outs = kafka.read(out_topics)
    _figures(result, inputs_ts or {}, outs.first_ts, samples, started, paced, expected, broker_samples)
    result.peak_rss_mb = peak_kb / 1024 if peak_kb else None
    result.repeated = outs.total - len(outs.first_ts)
    if len(spec.outputs) > 1:
        by_topic = {t: r for r, t in spec.outputs.items()}
        result.routes = {by_topic[t]: n for t, n in sorted(outs.per_topic.items())}
    if errors:
        result.error = errors[0]
    elif result.outputs < expected:
        result.error = f"only {result.outputs}/{expected} outputs matched an input key"
    return result


def _figures(
    result: Result, inputs_ts: dict[bytes, int], outputs_ts: dict[bytes, int],
    samples: list[tuple[float, float]], started: float, paced: bool, expected: int,
    broker_samples: list[tuple[float, float]] | None = None,
) -> None:
    matched = {k: ts for k, ts in outputs_ts.items() if k in inputs_ts}
    # A contender stopped at ``expected`` outputs (naive on a subset) may have written a few more
    # before it stopped; only the first ``expected`` count, so the window matches the samples.
    matched = dict(sorted(matched.items(), key=lambda kv: kv[1])[:expected])
    result.outputs = len(matched)
    if not matched:
        return
    first, last = min(matched.values()), max(matched.values())
    result.startup_s = first / 1000 - started
    result.articles_per_s = throughput(matched.values())
    lat = latencies_ms(inputs_ts, matched, None if paced else first)
    result.p50_ms, result.p99_ms = percentile(lat, 50), percentile(lat, 99)
    cpu = procfs.cpu_between(samples, first / 1000, last / 1000)
    if cpu is not None and len(matched) > 1:
        result.cpu_s_per_article = cpu / (len(matched) - 1)
    broker_cpu = procfs.cpu_between(broker_samples or [], first / 1000, last / 1000)
    if broker_cpu is not None and len(matched) > 1:
        result.broker_cpu_s_per_article = broker_cpu / (len(matched) - 1)


def _busy(samples: list[tuple[float, float]], window_s: float) -> str:
    """How busy the contender's processes were over the last ``window_s`` seconds, for its error:
    a contender spinning without progress (a client's busy loop) reads differently from one waiting."""
    if len(samples) < 2:
        return ""
    end_t, end_cpu = samples[-1]
    start = next(((t, c) for t, c in samples if t >= end_t - window_s), samples[0])
    if end_t - start[0] <= 0:
        return ""
    share = (end_cpu - start[1]) / (end_t - start[0])
    return f" (its processes used {share:.0%} of a core meanwhile)"


def _sample_broker(pid: int | None, samples: list[tuple[float, float]]) -> None:
    if pid is None:
        return
    st = procfs.read_stat(pid)
    if st is not None:
        samples.append((time.time(), st.cpu_s))


def _ready(spec: Spec) -> bool:
    """Whether every worker process of ``spec`` answers 200 on ``/readyz`` (true without endpoints)."""
    for url in spec.ready_urls():
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status != 200:
                    return False
        except OSError:  # refused, 503 (HTTPError), timeout: not ready yet
            return False
    return True

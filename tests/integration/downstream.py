"""A worker fed with the example articles and poison messages, scraped by a real Prometheus server
(Debian's ``prometheus``), for the dashboard/alert test and the downstream-consumer examples."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from streams.topics import produce
from tests.fixtures import examples_file
from tests.integration.support import WorkerProcess, free_port, send, unique_settings_env, wait_for_outputs

ROOT = Path(__file__).resolve().parents[2]
ALERT_RULES = ROOT / "ops" / "prometheus" / "alerts.yml"
# Enough undecodable messages to pass NewsfeedHighRejectionRate's volume guard (>= 100 consumed in
# 10 minutes) with a rejected share far above its 5% threshold.
POISON = 120
# Prometheus starts in a second or two; its first scrape and rule evaluation follow within the
# 1-second intervals of the test configuration.
PROMETHEUS_READY_S = 60.0


class PrometheusServer:
    """``prometheus`` scraping one target every second and evaluating ``alerts.yml`` every second."""

    def __init__(self, workdir: Path, target: str) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = {
            # One second instead of the production 15 s: the test sees scrapes and alert states
            # within seconds. Rate windows (1m in the dashboard queries here) hold many samples.
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [str(ALERT_RULES)],
            "scrape_configs": [{"job_name": "newsfeed", "static_configs": [{"targets": [target]}]}],
        }
        self.config_file = workdir / "prometheus.yml"
        self.config_file.write_text(orjson.dumps(config).decode())  # JSON is YAML
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("prometheus")
        assert binary, "prometheus not on PATH (ops/bootstrap.sh installs Debian's package)"
        log = open(self.workdir / "prometheus.log", "ab")  # noqa: SIM115 - owned by the child
        self.proc = subprocess.Popen(
            [binary, f"--config.file={self.config_file}", f"--storage.tsdb.path={self.workdir / 'data'}",
             f"--web.listen-address=127.0.0.1:{self.port}", "--log.level=warn"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + PROMETHEUS_READY_S
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"prometheus exited:\n{self.log_tail()}"
            try:
                with urllib.request.urlopen(f"{self.url}/-/ready", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"prometheus not ready within {PROMETHEUS_READY_S:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def api(self, path: str, **params: str) -> Any:
        """``/api/v1/<path>``'s ``data`` (asserting status success)."""
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(f"{self.url}/api/v1/{path}{query}", timeout=10) as resp:
            body = orjson.loads(resp.read())
        assert body["status"] == "success", body
        return body["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        """The instant-query result vector of ``expr`` now."""
        data = self.api("query", query=expr)
        assert data["resultType"] == "vector", data
        return list(data["result"])

    def alerts(self) -> list[dict[str, Any]]:
        return list(self.api("alerts")["alerts"])

    def log_tail(self, n: int = 30) -> str:
        try:
            return "\n".join((self.workdir / "prometheus.log").read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"


@dataclass
class ScrapedWorker:
    """The running worker, the Prometheus scraping it, and what was sent to it."""

    worker: WorkerProcess
    prometheus: PrometheusServer
    examples: int
    poison: int


@contextmanager
def scraped_worker(broker: str) -> Iterator[ScrapedWorker]:
    """A worker (gazetteer-only NER: the same records' shape, a faster start), Prometheus scraping
    it, then the example articles and :data:`POISON` undecodable messages, all processed."""
    env = unique_settings_env(broker)
    env["NEWSFEED_NER_ENABLED"] = "false"
    worker = WorkerProcess(env)
    workdir = Path(tempfile.mkdtemp(prefix="prometheus-", dir=env["NEWSFEED_DATA_DIR"]))
    prometheus = PrometheusServer(workdir, f"127.0.0.1:{worker.settings.metrics_port}")
    worker.create_topics()
    worker.start()
    try:
        prometheus.start()
        try:
            # Traffic after the first scrapes, and in two rounds: a counter or histogram series is
            # born with its first event, and rate() counts only increases after its first sample.
            _wait_for_scrape(prometheus)
            examples = produce(worker.settings, [str(examples_file())], progress=False)
            _wait_for_processed(worker, prometheus, examples)
            again = send(worker.settings, copies_of_examples())
            send(worker.settings, (b"{not json %d" % i for i in range(POISON)))
            _wait_for_processed(worker, prometheus, examples + again + POISON)
            yield ScrapedWorker(worker, prometheus, examples, POISON)
        finally:
            prometheus.stop()
    finally:
        worker.stop()


def copies_of_examples() -> list[bytes]:
    """The example messages again under new ids (and URLs, which give a keyless article its id):
    copies of the first round (duplicates), the same cleaning and the same bad records."""
    copies = []
    for line in examples_file().read_bytes().splitlines():
        try:
            obj = orjson.loads(line)
        except ValueError:
            copies.append(line)
            continue
        if isinstance(obj, dict) and isinstance(obj.get("id"), str):
            obj["id"] += "-again"
        if isinstance(obj, dict) and isinstance(obj.get("url"), str):  # a keyless copy's id comes from its URL
            parts = urllib.parse.urlsplit(obj["url"])
            obj["url"] = urllib.parse.urlunsplit(parts._replace(path=parts.path + "-again"))
        copies.append(orjson.dumps(obj))
    return copies


def _wait_for_processed(worker: WorkerProcess, prometheus: PrometheusServer, expected: int) -> None:
    """Every message has its terminal record, and Prometheus has scraped the worker since."""
    got = wait_for_outputs(worker.settings, expected)
    done = sum(len(got[r]) for r in ("enriched", "duplicates", "rejected"))
    assert done == expected, f"{done} of {expected} processed:\n{worker.log_tail()}"
    deadline = time.monotonic() + 30.0
    consumed = 'sum(newsfeed_articles_consumed_total{job="newsfeed"})'
    while time.monotonic() < deadline:
        result = prometheus.query(consumed)
        if result and float(result[0]["value"][1]) >= expected:
            time.sleep(2.5)  # a few more 1-second scrapes: every series has samples after its birth
            return
        time.sleep(0.5)
    raise AssertionError(f"Prometheus did not see {expected} consumed messages:\n{prometheus.log_tail()}")


def _wait_for_scrape(prometheus: PrometheusServer, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if any(r["value"][1] == "1" for r in prometheus.query('up{job="newsfeed"}')):
            return
        time.sleep(0.5)
    raise AssertionError(f"the worker was not scraped within {timeout_s:.0f} s:\n{prometheus.log_tail()}")

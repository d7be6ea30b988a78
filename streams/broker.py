"""The local single-node Apache Kafka broker (KRaft) for development, tests and the demo.

Jars come from Maven Central through ``ops/kafka/pom.xml`` (``mvn dependency:copy-dependencies``)
and are cached in ``<home>/libs``; the storage is formatted once; the broker runs as a background
Java process whose pid is kept in ``<home>/kafka.pid``. ``newsfeed broker start|stop|status`` wraps
this module. Nothing here is used by the worker itself.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

# Heap for a 2-core machine shared with the workers and the tests: a single-node broker with a few
# dozen small topics stays well under 512 MiB; 768 MiB leaves headroom for transactions/compaction.
DEFAULT_HEAP = "-Xms256m -Xmx768m"
# A cold JVM with KRaft recovery takes 5-15 s on this machine; 90 s covers a loaded CI box.
START_TIMEOUT_S = 90.0
# Controlled shutdown of a single node finishes in a few seconds; after this we SIGKILL.
STOP_TIMEOUT_S = 30.0


class BrokerError(RuntimeError):
    """A problem with the local broker that a person can act on."""


@dataclass(frozen=True)
class LocalBroker:
    """Paths and ports of the local broker."""

    home: Path
    pom: Path
    host: str = "127.0.0.1"
    port: int = 9092
    controller_port: int = 9093
    heap: str = DEFAULT_HEAP

    @property
    def libs(self) -> Path:
        return self.home / "libs"

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def pid_file(self) -> Path:
        return self.home / "kafka.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "kafka.log"

    @property
    def config_file(self) -> Path:
        return self.home / "server.properties"

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    # -- lifecycle ------------------------------------------------------------------------------
    def ensure_jars(self) -> None:
        """Fetch the broker jars from Maven Central once."""
        if self.libs.is_dir() and any(self.libs.glob("kafka_2.13-*.jar")):
            return
        if shutil.which("mvn") is None:
            raise BrokerError("Maven (mvn) is needed to fetch the Kafka jars (apt-get install maven)")
        if not self.pom.is_file():
            raise BrokerError(f"Kafka pom not found at {self.pom}")
        self.home.mkdir(parents=True, exist_ok=True)
        tmp = self.home / "libs.partial"
        shutil.rmtree(tmp, ignore_errors=True)
        cmd = [
            "mvn", "-q", "-B", "-f", str(self.pom), "dependency:copy-dependencies",
            f"-DoutputDirectory={tmp}", "-DincludeScope=runtime",
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            tail = (proc.stdout + proc.stderr).strip().splitlines()[-5:]
            raise BrokerError("mvn could not fetch the Kafka jars: " + " | ".join(tail))
        tmp.rename(self.libs)

    def write_config(self) -> None:
        """server.properties for one node that is both broker and controller."""
        self.home.mkdir(parents=True, exist_ok=True)
        lines = [
            "process.roles=broker,controller",
            "node.id=1",
            f"controller.quorum.voters=1@{self.host}:{self.controller_port}",
            f"listeners=PLAINTEXT://{self.host}:{self.port},CONTROLLER://{self.host}:{self.controller_port}",
            f"advertised.listeners=PLAINTEXT://{self.host}:{self.port}",
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            f"log.dirs={self.data}",
            "num.partitions=1",
            # Single node: internal topics cannot have more than one replica.
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            # Tests create many short-lived consumer groups; waiting 3 s per rebalance only slows them.
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=false",
            # Matches the topics' max.message.bytes (streams.kafka_tools.MAX_MESSAGE_BYTES), so internal
            # and changelog topics created by Faust accept the same record sizes.
            "message.max.bytes=8388608",
            # Few threads: the machine has 2 cores shared with the workers.
            "num.network.threads=2",
            "num.io.threads=2",
            "num.recovery.threads.per.data.dir=1",
            "log.retention.hours=168",
            "log.segment.bytes=67108864",
        ]
        self.config_file.write_text("\n".join(lines) + "\n")

    def format_storage(self) -> None:
        """Format the KRaft storage once (a ``meta.properties`` marks it as done)."""
        if (self.data / "meta.properties").exists():
            return
        cluster_id = uuid.uuid4().hex[:22]
        proc = subprocess.run(
            ["java", "-cp", self._classpath(), "kafka.tools.StorageTool", "format",
             "-t", cluster_id, "-c", str(self.config_file)],
            capture_output=True, text=True, check=False, env=self._env(),
        )
        if proc.returncode != 0:
            raise BrokerError("formatting Kafka storage failed: " + (proc.stdout + proc.stderr).strip()[-500:])

    def start(self, timeout: float = START_TIMEOUT_S) -> bool:
        """Start the broker unless it runs; wait until it answers. Returns False if it already ran."""
        if self.pid() is not None and self.answers():
            return False
        if port_open(self.host, self.port):
            raise BrokerError(f"port {self.port} is taken by another process; stop it or pick another port")
        if shutil.which("java") is None:
            raise BrokerError("Java 17+ is needed to run Kafka (apt-get install openjdk-17-jre-headless)")
        self.ensure_jars()
        self.write_config()
        self.format_storage()
        log = open(self.log_file, "ab")  # noqa: SIM115 - handed to the child process
        proc = subprocess.Popen(
            ["java", *self.heap.split(), "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50",
             "-Djava.awt.headless=true",
             f"-Dlog4j2.configurationFile={self.pom.parent / 'log4j2.yaml'}",
             "-cp", self._classpath(), "kafka.Kafka", str(self.config_file)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, env=self._env(),
        )
        log.close()
        self.pid_file.write_text(str(proc.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise BrokerError(f"Kafka exited with code {proc.returncode}; see {self.log_file}")
            if self.answers():
                return True
            time.sleep(0.5)
        raise BrokerError(f"Kafka did not answer on {self.address} within {timeout:.0f} s; see {self.log_file}")

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> bool:
        """Stop the broker cleanly (SIGTERM, then SIGKILL after ``timeout``). False if not running."""
        pid = self.pid()
        if pid is None:
            return False
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            self.pid_file.unlink(missing_ok=True)
            return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True

    def pid(self) -> int | None:
        """Pid of the running broker started from this home, or None."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _alive(pid) else None

    def answers(self) -> bool:
        """True when the broker answers a metadata request."""
        return broker_answers(self.address)

    def wipe(self) -> None:
        """Delete the broker's data (it must be stopped)."""
        if self.pid() is not None:
            raise BrokerError("stop the broker before wiping its data")
        shutil.rmtree(self.data, ignore_errors=True)

    def _classpath(self) -> str:
        return str(self.libs / "*")

    @staticmethod
    def _env() -> dict[str, str]:
        env = dict(os.environ)
        env.pop("KAFKA_HEAP_OPTS", None)
        env.pop("CLASSPATH", None)
        return env


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child (we started it in this process) counts as dead.
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1][:1] != "Z"
    except OSError:
        return True


def port_open(host: str, port: int) -> bool:
    """True when something accepts TCP connections on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def broker_answers(address: str, timeout_s: float = 3.0) -> bool:
    """True when a Kafka broker at ``address`` answers a metadata request."""
    host, _, port = address.rpartition(":")
    if not port_open(host or "127.0.0.1", int(port)):
        return False
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    try:
        admin = KafkaAdminClient(
            bootstrap_servers=[address], request_timeout_ms=int(timeout_s * 1000),
        )
    except (KafkaError, OSError, ValueError):
        return False
    try:
        admin.list_topics()
        return True
    except (KafkaError, OSError):
        return False
    finally:
        admin.close()


def default_broker(home: str | os.PathLike[str] | None = None, port: int = 9092) -> LocalBroker:
    """The local broker of this checkout: jars and data under ``.cache/kafka`` next to ``ops/``."""
    root = _project_root()
    base = Path(home) if home else root / ".cache" / "kafka"
    return LocalBroker(home=base, pom=root / "ops" / "kafka" / "pom.xml", port=port, controller_port=port + 1)


def _project_root() -> Path:
    """The checkout (editable install) or, for an installed package, the current directory."""
    here = Path(__file__).resolve().parent.parent
    if (here / "ops" / "kafka" / "pom.xml").is_file():
        return here
    return Path.cwd()

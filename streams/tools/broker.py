"""The local single-node Apache Kafka broker (KRaft) for development, tests and the demo.

Jars come from Maven Central through ``ops/kafka/pom.xml`` (``mvn dependency:copy-dependencies``)
and are cached in ``.cache/kafka/libs`` (shared by every broker home); the storage is formatted once;
the broker runs as a background Java process whose pid is kept in ``<home>/kafka.pid``. With SCRAM
users the client listener is SASL_PLAINTEXT (SCRAM-SHA-512) and nothing is reachable without a login.
``newsfeed broker start|stop|status`` wraps this module. Nothing here is used by the worker itself.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Heap for a 2-core machine shared with the workers and the tests: a single-node broker with a few
# dozen small topics stays well under 512 MiB; 768 MiB leaves headroom for transactions/compaction.
DEFAULT_HEAP = "-Xms256m -Xmx768m"
# A cold JVM with KRaft recovery takes 5-15 s on this machine; 90 s covers a loaded CI box.
START_TIMEOUT_S = 90.0
# Controlled shutdown of a single node finishes in a few seconds; after this we SIGKILL.
STOP_TIMEOUT_S = 30.0
# The only SASL mechanism the local broker offers (the issue asks for SCRAM-SHA-512 at least).
SCRAM_MECHANISM = "SCRAM-SHA-512"
# The broker's own inter-broker user on a SASL broker; its password is generated once per home.
BROKER_USER = "newsfeed-broker"
# Characters that survive server.properties, the JAAS line and the `--add-scram` parser unescaped.
_SCRAM_SAFE = re.compile(r"[A-Za-z0-9._~!@#$%^&*()+:;?/|{}<>-]+")


class BrokerError(RuntimeError):
    """A problem with the local broker that a person can act on."""


@dataclass(frozen=True)
class LocalBroker:
    """Paths and ports of the local broker.

    With ``scram_users`` (name -> password) the client listener is ``SASL_PLAINTEXT`` with
    SCRAM-SHA-512 instead of ``PLAINTEXT``; the users are created when the storage is formatted.
    ``libs_dir`` shares a jar cache between brokers (default ``<home>/libs``).
    """

    home: Path
    pom: Path
    host: str = "127.0.0.1"
    port: int = 9092
    controller_port: int = 9093
    heap: str = DEFAULT_HEAP
    libs_dir: Path | None = None
    # repr=False: the passwords must not end up in logs or test reports.
    scram_users: Mapping[str, str] = field(default_factory=dict, repr=False, hash=False)

    @property
    def libs(self) -> Path:
        return self.libs_dir if self.libs_dir is not None else self.home / "libs"

    @property
    def sasl(self) -> bool:
        """True when the client listener requires SASL/SCRAM authentication."""
        return bool(self.scram_users)

    @property
    def protocol(self) -> str:
        """Security protocol of the client listener."""
        return "SASL_PLAINTEXT" if self.sasl else "PLAINTEXT"

    @property
    def admin_secret_file(self) -> Path:
        """Password of the broker's own SCRAM user (inter-broker and `status`), mode 0600."""
        return self.home / "broker-scram.secret"

    @property
    def users_marker(self) -> Path:
        """Digest of the SCRAM users the storage was formatted with."""
        return self.home / "scram-users.sha256"

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
        self.libs.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.libs.with_name(self.libs.name + ".partial")
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
            *self._listener_lines(),
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
            # Matches the topics' max.message.bytes (streams.topics.MAX_MESSAGE_BYTES), so internal
            # and changelog topics created by Faust accept the same record sizes.
            "message.max.bytes=8388608",
            # Few threads: the machine has 2 cores shared with the workers.
            "num.network.threads=2",
            "num.io.threads=2",
            "num.recovery.threads.per.data.dir=1",
            "log.retention.hours=168",
            "log.segment.bytes=67108864",
        ]
        # Holds the broker user's SCRAM password when SASL is on: readable by its owner only.
        _write_private(self.config_file, "\n".join(lines) + "\n")

    def _listener_lines(self) -> list[str]:
        """The client listener (PLAINTEXT, or SASL_PLAINTEXT with SCRAM) and the PLAINTEXT controller."""
        proto, client = self.protocol, f"{self.host}:{self.port}"
        lines = [
            f"listeners={proto}://{client},CONTROLLER://{self.host}:{self.controller_port}",
            f"advertised.listeners={proto}://{client}",
            "controller.listener.names=CONTROLLER",
            # With SASL the broker reaches itself as BROKER_USER: no unauthenticated client port is open.
            f"inter.broker.listener.name={proto}",
            f"listener.security.protocol.map={proto}:{proto},CONTROLLER:PLAINTEXT",
        ]
        if self.sasl:
            jaas = (
                "org.apache.kafka.common.security.scram.ScramLoginModule required "
                f'username="{BROKER_USER}" password="{self.admin_password()}";'
            )
            lines += [
                f"sasl.enabled.mechanisms={SCRAM_MECHANISM}",
                f"sasl.mechanism.inter.broker.protocol={SCRAM_MECHANISM}",
                f"listener.name.sasl_plaintext.{SCRAM_MECHANISM.lower()}.sasl.jaas.config={jaas}",
            ]
        return lines

    def admin_password(self) -> str:
        """The broker user's SCRAM password: generated once per home, kept in a 0600 file."""
        if not self.admin_secret_file.is_file():
            _write_private(self.admin_secret_file, secrets.token_urlsafe(24) + "\n")
        return self.admin_secret_file.read_text(encoding="utf-8").strip()

    def scram_arguments(self) -> list[str]:
        """``--add-scram`` arguments of ``kafka-storage format``: the broker user and ``scram_users``."""
        if not self.sasl:
            return []
        args: list[str] = []
        for name, password in sorted({**self.scram_users, BROKER_USER: self.admin_password()}.items()):
            for what, value in (("user name", name), ("password", password)):
                if not _SCRAM_SAFE.fullmatch(value):
                    raise BrokerError(
                        f"SCRAM {what} of {name!r} is empty or has characters the local broker cannot "
                        "quote (use letters, digits and ._~!@#$%^&*()+:;?/|{}<>-)"
                    )
            args += ["--add-scram", f"{SCRAM_MECHANISM}=[name={name},password={password}]"]
        return args

    def client_config(self) -> dict[str, Any]:
        """kafka-python options to reach this broker as its own user (for `answers`)."""
        if not self.sasl:
            return {}
        return {
            "security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": SCRAM_MECHANISM,
            "sasl_plain_username": BROKER_USER, "sasl_plain_password": self.admin_password(),
        }

    def format_storage(self) -> None:
        """Format the KRaft storage once (a ``meta.properties`` marks it as done), with the SCRAM users."""
        # SCRAM users exist only from format time on: remember a digest of them, so that asking an
        # existing storage for other users fails here and not later as a puzzling login error.
        users = "\n".join(f"{n}\0{p}" for n, p in sorted(self.scram_users.items()))
        wanted = hashlib.sha256(users.encode()).hexdigest() if users else ""
        if (self.data / "meta.properties").exists():
            have = self.users_marker.read_text().strip() if self.users_marker.is_file() else ""
            if self.sasl and have != wanted:
                raise BrokerError(
                    f"the storage in {self.data} was formatted with other SCRAM users; "
                    "wipe it (`newsfeed broker wipe`) or use another --home"
                )
            return
        proc = subprocess.run(
            ["java", "-cp", self._classpath(), "kafka.tools.StorageTool", "format",
             "-t", uuid.uuid4().hex[:22], "-c", str(self.config_file), *self.scram_arguments()],
            capture_output=True, text=True, check=False, env=self._env(),
        )
        if proc.returncode != 0:
            out = (proc.stdout + proc.stderr).strip()[-500:]
            for secret in self.scram_users.values() if self.sasl else ():
                out = out.replace(secret, "***")
            raise BrokerError("formatting Kafka storage failed: " + out)
        self.users_marker.write_text(wanted + "\n")

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
        return broker_answers(self.address, **self.client_config())

    def wipe(self) -> None:
        """Delete the broker's data (it must be stopped)."""
        if self.pid() is not None:
            raise BrokerError("stop the broker before wiping its data")
        shutil.rmtree(self.data, ignore_errors=True)
        self.users_marker.unlink(missing_ok=True)

    def _classpath(self) -> str:
        return str(self.libs / "*")

    @staticmethod
    def _env() -> dict[str, str]:
        env = dict(os.environ)
        env.pop("KAFKA_HEAP_OPTS", None)
        env.pop("CLASSPATH", None)
        return env


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (it may hold a password)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(text, encoding="utf-8")


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


def broker_answers(address: str, timeout_s: float = 3.0, **client_config: Any) -> bool:
    """True when a Kafka broker at ``address`` answers a metadata request.

    ``client_config`` adds kafka-python options, e.g. the SASL settings of a SCRAM listener."""
    host, _, port = address.rpartition(":")
    if not port_open(host or "127.0.0.1", int(port)):
        return False
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    try:
        admin = KafkaAdminClient(
            bootstrap_servers=[address], request_timeout_ms=int(timeout_s * 1000),
            bootstrap_timeout_ms=int(timeout_s * 1000), **client_config,
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


def default_broker(
    home: str | os.PathLike[str] | None = None,
    port: int = 9092,
    scram_users: Mapping[str, str] | None = None,
    controller_port: int | None = None,
) -> LocalBroker:
    """The local broker of this checkout: jars and data under ``.cache/kafka`` next to ``ops/``.

    Another ``home`` keeps its own data but shares the checkout's jar cache; ``scram_users`` turns
    the client listener into SASL_PLAINTEXT with SCRAM-SHA-512 (see :class:`LocalBroker`)."""
    root = _project_root()
    cache = root / ".cache" / "kafka"
    base = Path(home) if home else cache
    return LocalBroker(
        home=base, pom=root / "ops" / "kafka" / "pom.xml", port=port,
        controller_port=controller_port if controller_port is not None else port + 1,
        libs_dir=cache / "libs", scram_users=dict(scram_users or {}),
    )


def _project_root() -> Path:
    """The checkout (editable install) or, for an installed package, the current directory."""
    here = Path(__file__).resolve().parent.parent
    if (here / "ops" / "kafka" / "pom.xml").is_file():
        return here
    return Path.cwd()

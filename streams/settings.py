"""One typed settings object, built once at start-up from ``NEWSFEED_*`` environment variables.

Nothing here reads the environment at import time: call :func:`Settings.from_env` in the entry
point and pass the result down. Every field carries its own documentation (``metadata['doc']``);
docs/configuration.md's table is generated from it (``newsfeed config --markdown``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

ENV_PREFIX = "NEWSFEED_"
# Worker roles (NEWSFEED_WORKER_ROLE): every stage, or one side of the single-partition dedup hop.
ROLES = ("all", "prepare", "dedup")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _auto_or_bool(value: str) -> bool | None:
    """An auto/true/false setting: None for auto, else its truth (validated in Settings)."""
    word = value.strip().lower()
    return None if word == "auto" else word in _TRUE


class ConfigError(ValueError):
    """A setting has a value a person must fix; the CLI prints it as one line."""


def _f(default: Any, doc: str) -> Any:
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class Settings:
    """All runtime configuration of newsfeed. Field ``x_y`` is read from ``NEWSFEED_X_Y``."""

    # --- broker -------------------------------------------------------------------------------
    broker: str = _f("localhost:9092", "Kafka bootstrap servers, comma-separated host:port.")
    security_protocol: str = _f("PLAINTEXT", "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.")
    sasl_mechanism: str = _f("", "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 when SASL is used.")
    sasl_username: str = _f("", "SASL user name.")
    sasl_password: str = _f("", "SASL password (never logged). Prefer NEWSFEED_SASL_PASSWORD_FILE.")
    sasl_password_file: str = _f("", "File holding the SASL password (read at start-up).")
    ssl_cafile: str = _f("", "CA bundle to verify the broker's certificate (SSL / SASL_SSL).")
    ssl_certfile: str = _f("", "Client certificate for mutual TLS.")
    ssl_keyfile: str = _f("", "Private key of the client certificate.")
    # --- topics -------------------------------------------------------------------------------
    topic_raw: str = _f("news.raw", "Input topic of raw articles.")
    topic_enriched: str = _f("news.enriched", "Output: first-seen, cleaned, entity-tagged articles.")
    topic_duplicates: str = _f("news.duplicates", "Output: articles that repeat an earlier one.")
    topic_rejected: str = _f("news.rejected", "Output: dead letters with a typed error.")
    topic_entities: str = _f("news.entities", "Output: one record per (article, entity), keyed by entity id.")
    topic_partitions: int = _f(4, "Partitions of the public topics created by `newsfeed topics create`.")
    topic_replication: int = _f(1, "Replication factor of created topics (3 in production clusters).")
    # --- worker -------------------------------------------------------------------------------
    app_id: str = _f("newsfeed", "Faust application id = consumer group; prefixes internal topics.")
    processing_guarantee: str = _f(
        "exactly_once",
        "exactly_once (Kafka transactions: each input's outputs, state and offset commit together; "
        "consumers read with read_committed) or at_least_once (for brokers without transactions; a "
        "crash can repeat a few outputs, keyed by article id so consumers can drop them).",
    )
    commit_interval_s: float = _f(
        0.1,
        "How often processed offsets are committed (and, under exactly_once, transactions end and "
        "outputs become visible); each internal hop (two, or three for articles left to the NER "
        "after dedup: see NEWSFEED_NER_BEFORE_DEDUP) waits for a commit.",
    )
    # Fewer, larger transactions leave more CPU for a backlog (each costs the worker and the broker a
    # round of requests), but a long interval also delays every article when there is no backlog:
    # hence a second interval that applies only while one exists.
    commit_interval_backlog_s: float = _f(
        0.5,
        "Under exactly_once, while a worker has more than 200 records of its input not yet processed, "
        "commits come at most this often instead (an article's latency is then its wait in the queue; "
        "fewer transactions leave more CPU to work the backlog off); 0 = always "
        "NEWSFEED_COMMIT_INTERVAL_S.",
    )
    commit_when_idle: bool = _f(
        True,
        "Also commit as soon as the worker is quiet for 20 ms with processed records uncommitted (at "
        "most every 50 ms): lower latency when there is spare capacity, the interval when saturated.",
    )
    # The broker's cost is per batch of each partition it appends, and a prepared record is ~7.6 kB:
    # aiokafka's defaults (5 ms, 16 kB) send about one record per batch. Under at_least_once records
    # are visible as soon as they are sent and faust's commit waits for the producer's flush, which
    # waits out the linger: there a long linger is pure latency.
    producer_linger_ms: int = _f(
        -1,
        "How long the producer lets a batch fill before sending it; -1: 100 under exactly_once (Kafka "
        "Streams' default: a commit sends every open batch at once, and records are invisible until "
        "their transaction commits anyway, so the linger costs no latency and saves requests), 5 under "
        "at_least_once (where each commit and each hop would wait it out).",
    )
    producer_batch_bytes: int = _f(
        256 * 1024,
        "Largest batch of records the producer sends to one partition in one request.",
    )
    # faust's default: a standby costs a few percent of CPU and its memory (each prepare process mirrors
    # the other's boilerplate partitions) and saves a changelog replay when a partition moves.
    standby_replicas: int = _f(
        1,
        "Warm copies of other workers' table partitions each worker keeps by reading their changelogs, "
        "so that one taking a partition over need not replay its whole changelog first; 0 saves a "
        "few percent of CPU and the copies' memory.",
    )
    store: str = _f("memory://", "Faust table store: memory:// (rebuilt from changelog) or rocksdb://.")
    data_dir: str = _f(".cache/newsfeed", "Directory for the worker's local table data.")
    worker_processes: int = _f(
        1,
        "Worker processes `newsfeed worker` starts (one per core): each a full member of the group, "
        "with metrics on NEWSFEED_METRICS_PORT + its index and tables under NEWSFEED_DATA_DIR/<index>.",
    )
    # auto: a separate dedup process as soon as there is more than one worker process: the
    # single-partition hop then never waits behind a process busy cleaning or tagging. A single
    # process is kept whole: NEWSFEED_WORKER_PROCESSES=1 asks for one process.
    dedup_process: str = _f(
        "auto",
        "Run the single-partition dedup hop in a light process of its own (no models; index "
        "NEWSFEED_WORKER_PROCESSES, the last port and directory), beside NEWSFEED_WORKER_PROCESSES "
        "processes that clean and tag, so the dedup hop never waits behind their work: true, false, "
        "or auto (true when NEWSFEED_WORKER_PROCESSES > 1).",
    )
    worker_role: str = _f(
        "all",
        "Stages this process runs: all, prepare (clean, fingerprint, NER) or dedup (the dedup hop). "
        "Set by the supervisor with NEWSFEED_DEDUP_PROCESS; a group needs both roles (or all).",
    )
    session_timeout_s: float = _f(
        30.0, "A worker silent this long is dropped from the group and its partitions move to the others."
    )
    boilerplate_write_every: int = _f(
        8,
        "Learned-boilerplate state of a source goes to its table's changelog every this many of its "
        "articles (1 = each; a restart or rebalance forgets at most this many minus one).",
    )
    # Each article waits for its whole batch's NER. On the event loop (NEWSFEED_NER_PROCESS=false) a
    # batch also holds the process's other stages meanwhile, so batches stay small there; in a child
    # process it only delays its own articles. With NEWSFEED_NER_BEFORE_DEDUP=auto the size also tells
    # a prepare batch that shows a backlog (larger than this) from one that does not.
    tag_batch_size: int = _f(
        0,
        "Most articles per NER batch (stream.take); each article waits for its whole batch's NER. "
        "0 = 8 with the NER in its own process (NEWSFEED_NER_PROCESS), 4 on the event loop.",
    )
    # The NER costs about the same per article in batches of 8 as of 32, so waiting to fill a batch
    # buys nothing but latency; with a backlog, batches fill on their own while the previous one is tagged.
    tag_batch_seconds: float = _f(
        0.02, "Longest wait to fill an NER batch (added latency when the input is slower than the NER)."
    )
    # Without the statistical NER in prepare, a batch costs ~1 ms of CPU per article: 32 hold an
    # article ~30 ms at most, and let each stage run over the batch with its tables in the CPU caches.
    prepare_batch_size: int = _f(
        32, "Most raw articles per prepare batch when that hop runs no statistical NER (stream.take)."
    )
    prepare_batch_seconds: float = _f(
        0.01, "Longest wait to fill a prepare batch without the NER (added latency at low input rates)."
    )
    # faust's default. A full buffer pauses its partition (streams.faust_ext.backpressure) until it is half
    # empty; the other partitions go on.
    stream_buffer: int = _f(
        4096, "Records each agent's stream buffers per worker process before its partitions are paused."
    )
    max_payload_bytes: int = _f(2 * 1024 * 1024, "Raw messages larger than this are rejected.")
    rejected_payload_chars: int = _f(16_384, "The original payload is kept in dead letters up to this many characters.")
    # --- metrics ------------------------------------------------------------------------------
    metrics_host: str = _f("127.0.0.1", "Address the Prometheus endpoint binds to.")
    metrics_port: int = _f(9108, "Port of the Prometheus endpoint (0 disables it).")
    log_level: str = _f("info", "Worker log level.")
    log_format: str = _f("text", "text, or json for one JSON object per line (with article_id and stage).")
    # --- stages -------------------------------------------------------------------------------
    ner_enabled: bool = _f(True, "Run the statistical NER models; false = gazetteer only.")
    # Where the NER runs. After dedup (four hops) it tags first-seen articles only: the most
    # throughput. Before dedup (two hops) an article waits for one commit less: the least latency.
    # auto takes both, deciding per prepare batch; it needs the NER in its own process (on the event
    # loop a batch tagged in prepare would hold the dedup hop), so without one auto means false.
    ner_before_dedup: str = _f(
        "auto",
        "Where the statistical NER runs: true = in the parallel prepare hop, before dedup (two hops; "
        "duplicates are tagged too); false = after dedup, on first-seen articles only (four hops: back "
        "through the ordered hop for the entity registry); auto = before dedup while the input keeps "
        "up (prepare batches of at most NEWSFEED_TAG_BATCH_SIZE articles), after dedup under a backlog "
        "(needs NEWSFEED_NER_PROCESS).",
    )
    ner_process: bool = _f(
        True,
        "Run the statistical NER of each worker process in a child process of its own, so that the "
        "worker's event loop (the dedup hop, sends, commits) runs on while it tags.",
    )
    ner_matmul: str = _f(
        "numpy",
        "Matrix products of the NER models: numpy (numpy's BLAS, one thread per process; 36% less NER "
        "time than blis on the reference machine) or blis (spaCy's default).",
    )
    dedup_threshold: float = _f(-1.0, "Near-duplicate Jaccard threshold; negative = measured default.")
    dedup_shingle_size: int = _f(0, "Word shingle size; 0 = measured default.")
    dedup_window_days: float = _f(7.0, "Articles are duplicates only of articles seen within this window.")

    def __post_init__(self) -> None:
        # Settings with an automatic value hold the value in force once built (one name per setting);
        # a value that is not a valid word is left for validate() to report.
        def resolve(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        if self.tag_batch_size == 0:
            resolve("tag_batch_size", 8 if self.ner_process else 4)
        before = self.ner_before_dedup.strip().lower()
        if before in ("auto", *_TRUE, *_FALSE):
            word = "auto" if before == "auto" else ("true" if before in _TRUE else "false")
            resolve("ner_before_dedup", "false" if word == "auto" and not self.ner_process else word)
        separate = self.dedup_process.strip().lower()
        if separate in ("auto", *_TRUE, *_FALSE):
            on = self.worker_processes > 1 if separate == "auto" else separate in _TRUE
            resolve("dedup_process", "true" if on else "false")
        if self.producer_linger_ms == -1:
            resolve("producer_linger_ms", 100 if self.processing_guarantee == "exactly_once" else 5)

    @classmethod
    def from_env(cls, environ: Mapping[str, str], **overrides: Any) -> Settings:
        """Build settings from ``NEWSFEED_*`` variables in ``environ`` (pass ``os.environ``)."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is None:
                continue
            values[f.name] = _parse(f.name, f.type, raw)
        values.update(overrides)
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Raise :class:`ConfigError` for values that cannot work."""
        if not self.broker.strip():
            raise ConfigError("NEWSFEED_BROKER is empty")
        if self.processing_guarantee not in ("at_least_once", "exactly_once"):
            raise ConfigError(
                f"NEWSFEED_PROCESSING_GUARANTEE must be at_least_once or exactly_once, "
                f"not {self.processing_guarantee!r}"
            )
        from streams.entities.model import MATMULS  # the entity stage owns the list

        if self.ner_matmul not in MATMULS:
            raise ConfigError(f"NEWSFEED_NER_MATMUL must be one of {', '.join(MATMULS)}, not {self.ner_matmul!r}")
        if self.log_format not in ("text", "json"):
            raise ConfigError(f"NEWSFEED_LOG_FORMAT must be text or json, not {self.log_format!r}")
        if self.security_protocol not in ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"):
            raise ConfigError(f"NEWSFEED_SECURITY_PROTOCOL {self.security_protocol!r} is not supported")
        if not 0.01 <= self.commit_interval_s <= 60:
            raise ConfigError("NEWSFEED_COMMIT_INTERVAL_S must be between 0.01 and 60 seconds")
        if not 0 <= self.commit_interval_backlog_s <= 60:
            raise ConfigError("NEWSFEED_COMMIT_INTERVAL_BACKLOG_S must be between 0 and 60 seconds")
        if (self.max_payload_bytes <= 0 or self.topic_partitions <= 0 or self.tag_batch_size < 0
                or self.boilerplate_write_every <= 0 or self.stream_buffer <= 0 or self.prepare_batch_size <= 0):
            raise ConfigError("sizes and counts must be positive")
        if self.worker_role not in ROLES:
            raise ConfigError(f"NEWSFEED_WORKER_ROLE must be one of {', '.join(ROLES)}, not {self.worker_role!r}")
        for name, value in (("DEDUP_PROCESS", self.dedup_process), ("NER_BEFORE_DEDUP", self.ner_before_dedup)):
            if value.strip().lower() not in ("auto", *_TRUE, *_FALSE):
                raise ConfigError(f"{ENV_PREFIX}{name} must be auto, true or false, not {value!r}")
        if not -1 <= self.producer_linger_ms <= 10_000:
            raise ConfigError("NEWSFEED_PRODUCER_LINGER_MS must be -1 (auto) or between 0 and 10000")
        if not 16 * 1024 <= self.producer_batch_bytes <= 8 * 1024 * 1024:
            raise ConfigError("NEWSFEED_PRODUCER_BATCH_BYTES must be between 16 kB and 8 MB")
        if not 0 <= self.standby_replicas <= 8:
            raise ConfigError("NEWSFEED_STANDBY_REPLICAS must be between 0 and 8")
        if not 1 <= self.worker_processes <= 64:
            raise ConfigError("NEWSFEED_WORKER_PROCESSES must be between 1 and 64")
        if not 0 <= self.metrics_port < 65536:
            raise ConfigError(f"NEWSFEED_METRICS_PORT {self.metrics_port} is not a port")

    @property
    def runs_prepare(self) -> bool:
        """Whether this process cleans, fingerprints and tags (the parallel stages)."""
        return self.worker_role in ("all", "prepare")

    @property
    def runs_dedup(self) -> bool:
        """Whether this process runs the dedup hop."""
        return self.worker_role in ("all", "dedup")

    @property
    def bootstrap_servers(self) -> list[str]:
        """The broker list as kafka-python wants it."""
        return [s.strip() for s in self.broker.split(",") if s.strip()]

    def sasl_secret(self) -> str:
        """The SASL password, from the file when one is named."""
        if self.sasl_password_file:
            try:
                with open(self.sasl_password_file, encoding="utf-8") as fh:
                    return fh.read().strip()
            except OSError as exc:
                raise ConfigError(f"cannot read NEWSFEED_SASL_PASSWORD_FILE: {exc}") from exc
        return self.sasl_password

    def topics(self) -> dict[str, str]:
        """Route name -> topic name of every public topic."""
        return {
            "raw": self.topic_raw,
            "enriched": self.topic_enriched,
            "duplicates": self.topic_duplicates,
            "rejected": self.topic_rejected,
            "entities": self.topic_entities,
        }

    def redacted(self) -> dict[str, Any]:
        """Settings as a dict with secrets masked, safe to log."""
        out = dataclasses.asdict(self)
        if out.get("sasl_password"):
            out["sasl_password"] = "***"
        return out


def _parse(name: str, type_name: Any, raw: str) -> Any:
    env = ENV_PREFIX + name.upper()
    t = str(type_name)
    try:
        if t == "int":
            return int(raw)
        if t == "float":
            return float(raw)
        if t == "bool":
            low = raw.strip().lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ValueError(raw)
    except ValueError:
        raise ConfigError(f"{env}={raw!r} is not a valid {t}") from None
    return raw


def settings_reference_markdown() -> str:
    """The configuration table of docs/configuration.md, generated from the class so it cannot drift."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for f in fields(Settings):
        default = f.default
        shown = f"`{default}`" if default != "" else "(empty)"
        rows.append(f"| `{ENV_PREFIX}{f.name.upper()}` | {shown} | {f.metadata['doc']} |")
    return "\n".join(rows)

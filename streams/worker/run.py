"""Start-up of the long-running worker: settings -> HTTP endpoint -> topics -> models -> Faust worker.

Shutdown: SIGTERM or SIGINT makes mode's worker stop the agents (the record in hand finishes), flush
the producer, commit the offsets of processed records and leave the consumer group; this takes a few
seconds (bounded by ``SHUTDOWN_GRACE_S`` in deployments: docker-compose's ``stop_grace_period``).
"""

from __future__ import annotations

import gc
import logging
import tempfile
from pathlib import Path
from typing import Any

from streams.settings import ConfigError, Settings

log = logging.getLogger("newsfeed.worker")

# What deployments should allow between SIGTERM and SIGKILL: stopping agents, flushing the producer
# and committing take a few seconds; a 32-article NER batch in flight adds at most a second or two.
SHUTDOWN_GRACE_S = 30


def logging_config(settings: Settings) -> dict[str, object]:
    """dictConfig for mode's worker, so Faust's own logs use our format too."""
    formatter = "streams.worker.logs." + ("JsonFormatter" if settings.log_format == "json" else "TextFormatter")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"newsfeed": {"()": formatter}},
        "handlers": {"default": {"class": "logging.StreamHandler", "formatter": "newsfeed", "stream": "ext://sys.stderr"}},
        "root": {"level": settings.log_level.upper(), "handlers": ["default"]},
    }


def build_worker(app: Any, settings: Settings) -> Any:
    """mode's worker for ``app``, logging at the configured level.

    faust's worker draws a terminal spinner, and to feed it sets the root logger to DEBUG whatever
    the configured level: every debug call of faust and aiokafka (several per record sent) then built
    a log record that the handler threw away, about 6% of a worker's CPU. No spinner, no DEBUG."""
    from faust.worker import Worker

    worker = Worker(
        app, loglevel=settings.log_level, quiet=True, redirect_stdouts=False,
        logging_config=logging_config(settings),
    )
    worker.spinner = None
    return worker


class StartupError(ConfigError):
    """The worker cannot start as configured: one line saying which setting to change."""


def check_data_dir(path: str) -> None:
    """Create ``path`` if needed and check that files can be written there (NEWSFEED_DATA_DIR)."""
    try:
        Path(path).mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise StartupError(
            f"cannot write the worker's table data to NEWSFEED_DATA_DIR={path!r}: {exc.strerror or exc}; "
            "point it at a writable directory"
        ) from None


def check_models(settings: Settings) -> None:
    """Every statistical NER model the pipeline would load exists (the worker loads them later,
    in a child process, where a missing one would only show as a crash loop)."""
    if not settings.ner_enabled or not settings.runs_prepare:
        return
    from streams.entities.model import resolve_model
    from streams.pipeline import config_from_settings

    for lang, name in config_from_settings(settings).entities.models:
        try:
            resolve_model(name)
        except OSError as exc:
            raise StartupError(
                f"the NER model for {lang!r} is missing: {exc}; reinstall newsfeed with its models, "
                "or set NEWSFEED_NER_ENABLED=false to tag with the gazetteer only"
            ) from None


def supervised(settings: Settings) -> bool:
    """Whether ``newsfeed worker`` runs a supervisor of several worker processes."""
    return settings.worker_processes > 1 or settings.dedup_process == "true"


def check_startup(settings: Settings) -> None:
    """What a person can fix before the worker starts: data directory, metrics ports, the password
    file and the NER models, each reported as one :class:`StartupError` (``newsfeed: error: ...``)."""
    from streams.worker.health import EndpointUnavailable, check_bindable
    from streams.worker.supervisor import process_count

    check_data_dir(settings.data_dir)
    if settings.metrics_port:
        processes = process_count(settings) if supervised(settings) else 1
        for index in range(processes):
            try:
                check_bindable(settings.metrics_host, settings.metrics_port + index)
            except EndpointUnavailable as exc:
                raise StartupError(str(exc)) from None
    if settings.security_protocol.startswith("SASL"):
        settings.sasl_secret()  # ConfigError naming NEWSFEED_SASL_PASSWORD_FILE when unreadable
    check_models(settings)


def run_worker(settings: Settings) -> int:
    """Run the Faust worker with all agents until SIGTERM/SIGINT (mode's worker handles signals);
    with ``worker_processes`` > 1, that many workers under :mod:`streams.worker.supervisor`."""
    check_startup(settings)
    if supervised(settings):
        from streams.worker.supervisor import run_supervisor

        return run_supervisor(settings)
    from streams.faust_ext import compat
    from streams.pipeline import config_from_settings
    from streams.topics import create_topics, partition_count
    from streams.worker import logs
    from streams.worker.app import WorkerApp
    from streams.worker.health import EndpointUnavailable, HealthState, serve
    from streams.worker.metrics import Metrics

    # Before anything starts: the exactly-once layer relies on faust's private names being as reviewed.
    compat.check()
    logs.configure(settings.log_level, settings.log_format)
    metrics = Metrics()
    health = HealthState()
    if settings.metrics_port:
        try:
            serve(metrics.registry, health, settings.metrics_host, settings.metrics_port)
        except EndpointUnavailable as exc:  # taken since check_startup
            raise StartupError(str(exc)) from None
        log.info("metrics and health on http://%s:%d/", settings.metrics_host, settings.metrics_port)
    created = create_topics(settings)
    if created:
        log.info("created topics: %s", ", ".join(created))
    health.set_ready(False, "loading models")
    raw_partitions = partition_count(settings, settings.topic_raw)
    # Loads the NER models once, before joining the group (readiness waits for it).
    worker = WorkerApp(settings, metrics, config_from_settings(settings), health, raw_partitions)
    # Load lingua's language models and the NER models now, before joining the group: loaded
    # lazily they would stall the event loop for seconds on the first articles.
    if settings.runs_prepare:  # the dedup hop neither cleans nor tags
        worker.pipeline.warm_up()
    # Everything loaded so far (models, gazetteer, the app) lives as long as the process: moved out of
    # the collector's generations, it is not scanned again by every full collection (~80 ms each,
    # a pause in every stage's latency).
    gc.freeze()
    health.set_ready(False, "joining the consumer group")
    build_worker(worker.app, settings).execute_from_commandline()
    return 0  # pragma: no cover - execute_from_commandline exits

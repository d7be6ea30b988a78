"""Start-up of the long-running worker: settings -> metrics endpoint -> topics -> Faust worker."""

from __future__ import annotations

import logging

from streams.settings import Settings

log = logging.getLogger("newsfeed.worker")


def run_worker(settings: Settings) -> int:
    """Run the Faust worker with all agents until SIGTERM/SIGINT (mode's worker handles signals)."""
    from faust.worker import Worker

    from streams.app import Wiring
    from streams.kafka_tools import create_topics
    from streams.metrics import Metrics
    from streams.pipeline import config_from_settings

    logging.basicConfig(level=settings.log_level.upper(), format="[%(asctime)s] %(levelname)s %(name)s: %(message)s")
    metrics = Metrics()
    if settings.metrics_port:
        metrics.serve(settings.metrics_host, settings.metrics_port)
        log.info("metrics on http://%s:%d/metrics", settings.metrics_host, settings.metrics_port)
    created = create_topics(settings)
    if created:
        log.info("created topics: %s", ", ".join(created))
    wiring = Wiring(settings, metrics, config_from_settings(settings))  # loads the NER models once
    worker = Worker(wiring.app, loglevel=settings.log_level, quiet=True, redirect_stdouts=False)
    worker.execute_from_commandline()
    return 0  # pragma: no cover - execute_from_commandline exits

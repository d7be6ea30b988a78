"""JSON-lines logs carry article id and stage."""

from __future__ import annotations

import logging

import orjson

from streams.worker.logs import JsonFormatter, TextFormatter


def _record(**extra: object) -> logging.LogRecord:
    rec = logging.LogRecord("newsfeed.worker", logging.WARNING, __file__, 1, "rejected: %s", ("bad",), None)
    for k, v in extra.items():
        setattr(rec, k, v)
    return rec


def test_json_formatter_has_fields_and_extras() -> None:
    line = JsonFormatter().format(_record(article_id="a1", stage="clean", code="empty_after_cleaning"))
    obj = orjson.loads(line)
    assert obj["level"] == "warning" and obj["message"] == "rejected: bad"
    assert (obj["article_id"], obj["stage"], obj["code"]) == ("a1", "clean", "empty_after_cleaning")
    assert obj["ts"].endswith("Z")


def test_text_formatter_appends_extras() -> None:
    line = TextFormatter().format(_record(article_id="a1", stage="dedup"))
    assert line.endswith("[article_id=a1 stage=dedup]") and "rejected: bad" in line


def test_worker_logs_at_the_configured_level() -> None:
    """faust's worker set the root logger to DEBUG for its spinner; ours keeps the configured level,
    so faust's and aiokafka's per-record debug calls cost nothing."""
    import faust

    from streams.settings import Settings
    from streams.worker.run import build_worker

    root = logging.getLogger()
    saved_level, saved_handlers = root.level, root.handlers[:]
    try:
        settings = Settings.from_env({"NEWSFEED_LOG_LEVEL": "warning"})
        app = faust.App("log-level-test", broker="kafka://127.0.0.1:1", web_enabled=False)
        worker = build_worker(app, settings)
        worker._setup_logging()
        assert root.level == logging.WARNING
        assert not logging.getLogger("aiokafka.conn").isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("faust.topics").isEnabledFor(logging.DEBUG)
    finally:
        root.setLevel(saved_level)
        root.handlers[:] = saved_handlers

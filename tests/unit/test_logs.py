"""JSON-lines logs carry article id and stage."""

from __future__ import annotations

import logging

import orjson

from streams.logs import JsonFormatter, TextFormatter


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

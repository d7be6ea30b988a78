"""Logging set-up: plain text or JSON lines (``NEWSFEED_LOG_FORMAT=json``).

Records may carry ``article_id``, ``stage`` and ``code`` (pass them in ``extra=``); the JSON format
puts them in their own fields so a log pipeline can index them.
"""

from __future__ import annotations

import logging
import sys
import time

import orjson

EXTRA_FIELDS = ("article_id", "stage", "code", "topic", "partition", "offset")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                out[name] = value
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(out, default=str).decode()


class TextFormatter(logging.Formatter):
    """Plain text with the extras appended as key=value."""

    def __init__(self) -> None:
        super().__init__("[%(asctime)s] %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        base = super().format(record)
        extras = " ".join(f"{n}={getattr(record, n)}" for n in EXTRA_FIELDS if getattr(record, n, None) is not None)
        return f"{base} [{extras}]" if extras else base


def configure(level: str, fmt: str) -> None:
    """Configure the root logger once, at start-up."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())

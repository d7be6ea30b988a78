"""The bench input: the first N OrangeSum articles as ``news.raw`` messages (nothing is copied
into the repository; the corpus path is an argument)."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson

from streams.bench.kafka_io import Message

DEFAULT_DATA = Path("../shared/data/corpus/orangesum_articles.jsonl.gz")


class DataError(RuntimeError):
    """The corpus is missing or unreadable: a one-line message for the person at the terminal."""


def to_raw(article: dict[str, object]) -> Message:
    """One corpus line ``{"doc_id", "date", "title", "heading", "article"}`` -> (key, news.raw value).

    Same layout as the dedup evaluation stream: id ``os-<doc_id>``, text = heading and article
    separated by a blank line (the heading is the lead paragraph), the date as ``published_at``."""
    doc_id = str(article.get("doc_id"))
    body = "\n\n".join(str(article.get(k) or "") for k in ("heading", "article")).strip()
    key = f"os-{doc_id}"
    value: dict[str, object] = {
        "id": key,
        "title": str(article.get("title") or ""),
        "text": body,
        "source": "orangesum",
    }
    if article.get("date"):
        value["published_at"] = str(article["date"])
    return key.encode(), orjson.dumps(value)


def load(path: Path, n: int) -> list[Message]:
    """The first ``n`` articles in corpus order, duplicates included as they occur."""
    if not path.is_file():
        raise DataError(f"corpus not found: {path} (pass --data; see ../shared/data/README.md)")
    out: list[Message] = []
    try:
        with gzip.open(path, "rb") as fh:
            for line in fh:
                if not line.strip():
                    continue
                obj = orjson.loads(line)
                if isinstance(obj, dict):
                    out.append(to_raw(obj))
                if len(out) >= n:
                    break
    except (OSError, orjson.JSONDecodeError) as exc:
        raise DataError(f"cannot read corpus {path}: {exc}") from None
    if not out:
        raise DataError(f"corpus {path} holds no articles")
    return out

"""Unlabelled French news text for training: OrangeSum articles (title, heading, body) and the
MasakhaNEWS French validation set (headline and text). Only the text is read; labels and test files
are not. Used by ``pretrain_fr`` (tok2vec pretraining) and ``silver`` (teacher-tagged sentences).
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from pathlib import Path

import orjson

ORANGESUM = "orangesum_articles.jsonl.gz"
MASAKHANEWS = Path("masakhanews_fr") / "dev.tsv"
# The first 300 OrangeSum articles are the speed benchmarks' texts; a margin keeps them out.
DEFAULT_SKIP = 1000


def corpus_files(corpus: Path) -> list[Path]:
    """The raw-text files read from the corpus directory."""
    return [corpus / ORANGESUM, corpus / MASAKHANEWS]


def orangesum_texts(path: Path, skip: int) -> Iterator[str]:
    """Title, heading and body of each OrangeSum article after the first ``skip``."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number < skip:
                continue
            article = orjson.loads(line)
            for field in ("title", "heading", "article"):
                text = str(article.get(field) or "").strip()
                if text:
                    yield text


def masakhanews_texts(path: Path) -> Iterator[str]:
    """Headline and text of each MasakhaNEWS article (the topic label is not read)."""
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows, delimiter="\t"):
            for field in ("headline", "text"):
                text = str(row.get(field) or "").strip()
                if text:
                    yield text


def corpus_texts_in_order(corpus: Path, skip: int) -> Iterator[str]:
    """The OrangeSum texts after the first ``skip`` articles, then the MasakhaNEWS texts, in file order."""
    yield from orangesum_texts(corpus / ORANGESUM, skip)
    yield from masakhanews_texts(corpus / MASAKHANEWS)

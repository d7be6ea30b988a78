"""dedup_bench: the CPU run counts every decision; --compare-with runs two checkouts alternately."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson
import pytest

from streams.dedup import DedupConfig
from streams.evaluate import dedup_bench

ROOT = Path(__file__).resolve().parents[3]
STORY = " ".join(f"mot{i}" for i in range(60))


def corpus(path: Path) -> Path:
    """Four articles: a story, its exact copy, an edited copy, another story."""
    rows = [
        {"title": "Un titre", "heading": "", "article": STORY},
        {"title": "Un titre", "heading": "", "article": STORY},
        {"title": "Un autre titre", "heading": "", "article": STORY + " fin"},
        {"title": "Rien à voir", "heading": "", "article": " ".join(f"autre{i}" for i in range(60))},
    ]
    with gzip.open(path, "wb") as fh:
        fh.writelines(orjson.dumps(r) + b"\n" for r in rows)
    return path


def test_cpu_run_counts_each_decision_and_the_state(tmp_path: Path) -> None:
    texts = dedup_bench.load_texts(corpus(tmp_path / "c.jsonl.gz"), 10)
    row = dedup_bench.cpu_run(texts, DedupConfig())
    assert (row["decisions_first_seen"], row["decisions_exact"], row["decisions_near"]) == (2.0, 1.0, 1.0)
    assert row["state_bytes_per_article"] > 0 and row["fingerprint_us"] > 0


def test_compare_with_runs_both_checkouts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = corpus(tmp_path / "c.jsonl.gz")
    assert dedup_bench.main(["--data", str(data), "--n", "4", "--windows", "1", "--compare-with", str(ROOT),
                             "--rounds", "2"]) == 0
    out = capsys.readouterr().out
    # The order flips each round; one summary per checkout, with its decisions.
    assert "round 0 this" in out and "round 1 other" in out
    assert out.count("best of 2") == 2 and "'exact': 1" in out


def test_compare_with_needs_a_checkout(tmp_path: Path) -> None:
    assert dedup_bench.main(["--data", str(corpus(tmp_path / "c.jsonl.gz")), "--compare-with", str(tmp_path)]) == 2

"""dedup_eval --hard-outputs: the pipeline's own decisions scored like the dedup-only run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from streams.evaluate import dedup_eval


def write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


def labels(data: Path) -> None:
    write(data / "hard_dev_labels.jsonl", [
        {"id": "o1", "role": "original", "group": "o1"},
        {"id": "v1", "role": "variant", "level": "L1", "group": "o1", "original": "o1"},
        {"id": "v3", "role": "variant", "level": "L3", "group": "o1", "original": "o1"},
        {"id": "b4", "role": "variant", "level": "L4", "group": "o1", "original": "o1"},
        {"id": "n1", "role": "negative", "negative_kind": "topic_pair"},
    ])


def test_pipeline_outputs_are_scored_with_the_rejections(tmp_path: Path) -> None:
    labels(tmp_path)
    outputs = write(tmp_path / "out.jsonl", [
        {"topic": "news.enriched", "key": "o1", "value": {"id": "o1"}},
        {"topic": "news.duplicates", "key": "v1", "value": {"duplicate_of": "o1", "method": "near", "similarity": 0.9}},
        {"topic": "news.enriched", "key": "v3", "value": {"id": "v3"}},  # an L3 missed
        {"topic": "news.rejected", "key": "b4", "value": {"error": {"code": "empty_after_cleaning"}}},
        {"topic": "news.duplicates", "key": "n1", "value": {"duplicate_of": "o1", "method": "near", "similarity": 0.3}},
        {"topic": "news.entities", "key": "o1", "value": {}},
    ])
    scores = dedup_eval.eval_hard_outputs(tmp_path, outputs)
    assert scores["recall_per_level"] == {"L1": 1.0, "L3": 0.0, "L4": 0.0}
    assert scores["precision"] == 0.5 and scores["false_positive_kinds"] == {"topic_pair": 1}
    assert scores["rejected"] == {"L4": 1}


def test_the_cli_scores_an_outputs_file(tmp_path: Path, capsys: Any) -> None:
    labels(tmp_path)
    write(tmp_path / "hard_dev_stream.jsonl", [])
    outputs = write(tmp_path / "out.jsonl", [
        {"topic": "news.duplicates", "key": "v1", "value": {"duplicate_of": "o1", "method": "exact"}},
    ])
    assert dedup_eval.main(["--data", str(tmp_path), "--hard-outputs", str(outputs)]) == 0
    assert "through the pipeline" in capsys.readouterr().out
    assert dedup_eval.main(["--data", str(tmp_path), "--hard-outputs", str(tmp_path / "absent.jsonl")]) == 2

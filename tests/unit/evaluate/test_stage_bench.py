"""The stage benchmark command runs and reports its figures (values are not asserted: speed is
measured by the command, not by tests)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from streams.evaluate import stage_bench

DATA = Path(__file__).resolve().parents[4] / "shared" / "data"


def test_missing_data_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert stage_bench.main(["--data", str(tmp_path)]) == 2
    assert "data not found" in capsys.readouterr().err


@pytest.mark.skipif(not (DATA / "corpus").is_dir(), reason="../shared/data/corpus is absent")
def test_clean_bench_prints_figures_and_a_json_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert stage_bench.main(["--data", str(DATA), "--n", "3", "--stages", "clean"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    figures = orjson.loads(last)["clean"]
    assert figures["text_articles"] == 3 and figures["html_articles"] == 3
    assert figures["text_articles_per_s"] > 0 and figures["html_articles_per_s"] > 0

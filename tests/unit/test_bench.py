"""The pure parts of ``streams.bench``: statistics, report formatting, /proc parsing, input layout."""

from __future__ import annotations

import gzip
import math
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from streams.bench import _names, main, procfs
from streams.bench import contenders as C
from streams.bench.data import DataError, load, to_raw
from streams.bench.report import FIGURES, Result, json_line, latencies_ms, percentile, table, throughput

# --- statistics -----------------------------------------------------------------------------------


def test_percentile_interpolates_like_numpy_default() -> None:
    values = [10.0, 1.0, 4.0, 7.0]  # unsorted on purpose
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 10.0
    assert percentile(values, 50) == pytest.approx(5.5)
    assert percentile(values, 99) == pytest.approx(7.0 + 3.0 * 0.97)
    assert percentile([3.0], 99) == 3.0
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile(values, 101)


def test_latencies_match_by_key_and_floor_raises_input_times() -> None:
    inputs = {b"a": 1000, b"b": 1500, b"c": 3000}
    outputs = {b"a": 2000, b"b": 2100, b"zz": 9999}  # zz has no input: ignored
    assert sorted(latencies_ms(inputs, outputs)) == [600.0, 1000.0]
    # Preload mode: inputs waited before the run; time counts from the first output (2000).
    assert sorted(latencies_ms(inputs, outputs, floor_ms=2000)) == [0.0, 100.0]


def test_throughput_is_intervals_over_span() -> None:
    assert throughput([0, 500, 1000, 2000]) == pytest.approx(1.5)
    assert throughput([5]) is None
    assert throughput([7, 7]) is None


# --- report -----------------------------------------------------------------------------------------


def _results() -> list[Result]:
    ok = Result("newsfeed", inputs=10, outputs=10, articles_per_s=12.345, p50_ms=1234.5, p99_ms=5000.0,
                cpu_s_per_article=0.0654321, peak_rss_mb=559.3, startup_s=12.0,
                routes={"duplicates": 1, "enriched": 9})
    failed = Result("naive", inputs=10, outputs=0, error="no output within 90 s")
    return [ok, failed]


def test_json_line_has_the_five_figures_per_contender() -> None:
    line = json_line(_results())
    assert "\n" not in line
    data = orjson.loads(line)
    assert list(data) == ["newsfeed", "naive"]
    for obj in data.values():
        assert set(FIGURES) <= set(obj)
    assert data["newsfeed"]["cpu_s_per_article"] == pytest.approx(0.0654, rel=1e-3)
    assert data["newsfeed"]["articles_per_s"] == pytest.approx(12.35, abs=0.01)
    assert data["newsfeed"]["routes"] == {"duplicates": 1, "enriched": 9}
    assert data["naive"]["articles_per_s"] is None and data["naive"]["error"].startswith("no output")


def test_table_aligns_rows_and_shows_missing_figures_as_dashes() -> None:
    lines = table(_results()).splitlines()
    assert lines[0].startswith("contender") and set(lines[1]) == {"-"}
    row = next(x for x in lines if x.startswith("newsfeed"))
    assert "12.3" in row and "65.43" in row and "enriched 9" in row  # CPU shown in ms/article
    naive = next(x for x in lines if x.startswith("naive"))
    assert " - " in naive and "no output within 90 s" in naive
    # Numeric columns are right-aligned under their headers.
    assert row.index("12.3") + len("12.3") == lines[0].index("art/s") + len("art/s")


def test_rate_runs_show_their_rate() -> None:
    r = Result("newsfeed_half_rate", mode="rate", rate_per_s=7.25, inputs=5, outputs=5, p99_ms=800.0)
    assert "rate 7.2/s" in table([r]) or "rate 7.3/s" in table([r])
    assert orjson.loads(json_line([r]))["newsfeed_half_rate"]["rate_per_s"] == 7.25


# --- /proc ----------------------------------------------------------------------------------------


def test_parse_stat_of_this_process() -> None:
    st = procfs.parse_stat(Path(f"/proc/{os.getpid()}/stat").read_text())
    assert st.pid == os.getpid() and st.ppid == os.getppid()
    assert st.state in "RSD" and st.cpu_s > 0


def test_parse_stat_survives_parentheses_and_spaces_in_the_name() -> None:
    line = "42 (we ird) (x) S 7 42 42 0 -1 4194304 10 0 0 0 250 150 30 20 20 0 1 0 100 0 0"
    st = procfs.parse_stat(line)
    assert (st.pid, st.ppid, st.state) == (42, 7, "S")
    assert st.cpu_s == pytest.approx(400 / procfs.CLOCK_TICKS)
    assert st.children_cpu_s == pytest.approx(50 / procfs.CLOCK_TICKS)


def test_parse_status_fields() -> None:
    text = Path(f"/proc/{os.getpid()}/status").read_text()
    hwm, rss = procfs.parse_status_kb(text, "VmHWM"), procfs.parse_status_kb(text, "VmRSS")
    assert hwm is not None and rss is not None and 0 < rss <= hwm
    assert procfs.parse_status_kb("Name:\tx\n", "VmHWM") is None


def test_sample_tree_includes_children() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        deadline = time.monotonic() + 10
        while child.pid not in procfs.tree(os.getpid()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert child.pid in procfs.tree(os.getpid())
        own = procfs.read_status_kb(os.getpid(), "VmHWM") or 0
        sample = procfs.sample_tree(os.getpid())
        assert sample is not None and sample.cpu_s > 0 and sample.hwm_kb > own and sample.rss_kb > 0
    finally:
        child.kill()
        child.wait()
    assert procfs.sample_tree(child.pid) is None  # gone


def test_cpu_between_interpolates_and_clips() -> None:
    samples = [(10.0, 1.0), (11.0, 2.0), (12.0, 4.0)]
    assert procfs.cpu_between(samples, 10.5, 11.5) == pytest.approx(1.5)
    assert procfs.cpu_between(samples, 9.0, 20.0) == pytest.approx(3.0)  # clipped to the samples
    assert procfs.cpu_between(samples, 13.0, 14.0) is None
    assert procfs.cpu_between(samples[:1], 10.0, 10.0) is None


# --- input and contenders -------------------------------------------------------------------------

ARTICLE = {"doc_id": 7, "date": "2020-01-02", "title": "Un titre écrit pour le test",
           "heading": "Le chapeau de l'article.", "article": "Le corps de l'article, inventé pour ce test."}


def test_to_raw_builds_a_news_raw_message() -> None:
    key, value = to_raw(ARTICLE)
    obj = orjson.loads(value)
    assert key == b"os-7" and obj["id"] == "os-7" and obj["source"] == "orangesum"
    assert obj["title"] == ARTICLE["title"] and obj["published_at"] == "2020-01-02"
    assert obj["text"] == "Le chapeau de l'article.\n\nLe corps de l'article, inventé pour ce test."


def test_load_reads_the_first_n_and_reports_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        for i in range(5):
            fh.write(orjson.dumps({**ARTICLE, "doc_id": i}) + b"\n")
    assert [k for k, _ in load(path, 3)] == [b"os-0", b"os-1", b"os-2"]
    with pytest.raises(DataError, match="not found"):
        load(tmp_path / "absent.jsonl.gz", 3)


def test_contender_specs_use_the_run_prefix(tmp_path: Path) -> None:
    spec = C.build(C.NEWSFEED_NO_NER, "bench-x", "h:1", "bench-x.raw", 4, tmp_path)
    assert spec.group.startswith("bench-x") and spec.env["NEWSFEED_NER_ENABLED"] == "false"
    assert set(spec.outputs) == {"enriched", "duplicates", "rejected"}
    assert all(t.startswith("bench-x") for t in spec.outputs.values())
    assert spec.env["NEWSFEED_APP_ID"].startswith("bench-x")  # so Faust's internal topics are too
    kp = C.build(C.PASSTHROUGH_KAFKA, "bench-x", "h:1", "bench-x.raw", 4, tmp_path)
    assert kp.argv[1:3] == ["-m", "streams.bench.kafka_passthrough"] and kp.create == {kp.outputs["out"]: 4}
    with pytest.raises(ValueError):
        C.build("nope", "bench-x", "h:1", "r", 4, tmp_path)


def test_contender_selection() -> None:
    assert _names(None, None) == list(C.ALL)
    assert C.NEWSFEED_HALF_RATE not in _names(None, 10.0)
    assert _names("newsfeed_half_rate", None) == [C.NEWSFEED, C.NEWSFEED_HALF_RATE]
    with pytest.raises(ValueError):
        _names("naive,bogus", None)


def test_main_exits_2_without_data_or_broker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path / "absent.jsonl.gz")]) == 2
    assert "corpus not found" in capsys.readouterr().err
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(orjson.dumps(ARTICLE) + b"\n")
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("NEWSFEED_BROKER", f"127.0.0.1:{port}")
    assert main(["--data", str(path), "--quick"]) == 2
    assert "no Kafka broker answers" in capsys.readouterr().err

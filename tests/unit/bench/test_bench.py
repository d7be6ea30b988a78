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
from typing import Any

import orjson
import pytest

from streams.bench import _names, _parser, cleanup, main, procfs
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


def test_repeated_outputs_are_counted_and_shown() -> None:
    """A key seen twice across the terminal topics is reported (an exactly-once run must show none)."""
    from streams.bench.kafka_io import Records

    recs = Records()
    for topic, key, ts in [("e", b"a", 5), ("d", b"b", 6), ("e", b"a", 9), ("r", b"c", 7)]:
        recs.add(topic, key, ts)
    assert recs.total - len(recs.first_ts) == 1 and recs.first_ts[b"a"] == 5
    r = Result("newsfeed", inputs=3, outputs=3, repeated=recs.total - len(recs.first_ts), routes={"enriched": 2})
    assert "1 outputs repeat a key; enriched 2" in table([r])
    assert orjson.loads(json_line([r]))["newsfeed"]["repeated_outputs"] == 1
    assert "repeated_outputs" not in orjson.loads(json_line([Result("naive", inputs=1, outputs=1)]))["naive"]


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


def test_listeners_are_read_from_the_tcp_table() -> None:
    text = (
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        "   0: 0100007F:2384 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1\n"
        "   1: 0100007F:2384 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 4343 1\n"
        "   2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4444 1\n"
    )
    # 0x2384 = 9092: the listening socket only, not the established connection on the same port.
    assert procfs.parse_listeners(text, 9092) == {4242}
    assert procfs.parse_listeners(text, 8080) == {4444}
    assert procfs.parse_listeners(text, 1234) == set()


def test_listener_pid_finds_the_process_holding_a_listening_socket() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert procfs.listener_pid(port) == os.getpid()
    assert procfs.listener_pid(port) is None


def test_broker_cpu_is_reported_when_measured() -> None:
    r = Result("newsfeed", inputs=3, outputs=3, cpu_s_per_article=0.002, broker_cpu_s_per_article=0.00041)
    assert orjson.loads(json_line([r]))["newsfeed"]["broker_cpu_s_per_article"] == pytest.approx(0.00041)
    lines = table([r]).splitlines()
    assert "broker ms/art" in lines[0] and "0.41" in lines[2]
    assert "broker_cpu_s_per_article" not in orjson.loads(json_line([Result("naive")]))["naive"]


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


def test_paced_input_waits_for_every_worker_process_to_be_ready(tmp_path: Path) -> None:
    """Each newsfeed process is ready on its own port (base + index); other contenders have no endpoint."""
    import http.server
    import threading

    from streams.bench.runner import _ready

    status = {"code": 503}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self.send_response(status["code"] if self.path == "/readyz" else 404)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        one = C.build(C.NEWSFEED, "bench-x", "h:1", "bench-x.raw", 4, tmp_path, processes=1)
        one = C.Spec(**{**one.__dict__, "env": {**one.env, "NEWSFEED_METRICS_PORT": str(port)}})
        assert one.members == 1 and one.ready_urls() == [f"http://127.0.0.1:{port}/readyz"]
        assert not _ready(one)  # 503 while loading models or recovering tables
        status["code"] = 200
        assert _ready(one)
        two = C.Spec(**{**one.__dict__, "env": {**one.env, "NEWSFEED_WORKER_PROCESSES": "2",
                                                 "NEWSFEED_DEDUP_PROCESS": "false"}})
        assert two.members == 2 and two.ready_urls()[1] == f"http://127.0.0.1:{port + 1}/readyz"
        assert not _ready(two)  # the second process's port does not answer
        # --dedup-process: one more member, the last port.
        ded = C.build(C.NEWSFEED, "bench-x", "h:1", "bench-x.raw", 4, tmp_path, processes=2, dedup_process="true")
        assert ded.env["NEWSFEED_DEDUP_PROCESS"] == "true" and ded.members == 3 and len(ded.ready_urls()) == 3
        # The default (auto): the dedup process comes with more than one process only.
        auto = C.build(C.NEWSFEED, "bench-x", "h:1", "bench-x.raw", 4, tmp_path, processes=2)
        assert auto.env["NEWSFEED_DEDUP_PROCESS"] == "auto" and auto.members == 3
        assert C.build(C.NEWSFEED, "bench-x", "h:1", "bench-x.raw", 4, tmp_path).members == 1
    finally:
        server.shutdown()
        server.server_close()
    kp = C.build(C.PASSTHROUGH_KAFKA, "bench-x", "h:1", "bench-x.raw", 4, tmp_path)
    assert kp.ready_urls() == [] and _ready(kp)


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


# --- soak: state accounting, report ---------------------------------------------


def test_state_account_keeps_the_last_value_per_key_and_drops_tombstones() -> None:
    from streams.bench.soak import StateAccount

    acc = StateAccount()
    acc.apply(b'"x:1"', b'{"id":"a"}')
    acc.apply(b'"a:a"', b"0123456789")
    acc.apply(b'"x:1"', b'{"id":"b"}')  # overwritten: counted once, at its new size
    assert (acc.keys, acc.live_bytes) == (2, 5 + 10 + 5 + 10)
    acc.apply(b'"a:a"', None)  # tombstone
    acc.apply(b'"a:zz"', None)  # tombstone of a key never seen
    acc.apply(None, b"ignored")  # keyless records cannot be table state
    assert (acc.keys, acc.live_bytes) == (1, 15)
    assert acc.records == 6
    assert acc.record_bytes == 15 + 15 + 15 + 5 + 6 + 7


def test_window_figures_count_two_keys_per_first_seen_article() -> None:
    from streams.bench.soak import window_figures

    assert window_figures(7200, 1.0, 0.9) == (7200.0, pytest.approx(12960.0))
    assert window_figures(3600, 60.0, 1.0) == (60.0, 120.0)


def test_soak_report_table_and_json_shape() -> None:
    from streams.bench.soak import report_table

    point = {"pct": 100, "articles": 600, "elapsed_s": 24.2, "articles_per_s": 25.0, "rss_mb": 115.0,
             "peak_rss_mb": 118.0, "state_keys": 120, "state_bytes": 28800, "boilerplate_keys": 8,
             "boilerplate_bytes": 47000}
    r = {"articles": 600, "accounted": 600, "wall_s": 24.2, "articles_per_s": 24.8, "peak_rss_mb": 118.0,
         "final_rss_mb": 115.0, "state_keys": 120, "state_bytes": 28800, "window_articles": 60.0,
         "window_keys_expected": 109.2, "checkpoints": [point], "routes": {"enriched": 546, "duplicates": 49},
         "sent": {"original": 546}, "ner": False, "window_hours": 1.0, "spacing_s": 60.0,
         "changelog_records": {"dedup-index": 2600, "boilerplate": 600},
         "changelog_mb": {"dedup-index": 0.5, "boilerplate": 2.1}, "topics": [], "error": None}
    text = report_table(r)
    assert "NER off" in text and "60 articles" in text and "peak RSS 118 MB" in text
    assert "dedup-index 2600 (0.5 MB), boilerplate 600 (2.1 MB)" in text
    row = text.splitlines()[-1].split()
    assert row[:3] == ["100%", "600", "24"] and "1.10" in row
    assert report_table({**r, "checkpoints": [], "wall_s": None, "error": "boom"}).endswith("error: boom")


def test_bench_dispatches_soak_and_soak_says_when_the_broker_is_down(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["soak", "--help"])
    assert exc.value.code == 0 and "newsfeed bench soak" in capsys.readouterr().out
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert main(["soak", "--n", "10", "--broker", f"127.0.0.1:{port}"]) == 2
    assert "no Kafka broker answers" in capsys.readouterr().err
    assert main(["soak", "--n", "0"]) == 2


def test_cleanup_deletes_the_run_topics_unless_asked_to_keep_them() -> None:
    class FakeKafka:
        def __init__(self) -> None:
            self.deleted: list[str] = []

        def delete_prefixed(self, prefix: str) -> list[str]:
            self.deleted.append(prefix)
            return [f"{prefix}.raw", f"{prefix}-newsfeed.enriched"]

    kafka = FakeKafka()
    assert cleanup(kafka, "bench-1", keep=True) == "topics kept: every name starts with bench-1"
    assert kafka.deleted == []
    assert cleanup(kafka, "bench-1") == "deleted 2 topics" and kafka.deleted == ["bench-1"]
    assert _parser().parse_args(["--keep-topics"]).keep_topics

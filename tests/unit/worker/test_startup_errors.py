"""Start-up failures a person can fix end `newsfeed worker` with one `newsfeed: error: ...` line
naming the setting to change, before any broker, model or Faust work."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams.tools.cli import main


@pytest.fixture
def worker_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A clean NEWSFEED_* environment with a writable data dir and a broker nobody listens on
    (every test must fail before the broker is contacted)."""
    import os

    for name in list(os.environ):
        if name.startswith("NEWSFEED_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NEWSFEED_BROKER", "127.0.0.1:1")
    monkeypatch.setenv("NEWSFEED_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NEWSFEED_METRICS_PORT", "0")
    return tmp_path


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port another process (here: a listening socket) holds, as a running worker holds its own."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("newsfeed: error: "), err
    assert "Traceback" not in err
    return lines[0]


def test_second_worker_on_a_busy_metrics_port(
    worker_env: Path, busy_port: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSFEED_METRICS_PORT", str(busy_port))
    assert main(["worker"]) == 2
    line = _one_error_line(capsys)
    assert f"127.0.0.1:{busy_port} is in use" in line
    assert "NEWSFEED_METRICS_PORT" in line and "NEWSFEED_WORKER_PROCESSES" in line


def test_supervisor_checks_every_port_it_would_hand_out(
    worker_env: Path, busy_port: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two processes plus the dedup process use the base port + 0, 1, 2: the busy one is the third.
    monkeypatch.setenv("NEWSFEED_METRICS_PORT", str(busy_port - 2))
    monkeypatch.setenv("NEWSFEED_WORKER_PROCESSES", "2")
    assert main(["worker"]) == 2
    assert f"127.0.0.1:{busy_port} is in use" in _one_error_line(capsys)


def test_metrics_host_that_is_not_an_address_here(
    worker_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSFEED_METRICS_PORT", "9108")
    monkeypatch.setenv("NEWSFEED_METRICS_HOST", "192.0.2.1")  # TEST-NET-1: never a local address
    assert main(["worker"]) == 2
    assert "NEWSFEED_METRICS_HOST" in _one_error_line(capsys)


def test_data_dir_that_cannot_be_created(
    worker_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = worker_env / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("NEWSFEED_DATA_DIR", str(blocker / "tables"))
    assert main(["worker"]) == 2
    line = _one_error_line(capsys)
    assert "NEWSFEED_DATA_DIR" in line and str(blocker / "tables") in line


def test_unreadable_password_file(
    worker_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSFEED_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("NEWSFEED_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("NEWSFEED_SASL_USERNAME", "alice")
    monkeypatch.setenv("NEWSFEED_SASL_PASSWORD_FILE", str(worker_env / "missing-password"))
    assert main(["worker"]) == 2
    line = _one_error_line(capsys)
    assert "NEWSFEED_SASL_PASSWORD_FILE" in line


def test_missing_ner_model(
    worker_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import streams.entities.model as model

    # An install without the package data: the bundled models' directory is not there.
    monkeypatch.setattr(model, "MODELS_DIR", worker_env / "no-models")
    assert main(["worker"]) == 2
    line = _one_error_line(capsys)
    assert "NER model" in line and "fr_news" in line and "NEWSFEED_NER_ENABLED=false" in line

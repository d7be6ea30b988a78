"""Broker security: a local broker whose only client listener is SASL_PLAINTEXT with SCRAM-SHA-512.

The module starts its own broker (temporary home, free ports, the checkout's jar cache) with one
SCRAM user. The worker and the CLI tools authenticate with the password given through
NEWSFEED_SASL_PASSWORD_FILE; a wrong password makes the worker exit quickly with one line naming the
authentication failure; no password ever appears in a log.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams.tools.broker import LocalBroker
from streams.topics import consume
from tests.fixtures import synthetic_article
from tests.integration.support import WorkerProcess, article, private_broker, unique_settings_env

pytestmark = pytest.mark.integration

USER = "newsfeed-test"
# Random per run, so "not in the log" cannot pass by accident and cannot match anything else.
PASSWORD = "pw-" + uuid.uuid4().hex
WRONG_PASSWORD = "bad-" + uuid.uuid4().hex
# The worker imports Faust and spaCy (a few seconds), then gives the broker 10 s to accept a login.
AUTH_FAILURE_DEADLINE_S = 60.0


@pytest.fixture(scope="module")
def sasl_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBroker]:
    """A SASL/SCRAM-only broker of this module, stopped at the end."""
    with private_broker(tmp_path_factory.mktemp("kafka-sasl"), {USER: PASSWORD}) as broker:
        yield broker


def sasl_env(broker: LocalBroker, password: str) -> dict[str, str]:
    """Settings for fresh topics on the SASL broker; the password only in a 0600 file."""
    env = unique_settings_env(broker.address)
    secret = Path(env["NEWSFEED_DATA_DIR"]) / "sasl-password"
    secret.write_text(password + "\n", encoding="utf-8")
    secret.chmod(0o600)
    env.update({
        "NEWSFEED_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "NEWSFEED_SASL_MECHANISM": "SCRAM-SHA-512",
        "NEWSFEED_SASL_USERNAME": USER,
        "NEWSFEED_SASL_PASSWORD_FILE": str(secret),
        # More of the worker's own logging, to make "no secret in the log" a stronger check.
        "NEWSFEED_LOG_LEVEL": "info",
    })
    return env


def cli(env: dict[str, str], *args: str, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
    """``newsfeed ARGS`` in a subprocess with ``env`` (and no password in the inherited environment)."""
    full = {k: v for k, v in os.environ.items() if k != "NEWSFEED_SASL_PASSWORD"}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "streams", *args], env=full, capture_output=True, text=True,
        timeout=timeout, check=False,
    )


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        assert PASSWORD not in text and WRONG_PASSWORD not in text, "a SASL password was logged"


def test_worker_and_cli_tools_authenticate_with_scram(sasl_broker: LocalBroker, tmp_path: Path) -> None:
    env = sasl_env(sasl_broker, PASSWORD)
    created = cli(env, "topics", "create")
    assert created.returncode == 0, created.stderr
    assert env["NEWSFEED_TOPIC_RAW"] in created.stdout

    worker = WorkerProcess(env)
    worker.start()  # waits until the worker is up: it consumed as the SCRAM user
    try:
        source = tmp_path / "articles.jsonl"
        source.write_bytes(article("sasl-1", synthetic_article(5150, "en"), lang="en") + b"\n")
        sent = cli(env, "produce", str(source))
        assert sent.returncode == 0, sent.stderr
        assert "sent 1 message" in sent.stderr

        s = worker.settings
        deadline = time.monotonic() + 180
        enriched: list[dict] = []
        while time.monotonic() < deadline and not enriched:
            enriched = [r for r in consume(s, s.topic_enriched, timeout_s=2) if r["key"] == "sasl-1"]
        assert enriched, worker.log_tail()
        assert enriched[0]["value"]["id"] == "sasl-1" and enriched[0]["value"]["lang"] == "en"

        tailed = cli(env, "tail", "enriched", "-n", "1", "--timeout", "10")
        assert tailed.returncode == 0, tailed.stderr
        assert '"key":"sasl-1"' in tailed.stdout
    finally:
        rc = worker.stop()
    assert rc == 0, worker.log_tail()
    log = worker.log_path.read_text(errors="replace")
    assert "authentication failed" not in log.lower()
    assert_no_secret(log, created.stdout + created.stderr, sent.stderr, tailed.stdout + tailed.stderr)
    assert_no_secret(sasl_broker.log_file.read_text(errors="replace"))


def test_wrong_password_worker_exits_with_one_clear_line(sasl_broker: LocalBroker) -> None:
    env = sasl_env(sasl_broker, WRONG_PASSWORD)
    worker = WorkerProcess(env)
    started = time.monotonic()
    with worker.log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streams", "worker"], env={**os.environ, **env},
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        try:
            rc = proc.wait(AUTH_FAILURE_DEADLINE_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
            pytest.fail(f"worker still running after {AUTH_FAILURE_DEADLINE_S} s:\n{worker.log_tail()}")
    elapsed = time.monotonic() - started
    text = worker.log_path.read_text(errors="replace")
    assert rc == 2, text
    errors = [line for line in text.splitlines() if "error" in line.lower()]
    assert len(errors) == 1, text
    assert errors[0].startswith("newsfeed: error: authentication failed at " + sasl_broker.address)
    assert f"SASL user {USER!r}" in errors[0] and "SCRAM-SHA-512" in errors[0]
    assert "Traceback" not in text
    assert_no_secret(text)
    assert elapsed < AUTH_FAILURE_DEADLINE_S


def test_wrong_password_cli_tool_names_authentication(sasl_broker: LocalBroker) -> None:
    result = cli(sasl_env(sasl_broker, WRONG_PASSWORD), "topics", "create", timeout=60)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert lines[0].startswith("newsfeed: error: authentication failed at " + sasl_broker.address)
    assert result.stdout == ""
    assert_no_secret(result.stderr)

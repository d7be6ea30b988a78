"""The command line: offline `process`, `config`, and one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

import streams
from streams.tools.cli import main
from tests.fixtures import examples_file

ROOT = Path(__file__).resolve().parents[3]


def _cli(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "streams", *args], input=stdin, capture_output=True,
                          cwd=ROOT, env=env, timeout=600)


def test_process_examples_with_the_real_models() -> None:
    """The offline job end to end with the shipped NER models: one routed line per input line."""
    proc = _cli("process", str(examples_file()))
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    lines = [orjson.loads(x) for x in proc.stdout.splitlines()]
    terminal = [x for x in lines if x["topic"] in ("news.enriched", "news.duplicates", "news.rejected")]
    assert len(terminal) == len(examples_file().read_bytes().splitlines())
    kenya = next(x["value"] for x in terminal if x["key"] == "ex-en-kenya-html")
    names = {e["name"] for e in kenya["entities"]}
    assert "Kenya" in names and "William Ruto" in names
    for ent in kenya["entities"]:
        for m in ent["mentions"]:
            assert kenya[m["field"]][m["start"]:m["end"]], m


def test_process_reads_stdin_and_skips_stages() -> None:
    line = orjson.dumps({"id": "x", "text": "Accueil > Monde\n\nUne phrase assez longue pour un article. " * 5})
    proc = _cli("process", "--skip", "entities", "--skip", "clean", stdin=line + b"\n")
    assert proc.returncode == 0, proc.stderr.decode()
    out = orjson.loads(proc.stdout)
    assert out["topic"] == "news.enriched" and out["value"]["entities"] == []


def test_bad_configuration_is_one_line() -> None:
    proc = _cli("config", env={"NEWSFEED_METRICS_PORT": "many", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    assert proc.stderr.decode().strip().startswith("newsfeed: error: NEWSFEED_METRICS_PORT")
    assert len(proc.stderr.decode().strip().splitlines()) == 1


def test_unreachable_broker_is_one_line() -> None:
    proc = _cli("topics", "create", env={"NEWSFEED_BROKER": "127.0.0.1:1", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    err = proc.stderr.decode().strip()
    assert err.startswith("newsfeed: error: no Kafka broker answers") and len(err.splitlines()) == 1


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"newsfeed {streams.__version__}"

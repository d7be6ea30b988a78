"""docker-compose.yml and the Dockerfile are valid and wired to the worker."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _compose_command() -> list[str] | None:
    """`docker compose` (v2 plugin) when it works here, else `docker-compose` (v1), else None."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


@pytest.mark.skipif(_compose_command() is None, reason="no docker compose client (ops/bootstrap.sh installs one)")
def test_docker_compose_config_passes() -> None:
    cmd = _compose_command()
    assert cmd is not None
    proc = subprocess.run([*cmd, "config", "-q"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_compose_runs_kafka_worker_and_prometheus() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    assert "image: apache/kafka:" in text and "KAFKA_PROCESS_ROLES: broker,controller" in text
    assert 'command: ["worker"]' in text and "prom/prometheus" in text
    prom = (ROOT / "ops" / "prometheus" / "prometheus.yml").read_text()
    assert "worker:9108" in prom


def test_dockerfile_runs_the_worker_as_non_root() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert "USER newsfeed" in text and 'ENTRYPOINT ["newsfeed"]' in text and "HEALTHCHECK" in text

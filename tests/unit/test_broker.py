"""Local broker configuration (pure parts: no Java started here)."""

from __future__ import annotations

from pathlib import Path

from streams.broker import LocalBroker, default_broker


def test_server_properties_for_single_node_kraft(tmp_path: Path) -> None:
    b = LocalBroker(home=tmp_path, pom=tmp_path / "pom.xml", port=19092, controller_port=19093)
    b.write_config()
    props = dict(
        line.split("=", 1) for line in b.config_file.read_text().splitlines() if line and not line.startswith("#")
    )
    assert props["process.roles"] == "broker,controller"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:19093"
    assert props["offsets.topic.replication.factor"] == "1"
    assert props["log.dirs"] == str(tmp_path / "data")


def test_pid_absent_means_not_running(tmp_path: Path) -> None:
    b = LocalBroker(home=tmp_path, pom=tmp_path / "pom.xml")
    assert b.pid() is None
    b.home.mkdir(exist_ok=True)
    b.pid_file.write_text("999999999")
    assert b.pid() is None
    assert b.stop() is False


def test_default_broker_uses_the_repo_pom() -> None:
    b = default_broker()
    assert b.pom.name == "pom.xml" and b.pom.is_file()
    assert "org.apache.kafka" in b.pom.read_text() and "kafka_2.13" in b.pom.read_text()

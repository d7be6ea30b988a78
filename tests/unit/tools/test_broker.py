"""Local broker configuration (pure parts: no Java started here)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from streams.tools.broker import BROKER_USER, SCRAM_MECHANISM, BrokerError, LocalBroker, default_broker


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


def _props(b: LocalBroker) -> dict[str, str]:
    b.write_config()
    text = b.config_file.read_text()
    return dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))


def test_scram_users_make_the_client_listener_sasl_plaintext(tmp_path: Path) -> None:
    b = LocalBroker(home=tmp_path, pom=tmp_path / "pom.xml", port=19092, controller_port=19093,
                    scram_users={"alice": "alice-pw-1"})
    props = _props(b)
    assert b.sasl and b.protocol == "SASL_PLAINTEXT"
    assert props["listeners"] == "SASL_PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert props["advertised.listeners"] == "SASL_PLAINTEXT://127.0.0.1:19092"
    assert props["inter.broker.listener.name"] == "SASL_PLAINTEXT"
    assert props["controller.listener.names"] == "CONTROLLER"
    assert props["listener.security.protocol.map"] == "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT"
    assert props["sasl.enabled.mechanisms"] == SCRAM_MECHANISM == "SCRAM-SHA-512"
    assert props["sasl.mechanism.inter.broker.protocol"] == "SCRAM-SHA-512"
    jaas = props["listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config"]
    assert jaas == (
        "org.apache.kafka.common.security.scram.ScramLoginModule required "
        f'username="{BROKER_USER}" password="{b.admin_password()}";'
    )
    # Client passwords live only in the storage (SCRAM hashes), never in server.properties.
    assert "alice-pw-1" not in b.config_file.read_text()
    assert stat.S_IMODE(b.config_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(b.admin_secret_file.stat().st_mode) == 0o600


def test_broker_user_password_is_generated_once_per_home(tmp_path: Path) -> None:
    b = LocalBroker(home=tmp_path, pom=tmp_path / "pom.xml", scram_users={"alice": "x"})
    first = b.admin_password()
    assert len(first) >= 24
    assert b.admin_password() == first
    assert LocalBroker(home=tmp_path, pom=tmp_path / "pom.xml", scram_users={"alice": "x"}).admin_password() == first
    assert LocalBroker(home=tmp_path / "other", pom=tmp_path / "pom.xml").admin_password() != first


def test_scram_credentials_are_added_at_format_time(tmp_path: Path) -> None:
    b = LocalBroker(home=tmp_path, pom=tmp_path / "pom.xml", scram_users={"bob": "b-pw", "alice": "a-pw"})
    assert b.scram_arguments() == [
        "--add-scram", "SCRAM-SHA-512=[name=alice,password=a-pw]",
        "--add-scram", "SCRAM-SHA-512=[name=bob,password=b-pw]",
        "--add-scram", f"SCRAM-SHA-512=[name={BROKER_USER},password={b.admin_password()}]",
    ]
    assert b.client_config() == {
        "security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": BROKER_USER, "sasl_plain_password": b.admin_password(),
    }


@pytest.mark.parametrize("users", [{"alice": 'has"quote'}, {"alice": "a,b"}, {"alice": "a=b"}, {"": "pw"},
                                   {"alice": "with space"}, {"al]ce": "pw"}, {"alice": ""}])
def test_unquotable_scram_users_are_refused(tmp_path: Path, users: dict[str, str]) -> None:
    b = LocalBroker(home=tmp_path, pom=tmp_path / "pom.xml", scram_users=users)
    with pytest.raises(BrokerError, match="SCRAM"):
        b.scram_arguments()


def test_plaintext_broker_has_no_sasl_settings(tmp_path: Path) -> None:
    b = LocalBroker(home=tmp_path, pom=tmp_path / "pom.xml")
    props = _props(b)
    assert not b.sasl and b.protocol == "PLAINTEXT"
    assert not [k for k in props if "sasl" in k]
    assert props["inter.broker.listener.name"] == "PLAINTEXT"
    assert b.scram_arguments() == [] and b.client_config() == {}
    assert not b.admin_secret_file.exists()


def test_passwords_stay_out_of_repr(tmp_path: Path) -> None:
    b = LocalBroker(home=tmp_path, pom=tmp_path / "pom.xml", scram_users={"alice": "sekret-123"})
    assert "sekret-123" not in repr(b) and "alice" not in repr(b)


def test_formatted_storage_with_other_scram_users_is_refused(tmp_path: Path) -> None:
    b = LocalBroker(home=tmp_path, pom=tmp_path / "pom.xml", scram_users={"alice": "a-pw"})
    b.data.mkdir(parents=True)
    (b.data / "meta.properties").write_text("formatted\n")
    with pytest.raises(BrokerError, match="other SCRAM users"):
        b.format_storage()  # formatted without users (no marker): no java is started
    b.users_marker.write_text("digest-of-other-users\n")
    with pytest.raises(BrokerError, match="wipe it"):
        b.format_storage()
    # A PLAINTEXT broker may reuse any formatted storage.
    LocalBroker(home=tmp_path, pom=tmp_path / "pom.xml").format_storage()


def test_default_broker_shares_the_jar_cache(tmp_path: Path) -> None:
    shared = default_broker().libs
    b = default_broker(tmp_path, 29192, {"alice": "a-pw"}, controller_port=29300)
    assert b.libs == shared and shared.parts[-3:] == (".cache", "kafka", "libs")
    assert b.home == tmp_path and b.data == tmp_path / "data"
    assert (b.port, b.controller_port, b.protocol) == (29192, 29300, "SASL_PLAINTEXT")
    assert default_broker(tmp_path, 29192).controller_port == 29193

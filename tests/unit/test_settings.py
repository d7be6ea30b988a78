"""Typed settings from NEWSFEED_* variables, and the README reference that must not drift."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.settings import ConfigError, Settings, settings_reference_markdown


def test_defaults_without_environment() -> None:
    s = Settings.from_env({})
    assert s.broker == "localhost:9092" and s.topic_raw == "news.raw" and s.metrics_port == 9108
    assert s.max_payload_bytes == 2 * 1024 * 1024


def test_values_are_parsed_by_type() -> None:
    s = Settings.from_env({
        "NEWSFEED_BROKER": "a:1,b:2", "NEWSFEED_METRICS_PORT": "9200", "NEWSFEED_NER_ENABLED": "false",
        "NEWSFEED_TAG_BATCH_SECONDS": "0.5", "NEWSFEED_TOPIC_RAW": "in",
    })
    assert s.bootstrap_servers == ["a:1", "b:2"] and s.metrics_port == 9200
    assert s.ner_enabled is False and s.tag_batch_seconds == 0.5 and s.topics()["raw"] == "in"


@pytest.mark.parametrize(
    "env",
    [
        {"NEWSFEED_METRICS_PORT": "lots"},
        {"NEWSFEED_NER_ENABLED": "maybe"},
        {"NEWSFEED_PROCESSING_GUARANTEE": "twice"},
        {"NEWSFEED_NER_MATMUL": "abacus"},
        {"NEWSFEED_SECURITY_PROTOCOL": "CARRIER_PIGEON"},
        {"NEWSFEED_BROKER": " "},
        {"NEWSFEED_NER_BEFORE_DEDUP": "sometimes"},
    ],
)
def test_bad_values_raise_config_error(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        Settings.from_env(env)


@pytest.mark.parametrize(
    ("before", "child", "placement"),
    [
        ("auto", "true", "adaptive"), ("auto", "false", "after"), ("true", "true", "before"),
        ("true", "false", "before"), ("false", "true", "after"), ("OFF", "true", "after"),
    ],
)
def test_ner_placement_resolves_auto_by_where_the_ner_runs(before: str, child: str, placement: str) -> None:
    """auto adapts only with the NER in a child process: on the event loop an NER batch in prepare
    would hold the worker's other stages."""
    s = Settings.from_env({"NEWSFEED_NER_BEFORE_DEDUP": before, "NEWSFEED_NER_PROCESS": child})
    assert s.ner_placement == placement
    assert Settings.from_env({}).ner_placement == "adaptive"


def test_ner_batch_size_zero_resolves_by_where_the_ner_runs() -> None:
    assert Settings.from_env({}).ner_batch_size == 8
    assert Settings.from_env({"NEWSFEED_NER_PROCESS": "false"}).ner_batch_size == 4
    assert Settings.from_env({"NEWSFEED_TAG_BATCH_SIZE": "3", "NEWSFEED_NER_PROCESS": "false"}).ner_batch_size == 3
    with pytest.raises(ConfigError):
        Settings.from_env({"NEWSFEED_TAG_BATCH_SIZE": "-1"})


def test_sasl_secret_from_file_and_never_in_redacted(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n")
    s = Settings.from_env({
        "NEWSFEED_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "NEWSFEED_SASL_MECHANISM": "SCRAM-SHA-512",
        "NEWSFEED_SASL_USERNAME": "u", "NEWSFEED_SASL_PASSWORD_FILE": str(secret), "NEWSFEED_SASL_PASSWORD": "x",
    })
    cfg = s.kafka_python_config()
    assert cfg["sasl_plain_password"] == "s3cret" and cfg["sasl_mechanism"] == "SCRAM-SHA-512"
    assert "x" != s.redacted()["sasl_password"] == "***"


def test_readme_configuration_table_is_generated_from_the_class() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert settings_reference_markdown() in readme, "run `newsfeed config --markdown` and paste it in the README"

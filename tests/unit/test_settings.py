"""Typed settings from NEWSFEED_* variables, and the README reference that must not drift."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.security import kafka_python_config
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
    ("before", "child", "resolved"),
    [
        ("auto", "true", "auto"), ("auto", "false", "false"), ("true", "true", "true"),
        ("true", "false", "true"), ("false", "true", "false"), ("OFF", "true", "false"), ("Yes", "true", "true"),
    ],
)
def test_ner_before_dedup_resolves_auto_by_where_the_ner_runs(before: str, child: str, resolved: str) -> None:
    """auto adapts only with the NER in a child process: on the event loop an NER batch in prepare
    would hold the worker's other stages."""
    s = Settings.from_env({"NEWSFEED_NER_BEFORE_DEDUP": before, "NEWSFEED_NER_PROCESS": child})
    assert s.ner_before_dedup == resolved
    assert Settings.from_env({}).ner_before_dedup == "auto"


def test_tag_batch_size_zero_resolves_by_where_the_ner_runs() -> None:
    assert Settings.from_env({}).tag_batch_size == 8
    assert Settings.from_env({"NEWSFEED_NER_PROCESS": "false"}).tag_batch_size == 4
    assert Settings.from_env({"NEWSFEED_TAG_BATCH_SIZE": "3", "NEWSFEED_NER_PROCESS": "false"}).tag_batch_size == 3
    with pytest.raises(ConfigError):
        Settings.from_env({"NEWSFEED_TAG_BATCH_SIZE": "-1"})


def test_linger_minus_one_resolves_by_the_guarantee() -> None:
    assert Settings.from_env({}).producer_linger_ms == 100
    assert Settings.from_env({"NEWSFEED_PROCESSING_GUARANTEE": "at_least_once"}).producer_linger_ms == 5
    assert Settings.from_env({"NEWSFEED_PRODUCER_LINGER_MS": "7"}).producer_linger_ms == 7


def test_sasl_secret_from_file_and_never_in_redacted(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n")
    s = Settings.from_env({
        "NEWSFEED_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "NEWSFEED_SASL_MECHANISM": "SCRAM-SHA-512",
        "NEWSFEED_SASL_USERNAME": "u", "NEWSFEED_SASL_PASSWORD_FILE": str(secret), "NEWSFEED_SASL_PASSWORD": "x",
    })
    cfg = kafka_python_config(s)
    assert cfg["sasl_plain_password"] == "s3cret" and cfg["sasl_mechanism"] == "SCRAM-SHA-512"
    assert "x" != s.redacted()["sasl_password"] == "***"


def test_readme_configuration_table_is_generated_from_the_class() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert settings_reference_markdown() in readme, "run `newsfeed config --markdown` and paste it in the README"

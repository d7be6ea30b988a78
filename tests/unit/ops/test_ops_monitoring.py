"""Monitoring files of ops/: Prometheus alerting rules (with their promtool unit tests), the Prometheus
config, and the Grafana provisioning and dashboard.

The promtool checks skip only when promtool is absent (ops/install-promtool.sh provides it). The metric
name checks make the dashboard and the alerts fail as soon as they query a name the worker does not
export (``streams.worker.metrics.Metrics``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import orjson
import pytest
from prometheus_client import CollectorRegistry

from streams.worker.metrics import Metrics

ROOT = Path(__file__).resolve().parents[3]
PROMETHEUS = ROOT / "ops" / "prometheus"
GRAFANA = ROOT / "ops" / "grafana"
DASHBOARD = GRAFANA / "dashboards" / "newsfeed.json"

METRIC_NAME = re.compile(r"\bnewsfeed_[a-z0-9_]+")
HISTOGRAM_SUFFIX = re.compile(r"_(bucket|sum|count)$")

needs_promtool = pytest.mark.skipif(shutil.which("promtool") is None, reason="run ops/install-promtool.sh")


def _promtool(*args: str) -> None:
    proc = subprocess.run(["promtool", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"promtool {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"


def _exported() -> tuple[set[str], set[str]]:
    """Series names a worker exports (as Prometheus stores them) and the histogram family names."""
    registry = CollectorRegistry()
    Metrics(registry)
    names: set[str] = set()
    histograms: set[str] = set()
    for family in registry.collect():
        # A labelled metric has no samples until first used: derive the stored name from its type.
        names.add(f"{family.name}_total" if family.type == "counter" else family.name)
        names.update(sample.name for sample in family.samples)
        if family.type == "histogram":
            histograms.add(family.name)
    return names, histograms


def _unknown_metrics(exprs: list[str]) -> set[str]:
    """newsfeed_* names used in ``exprs`` that the worker does not export."""
    names, histograms = _exported()
    unknown = set()
    for expr in exprs:
        for name in METRIC_NAME.findall(expr):
            base = HISTOGRAM_SUFFIX.sub("", name)
            if base in histograms:
                name = base
            if name not in names and name not in histograms:
                unknown.add(name)
    return unknown


def _yaml_values(text: str, key: str) -> list[str]:
    """Values of ``key:`` in a YAML file, inline or as a block scalar (``|``/``>``).

    Enough for the rule files here; there is no YAML parser among the project's dependencies.
    """
    values = []
    lines = text.splitlines()
    pattern = re.compile(rf"^(\s*)(?:- )?{re.escape(key)}:\s*(.*)$")
    for i, line in enumerate(lines):
        match = pattern.match(line)
        if not match:
            continue
        indent, rest = len(match.group(1)), match.group(2).strip()
        if rest and rest[0] not in "|>":
            values.append(rest.strip("'\""))
            continue
        block = []
        for nxt in lines[i + 1:]:
            if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                break
            block.append(nxt.strip())
        values.append("\n".join(block).strip())
    return values


def _dashboard() -> dict[str, Any]:
    return orjson.loads(DASHBOARD.read_text())


def _dashboard_exprs(dashboard: dict[str, Any]) -> list[str]:
    exprs = [target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])]
    exprs += [var["definition"] for var in dashboard["templating"]["list"] if var.get("type") == "query"]
    return exprs


def _alert_exprs() -> list[str]:
    text = (PROMETHEUS / "alerts.yml").read_text()
    exprs = _yaml_values(text, "expr")
    rules = len(re.findall(r"^\s*- (?:alert|record):", text, flags=re.MULTILINE))
    assert rules > 0 and len(exprs) == rules, f"found {len(exprs)} exprs for {rules} rules"
    return exprs


# --- promtool ----------------------------------------------------------------------------------


@needs_promtool
def test_alert_rules_are_valid() -> None:
    _promtool("check", "rules", "ops/prometheus/alerts.yml")


@needs_promtool
def test_alert_rules_unit_tests_pass() -> None:
    _promtool("test", "rules", "ops/prometheus/alerts_test.yml")


@needs_promtool
def test_prometheus_config_is_valid_and_loads_the_alerts() -> None:
    _promtool("check", "config", "ops/prometheus/prometheus.yml")


@needs_promtool
def test_dashboard_queries_are_valid_promql(tmp_path: Path) -> None:
    """Each panel query, with Grafana's variables filled in, parses as PromQL (as a recording rule)."""
    variables = {"$__rate_interval": "1m", "$instance": ".*", "$source": ".*"}
    rules = []
    for i, expr in enumerate(_dashboard_exprs(_dashboard())):
        if expr.startswith("label_values("):
            continue
        for var, value in variables.items():
            expr = expr.replace(var, value)
        assert "$" not in expr, f"unknown Grafana variable in {expr}"
        rules.append({"record": f"dashboard:query_{i}", "expr": expr})
    rule_file = tmp_path / "dashboard_rules.yml"
    rule_file.write_text(orjson.dumps({"groups": [{"name": "dashboard", "rules": rules}]}).decode())  # JSON is YAML
    _promtool("check", "rules", str(rule_file))


# --- metric names ------------------------------------------------------------------------------


def test_dashboard_queries_only_exported_metrics() -> None:
    exprs = _dashboard_exprs(_dashboard())
    assert exprs
    assert _unknown_metrics(exprs) == set()


def test_alerts_query_only_exported_metrics() -> None:
    assert _unknown_metrics(_alert_exprs()) == set()


def test_alert_unit_tests_feed_only_exported_metrics() -> None:
    series = _yaml_values((PROMETHEUS / "alerts_test.yml").read_text(), "series")
    assert series
    assert _unknown_metrics(series) == set()


def test_unknown_metric_names_are_caught() -> None:
    """The name check itself: a misspelt or wrongly suffixed name is reported, real ones are not."""
    assert _unknown_metrics(["rate(newsfeed_stage_seconds_bucket[5m]) + newsfeed_stage_seconds_count"]) == set()
    assert _unknown_metrics(["rate(newsfeed_articles_consumed_total[5m])"]) == set()
    assert _unknown_metrics(["newsfeed_articles_consumed_count + newsfeed_lag"]) == {
        "newsfeed_articles_consumed_count", "newsfeed_lag",
    }


# --- alerts -------------------------------------------------------------------------------------


def test_every_alert_has_severity_and_annotations() -> None:
    text = (PROMETHEUS / "alerts.yml").read_text()
    alerts = _yaml_values(text, "alert")
    assert set(alerts) >= {
        "NewsfeedConsumerLagGrowing", "NewsfeedNoInputConsumed", "NewsfeedHighRejectionRate",
        "NewsfeedDuplicateRateAbnormal", "NewsfeedStageLatencyHigh", "NewsfeedWorkerDown",
    }
    severities = _yaml_values(text, "severity")
    assert len(severities) == len(alerts) and set(severities) <= {"warning", "critical"}
    assert len(_yaml_values(text, "summary")) == len(alerts) == len(_yaml_values(text, "description"))
    tests = (PROMETHEUS / "alerts_test.yml").read_text()
    for alert in alerts:
        assert f"alertname: {alert}" in tests, f"{alert} has no promtool unit test"


def test_prometheus_config_scrapes_the_worker_and_loads_the_alerts() -> None:
    text = (PROMETHEUS / "prometheus.yml").read_text()
    assert "job_name: newsfeed" in text and '"worker:9108"' in text
    assert re.search(r"^rule_files:\s*\n\s*- alerts\.yml\s*$", text, flags=re.MULTILINE)


# --- Grafana ------------------------------------------------------------------------------------


def test_grafana_provisioning_points_at_prometheus_and_the_dashboards() -> None:
    datasource = (GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text()
    assert re.search(r"^\s*uid: prometheus\s*$", datasource, flags=re.MULTILINE)
    assert re.search(r"^\s*type: prometheus\s*$", datasource, flags=re.MULTILINE)
    assert "url: http://prometheus:9090" in datasource
    provider = (GRAFANA / "provisioning" / "dashboards" / "newsfeed.yml").read_text()
    assert "path: /var/lib/grafana/dashboards" in provider and "type: file" in provider


def test_dashboard_panels_use_the_provisioned_datasource() -> None:
    dashboard = _dashboard()
    assert dashboard["uid"] == "newsfeed" and dashboard["schemaVersion"] >= 39 and dashboard["id"] is None
    titles = [panel["title"] for panel in dashboard["panels"]]
    assert titles == [
        "Throughput per route", "Consumer lag", "Stage latency p50 / p95 / p99", "Rejections by code",
        "Duplicate rate", "Entities per label", "Boilerplate ratio per source", "Worker up / ready",
    ]
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(set(ids)) == len(ids)
    for panel in dashboard["panels"]:
        assert panel["type"] == "timeseries"
        assert panel["datasource"] == {"type": "prometheus", "uid": "prometheus"}
        assert panel["targets"], panel["title"]
        ref_ids = [target["refId"] for target in panel["targets"]]
        assert len(set(ref_ids)) == len(ref_ids), panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == "prometheus" and target["expr"].strip()
            assert 'job="newsfeed"' in target["expr"], target["expr"]
    for var in dashboard["templating"]["list"]:
        assert var["datasource"]["uid"] == "prometheus"


def test_dashboard_shows_each_latency_quantile_and_ready_state() -> None:
    exprs = " ".join(_dashboard_exprs(_dashboard()))
    for q in ("0.5", "0.95", "0.99"):
        assert f"histogram_quantile({q}," in exprs
    for name in ("newsfeed_consumer_lag", "newsfeed_worker_ready", "newsfeed_worker_up"):
        assert name in exprs

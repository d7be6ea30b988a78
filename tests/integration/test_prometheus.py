"""A real Prometheus server (Debian's ``prometheus``) scraping a running worker on the real broker:
every query of the Grafana dashboard returns data through the HTTP query API, and an alert rule of
ops/prometheus/alerts.yml fires for real."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.integration.downstream import ScrapedWorker

pytestmark = pytest.mark.integration

DASHBOARD = Path(__file__).resolve().parents[2] / "ops" / "grafana" / "dashboards" / "newsfeed.json"
# The dashboard's template variables, as Grafana would substitute them with "All" selected. The rate
# window covers the fixture's whole life: its traffic came in two rounds when it started, and other
# tests using the same worker (the downstream examples) may run first for a minute or more; a shorter
# window would then hold no increase, and every ratio or quantile of rates would be NaN.
VARIABLES = {"$__rate_interval": "15m", "$instance": ".*", "$source": ".*"}
ALERT_WAIT_S = 60.0


def dashboard_queries() -> list[tuple[str, str]]:
    """(panel title, PromQL) of every target of every panel, rows included."""
    def panels(node: dict[str, Any]) -> list[dict[str, Any]]:
        found = []
        for panel in node.get("panels", []):
            found.append(panel)
            found.extend(panels(panel))
        return found

    board = orjson.loads(DASHBOARD.read_text())
    queries = [(p.get("title", ""), t["expr"]) for p in panels(board) for t in p.get("targets", []) if t.get("expr")]
    assert len(queries) >= 10, "the dashboard lost its panels?"
    return queries


def substitute(expr: str) -> str:
    for name, value in VARIABLES.items():
        expr = expr.replace(name, value)
    assert "$" not in expr, f"unknown template variable in {expr!r}"
    return expr


def test_every_dashboard_query_returns_data(scraped_worker: ScrapedWorker) -> None:
    prometheus = scraped_worker.prometheus
    empty = []
    for title, expr in dashboard_queries():
        result = prometheus.query(substitute(expr))
        values = [float(r["value"][1]) for r in result]
        if not result or all(v != v for v in values):  # nothing, or only NaN (0/0, quantile of no rate)
            empty.append(f"{title}: {expr}")
    assert not empty, "dashboard queries without data:\n" + "\n".join(empty)


def test_rejection_rate_alert_fires_on_poison_messages(scraped_worker: ScrapedWorker) -> None:
    """POISON undecodable messages against a handful of articles: NewsfeedHighRejectionRate is pending
    (its 5-minute `for` then makes it fire) within a few rule evaluations."""
    prometheus = scraped_worker.prometheus
    deadline = time.monotonic() + ALERT_WAIT_S
    states: dict[str, str] = {}
    while time.monotonic() < deadline:
        states = {a["labels"]["alertname"]: a["state"] for a in prometheus.alerts()}
        if states.get("NewsfeedHighRejectionRate") in ("pending", "firing"):
            break
        time.sleep(1.0)
    assert states.get("NewsfeedHighRejectionRate") in ("pending", "firing"), (states, prometheus.log_tail())
    ratio = prometheus.query(
        'sum(rate(newsfeed_rejections_total{job="newsfeed"}[10m]))'
        ' / sum(rate(newsfeed_articles_consumed_total{job="newsfeed"}[10m]))'
    )
    assert ratio and float(ratio[0]["value"][1]) > 0.05
    # The rules file loaded as it is in production (every group, no evaluation error).
    groups = prometheus.api("rules")["groups"]
    assert {g["name"] for g in groups} >= {"newsfeed", "newsfeed-recording"}
    broken = [r["name"] for g in groups for r in g["rules"] if r.get("health") == "err"]
    assert not broken, broken


def test_the_worker_target_is_healthy(scraped_worker: ScrapedWorker) -> None:
    targets = scraped_worker.prometheus.api("targets")["activeTargets"]
    assert [t["health"] for t in targets] == ["up"], targets
    assert re.fullmatch(r"127\.0\.0\.1:\d+", targets[0]["labels"]["instance"])

"""Liveness/readiness state and the HTTP endpoint (served on an ephemeral port)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from prometheus_client import CollectorRegistry, Counter

from streams.worker.health import HealthState, serve


def test_liveness_fails_when_the_loop_stops_beating() -> None:
    h = HealthState(stall_after_s=0.0)
    assert h.live()[0] is False
    h = HealthState(stall_after_s=60)
    assert h.live() == (True, "ok")
    assert h.ready() == (False, "starting")
    h.set_ready(True)
    assert h.ready() == (True, "ok")


def test_endpoint_serves_metrics_health_and_nothing_else() -> None:
    reg = CollectorRegistry()
    Counter("newsfeed_probe_total", "probe", registry=reg).inc()
    h = HealthState()
    server = serve(reg, h, "127.0.0.1", 0)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert b"newsfeed_probe_total 1.0" in urllib.request.urlopen(base + "/metrics", timeout=2).read()
        assert urllib.request.urlopen(base + "/healthz", timeout=2).status == 200
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(base + "/readyz", timeout=2)
        assert err.value.code == 503
        h.set_ready(True)
        assert urllib.request.urlopen(base + "/readyz", timeout=2).status == 200
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(base + "/", timeout=2)
        assert err.value.code == 404
    finally:
        server.shutdown()

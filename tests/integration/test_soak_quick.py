"""``newsfeed bench soak`` end to end on the real broker, small: every article accounted for, and the
dedup state bounded by the window (most of it swept), not growing with the number of articles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
N = 600
KEYS = ("articles", "accounted", "wall_s", "articles_per_s", "peak_rss_mb", "final_rss_mb", "state_keys",
        "state_bytes", "window_articles", "window_keys_expected", "checkpoints", "routes", "sent", "topics")


@pytest.mark.timeout(240)
def test_soak_accounts_for_every_article_and_bounds_the_state(kafka_broker: str) -> None:
    # 60 s of event time per article and a 1 h window: the window holds 60 articles out of 600, so
    # without sweeps the state would hold ~10x more keys than with them. A small backlog keeps the
    # event-time skew between raw partitions well under the window (see the soak's --backlog help).
    proc = subprocess.run(
        [sys.executable, "-m", "streams.bench", "soak", "--n", str(N), "--spacing-s", "60", "--window-hours", "1",
         "--backlog", "40", "--broker", kafka_broker, "--progress-s", "5"],
        cwd=ROOT, capture_output=True, text=True, timeout=220,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    r = orjson.loads(lines[-1])
    assert set(KEYS) <= set(r), lines[-1]
    assert r["error"] is None and r["articles"] == r["accounted"] == N
    # One terminal record per article across enriched / duplicates / rejected.
    assert sum(r["routes"].values()) == N, r["routes"]
    sent = r["sent"]
    assert sum(sent.values()) == N
    copies = sent["exact_copy"] + sent["edited_copy"]
    assert 0.9 * copies <= r["routes"]["duplicates"] <= copies and copies > 20  # dedup did real work
    assert r["routes"]["rejected"] == sent["too_short"]
    assert [c["pct"] for c in r["checkpoints"]] == [25, 50, 75, 100]
    assert r["window_articles"] == pytest.approx(60, abs=1)
    # Two keys per first-seen article in the window; sweeps every 1/4 window allow up to 1.25 windows.
    # Bounded by ~2 windows of articles (4 keys per window article), far below the 2 keys per article
    # an unswept index would hold (~1,100 here).
    for c in r["checkpoints"]:
        assert c["state_keys"] <= 4 * r["window_articles"], c
    assert r["state_keys"] == r["checkpoints"][-1]["state_keys"] > 0
    assert 0 < r["final_rss_mb"] <= r["peak_rss_mb"]
    assert any(line.startswith("point") for line in lines)  # the table precedes the JSON
    assert "topics left on the broker" in proc.stderr

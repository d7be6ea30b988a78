"""Figures of one contender run, the table and the final JSON line. Pure: no Kafka, no processes."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

# The figures every contender reports (the keys of each object in the JSON line).
FIGURES = ("articles_per_s", "p50_ms", "p99_ms", "cpu_s_per_article", "peak_rss_mb")


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation between order statistics
    (numpy's default method); NaN for an empty sequence."""
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0..100")
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass
class Result:
    """What one contender run measured (``None`` = not measured, e.g. after a failure)."""

    name: str
    mode: str = "preload"  # "preload" (whole topic ready) or "rate" (paced input at rate_per_s)
    inputs: int = 0  # input records the run waited for
    outputs: int = 0  # terminal output records seen (distinct keys)
    articles_per_s: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    cpu_s_per_article: float | None = None
    peak_rss_mb: float | None = None
    rate_per_s: float | None = None
    # The local broker's CPU over the same interval, per article (None when not measured).
    broker_cpu_s_per_article: float | None = None
    startup_s: float | None = None  # process start -> first output
    routes: dict[str, int] = field(default_factory=dict)
    # Output records whose key an earlier output already had: each input must yield exactly one
    # terminal record, so under exactly_once anything above 0 is a repeated output.
    repeated: int = 0
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON object of this run: the five figures (rounded), then context."""
        out: dict[str, Any] = {k: _round(getattr(self, k)) for k in FIGURES}
        out.update(mode=self.mode, inputs=self.inputs, outputs=self.outputs)
        if self.rate_per_s is not None:
            out["rate_per_s"] = _round(self.rate_per_s)
        if self.broker_cpu_s_per_article is not None:
            out["broker_cpu_s_per_article"] = _round(self.broker_cpu_s_per_article)
        if self.startup_s is not None:
            out["startup_s"] = _round(self.startup_s)
        if self.routes:
            out["routes"] = dict(self.routes)
        if self.repeated:
            out["repeated_outputs"] = self.repeated
        if self.error:
            out["error"] = self.error
        return out


def _round(x: float | None) -> float | None:
    if x is None or math.isnan(x):
        return None
    if x == 0:
        return 0.0
    # Three significant digits, at least two decimals: CPU per article is often ~1e-3 s.
    digits = max(2, 3 - int(math.floor(math.log10(abs(x)))) - 1)
    return round(x, digits)


def latencies_ms(
    inputs: Mapping[bytes, int], outputs: Mapping[bytes, int], floor_ms: int | None = None
) -> list[float]:
    """Output minus input record timestamp (ms) for every output key that has an input.

    ``floor_ms``: in preload mode the inputs waited for the contender to start; input times are
    raised to this moment so the figure is time spent inside the running contender."""
    out: list[float] = []
    for key, out_ts in outputs.items():
        in_ts = inputs.get(key)
        if in_ts is None:
            continue
        if floor_ms is not None:
            in_ts = max(in_ts, floor_ms)
        out.append(float(out_ts - in_ts))
    return out


def throughput(timestamps_ms: Iterable[int]) -> float | None:
    """Outputs per second between the first and the last output: (n - 1) / span."""
    ts = sorted(timestamps_ms)
    if len(ts) < 2 or ts[-1] <= ts[0]:
        return None
    return (len(ts) - 1) / ((ts[-1] - ts[0]) / 1000.0)


def _cell(x: float | None, fmt: str) -> str:
    return "-" if x is None or math.isnan(x) else format(x, fmt)


def table(results: Iterable[Result]) -> str:
    """A fixed-width text table of the runs."""
    header = (
        "contender", "mode", "articles", "art/s", "p50 ms", "p99 ms", "CPU ms/art", "broker ms/art", "peak RSS MB",
        "note",
    )
    rows = [header]
    for r in results:
        mode = r.mode if r.rate_per_s is None else f"rate {r.rate_per_s:.1f}/s"
        cpu_ms = None if r.cpu_s_per_article is None else r.cpu_s_per_article * 1000
        broker_ms = None if r.broker_cpu_s_per_article is None else r.broker_cpu_s_per_article * 1000
        note = r.error or ", ".join(f"{k} {v}" for k, v in r.routes.items())
        if r.repeated:
            note = f"{r.repeated} outputs repeat a key; {note}"
        rows.append((
            r.name, mode, f"{r.outputs}/{r.inputs}", _cell(r.articles_per_s, ".1f"), _cell(r.p50_ms, ".0f"),
            _cell(r.p99_ms, ".0f"), _cell(cpu_ms, ".2f"), _cell(broker_ms, ".2f"), _cell(r.peak_rss_mb, ".0f"), note,
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = []
    for i, row in enumerate(rows):
        cells = [c.ljust(w) if j < 2 else c.rjust(w) for j, (c, w) in enumerate(zip(row[:-1], widths, strict=True))]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
        if i == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def json_line(results: Iterable[Result]) -> str:
    """One JSON object keyed by contender name (the bench's last output line)."""
    return orjson.dumps({r.name: r.to_json() for r in results}).decode()

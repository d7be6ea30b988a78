"""Dedup throughput and state size: ``python -m streams.evaluate.dedup_bench [--data FILE] [--n N]``.

Articles (title, heading, article) from the OrangeSum corpus get synthetic event times one minute
apart, so a window of W seconds holds W/60 articles. For each window size it reports articles/s of
``fingerprint`` (on the text as the pipeline passes it: no separate normalisation) and of
``DedupIndex.check_and_add`` (dict store), and the state size: bytes of the JSON-encoded store (keys
+ orjson values) scaled to one million articles in the window.

``--compare-with DIR`` measures this checkout against another one (e.g. a ``git worktree`` of the
code before a change) in alternating child processes, CPU time, the best of ``--rounds`` each: on a
shared machine the wall clock moves more between runs than between versions.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import orjson

from streams.dedup import DedupConfig, DedupIndex, fingerprint

DEFAULT_DATA = Path("../shared/data/corpus/orangesum_articles.jsonl.gz")
SPACING_S = 60.0


def load_texts(path: Path, n: int) -> list[str]:
    """The first ``n`` non-empty articles as title + heading + article."""
    texts: list[str] = []
    with gzip.open(path, "rb") as fh:
        for line in fh:
            art = orjson.loads(line)
            text = "\n\n".join(art.get(k) or "" for k in ("title", "heading", "article")).strip()
            if text:
                texts.append(text)
            if len(texts) >= n:
                break
    return texts


def bench(texts: list[str], config: DedupConfig) -> dict[str, float]:
    """Run one stream; returns rates and the state size at the end."""
    started = time.perf_counter()
    fps = [fingerprint(t, config) for t in texts]
    fp_s = time.perf_counter() - started
    index = DedupIndex(config, {})
    dups = 0
    started = time.perf_counter()
    for i, fp in enumerate(fps):
        dups += index.check_and_add(f"a{i}", fp, i * SPACING_S) is not None
    idx_s = time.perf_counter() - started
    index.expire((len(texts) - 1) * SPACING_S)
    in_window = min(len(texts), int(config.window_seconds / SPACING_S) + 1)
    state = index.state_bytes()
    return {
        "window_s": config.window_seconds,
        "articles": len(texts),
        "in_window": in_window,
        "duplicates": dups,
        "fingerprint_per_s": len(texts) / fp_s,
        "index_per_s": len(texts) / idx_s,
        "total_per_s": len(texts) / (fp_s + idx_s),
        "keys": len(index.store),
        "state_bytes": state,
        "bytes_per_article": state / in_window,
        "gb_per_million_in_window": state / in_window * 1e6 / 1e9,
        # The LSH buckets are derived in-memory state (rebuilt from the table after a restart).
        "bucket_memory_bytes": index.memory_bytes(),
        "bucket_memory_bytes_per_article": index.memory_bytes() / in_window,
    }


def containment_cost(texts: list[str], config: DedupConfig, rounds: int = 3) -> dict[str, float]:
    """CPU time per article (fingerprint + check_and_add) without and with containment, the two
    interleaved in this process, the best of ``rounds`` each: what the lead units cost, free of the
    drift between separate runs on a shared machine."""
    best = {"off": float("inf"), "on": float("inf")}
    for _ in range(rounds):
        for name, cfg in (("off", replace(config, containment=False)), ("on", config)):
            started = time.process_time()
            index = DedupIndex(cfg, {})
            for i, text in enumerate(texts):
                index.check_and_add(f"a{i}", fingerprint(text, cfg), i * SPACING_S)
            best[name] = min(best[name], (time.process_time() - started) / len(texts) * 1e6)
    return {"us_per_article_without": best["off"], "us_per_article_with": best["on"],
            "increase": best["on"] / best["off"] - 1}


def cpu_run(texts: list[str], config: DedupConfig) -> dict[str, float]:
    """One stream, CPU time: fingerprint and check_and_add per article (us), state and in-memory
    lookups per article in the window, decisions per method. Only the API every version has."""
    started = time.process_time()
    fps = [fingerprint(t, config) for t in texts]
    fingerprinted = time.process_time()
    index = DedupIndex(config, {})
    methods: Counter[str] = Counter()
    for i, fp in enumerate(fps):
        decision = index.check_and_add(f"a{i}", fp, i * SPACING_S)
        methods[decision.method if decision is not None else "first_seen"] += 1
    checked = time.process_time()
    index.expire((len(texts) - 1) * SPACING_S)
    in_window = min(len(texts), int(config.window_seconds / SPACING_S) + 1)
    return {
        "fingerprint_us": (fingerprinted - started) / len(texts) * 1e6,
        "check_us": (checked - fingerprinted) / len(texts) * 1e6,
        "state_bytes_per_article": index.state_bytes() / in_window,
        "memory_bytes_per_article": index.memory_bytes() / in_window,
        **{f"decisions_{k}": float(v) for k, v in sorted(methods.items())},
    }


def compare(checkouts: dict[str, Path], data: Path, n: int, windows: str, rounds: int) -> int:
    """Run :func:`cpu_run` in each checkout's code, alternating child processes (the order flips
    every round), and print the best CPU time of each per window."""
    best: dict[tuple[str, str], dict[str, float]] = {}
    for r in range(rounds):
        names = list(checkouts) if r % 2 == 0 else list(reversed(checkouts))
        for name in names:
            root = checkouts[name].resolve()
            cmd = [sys.executable, str(Path(__file__).resolve()), "--cpu-child",
                   "--data", str(data.resolve()), "--n", str(n), "--windows", windows]
            env = {**os.environ, "PYTHONPATH": str(root)}
            # Run as a script with the checkout first on the path: its streams.dedup is measured.
            out = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=3600, check=True)
            for line in out.stdout.splitlines():
                row = orjson.loads(line)
                key = (name, str(row.pop("window_days")))
                kept = best.setdefault(key, row)
                for field in ("fingerprint_us", "check_us"):
                    kept[field] = min(kept[field], row[field])
                print(f"round {r} {name} window {key[1]} d: fingerprint {row['fingerprint_us']:.1f} us, "
                      f"check {row['check_us']:.1f} us", flush=True)
    for (name, days), row in sorted(best.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        both = row["fingerprint_us"] + row["check_us"]
        decisions = {k[len("decisions_"):]: int(v) for k, v in row.items() if k.startswith("decisions_")}
        print(f"{name}, window {days} d, best of {rounds}: fingerprint {row['fingerprint_us']:.1f} us + check "
              f"{row['check_us']:.1f} us = {both:.1f} us per article ({1e6 / both:.0f} articles/s CPU); state "
              f"{row['state_bytes_per_article']:.0f} B/article, in-memory lookups "
              f"{row['memory_bytes_per_article']:.0f} B/article; decisions {decisions}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--windows", default="1,7", help="window sizes in days, comma-separated")
    parser.add_argument("--containment-cost", action="store_true",
                        help="also: CPU per article without and with containment, interleaved")
    parser.add_argument("--compare-with", type=Path, metavar="DIR",
                        help="another checkout: CPU time of both, alternating child processes")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --compare-with (best of each)")
    parser.add_argument("--cpu-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"corpus not found at {args.data}; pass --data orangesum_articles.jsonl.gz", file=sys.stderr)
        return 2
    if args.compare_with is not None:
        if not (args.compare_with / "streams" / "dedup").is_dir():
            print(f"no streams/dedup under {args.compare_with}", file=sys.stderr)
            return 2
        here = Path(__file__).resolve().parents[2]
        return compare({"this": here, "other": args.compare_with}, args.data, args.n, args.windows, args.rounds)
    texts = load_texts(args.data, args.n)
    if args.cpu_child:
        for days in (float(d) for d in args.windows.split(",")):
            row = cpu_run(texts, replace(DedupConfig(), window_seconds=int(days * 86400)))
            print(orjson.dumps({"window_days": f"{days:g}", **row}).decode())
        return 0
    print(f"{len(texts)} articles, one per {SPACING_S:.0f} s of event time")
    for days in (float(d) for d in args.windows.split(",")):
        r = bench(texts, replace(DedupConfig(), window_seconds=int(days * 86400)))
        print(
            f"window {days:g} d ({r['in_window']} articles in window): fingerprint {r['fingerprint_per_s']:.0f}/s, "
            f"check_and_add {r['index_per_s']:.0f}/s, both {r['total_per_s']:.0f}/s; "
            f"state {r['state_bytes'] / 1e6:.1f} MB "
            f"in {r['keys']} keys = {r['bytes_per_article']:.0f} B/article = "
            f"{r['gb_per_million_in_window']:.2f} GB per million in window (durable); "
            f"in-memory buckets {r['bucket_memory_bytes_per_article']:.0f} B/article"
        )
        print(orjson.dumps(r).decode())
        if args.containment_cost:
            c = containment_cost(texts, replace(DedupConfig(), window_seconds=int(days * 86400)))
            print(f"window {days:g} d: CPU per article without containment {c['us_per_article_without']:.0f} us, "
                  f"with {c['us_per_article_with']:.0f} us ({100 * c['increase']:+.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

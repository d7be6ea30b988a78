"""What training the shipped NER models shares: gold documents as spaCy DocBins, a spaCy command on
one core in a work directory, and the best checkpoint exported without what only training needed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from streams.evaluate.ner_corpora import Doc, iob2_spans

# A token tag meaning "not annotated" (neither an entity nor O) in training documents.
MISSING = "-"

# The spaCy versions a shipped model declares it loads with: the project's own pin, any 3.8 (spaCy's
# own meta.json would name the exact training version and warn on every other patch release).
SPACY_VERSIONS = ">=3.8.0,<3.9.0"


def to_docbin(nlp: Any, docs: Sequence[Doc]) -> tuple[Any, dict[str, int]]:
    """A DocBin of spaCy-tokenised docs with their gold entities, tokens tagged :data:`MISSING` left
    unannotated (every other token is O); counts of kept, re-aligned and dropped entities."""
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    out = DocBin(store_user_data=False)
    stats = {"entities": 0, "expanded": 0, "dropped": 0}
    for gold in docs:
        text, offsets = gold.text()
        doc = nlp.make_doc(text)
        spans, missing = [], []
        for start, end, label in iob2_spans(gold.tags):
            span = _span(doc, offsets[start][0], offsets[end - 1][1], label, stats)
            if span is not None:
                spans.append(span)
        for i, tag in enumerate(gold.tags):
            if tag == MISSING and (span := _span(doc, offsets[i][0], offsets[i][1], "", stats)) is not None:
                missing.append(span)
        kept = filter_spans(spans)
        stats["dropped"] += len(spans) - len(kept)
        stats["entities"] += len(kept)
        taken = {i for span in kept for i in range(span.start, span.end)}
        missing = [s for s in missing if not any(i in taken for i in range(s.start, s.end))]
        doc.set_ents(kept, missing=missing, default="outside")
        out.add(doc)
    return out, stats


def _span(doc: Any, start: int, end: int, label: str, stats: dict[str, int]) -> Any:
    span = doc.char_span(start, end, label=label)
    if span is None:  # a spaCy token crosses the entity edge: take the whole token
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        stats["expanded"] += 1
    if span is None:
        stats["dropped"] += 1
    return span


def strip_training_content(model: Path) -> None:
    """Drop what only training needed from a saved pipeline directory, in place."""
    import spacy

    (model / "vocab" / "strings.json").write_text("[]", encoding="utf-8")
    config = spacy.util.load_config(model / "config.cfg", interpolate=False)
    for key in ("train", "dev", "vectors", "init_tok2vec"):
        config["paths"][key] = None
    config.to_disk(model / "config.cfg")


def run_spacy(command: Sequence[str], label: str) -> float:
    """Run a ``python -m spacy`` command on one core (a shared machine, and BLAS threads barely help
    these network sizes, unless the caller set the thread variables); returns its wall seconds."""
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    started = time.monotonic()
    print(f"{label}:", " ".join(command), flush=True)
    subprocess.run(list(command), check=True, env=env)
    return time.monotonic() - started


@contextmanager
def work_dir(keep: Path | None, prefix: str) -> Iterator[Path]:
    """The directory a training command works in: ``keep`` when given (kept afterwards), else a new
    temporary one, removed when the block ends (also on an error)."""
    work = Path(tempfile.mkdtemp(prefix=prefix)) if keep is None else keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        yield work
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def export_model(best: Path, out: Path, meta: dict[str, Any]) -> None:
    """Copy the best checkpoint ``best`` to ``out`` (replacing it) without training-only content, with
    ``meta`` (name, version, provenance) and :data:`SPACY_VERSIONS` merged into its meta.json."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(best, out)
    strip_training_content(out)
    meta_path = out / "meta.json"
    merged = {**orjson.loads(meta_path.read_text(encoding="utf-8")), "spacy_version": SPACY_VERSIONS, **meta}
    meta_path.write_text(orjson.dumps(merged, option=orjson.OPT_INDENT_2).decode() + "\n", encoding="utf-8")


def missing_data(label: str, what: str, paths: Iterable[Path], hint: str) -> bool:
    """Whether a file of ``paths`` is absent; if so, one line on stderr names them and ``hint``."""
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"{label}: {what} not found ({', '.join(missing)} missing); {hint}", file=sys.stderr)
    return bool(missing)

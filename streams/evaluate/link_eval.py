"""Entity identity: do entity ids put every mention of one real-world entity together, across documents?

    python -m streams.evaluate.link_eval [--data ../shared/data/link] [--datasets dwie,hipe] [--limit N]
        [--no-naive] [--no-registry] [--errors N] [--dump DIR]

Data (development sets only, read from the shared data directory, never copied): ``dwie_en_train.jsonl``
(English, Wikipedia links) and ``hipe_fr_dev.jsonl`` (French, Wikidata links), one document per line
``{"id", "lang", "text", "mentions": [{"start", "end", "label", "link"}]}``. The links are the gold
standard of this command only; nothing else reads them.

Systems, each fed the documents in file order as one stream (document ``i`` at event time
``i * DOC_INTERVAL_S``, so the whole file fits in the registry's window):

* ``newsfeed``: the entity stage (:class:`~streams.entities.EntityTagger`) then the entity registry
  (:class:`~streams.entities.registry.EntityRegistry`, learning across documents); ``--no-registry``
  measures the tagger's ids alone.
* ``naive``: the plain spaCy pipelines (the same models as spaCy loads them), id = label + normalised
  surface.

Scores (B-cubed over the gold mentions that have a link, pooled across all documents): each gold
mention takes the id of the predicted mention at the same offsets, else of a predicted mention with the
same normalised surface in the same document (folded, titles before a name dropped: see
:func:`surface_key`), else an id of its own (a singleton cluster). Precision of
a mention = share of the mentions with its predicted id that have its gold link; recall = share of the
mentions with its gold link that have its predicted id; both averaged over mentions, F1 of the averages.
Entity level: each (document, gold link) is one item, with the id most of its matched mentions got
(ties: the earliest mention's), and the same B-cubed over items.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from streams.entities.forms import person_tokens
from streams.entities.spans import norm_key

DEFAULT_DATA = Path("../shared/data/link")
DATASETS = {"dwie": "dwie_en_train.jsonl", "hipe": "hipe_fr_dev.jsonl"}
# Event time between two documents of the stream: 702 DWIE documents span under five days, well inside
# the registry's default window, so the whole file is one window as a day's news would be.
DOC_INTERVAL_S = 600.0
BATCH = 32


@dataclass(frozen=True, slots=True)
class GoldMention:
    """A gold mention with a link (mentions without one are not scored)."""

    start: int
    end: int
    link: str


@dataclass(slots=True)
class LinkDoc:
    """One evaluation document: its text and its linked gold mentions."""

    id: str
    lang: str
    text: str
    gold: list[GoldMention] = field(default_factory=list)


PredMention = tuple[int, int, str]  # start, end, entity id
# documents in stream order -> predicted mentions of each
System = Callable[[Sequence[LinkDoc]], list[list[PredMention]]]


def read_docs(path: Path, limit: int | None = None) -> list[LinkDoc]:
    """The documents of a link file in file order (first ``limit`` only when given)."""
    docs: list[LinkDoc] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(docs) >= limit:
                break
            if not line.strip():
                continue
            raw = orjson.loads(line)
            gold = [
                GoldMention(int(m["start"]), int(m["end"]), str(m["link"])) for m in raw["mentions"] if m.get("link")
            ]
            docs.append(LinkDoc(str(raw["id"]), str(raw.get("lang") or ""), str(raw["text"]), gold))
    return docs


# -- systems ---------------------------------------------------------------------------------------
def tag_and_link(docs: Sequence[LinkDoc], tagger: Any, use_registry: bool = True) -> tuple[
    list[list[PredMention]], list[list[PredMention]], dict[str, Any]
]:
    """One pass of the entity stage over ``docs`` in stream order: the mentions with the registry's ids
    (the tagger's when ``use_registry`` is false), the same mentions with the tagger's own ids, and the
    registry's counters. The tagger's ids are read before the registry rewrites them, so a gate that
    compares both tags each document once."""
    registry = None
    if use_registry:
        from streams.entities.registry import EntityRegistry, RegistryConfig

        registry = EntityRegistry(RegistryConfig(), {})
    linked: list[list[PredMention]] = []
    tagged_only: list[list[PredMention]] = []
    for i in range(0, len(docs), BATCH):
        batch = docs[i : i + BATCH]
        tagged = tagger.tag_batch([("", d.text, d.lang) for d in batch])
        for k, (doc, entities) in enumerate(zip(batch, tagged, strict=True)):
            tagged_only.append([(m.start, m.end, e.id) for e in entities for m in e.mentions if m.field == "text"])
            if registry is None:
                linked.append(tagged_only[-1])
                continue
            entities = registry.resolve(entities, (i + k) * DOC_INTERVAL_S, text=doc.text)
            linked.append([(m.start, m.end, e.id) for e in entities for m in e.mentions if m.field == "text"])
    return linked, tagged_only, registry.counters() if registry is not None else {}


def newsfeed_system(use_registry: bool = True, tagger: Any = None) -> tuple[System, dict[str, Any]]:
    """The entity stage (+ registry): predicted mentions of each document, and the registry's counters.

    ``tagger``: an :class:`~streams.entities.EntityTagger` to share between systems (loaded otherwise)."""
    from streams.entities import EntityConfig, EntityTagger

    tagger = tagger if tagger is not None else EntityTagger(EntityConfig())
    stats: dict[str, Any] = {}

    def run(docs: Sequence[LinkDoc]) -> list[list[PredMention]]:
        linked, _tagged_only, counters = tag_and_link(docs, tagger, use_registry)
        stats.update(counters)
        return linked

    return run, stats


def naive_system() -> System:
    """Plain spaCy output, id = label + normalised surface."""
    from streams.entities import EntityConfig
    from streams.evaluate.ner_eval import plain_predictor

    models = dict(EntityConfig().models)
    predict = plain_predictor(models)

    def run(docs: Sequence[LinkDoc]) -> list[list[PredMention]]:
        out: list[list[PredMention]] = []
        for i in range(0, len(docs), BATCH):
            batch = docs[i : i + BATCH]
            by_lang: dict[str, list[int]] = {}
            for k, d in enumerate(batch):
                by_lang.setdefault(d.lang if d.lang in models else "en", []).append(k)
            spans: list[list[tuple[int, int, str]]] = [[] for _ in batch]
            for lang, ks in by_lang.items():
                answers = predict([batch[k].text for k in ks], lang) or [[] for _ in ks]
                for k, found in zip(ks, answers, strict=True):
                    spans[k] = found
            for d, found in zip(batch, spans, strict=True):
                out.append([(s, e, f"{label.lower()}:{norm_key(d.text[s:e])}") for s, e, label in found])
        return out

    return run


# -- scoring ---------------------------------------------------------------------------------------
def surface_key(surface: str) -> str:
    """The normalised surface mentions are matched on: folded, lower-cased, without the titles
    before a person's name ("M. Gambetta" = "Gambetta"): the French gold trims person mentions
    to the name, while the entity stage keeps the title in the span as the NER gold has it."""
    return norm_key(" ".join(person_tokens(surface, run_in=False))) or norm_key(surface)


def assign_ids(docs: Sequence[LinkDoc], predictions: Sequence[Sequence[PredMention]]) -> list[list[str | None]]:
    """The predicted id of each gold mention of each document (None: no matching predicted mention)."""
    out: list[list[str | None]] = []
    for doc, preds in zip(docs, predictions, strict=True):
        by_offsets = {(s, e): ent for s, e, ent in preds}
        by_surface: dict[str, str] = {}
        for s, e, ent in preds:
            by_surface.setdefault(surface_key(doc.text[s:e]), ent)
        ids: list[str | None] = []
        for g in doc.gold:
            found = by_offsets.get((g.start, g.end))
            ids.append(found if found is not None else by_surface.get(surface_key(doc.text[g.start : g.end])))
        out.append(ids)
    return out


def bcubed(items: Sequence[tuple[str, str | None]]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of (gold link, predicted id) items; a None id is a singleton."""
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "items": 0}
    preds = [p if p is not None else f"\0singleton{i}" for i, (_g, p) in enumerate(items)]
    golds = [g for g, _p in items]
    both = Counter(zip(golds, preds, strict=True))
    by_pred = Counter(preds)
    by_gold = Counter(golds)
    precision = sum(both[(g, p)] / by_pred[p] for g, p in zip(golds, preds, strict=True)) / len(items)
    recall = sum(both[(g, p)] / by_gold[g] for g, p in zip(golds, preds, strict=True)) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "items": len(items)}


def entity_items(docs: Sequence[LinkDoc], ids: Sequence[Sequence[str | None]]) -> list[tuple[str, str | None]]:
    """One (gold link, majority predicted id) item per (document, gold link)."""
    items: list[tuple[str, str | None]] = []
    for doc, doc_ids in zip(docs, ids, strict=True):
        votes: dict[str, Counter[str]] = {}
        for g, ent in zip(doc.gold, doc_ids, strict=True):
            counter = votes.setdefault(g.link, Counter())
            if ent is not None:
                counter[ent] += 1  # insertion order breaks ties: the earliest mention's id
        for link, counter in votes.items():
            items.append((link, counter.most_common(1)[0][0] if counter else None))
    return items


def score(docs: Sequence[LinkDoc], predictions: Sequence[Sequence[PredMention]]) -> dict[str, Any]:
    """Mention-level and entity-level B-cubed of one system's predictions."""
    ids = assign_ids(docs, predictions)
    mentions = [
        (g.link, ent)
        for doc, doc_ids in zip(docs, ids, strict=True)
        for g, ent in zip(doc.gold, doc_ids, strict=True)
    ]
    matched = sum(1 for _g, ent in mentions if ent is not None)
    return {
        "mention": bcubed(mentions),
        "entity": bcubed(entity_items(docs, ids)),
        "matched_share": round(matched / len(mentions), 4) if mentions else 0.0,
    }


def split_errors(docs: Sequence[LinkDoc], predictions: Sequence[Sequence[PredMention]], n: int) -> list[str]:
    """The ``n`` gold links spread over the most predicted ids, with their surfaces (for error analysis)."""
    ids = assign_ids(docs, predictions)
    spread: dict[str, Counter[str]] = {}
    for doc, doc_ids in zip(docs, ids, strict=True):
        for g, ent in zip(doc.gold, doc_ids, strict=True):
            spread.setdefault(g.link, Counter())[f"{ent}<-{doc.text[g.start:g.end]}"] += 1
    worst = sorted(spread.items(), key=lambda kv: -len({k.split('<-')[0] for k in kv[1]}))[:n]
    return [f"{link}: {dict(c.most_common(8))}" for link, c in worst]


def write_predictions(path: Path, docs: Sequence[LinkDoc], predictions: Sequence[Sequence[PredMention]]) -> None:
    """One line per document: its id and its predicted mentions ``[start, end, entity id]``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for doc, preds in zip(docs, predictions, strict=True):
            fh.write(orjson.dumps({"id": doc.id, "mentions": [list(p) for p in preds]}).decode() + "\n")


def read_predictions(path: Path) -> list[list[PredMention]]:
    """The predicted mentions :func:`write_predictions` wrote, in document order."""
    with path.open(encoding="utf-8") as fh:
        return [[(int(s), int(e), str(i)) for s, e, i in orjson.loads(line)["mentions"]] for line in fh if line.strip()]


def format_table(report: dict[str, dict[str, Any]]) -> str:
    lines = [f"{'data set':<8} {'system':<10} {'level':<8} {'P':>7} {'R':>7} {'F1':>7} {'items':>7}"]
    for dataset, systems in report.items():
        for system, result in systems.items():
            for level in ("mention", "entity"):
                r = result[level]
                lines.append(
                    f"{dataset:<8} {system:<10} {level:<8} {r['precision']:>7.4f} {r['recall']:>7.4f} "
                    f"{r['f1']:>7.4f} {r['items']:>7}"
                )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m streams.evaluate.link_eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="link data directory (default %(default)s)")
    parser.add_argument("--datasets", default=",".join(DATASETS), help="comma-separated subset of dwie,hipe")
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each file")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive spaCy id")
    parser.add_argument("--no-registry", action="store_true", help="newsfeed without the entity registry")
    parser.add_argument("--errors", type=int, default=0, help="print the N most split gold entities of newsfeed")
    parser.add_argument(
        "--dump", type=Path, default=None, help="write newsfeed's predicted mentions to DIR/<data set>.jsonl"
    )
    args = parser.parse_args(argv)

    names = [n.strip() for n in args.datasets.split(",") if n.strip()]
    unknown = [n for n in names if n not in DATASETS]
    if unknown:
        parser.error(f"unknown data set(s) {', '.join(unknown)} (choose from {', '.join(DATASETS)})")
    paths = {n: args.data / DATASETS[n] for n in names}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        print(f"link_eval: data not found: {', '.join(missing)} (pass --data DIR)", file=sys.stderr)
        return 2

    newsfeed, stats = newsfeed_system(use_registry=not args.no_registry)
    systems: dict[str, System] = {"newsfeed": newsfeed}
    if not args.no_naive:
        systems["naive"] = naive_system()
    report: dict[str, dict[str, Any]] = {}
    for name, path in paths.items():
        docs = read_docs(path, args.limit)
        report[name] = {}
        for system_name, system in systems.items():
            started = time.perf_counter()
            predictions = system(docs)
            report[name][system_name] = score(docs, predictions)
            report[name][system_name]["seconds"] = round(time.perf_counter() - started, 1)
            if system_name == "newsfeed":
                report[name][system_name]["registry"] = dict(stats)
                for line in split_errors(docs, predictions, args.errors):
                    print(line)
                if args.dump is not None:
                    write_predictions(args.dump / f"{name}.jsonl", docs, predictions)
    print(format_table(report))
    print(orjson.dumps({"link_eval": report}, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

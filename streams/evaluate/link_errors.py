"""Where entity identity loses: the F1 each gold entity's split and each predicted id's merge costs.

    python -m streams.evaluate.link_eval --no-naive --dump /tmp/link      # predictions of newsfeed
    python -m streams.evaluate.link_errors --dump /tmp/link [--data ../shared/data/link]
        [--datasets dwie,hipe] [--level entity|mention] [--top N] [--docs FROM:TO]

For diagnosis only (reads the gold links, like :mod:`.link_eval`). Each scored item (a gold mention,
or a (document, gold entity) at entity level) loses precision when its predicted id also holds
items of other gold entities, and recall when its gold entity's items sit under other ids (an
unmatched item, no id, is alone). The loss of each item is weighted by what it costs F1 (the
derivatives of F1 in precision and recall) and summed by predicted id (merges: precision) and by
gold entity (splits and misses: recall); the costliest are printed with their surfaces, and the
share of recall loss from items no predicted mention matched.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from streams.evaluate.link_eval import (
    DATASETS,
    DEFAULT_DATA,
    LinkDoc,
    PredMention,
    assign_ids,
    read_docs,
    read_predictions,
)

NONE = "-"  # the predicted id shown for an item no predicted mention matched


@dataclass(slots=True)
class Item:
    """One scored item: its gold link, predicted id (None: unmatched), document and surfaces."""

    gold: str
    pred: str | None
    doc: int
    surfaces: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class Cost:
    """The F1 a group of items loses, and which items."""

    f1: float = 0.0
    parts: Counter[str] = field(default_factory=Counter)


def scored_items(docs: Sequence[LinkDoc], predictions: Sequence[Sequence[PredMention]], level: str) -> list[Item]:
    """The items B-cubed scores at ``level`` ("mention" or "entity", as :func:`.link_eval.score`)."""
    ids = assign_ids(docs, predictions)
    items: list[Item] = []
    for n, (doc, doc_ids) in enumerate(zip(docs, ids, strict=True)):
        if level == "mention":
            for g, ent in zip(doc.gold, doc_ids, strict=True):
                items.append(Item(g.link, ent, n, Counter([doc.text[g.start : g.end]])))
            continue
        votes: dict[str, Counter[str]] = {}
        surfaces: dict[str, Counter[str]] = {}
        for g, ent in zip(doc.gold, doc_ids, strict=True):
            counter = votes.setdefault(g.link, Counter())
            if ent is not None:
                counter[ent] += 1
            surfaces.setdefault(g.link, Counter())[doc.text[g.start : g.end]] += 1
        for link, counter in votes.items():
            items.append(Item(link, counter.most_common(1)[0][0] if counter else None, n, surfaces[link]))
    return items


def costs(items: Sequence[Item]) -> tuple[dict[str, Cost], dict[str, Cost], dict[str, float]]:
    """F1 lost by predicted id (precision) and by gold link (recall), and the totals."""
    preds = [it.pred if it.pred is not None else f"\0{i}" for i, it in enumerate(items)]
    both = Counter((it.gold, p) for it, p in zip(items, preds, strict=True))
    by_pred = Counter(preds)
    by_gold = Counter(it.gold for it in items)
    n = len(items)
    precision = sum(both[(it.gold, p)] / by_pred[p] for it, p in zip(items, preds, strict=True)) / n
    recall = sum(both[(it.gold, p)] / by_gold[it.gold] for it, p in zip(items, preds, strict=True)) / n
    total = precision + recall
    d_precision, d_recall = 2 * recall**2 / total**2, 2 * precision**2 / total**2
    merges: dict[str, Cost] = defaultdict(Cost)
    splits: dict[str, Cost] = defaultdict(Cost)
    unmatched = 0.0
    for it, p in zip(items, preds, strict=True):
        surface = "|".join(sorted(it.surfaces))
        lost_p = (1 - both[(it.gold, p)] / by_pred[p]) * d_precision / n
        lost_r = (1 - both[(it.gold, p)] / by_gold[it.gold]) * d_recall / n
        if lost_p:
            merges[p].f1 += lost_p
            merges[p].parts[f"{it.gold} <- {surface}"] += 1
        if lost_r:
            splits[it.gold].f1 += lost_r
            splits[it.gold].parts[f"{it.pred or NONE} <- {surface}"] += 1
            if it.pred is None:
                unmatched += lost_r
    f1 = 2 * precision * recall / total
    totals = {"precision": precision, "recall": recall, "f1": f1, "unmatched_recall_f1": unmatched}
    return dict(merges), dict(splits), totals


def report(items: Sequence[Item], top: int) -> list[str]:
    merges, splits, totals = costs(items)
    lines = [
        f"items {len(items)}  P {totals['precision']:.4f}  R {totals['recall']:.4f}  F1 {totals['f1']:.4f}",
        f"F1 lost to merges {sum(c.f1 for c in merges.values()):.4f}, to splits "
        f"{sum(c.f1 for c in splits.values()):.4f} (of which unmatched items {totals['unmatched_recall_f1']:.4f})",
        "-- merges (one predicted id, several gold entities) --",
    ]
    for pred, cost in sorted(merges.items(), key=lambda kv: -kv[1].f1)[:top]:
        lines.append(f"{cost.f1:.4f} {pred}: {dict(cost.parts.most_common(6))}")
    lines.append("-- splits (one gold entity, several ids or none) --")
    for gold, cost in sorted(splits.items(), key=lambda kv: -kv[1].f1)[:top]:
        lines.append(f"{cost.f1:.4f} {gold}: {dict(cost.parts.most_common(6))}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m streams.evaluate.link_errors", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--dump", type=Path, required=True, help="directory link_eval --dump wrote")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="link data directory (default %(default)s)")
    parser.add_argument("--datasets", default=",".join(DATASETS), help="comma-separated subset of dwie,hipe")
    parser.add_argument("--level", choices=("entity", "mention"), default="entity")
    parser.add_argument("--top", type=int, default=40, help="costliest merges and splits printed")
    parser.add_argument("--docs", default=None, help="FROM:TO, documents scored (python slice of the stream)")
    args = parser.parse_args(argv)
    for name in [n.strip() for n in args.datasets.split(",") if n.strip()]:
        data, dump = args.data / DATASETS[name], args.dump / f"{name}.jsonl"
        if not data.is_file() or not dump.is_file():
            print(f"link_errors: {data} or {dump} not found", file=sys.stderr)
            return 2
        predictions = read_predictions(dump)
        docs = read_docs(data, len(predictions))
        if args.docs:
            start, _, end = args.docs.partition(":")
            chosen = slice(int(start) if start else None, int(end) if end else None)
            docs, predictions = docs[chosen], predictions[chosen]
        print(f"== {name} ({args.level} level)")
        for line in report(scored_items(docs, predictions, args.level), args.top):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

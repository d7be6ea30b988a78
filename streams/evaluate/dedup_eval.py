"""Dedup quality on the developer data: ``python -m streams.evaluate.dedup_eval [--data DIR]``.

Three streams, each through ``fingerprint`` + a fresh ``DedupIndex`` in stream order:

* hard_dev (``hard_dev_stream.jsonl``; ``hard_dev_labels.jsonl`` used only for scoring): a duplicate
  decision is correct when ``duplicate_of`` is in the article's own group (its original or an earlier
  variant); recall over exact+reworded copies (L1-L3) and per grade, L4 (lead-only briefs) apart;
* OrangeSum groups (texts from ``../corpus/orangesum_articles.jsonl.gz``): exact/near/title_only
  members plus 500 distractors in (date, doc_id) order; later exact/near members must match an
  earlier member of their group, nothing else may match;
* ECB+ documents: separately written reports of the same events; every match is a false positive.

Prints a human summary and, last, one JSON line with all figures.
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from streams.dedup import DedupConfig, DedupIndex, fingerprint, tokenize

DEFAULT_DATA = Path("../shared/data/dedup")
DISTRACTORS = 500
# An ECB+ pair sharing fewer than this share of word 5-grams was written separately (hard_dev's own
# ECB+ negatives are all <= 0.16); above it, the two texts are edits of one wire copy.
SEPARATE_J5 = 0.2


def _normalizer() -> Callable[[str], str]:
    try:  # the cleaning stage's matching key, when that module is present
        from streams.clean import normalize_for_matching
    except ImportError:
        return lambda text: " ".join(text.casefold().split())
    return lambda text: str(normalize_for_matching(text))


def _jsonl(path: Path) -> Iterable[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        for line in fh:
            if line.strip():
                yield orjson.loads(line)


def _epoch(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


@dataclass
class StreamResult:
    """What one stream produced: duplicates (id -> (duplicate_of, similarity)), their methods, and
    the first-seen articles that expand an earlier brief (id -> brief id)."""

    duplicates: dict[str, tuple[str, float]] = field(default_factory=dict)
    methods: dict[str, str] = field(default_factory=dict)
    expands: dict[str, str] = field(default_factory=dict)


def run_stream(items: Iterable[tuple[str, str, float]], config: DedupConfig) -> StreamResult:
    """Feed (id, text, event ts) in order through ``fingerprint`` and one ``DedupIndex``. The text
    is passed as it is, as the pipeline passes the cleaned title and text (lines and punctuation
    mark the lead units; tokens and signatures do not depend on normalising first)."""
    index = DedupIndex(config, {})
    out = StreamResult()
    for article_id, text, ts in items:
        outcome = index.check(article_id, fingerprint(text, config), ts)
        if outcome.decision is not None:
            out.duplicates[article_id] = (outcome.decision.duplicate_of, outcome.decision.similarity)
            out.methods[article_id] = outcome.decision.method
        elif outcome.expands is not None:
            out.expands[article_id] = outcome.expands.brief_id
    return out


def eval_hard(data: Path, config: DedupConfig) -> dict[str, Any]:
    """hard_dev through ``fingerprint`` + ``DedupIndex`` (the raw texts, no cleaning)."""
    stream = list(_jsonl(data / "hard_dev_stream.jsonl"))
    result = run_stream(((a["id"], a["text"], _epoch(a["published_at"])) for a in stream), config)
    return score_hard(data, result)


def read_outputs(path: Path) -> tuple[StreamResult, set[str]]:
    """The decisions in the output of ``newsfeed process`` (JSON lines ``{"topic", "key", "value"}``),
    and the ids of the rejected articles."""
    result = StreamResult()
    rejected: set[str] = set()
    for record in _jsonl(path):
        value = record.get("value") or {}
        if record.get("topic") == "news.duplicates":
            result.duplicates[record["key"]] = (value["duplicate_of"], float(value.get("similarity") or 0.0))
            result.methods[record["key"]] = value.get("method") or ""
        elif record.get("topic") == "news.enriched" and value.get("expands"):
            result.expands[record["key"]] = value["expands"]
        elif record.get("topic") == "news.rejected":
            rejected.add(record["key"])
    return result, rejected


def eval_hard_outputs(data: Path, outputs: Path) -> dict[str, Any]:
    """hard_dev as the whole pipeline decided it (``newsfeed process hard_dev_stream.jsonl > outputs``):
    the same scores, plus the articles the pipeline rejected before dedup, per level or kind."""
    result, rejected = read_outputs(outputs)
    labels = {lab["id"]: lab for lab in _jsonl(data / "hard_dev_labels.jsonl")}
    scores = score_hard(data, result)
    kinds = Counter(labels[i].get("level") or labels[i].get("negative_kind") or labels[i]["role"]
                    for i in rejected if i in labels)
    scores["rejected"] = dict(kinds)
    return scores


def score_hard(data: Path, result: StreamResult) -> dict[str, Any]:
    """hard_dev scores of the decisions in ``result`` (labels used here only)."""
    labels = {lab["id"]: lab for lab in _jsonl(data / "hard_dev_labels.jsonl")}
    got = result.duplicates
    group = {i: lab.get("group") for i, lab in labels.items() if lab["role"] in ("original", "variant")}
    per_level: Counter[str] = Counter()
    found: Counter[str] = Counter()
    predicted: Counter[str] = Counter()  # decisions per level ("-" = originals and negatives)
    fp_kinds: Counter[str] = Counter()
    wrong_pointers = 0
    for article_id, lab in labels.items():
        level = lab.get("level") if lab["role"] == "variant" else None
        if level:
            per_level[level] += 1
        if article_id not in got:
            continue
        predicted[level or "-"] += 1
        target = got[article_id][0]
        if level and group.get(target) == lab["group"]:
            found[level] += 1
        elif level:  # a real duplicate whose pointer names an article of another story
            wrong_pointers += 1
            fp_kinds[f"{level}_wrong_target"] += 1
        else:
            fp_kinds[lab.get("negative_kind") or lab["role"]] += 1
    reworded = ("L1", "L2", "L3")
    n_pos = sum(per_level[lv] for lv in reworded)
    n_pred = sum(predicted[lv] for lv in reworded)
    correct = sum(found[lv] for lv in reworded)
    negatives_hit = sum(n for kind, n in fp_kinds.items() if "_wrong_target" not in kind)
    precision = correct / (n_pred + negatives_hit) if n_pred + negatives_hit else 1.0
    recall = correct / n_pos if n_pos else 1.0
    l4_correct, l4_pred = found["L4"], predicted["L4"]
    all_pred = sum(predicted.values())
    wrong_expansions = sum(group.get(b) is None or group.get(b) != group.get(a) for a, b in result.expands.items())
    return {
        # Over L1-L3 variants and every non-variant (originals, negatives): L4 briefs scored apart.
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "recall_per_level": {lv: found[lv] / per_level[lv] for lv in sorted(per_level)},
        "precision_l4": l4_correct / l4_pred if l4_pred else 1.0,
        "precision_all": sum(found.values()) / all_pred if all_pred else 1.0,
        "predicted": all_pred,
        "methods": dict(Counter(result.methods.values())),
        "wrong_pointers": wrong_pointers,
        "false_positives": sum(fp_kinds.values()),
        "false_positive_kinds": dict(fp_kinds),
        "ecbplus_event_fp": fp_kinds.get("ecbplus_event", 0),
        "expansions": len(result.expands),
        "wrong_expansions": wrong_expansions,
    }


def eval_hard_briefs_first(data: Path, config: DedupConfig) -> dict[str, Any]:
    """hard_dev with every L4 brief published a minute before its original (the other order): each
    original should then stay first-seen and name its brief in ``expands``; nothing else changes."""
    stream = list(_jsonl(data / "hard_dev_stream.jsonl"))
    labels = {lab["id"]: lab for lab in _jsonl(data / "hard_dev_labels.jsonl")}
    when = {a["id"]: _epoch(a["published_at"]) for a in stream}
    brief_of = {lab["original"]: i for i, lab in labels.items() if lab.get("level") == "L4"}
    for original, brief in brief_of.items():
        when[brief] = when[original] - 60.0
    order = sorted(stream, key=lambda a: (when[a["id"]], a["id"]))
    result = run_stream(((a["id"], a["text"], when[a["id"]]) for a in order), config)
    found = sum(result.expands.get(original) == brief for original, brief in brief_of.items())
    return {
        "briefs": len(brief_of),
        "expansions": len(result.expands),
        "expansions_correct": found,
        "expansions_wrong": len(result.expands) - found,
        "briefs_marked_duplicate": sum(b in result.duplicates for b in brief_of.values()),
    }


def eval_orangesum(data: Path, corpus: Path, config: DedupConfig) -> dict[str, Any]:
    scored = ("exact", "near", "title_only")
    groups = [g for g in _jsonl(data / "orangesum_groups_dev.jsonl") if g["category"] in scored]
    in_any = {d for g in _jsonl(data / "orangesum_groups_dev.jsonl") for d in g["doc_ids"]}
    wanted = {d for g in groups for d in g["doc_ids"]}
    docs: dict[int, dict[str, Any]] = {}
    pool: list[int] = []
    for art in _jsonl(corpus):
        if art["doc_id"] in wanted:
            docs[art["doc_id"]] = art
        elif art["doc_id"] not in in_any and len((art.get("article") or "").split()) >= 50:
            pool.append(art["doc_id"])
            docs[art["doc_id"]] = art
    distractors = set(random.Random(1).sample(sorted(pool), DISTRACTORS))
    chosen = sorted(wanted | distractors, key=lambda d: (docs[d]["date"], d))
    allowed: dict[int, set[int]] = {}
    mids: dict[int, set[int]] = {}  # doc -> ids of the (unscored) mixed clusters it is in
    title_only: dict[int, set[int]] = {}
    for g in _jsonl(data / "orangesum_groups_dev.jsonl"):
        target = {"exact": allowed, "near": allowed, "mid": mids, "title_only": title_only}[g["category"]]
        for d in g["doc_ids"]:
            if target is mids:
                target.setdefault(d, set()).add(g["group_id"])
            else:
                target.setdefault(d, set()).update(x for x in g["doc_ids"] if x != d)
    order = {d: i for i, d in enumerate(chosen)}

    def text(a: dict[str, Any]) -> str:
        return "\n\n".join(a.get(k) or "" for k in ("title", "heading", "article"))

    def kind(doc: int, target: int) -> str:
        if target in allowed.get(doc, set()):
            return "correct"
        if doc in distractors or target in distractors:
            return "distractor"
        if target in title_only.get(doc, set()):
            return "title_only"
        # Two exact groups inside one "mid" cluster (unscored): e.g. a copy re-edited the same day.
        family = {doc} | allowed.get(doc, set())
        if any(mids.get(m, set()) & mids.get(target, set()) for m in family):
            return "same_mid_cluster"
        return "other"

    items = ((f"os-{d}", text(docs[d]), _epoch(docs[d]["date"] + "T00:00:00+00:00")) for d in chosen)
    result = run_stream(items, config)
    got = result.duplicates
    expected = {d for d in chosen if any(order[x] < order[d] for x in allowed.get(d, ()))}
    kinds = Counter(kind(int(k[3:]), int(t[3:])) for k, (t, _) in got.items())
    correct = kinds.pop("correct", 0)
    # A copy that should match an earlier member of its group but names another article.
    wrong_pointers = sum(
        int(k[3:]) in expected and int(t[3:]) not in allowed.get(int(k[3:]), set()) for k, (t, _) in got.items()
    )
    n_scored = len(got) - kinds.get("same_mid_cluster", 0)
    # Decisions on articles that are no later copy (a group's first member, a distractor): a match of
    # another story. The rest are copies, right (correct) or with a wrong pointer.
    matched_not_copies = len(got) - correct - wrong_pointers
    return {
        "precision": correct / len(got) if got else 1.0,
        "precision_scored": correct / n_scored if n_scored else 1.0,  # without the unscored mid clusters
        "recall": correct / len(expected) if expected else 1.0,
        "predicted": len(got),
        "expected": len(expected),
        "false_positives": sum(kinds.values()),
        "false_positive_kinds": dict(kinds),
        "wrong_pointers": wrong_pointers,
        # Of the later copies found, the share whose duplicate_of names an earlier member of their group.
        "pointer_precision": correct / (correct + wrong_pointers) if correct + wrong_pointers else 1.0,
        "matched_not_copies": matched_not_copies,
        "methods": dict(Counter(result.methods.values())),
        "expansions": len(result.expands),
        "expansions_in_group": sum(
            int(b[3:]) in allowed.get(int(a[3:]), set()) for a, b in result.expands.items()
        ),
    }


def _shingle_set(text: str, k: int) -> set[tuple[str, ...]]:
    tokens = tokenize(_normalizer()(text))
    return {tuple(tokens[i : i + k]) for i in range(max(1, len(tokens) - k + 1))}


def eval_ecbplus(data: Path, config: DedupConfig) -> dict[str, Any]:
    """Every match is reported, split by the pair's true word 5-gram Jaccard: ECB+ holds some wire
    stories reprinted with edits (J5 0.25-0.96, e.g. one AP text in two papers); those are copies,
    not separately written reports, and a near-duplicate detector is right to match them."""
    docs = {d["doc_id"]: d for d in _jsonl(data / "ecbplus_docs.jsonl")}
    # No dates: all in one window, the hardest case (every document can match every other).
    got = run_stream(((i, docs[i]["text"], 0.0) for i in sorted(docs)), config).duplicates
    true_j = []
    for doc, (target, _) in got.items():
        a, b = _shingle_set(docs[doc]["text"], 5), _shingle_set(docs[target]["text"], 5)
        true_j.append(len(a & b) / len(a | b))
    return {
        "documents": len(docs),
        "matches": len(got),
        "matches_separately_written": sum(j < SEPARATE_J5 for j in true_j),
        "matches_shared_wire_text": sum(j >= SEPARATE_J5 for j in true_j),
        "min_true_j5_of_matches": round(min(true_j), 3) if true_j else None,
        "cross_cluster": sum(docs[d]["cluster_id"] != docs[t]["cluster_id"] for d, (t, _) in got.items()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared dedup data directory")
    parser.add_argument("--corpus", type=Path, default=None, help="orangesum_articles.jsonl.gz (default: ../corpus/)")
    parser.add_argument("--threshold", type=float)
    parser.add_argument("--shingle-size", type=int)
    parser.add_argument("--num-perm", type=int)
    parser.add_argument("--bands", type=int)
    parser.add_argument("--min-tokens", type=int)
    parser.add_argument("--no-containment", action="store_true", help="exact and near matching only")
    parser.add_argument("--containment-threshold", type=float)
    parser.add_argument("--shared-lead-below", type=float,
                        help="near matches below this J must keep the earlier article's lead")
    parser.add_argument("--lead-offset-tokens", type=int,
                        help="how far into the new text a shared lead unit may start (else the earlier "
                        "title or first sentence is needed)")
    parser.add_argument("--lead-copy-threshold", type=float,
                        help="under the threshold, down to this J, a pair with the earlier title or first "
                        "sentence and --lead-copy-units lead units in common is a copy")
    parser.add_argument("--lead-copy-units", type=int, help="lead units in common for --lead-copy-threshold")
    parser.add_argument("--seed", type=int, help="another draw of the MinHash permutations")
    parser.add_argument("--only", choices=["hard", "orangesum", "ecbplus"], action="append")
    parser.add_argument("--hard-outputs", type=Path, metavar="FILE",
                        help="score this output of `newsfeed process hard_dev_stream.jsonl` instead of running dedup")
    args = parser.parse_args(argv)
    data: Path = args.data
    if not (data / "hard_dev_stream.jsonl").is_file():
        print(f"dedup data not found under {data} (expected hard_dev_stream.jsonl); pass --data DIR", file=sys.stderr)
        return 2
    corpus = args.corpus or data.parent / "corpus" / "orangesum_articles.jsonl.gz"
    config = DedupConfig()
    changes: dict[str, Any] = {}
    for name in ("threshold", "shingle_size", "num_perm", "bands", "min_tokens", "shared_lead_below",
                 "lead_offset_tokens", "lead_copy_threshold", "lead_copy_units", "seed"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if "num_perm" in changes or "bands" in changes:
        num_perm = changes.get("num_perm", config.num_perm)
        bands = changes.get("bands", num_perm // config.rows)
        changes.update(num_perm=num_perm, bands=bands, rows=num_perm // bands)
    if args.no_containment:
        changes["containment"] = False
    if args.containment_threshold is not None:
        changes["containment_threshold"] = args.containment_threshold
    config = replace(config, **changes)
    if args.hard_outputs is not None:
        if not args.hard_outputs.is_file():
            print(f"no outputs file at {args.hard_outputs}", file=sys.stderr)
            return 2
        piped = eval_hard_outputs(data, args.hard_outputs)
        per = "  ".join(f"{k} {v:.3f}" for k, v in piped["recall_per_level"].items())
        print(f"hard_dev through the pipeline: precision {piped['precision']:.4f}  recall(L1-L3) "
              f"{piped['recall']:.4f}  F1 {piped['f1']:.4f}  [{per}]  L4 precision {piped['precision_l4']:.4f}; "
              f"false positives {piped['false_positive_kinds']}; wrong pointers {piped['wrong_pointers']}; "
              f"rejected before dedup {piped['rejected']}")
        print(orjson.dumps({"hard_dev_outputs": piped}).decode())
        return 0
    only = set(args.only or ["hard", "orangesum", "ecbplus"])
    result: dict[str, Any] = {"config": {k: v for k, v in vars(config).items()}}
    if "hard" in only:
        hard = result["hard_dev"] = eval_hard(data, config)
        per = "  ".join(f"{k} {v:.3f}" for k, v in hard["recall_per_level"].items())
        print(f"hard_dev: precision {hard['precision']:.4f}  recall(L1-L3) {hard['recall']:.4f}  "
              f"F1 {hard['f1']:.4f}  [{per}]  L4 precision {hard['precision_l4']:.4f}")
        print(f"  false positives {hard['false_positives']} {hard['false_positive_kinds']}; wrong pointers "
              f"{hard['wrong_pointers']}; methods {hard['methods']}; expansions {hard['expansions']} "
              f"(wrong {hard['wrong_expansions']})")
        rev = result["hard_dev_briefs_first"] = eval_hard_briefs_first(data, config)
        print(f"hard_dev, each L4 brief a minute before its original: {rev['expansions_correct']} of "
              f"{rev['briefs']} originals name their brief in expands ({rev['expansions_wrong']} wrong); "
              f"{rev['briefs_marked_duplicate']} briefs marked duplicate")
    if "orangesum" in only:
        if corpus.is_file():
            osg = result["orangesum"] = eval_orangesum(data, corpus, config)
            print(f"orangesum groups: precision {osg['precision']:.4f} (without unscored mid clusters "
                  f"{osg['precision_scored']:.4f})  recall {osg['recall']:.4f}  "
                  f"({osg['predicted']} predicted / {osg['expected']} expected; FP {osg['false_positive_kinds']}); "
                  f"wrong pointers {osg['wrong_pointers']} (copies with the right pointer "
                  f"{osg['pointer_precision']:.4f}); matches of articles that are no copy "
                  f"{osg['matched_not_copies']}; methods {osg['methods']}; expansions "
                  f"{osg['expansions']} ({osg['expansions_in_group']} within a copy group)")
        else:
            print(f"orangesum corpus not found at {corpus}: skipped (pass --corpus)", file=sys.stderr)
    if "ecbplus" in only:
        ecb = result["ecbplus"] = eval_ecbplus(data, config)
        print(f"ecb+: {ecb['matches_separately_written']} matches of separately written reports "
              f"(true J5 < {SEPARATE_J5}); {ecb['matches_shared_wire_text']} matches of edited wire copies "
              f"(min true J5 {ecb['min_true_j5_of_matches']}); {ecb['cross_cluster']} across clusters; "
              f"{ecb['documents']} documents")
    print(orjson.dumps(result).decode())
    return 0


if __name__ == "__main__":
    sys.exit(main())

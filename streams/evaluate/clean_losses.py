"""Why plain trafilatura leads on a page: which cleaning step lost the reference words it holds.

Used by ``clean_audit --losses``. On a page where trafilatura's default extraction scores more than
``clean_eval.MOVED`` F1 above ours, the reference words it holds and ours does not ("missing") are
given to the steps that removed them (the words of each removed line, in the order the steps ran),
the rest to the extraction (trafilatura's precise run, chosen over its default one, never held them);
the words ours holds beyond the reference and trafilatura's ("surplus") to the steps that added them,
the rest to the extraction.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from streams.evaluate.clean_eval import MOVED, by_set, words

EXTRACTION = "extraction"


def _f1(out: Counter[str], truth: Counter[str]) -> float:
    overlap = sum((out & truth).values())
    return 2 * overlap / (sum(out.values()) + sum(truth.values())) if overlap else 0.0


def _assign(left: Counter[str], bags: list[tuple[str, Counter[str]]]) -> dict[str, int]:
    """``left``'s words given to each step's bag in turn, the rest to the extraction."""
    causes: dict[str, int] = {}
    for step, bag in bags:
        taken = left & bag
        if taken:
            causes[step] = causes.get(step, 0) + sum(taken.values())
            left = left - taken
    if left:
        causes[EXTRACTION] = sum(left.values())
    return causes


def loss_causes(page: str, url: str | None, ours: str, gt_title: str | None, truth: Counter[str],
                out: Counter[str], log: list[tuple[str, int, str, str]]) -> dict[str, Any] | None:
    """The causes of trafilatura's lead on one page (None where it does not lead)."""
    import trafilatura

    doc = trafilatura.bare_extraction(page, url=url, with_metadata=True)
    base_text = str(getattr(doc, "text", "") or "")
    if gt_title:
        base_text = f"{getattr(doc, 'title', '') or ''}\n{base_text}"
    base = Counter(words(base_text))
    ours_f1, base_f1 = _f1(out, truth), _f1(base, truth)
    if base_f1 - ours_f1 <= MOVED:
        return None
    removed = [(step, Counter(words(line))) for step, sign, line, _ in log if sign < 0]
    added = [(step, Counter(words(line))) for step, sign, line, _ in log if sign > 0]
    missing = (base & truth) - out
    surplus = (out - truth) - (base - truth)
    return {"lead": base_f1 - ours_f1, "missing": _assign(missing, removed), "surplus": _assign(surplus, added)}


def print_losses(rows: list[dict[str, Any]]) -> None:
    """Per set: the pages trafilatura leads, and per cause the words lost and the pages it leads most."""
    for name, subset in by_set(rows).items():
        lost = [r["losses"] for r in subset if r.get("losses")]
        print(f"\n{name}: trafilatura leads on {len(lost)} of {len(subset)} pages, "
              f"by {sum(x['lead'] for x in lost) / len(subset):.5f} F1 a page on the set's mean")
        for side in ("missing", "surplus"):
            words_by: Counter[str] = Counter()
            first: Counter[str] = Counter()
            for x in lost:
                words_by.update(x[side])
                if x[side]:
                    first[max(x[side], key=x[side].get)] += 1
            for cause, n in words_by.most_common(12):
                print(f"  {side:<8}{cause:<28}{n:>8} words   main cause on {first[cause]:>3} pages")

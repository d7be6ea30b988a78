"""What choosing between trafilatura's runs is worth on the dev extraction sets.

    python -m streams.evaluate.clean_eval_runs [--data ../shared/data/extraction] [--limit N] [--dump F]

The cleaner extracts each page with trafilatura's precision run and takes its default run instead
when precision lost half the text (``streams.clean.html``). This runs the whole cleaning path three
times per page, as shipped, with the precise run forced and with the default run forced, and prints
per set the mean F1 of each (title + body where the set has titles, else body, as ``clean_eval``
scores it), the oracle (the better of the two forced runs on each page: the ceiling of any chooser)
and how many pages the choice moves. ``--dump`` writes the per-page rows (JSON lines) for a chooser
to be fitted or checked against offline. The runs are shared between the three passes (one
trafilatura extraction per run kind and page); the cleaner's steps report to an observer
(``streams.clean.observe``) that shares the runs and forces the choice.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from streams.clean.observe import StepObserver, observing
from streams.evaluate.clean_eval import (
    DEFAULT_DATA,
    MOVED,
    Item,
    by_set,
    data_missing,
    extract,
    load_items,
    prf,
    read_page,
    write_rows,
)

# Choices compared: as shipped, the precise run forced, the default run forced. A page "moves" when
# the two forced runs differ by more than clean_eval's MOVED.
CHOICES = ("chosen", "precise", "default")


class SharedRuns(StepObserver):
    """trafilatura's runs of a page computed once and reused by the passes, and the run choice
    ``choice``: as shipped (``chosen``), the precise run forced or the default run forced (taken
    whenever it found text)."""

    def __init__(self) -> None:
        self.memo: dict[tuple[int, str | None, bool, bool], Any] = {}
        self.choice = "chosen"

    def run(self, extract: Callable[[], Any], page: str, url: str | None, precision: bool, recall: bool) -> Any:
        key = (hash(page), url, precision, recall)
        if key not in self.memo:
            if len(self.memo) > 8:  # the runs of one page at a time
                self.memo.clear()
            self.memo[key] = extract()
        return self.memo[key]

    def run_choice(self, replaced: bool, precise: Any, default: Any) -> bool:
        if self.choice == "precise":
            return False
        if self.choice == "default":
            return default is not None and bool(default.text)
        return replaced


def page_row(data: Path, item: Item, cleaner: Any, runs: SharedRuns) -> dict[str, Any]:
    """F1 of one page under each choice."""
    dataset, page_id, _url, gt_body, gt_title = item
    page = read_page(data, item)
    row: dict[str, Any] = {"dataset": dataset, "id": page_id}
    for choice in CHOICES:
        runs.choice = choice
        with observing(runs):
            body, title, _rejected = extract(cleaner, item, page)
        scored = prf(f"{title}\n{body}", f"{gt_title}\n{gt_body}") if gt_title else prf(body, gt_body)
        row[choice] = scored[2]
    return row


def summarize(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per set: mean F1 of each choice and of the oracle, pages moved, and pages where the other run
    than the one chosen is better."""
    out: dict[str, dict[str, float]] = {}
    for name, subset in by_set(rows).items():
        n = len(subset)
        entry = {choice: sum(r[choice] for r in subset) / n for choice in CHOICES}
        entry["oracle"] = sum(max(r["precise"], r["default"]) for r in subset) / n
        entry["pages"] = n
        entry["moved"] = sum(abs(r["precise"] - r["default"]) > MOVED for r in subset)
        entry["other_better"] = sum(max(r["precise"], r["default"]) - r["chosen"] > MOVED for r in subset)
        out[name] = entry
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="extraction data directory")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    parser.add_argument("--dump", type=Path, default=None, help="write per-page rows (JSON lines) here")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    if data_missing(data):
        return 2
    from streams.clean import CleanConfig, Cleaner

    cleaner = Cleaner(CleanConfig())
    runs = SharedRuns()
    rows = [page_row(data, item, cleaner, runs) for item in load_items(data, args.limit)]
    if args.dump is not None:
        write_rows(args.dump, rows)
    summary = summarize(rows)
    print(f"{'set':<17}{'pages':>6}{'chosen':>9}{'precise':>9}{'default':>9}{'oracle':>9}{'moved':>7}{'other+':>7}")
    for name, e in summary.items():
        print(f"{name:<17}{e['pages']:>6}{e['chosen']:>9.5f}{e['precise']:>9.5f}{e['default']:>9.5f}"
              f"{e['oracle']:>9.5f}{e['moved']:>7}{e['other_better']:>7}")
    print(orjson.dumps(summary, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode())
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Which cleaning step adds or removes which lines on the dev extraction pages, right or wrong.

    python -m streams.evaluate.clean_audit [--data ../shared/data/extraction] [--limit N] [--dump F]
    python -m streams.evaluate.clean_audit --rows F        # the tables again from a dump

The cleaner runs as shipped on every dev page, its steps reporting to an observer
(``streams.clean.observe``; nothing of the run-time path changes): the run choice (the default run
taken for the precise one), the cut lines given back, the recall lines added inside the article and
the closing questions, the declared (JSON-LD) article, each line rule of ``rules.classify`` (and the
headlines a marker takes with it, "<rule>+follow"), the inline credits, the title line and the exact
repeats. Each line a step removed is a *wrong cut* when the reference holds it (its words in a row,
or four fifths of a line of five words or more) and the output does not hold it anyway (the title,
the first copy of a repeat), else a *right cut*; an addition is right when the reference holds it.
``dF1`` is what the step is worth on the set's mean F1: the page scored as shipped against the page
without the step's removals (their words put back: the metric is a bag of words) or without its
additions; negative: the step costs F1.

A rule whose wrong cuts are a large share of its cuts on the dev pages will cut more real text on
pages it was not written on. ``--losses`` also runs plain trafilatura and, on the pages where it
leads by more than 0.001 F1, says which step lost the reference words it holds and ours does not.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from streams.clean.observe import Blocks, StepObserver, observing
from streams.evaluate.clean_eval import (
    DEFAULT_DATA,
    Item,
    by_set,
    data_missing,
    extract,
    load_items,
    prf,
    read_page,
    read_rows,
    words,
    write_rows,
)

# A line of at least this many words is in the reference when PARTLY_HELD of its words are (a reference
# may differ by a word or its punctuation); a shorter one only with its words in a row.
PARTLY_MIN_WORDS = 5
PARTLY_HELD = 0.8
# Characters of each changed line kept in the per-page rows (``--show`` prints them).
SHOWN_CHARS = 160
Change = tuple[str, int, str, str]  # step, +1 added / -1 removed, the line, "in" between prose / "out" / ""


def in_reference(line: str, joined: str, bag: Counter[str]) -> bool:
    """Whether the reference (``joined``: its words space-separated and space-padded; ``bag``) holds
    the line."""
    toks = words(line)
    if not toks:
        return False
    if f" {' '.join(toks)} " in joined:
        return True
    if len(toks) < PARTLY_MIN_WORDS:
        return False
    return sum((Counter(toks) & bag).values()) >= PARTLY_HELD * len(toks)


def _beyond(toks: list[str], residual: Counter[str]) -> bool:
    """Whether the reference holds the words of a removed line beyond what the output holds."""
    return sum((Counter(toks) & residual).values()) >= PARTLY_HELD * len(toks)


def _flat(blocks: list[list[str]]) -> list[str]:
    return [line for block in blocks for line in block]


def _diff(before: list[str], after: list[str], step: str, log: list[Change]) -> None:
    """Lines of ``after`` not in ``before`` (added) and of ``before`` not in ``after`` (removed)."""
    old, new = Counter(before), Counter(after)
    log.extend((step, 1, line, "") for line in (new - old).elements())
    log.extend((step, -1, line, "") for line in (old - new).elements())


def _credit_removed(line: str, stripped: str) -> str:
    return " ".join((Counter(words(line)) - Counter(words(stripped))).elements())


class _Recorder(StepObserver):
    """What each step adds and removes, appended to ``log`` in the order of the cleaning path (the
    run choice and the declared article once the extraction is done)."""

    def __init__(self, log: list[Change]) -> None:
        self.log = log
        self.default_run: tuple[Any, Any] | None = None
        self.declared: tuple[Blocks, Blocks] | None = None
        self.calls: list[tuple[str | None, str]] = []

    def run_choice(self, replaced: bool, precise: Any, default: Any) -> bool:
        if replaced and default.body is not None:
            self.default_run = (precise, default)
        return replaced

    def cut_lines(self, before: Blocks, after: Blocks) -> None:
        for old, new in zip(_flat(before), _flat(after), strict=True):
            if old is not new:
                piece = new[: len(new) - len(old)] if new.endswith(old) else new[len(old) :]
                self.log.append(("cut_lines", 1, piece, ""))

    def recall_lines(self, before: Blocks, recall: Any, after: Blocks) -> None:
        from streams.clean.interior import add_interior_lines

        interior, _ = add_interior_lines(before, recall)
        _diff(_flat(before), _flat(interior), "interior_lines", self.log)
        _diff(_flat(interior), _flat(after), "closing_questions", self.log)

    def declared_article(self, before: Blocks, after: Blocks) -> None:
        self.declared = (before, after)

    def extracted(self, blocks: Blocks) -> None:
        if self.default_run is not None:
            precise, default = self.default_run
            before = _flat(_body_lines(precise.body)) if precise is not None and precise.body is not None else []
            _diff(before, _flat(_body_lines(default.body)), "default_run", self.log)
        if self.declared is not None and _flat(blocks) != _flat(self.declared[0]):
            _diff(_flat(self.declared[0]), _flat(blocks), "jsonld_article", self.log)
        self.default_run = self.declared = None

    def line_rule(self, rule: str | None, inside: bool) -> None:
        self.calls.append((rule, "in" if inside else "out"))

    def rules(self, before: Blocks, after: Blocks) -> None:
        from streams.clean.inline_credits import strip_inline_credits

        kept, at, last = _flat(after), 0, ""
        for line, (rule, where) in zip(_flat(before), self.calls, strict=True):
            if rule is not None:
                self.log.append((rule, -1, line, where))
                last = rule
                continue
            stripped, credits = strip_inline_credits(line)
            stripped = stripped.strip() if credits else line
            if at < len(kept) and kept[at] == stripped:
                at += 1
                if credits:
                    self.log.append(("inline_credit", -1, _credit_removed(line, stripped), where))
            elif credits and not stripped:
                self.log.append(("inline_credit", -1, line, where))
            else:
                self.log.append((f"{last}+follow", -1, line, where))
        self.calls = []

    def title_line(self, before: Blocks, after: Blocks) -> None:
        _diff(_flat(before), _flat(after), "title_line", self.log)

    def repeats(self, dropped: list[str]) -> None:
        self.log.extend(("exact_repeat", -1, line, "") for p in dropped for line in p.split("\n"))


def _body_lines(body: Any) -> Blocks:
    from streams.clean.body import body_blocks

    return [block.lines for block in body_blocks(body)]


@contextmanager
def recording(log: list[Change]) -> Iterator[None]:
    """The cleaner's steps report what they add and remove to ``log`` (``streams.clean.observe``)."""
    with observing(_Recorder(log)):
        yield


def _f1_with(out: Counter[str], truth: Counter[str]) -> float:
    n_p, n_t = sum(out.values()), sum(truth.values())
    overlap = sum((out & truth).values())
    if not overlap:
        return 0.0
    return 2 * overlap / (n_p + n_t)


def page_row(data: Path, item: Item, cleaner: Any, losses: bool = False) -> dict[str, Any]:
    """The steps' changes on one page, each judged against the reference, with each step's worth."""
    dataset, page_id, url, gt_body, gt_title = item
    page = read_page(data, item)
    log: list[Change] = []
    with recording(log):
        body, title, _rejected = extract(cleaner, item, page)
    truth_text = f"{gt_title}\n{gt_body}" if gt_title else gt_body
    ours = f"{title}\n{body}" if gt_title else body
    truth, out = Counter(words(truth_text)), Counter(words(ours))
    joined = f" {' '.join(words(truth_text))} "
    residual = truth - out  # the reference's words that the output lacks
    f1 = prf(ours, truth_text)[2]
    changes: list[list[Any]] = []
    put_back: dict[str, Counter[str]] = {}
    taken_out: dict[str, Counter[str]] = {}
    # An added line that a later step removed (a date line the recall run brought) changed nothing.
    undone = Counter(line for _, sign, line, _ in log if sign < 0)
    for step, sign, line, where in log:
        toks = words(line)
        if sign > 0 and undone[line] > 0:
            undone[line] -= 1
            continue
        if toks:
            # A removed line the output holds anyway (the title, the first copy of a repeat) lost nothing,
            # unless the reference holds it once more (a paragraph it repeats too).
            held = in_reference(line, joined, truth) and (sign > 0 or _beyond(toks, residual))
            changes.append([step, sign, int(held), len(toks), line[:SHOWN_CHARS], where])
            (put_back if sign < 0 else taken_out).setdefault(step, Counter()).update(toks)
    worth: dict[str, float] = {}
    for step, bag in put_back.items():
        worth[step] = worth.get(step, 0.0) + f1 - _f1_with(out + bag, truth)
    for step, bag in taken_out.items():
        worth[step] = worth.get(step, 0.0) + f1 - _f1_with(out - bag, truth)
    row: dict[str, Any] = {"dataset": dataset, "id": page_id, "f1": f1, "changes": changes, "worth": worth}
    if losses:
        from streams.evaluate.clean_losses import loss_causes

        row["losses"] = loss_causes(page, url, ours, gt_title, truth, out, log)
    return row


def audit_table(rows: list[dict[str, Any]], split: bool = False) -> dict[str, dict[str, Any]]:
    """Per step and direction: pages it changed, lines and words right and wrong, and its worth
    (mean dF1 of the step, both directions) on each set; ``split``: a line rule's rows apart for the
    lines between two paragraphs of prose ("in") and the others ("out")."""
    sets = by_set(rows)
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        for step, sign, right_ref, n, _, where in row["changes"]:
            key = f"{step} {'+' if sign > 0 else '-'}{' ' + where if split and where else ''}"
            e = table.setdefault(key, {"pages": set(), "lines": 0, "wrong": 0, "words": 0, "wrong_words": 0})
            wrong = right_ref == (sign < 0)  # a removal of a reference line, an addition of another
            e["pages"].add((row["dataset"], row["id"]))
            e["lines"] += 1
            e["wrong"] += wrong
            e["words"] += n
            e["wrong_words"] += n * wrong
    for key, e in table.items():
        step = key.split(" ", 1)[0]
        e["pages"] = len(e["pages"])
        e["worth"] = {name: sum(r["worth"].get(step, 0.0) for r in subset) / len(subset)
                      for name, subset in sets.items()}
    return dict(sorted(table.items(), key=lambda kv: -kv[1]["lines"]))


# A page moves with a step when the step is worth more than this on it (as clean_eval's MOVED).
PAGE_MOVED = 0.001
# The pages whose worth is summed to tell how concentrated a step's worth is.
TOP_PAGES = 3
# A step loses on a set when its mean worth there is below this (smaller figures are rounding: a
# line of one word on one page).
LOSES_BELOW = -0.00001


def cross_table(rows: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, float]]]:
    """Per step (both directions together) and set: its mean worth, the pages it moves up and down by
    more than PAGE_MOVED, and the share of its gains from its TOP_PAGES best pages; ``loses`` (a set's
    name, or "") flags a step worth less than nothing on some set, which a step kept on the others'
    evidence alone may not carry over to pages unlike them."""
    sets = by_set(rows)
    steps = sorted({step for row in rows for step in row["worth"]})
    table: dict[str, dict[str, dict[str, float]]] = {}
    for step in steps:
        entry: dict[str, dict[str, float]] = {}
        for name, subset in sets.items():
            worth = [row["worth"].get(step, 0.0) for row in subset]
            gains = sorted((w for w in worth if w > 0), reverse=True)
            entry[name] = {
                "worth": sum(worth) / len(subset),
                "up": sum(w > PAGE_MOVED for w in worth),
                "down": sum(w < -PAGE_MOVED for w in worth),
                "top_share": sum(gains[:TOP_PAGES]) / sum(gains) if gains else 0.0,
            }
        table[step] = entry
    return table


def print_cross(table: dict[str, dict[str, dict[str, float]]]) -> None:
    """The cross-set table: per step, per set its worth, pages up/down and top-page share; a step that
    loses on a set is marked."""
    names = list(next(iter(table.values()), {}))
    print(f"{'step':<22}" + "".join(f"{n[:15]:>34}" for n in names))
    for step, entry in table.items():
        cells = "".join(f"{e['worth']:>+11.5f} {int(e['up']):>4} up {int(e['down']):>4} dn {e['top_share']:>5.0%}"
                        for e in entry.values())
        loses = [n for n, e in entry.items() if e["worth"] < LOSES_BELOW]
        print(f"{step:<22}{cells}{'  loses on ' + ', '.join(loses) if loses else ''}")


def print_audit(table: dict[str, dict[str, Any]], set_names: list[str]) -> None:
    """The audit as a table: one row per step and direction."""
    head = "".join(f"{'dF1 ' + n[:13]:>19}" for n in set_names)
    print(f"{'step':<26}{'pages':>6}{'lines':>7}{'wrong':>7}{'share':>7}{'words':>8}{'wrong':>7}{head}")
    for key, e in table.items():
        share = e["wrong"] / e["lines"] if e["lines"] else 0.0
        worth = "".join(f"{e['worth'].get(n, 0.0):>+19.5f}" for n in set_names)
        print(f"{key:<26}{e['pages']:>6}{e['lines']:>7}{e['wrong']:>7}{share:>7.0%}{e['words']:>8}"
              f"{e['wrong_words']:>7}{worth}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="extraction data directory")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    parser.add_argument("--dump", type=Path, default=None, help="write per-page rows (JSON lines) here")
    parser.add_argument("--rows", type=Path, default=None, help="read the rows of an earlier --dump instead")
    parser.add_argument("--losses", action="store_true",
                        help="also classify why plain trafilatura leads on the pages where it does")
    parser.add_argument("--show", default="", help="print the wrong changes of these steps (comma-separated, "
                        "as the table names them: 'bare_url -')")
    parser.add_argument("--cross", action="store_true", help="also each step's worth per set with the pages "
                        "it moves up and down and the share of its gains from its best three pages")
    parser.add_argument("--where", action="store_true", help="a line rule's rows apart for the lines between "
                        "two paragraphs of prose (in) and the others (out)")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    if args.rows is not None:
        rows = read_rows(args.rows)
    else:
        if data_missing(data):
            return 2
        from streams.clean import CleanConfig, Cleaner

        cleaner = Cleaner(CleanConfig())
        rows = [page_row(data, item, cleaner, args.losses) for item in load_items(data, args.limit)]
        if args.dump is not None:
            write_rows(args.dump, rows)
    print_audit(audit_table(rows, args.where), list(by_set(rows)))
    if args.cross:
        print()
        print_cross(cross_table(rows))
    shown = {s.strip() for s in args.show.split(",") if s.strip()}
    for row in rows:
        for step, sign, wrong_ref, _, line, where in row["changes"]:
            key = f"{step} {'+' if sign > 0 else '-'}"
            if key in shown and wrong_ref == (sign < 0):
                print(f"{key:<24}{where:<4}{row['dataset']:<17}{row['id'][:12]:<14}{line}")
    if any("losses" in r for r in rows):
        from streams.evaluate.clean_losses import print_losses

        print_losses(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

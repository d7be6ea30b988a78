"""link_errors: the F1 each merge and split costs, on documents written for the test."""

from __future__ import annotations

from pathlib import Path

from streams.evaluate.link_errors import Item, costs, report, scored_items
from streams.evaluate.link_eval import GoldMention, LinkDoc, bcubed, read_predictions, write_predictions

TEXT = "Merkel met Macron. Merkel left."


def _doc() -> LinkDoc:
    return LinkDoc("d1", "en", TEXT, [GoldMention(0, 6, "M"), GoldMention(11, 17, "F"), GoldMention(19, 25, "M")])


def test_costs_add_up_to_the_f1_lost() -> None:
    items = [Item("A", "x", 0), Item("A", "y", 0), Item("B", "x", 1), Item("C", None, 1), Item("C", "z", 2)]
    merges, splits, totals = costs(items)
    score = bcubed([(it.gold, it.pred) for it in items])
    assert round(totals["f1"], 4) == score["f1"]
    lost = sum(c.f1 for c in merges.values()) + sum(c.f1 for c in splits.values())
    # First order: the weighted losses are what F1 lacks, within rounding of the derivative.
    assert abs(lost - (1 - totals["f1"])) < 0.05
    assert set(merges) == {"x"}  # A and B share x
    assert set(splits) == {"A", "C"}
    assert totals["unmatched_recall_f1"] > 0  # C's item without an id


def test_entity_items_take_the_majority_id_and_report_names_them() -> None:
    doc = _doc()
    predictions = [[(0, 6, "per:merkel"), (11, 17, "per:merkel")]]  # Macron merged into Merkel
    items = scored_items([doc], predictions, "entity")
    assert sorted((it.gold, it.pred) for it in items) == [("F", "per:merkel"), ("M", "per:merkel")]
    lines = report(items, top=5)
    assert any(line.split()[1] == "per:merkel:" for line in lines)


def test_predictions_round_trip(tmp_path: Path) -> None:
    predictions = [[(0, 6, "per:merkel"), (11, 17, "per:macron")]]
    write_predictions(tmp_path / "dwie.jsonl", [_doc()], predictions)
    assert read_predictions(tmp_path / "dwie.jsonl") == predictions

"""link_eval's B-cubed scoring on documents written for the test."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from streams.evaluate.link_eval import (
    GoldMention,
    LinkDoc,
    assign_ids,
    bcubed,
    entity_items,
    main,
    read_docs,
    score,
    surface_key,
)


def test_bcubed_perfect_split_and_merged() -> None:
    perfect = bcubed([("A", "x"), ("A", "x"), ("B", "y")])
    assert (perfect["precision"], perfect["recall"], perfect["f1"]) == (1.0, 1.0, 1.0)
    split = bcubed([("A", "x"), ("A", "y")])  # one entity under two ids: recall 1/2
    assert (split["precision"], split["recall"]) == (1.0, 0.5)
    merged = bcubed([("A", "x"), ("B", "x")])  # two entities under one id: precision 1/2
    assert (merged["precision"], merged["recall"]) == (0.5, 1.0)
    # Unmatched mentions (None) are singletons: never merged with each other.
    alone = bcubed([("A", None), ("A", None)])
    assert (alone["precision"], alone["recall"]) == (1.0, 0.5)


TEXT = "M. Gambetta parle. Gambetta part. Paris dort."


def _doc() -> LinkDoc:
    return LinkDoc("d1", "fr", TEXT, [
        GoldMention(3, 11, "Q1"),  # "Gambetta" (title trimmed)
        GoldMention(19, 27, "Q1"),
        GoldMention(34, 39, "Q2"),  # "Paris"
    ])


def test_gold_mentions_match_offsets_then_the_name_without_title() -> None:
    predictions = [[(0, 11, "per:gambetta"), (34, 39, "gn:2988507")]]
    assert assign_ids([_doc()], predictions) == [["per:gambetta", "per:gambetta", "gn:2988507"]]
    assert surface_key("M. Gambetta") == surface_key("Gambetta") == "gambetta"
    result = score([_doc()], predictions)
    assert result["mention"]["f1"] == 1.0 and result["matched_share"] == 1.0


def test_entity_level_takes_the_majority_id_per_document() -> None:
    ids: list[list[str | None]] = [["a", "b", None]]
    assert entity_items([_doc()], ids) == [("Q1", "a"), ("Q2", None)]


def test_reads_linked_mentions_only(tmp_path: Path) -> None:
    path = tmp_path / "link.jsonl"
    mentions = [
        {"start": 0, "end": 5, "label": "LOC", "link": "Q90"},
        {"start": 6, "end": 9, "label": "PER", "link": None},
    ]
    path.write_bytes(orjson.dumps({"id": "x", "lang": "fr", "text": "Paris dort", "mentions": mentions}) + b"\n")
    (doc,) = read_docs(path)
    assert doc.gold == [GoldMention(0, 5, "Q90")]


def test_missing_data_exits_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path)]) == 2
    assert "data not found" in capsys.readouterr().err

"""The rule audit: each cleaning step's additions and removals judged against the reference."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import orjson

from streams.clean import CleanConfig, Cleaner
from streams.clean.observe import current
from streams.evaluate.clean_audit import audit_table, cross_table, in_reference, page_row, recording
from streams.evaluate.clean_eval import load_items, words
from tests.unit.evaluate.ferry_story import PARAGRAPHS as _PARAGRAPHS
from tests.unit.evaluate.ferry_story import TITLE as _TITLE

_PAGE = (
    f"<html><head><title>{_TITLE} - Coastal Times</title></head><body><article><h1>{_TITLE}</h1>"
    f"<p>{_PARAGRAPHS[0]}</p><p>Advertisement</p><p>{_PARAGRAPHS[1]}</p><p>Share on Facebook</p>"
    f"<p>{_PARAGRAPHS[2]}</p><p>Copyright 2024 Coastal Times. All rights reserved.</p></article></body></html>"
)


def _page(tmp_path: Path, body: str) -> Path:
    dev = tmp_path / "wcxb_dev" / "dev"
    (dev / "html").mkdir(parents=True)
    (dev / "ground-truth").mkdir()
    (dev / "html" / "0007.html.gz").write_bytes(gzip.compress(_PAGE.encode()))
    truth = {"url": "https://coast.example/a", "ground_truth": {"main_content": body, "title": _TITLE}}
    (dev / "ground-truth" / "0007.json").write_text(orjson.dumps(truth).decode(), encoding="utf-8")
    return tmp_path


def test_in_reference_needs_the_words_in_a_row_or_most_of_a_long_line() -> None:
    ref = "the ferries return on monday and the pier reopens with a new timetable"
    joined, bag = f" {ref} ", Counter(ref.split())
    assert in_reference("The pier reopens", joined, bag)
    assert not in_reference("Monday ferries", joined, bag)  # both words, not in a row
    assert in_reference("The ferries return on Monday, and the pier reopens too", joined, bag)
    assert not in_reference("", joined, bag)


def test_page_row_judges_each_rule_against_the_reference(tmp_path: Path) -> None:
    # The reference keeps the rights notice: its cut is wrong; the advert and share cuts are right.
    body = "\n".join(_PARAGRAPHS) + "\nCopyright 2024 Coastal Times. All rights reserved."
    [item] = load_items(_page(tmp_path, body), None)
    row = page_row(tmp_path, item, Cleaner(CleanConfig()))
    judged = {(step, sign): right for step, sign, right, *_ in row["changes"]}
    assert judged[("copyright", -1)] == 1 and judged[("advert", -1)] == 0 and judged[("share", -1)] == 0
    assert row["worth"]["copyright"] < 0 < row["worth"]["advert"]
    table = audit_table([row])
    assert table["copyright -"]["wrong"] == 1 and table["advert -"]["wrong"] == 0
    assert table["advert -"]["worth"]["wcxb_dev"] > 0


def test_recording_sets_an_observer_for_the_block_only() -> None:
    log: list[tuple[str, int, str, str]] = []
    assert current() is None
    with recording(log):
        assert current() is not None
    assert current() is None
    assert words("Don't stop") == ["don", "t", "stop"]


def test_the_cross_table_says_where_a_step_loses_and_how_concentrated_its_gains_are() -> None:
    rows = [
        {"dataset": "scrapinghub_aeb", "id": "a", "worth": {"bare_url": -0.02, "title_line": 0.01}},
        {"dataset": "scrapinghub_aeb", "id": "b", "worth": {"title_line": 0.01}},
        {"dataset": "wcxb_dev", "id": "3", "worth": {"bare_url": 0.03}},
        {"dataset": "wcxb_dev", "id": "4", "worth": {"bare_url": 0.0001, "title_line": 0.002}},
    ]
    table = cross_table(rows)
    assert table["bare_url"]["scrapinghub_aeb"] == {"worth": -0.01, "up": 0, "down": 1, "top_share": 0.0}
    assert table["bare_url"]["wcxb_dev"]["up"] == 1 and table["bare_url"]["wcxb_dev"]["top_share"] == 1.0
    assert table["title_line"]["scrapinghub_aeb"]["up"] == 2

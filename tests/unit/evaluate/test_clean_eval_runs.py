"""The run-choice evaluation: forcing trafilatura's precise or default run, and its summary."""

from __future__ import annotations

import gzip
from pathlib import Path
from types import SimpleNamespace

import orjson

from streams.clean import CleanConfig, Cleaner
from streams.evaluate.clean_eval import load_items
from streams.evaluate.clean_eval_runs import SharedRuns, page_row, summarize
from tests.unit.evaluate.ferry_story import PARAGRAPHS as _PARAGRAPHS
from tests.unit.evaluate.ferry_story import TITLE as _TITLE

_PAGE = (
    f"<html><head><title>{_TITLE} - Coastal Times</title></head><body><nav><a href='/'>Home</a> "
    f"<a href='/news'>News</a></nav><article><h1>{_TITLE}</h1>"
    + "".join(f"<p>{p}</p>" for p in _PARAGRAPHS)
    + "</article><footer>Contact us</footer></body></html>"
)


def test_forcing_a_run_overrides_the_choice_and_shares_the_runs() -> None:
    runs = SharedRuns()
    found, empty = SimpleNamespace(text="Some text"), SimpleNamespace(text="")
    assert runs.run_choice(True, found, found) is True and runs.run_choice(False, found, found) is False
    runs.choice = "precise"
    assert runs.run_choice(True, found, found) is False
    runs.choice = "default"
    assert runs.run_choice(False, found, found) is True and runs.run_choice(False, found, empty) is False
    assert runs.run_choice(False, found, None) is False
    calls: list[int] = []

    def extract() -> int:
        calls.append(1)
        return len(calls)

    assert runs.run(extract, "<p>page</p>", None, True, False) == runs.run(extract, "<p>page</p>", None, True, False)
    assert len(calls) == 1


def test_page_row_scores_each_choice(tmp_path: Path) -> None:
    dev = tmp_path / "wcxb_dev" / "dev"
    (dev / "html").mkdir(parents=True)
    (dev / "ground-truth").mkdir()
    (dev / "html" / "0005.html.gz").write_bytes(gzip.compress(_PAGE.encode()))
    gold = {"main_content": "\n".join(_PARAGRAPHS), "title": _TITLE}
    truth = {"url": "https://coast.example/a", "ground_truth": gold}
    (dev / "ground-truth" / "0005.json").write_text(orjson.dumps(truth).decode(), encoding="utf-8")
    [item] = load_items(tmp_path, None)
    row = page_row(tmp_path, item, Cleaner(CleanConfig()), SharedRuns())
    assert row["chosen"] > 0.9 and row["precise"] > 0.9 and row["default"] > 0.9
    summary = summarize([row])
    assert summary["wcxb_dev"]["pages"] == 1 and "wcxb_dev_apart" in summary  # id 5 is kept apart


def test_summary_counts_pages_moved_and_the_oracle() -> None:
    rows = [
        {"dataset": "s", "id": "a", "chosen": 0.9, "precise": 0.9, "default": 0.5},
        {"dataset": "s", "id": "b", "chosen": 0.6, "precise": 0.6, "default": 0.8},
        {"dataset": "s", "id": "c", "chosen": 1.0, "precise": 1.0, "default": 1.0},
    ]
    entry = summarize(rows)["s"]
    assert entry["moved"] == 2 and entry["other_better"] == 1
    assert abs(entry["oracle"] - (0.9 + 0.8 + 1.0) / 3) < 1e-9

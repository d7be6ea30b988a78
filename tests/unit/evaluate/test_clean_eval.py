"""The extraction evaluation's per-page traits and its margin breakdown (no benchmark data needed)."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import orjson

from streams.evaluate.clean_eval import (
    breakdown,
    compare,
    margin_of,
    page_traits,
    prf,
    run_rows,
    stability,
    summarize,
)
from tests.unit.evaluate.ferry_story import PARAGRAPHS, TITLE


def _row(dataset: str, ours: float, base: float, lang: str = "en", title: bool = False) -> dict[str, Any]:
    metric = "title_body" if title else "body"
    return {"dataset": dataset, "id": "1", "lang": lang, f"ours_{metric}": (0, 0, ours), f"base_{metric}": (0, 0, base)}


def test_page_traits_read_language_domain_and_cms() -> None:
    html = '<html lang="ko-KR"><head><meta name="generator" content="WordPress 6.4"></head></html>'
    assert page_traits(html, "https://news.example.co.kr/a/1") == {"lang": "ko", "tld": "kr", "cms": "wordpress"}
    assert page_traits("<html><body>x</body></html>", None) == {"lang": "-", "tld": "-", "cms": "-"}


def test_margin_uses_title_and_body_where_the_set_has_titles() -> None:
    assert margin_of(_row("wcxb_dev", 0.9, 0.8, title=True)) == 0.9 - 0.8
    assert margin_of(_row("scrapinghub_aeb", 0.5, 0.75)) == -0.25


def test_stability_counts_clear_losses_and_wins() -> None:
    st = stability([0.1, -0.1, 0.0, 0.0])
    assert st["pages"] == 4 and st["margin"] == 0.0
    assert st["lost"] == 0.25 and st["won"] == 0.25
    assert st["p05"] <= 0.0 <= st["p95"]


def test_breakdown_pools_small_groups() -> None:
    rows = [_row("s", 1.0, 0.9, "de")] * 3 + [_row("s", 0.5, 0.9, "ja")]
    table = breakdown(rows, "lang")
    assert list(table) == ["de", "(other)"]
    assert abs(table["de"]["margin"] - 0.1) < 1e-9 and table["(other)"]["lost"] == 1.0


def test_prf_scores_bags_of_words() -> None:
    assert prf("a b c", "a b c") == (1.0, 1.0, 1.0)
    assert prf("", "a") == (0.0, 0.0, 0.0)


def test_summary_counts_the_pages_the_cleaner_refused() -> None:
    rows = [
        {**_row("s", 0.0, 0.9), "ours_s": 0.1, "base_s": 0.1, "rejected": "empty_after_cleaning"},
        {**_row("s", 0.9, 0.9), "ours_s": 0.1, "base_s": 0.1, "rejected": None},
        {**_row("s", 0.8, 0.9), "ours_s": 0.1, "base_s": 0.1},  # a row dumped before the field existed
    ]
    assert summarize(rows)["s"]["rejected"] == {"empty_after_cleaning": 1}


def test_compare_lists_the_pages_that_moved_per_set() -> None:
    def row(dataset: str, page: str, f1: float) -> dict[str, Any]:
        metric = "ours_title_body" if dataset == "wcxb_dev" else "ours_body"
        return {"dataset": dataset, "id": page, metric: (0, 0, f1)}

    before = [row("wcxb_dev", "10", 0.8), row("wcxb_dev", "11", 0.9), row("scrapinghub_aeb", "x", 0.5)]
    after = [row("wcxb_dev", "10", 0.9), row("wcxb_dev", "11", 0.8995), row("scrapinghub_aeb", "x", 0.4),
             row("wcxb_dev", "12", 1.0)]  # a page the earlier run did not score is left out
    table = compare(before, after)
    assert [i for i, _ in table["wcxb_dev"]["up"]] == ["10"] and table["wcxb_dev"]["down"] == []
    assert abs(table["wcxb_dev"]["after"] - (0.9 + 0.8995) / 2) < 1e-9
    assert [i for i, _ in table["scrapinghub_aeb"]["down"]] == ["x"]
    assert [i for i, _ in table["wcxb_dev_apart"]["up"]] == ["10"]  # id 10 is kept apart


def test_a_row_holds_the_language_of_the_reference_text(tmp_path: Path) -> None:
    # The page declares no language; its text is English.
    dev = tmp_path / "wcxb_dev" / "dev"
    (dev / "html").mkdir(parents=True)
    (dev / "ground-truth").mkdir()
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = f"<html><body><article><h1>{TITLE}</h1>{paragraphs}</article></body></html>"
    (dev / "html" / "0003.html.gz").write_bytes(gzip.compress(page.encode()))
    truth = {"url": "https://coast.example/a", "ground_truth": {"main_content": "\n".join(PARAGRAPHS), "title": TITLE}}
    (dev / "ground-truth" / "0003.json").write_text(orjson.dumps(truth).decode(), encoding="utf-8")
    [row] = run_rows(tmp_path, jobs=1)
    assert row["lang"] == "-" and row["text_lang"] == "en"
    assert breakdown([row], "text_lang", min_pages=1)["en"]["pages"] == 1

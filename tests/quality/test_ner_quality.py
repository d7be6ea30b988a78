"""NER quality gate on a subset of the shared development data (``python -m streams.evaluate.ner_eval``).

Floors are pinned slightly below the figures measured on these subsets; ours must also not fall
below the plain spaCy model by more than a small margin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from streams.evaluate import ner_eval

pytestmark = pytest.mark.quality

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "ner"
# data set: (documents evaluated, None = all; our overall F1 floor). Measured: conll (all 216 testa docs)
# 0.911 with the bundled en_conll model (its plain pipeline 0.916; en_core_web_sm before it: ours 0.701,
# plain 0.651); wikineural 0.885, hipe 0.504 on these subsets (plain fr_core_news_md: 0.861, 0.351); on
# the whole WikiNEuRal validation split 0.867 vs plain 0.820 (French conventions of streams/entities/french.py).
# CoNLL is scored on all of testa: en_conll runs it in ~8 s, and on the first 40 documents alone the
# in-article label merging costs 1.6 points (baseball tables name "DETROIT" as a place and as a team),
# 0.5 point on the whole split.
SUBSETS: dict[str, tuple[int | None, float]] = {"conll": (None, 0.90), "wikineural": (600, 0.875), "hipe": (25, 0.48)}
MARGIN = 0.01  # ours may trail the plain model by at most this much
# On French, ours must beat the plain model by at least this much (measured on these subsets: +0.024
# on WikiNEuRal, +0.153 on NewsEye; the rules' gain is larger on the whole split, +0.047).
MIN_GAIN = {"wikineural": 0.015, "hipe": 0.10}


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    if not DATA.is_dir():
        pytest.skip(f"NER evaluation data not found at {DATA} (shared data directory absent)")
    datasets = []
    for name, (limit, _floor) in SUBSETS.items():
        datasets.extend(ner_eval.load_datasets(DATA, [name], limit))
    if not datasets:
        pytest.skip(f"no NER data set found under {DATA}")
    from streams.entities import EntityConfig, EntityTagger

    config = EntityConfig()
    systems = {
        "ours": ner_eval.ours_predictor(EntityTagger(config)),
        "plain": ner_eval.plain_predictor(dict(config.models)),
    }
    result: dict[str, Any] = ner_eval.evaluate(datasets, systems)
    print(ner_eval.format_table(result, list(systems)))
    return result


@pytest.mark.parametrize(
    ("dataset", "key"),
    [("conll2003_testa", "conll"), ("wikineural_fr_val", "wikineural"), ("hipe_newseye_fr_dev", "hipe")],
)
def test_ner_f1_floor_and_not_worse_than_plain(report: dict[str, Any], dataset: str, key: str) -> None:
    if dataset not in report:
        pytest.skip(f"{dataset} not present under {DATA}")
    ours = report[dataset]["ours"]["overall"]["f1"]
    plain = report[dataset]["plain"]["overall"]["f1"]
    floor = SUBSETS[key][1]
    assert ours >= floor, f"{dataset}: our F1 {ours:.3f} below the floor {floor}"
    assert ours >= plain - MARGIN, f"{dataset}: our F1 {ours:.3f} vs plain {plain:.3f}"
    gain = MIN_GAIN.get(key)
    if gain is not None:
        assert ours >= plain + gain, f"{dataset}: our F1 {ours:.3f} less than {gain} above plain {plain:.3f}"

"""streams.entities.training.spacy_data: the work directory of a training command and the exported model."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from streams.entities.training.spacy_data import SPACY_VERSIONS, export_model, work_dir


def test_a_temporary_work_directory_is_removed_also_on_an_error_and_a_kept_one_stays(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), work_dir(None, "nf_test_") as work:
        (work / "train.spacy").write_bytes(b"x")
        raise RuntimeError("spacy train failed")
    assert not work.exists()
    keep = tmp_path / "kept"
    with work_dir(keep, "nf_test_") as work:
        (work / "train.spacy").write_bytes(b"x")
    assert work == keep and (keep / "train.spacy").is_file()


def test_the_exported_model_replaces_the_old_one_without_training_paths_and_with_its_meta(tmp_path: Path) -> None:
    best = tmp_path / "output" / "model-best"
    (best / "vocab").mkdir(parents=True)
    (best / "vocab" / "strings.json").write_text('["Paris", "Lyon"]', encoding="utf-8")
    (best / "config.cfg").write_text(
        '[paths]\ntrain = "/tmp/train.spacy"\ndev = "/tmp/dev.spacy"\nvectors = "/tmp/vectors"\ninit_tok2vec = null\n',
        encoding="utf-8",
    )
    (best / "meta.json").write_bytes(orjson.dumps({"lang": "xx", "name": "pipeline", "performance": {"ents_f": 0.9}}))
    out = tmp_path / "model"
    out.mkdir()
    (out / "stale.bin").write_bytes(b"old weights")
    export_model(best, out, {"lang": "fr", "name": "news", "newsfeed_training": {"seed": 0}})
    assert not (out / "stale.bin").exists()
    assert (out / "vocab" / "strings.json").read_text(encoding="utf-8") == "[]"
    config = (out / "config.cfg").read_text(encoding="utf-8")
    assert "/tmp/" not in config
    meta = orjson.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta == {
        "lang": "fr",
        "name": "news",
        "performance": {"ents_f": 0.9},
        "spacy_version": SPACY_VERSIONS,
        "newsfeed_training": {"seed": 0},
    }

"""The NER evaluation's data sets (a WikiNEuRal file written here, no model)."""

from __future__ import annotations

from pathlib import Path

from streams.entities.training.french_data import WIKINEURAL_KEPT
from streams.evaluate import ner_eval


def write_wikineural(root: Path, sentences: int) -> None:
    folder = root / "wikineural_fr"
    folder.mkdir(parents=True)
    lines = []
    for n in range(sentences):
        lines += ["0\tPhrase\tO", "1\tnuméro\tO", f"2\tVillebelle{n}\tB-LOC", ""]
    (folder / "val.conllu").write_text("\n".join(lines), encoding="utf-8")


def test_the_training_sentences_are_a_data_set_of_their_own(tmp_path: Path) -> None:
    write_wikineural(tmp_path, WIKINEURAL_KEPT + 3)
    [kept, train] = ner_eval.load_datasets(tmp_path, ["wikineural", "wikineural_train"], None)
    assert (kept.name, len(kept.docs)) == ("wikineural_fr_kept", WIKINEURAL_KEPT)
    assert (train.name, len(train.docs)) == ("wikineural_fr_train", 3)
    assert train.docs[0].tokens[-1] == f"Villebelle{WIKINEURAL_KEPT}"
    assert train.docs[0].gold() == {(2, 3, "LOC")}


def test_the_training_sentences_are_scored_on_request_only() -> None:
    # The default --datasets is every data set but the last, the training sentences.
    assert ner_eval.DATASETS[-1] == "wikineural_train"
    assert "wikineural_train" not in ner_eval.DATASETS[:-1]

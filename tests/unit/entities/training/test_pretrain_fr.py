"""Raw text for pretraining the French tok2vec: pieces, order, budget, and the absent-corpus exit."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson
import pytest

from streams.entities.training import french_corpus, pretrain_fr
from streams.entities.training.pretrain_fr import cut, raw_pieces, write_jsonl


def write_corpus(root: Path, articles: list[dict[str, str]], masakha_rows: list[tuple[str, str, str]]) -> Path:
    with gzip.open(root / french_corpus.ORANGESUM, "wt", encoding="utf-8") as out:
        for article in articles:
            out.write(orjson.dumps(article).decode() + "\n")
    (root / "masakhanews_fr").mkdir()
    lines = ["category\theadline\ttext\turl"] + [f"{c}\t{h}\t{t}\thttp://x" for c, h, t in masakha_rows]
    (root / french_corpus.MASAKHANEWS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def article(n: int, words: int = 5) -> dict[str, str]:
    return {"doc_id": str(n), "title": f"Titre {n}", "heading": "", "article": " ".join(["mot"] * words)}


def test_cut_keeps_every_word_in_pieces_of_bounded_size() -> None:
    text = " ".join(str(k) for k in range(450))
    pieces = cut(text, 200)
    assert [len(p.split()) for p in pieces] == [200, 200, 50]
    assert " ".join(pieces) == text
    assert cut("Un titre court") == ["Un titre court"]
    assert cut("   ") == []


def test_raw_pieces_skip_the_first_articles_and_read_no_label(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, [article(n) for n in range(4)], [("sports", "Match nul", "Le match a fini")])
    pieces = raw_pieces(corpus, words=10_000, skip=2)
    assert sorted(p for p in pieces if p.startswith("Titre")) == ["Titre 2", "Titre 3"]
    assert "Match nul" in pieces and "Le match a fini" in pieces
    assert not any("sports" in p or "http" in p for p in pieces)
    assert pieces.count("mot mot mot mot mot") == 2  # the empty heading gives no piece


def test_raw_pieces_stop_at_the_word_budget_in_a_seeded_order(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, [article(n, words=10) for n in range(50)], [])
    first = raw_pieces(corpus, words=40, skip=0)
    assert 40 <= sum(len(p.split()) for p in first) < 40 + 10
    assert first == raw_pieces(corpus, words=40, skip=0)
    assert first != raw_pieces(corpus, words=40, skip=0, seed=1)


def test_write_jsonl_is_spacys_raw_text_format(tmp_path: Path) -> None:
    write_jsonl(["L’État", "Paris"], tmp_path / "raw.jsonl")
    lines = (tmp_path / "raw.jsonl").read_text(encoding="utf-8").splitlines()
    assert [orjson.loads(line) for line in lines] == [{"text": "L’État"}, {"text": "Paris"}]


def test_absent_corpus_exits_2_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pretrain_fr.main(["--corpus", str(tmp_path), "--out", str(tmp_path / "t.bin")]) == 2
    assert "raw French text not found" in capsys.readouterr().err
    assert not (tmp_path / "t.bin").exists()


def test_train_fr_exits_2_when_the_pretrained_weights_are_absent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from streams.entities.training import train_fr
    from streams.entities.training.french_data import SOURCES, source_files

    for path in (p for name in SOURCES for p in source_files(tmp_path, name)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    argv = ["--data", str(tmp_path), "--out", str(tmp_path / "model"), "--init-tok2vec", str(tmp_path / "no.bin")]
    assert train_fr.main(argv) == 2
    assert "pretrained tok2vec weights not found" in capsys.readouterr().err
    assert not (tmp_path / "model").exists()

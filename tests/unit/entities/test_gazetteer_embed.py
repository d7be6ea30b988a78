"""Gazetteer flags as a network input (streams.entities.gazetteer_embed)."""

from __future__ import annotations

from typing import Any

import pytest

from streams.entities import gazetteer_embed
from streams.entities.gazetteer_embed import COUNTRY, ORG, PLACE, NameTable, build_table


def _begins(cls: int) -> int:
    return 1 << (2 * cls)


def _inside(cls: int) -> int:
    return 1 << (2 * cls + 1)


@pytest.fixture()
def table() -> NameTable:
    names = [
        ("Nouvelle Ville", PLACE),
        ("Ville", PLACE),
        ("Grande Terre du Nord", COUNTRY),
        ("Ligue des Nations", ORG),
        ("Ligue des Nations", PLACE),  # a name in two lists keeps both classes
        ("Стамбул", PLACE),  # another script: never in French text
        ("un deux trois quatre cinq six sept", PLACE),  # longer than MAX_TOKENS
    ]
    return build_table(names, str.split)


def test_build_table_lower_cases_and_skips(table: NameTable) -> None:
    assert table.keys["nouvelle ville"] == 1 << PLACE
    assert table.keys["ligue des nations"] == 1 << ORG | 1 << PLACE
    assert "стамбул" not in table.keys
    assert "un" not in table.starts
    assert table.starts["grande"] == 4


def test_flags_longest_match_begins_and_inside(table: NameTable) -> None:
    words = ["à", "nouvelle", "ville", ",", "la", "grande", "terre", "du", "nord", "et", "la", "ligue", "des"]
    words.append("nations")
    flags = table.flags(words)
    assert flags[0] == 0
    assert flags[1] == _begins(PLACE)
    # Each start takes its longest name: "ville" is inside "nouvelle ville" and a name of its own.
    assert flags[2] == _inside(PLACE) | _begins(PLACE)
    assert flags[5:9] == [_begins(COUNTRY)] + [_inside(COUNTRY)] * 3
    assert flags[11] == _begins(ORG) | _begins(PLACE)
    assert flags[12:14] == [_inside(ORG) | _inside(PLACE)] * 2


def test_flags_name_inside_another_start(table: NameTable) -> None:
    # "ville" opens a name of its own where no longer name covers it.
    assert table.flags(["la", "ville"]) == [0, _begins(PLACE)]
    assert table.flags([]) == []


def test_name_table_from_run_time_lists_only() -> None:
    names = list(gazetteer_embed.listed_names())
    assert names and {cls for _n, cls in names} <= {PLACE, COUNTRY, ORG}


def _tiny_table() -> NameTable:
    return build_table([("Paris", PLACE), ("Nations unies", ORG)], str.split)


def test_architecture_trains_saves_and_loads(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.training import Example

    from streams.entities.model import load_ner_pipeline, register_architectures

    monkeypatch.setattr(gazetteer_embed, "name_table", _tiny_table)
    register_architectures()
    assert spacy.registry.architectures.get("newsfeed.GazetteerHashEmbed.v1") is gazetteer_embed.gazetteer_hash_embed
    nlp = spacy.blank("fr")
    embed = {
        "@architectures": "newsfeed.GazetteerHashEmbed.v1",
        "width": 16,
        "attrs": ["NORM", "SHAPE"],
        "rows": [500, 50],
        "include_static_vectors": False,
    }
    encode = {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 16, "depth": 1, "window_size": 1,
              "maxout_pieces": 2}  # fmt: skip
    nlp.add_pipe("tok2vec", config={"model": {"@architectures": "spacy.Tok2Vec.v2", "embed": embed, "encode": encode}})
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 16, "upstream": "*"}
    nlp.add_pipe("ner", config={"model": {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
                                          "hidden_width": 16, "maxout_pieces": 2, "use_upper": True,
                                          "extra_state_tokens": False, "tok2vec": listener}})  # fmt: skip
    text = "Marie Durand parle à Paris aux Nations unies ."
    example = Example.from_dict(nlp.make_doc(text), {"entities": [(0, 12, "PER"), (21, 26, "LOC"), (31, 44, "ORG")]})
    optimizer = nlp.initialize(lambda: [example])
    for _ in range(40):
        nlp.update([example], sgd=optimizer)
    vectors = nlp.get_pipe("tok2vec").predict([nlp.make_doc(text)])
    assert vectors[0].shape == (len(nlp.make_doc(text)), 16)
    nlp.to_disk(tmp_path / "model")
    loaded = load_ner_pipeline(str(tmp_path / "model"))
    assert [(e.text, e.label_) for e in loaded(text).ents] == [(e.text, e.label_) for e in nlp(text).ents]


def test_flags_open_only_where_allowed(table: NameTable) -> None:
    words = ["la", "ville", "et", "nouvelle", "ville"]
    opens = [False, False, False, True, True]
    assert table.flags(words, opens) == [0, 0, 0, _begins(PLACE), _inside(PLACE) | _begins(PLACE)]

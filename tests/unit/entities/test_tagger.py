"""The entity stage end to end with the spaCy models (loaded once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.entities import EntityTagger
from streams.records import LABELS, Entity

from .conftest import assert_offsets, by_name, surfaces

SAMPLE = Path(__file__).resolve().parents[4] / "shared" / "data" / "sample" / "irak-coalition.fr.txt"

FR_TITLE = "L’Irak et l’ONU discutent du retrait"
FR_TEXT = (
    "Les autorités d’Irak ont reçu mardi une délégation de l’Organisation des Nations unies à Bagdad. "
    "« Demain, nous signerons l’accord », a déclaré le ministre irakien, Karim Haddad Jr. "
    "M. Haddad a ajouté que la lutte contre l’État islamique continuerait avec les États-Unis. "
    "Lire aussi : Vidéo. Le 12 mars 2024, l’Irak avait déjà accueilli Mme Claire Dubois, envoyée de l’ONU. "
    "Mme Dubois est rentrée à Genève."
)
EN_TITLE = "Iraq and the UN discuss withdrawal"
EN_TEXT = (
    "Iraqi officials met a United Nations delegation in Baghdad on Tuesday. "
    "Minister Karim Haddad Jr. said the fight against ISIS would go on with the United States. "
    "Mr. Haddad added that Iraq would host the talks, which cost $3 million, in March 2024."
)


def test_french_article(tagger: EntityTagger) -> None:
    ents = tagger.tag(FR_TITLE, FR_TEXT, "fr")
    assert_offsets(ents, FR_TITLE, FR_TEXT)
    names = by_name(ents)
    iraq = names["Irak"]
    assert (iraq.id, iraq.label, iraq.linked) == ("iso:IQ", "LOC", True)
    assert set(surfaces(iraq, FR_TITLE, FR_TEXT)) == {"Irak"}
    assert len(iraq.mentions) == 3 and iraq.mentions[0].field == "title"
    un = [e for e in ents if e.id == "org:un"]
    assert len(un) == 1 and un[0].label == "ORG" and len(un[0].mentions) == 3
    assert names["État islamique"].label == "ORG"
    assert "État" not in names
    haddad = names["Karim Haddad"]
    assert haddad.label == "PER" and haddad.id == "per:karim-haddad"
    assert "M. Haddad" in surfaces(haddad, FR_TITLE, FR_TEXT)
    assert names["Claire Dubois"].label == "PER" and len(names["Claire Dubois"].mentions) == 2
    assert names["Bagdad"].id == "gn:98182"
    assert names["États-Unis"].id == "iso:US"
    for junk in ("Demain", "Lire", "Vidéo", "mars", "2024"):
        assert not any(junk in e.name for e in ents), junk


def test_english_article_shares_ids_with_french(tagger: EntityTagger) -> None:
    en = tagger.tag(EN_TITLE, EN_TEXT, "en")
    fr = tagger.tag(FR_TITLE, FR_TEXT, "fr")
    assert_offsets(en, EN_TITLE, EN_TEXT)
    en_ids = {e.id: e for e in en}
    fr_ids = {e.id for e in fr}
    for shared in ("iso:IQ", "org:un", "gn:98182", "iso:US", "org:islamic-state", "per:karim-haddad"):
        assert shared in en_ids and shared in fr_ids, shared
    assert en_ids["iso:IQ"].name == "Iraq"
    assert "Mr. Haddad" not in [e.name for e in en]
    # OntoNotes numeric/temporal types are dropped.
    assert all(e.label in LABELS for e in en)
    assert not any("million" in e.name or "2024" in e.name or "Tuesday" in e.name for e in en)


def test_batch_matches_single_and_keeps_order(tagger: EntityTagger) -> None:
    items = [(FR_TITLE, FR_TEXT, "fr"), (EN_TITLE, EN_TEXT, "en"), ("", "", None), ("Irak", "Bagdad und Berlin.", "de")]
    batch = tagger.tag_batch(items)
    assert len(batch) == 4
    assert [e.to_dict() for e in batch[0]] == [e.to_dict() for e in tagger.tag(*items[0])]
    assert batch[2] == []
    assert {e.id for e in batch[3]} == {"iso:IQ", "gn:98182", "gn:2950159"}  # gazetteer only


def test_max_chars_bounds_work(tagger: EntityTagger) -> None:
    from streams.entities import EntityConfig

    small = EntityTagger.__new__(EntityTagger)
    small.__dict__.update(tagger.__dict__)
    small.config = EntityConfig(max_chars=60)
    text = "L’Irak accueille la réunion. " * 20
    ents = small.tag("", text, "fr")
    assert all(m.end <= 60 for e in ents for m in e.mentions)


# -- the project's founding sample article ---------------------------------------------------------------
def _sample_article() -> tuple[str, str]:
    """Title and cleaned body of the first article copy in the sample file (no "Lire aussi" lines)."""
    if not SAMPLE.exists():
        pytest.skip(f"sample article not found at {SAMPLE} (shared data directory absent)")
    lines = [ln.strip() for ln in SAMPLE.read_text(encoding="utf-8").splitlines()]
    title_idx = next(i for i, ln in enumerate(lines) if ln.startswith("L’Irak annonce"))
    start = lines.index("0", title_idx) + 1
    end = next(i for i in range(start, len(lines)) if lines[i].replace(".", "").isdigit())
    paragraphs = [ln for ln in lines[start:end] if ln and not ln.startswith("Lire aussi")]
    return lines[title_idx], "\n\n".join(paragraphs)


@pytest.fixture(scope="module")
def sample(tagger: EntityTagger) -> tuple[str, str, list[Entity]]:
    title, text = _sample_article()
    return title, text, tagger.tag(title, text, "fr")


def test_sample_offsets(sample: tuple[str, str, list[Entity]]) -> None:
    title, text, ents = sample
    assert_offsets(ents, title, text)
    assert len({e.id for e in ents}) == len(ents)


def test_sample_places_and_organisations(sample: tuple[str, str, list[Entity]]) -> None:
    title, text, ents = sample
    iraq = [e for e in ents if "Irak" in e.name]
    assert len(iraq) == 1 and iraq[0].label == "LOC" and iraq[0].id == "iso:IQ"
    assert set(surfaces(iraq[0], title, text)) == {"Irak"}
    n_irak = text.count("’Irak") + text.count("'Irak")
    assert len([m for m in iraq[0].mentions if m.field == "text"]) == n_irak
    for m in iraq[0].mentions:
        if m.field == "text":
            assert text[m.start - 2 : m.start] in ("d’", "l’")  # the elided article is left out
    isis = [e for e in ents if e.name == "État islamique"]
    assert len(isis) == 1 and isis[0].label == "ORG"
    assert len(isis[0].mentions) == text.count("État islamique") + title.count("État islamique")
    assert not [e for e in ents if e.name == "État"]
    names = by_name(ents)
    assert names["Bagdad"].label == "LOC"
    assert names["États-Unis"].label == "LOC"


def test_sample_people(sample: tuple[str, str, list[Entity]]) -> None:
    title, text, ents = sample
    names = by_name(ents)
    brennan = names["John Brennan"]
    assert brennan.label == "PER" and "M. Brennan" in surfaces(brennan, title, text)
    assert len([e for e in ents if "Brennan" in e.name]) == 1
    shamari = names["Abdulamir al Shamari"]
    assert shamari.label == "PER" and "M. Al Shamari" in surfaces(shamari, title, text)
    assert len([e for e in ents if "Shamari" in e.name]) == 1
    arayi = names["Qasem al Arayi"]
    assert arayi.label == "PER" and "Al Arayi" in surfaces(arayi, title, text)
    assert len([e for e in ents if "Arayi" in e.name]) == 1
    assert names["Qasem Soleimani"].label == "PER"


def test_sample_has_no_junk(sample: tuple[str, str, list[Entity]]) -> None:
    _title, _text, ents = sample
    for e in ents:
        assert e.name.split()[0] not in ("Demain", "Lire", "Vidéo", "Aujourd’hui"), e


def test_french_persons_in_a_headline_in_capitals(tagger: EntityTagger) -> None:
    title = "EMMANUEL MACRON ET ANGELA MERKEL À BERLIN"
    ents = tagger.tag(title, "", "fr")
    assert_offsets(ents, title, "")
    labels = {e.name: e.label for e in ents}
    assert labels["EMMANUEL MACRON"] == "PER" and labels["ANGELA MERKEL"] == "PER"
    assert [e.label for e in ents if "BERLIN" in surfaces(e, title, "")] == ["LOC"]

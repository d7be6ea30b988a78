"""The project's founding sample page (read from ../shared/data; never copied into the repository)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from streams.clean import Cleaner
from streams.records import RawArticle

SAMPLE = Path(__file__).resolve().parents[4] / "shared" / "data" / "sample" / "irak-coalition.fr.txt"
TITLE = (
    "L’Irak annonce la fin des « missions de combat » de la coalition contre l’État islamique "
    "et le début de son retrait"
)


@pytest.fixture(scope="module")
def sample_text() -> str:
    if not SAMPLE.exists():
        pytest.skip(f"sample page not found at {SAMPLE} (shared data not mounted)")
    return SAMPLE.read_text(encoding="utf-8")


def test_sample_page(cleaner: Cleaner, sample_text: str) -> None:
    out = cleaner.clean(RawArticle(id="sample", text=sample_text))
    assert out.title == TITLE
    text = out.text
    assert not text.startswith(TITLE) and TITLE not in text
    assert "Accueil" not in text
    assert "Lire aussi" not in text
    assert "Article précédent" not in text and "Article suivant" not in text
    assert "622703" not in text
    assert "Vidéo de l'actualité" not in text
    assert not re.search(r"(?m)^0$", text)
    # The article once, the first copy: its first and last paragraphs appear exactly once.
    paras = text.split("\n\n")
    assert paras[0].startswith("La coalition souligne") and paras[0].endswith("irakiennes ».")
    assert sum(p.startswith("Les autorités irakiennes ont annoncé jeudi") for p in paras) == 1
    assert paras[-1].startswith("Depuis lors, la coalition")
    assert "braves guerriers" not in text  # wording of the second copy
    assert out.report.intra_duplicate_dropped
    assert out.lang == "fr"

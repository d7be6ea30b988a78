"""Intra-article duplicates: repeated paragraphs, the article pasted twice (maybe reworded)."""

from __future__ import annotations

from streams.clean import Cleaner
from streams.clean.repeats import drop_repeats
from streams.models import RawArticle
from tests.unit.clean.conftest import BODIES, TITLES, body


def test_article_twice_exact(cleaner: Cleaner) -> None:
    out = cleaner.clean(RawArticle(id="d", text=body("en") + "\n\n" + body("en"), title=TITLES["en"]))
    assert out.text == body("en")
    assert out.report.intra_duplicate_dropped
    assert out.report.rules_fired["intra_duplicate"] == 3


def test_article_twice_lightly_reworded_keeps_first_copy(cleaner: Cleaner) -> None:
    reworded = [
        p.replace("on Monday", "on Monday morning").replace("lowest point", "lowest level").replace("urged", "asked")
        .replace("welcomed", "praised")
        for p in BODIES["en"]
    ]
    assert reworded != BODIES["en"]
    text = body("en") + "\n\n" + "\n\n".join(reworded)
    out = cleaner.clean(RawArticle(id="d", text=text, title=TITLES["en"]))
    assert out.text == body("en")
    assert out.report.intra_duplicate_dropped


def test_repeated_paragraph(cleaner: Cleaner) -> None:
    paras = [*BODIES["fr"], BODIES["fr"][0]]
    out = cleaner.clean(RawArticle(id="d", text="\n\n".join(paras), title=TITLES["fr"]))
    assert out.text == body("fr")


def test_distinct_paragraphs_kept() -> None:
    paras = [p for lang in ("fr", "en", "de", "es") for p in BODIES[lang]]
    kept, dropped = drop_repeats(paras)
    assert kept == paras and dropped == []


def test_short_repeated_lines_kept() -> None:
    kept, dropped = drop_repeats(["Oui.", "A long paragraph about something else entirely here.", "Oui."])
    assert len(kept) == 3 and not dropped


def test_degenerate_repetition_is_bounded() -> None:
    paras = ["the same words again and again and again"] * 2000
    kept, dropped = drop_repeats(paras)
    assert len(kept) == 1 and len(dropped) == 1999


def test_last_paragraph_repeating_the_lead_is_dropped() -> None:
    lead = "The minister announced a reform of the pension system on Tuesday in Paris."
    body = " ".join(f"Sentence number {i} of a long article body about something else." for i in range(60))
    kept, dropped = drop_repeats([lead, body, lead.replace("Tuesday", "Monday")])
    assert kept == [lead, body] and len(dropped) == 1
    # A long last paragraph after a short lead cannot be its repeat (only its beginning is read).
    kept, dropped = drop_repeats([lead, body])
    assert kept == [lead, body] and not dropped

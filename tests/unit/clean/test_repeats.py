"""Intra-article duplicates: repeated paragraphs, the article pasted twice (maybe reworded)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.clean import Cleaner, normalize_for_matching
from streams.clean.repeats import drop_repeats
from streams.records import RawArticle
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


def test_a_page_keeps_its_near_identical_sections_but_not_exact_repeats(cleaner: Cleaner) -> None:
    terms = "Receive 20% off three qualifying products when you order before the end of the month in {}."
    sections = "".join(f"<h2>{r}</h2><p>{terms.format(r)}</p>" for r in ("France", "Belgium", "Canada"))
    repeated = "<p>" + BODIES["en"][0] + "</p>"
    html = f"<html><body><article><h1>Offer terms</h1>{repeated}{sections}{repeated}</article></body></html>"
    out = cleaner.clean(RawArticle(id="p", html=html))
    assert all(terms.format(region) in out.text for region in ("France", "Belgium", "Canada"))
    assert out.text.count(BODIES["en"][0]) == 1


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


_LONG = " ".join(f"Paragraph sentence {i} says l’école a rouvert à Lyon, d’après la mairie." for i in range(40))


def test_long_last_paragraph_copying_an_earlier_one_is_dropped() -> None:
    lead = "Short lead of the article, seven words."
    # Long words: the copies are long enough for drop_repeats to first try clearing them from their
    # beginning, which must not clear a copy. One copy has the same matching key (case, apostrophes),
    # one differs near its end.
    words = " ".join(f"l’anticonstitutionnalité{i}" for i in range(60))
    for copy in (words.upper().replace("’", "'"), words[:-60] + " et une autre fin."):
        kept, dropped = drop_repeats([lead, words, copy])
        assert kept == [lead, words] and dropped == [copy]


def test_long_last_paragraph_after_a_long_one_is_compared_in_full() -> None:
    other = " ".join(f"Another text, sentence {i}, about the weather in Brest this week." for i in range(40))
    kept, dropped = drop_repeats([_LONG, other])
    assert kept == [_LONG, other] and not dropped


# Characters that stress the key: decomposed accents, case folding that changes length, the
# apostrophe/dash forms, odd and invisible spaces, ligatures.
_KEY_ALPHABET = st.sampled_from(list("aBé\u0301ßΣςİ’«—\u00a0\u202f\t\n\u200b\u00ad .ﬁ") + ["e\u0301", "  "])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_KEY_ALPHABET, max_size=40))
def test_key_of_a_beginning_cut_before_a_space_is_a_prefix_of_the_key(parts: list[str]) -> None:
    # What lets drop_repeats clear a long last paragraph from its beginning alone.
    text = "".join(parts)
    key = normalize_for_matching(text)
    for cut in (i for i, c in enumerate(text) if c == " "):
        assert key.startswith(normalize_for_matching(text[:cut]))


def test_labels_of_a_list_of_items_are_kept_but_a_repeated_widget_is_not() -> None:
    products = ["Alder desk lamp", "Birch floor lamp", "Cedar wall light"]
    page = []
    for name in products:
        page += [name, "What we liked about it:", f"The {name.lower()} gives a warm, even light at every height."]
    kept, dropped = drop_repeats(page, reworded=False)
    assert kept == page and not dropped
    widget = ["Thanks for subscribing to our letters!", "Enter your email address to get our weekly picks."]
    body_text = [f"The {name.lower()} gives a warm, even light at every height." for name in products]
    page = [body_text[0], *widget, body_text[1], *widget, body_text[2], *widget]
    kept, dropped = drop_repeats(page, reworded=False)
    assert kept == [body_text[0], *widget, body_text[1], body_text[2]]
    assert dropped == widget * 2


def test_a_label_repeated_only_twice_is_a_repeat() -> None:
    page = ["What we liked about it:", "Warm light.", "What we liked about it:", "Even light."]
    kept, _ = drop_repeats(page, reworded=False)
    assert kept == ["What we liked about it:", "Warm light.", "Even light."]

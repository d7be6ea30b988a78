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


# Japanese and Chinese paragraphs written for these tests: a lead, the same lead reworded (a phrase
# changed, one added), and the story's other paragraphs.
JA_LEAD = "市議会は三日、市立図書館の改修費を盛り込んだ補正予算案を賛成多数で可決した。改修は来年春に始まる予定だ。"
JA_LEAD_REWORDED = (
    "市議会は三日、市立図書館の改修費を盛り込んだ補正予算案を賛成多数で可決した。改修工事は来年の春に始まる見込みだ。"
)
JA_OTHER = [
    "工事中は近くの公民館で本の貸し出しを続けるほか、移動図書館の車を週に二回、各地区に走らせるという。",
    "市長は記者会見で、子どもから高齢者まで誰もが使いやすい施設にしたいと述べ、市民の意見を募る考えを示した。",
]
ZH_LEAD = "市议会周二投票决定在明年冬季之前重建河上的旧桥，工程预计将持续三个月。"
ZH_LEAD_REWORDED = "市议会周二投票决定，在明年冬季之前重建河上的那座旧桥，工程预计持续大约三个月。"
ZH_OTHER = "工程师表示，施工期间道路将封闭，但费用低于此前的预期，居民可以在下周的说明会上发表意见。"


def test_reworded_repeat_of_a_japanese_or_chinese_paragraph_is_dropped() -> None:
    kept, dropped = drop_repeats([JA_LEAD, *JA_OTHER, JA_LEAD_REWORDED])
    assert kept == [JA_LEAD, *JA_OTHER] and dropped == [JA_LEAD_REWORDED]
    kept, dropped = drop_repeats([ZH_LEAD, ZH_OTHER, ZH_LEAD_REWORDED])
    assert kept == [ZH_LEAD, ZH_OTHER] and dropped == [ZH_LEAD_REWORDED]


def test_paragraphs_of_one_japanese_story_are_not_repeats() -> None:
    assert drop_repeats([JA_LEAD, *JA_OTHER]) == ([JA_LEAD, *JA_OTHER], [])
    # Short lines (under six Latin-sized words: 18 characters) are never compared.
    assert drop_repeats(["市議会が予算案を可決", "市議会が予算案を可決した"]) == (
        ["市議会が予算案を可決", "市議会が予算案を可決した"], []
    )


def test_reworded_japanese_repeat_in_text_input_is_dropped(cleaner: Cleaner) -> None:
    text = "\n\n".join([JA_LEAD, *JA_OTHER, JA_LEAD_REWORDED])
    out = cleaner.clean(RawArticle(id="t", text=text, title="市議会、図書館の改修費を可決"))
    assert out.text == "\n\n".join([JA_LEAD, *JA_OTHER])
    assert out.report.intra_duplicate_dropped

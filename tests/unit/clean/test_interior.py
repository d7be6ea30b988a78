"""Completing the chosen extraction with the interior lines of the recall extraction."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from lxml import etree

from streams.clean import html as html_module
from streams.clean.interior import (
    LinkedLine,
    add_closing_questions,
    add_interior_lines,
    complete_from_recall,
    linked_lines,
)

LEAD = "The council voted on Tuesday to rebuild the old bridge over the river before next winter."
MIDDLE = "Engineers said the work would close the road for three months and cost less than expected."
END = "Residents will be able to comment on the plans at a public meeting in the town hall next week."


def _plain(*texts: str) -> list[LinkedLine]:
    return [LinkedLine(t, 0.0) for t in texts]


def test_list_items_between_paragraphs_are_added_where_they_stand() -> None:
    blocks = [[LEAD], [MIDDLE], [END]]
    recall = _plain(LEAD, "A new footpath on both sides", "Lighting for cyclists at night", MIDDLE, END)
    out, added = add_interior_lines(blocks, recall)
    assert added == 2
    assert out == [[LEAD], ["A new footpath on both sides", "Lighting for cyclists at night"], [MIDDLE], [END]]


def test_lines_above_or_below_the_article_are_not_added() -> None:
    blocks = [[LEAD], [MIDDLE], [END]]
    recall = _plain("Photo gallery of the old bridge in spring", LEAD, MIDDLE, END, "Sign up for our morning briefing")
    out, added = add_interior_lines(blocks, recall)
    assert (out, added) == (blocks, 0)


def test_a_short_kicker_does_not_open_the_interior() -> None:
    # The chosen text starts with a short headline: the gallery between it and the lead stays out.
    blocks = [["Bridge to be rebuilt"], [LEAD], [MIDDLE], [END]]
    recall = _plain("Bridge to be rebuilt", "Image 1 of 8 from the river bank", LEAD, MIDDLE, END)
    assert add_interior_lines(blocks, recall) == (blocks, 0)


def test_link_lines_and_single_words_are_not_added() -> None:
    blocks = [[LEAD], [MIDDLE], [END]]
    recall = [
        LinkedLine(LEAD, 0.0),
        LinkedLine("Mayor resigns after budget row in the east", 1.0),
        LinkedLine("Close", 0.0),
        LinkedLine(MIDDLE, 0.0),
        LinkedLine(END, 0.0),
    ]
    assert add_interior_lines(blocks, recall) == (blocks, 0)


def test_text_already_chosen_is_not_added_twice() -> None:
    blocks = [[LEAD, MIDDLE], [END]]
    recall = _plain(LEAD, MIDDLE[:60], END)
    assert add_interior_lines(blocks, recall) == (blocks, 0)


def test_unspaced_script_lines_are_found_in_the_chosen_text() -> None:
    # Without spaces a "word" is a whole sentence: containment is checked on the text itself.
    first = "市議会は火曜日に古い橋を冬までに建て替えることを決めました。工事は三か月続く予定です。"
    second = "住民は来週の説明会で計画について意見を述べることができます。"
    blocks = [[first + second], ["別の段落には工事の費用と期間についての詳しい説明が書かれています。"]]
    recall = _plain(first, second)
    assert add_interior_lines(blocks, recall) == (blocks, 0)


def test_no_substantial_block_means_nothing_to_complete() -> None:
    blocks = [["Short"], ["Also short"]]
    assert add_interior_lines(blocks, _plain("Short", "A whole new line of text here", "Also short")) == (blocks, 0)


def test_linked_lines_measure_link_text_per_item_and_paragraph() -> None:
    body = etree.fromstring(
        "<body><p>Plain paragraph text <ref target='/a'>link</ref> more</p>"
        "<list><item><ref target='/b'>All a link</ref></item><item>No link here</item></list>"
        "<table><row><cell>a</cell><cell>b</cell></row></table><graphic src='x.jpg'/></body>"
    )
    lines = linked_lines(body)
    assert [line.text for line in lines] == ["Plain paragraph text link more", "All a link", "No link here", "a; b"]
    assert lines[0].link_density == len("link") / len("Plain paragraph text link more")
    assert lines[1].link_density == 1.0 and lines[2].link_density == 0.0


def test_recall_extraction_stands_in_when_the_others_find_no_text(monkeypatch: pytest.MonkeyPatch) -> None:
    recall_body = etree.fromstring(f"<body><p>{LEAD}</p><p>{MIDDLE}</p></body>")

    def fake_run(html: str, url: str | None, config: Any, precision: bool, recall: bool = False) -> SimpleNamespace:
        if recall:
            return SimpleNamespace(text=f"{LEAD}\n{MIDDLE}", body=recall_body, title=None)
        return SimpleNamespace(text="", body=etree.fromstring("<body/>"), title="Bridge to be rebuilt | Paper",
                               author=None, date=None, sitename=None)

    monkeypatch.setattr(html_module, "_run", fake_run)
    out = html_module.extract_html("<html><body><h1>Bridge to be rebuilt</h1></body></html>")
    assert out.blocks == [[LEAD], [MIDDLE]]
    assert out.title == "Bridge to be rebuilt"


def test_a_recall_line_spanning_two_paragraphs_anchors_after_the_later_one() -> None:
    first = "The council voted on Tuesday to rebuild the old bridge"
    second = "over the river before next winter at a cost of two million"
    blocks = [[first], [second], [MIDDLE], [END]]
    recall = _plain(f"{first} {second}", "Ten new lamps along the path", MIDDLE, END)
    out, added = add_interior_lines(blocks, recall)
    assert added == 1
    assert out == [[first], [second], ["Ten new lamps along the path"], [MIDDLE], [END]]


def test_a_line_quoted_later_in_the_text_does_not_close_the_interior() -> None:
    end = "Read the quick start guide to the new bridge before the public meeting in the town hall next week."
    blocks = [[LEAD], [MIDDLE], [end]]
    # A table of contents entry that the last paragraph quotes anchors there for a moment; the
    # paragraphs after it bring the position back.
    recall = _plain(LEAD, "Quick start guide to the new bridge", MIDDLE, "Ten new lamps along the path", end)
    out, added = add_interior_lines(blocks, recall)
    assert added == 1
    assert out == [[LEAD], [MIDDLE], ["Ten new lamps along the path"], [end]]


QUESTION_1 = "When will the bridge close?"
ANSWER_1 = "The road closes on the first of March and reopens once the new deck has been tested."
QUESTION_2 = "Will there be a detour for cyclists?"
ANSWER_2 = "Yes, a signed route through the park links both banks while the work lasts."


def test_a_closing_faq_after_the_article_is_added() -> None:
    blocks = [[LEAD], [MIDDLE], [END]]
    recall = _plain(LEAD, MIDDLE, END, "Frequently asked questions", QUESTION_1, ANSWER_1, QUESTION_2, ANSWER_2,
                    "Sign up for our morning briefing")
    out, added = add_closing_questions(blocks, recall)
    assert added == 5
    assert out == [*blocks, ["Frequently asked questions"], [QUESTION_1], [ANSWER_1], [QUESTION_2], [ANSWER_2]]


def test_teasers_or_a_single_question_after_the_article_are_not_added() -> None:
    blocks = [[LEAD], [MIDDLE], [END]]
    teasers = _plain(LEAD, MIDDLE, END, "More from the town", "Mayor resigns after budget row in the east",
                     "Why the river floods every spring and what can be done about it this year")
    assert add_closing_questions(blocks, teasers) == (blocks, 0)
    single = _plain(LEAD, MIDDLE, END, QUESTION_1, ANSWER_1, "Sign up for our morning briefing")
    assert add_closing_questions(blocks, single) == (blocks, 0)
    linked = [*_plain(LEAD, MIDDLE, END, QUESTION_1, ANSWER_1), LinkedLine(QUESTION_2, 1.0), *_plain(ANSWER_2)]
    assert add_closing_questions(blocks, linked) == (blocks, 0)


def test_questions_are_only_looked_for_after_the_end_of_the_chosen_text() -> None:
    # The questions stand before the last chosen paragraph: inside the article, not a closing section.
    blocks = [[LEAD], [MIDDLE], [END]]
    recall = _plain(LEAD, MIDDLE, QUESTION_1, ANSWER_1, QUESTION_2, ANSWER_2, END)
    assert add_closing_questions(blocks, recall) == (blocks, 0)
    assert add_closing_questions([[LEAD], ["Share"]], _plain(LEAD, "Share", QUESTION_1, ANSWER_1, QUESTION_2,
                                                             ANSWER_2)) == ([[LEAD], ["Share"]], 0)


def test_interior_lines_and_closing_questions_in_one_pass() -> None:
    blocks = [[LEAD], [MIDDLE], [END]]
    recall = _plain(LEAD, "A new footpath on both sides", MIDDLE, END, QUESTION_1, ANSWER_1, QUESTION_2, ANSWER_2)
    out, added = complete_from_recall(blocks, recall)
    assert added == 5
    assert out == [[LEAD], ["A new footpath on both sides"], [MIDDLE], [END],
                   [QUESTION_1], [ANSWER_1], [QUESTION_2], [ANSWER_2]]
    # Without questions it is the interior completion alone.
    assert complete_from_recall(blocks, recall[:4]) == add_interior_lines(blocks, recall[:4])


def test_a_subheading_sharing_words_with_its_paragraph_is_added() -> None:
    # A third of the subheading's trigrams ("the road works") are in the paragraph it introduces: a
    # short line not held word for word is new.
    works = "The road works will start in March and close the bridge to cars for three months."
    blocks = [[LEAD], [works], [END]]
    recall = _plain(LEAD, "Timing of the road works", works, END)
    out, added = add_interior_lines(blocks, recall)
    assert added == 1
    assert out == [[LEAD], ["Timing of the road works"], [works], [END]]


def test_a_new_paragraph_repeating_phrases_of_several_paragraphs_is_added() -> None:
    # A guide repeats its topic's words in every paragraph: the new paragraph shares a phrase with the
    # lead and one with the end (a third of its trigrams in all) but with no one paragraph much.
    lead = "Guided tours of the old harbour start at the north pier every morning in the summer season."
    end = "Tickets for the boat trips along the coast can be bought online or at the kiosk by the pier."
    new = ("Families who want more freedom can skip the guided tours of the old harbour and rent a small "
           "electric boat for the boat trips along the coast, which needs no licence at all.")
    blocks = [[lead], [MIDDLE], [end]]
    out, added = add_interior_lines(blocks, _plain(lead, MIDDLE, new, end))
    assert added == 1 and out == [[lead], [MIDDLE], [new], [end]]


def test_a_caption_quoting_one_paragraph_is_not_added() -> None:
    # Partly held by one paragraph (a caption or a teaser quoting it): neither new nor the same text.
    caption = "Engineers said the work would close the road for three months, pictured at the site today."
    blocks = [[LEAD], [MIDDLE], [END]]
    assert add_interior_lines(blocks, _plain(LEAD, MIDDLE, caption, END)) == (blocks, 0)

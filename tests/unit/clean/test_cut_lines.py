"""Lines the precise extraction cut short are given back their words from the default extraction
(``streams.clean.cut_lines``); pieces that are other units of text are not glued on."""

from __future__ import annotations

from streams.clean.cut_lines import restore_cut_lines
from streams.clean.html import extract_html

LEAD = "The council voted on Tuesday to rebuild the old bridge over the river before next winter."
CUT = "will take about ten minutes from the station, and cyclists will have a lane of their own."
WHOLE = "Walking across the new bridge " + CUT
END = "Residents will be able to comment on the plans at a public meeting in the town hall next week."


def test_a_line_cut_at_its_start_inside_a_sentence_is_made_whole() -> None:
    out, replaced = restore_cut_lines([[LEAD], [CUT], [END]], [LEAD, WHOLE, END])
    assert replaced == 1 and out == [[LEAD], [WHOLE], [END]]


def test_a_line_cut_at_its_end_inside_a_sentence_is_made_whole() -> None:
    line = "The works will be paid for by the region and by a grant from the"
    whole = line + " national transport fund set up last year."
    out, replaced = restore_cut_lines([[LEAD], [line]], [LEAD, whole])
    assert replaced == 1 and out == [[LEAD], [whole]]


def test_a_joined_paragraph_or_a_disclaimer_is_not_glued_on() -> None:
    # The default run joined two paragraphs that the precise run kept apart, or a paragraph and the
    # affiliate note after it: the piece ends or opens a sentence.
    second = "Engineers said the work would close the road for three months."
    joined = LEAD + " " + second
    note = END + " As an affiliate we earn from qualifying purchases."
    out, replaced = restore_cut_lines([[second], [END]], [joined, note])
    assert replaced == 0 and out == [[second], [END]]


def test_a_piece_the_chosen_text_holds_is_not_added_twice() -> None:
    piece = "walking across the new bridge from the old town square and the market"
    line = "takes about ten minutes from the station, and cyclists will have a lane of their own."
    out, replaced = restore_cut_lines([[piece], [line]], [piece + " " + line])
    assert replaced == 0


def test_a_link_opening_a_sentence_is_given_back_though_the_article_names_it_again() -> None:
    # "<a>The new bridge</a> will take ...": the precise run dropped the link's text, which the
    # article repeats elsewhere (its topic), so its one or two trigrams are in the chosen text.
    lead = "The new bridge over the river was approved on Tuesday after two years of debate."
    cut = "will carry cyclists and walkers only, the council said, and cars will keep the old crossing."
    whole = "The new bridge " + cut
    out, replaced = restore_cut_lines([[lead], [cut], [END]], [lead, whole, END])
    assert replaced == 1 and out == [[lead], [whole], [END]]


def test_a_label_the_chosen_text_shows_as_a_line_is_not_glued_on() -> None:
    # The piece is a line of its own in the chosen text (a subheading the default run read into the
    # paragraph after it): the line stays as it is.
    label = "Bridge works"
    line = "start in the spring and the road will close for three months from the first of March."
    out, replaced = restore_cut_lines([[label], [line]], [label + " " + line])
    assert replaced == 0


def test_a_byline_held_elsewhere_is_not_glued_to_the_end_of_a_headline() -> None:
    # At a line's end a few words the article holds are a byline or a label read into the line.
    headline = "Call for proposals for the bridge design contest is open until July 31"
    about = "The contest was set up by Anna Lee, who chairs the jury and welcomes entries from students."
    out, replaced = restore_cut_lines([[headline], [about]], [headline + " by Anna Lee", about])
    assert replaced == 0


def test_code_is_not_taken_for_a_link_opening_a_sentence() -> None:
    code = "int check(int *value) { if (!value) { return -1; } return *value; }"
    shown = "The attribute _nonnull_ tells the compiler that check(int *value) never takes a null pointer."
    out, replaced = restore_cut_lines([[shown], [code]], [shown, "_nonnull_ " + code])
    assert replaced == 0


def test_a_whole_page_read_as_one_line_replaces_nothing() -> None:
    page = " ".join(["Home News Sport Weather", LEAD * 3, CUT, END] * 3)
    out, replaced = restore_cut_lines([[CUT]], [page])
    assert replaced == 0


def test_short_lines_are_left_alone() -> None:
    out, replaced = restore_cut_lines([["and more photos"]], ["Click here and more photos"])
    assert replaced == 0


def test_scripts_without_capitals_are_repaired_too() -> None:
    # Japanese: the cut line opens with no capital to tell a sentence's start from its middle; the lost
    # piece (a link's text) ends no sentence.
    cut = "を使うと駅から約十分で対岸に渡ることができ、自転車専用の車線も両側に設けられる。"
    whole = "新しい橋の歩道" + cut
    out, replaced = restore_cut_lines([[cut]], [whole])
    assert replaced == 1 and out == [[whole]]
    # ... but a piece ending with 。 is a sentence of its own.
    out, replaced = restore_cut_lines([[cut]], ["市は新しい橋を建設する。" + cut])
    assert replaced == 0


def test_a_link_with_an_image_opening_a_paragraph_comes_back_on_a_page() -> None:
    paras = [
        "The council voted on Tuesday to rebuild the old bridge over the river before next winter, after two "
        "years of debate.",
        "Engineers said the work would close the road for three months and cost less than expected by the town.",
    ]
    middle = ('<p><a href="/guides/bridge-walks"><span><img src="/i/b.jpg" alt="A bridge"></span>Walking across '
              "the new bridge</a> will take about ten minutes from the station, and cyclists will have a lane of "
              "their own on each side of the deck.</p>")
    body = "".join(f"<p>{p}</p>" for p in paras) + middle + f"<p>{END}</p>"
    html = (f"<html><head><title>Bridge to be rebuilt</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Bridge to be rebuilt</h1>{body}</article><footer>Contact</footer></body></html>")
    lines = [line for block in extract_html(html).blocks for line in block]
    assert ("Walking across the new bridge will take about ten minutes from the station, and cyclists will have "
            "a lane of their own on each side of the deck.") in lines


def test_a_fallback_line_holding_the_headline_and_menu_is_no_cut_line() -> None:
    # A page in a script without capitals, read whole as one line by the default run: what precedes
    # the paragraph holds the headline, a line of the chosen text.
    para = "市は来年度から路線バスの本数を増やすと発表した。利用者の多い朝夕の時間帯が中心となる。"
    flat = "ホーム ニュース 経済 路線バス増便へ " + para
    out, replaced = restore_cut_lines([["路線バス増便へ"], [para]], [flat])
    assert replaced == 0

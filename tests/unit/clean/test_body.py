"""One walk over a trafilatura body: the chosen extraction's blocks and the recall lines' link text."""

from __future__ import annotations

from lxml import etree

from streams.clean.body import BodyBlock, body_blocks
from streams.clean.html import _blocks
from streams.clean.interior import linked_lines

PAGE = (
    "<body>Loose text<p>First line<lb/>second <hi>line</hi></p>tail text"
    "<list><item>One <ref target='/x'>linked</ref></item><item>  </item><item>Two</item></list>"
    "<table><row><cell>a</cell><cell></cell><cell><ref target='/y'>b</ref></cell></row></table>"
    "<graphic src='x.jpg'/><head>Subheading</head></body>"
)


def test_blocks_follow_the_elements_and_their_tails() -> None:
    blocks = body_blocks(etree.fromstring(PAGE))
    assert [b.lines for b in blocks] == [
        ["Loose text"], ["First line", "second line"], ["tail text"], ["One linked", "Two"], ["a; b"], ["Subheading"]
    ]
    assert _blocks(etree.fromstring(PAGE)) == [b.lines for b in blocks]


def test_link_text_is_counted_per_item_and_row_and_per_paragraph() -> None:
    blocks = body_blocks(etree.fromstring(PAGE))
    assert blocks[3].link_chars == [len("linked"), 0]
    assert blocks[4].link_chars == [1]
    assert blocks[1].linked() == [("First line second line", 0)]


def test_a_paragraph_split_at_line_breaks_is_one_recall_line_without_glued_words() -> None:
    body = etree.fromstring(
        "<body><p><hi>Imaging AI</hi><lb/>Algorithms trained on <ref target='/d'>data</ref></p></body>"
    )
    (line,) = linked_lines(body)
    assert line.text == "Imaging AI Algorithms trained on data"
    assert line.link_density == len("data") / len(line.text)


def test_nested_list_items_are_read_once_inside_their_item_with_their_words_apart() -> None:
    body = etree.fromstring(
        "<body><list><item>Fruit<list><item>Apples</item><item>Pears</item></list></item></list></body>"
    )
    assert [line.text for line in linked_lines(body)] == ["Fruit Apples Pears"]


def test_reading_stops_after_the_line_bound() -> None:
    body = etree.fromstring("<body>" + "<p>line</p>" * 10 + "</body>")
    assert len(body_blocks(body, max_lines=3)) == 3
    assert BodyBlock(["a", "b"], [2]).linked() == [("a b", 2)]


def test_a_nested_block_ends_the_line_before_it() -> None:
    body = etree.fromstring("<body><quote>Said<p>the mayor</p>today</quote></body>")
    assert [b.lines for b in body_blocks(body)] == [["Said", "the mayor", "today"]]


def test_a_wrapper_div_is_read_as_the_blocks_inside_it() -> None:
    # trafilatura's recall mode keeps a whole container as a <div>: the article in one, the comment
    # section in another. Each paragraph is a line of its own, with its own link density.
    body = etree.fromstring(
        "<body><div class='article-body'><p>First paragraph.</p><head>Subheading</head><p>Second.</p></div>"
        "<div class='discussion'>Loose<head>Comments (2)</head><div><p>Great <ref target='/u'>story</ref>!</p>"
        "</div></div>tail</body>"
    )
    assert [b.lines for b in body_blocks(body)] == [
        ["First paragraph."], ["Subheading"], ["Second."], ["Loose"], ["Comments (2)"], ["Great story!"], ["tail"]
    ]
    assert linked_lines(body)[5].link_density == len("story") / len("Great story!")


def test_a_div_of_inline_text_stays_one_block() -> None:
    body = etree.fromstring("<body><div>Some <hi>text</hi><lb/>and more</div></body>")
    assert [b.lines for b in body_blocks(body)] == [["Some text", "and more"]]


def test_a_link_to_a_place_on_the_same_page_is_no_link_text() -> None:
    # A heading's own anchor ("#benefits", which trafilatura resolves to "https://host#benefits") leads
    # nowhere else: the heading is article text, not navigation.
    body = etree.fromstring(
        "<body><head><ref target='https://example.org#benefits'>Cognitive Benefits</ref></head>"
        "<head><ref target='#costs'>Costs</ref></head><p>Notes<ref target='https://example.org/#n1'>1</ref></p>"
        "<head><ref target='https://example.org/guides#benefits'>Other guide</ref></head>"
        "<head><ref target='/music'>Music</ref></head></body>"
    )
    assert [line.link_density for line in linked_lines(body)] == [0.0, 0.0, 0.0, 1.0, 1.0]

"""trafilatura's link-density test at Latin size (``streams.clean.link_density``), on elements shaped
like trafilatura's tree (links are <ref>)."""

from __future__ import annotations

from lxml import html as lxml_html
from trafilatura import htmlprocessing

from streams.clean.link_density import latin_sized


def _paragraph(markup: str, last: bool = True) -> lxml_html.HtmlElement:
    parent = lxml_html.fragment_fromstring(f"<div><p>{markup}</p>{'' if last else '<p>next</p>'}</div>")
    return parent[0]


# A last paragraph of a Japanese article with two linked keywords (55 characters: about 160 Latin ones).
JA_LINKED = (
    "<ref>一方</ref>、<ref>一部</ref>の議員からは費用が膨らみすぎているとの批判も出ており、"
    "今後の議会で詳しい説明を求める方針だ。"
)
# A row of short section links: navigation in any script.
JA_MENU = "<ref>経済</ref> <ref>政治</ref> <ref>国際</ref> <ref>スポーツ</ref>"


def test_a_cjk_paragraph_with_linked_keywords_is_text_at_latin_size() -> None:
    element = _paragraph(JA_LINKED)
    assert htmlprocessing.link_density_test(element)[0]  # trafilatura's own test: a short element of short links
    with latin_sized():
        assert not htmlprocessing.link_density_test(element)[0]
    assert htmlprocessing.link_density_test(element)[0]  # the scaled test ends with the block


def test_navigation_is_still_navigation_at_latin_size() -> None:
    with latin_sized():
        assert htmlprocessing.link_density_test(_paragraph(JA_MENU))[0]
        assert htmlprocessing.link_density_test(_paragraph("<ref>経済</ref> <ref>政治</ref>", last=False))[0]
        # Latin text goes to trafilatura's test unchanged.
        menu = "<ref>Home</ref> <ref>News</ref> <ref>Sport</ref>"
        assert htmlprocessing.link_density_test(_paragraph(menu)) == (True, True)

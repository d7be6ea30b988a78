"""Articles in scripts written without spaces between words: not rejected as empty, their headlines
and sentences told apart."""

from __future__ import annotations

import pytest

from streams.clean import CleanConfig, Cleaner
from streams.clean.breadcrumbs import is_breadcrumb
from streams.clean.rules import is_headline_like
from streams.clean.title import headline_from_text
from streams.records import RawArticle, StageError

# Paragraphs written for this test (a city council votes a budget for its libraries).
JA = [
    "市議会は三日、市立図書館の改修費を盛り込んだ補正予算案を賛成多数で可決した。改修は来年春に始まる予定だ。",
    "工事中は近くの公民館で本の貸し出しを続けるほか、移動図書館の車を週に二回、各地区に走らせるという。",
    "市長は記者会見で、子どもから高齢者まで誰もが使いやすい施設にしたいと述べ、市民の意見を募る考えを示した。",
]
ZH = [
    "市议会三日以多数票通过了包括市立图书馆改造费用在内的补充预算案，改造工程将于明年春天开始。",
    "施工期间，附近的社区中心将继续提供借书服务，流动图书车每周两次前往各个社区。",
    "市长在记者会上表示，希望把图书馆建成从儿童到老人都方便使用的设施，并将征求市民的意见。",
]


@pytest.mark.parametrize("paragraphs", [JA, ZH])
def test_a_chinese_or_japanese_article_is_kept(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)  # ~140 characters, a dozen runs of \w in all
    out = Cleaner(CleanConfig()).clean(RawArticle(id="cjk", text=text, title="補正予算案を可決"))
    assert out.text == text


def test_a_short_unspaced_text_is_still_rejected() -> None:
    with pytest.raises(StageError, match="empty_after_cleaning"):
        Cleaner(CleanConfig(min_chars=10)).clean(RawArticle(id="s", text=JA[0][:20]))


JA_HEADLINE = "市議会、図書館の改修費を可決"


def test_a_japanese_headline_is_headline_like_and_a_sentence_is_not() -> None:
    assert is_headline_like(JA_HEADLINE)
    assert not is_headline_like(JA[0][:40] + "。")
    assert not is_headline_like("可決")  # one Latin-sized word: a label
    # 70 characters without a stop: the length of a paragraph (~210 Latin characters), not of a headline.
    assert not is_headline_like((JA[0] + JA[1]).replace("。", "、")[:70])


def test_parts_of_a_chinese_sentence_are_not_a_breadcrumb() -> None:
    trail = "首页 > 新闻 > 本地"
    assert is_breadcrumb(trail, trail)
    # Three long clauses separated by slashes: each is a sentence's worth of words, not a section name.
    line = " / ".join(p.rstrip("。") for p in ZH)
    assert not is_breadcrumb(line, line)
    assert not is_breadcrumb(ZH[0] + " / 本地 / 文化", ZH[0])


def test_the_headline_of_a_japanese_text_is_found() -> None:
    title, found = headline_from_text([[JA_HEADLINE], [JA[0]], [JA[1]]])
    assert (title, found) == (JA_HEADLINE, True)
    # Without a headline line, the first sentence stands in: it ends at the ideographic full stop.
    title, found = headline_from_text([[JA[0]], [JA[1]]])
    assert (title, found) == (JA[0].split("。")[0] + "。", False)

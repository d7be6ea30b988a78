"""Word counts that hold for scripts written without spaces."""

from __future__ import annotations

from streams.clean.interior import LinkedLine, add_interior_lines
from streams.clean.scripts import latin_word_count

# Japanese paragraphs as some sites set them: a space after some phrases, so a count of
# space-separated words (4-5 here) says nothing of their length (about 10 Latin-sized words each).
JA_LEAD = "市議会は火曜日、 老朽化した川の橋を 来年の冬までに 架け替えることを決めた。"
JA_MIDDLE = "技術者によると、 工事のため道路は 三か月間通行止めになるが、 費用は予想より少ない。"
JA_END = "住民は来週、 町役場で開かれる 説明会で計画について 意見を述べることができる。"


def test_latin_text_counts_its_words_and_unspaced_text_its_characters() -> None:
    assert latin_word_count("The council voted on Tuesday") == 5
    assert latin_word_count("市議会は火曜日に決めた") == 11 / 3
    assert latin_word_count("新型 iPhone 発表") == 1 + 4 / 3


def test_interior_of_a_japanese_article_with_spaces_between_phrases() -> None:
    assert all(latin_word_count(p) >= 10 for p in (JA_LEAD, JA_MIDDLE, JA_END))
    blocks = [[JA_LEAD], [JA_MIDDLE], [JA_END]]
    recall = [LinkedLine(t, 0.0) for t in (JA_LEAD, "歩道の新しい照明について", JA_MIDDLE, JA_END)]
    out, added = add_interior_lines(blocks, recall)
    assert added == 1
    assert out == [[JA_LEAD], ["歩道の新しい照明について"], [JA_MIDDLE], [JA_END]]

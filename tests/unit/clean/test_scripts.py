"""Word counts and sentence ends that hold for every script, spaced or not."""

from __future__ import annotations

import pytest

from streams.clean import Cleaner
from streams.clean.interior import LinkedLine, add_interior_lines
from streams.clean.scripts import ends_clause, ends_sentence, latin_length, latin_scaled, latin_word_count
from streams.clean.title import headline_title
from streams.records import RawArticle

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


# Thai and Khmer paragraphs written for these tests (the council and the bridge, as above): a space
# between phrases only, so each holds 2-4 space-separated "words".
TH_LEAD = "สภาเทศบาลมีมติเมื่อวันอังคารให้สร้างสะพานข้ามแม่น้ำที่ชำรุดขึ้นใหม่ภายในฤดูหนาวปีหน้า"
TH_MIDDLE = "วิศวกรระบุว่าถนนจะปิดเป็นเวลาสามเดือนระหว่างการก่อสร้าง แต่ค่าใช้จ่ายจะต่ำกว่าที่คาดไว้"
TH_END = "ชาวบ้านสามารถแสดงความคิดเห็นเกี่ยวกับโครงการได้ในการประชุมที่ศาลากลางสัปดาห์หน้า"
KM_LEAD = "ក្រុមប្រឹក្សាក្រុងបានសម្រេចកាលពីថ្ងៃអង្គារថានឹងសាងសង់ស្ពានឆ្លងទន្លេឡើងវិញមុនរដូវរងាឆ្នាំក្រោយ។"


def test_thai_and_khmer_count_their_characters() -> None:
    for text in (TH_LEAD, TH_MIDDLE, TH_END, KM_LEAD):
        assert len(text.split()) <= 2
        assert 10 <= latin_word_count(text) <= 25
    assert latin_word_count("ข่าว BBC วันนี้") == 1 + 10 / 5


def test_interior_of_a_thai_article() -> None:
    blocks = [[TH_LEAD], [TH_MIDDLE], [TH_END]]
    added = "ทางเท้าใหม่จะมีไฟส่องสว่างตลอดแนว"
    recall = [LinkedLine(t, 0.0) for t in (TH_LEAD, added, TH_MIDDLE, TH_END)]
    out, count = add_interior_lines(blocks, recall)
    assert count == 1
    assert out == [[TH_LEAD], [added], [TH_MIDDLE], [TH_END]]


@pytest.mark.parametrize(
    ("line", "clause", "sentence"),
    [
        ("The council voted.", True, True),
        ("Will the bridge open?", False, True),
        ("市議会は補正予算案を可決した。", True, True),
        ("图书馆何时重新开放？", False, True),
        ("مجلس المدينة يصوت على الميزانية؟", False, True),
        ("नगर परिषद ने बजट पारित किया।", True, True),
        (KM_LEAD, True, True),
        ("市議会、図書館の改修費を可決", False, False),
        (TH_LEAD, False, False),
        ("", False, False),
    ],
)
def test_sentence_ends_of_every_script(line: str, clause: bool, sentence: bool) -> None:
    assert ends_clause(line) is clause
    assert ends_sentence(line) is sentence


def test_a_chinese_or_japanese_character_takes_the_room_of_three_latin_ones() -> None:
    assert latin_length("The council voted") == 17
    assert latin_length("市議会は可決した") == 8 * 3
    assert latin_length("新型 iPhone 発表") == 2 * 3 + 8 + 2 * 3
    assert latin_length(TH_LEAD) == len(TH_LEAD)  # a Thai character is about a letter


def test_a_japanese_recall_line_that_extends_a_held_paragraph_is_not_new() -> None:
    # Sentences without commas: each is one run of word characters.
    lead = "市議会は火曜日に老朽化した川の橋を来年の冬までに架け替えることを決めた。"
    middle = "技術者によると工事のため道路は三か月間通行止めになるが費用は予想より少ない。"
    end = "住民は来週町役場で開かれる説明会で計画について意見を述べることができる。"
    caption = "写真は現在の橋。"
    blocks = [[lead], [middle], [end]]
    recall = [LinkedLine(t, 0.0) for t in (lead, middle + caption, end)]
    assert add_interior_lines(blocks, recall) == (blocks, 0)


def test_a_thai_section_name_in_the_h1_is_not_taken_for_the_headline() -> None:
    title = "สภาเทศบาลอนุมัติสร้างสะพานใหม่"
    # Letters of a 40-letter alphabet are shared by any two Thai titles: words are compared, not letters.
    assert headline_title(title, ["หน้าแรกข่าวการเมือง"]) is None
    assert headline_title(f"{title} | ข่าวเมือง", [title]) == title


def test_latin_character_thresholds_scale_to_the_script() -> None:
    assert latin_scaled(250, "The council voted on Tuesday") == 250
    assert latin_scaled(250, "Городской совет проголосовал") == 250  # an alphabet: letters as in Latin
    assert latin_scaled(250, "") == 250
    assert latin_scaled(300, "市議会は火曜日に決めた") == 100  # every character counts three
    assert latin_scaled(300, "新型iPhone発表") == round(300 * 10 / 18)
    assert latin_scaled(1, "市議会") == 1


# A Korean brief written for these tests and its English translation: a syllable block packs several
# letters, so the Korean says as much in about a third of the characters and half the words.
KO_BRIEF = (
    "시의회는 3일 본회의를 열고 시립도서관 리모델링 예산안을 통과시켰다. 공사는 내년 봄에 시작된다. "
    "공사 기간에는 인근 주민센터에서 도서 대출이 계속된다."
)
EN_BRIEF = (
    "The city council held a plenary session on the 3rd and passed the budget for remodeling the municipal "
    "library. Construction begins next spring. During construction, book lending will continue at a nearby "
    "community center."
)


def test_korean_counts_its_syllables_and_words_at_latin_size() -> None:
    assert len(KO_BRIEF) < 0.5 * len(EN_BRIEF) and len(KO_BRIEF.split()) < 0.7 * len(EN_BRIEF.split())
    assert 0.8 <= latin_length(KO_BRIEF) / len(EN_BRIEF) <= 1.2
    assert 0.8 <= latin_word_count(KO_BRIEF) / len(EN_BRIEF.split()) <= 1.2
    assert latin_word_count("서울 News 속보") == 2 + 1 + 2
    assert latin_scaled(250, KO_BRIEF) < 120


def test_a_korean_brief_passes_the_floors_an_english_one_of_the_same_words_passes(cleaner: Cleaner) -> None:
    for text in (EN_BRIEF, KO_BRIEF):
        assert cleaner.clean(RawArticle(id="b", text=text)).text == text

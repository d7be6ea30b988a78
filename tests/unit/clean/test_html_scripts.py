"""HTML pages in other scripts (Japanese, Russian, Thai) through the whole cleaning path: the page
furniture that trafilatura leaves goes (a bare date line, a share bar, a related-articles marker with
its headlines, a rights notice), the article stays whole. Texts written for these tests."""

from __future__ import annotations

from html import escape

import pytest

from streams.clean import Cleaner
from streams.clean.html import MIN_DUPLCHECK_SIZE, MIN_EXTRACTED_SIZE, config_for
from streams.records import RawArticle
from tests.unit.clean.test_cues import RU
from tests.unit.clean.test_scripts import TH_END, TH_LEAD, TH_MIDDLE

JA = [
    "市議会は三日、市立図書館の改修費を盛り込んだ補正予算案を賛成多数で可決した。改修は来年春に始まる予定で、"
    "工事は二年近く続く見通しだ。",
    "工事中は近くの公民館で本の貸し出しを続けるほか、移動図書館の車を週に二回、各地区に走らせるという。"
    "予約した本は公民館の窓口で受け取れる。",
    "市長は記者会見で、子どもから高齢者まで誰もが使いやすい施設にしたいと述べ、市民の意見を募る考えを示した。"
    "説明会は来月、市内の三か所で開かれる。",
]
PAGES = {
    "ja": ("市議会、図書館の改修費を可決", JA, ["2024年3月5日(火) 14:30", "シェア ツイート はてブ"],
           "関連記事", ["市内の公園に新しい遊具", "駅前の再開発計画まとまる"], "無断転載を禁じます。"),
    "ru": ("В городе открыли новый мост", RU, ["5 марта 2024, 14:30", "Поделиться ВКонтакте Telegram"],
           "Читайте также", ["Мэр представил план развития транспорта", "В парке высадили сто деревьев"],
           "© 2024 Городская газета. Все права защищены."),
    "th": ("สภาเทศบาลอนุมัติสร้างสะพานใหม่", [TH_LEAD, TH_MIDDLE, TH_END], ["5 มีนาคม 2567"],
           "", [], ""),
}


def _page(lang: str) -> str:
    title, paras, top, marker, related, rights = PAGES[lang]
    body = "".join(f"<p>{escape(p)}</p>" for p in paras)
    furniture = "".join(f"<p>{escape(line)}</p>" for line in top)
    after = ""
    if marker:
        links = "".join(f"<li><a href='/n/{i}'>{escape(h)}</a></li>" for i, h in enumerate(related))
        after = f"<p>{escape(marker)}</p><ul>{links}</ul><p>{escape(rights)}</p>"
    return (
        f"<html lang='{lang}'><head><title>{escape(title)} | Site</title></head><body>"
        f"<article><h1>{escape(title)}</h1>{furniture}{body}{after}</article></body></html>"
    )


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_page_in_another_script_keeps_its_article_and_loses_its_furniture(cleaner: Cleaner, lang: str) -> None:
    title, paras, *_ = PAGES[lang]
    out = cleaner.clean(RawArticle(id=lang, html=_page(lang)))
    assert out.title == title
    for para in paras:
        assert para in out.text
    assert out.text.startswith(paras[0]) and out.text.endswith(paras[-1]), out.text


def _floors(html: str) -> tuple[int, int]:
    config = config_for(html)
    return config.getint("DEFAULT", "MIN_EXTRACTED_SIZE"), config.getint("DEFAULT", "MIN_DUPLCHECK_SIZE")


def test_trafilatura_floors_are_scaled_to_the_script_of_the_page_text() -> None:
    ja = "".join(f"<p>{p}</p>" for p in JA)
    # Japanese text: a character is about a word, so the floors are about a third of the Latin ones.
    assert _floors(f"<html><body><nav>ホーム</nav>{ja}</body></html>") == (90, 40)
    assert _floors(f"<html><body><p>{RU[0]}</p></body></html>") == (MIN_EXTRACTED_SIZE, MIN_DUPLCHECK_SIZE)
    # Japanese inside scripts, styles and attributes is not the text a reader sees.
    code = f"<script>var t = '{JA[0]}';</script><style>/* {JA[1]} */</style><p title='{JA[2]}'>English text</p>"
    assert _floors(f"<html><body>{code}</body></html>") == (MIN_EXTRACTED_SIZE, MIN_DUPLCHECK_SIZE)
    assert config_for("<html><body>English text</body></html>") is config_for("<p>Other text</p>")


def test_unclosed_code_elements_hide_the_rest_of_the_page_only() -> None:
    assert _floors("<p>English</p><script>" + JA[0] * 3) == (MIN_EXTRACTED_SIZE, MIN_DUPLCHECK_SIZE)
    assert _floors("<script>x</script></script><p>" + JA[0] + "</p>")[0] < MIN_EXTRACTED_SIZE

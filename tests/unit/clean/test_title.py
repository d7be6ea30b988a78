"""Title selection and removal of its repetition at the top of the body."""

from __future__ import annotations

import pytest

from streams.clean import Cleaner
from streams.clean.headings import page_headings, title_element
from streams.clean.title import (
    clean_page_title,
    headline_title,
    names_the_site_of,
    site_cuts,
    title_variants,
    without_site_name,
)
from streams.records import RawArticle, StageError
from tests.unit.clean.conftest import TITLES, body, page
from tests.unit.clean.test_html_scripts import JA


@pytest.mark.parametrize("lang", ["fr", "en", "de", "es"])
def test_headline_from_text_skips_breadcrumb(cleaner: Cleaner, lang: str) -> None:
    crumb = {"fr": "Accueil Actualités Société", "en": "Home News World", "de": "Startseite Politik Inland",
             "es": "Inicio Nacional Política"}[lang]
    out = cleaner.clean(RawArticle(id="t", text=page(lang, top=[crumb, TITLES[lang], "0"])))
    assert out.title == TITLES[lang]
    assert out.text == body(lang)


def test_truncated_breadcrumb_with_title_prefix(cleaner: Cleaner) -> None:
    crumb = "Accueil Dernières minutes Régions " + TITLES["fr"][:30] + "..."
    out = cleaner.clean(RawArticle(id="t", text=page("fr", top=[crumb, TITLES["fr"]])))
    assert out.title == TITLES["fr"] and out.text == body("fr")


def test_given_title_wins_and_is_stripped_from_top(cleaner: Cleaner) -> None:
    out = cleaner.clean(RawArticle(id="t", text=page("en", top=[TITLES["en"]]), title=TITLES["en"]))
    assert out.title == TITLES["en"] and out.text == body("en")
    assert out.report.rules_fired["title_repeated"] == 1


def test_no_headline_uses_first_sentence_and_keeps_body(cleaner: Cleaner) -> None:
    out = cleaner.clean(RawArticle(id="t", text=body("es")))
    assert out.title.startswith("El ayuntamiento de Valencia")
    assert out.text == body("es")


def test_empty_after_cleaning(cleaner: Cleaner) -> None:
    with pytest.raises(StageError) as err:
        cleaner.clean(RawArticle(id="t", text="Accueil > Monde\n\n0\n\nLire aussi : rien\n\nPublicité"))
    assert err.value.code == "empty_after_cleaning"


def test_no_input(cleaner: Cleaner) -> None:
    with pytest.raises(StageError) as err:
        cleaner.clean(RawArticle(id="t", text="   ", html=None))
    assert err.value.code == "empty_input"


def test_single_h1_is_the_headline_without_the_site_name() -> None:
    assert headline_title("Bridge to be rebuilt by winter | The Town Paper", ["Bridge to be rebuilt by winter"]) == (
        "Bridge to be rebuilt by winter"
    )
    assert headline_title(None, ["Bridge to be rebuilt by winter"]) == "Bridge to be rebuilt by winter"


def test_h1_that_is_not_the_headline_is_not_taken() -> None:
    meta = "Bridge to be rebuilt by winter | The Town Paper"
    assert headline_title(meta, ["The Town Paper"]) is None  # the logo: the site segment of the title
    assert headline_title(meta, ["Local news"]) is None  # a section name: no word shared
    assert headline_title(meta, ["Bridge to be rebuilt", "Other"]) is None  # two h1: no single headline
    assert headline_title(meta, ["News"]) is None  # one short word is a label
    assert headline_title(meta, []) is None


def test_page_headings_reads_h1_text_without_markup() -> None:
    html = (
        "<html><body><header><H1 class='logo'><img src='l.png'></H1></header>"
        "<article><h1 id='t'>Bridge <em>to be</em> rebuilt &amp; widened</h1><h10>x</h10></article></body></html>"
    )
    assert page_headings(html) == ["Bridge to be rebuilt & widened"]
    assert page_headings("<h1>unclosed" + "x" * 10_000) == []


def test_page_headings_reads_the_text_a_reader_sees() -> None:
    # A ">" inside a quoted attribute does not end the start tag.
    assert page_headings("<h1 data-action='click->menu#open' class='t'>Harbour reopens</h1>") == ["Harbour reopens"]
    # An inline element inside a word (a styled initial) does not split it; a line break separates words.
    html = "<h1><a href='/p'>Planning <span class='initial'>C</span>ycle</a><br>Two weeks</h1>"
    assert page_headings(html) == ["Planning Cycle Two weeks"]
    # Unclosed quotes in many h1 start tags: every attempt stops at the next tag.
    assert page_headings("<h1 a='" + "<h1 b='x" * 20_000) == []


def test_html_page_title_is_its_h1_headline(cleaner: Cleaner) -> None:
    paras = "".join(f"<p>{p}</p>" for p in body("en").split("\n\n"))
    html = (
        f"<html><head><title>{TITLES['en']} - Extended edition for search engines</title></head>"
        f"<body><article><h1>{TITLES['en']}</h1>{paras}</article></body></html>"
    )
    out = cleaner.clean(RawArticle(id="t", html=html))
    assert out.title == TITLES["en"]
    assert TITLES["en"] not in out.text


def test_japanese_h1_is_the_headline_whatever_the_phrase_cuts_of_the_metadata_title() -> None:
    # As one run of \w the metadata title shares no "word" with the h1; character by character it
    # holds all of it.
    assert headline_title("東京で大雨交通に影響｜ニュース速報", ["東京で大雨、交通に影響"]) == "東京で大雨、交通に影響"
    assert headline_title("東京で大雨交通に影響｜ニュース速報", ["ニュース速報"]) is None


def test_full_width_site_suffix_is_removed_when_the_body_confirms_the_headline() -> None:
    title = "東京で大雨、交通に影響｜ニュース速報"
    assert clean_page_title(title, ["東京で大雨、交通に影響"]) == "東京で大雨、交通に影響"
    assert clean_page_title(title, ["別の記事"]) == title


def test_unspaced_site_suffixes_of_east_asian_titles_are_cut_when_the_body_confirms() -> None:
    assert clean_page_title("江苏多地迎来降雪_新华网", ["江苏多地迎来降雪"]) == "江苏多地迎来降雪"
    assert clean_page_title("江苏多地迎来降雪|新华网", ["江苏多地迎来降雪"]) == "江苏多地迎来降雪"
    # A section and then the site: both segments go.
    assert clean_page_title("江苏多地迎来今冬首场降雪_国内新闻_新浪网", ["江苏多地迎来今冬首场降雪"]) == (
        "江苏多地迎来今冬首场降雪"
    )
    assert clean_page_title("서울 지하철 요금 인상 - 한국일보", ["서울 지하철 요금 인상"]) == "서울 지하철 요금 인상"
    assert clean_page_title("江苏多地迎来降雪_新华网", ["其他新闻"]) == "江苏多地迎来降雪_新华网"


def test_unspaced_bar_or_underscore_between_latin_letters_is_no_separator() -> None:
    assert site_cuts("Config_file loader explained") == []
    assert site_cuts("Rock|Pop awards night") == []
    assert site_cuts("Bridge reopens | The Town Paper") == ["Bridge reopens"]


def test_bracketed_label_of_a_japanese_title_is_cut_when_the_body_confirms() -> None:
    top = ["東京で大雨、交通に影響"]
    assert clean_page_title("【速報】東京で大雨、交通に影響", top) == "東京で大雨、交通に影響"
    assert clean_page_title("東京で大雨、交通に影響【動画】", top) == "東京で大雨、交通に影響"
    assert clean_page_title("【速報】東京で大雨、交通に影響｜ニュース速報", top) == "東京で大雨、交通に影響"
    assert clean_page_title("【速報】東京で大雨、交通に影響", ["別の記事"]) == "【速報】東京で大雨、交通に影響"


def test_title_variants_keep_short_section_names_out() -> None:
    # "Sport" is a section name the body may show as a label: never the title.
    assert title_variants("Sport - Harbour club wins the cup - The Town Paper") == ["Sport - Harbour club wins the cup"]
    assert "Sport" not in title_variants("Harbour club wins - Sport - The Town Paper")


def test_east_asian_logo_h1_is_not_the_headline() -> None:
    assert headline_title("江苏多地迎来降雪_新华网", ["新华网"]) is None
    assert headline_title("江苏多地迎来降雪_新华网", ["江苏多地迎来降雪"]) == "江苏多地迎来降雪"


def test_segments_naming_the_declared_site_are_cut_without_the_body() -> None:
    assert clean_page_title("Bridge to be rebuilt | The Town Paper", [], site_name="The Town Paper") == (
        "Bridge to be rebuilt"
    )
    # A site named twice, a site name with its tagline, a site in another case.
    assert without_site_name("Bridge to be rebuilt – Town Paper - Town Paper", "Town Paper") == "Bridge to be rebuilt"
    assert without_site_name("Bridge to be rebuilt - Town Paper", "Town Paper - News since 1901") == (
        "Bridge to be rebuilt"
    )
    assert without_site_name("江苏多地迎来降雪_新华网", "新华网") == "江苏多地迎来降雪"
    # A last segment that is not the site stays, and so does everything before it.
    assert without_site_name("Bridge to be rebuilt - Opinion | Town Paper", "Town Paper") == (
        "Bridge to be rebuilt - Opinion"
    )
    assert without_site_name("Bridge to be rebuilt - Opinion", "Town Paper") == "Bridge to be rebuilt - Opinion"
    # The body's confirmation comes first.
    assert clean_page_title("Harbour club wins the cup - Sport - Paper", ["Harbour club wins the cup"],
                            site_name="Paper") == "Harbour club wins the cup"


def test_html_page_title_loses_the_declared_site_name(cleaner: Cleaner) -> None:
    paras = "".join(f"<p>{p}</p>" for p in body("en").split("\n\n"))
    html = (
        "<html><head><meta property='og:site_name' content='The Town Paper'>"
        f"<meta property='og:title' content='{TITLES['en']} | The Town Paper'></head>"
        f"<body><article>{paras}</article></body></html>"
    )
    assert cleaner.clean(RawArticle(id="t", html=html)).title == TITLES["en"]


def test_a_headline_taken_for_the_site_name_is_not_cut() -> None:
    assert without_site_name("Politics | U.S. troops leave the base", "U.S. troops leave the base") == (
        "Politics | U.S. troops leave the base"
    )


def test_h1_naming_the_section_of_the_metadata_title_is_not_the_headline() -> None:
    assert headline_title("Bridge to be rebuilt by winter | Local news | The Town Paper", ["Local news"]) is None
    assert headline_title("江苏多地迎来今冬首场降雪_国内新闻_新浪网", ["国内新闻"]) is None
    headline = "江苏多地迎来今冬首场降雪"
    assert headline_title(f"{headline}_国内新闻_新浪网", [headline]) == headline


def test_unspaced_dashes_and_full_width_colons_of_east_asian_titles_are_separators() -> None:
    top = ["首相、来年度予算案を閣議決定"]
    assert clean_page_title("首相、来年度予算案を閣議決定：朝日新聞デジタル", top) == top[0]
    assert clean_page_title("首相、来年度予算案を閣議決定－日本経済新聞", top) == top[0]
    assert without_site_name("江苏多地迎来今冬首场降雪-新华网", "新华网") == "江苏多地迎来今冬首场降雪"
    assert site_cuts("COVID-19 cases rise again in the north") == []


def test_page_title_naming_only_the_site_gives_way_to_the_title_element(cleaner: Cleaner) -> None:
    paras = "".join(f"<p>{p}</p>" for p in body("en").split("\n\n"))
    html = (
        f"<html><head><title>{TITLES['en']} | The Town Paper</title></head>"
        f"<body><header><h1>The Town Paper</h1></header><article>{paras}</article></body></html>"
    )
    assert cleaner.clean(RawArticle(id="t", html=html)).title == f"{TITLES['en']} | The Town Paper"
    assert title_element("<title>\n A &amp; B </title>") == "A & B"
    assert title_element("<head><title></title>") is None
    assert names_the_site_of("The Town Paper", f"{TITLES['en']} | The Town Paper")
    assert not names_the_site_of(TITLES["en"], f"{TITLES['en']} | The Town Paper")
    # "Site | Headline": the headline is the longer segment, and no site name.
    assert not names_the_site_of(TITLES["en"], f"The Town Paper | {TITLES['en']}")


def test_japanese_page_title_loses_its_label_and_declared_site_name(cleaner: Cleaner) -> None:
    paras = "".join(f"<p>{p}</p>" for p in JA)
    html = (
        "<html><head><meta property='og:site_name' content='市民新聞'>"
        "<meta property='og:title' content='【速報】市議会、図書館の改修費を可決_市民新聞'></head>"
        f"<body><article>{paras}</article></body></html>"
    )
    out = cleaner.clean(RawArticle(id="t", html=html))
    assert out.title == "【速報】市議会、図書館の改修費を可決"
    # With the headline at the top of the body, the label goes too (and the headline leaves the body).
    html = html.replace("<article>", "<article><h2>市議会、図書館の改修費を可決</h2>")
    out = cleaner.clean(RawArticle(id="t", html=html))
    assert out.title == "市議会、図書館の改修費を可決"
    assert out.text.split("\n")[0] == JA[0]


KO_TITLE = "시의회, 도서관 리모델링 예산 통과"
KO_PARAS = [
    "시의회는 3일 본회의를 열고 시립도서관 리모델링 비용이 포함된 추가경정예산안을 찬성 다수로 통과시켰다. "
    "공사는 내년 봄에 시작해 약 2년간 진행될 예정이다.",
    "공사 기간에는 인근 주민센터에서 도서 대출을 계속하고, 이동도서관 차량을 일주일에 두 번 각 지역에 운행한다고 "
    "시는 밝혔다.",
    "시장은 기자회견에서 어린이부터 노인까지 누구나 편하게 이용할 수 있는 시설로 만들겠다며 시민 의견을 모으겠다고 "
    "말했다.",
]


def test_h1_linking_to_the_home_page_is_the_logo_not_the_headline(cleaner: Cleaner) -> None:
    # A Korean site name in the logo h1, spelled in Latin letters in the <title> element and the host:
    # no word in common, but the h1 links to the home page.
    paras = "".join(f"<p>{p}</p>" for p in KO_PARAS)
    html = (
        f"<html lang='ko'><head><title>{KO_TITLE} - Simin</title></head><body>"
        f"<div id='header'><a href='/'><h1>시민 일보</h1></a><ul><li><a href='/n'>전체뉴스</a></li></ul></div>"
        f"<div class='article'><h2>{KO_TITLE}</h2>{paras}</div></body></html>"
    )
    out = cleaner.clean(RawArticle(id="t", html=html, url="https://www.simin.co.kr/news/1"))
    assert out.title == KO_TITLE
    assert out.text.startswith(KO_PARAS[0])
    # The link may sit inside the h1, to the host's root.
    logo = "<h1 class='logo'><a href='https://www.simin.co.kr'>시민 일보</a></h1>"
    out = cleaner.clean(RawArticle(id="t", html=html.replace("<a href='/'><h1>시민 일보</h1></a>", logo)))
    assert out.title.startswith(KO_TITLE)


def test_a_logo_h1_does_not_hide_the_headline_h1(cleaner: Cleaner) -> None:
    paras = "".join(f"<p>{p}</p>" for p in body("en").split("\n\n"))
    html = (
        f"<html><head><title>{TITLES['en']} - extended for search | The Town Paper</title></head><body>"
        f"<header><a class='home' href='/index.html'><h1>The Town Paper</h1></a></header>"
        f"<article><h1>{TITLES['en']}</h1>{paras}</article></body></html>"
    )
    assert cleaner.clean(RawArticle(id="t", html=html)).title == TITLES["en"]
    # An h1 holding a link to an article or a section is no logo.
    linked = f"<h1><a href='/news/2024/water'>{TITLES['en']}</a></h1>"
    html = html.replace(f"<h1>{TITLES['en']}</h1>", linked)
    assert cleaner.clean(RawArticle(id="t", html=html)).title == TITLES["en"]


def test_title_segment_naming_the_host_is_the_site_name() -> None:
    assert without_site_name(f"{KO_TITLE} - Simin", "www.simin.co.kr") == KO_TITLE
    assert without_site_name(f"{TITLES['en']} - Reuters", "reuters.com") == TITLES["en"]
    # A declared name with spaces is compared whole; a host's label must be the whole segment.
    assert without_site_name(f"{TITLES['en']} - Town", "The Town Paper") == f"{TITLES['en']} - Town"
    assert without_site_name(f"{TITLES['en']} - Simin News", "simin.co.kr") == f"{TITLES['en']} - Simin News"


def test_site_segments_after_bullets_guillemets_and_angle_brackets() -> None:
    top = [TITLES["en"]]
    assert clean_page_title(f"{TITLES['en']} • Jan Novak", top) == TITLES["en"]
    assert clean_page_title(f"{TITLES['en']} · The Town Paper", top) == TITLES["en"]
    assert clean_page_title(f"{TITLES['en']} » Local » The Town Paper", top) == TITLES["en"]
    # The trail of Korean news sites: "headline < section < article view - site".
    assert clean_page_title(f"{KO_TITLE} < 사회 < 기사본문 - 시민일보", [KO_TITLE]) == KO_TITLE
    assert clean_page_title(f"{KO_TITLE} :: 시민일보", [], site_name="시민일보") == KO_TITLE
    # Unconfirmed, the title stays whole.
    assert clean_page_title(f"{TITLES['en']} • Jan Novak", ["Another line"]) == f"{TITLES['en']} • Jan Novak"


def test_an_h1_inside_an_html_comment_is_not_on_the_page() -> None:
    html = (
        "<!-- <div id='gnb'><h1 id='site-title'>Old Town Paper</h1></div> -->"
        f"<header><h1>{TITLES['en']}</h1></header><!-- ad slot --><p>x</p>"
    )
    assert page_headings(html) == [TITLES["en"]]
    assert page_headings("<!-- unclosed <h1>Hidden headline</h1>") == []

"""Boilerplate cues of the languages beyond fr/en/de/es (``streams.clean.cues``), on lines and on small
articles written for these tests."""

from __future__ import annotations

import pytest

from streams.clean import CleanConfig, Cleaner
from streams.clean.rules import classify
from streams.records import RawArticle

CASES = [
    # (injected line, rule expected to fire)
    ("Читайте также: Мэр представил план развития транспорта", "read_also"),
    ("Czytaj także: Nowy most otwarty dla ruchu", "read_also"),
    ("Les også: Ny bro åpner i sentrum", "read_also"),
    ("Läs också: Bron öppnar i vår", "read_also"),
    ("Baca juga: Banjir melanda pusat kota", "read_also"),
    ("यह भी पढ़ें: नगर परिषद ने बजट पास किया", "read_also"),
    ("【関連記事】市議会が補正予算案を可決", "read_also"),
    ("[관련기사] 시의회, 도서관 예산 통과", "read_also"),
    ("相关阅读：市议会通过图书馆预算", "read_also"),
    ("Самое читаемое", "related_list"),
    ("İlgili Haberler", "related_list"),
    ("Najczęściej czytane", "related_list"),
    ("많이 본 뉴스", "related_list"),
    ("Поделиться ВКонтакте Telegram", "share"),
    ("シェア ツイート はてブ", "share"),
    ("공유하기 페이스북 트위터 카카오톡", "share"),
    ("Partilhar Facebook Twitter WhatsApp", "share"),
    ("Del på Facebook", "share"),
    ("Поділитися Facebook Telegram", "share"),
    ("Κοινοποίηση Facebook Twitter", "share"),
    ("شارك فيسبوك تويتر", "share"),
    ("Chia sẻ Facebook", "share"),
    ("Подпишитесь на наш канал в Telegram", "subscribe"),
    ("Abone ol", "subscribe"),
    ("Реклама", "advert"),
    ("Reklama", "advert"),
    ("広告", "advert"),
    ("© 2024 Городская газета. Все права защищены", "copyright"),
    ("Tüm hakları saklıdır.", "copyright"),
    ("<저작권자 © 시민일보, 무단 전재-재배포 금지>", "copyright"),
    ("Комментарии (3)", "counter"),
    ("댓글 0", "counter"),
    ("Далее", "prev_next"),
    ("次の記事", "prev_next"),
    ("5 min read", "reading_time"),
    ("Lesezeit: 4 Minuten", "reading_time"),
    ("Tempo de leitura: 2 minutos", "reading_time"),
    ("読了時間：約3分", "reading_time"),
    ("Главная > Новости > Город", "breadcrumb"),
    ("Anasayfa > Gündem", "breadcrumb"),
    ("ホーム＞ニュース＞国際", "breadcrumb"),
    ("ニュース ＞ 国際 ＞ アジア", "breadcrumb"),
    ("홈 > 사회 > 교육", "breadcrumb"),
    ("Friday, November 14, 2025", "dateline"),
    ("15. März 2024, 14:30 Uhr", "dateline"),
    ("5 марта 2024, 14:30", "dateline"),
    ("sexta-feira, 22 de outubro de 2010 às 20:13", "dateline"),
    ("2024年3月5日(火) 14:30", "dateline"),
    ("2024년 3월 5일 오후 2:30", "dateline"),
    ("12 Mart 2024 14:30", "dateline"),
    ("Cuma, 15 Mart 2024", "dateline"),
    ("Среда, 5 марта 2024", "dateline"),
    ("Av Anna Svensson", "byline"),
    ("Autor: Anna Nowak", "byline"),
    ("Автор: Ирина Петрова", "byline"),
    ("Haber: Ahmet Yılmaz", "byline"),
    ("山田太郎記者", "byline"),
    ("김민수 기자", "byline"),
    ("(서울=연합뉴스) 김민수 기자 minsu@example.co.kr", "byline"),
    ("记者 王明", "byline"),
    ("بقلم أحمد خالد", "byline"),
    ("מאת דנה לוי", "byline"),
    ("14 مارس 2024، 10:15", "dateline"),
    ("Bültenimize abone olun, günün en önemli haberleri her sabah e-posta kutunuzda olsun.", "subscribe"),
    ("뉴스레터를 구독하시면 매일 아침 주요 뉴스를 보내드립니다.", "subscribe"),
    # Paywall prompts where a teaser stops.
    ("Weiterlesen mit Abo", "subscribe"),
    ("Dieser Artikel ist nur für Abonnenten verfügbar.", "subscribe"),
    ("Questo articolo è riservato agli abbonati.", "subscribe"),
    ("Este artigo é exclusivo para assinantes.", "subscribe"),
    ("Ten artykuł jest dostępny tylko dla prenumeratorów.", "subscribe"),
    ("Bu içerik abonelere özeldir.", "subscribe"),
    ("この記事は有料会員限定です。", "subscribe"),
    ("この記事の続きは会員登録でお読みいただけます", "subscribe"),
    ("이 기사는 유료 회원 전용입니다.", "subscribe"),
]


@pytest.mark.parametrize(("line", "rule"), CASES)
def test_cue_line_is_boilerplate(line: str, rule: str) -> None:
    assert classify(line)[0] == rule


@pytest.mark.parametrize(
    "line",
    [
        "Les merveilles de la ville attirent les touristes",  # "les mer" (Norwegian) is no word here
        "Abonner vos enfants à la cantine coûte moins cher",
        "Reading time with parents helps children learn",
        "Reklama w telewizji publicznej budzi kontrowersje, twierdzą posłowie.",
        "Далее мэр рассказал о планах на следующий год.",
        "Del Piero segna ancora",  # "del" (Danish, Norwegian: "share") opening a name
        "Em Lisboa",
        "Av alla dessa skäl valde hon att stanna",  # "av" opening a sentence, not names
        "기자회견에서 시장은 이렇게 말했다.",  # "press conference" opens with the word for reporter
        "記者会見で市長は述べた。",
        "新聞記者として三十年働いた",
        "Mart ayında 2024 yılı bütçesi kabul edildi",
        "Author: Tarek Nakkouch",  # kept in English (references keep it)
        "유료 회원 수가 늘었다고 회사는 밝혔다.",  # "paid members rose, the company said"
        "Weiterlesen",
        "بقلم الرصاص كتب الطفل رسالة طويلة إلى أمه.",  # "with a pencil, the child wrote..."
        "関連企業の株価は午後に下落した。",
        "In March 2020 the city voted",  # a date inside a sentence
        "10:00 - 12:00",  # a time alone: maybe a schedule's row
        "Arsenal 2-1 Chelsea",
        "3.8/5",  # a rating
        "ホームページの作り方を解説します",  # "home page" opening a sentence
        "1 juillet",  # a day and a month alone: the heading of a day in a live report
        "- Jeudi 7 mai -",
    ],
)
def test_sentences_that_open_like_a_cue_are_kept(line: str) -> None:
    assert classify(line)[0] is None


# A Russian article written for this test (a city opens a new bridge), with the page furniture of a
# Russian news site around it.
RU = [
    "Городские власти в среду открыли новый мост через реку, строительство которого продолжалось почти "
    "три года и обошлось бюджету дешевле, чем планировалось.",
    "По словам инженеров, мост рассчитан на движение трамваев и автобусов, а по обеим его сторонам "
    "проложены широкие пешеходные дорожки и велосипедные полосы.",
    "Жители прибрежных районов говорят, что дорога до центра теперь занимает вдвое меньше времени, "
    "хотя в часы пик на подъездах к мосту всё ещё образуются пробки.",
]
RU_FURNITURE = ["Реклама", "Читайте также: Мэр представил план развития транспорта", "Поделиться ВКонтакте Telegram",
                "Комментарии (3)", "© 2024 Городская газета. Все права защищены"]


def test_a_russian_page_loses_its_furniture_and_keeps_its_article() -> None:
    text = "\n\n".join([RU[0], RU_FURNITURE[0], RU_FURNITURE[1], *RU[1:], *RU_FURNITURE[2:]])
    out = Cleaner(CleanConfig()).clean(RawArticle(id="ru", text=text, title="В городе открыли новый мост"))
    assert out.text == "\n\n".join(RU)

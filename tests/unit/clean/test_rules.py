"""Each line rule on small articles in fr/en/de/es."""

from __future__ import annotations

import pytest

from streams.clean import Cleaner
from streams.clean.inline_credits import strip_inline_credits
from streams.clean.rules import RuleStats, apply_rules, classify
from streams.records import RawArticle
from tests.unit.clean.conftest import BODIES, TITLES, page


def _clean(cleaner: Cleaner, text: str, title: str | None = None) -> tuple[str, dict[str, int]]:
    out = cleaner.clean(RawArticle(id="t", text=text, title=title))
    return out.text, out.report.rules_fired


CASES = [
    # (lang, injected line, rule expected to fire)
    ("fr", "Lire aussi : Le maire présente son plan pour les transports", "read_also"),
    ("fr", "À lire aussi - Les parents d’élèves mobilisés", "read_also"),
    ("en", "Read more: Drought hits farmers in the south", "read_also"),
    ("en", "Related: City council approves new budget", "read_also"),
    ("de", "Lesen Sie auch: Neue Radwege in der Innenstadt", "read_also"),
    ("de", "Mehr zum Thema: Baustellen im Norden", "read_also"),
    ("es", "Lea también: El metro amplía su horario nocturno", "read_also"),
    ("es", "Leer más: Nuevas ayudas para el comercio local", "read_also"),
    ("fr", "Vidéo de l'actualité", "media_marker"),
    ("fr", "Photo : AFP", "media_marker"),
    ("en", "Video: Watch the storm hit the coast", "media_marker"),
    ("de", "Foto: dpa", "media_marker"),
    ("fr", "0", "counter"),
    ("en", "12 comments", "counter"),
    ("de", "Kommentare (4)", "counter"),
    ("fr", "Partager sur Facebook Twitter WhatsApp", "share"),
    ("en", "Share this article", "share"),
    ("es", "Compartir en Facebook", "share"),
    ("fr", "Abonnez-vous à notre newsletter pour ne rien manquer", "subscribe"),
    ("en", "Sign up for our daily briefing", "subscribe"),
    ("de", "Jetzt abonnieren und weiterlesen", "subscribe"),
    ("es", "Suscríbete a nuestro boletín", "subscribe"),
    ("fr", "622703.1.260.149.20211209111613", "tracking_id"),
    ("en", "a3f9c2e1-77b4-4c1e-9d2a-0f5e6b7c8d9e", "tracking_id"),
    ("en", "https://example.com/track?id=42", "bare_url"),
    ("fr", "© Le Journal 2024 - Tous droits réservés", "copyright"),
    ("en", "Copyright 2024 Example Media. All rights reserved.", "copyright"),
    ("de", "Alle Rechte vorbehalten", "copyright"),
    ("es", "© 2024 Diario Ejemplo. Todos los derechos reservados.", "copyright"),
    ("fr", "Accueil > Actualités > Société", "breadcrumb"),
    ("en", "Home / News / World / Europe", "breadcrumb"),
    ("de", "Startseite › Politik › Inland", "breadcrumb"),
    ("es", "Portada » Nacional » Política", "breadcrumb"),
    ("en", "News | Sport | Business | Culture | Opinion", "breadcrumb"),
    ("fr", "Publicité", "advert"),
    ("de", "Anzeige", "advert"),
    ("fr", "Publié le 09/12/2021 à 11h16", "dateline"),
    ("en", "Updated 14 March 2024", "dateline"),
    ("en", "Filed under: Harbours | Ferries", "tags"),
    ("en", "Tags: transport, weather, islands", "tags"),
    ("de", "Schlagwörter: Verkehr, Wetter", "tags"),
    ("fr", "Mots-clés : transports, météo", "tags"),
    ("en", "Written by Maren Holt", "byline"),
]


@pytest.mark.parametrize(("lang", "line", "rule"), CASES)
def test_rule_removes_line(cleaner: Cleaner, lang: str, line: str, rule: str) -> None:
    text, fired = _clean(cleaner, page(lang, middle=[line]), TITLES[lang])
    assert line not in text
    assert fired.get(rule, 0) >= 1, fired
    for para in BODIES[lang]:
        assert para in text


@pytest.mark.parametrize(
    ("lang", "prev", "next_"),
    [
        ("fr", "Article précédentLe maire inaugure la médiathèque", "Article suivantUn nouveau parc au bord du Rhône"),
        ("en", "Previous article: Storm warnings issued", "Next article: Schools reopen"),
        ("de", "Vorheriger Artikel: Stadtrat tagt", "Nächster Artikel: Neue Busse"),
        ("es", "Artículo anterior: Llega el calor", "Artículo siguiente: Fiestas de barrio"),
    ],
)
def test_prev_next_links(cleaner: Cleaner, lang: str, prev: str, next_: str) -> None:
    text, fired = _clean(cleaner, page(lang, bottom=[prev, next_]), TITLES[lang])
    assert prev not in text and next_ not in text
    assert fired["prev_next"] == 2


def test_read_also_marker_alone_takes_its_headline(cleaner: Cleaner) -> None:
    text, fired = _clean(cleaner, page("fr", middle=["Lire aussi", "Les parents d’élèves mobilisés devant la mairie"]))
    assert "Lire aussi" not in text and "mobilisés devant" not in text
    assert fired["read_also"] == 1


def test_most_read_list_removed(cleaner: Cleaner) -> None:
    lines = ["Most read", "Storm hits the coast", "Bank raises rates again", "Council approves budget"]
    text, _ = _clean(cleaner, page("en", bottom=lines), TITLES["en"])
    assert all(ln not in text for ln in lines)


def test_inline_photo_credit_removed(cleaner: Cleaner) -> None:
    paras = list(BODIES["en"])
    paras[1] = paras[1] + " (Photo: John Doe/Reuters)"
    text, fired = _clean(cleaner, "\n\n".join(paras), TITLES["en"])
    assert "Photo" not in text and fired["inline_media"] == 1
    assert text.split("\n\n")[1].endswith("evaporation.")


def test_a_list_in_brackets_after_a_media_word_is_the_sentence_s() -> None:
    line = "Share what you make (videos, images, text posts) with the whole team at once."
    assert strip_inline_credits(line) == (line, 0)
    assert strip_inline_credits("Tea is grown on the hills (foto dpa).") == ("Tea is grown on the hills.", 1)
    assert strip_inline_credits("The harbour at dawn [Foto: Anna Lee]") == ("The harbour at dawn", 1)


@pytest.mark.parametrize(
    "line",
    [
        "Related costs rose sharply last year, according to the annual report of the company.",
        "Photos taken by residents show the extent of the flooding along the river, officials said.",
        "Le 0 de la fonction a été atteint selon les ingénieurs.",
        "By contrast, the northern districts reported almost no damage at all during the storm.",
        "Home prices rose by 4% in the third quarter, the statistics office said on Friday.",
        "Cookies and pastries sold over the counter must be packaged and labelled, the agency said.",
        "Behavioral tracking: use cookies and session data to follow what readers do on the site.",
        "Tags are what a reader follows: each story carries three of them, the editors said.",
        "Don't miss the last ferry of the day, which leaves the north pier at ten in the evening.",
        "Further reading of the report shows that the ferries carried fewer passengers in winter.",
        "Written by hand, the first timetable of the ferries hung at the north pier for years.",
    ],
)
def test_prose_is_kept(line: str) -> None:
    assert classify(line)[0] is None


@pytest.mark.parametrize(
    "line",
    [
        "We use cookies on our website to give you the most relevant experience by remembering your preferences"
        " and repeat visits. By clicking Accept, you consent to the use of all the cookies.",
        "This website uses cookies to improve your experience while you navigate through the website.",
        "Necessary cookies are absolutely essential for the website to function properly.",
        "Cookie; Duration; Description",
        "cookielawinfo-checkbox-analytics; 11 months; Set by the consent plugin to store the user's choice.",
        "Manage consent",
        "Nous utilisons des cookies pour vous garantir la meilleure expérience sur notre site.",
        "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis bieten zu können.",
        "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
        "Questo sito utilizza cookie tecnici e di profilazione.",
    ],
)
def test_cookie_notices_are_removed(line: str) -> None:
    assert classify(line)[0] == "cookie_notice"


def test_text_paragraphs_separated_by_blank_line(cleaner: Cleaner) -> None:
    text, _ = _clean(cleaner, "\n".join(BODIES["de"]), TITLES["de"])
    assert text == "\n\n".join(BODIES["de"])


def test_report_counts(cleaner: Cleaner) -> None:
    text = page("es", top=["Portada » Nacional"], middle=["0"])
    out = cleaner.clean(RawArticle(id="r", text=text, title=TITLES["es"]))
    rep = out.report
    assert rep.lines_removed_by_rule == 2
    assert rep.chars_removed_by_rule == len("Portada » Nacional") + 1
    assert rep.rules_fired == {"breadcrumb": 1, "counter": 1}
    assert rep.lines_out == 3 and rep.chars_out == len(out.text)
    assert rep.lines_in == 5


# Rules that need more than a keyword: the lines each must take, and look-alikes (headlines, prose,
# list items) it must leave.
LINE_KINDS: dict[str, list[tuple[str, bool]]] = {
    # a marker followed by names
    "byline": [
        ("By Ana de la Vega", True),
        ("By Tom Lee and Ana Ruiz", True),
        ("Por Redacción Madrid", True),
        ("Door Jan de Vries", True),
        ("Von Anna Müller", True),
        ("Por qué subieron los precios", False),  # a Spanish subheading: "why prices rose"
        ("Von der Leyen fordert mehr Geld", False),  # a German headline that opens with a name
        ("Di cosa si tratta", False),
        ("Par ailleurs", False),
        ("By the numbers", False),
    ],
    # a marker alone or with a credit
    "media_marker": [
        ("Photo AFP", True),
        ("Gallery", True),
        ("Photo courtesy of Noble Desktop", True),
        ("Vidéo de l'actualité", True),
        ("Image via Pexels", True),
        ("Foto: dpa", True),
        ("Audio quality and battery life", False),  # a review's subheading
        ("Watch out for these scams", False),
        ("Photos can be shuffled or shown in order", False),  # a list item
        ("Photo - AFP", True),
        ("Video-on-demand sales: streamers sell past streams as premium content.", False),  # a compound word
        ("Audio-Visual Equipment", False),  # a subheading
    ],
    # from Home, with a separator or section names
    "breadcrumb": [
        ("Home > News > Politics", True),
        ("Accueil / Société", True),
        ("Home News Politics", True),
        ("Home improvement tips for winter", False),
        ("Home Gym Setup for $500", False),
        ("Inicio de la temporada de lluvias", False),  # Spanish: "start of the rainy season"
    ],
    # the sign, or the word with a year or an owner
    "copyright": [
        ("Copyright 2019 Hawaii News Now. All rights reserved.", True),
        ("© 2024 Le Journal", True),
        ("Copyright: AFP", True),
        ("Copyright Getty Images", True),
        ("Copyright law in the EU changed in 2019 after a long debate.", False),
        ("Copyright holders argued that the ruling was too broad.", False),
        ("Copyright Complexity in a Fragmented World", False),  # a subheading, not an owner's name
    ],
    # a prompt to subscribe, not a sentence about subscribers
    "subscribe": [
        ("Subscribe to our newsletter", True),
        ("Subscribe", True),
        ("Subscribers, followers, events and posts in one dashboard.", False),
        ("Subscribed readers get the paper a day early.", False),
    ],
    # a long id (a UUID, a hash, a dotted record id); a short code is the article's
    "tracking_id": [
        ("a3f9c2e1-77b4-4c1e-9d2a-0f5e6b7c8d9e", True),
        ("622703.1.260.149.20211209111613", True),
        ("02-751-1500", False),  # a phone number
        ("RO4993426-1125", False),  # a case number
        ("0x0177b11f", False),  # a hex value
    ],
    # a marker followed by a date
    "dateline": [
        ("Publié le 3 décembre 2024 à 10h", True),
        ("Updated: Dec. 3, 2024", True),
        ("Aktualisiert am 3. März", True),
        ("Publicado el 3 de marzo", True),
        ("Posted by Anna 3 days ago", True),
        ("Last updated", True),
        ("Published in 2019, the study found that sleep matters", False),
        ("Updated guidance from 2023 recommends two doses", False),
        ("Posted in News Release", False),
    ],
}


@pytest.mark.parametrize(
    ("kind", "line", "expected"), [(kind, line, e) for kind, cases in LINE_KINDS.items() for line, e in cases]
)
def test_a_line_is_of_its_kind_and_its_look_alikes_are_not(kind: str, line: str, expected: bool) -> None:
    assert (classify(line)[0] == kind) is expected


def test_a_media_word_opening_a_subheading_inside_the_article_stays_a_credit_goes() -> None:
    first, second, third = BODIES["en"]
    blocks = [[first], ["Video Production Best Practices"], [second], ["Photo AFP"], ["Photo courtesy of Anna Lee"],
              ["Audio Interfaces and Recording Software"], [third]]
    out = apply_rules(blocks, RuleStats())
    assert out == [[first], ["Video Production Best Practices"], [second], ["Audio Interfaces and Recording Software"],
                   [third]]


def test_a_headline_after_a_marker_is_kept_when_the_page_shows_it_without_a_link() -> None:
    lead = ("The council voted on Tuesday to rebuild the old bridge over the river before next winter, "
            "after two years of debate.")
    after = "Engineers said the work would close the road for three months and cost less than expected."
    blocks = [[lead], ["Read more"], ["What residents can expect"], [after]]
    assert apply_rules(blocks, RuleStats()) == [[lead], [after]]
    kept = apply_rules(blocks, RuleStats(), plain=frozenset({"What residents can expect"}))
    assert kept == [[lead], ["What residents can expect"], [after]]


@pytest.mark.parametrize(
    "header",
    ["DON’T MISS", "Recent Articles", "Further reading", "Helpful Links:", "Articles récents", "Neueste Artikel",
     "Последние статьи", "Son yazılar", "最新記事", "최신 기사"],
)
def test_headers_of_a_list_of_other_stories(header: str) -> None:
    assert classify(header)[0] == "related_list"


def test_a_written_by_label_alone_is_a_byline() -> None:
    assert classify("Written by")[0] == "byline"


@pytest.mark.parametrize(
    "line",
    ["Etiketler: ekonomi, enflasyon", "Теги: экономика, инфляция", "Tagi: gospodarka, inflacja", "Címkék: gazdaság",
     "Palavras-chave: economia, inflação", "Ετικέτες: οικονομία", "Thẻ: kinh tế", "タグ：経済、物価", "标签：经济",
     "태그: 경제"],
)
def test_a_line_of_tags_in_other_languages(line: str) -> None:
    assert classify(line)[0] == "tags"


def test_a_tags_label_without_its_colon_is_text() -> None:
    assert classify("Tagit ja avainsanat auttavat lukijaa löytämään jutut, toimitus kertoo.")[0] is None


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("https://example.com/track?id=42", "bare_url"),
        ("http://www.example.org", "bare_url"),
        ("www.harbour-times.example/news/ferries-2024", "bare_url"),
        # A site's address without a scheme or a path is a name the text gives (the outlet, a venue).
        ("www.harbour-times.example", None),
        ("www.시민극장.example.kr", None),
        ("www.teatro-municipal.example.pt/", None),
    ],
)
def test_a_pasted_link_goes_and_a_site_address_stays(line: str, rule: str | None) -> None:
    assert classify(line)[0] == rule


@pytest.mark.parametrize(
    "line",
    [
        "Опубликовано: 5 марта 2024, 14:30",
        "Atualizado em 05/03/2024 às 14h30",
        "Gepubliceerd op 12-03-2024",
        "Julkaistu 5.3.2024 klo 14.30",
        "Opublikowano: 5 marca 2024",
        "Güncelleme: 05.03.2024 14:30",
        "Yayınlanma tarihi: 5 Mart 2024",
        "Δημοσίευση: 05/03/2024",
        "Cập nhật: 05/03/2024 14:30",
        "입력 2024.03.05 14:30 | 수정 2024.03.05 15:00",
        "更新日：2024年3月5日",
        "发布时间：2024-03-05 10:00",
    ],
)
def test_a_dateline_in_other_news_languages(line: str) -> None:
    assert classify(line)[0] == "dateline"


@pytest.mark.parametrize(
    "line",
    [
        "Обновлено 12 приложений",
        "Päivitetty tänään",
        "Aktualizacja systemu 2024",
        "수정 2건이 통과되었다",
        "입력 장치가 2024년에 바뀌었다",
    ],
)
def test_a_dateline_marker_without_its_date_is_text(line: str) -> None:
    assert classify(line)[0] is None


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Publié le 05/03/2024 à 14h30, mis à jour le 06/03/2024 à 10h00", "dateline"),
        ("Stand: 05.03.2024, 14:30 Uhr", "dateline"),
        ("Pubblicato il 5 marzo 2024 alle 14:30", "dateline"),
        # The marker opening a sentence: more than a date follows it.
        ("Published on 5 March 2019, the report found 12 cases", None),
        ("Publicado em 2019, o livro vendeu 2 milhões", None),
        ("Veröffentlicht am 3. Mai 2021 wurde der Bericht 40 Mal zitiert", None),
    ],
)
def test_a_dateline_is_its_marker_and_a_date(line: str, rule: str | None) -> None:
    assert classify(line)[0] == rule


@pytest.mark.parametrize(
    "line",
    [
        "Мы используем файлы cookie, чтобы сайт работал лучше.",
        "Ta strona używa plików cookies w celu świadczenia usług na najwyższym poziomie.",
        "Bu web sitesi çerezler kullanmaktadır.",
        "Çerezleri kullanıyoruz.",
        "Käytämme evästeitä parantaaksemme palvelua.",
        "Deze website gebruikt cookies om de site te verbeteren.",
        "Vi använder cookies för att ge dig en bättre upplevelse.",
        "Kami menggunakan cookie untuk meningkatkan pengalaman Anda.",
        "Ez a weboldal sütiket használ.",
        "当サイトでは、クッキーを使用しています。",
        "本网站使用cookie以提升您的浏览体验。",
        "이 웹사이트는 쿠키를 사용합니다.",
    ],
)
def test_cookie_notices_in_other_news_languages(line: str) -> None:
    assert classify(line)[0] == "cookie_notice"


@pytest.mark.parametrize(
    "line",
    [
        "Мы используем новые методы лечения, сказал главный врач больницы.",
        "Używamy danych z trzech źródeł, mówi minister finansów.",
        "Vi bruger mange penge på skolerne, siger borgmesteren.",
        "Kami menggunakan data dari BPS untuk analisis ini.",
        "Bu site yeni açıldı ve çok okunuyor.",
    ],
)
def test_we_use_without_cookies_is_text(line: str) -> None:
    assert classify(line)[0] is None


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Фото: РИА Новости", "media_marker"),
        ("Zdjęcie: PAP/Anna Nowak", "media_marker"),
        ("Fot. Anna Nowak", "media_marker"),
        ("Fotoğraf: AA", "media_marker"),
        ("Ảnh: Ngọc Thành", "media_marker"),
        ("写真：共同通信", "media_marker"),
        ("图片来源：新华社", "media_marker"),
        ("사진=연합뉴스", "media_marker"),
        # The same words opening text.
        ("Фотографии хранятся в архиве, сказал он.", None),
        ("Ảnh hưởng của bão số 3 rất lớn", None),
        ("사진은 어제 찍은 것이다", None),
        ("Fot och hälsa", None),
    ],
)
def test_a_photo_credit_in_other_news_languages(line: str, rule: str | None) -> None:
    assert classify(line)[0] == rule


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Предыдущая статья", "prev_next"),
        ("Следующая новость: В Москве открыли новый мост", "prev_next"),
        ("Önceki haber", "prev_next"),
        ("Próximo artigo: Governo anuncia novo plano", "prev_next"),
        ("Artikel sebelumnya", "prev_next"),
        ("Предыдущая статья в журнале вызвала споры среди учёных и читателей.", None),
        ("Next article in the series will look at the harbour's finances.", None),
    ],
)
def test_previous_and_next_article_links_in_other_news_languages(line: str, rule: str | None) -> None:
    assert classify(line)[0] == rule


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Read more about how much sleep a ferry crew needs before a night crossing.", None),
        ("Read more about the cost of a season ticket:", "read_also"),
        ("Read more news like this on harbour.example", "read_also"),
        ("Lesen Sie auch Warum die Fähren teurer werden?", "read_also"),
        ("Read more about the storm...", "read_also"),
    ],
)
def test_a_read_more_sentence_ending_with_a_full_stop_is_text(line: str, rule: str | None) -> None:
    assert classify(line)[0] == rule


@pytest.mark.parametrize(
    ("line", "rule", "follow"),
    [
        ("Zie ook", "read_also", 8),
        ("Zie ook: Nieuwe brug over de haven geopend", "read_also", 0),
        ("Se även: Färjan blir dyrare i vinter", "read_also", 0),
        ("Katso myös", "read_also", 8),
        ("Lihat juga: Jembatan baru dibuka", "read_also", 0),
        ("Δείτε επίσης:", "read_also", 8),
        ("参见：新桥开通", "read_also", 0),
        # The same words opening a sentence.
        ("Zie ook de bijlage voor de cijfers van vorig jaar.", None, 0),
        ("Lihat juga bagaimana warga menyambut jembatan baru itu", None, 0),
    ],
)
def test_see_also_markers_in_other_news_languages(line: str, rule: str | None, follow: int) -> None:
    assert classify(line) == (rule, follow)

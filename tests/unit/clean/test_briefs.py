"""Short but real articles pass, junk pages are refused by what they are (``streams.clean.verdict``).

A wire brief (a title and two sentences) and a paywalled teaser (a title, its lead and a "subscribe to
read" box) in English, French and German, written for the tests, come out whole with their title; a
cookie wall, a login or subscription wall, error pages in several languages, a "JavaScript required"
page, an empty template and pages of navigation or links are refused as ``empty_after_cleaning`` with
the reason in the message."""

from __future__ import annotations

import pytest

from streams.clean import Cleaner
from streams.clean.verdict import is_sentence
from streams.records import RawArticle, StageError

NAV = {
    "en": ("Home", "World", "Business", "Sport", "Culture"),
    "fr": ("Accueil", "Monde", "Économie", "Sport", "Culture"),
    "de": ("Startseite", "Welt", "Wirtschaft", "Sport", "Kultur"),
}
RIGHTS = {
    "en": "© 2026 Daily Courier. All rights reserved.",
    "fr": "© 2026 Le Courrier du Soir. Tous droits réservés.",
    "de": "© 2026 Abendkurier. Alle Rechte vorbehalten.",
}
BRIEFS = {
    "en": ("Rail strike called off after overnight talks", [
        "Train drivers called off Friday's national strike after talks with rail operators ended in an "
        "agreement early on Thursday.",
        "Services will run normally, the union said.",
    ]),
    "fr": ("La grève des contrôleurs aériens est levée", [
        "Le principal syndicat des contrôleurs aériens a levé jeudi son préavis de grève après un accord "
        "avec la direction.",
        "Les vols prévus ce week-end sont maintenus.",
    ]),
    "de": ("Bahnstreik in letzter Minute abgesagt", [
        "Die Lokführergewerkschaft hat den für Freitag angekündigten Streik nach einer Einigung mit der "
        "Bahn abgesagt.",
        "Alle Züge fahren nach Plan.",
    ]),
}
TEASERS = {
    "en": ("Inflation falls to lowest level in three years",
           "Consumer prices rose 2.1% in the year to March, down from 2.6% in February, the statistics "
           "office said on Wednesday.",
           ["Subscribe to read the full article", "Already a subscriber? Log in"]),
    "fr": ("Le chômage recule au troisième trimestre",
           "Le taux de chômage a baissé à 7,1 % de la population active au troisième trimestre, selon "
           "l'Insee.",
           ["Cet article est réservé aux abonnés", "Abonnez-vous pour lire la suite", "Déjà abonné ? Connectez-vous"]),
    "de": ("Inflation sinkt auf niedrigsten Stand seit drei Jahren",
           "Die Verbraucherpreise stiegen im März um 2,1 Prozent, teilte das Statistische Bundesamt am "
           "Mittwoch mit.",
           ["Jetzt abonnieren und weiterlesen", "Sie sind bereits Abonnent? Melden Sie sich an"]),
}


def _page(lang: str, title: str | None, inner: str) -> str:
    nav = "".join(f'<li><a href="/{i}">{n}</a></li>' for i, n in enumerate(NAV[lang]))
    h1 = f"<h1>{title}</h1>" if title else ""
    head = f"<title>{title} | Courier</title>" if title else "<title>Courier</title>"
    return (
        f'<!doctype html><html lang="{lang}"><head>{head}</head><body><header><nav><ul>{nav}</ul></nav></header>'
        f'<main><article>{h1}{inner}</article></main><footer><p>{RIGHTS[lang]}</p>'
        f'<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer></body></html>'
    )


@pytest.mark.parametrize("lang", sorted(BRIEFS))
def test_a_wire_brief_of_two_sentences_is_an_article(cleaner: Cleaner, lang: str) -> None:
    title, sentences = BRIEFS[lang]
    html = _page(lang, title, "".join(f"<p>{s}</p>" for s in sentences))
    out = cleaner.clean(RawArticle(id=lang, html=html))
    assert out.title == title and out.text.split("\n\n") == sentences
    assert out.lang == lang


@pytest.mark.parametrize("lang", sorted(TEASERS))
def test_a_paywalled_teaser_keeps_its_lead_and_loses_the_wall(cleaner: Cleaner, lang: str) -> None:
    title, lead, wall = TEASERS[lang]
    box = '<div class="paywall">' + "".join(f"<p>{line}</p>" for line in wall) + "</div>"
    out = cleaner.clean(RawArticle(id=lang, html=_page(lang, title, f"<p>{lead}</p>{box}")))
    assert out.title == title and out.text == lead


@pytest.mark.parametrize("lang", sorted(BRIEFS))
def test_a_brief_as_text_is_an_article(cleaner: Cleaner, lang: str) -> None:
    title, sentences = BRIEFS[lang]
    out = cleaner.clean(RawArticle(id=lang, title=title, text=sentences[0]))
    assert out.text == sentences[0]


JUNK = {
    "cookie wall": ("en", None, "<p>We use cookies to improve your experience and to show you personalised "
                    "advertising.</p><p>Accept all cookies</p><p>Manage preferences</p>", "wall"),
    "cookie wall (nl)": ("en", None, "<p>Wij gebruiken cookies om onze website goed te laten werken en om "
                         "advertenties te tonen.</p><p>Alles accepteren</p>", "wall"),
    "cookie wall (ru)": ("en", None, "<p>Мы используем файлы cookie, чтобы сайт работал лучше и показывал "
                         "рекламу.</p><p>Принять все</p>", "wall"),
    "cookie wall (pl)": ("en", None, "<p>Ta strona używa plików cookies, aby działać poprawnie i pokazywać "
                         "reklamy.</p><p>Akceptuję wszystkie</p>", "wall"),
    "login wall": ("en", "Members area", "<p>Please log in to continue reading.</p><p>Don't have an account?"
                   "</p><p>Create a free account</p>", "wall"),
    "subscribe wall": ("de", "Premium", "<p>Dieser Artikel ist nur für Abonnenten verfügbar.</p>"
                       "<p>Jetzt abonnieren</p><p>Bitte melden Sie sich an.</p>", "wall"),
    "404 (en)": ("en", "Page not found", "<p>404</p><p>Sorry, the page you are looking for does not exist "
                 "or has been moved. Try the search box or go back to the home page.</p>", "error page"),
    "404 (fr)": ("fr", "Page introuvable", "<p>Erreur 404</p><p>La page que vous recherchez n'existe pas ou "
                 "a été déplacée. Retournez à la page d'accueil.</p>", "error page"),
    "404 (de)": ("de", "Seite nicht gefunden", "<p>Fehler 404: Seite nicht gefunden</p><p>Die angeforderte "
                 "Seite existiert leider nicht mehr. Zurück zur Startseite.</p>", "error page"),
    "404 (es)": ("en", "Error", "<p>Página no encontrada</p><p>La página que buscas no existe o ha sido "
                 "eliminada. Vuelve a la portada.</p>", "error page"),
    "404 (ja)": ("en", "エラー", "<p>お探しのページは見つかりませんでした。"
                 "URLをご確認のうえ、トップページからお探しください。</p>", "error page"),
    "access denied": ("en", "Access denied", "<p>Access denied</p><p>You don't have permission to access "
                      "this page on this server. Reference number 18.4f2a.</p>", "error page"),
    "javascript required": ("en", "Courier", "<p>Please enable JavaScript to view this site.</p><p>This "
                            "website requires JavaScript to work properly in your browser.</p>", "wall"),
    "javascript required (fr)": ("fr", "Courrier", "<p>Veuillez activer JavaScript pour afficher ce site "
                                 "correctement dans votre navigateur.</p>", "wall"),
    "empty template": ("en", "Untitled", "<p>{{ article.body }}</p><p>Loading</p>", "minimum"),
    "navigation only": ("en", "Sections", "<ul><li>World news and analysis</li><li>Business and markets today"
                        "</li><li>Sport results and fixtures</li><li>Culture, books and arts</li><li>Science "
                        "and technology coverage</li><li>Opinion and editorials daily</li></ul>", "no sentence"),
    "list of links": ("en", "More stories", "".join(
        f'<p><a href="/s/{i}">{h}</a></p>' for i, h in enumerate((
            "Council approves new budget for city schools", "Storm warning issued for the coast tonight",
            "Local team wins regional championship final", "New museum wing opens to the public",
            "Hospital waiting times fall for third month", "Bus fares to rise from next spring")))
        + "<p>Load more</p>", "no sentence"),
}


@pytest.mark.parametrize("name", sorted(JUNK))
def test_junk_pages_are_refused_with_their_reason(cleaner: Cleaner, name: str) -> None:
    lang, title, inner, reason = JUNK[name]
    with pytest.raises(StageError) as err:
        cleaner.clean(RawArticle(id=name, html=_page(lang, title, inner)))
    assert err.value.code == "empty_after_cleaning"
    assert reason in err.value.message, err.value.message


def test_a_teaser_cut_short_by_an_ellipsis_is_an_article(cleaner: Cleaner) -> None:
    text = ("Le préfet a ordonné mercredi la fermeture de trois écoles de la ville après la découverte de "
            "fissures dans les bâtiments, en attendant…")
    out = cleaner.clean(RawArticle(id="t", title="Trois écoles fermées après la découverte de fissures", text=text))
    assert out.text == text


def test_a_korean_teaser_cut_short_is_an_article(cleaner: Cleaner) -> None:
    text = ("서울시는 내년부터 시내버스 노선을 대폭 개편한다고 28일 밝혔다 이번 개편은 출퇴근 시간대 혼잡을 "
            "줄이기 위한 것으로…")
    out = cleaner.clean(RawArticle(id="t", title="서울 시내버스 노선 대폭 개편", text=text))
    assert out.text == text


def test_a_brief_that_mentions_an_error_code_or_a_login_is_still_an_article(cleaner: Cleaner) -> None:
    text = ("404 passengers were stranded overnight at the airport after a power cut, the operator said.\n\n"
            "Log in problems also hit the airline's website for several hours.")
    out = cleaner.clean(RawArticle(id="t", title="Airport power cut strands passengers", text=text))
    assert out.text == text


@pytest.mark.parametrize(("line", "sentence"), [
    ("Services will run normally, the union said.", True),
    ("Alle Züge fahren nach Plan.", True),
    ("« Nous ne lâcherons rien », a déclaré le maire.", True),
    ("He said: \"It is over.\"", True),
    ("Home", False),
    ("Council approves new budget for city schools", False),
    ("Read more:", False),
    ("Go back.", False),
    ("東京都は来年度から新たな支援策を始めると発表した。", True),
    ("Council approves new budget for city schools…", False),
    ("Home News World Business Markets Sport Football Tennis Culture Books Film Music Travel", False),
    ("Le maire a annoncé mardi que les travaux de la piscine commenceraient au printemps, malgré…", True),
    ("L'élu a inauguré la nouvelle formule des questions au gouvernement avec une charge contre “les ministres”",
     True),
    # Commas, colons and semicolons of every script pause a sentence; they end none.
    ("Der Bürgermeister sagte am Montag vor der Presse:", False),
    ("ከተማው አዲስ ድልድይ ለመገንባት ወሰነ ሲሉ ከንቲባው ዛሬ ተናግረዋል፣", False),
    ("ከተማው አዲስ ድልድይ ለመገንባት ወሰነ ሲሉ ከንቲባው ዛሬ ተናግረዋል።", True),
    ("東京都は来年度から新たな支援策を始めると発表し､", False),
    # A lead cut short in a script without capitals runs on as a lowercase one does; a menu in it does not.
    ("서울시는 내년부터 시내버스 노선을 대폭 개편한다고 밝혔다 이번 개편은 출퇴근 시간대 혼잡을 줄이기 위한…", True),
    ("東京都は来年度から都内の路線バスの運行本数を大幅に増やす方針を固めた関係者によると…", True),
    ("وقالت وزارة الصحة إن عدد الإصابات ارتفع خلال الأسبوع الماضي في عدة مناطق من البلاد…", True),
    ("ホーム ニュース 経済 政治 国際 スポーツ エンタメ ライフ 地域 特集", False),
    ("홈 뉴스 정치 경제 사회", False),
])
def test_is_sentence(line: str, sentence: bool) -> None:
    assert is_sentence(line) is sentence

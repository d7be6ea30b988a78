"""News pages in eleven languages written for the tests: the article (headline, paragraphs, a
subheading) inside each language's usual furniture (menu, breadcrumb, byline and date, photo caption,
an inline read-also link, share bar, newsletter box, related stories, comments, rights notice)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from tests.unit.clean.test_html_scripts import JA


@dataclass(frozen=True)
class NewsPage:
    """One language's article and furniture."""

    title: str
    paras: list[str]
    sub: str
    nav: list[str]
    crumb: str
    byline: str
    date: str
    caption: str
    share: str
    read_also: str
    newsletter: str
    related_header: str
    related: list[str]
    comments_header: str
    comments: list[str]
    rights: str


PAGES = {
    "de": NewsPage(
        "Leipzig plant drei neue Straßenbahnlinien bis 2030",
        [
            "Die Stadtverwaltung von Leipzig hat am Mittwoch neue Pläne für den Ausbau der Straßenbahn vorgestellt, "
            "die bis zum Ende des Jahrzehnts drei zusätzliche Linien vorsehen.",
            "Nach Angaben des Verkehrsdezernats sollen die Bauarbeiten im kommenden Frühjahr beginnen und zunächst "
            "die wachsenden Wohngebiete im Norden der Stadt anbinden.",
            "Anwohner äußerten bei einer Bürgerversammlung Sorgen über Lärm und Baustellen, begrüßten aber "
            "grundsätzlich die bessere Anbindung an das Stadtzentrum.",
            "Der Stadtrat soll im Juni über die Finanzierung abstimmen. Bund und Land haben Zuschüsse von bis zu "
            "siebzig Prozent in Aussicht gestellt.",
            "Die Opposition fordert eine unabhängige Prüfung der Kostenschätzung, die zuletzt um ein Viertel "
            "gestiegen war.",
        ],
        "Was die Anwohner erwartet", ["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Leipzig"],
        "Startseite > Leipzig > Verkehr", "Von Anna Schmidt", "15.03.2024, 14:30 Uhr",
        "Eine Straßenbahn in der Innenstadt. Foto: dpa", "Teilen Facebook Twitter WhatsApp E-Mail",
        "Lesen Sie auch: Neue Radwege für die Innenstadt",
        "Abonnieren Sie unseren kostenlosen Newsletter und erhalten Sie jeden Morgen die wichtigsten Nachrichten.",
        "Mehr zum Thema", ["Bahnstreik legt Nahverkehr lahm", "Neue Buslinie im Süden", "Ticketpreise steigen"],
        "Kommentare (3)",
        ["Endlich tut sich etwas in unserem Viertel!", "Wer soll das alles bezahlen? Die Kosten sind zu hoch.",
         "Ich wohne an der geplanten Strecke und freue mich darauf."],
        "© 2024 Leipziger Stadtzeitung. Alle Rechte vorbehalten.",
    ),
    "es": NewsPage(
        "Valencia amplía su red de carriles bici hasta el centro histórico",
        [
            "El ayuntamiento de Valencia aprobó el jueves un plan para ampliar la red de carriles bici, que "
            "conectará los barrios del sur con el centro histórico antes del próximo verano.",
            "Según la concejala de movilidad, las obras se realizarán por fases para reducir las molestias a los "
            "vecinos y a los comercios de las calles afectadas.",
            "Las asociaciones de ciclistas celebraron la medida, aunque pidieron más aparcamientos seguros para "
            "bicicletas cerca de las estaciones de metro y de tren.",
            "El proyecto cuenta con un presupuesto de doce millones de euros, financiado en parte con fondos "
            "europeos de recuperación.",
            "La oposición criticó la falta de consulta con los comerciantes del centro y pidió un estudio de "
            "impacto sobre el tráfico.",
        ],
        "Las obras empezarán en primavera", ["Portada", "Local", "España", "Internacional", "Deportes"],
        "Portada > Local > Valencia", "Por María López", "14 de marzo de 2024, 10:15",
        "Un ciclista en la avenida del Puerto. Foto: EFE", "Compartir Facebook Twitter WhatsApp",
        "Lea también: El metro amplía su horario nocturno",
        "Suscríbete a nuestro boletín y recibe cada mañana las noticias más importantes de tu ciudad.",
        "Noticias relacionadas", ["Nuevo aparcamiento en el puerto", "El tranvía llegará a la playa"],
        "Comentarios (3)",
        ["Ya era hora de que pensaran en los ciclistas.", "Otra obra más que nunca terminarán a tiempo.",
         "Mi barrio lleva años esperando esta conexión."],
        "© 2024 Diario de Valencia. Todos los derechos reservados.",
    ),
    "tr": NewsPage(
        "İzmir'de yeni metro hattının yapımı başladı",
        [
            "İzmir Büyükşehir Belediyesi, kentin kuzeyini merkeze bağlayacak yeni metro hattının temelini salı "
            "günü düzenlenen törenle attı.",
            "Belediye başkanı, hattın on iki istasyondan oluşacağını ve yolculuk süresini yarı yarıya "
            "kısaltacağını söyledi.",
            "Çevre sakinleri inşaat süresince trafik ve gürültü konusundaki endişelerini dile getirdi, ancak "
            "projeye genel olarak destek verdi.",
            "Projenin maliyetinin yaklaşık iki milyar lira olduğu ve finansmanın bir kısmının uluslararası "
            "kredilerle karşılanacağı belirtildi.",
            "Muhalefet partileri ise ihalenin şeffaf yapılmadığını öne sürerek Sayıştay denetimi talep etti.",
        ],
        "İstasyonlar nerede olacak?", ["Anasayfa", "Gündem", "Ekonomi", "Spor", "Dünya", "Yaşam"],
        "Anasayfa > Gündem > İzmir", "Haber: Ahmet Yılmaz", "12 Mart 2024 14:30",
        "Temel atma töreninden bir kare. Fotoğraf: AA", "Paylaş Facebook Twitter WhatsApp",
        "Ayrıca okuyun: Otobüs seferlerine yeni düzenleme",
        "Bültenimize abone olun, günün en önemli haberleri her sabah e-posta kutunuzda olsun.",
        "İlgili Haberler", ["Körfez'de vapur seferleri arttı", "Yeni tramvay hattı açıldı"],
        "Yorumlar (3)",
        ["Nihayet kuzey bölgesine de metro geliyor.", "Bu proje de yıllarca sürecek, göreceksiniz.",
         "Trafik çilesi bitsin artık, çok sevindim."],
        "© 2024 İzmir Gazetesi. Tüm hakları saklıdır.",
    ),
    "sv": NewsPage(
        "Göteborg bygger ny bro över älven",
        [
            "Kommunfullmäktige i Göteborg beslutade på torsdagen att bygga en ny bro över Göta älv, som ska "
            "ersätta den nuvarande bron från sjuttiotalet.",
            "Enligt trafikkontoret påbörjas arbetet nästa höst, och under byggtiden kommer biltrafiken att ledas "
            "om via hamnen.",
            "Boende i området oroar sig för buller och köer, men många välkomnar att cykelbanan över älven blir "
            "bredare och säkrare.",
            "Projektet beräknas kosta drygt tre miljarder kronor, varav staten står för ungefär en tredjedel.",
            "Oppositionen kritiserar att kostnaden har stigit kraftigt sedan den första utredningen för fem år "
            "sedan.",
        ],
        "Så påverkas trafiken", ["Startsida", "Nyheter", "Sport", "Kultur", "Ekonomi", "Göteborg"],
        "Startsida > Nyheter > Göteborg", "Av Anna Svensson", "14 mars 2024 kl. 10.15",
        "Den gamla bron har stora rostskador. Foto: TT", "Dela Facebook Twitter E-post",
        "Läs också: Spårvagnen får nya vagnar",
        "Prenumerera på vårt nyhetsbrev och få dagens viktigaste nyheter varje morgon.",
        "Mest lästa", ["Nya cykelbanor i centrum", "Färjan ställs in i helgen", "Busskort blir dyrare"],
        "Kommentarer (3)",
        ["Äntligen händer det något med bron!", "Vem ska betala för allt detta? Skattebetalarna förstås.",
         "Jag cyklar över bron varje dag och ser fram emot det."],
        "© 2024 Göteborgs Tidning. Alla rättigheter förbehållna.",
    ),
    "ru": NewsPage(
        "В Казани построят новую линию метро",
        [
            "Городские власти Казани в среду представили план строительства второй линии метро, которая свяжет "
            "северные районы с центром города.",
            "По словам главы транспортного управления, работы начнутся весной следующего года, а первые станции "
            "откроются через четыре года.",
            "Жители окрестных домов на общественных слушаниях выразили опасения по поводу шума и перекрытых улиц, "
            "но в целом поддержали проект.",
            "Стоимость строительства оценивается в сорок миллиардов рублей, часть средств выделит федеральный бюджет.",
            "Депутаты от оппозиции потребовали провести независимую экспертизу сметы, которая за год выросла на "
            "четверть.",
        ],
        "Где появятся станции", ["Главная", "Политика", "Экономика", "Спорт", "Культура", "Казань"],
        "Главная > Новости > Казань", "Автор: Ирина Петрова", "14 марта 2024, 10:15",
        "Проект новой станции. Фото: пресс-служба мэрии", "Поделиться ВКонтакте Telegram WhatsApp",
        "Читайте также: Трамвай продлят до аэропорта",
        "Подпишитесь на нашу рассылку и получайте главные новости города каждое утро.",
        "Новости по теме", ["Автобусы пойдут по новым маршрутам", "Проезд подорожает с апреля"],
        "Комментарии (3)",
        ["Наконец-то и до нашего района дойдёт метро!", "Опять стройка на десять лет, вот увидите.",
         "Живу рядом с будущей станцией и очень этому рад."],
        "© 2024 Казанские ведомости. Все права защищены.",
    ),
    "pt": NewsPage(
        "Porto vai ampliar a rede de ciclovias até ao centro histórico",
        [
            "A Câmara Municipal do Porto aprovou na quinta-feira um plano para ampliar a rede de ciclovias, que vai "
            "ligar os bairros da zona oriental ao centro histórico até ao próximo verão.",
            "Segundo a vereadora da mobilidade, as obras serão feitas por fases para reduzir os incómodos para os "
            "moradores e para o comércio das ruas afetadas.",
            "As associações de ciclistas saudaram a medida, mas pediram mais estacionamento seguro para bicicletas "
            "junto às estações de metro.",
            "O projeto tem um orçamento de dez milhões de euros, financiado em parte por fundos europeus.",
            "A oposição criticou a falta de consulta aos comerciantes e pediu um estudo sobre o impacto no trânsito.",
        ],
        "As obras começam na primavera", ["Início", "Local", "País", "Mundo", "Desporto", "Cultura"],
        "Início > Local > Porto", "Por Ana Costa", "14 de março de 2024, 10:15",
        "Um ciclista na avenida principal. Foto: Lusa", "Partilhar Facebook Twitter WhatsApp",
        "Leia também: Metro alarga horário noturno",
        "Assine a nossa newsletter e receba todas as manhãs as notícias mais importantes da sua cidade.",
        "Notícias relacionadas", ["Novo parque de estacionamento no porto", "Elétrico chega à praia"],
        "Comentários (3)",
        ["Já era tempo de pensarem nos ciclistas.", "Mais uma obra que nunca vai acabar a tempo.",
         "O meu bairro espera por esta ligação há anos."],
        "© 2024 Jornal do Porto. Todos os direitos reservados.",
    ),
    "it": NewsPage(
        "Bologna, approvato il piano per tre nuove linee del tram",
        [
            "Il consiglio comunale di Bologna ha approvato mercoledì il piano per tre nuove linee del tram, che "
            "collegheranno la periferia nord al centro entro la fine del decennio.",
            "Secondo l'assessore ai trasporti, i cantieri partiranno la prossima primavera e riguarderanno prima i "
            "quartieri in maggiore crescita.",
            "I residenti hanno espresso durante un'assemblea pubblica preoccupazioni per il rumore e i cantieri, "
            "ma hanno accolto con favore il progetto.",
            "Il costo complessivo è stimato in trecento milioni di euro, in parte coperti da fondi europei.",
            "L'opposizione chiede una verifica indipendente dei costi, aumentati di un quarto nell'ultimo anno.",
        ],
        "Cosa cambia per i residenti", ["Home", "Politica", "Economia", "Sport", "Cultura", "Bologna"],
        "Home > Cronaca > Bologna", "Di Marco Rossi", "14 marzo 2024, 10:15",
        "Un tram in via Indipendenza. Foto: Ansa", "Condividi Facebook Twitter WhatsApp",
        "Leggi anche: Nuove piste ciclabili in centro",
        "Iscriviti alla nostra newsletter e ricevi ogni mattina le notizie più importanti della tua città.",
        "Articoli correlati", ["Sciopero dei bus venerdì", "Nuovo parcheggio in stazione"],
        "Commenti (3)",
        ["Finalmente qualcosa si muove nel nostro quartiere!", "Chi pagherà tutto questo? I costi sono troppo alti.",
         "Abito vicino al tracciato e non vedo l'ora."],
        "© 2024 Gazzetta di Bologna. Tutti i diritti riservati.",
    ),
    "pl": NewsPage(
        "Kraków zbuduje nową linię tramwajową do Nowej Huty",
        [
            "Rada Miasta Krakowa przyjęła w środę plan budowy nowej linii tramwajowej, która połączy wschodnie "
            "osiedla z centrum miasta do końca dekady.",
            "Według zarządu transportu prace rozpoczną się wiosną przyszłego roku i najpierw obejmą najszybciej "
            "rozwijające się dzielnice.",
            "Mieszkańcy podczas konsultacji wyrażali obawy dotyczące hałasu i utrudnień w ruchu, ale ogólnie "
            "poparli projekt.",
            "Koszt inwestycji szacuje się na osiemset milionów złotych, część pokryją fundusze unijne.",
            "Opozycja domaga się niezależnej kontroli kosztorysu, który w ciągu roku wzrósł o jedną czwartą.",
        ],
        "Co czeka mieszkańców", ["Strona główna", "Polityka", "Gospodarka", "Sport", "Kultura", "Kraków"],
        "Strona główna > Wiadomości > Kraków", "Autor: Anna Nowak", "14 marca 2024, 10:15",
        "Tramwaj na ulicy Długiej. Fot. PAP", "Udostępnij Facebook Twitter WhatsApp",
        "Czytaj także: Nowe ścieżki rowerowe w centrum",
        "Zapisz się do naszego newslettera i otrzymuj każdego ranka najważniejsze wiadomości z miasta.",
        "Najczęściej czytane", ["Strajk autobusów w piątek", "Nowy parking przy dworcu", "Bilety podrożeją"],
        "Komentarze (3)",
        ["Wreszcie coś się dzieje w naszej dzielnicy!", "Kto za to wszystko zapłaci? Koszty są za wysokie.",
         "Mieszkam przy planowanej trasie i bardzo się cieszę."],
        "© 2024 Gazeta Krakowska. Wszelkie prawa zastrzeżone.",
    ),
    "ja": NewsPage(
        "市議会、図書館の改修費を可決",
        [
            *JA,  # the Japanese article of the script tests, two paragraphs longer
            "改修費は約十二億円で、国の補助金と市の基金を充てる。閲覧席は現在の一・五倍に増え、学習室も新たに設けられる。",
            "一方、一部の議員からは費用が膨らみすぎているとの批判も出ており、今後の議会で詳しい説明を求める方針だ。",
        ],
        "閲覧席は一・五倍に", ["トップ", "ニュース", "経済", "スポーツ", "エンタメ", "地域"], "ホーム＞ニュース＞地域",
        "山田太郎記者", "2024年3月5日(火) 14:30", "改修される市立図書館（3日、市内で）", "シェア ツイート はてブ",
        "【関連記事】市内の公園に新しい遊具", "メルマガ登録で毎朝最新ニュースをお届けします。", "関連記事",
        ["駅前の再開発計画まとまる", "市バスの路線を見直し", "公民館の利用時間を延長"], "コメント（3）",
        ["子どもが喜びます。早く完成してほしいです。", "税金の使い方として本当に正しいのか疑問です。",
         "学習室ができるのはありがたいですね。"],
        "無断転載を禁じます。© 2024 市民新聞",
    ),
    "ko": NewsPage(
        "시의회, 도서관 리모델링 예산 통과",
        [
            "시의회는 3일 본회의를 열고 시립도서관 리모델링 비용이 포함된 추가경정예산안을 찬성 다수로 통과시켰다. "
            "공사는 내년 봄에 시작해 약 2년간 진행될 예정이다.",
            "공사 기간에는 인근 주민센터에서 도서 대출을 계속하고, 이동도서관 차량을 일주일에 두 번 각 지역에 "
            "운행한다고 시는 밝혔다.",
            "시장은 기자회견에서 어린이부터 노인까지 누구나 편하게 이용할 수 있는 시설로 만들겠다며 시민 의견을 "
            "모으겠다고 말했다.",
            "리모델링 비용은 약 120억 원으로, 국비 보조금과 시 기금으로 충당한다. 열람석은 현재의 1.5배로 늘어나고 "
            "학습실도 새로 생긴다.",
            "한편 일부 의원들은 비용이 지나치게 늘었다며 다음 회기에서 자세한 설명을 요구하겠다고 밝혔다.",
        ],
        "열람석 1.5배로 늘어", ["홈", "정치", "경제", "사회", "스포츠", "연예"], "홈 > 사회 > 교육", "김민수 기자",
        "2024년 3월 5일 오후 2:30", "리모델링되는 시립도서관 전경. 사진=시청 제공", "공유하기 페이스북 트위터 카카오톡",
        "[관련기사] 시내 공원에 새 놀이기구 설치", "뉴스레터를 구독하시면 매일 아침 주요 뉴스를 보내드립니다.",
        "많이 본 뉴스", ["역 앞 재개발 계획 확정", "시내버스 노선 개편", "주민센터 운영시간 연장"], "댓글 3",
        ["아이들이 정말 좋아하겠네요. 빨리 완공되면 좋겠습니다.", "세금을 이렇게 쓰는 게 맞는지 모르겠습니다.",
         "학습실이 생긴다니 반갑네요."],
        "<저작권자 © 시민일보, 무단 전재-재배포 금지>",
    ),
    "zh": NewsPage(
        "市议会通过图书馆改造预算",
        [
            "市议会三日以多数票通过了包含市立图书馆改造费用的补充预算案。改造工程预计明年春天开始，工期将持续近两年。",
            "施工期间，附近的社区中心将继续提供借书服务，流动图书车每周两次前往各个街区。预约的图书可以在社区中心窗口领取。",
            "市长在记者会上表示，希望把图书馆建成从儿童到老人都方便使用的设施，并将广泛征求市民意见。说明会将于下月举行。",
            "改造费用约为十二亿元，由国家补助金和市级基金共同承担。阅览座位将增加到现在的一点五倍，并新设自习室。",
            "另一方面，部分议员批评费用增长过快，表示将在下次会议上要求市政府作出详细说明。",
        ],
        "阅览座位增加一点五倍", ["首页", "新闻", "财经", "体育", "娱乐", "本地"], "首页 > 新闻 > 本地", "记者 王明",
        "2024年3月5日 14:30", "改造中的市立图书馆（资料图）", "分享到 微信 微博", "相关阅读：市内公园新增游乐设施",
        "订阅我们的新闻简报，每天早上获取最新消息。", "相关新闻", ["车站前再开发计划确定", "市内公交线路调整"],
        "评论（3）", ["孩子们一定会很高兴，希望早日完工。", "这样使用税金真的合适吗？", "有了自习室真是太好了。"],
        "版权所有 © 2024 市民日报",
    ),
}

# Two keywords of a paragraph to link as a site's tag pages do: a run of 2-3 ideographs, a Korean word,
# or a capitalised word.
_KEYWORD = re.compile(r"[\u4e00-\u9fff]{2,3}|[\uac00-\ud7af]{2,}|\b[A-ZÄÖÜÉÍÓÚİÇŞ][\w'-]{3,}")


def _linked(paragraph: str) -> str:
    out = escape(paragraph)
    for i, word in enumerate(_KEYWORD.findall(paragraph)[:2]):
        out = out.replace(escape(word), f"<a href='/tag/{i}'>{escape(word)}</a>", 1)
    return out


def article_text(lang: str) -> str:
    """The article a reader of the page sees: the paragraphs, with the subheading before the fourth."""
    page = PAGES[lang]
    return "\n".join([*page.paras[:3], page.sub, *page.paras[3:]])


def news_page(lang: str, keyword_links: bool = False) -> str:
    """The page of ``lang``; with ``keyword_links``, two words of each paragraph link to tag pages."""
    p, e = PAGES[lang], escape
    paras = [_linked(t) if keyword_links else e(t) for t in p.paras]
    nav = "".join(f"<li><a href='/s/{i}'>{e(n)}</a></li>" for i, n in enumerate(p.nav))
    related = "".join(f"<li><a href='/r/{i}'>{e(h)}</a></li>" for i, h in enumerate(p.related))
    comments = "".join(
        f"<div class='comment'><span class='user'>user{i}</span><p>{e(c)}</p><a href='#r{i}'>Reply</a></div>"
        for i, c in enumerate(p.comments)
    )
    body = (
        f"<p>{paras[0]}</p><p>{paras[1]}</p><figure><img src='a.jpg'><figcaption>{e(p.caption)}</figcaption>"
        f"</figure><p>{paras[2]}</p><div class='inline-related'><a href='/x'>{e(p.read_also)}</a></div>"
        f"<h2>{e(p.sub)}</h2><p>{paras[3]}</p><p>{paras[4]}</p>"
    )
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{e(p.title)} | Site</title>"
        f"<meta property='og:title' content='{e(p.title)}'></head><body>"
        f"<header><a href='/' class='logo'>Site</a><nav><ul>{nav}</ul></nav></header>"
        f"<main><div class='breadcrumb'>{e(p.crumb)}</div><article><h1>{e(p.title)}</h1>"
        f"<div class='meta'><span class='author'>{e(p.byline)}</span> <time>{e(p.date)}</time></div>"
        f"<div class='article-body'>{body}</div><div class='share'>{e(p.share)}</div>"
        f"<div class='newsletter'><p>{e(p.newsletter)}</p></div></article>"
        f"<aside><h3>{e(p.related_header)}</h3><ul>{related}</ul></aside>"
        f"<section class='comments'><h3>{e(p.comments_header)}</h3>{comments}</section></main>"
        f"<footer><p>{e(p.rights)}</p></footer></body></html>"
    )

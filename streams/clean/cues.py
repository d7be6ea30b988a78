"""Boilerplate cue phrases of the news languages beyond the Western European ones that ``rules`` is
written in (Scandinavian, Finnish, Slavic, Romanian, Hungarian, Greek, Turkish, Arabic, Hebrew,
Hindi, Indonesian, Vietnamese, Chinese, Japanese, Korean), and the share-bar words of every language.

Each is a regex alternation in matching-key form (``normalize_for_matching``: casefolded, so a Greek
final sigma is "σ" and a Turkish dotted capital I is "i" and a combining dot), spliced into the rule
of the same name. Phrases in alphabetic scripts are matched as whole words (``WORD_END``): "les mer"
(Norwegian "read more") must not open the French "Les merveilles ..."; Chinese, Japanese and Korean
phrases have no word boundary to test and are long enough to stand alone.
"""

from __future__ import annotations

WORD_END = r"(?!\w)"

# "Read also" / "read more" markers opening a line (followed by a headline, or alone).
READ_ALSO = (
    r"(?:l[aä]s (?:ocks[aå]|[aä]ven|mer)|l[æe]s (?:ogs[aå]|mere)|les (?:ogs[aå]|mer)|lue (?:my[oö]s|lis[aä][aä])"
    r"|lees meer|czytaj (?:te[zż]|tak[zż]e|r[oó]wnie[zż]|wi[eę]cej)|zobacz (?:te[zż]|tak[zż]e|r[oó]wnie[zż])"
    r"|(?:[cč]t[eě]te|p[rř]e[cč]t[eě]te si) (?:tak[eé]|t[eé][zž])|[cč][ií]tajte (?:tie[zž]|aj)"
    r"|pro[cč]itajte (?:jo[sš]|i)|cite[sșş]te (?:[sșş]i|mai mult)|olvassa el ezt is"
    r"|читайте (?:также|тоже|ещ[её]|також)|смотрите также|читать (?:также|далее)"
    r"|ayr[iı]ca (?:okuyun|bak[iı]n[iı]z)|bunlar da ilginizi [cç]ekebilir|haberin devam[iı]"
    r"|baca (?:juga|selengkapnya)|xem th[eê]m|[dđ][oọ]c th[eê]m|διαβ[αά]στε (?:επ[ιί]σησ|ακ[οό]μη|ακ[οό]μα)"
    r"|اقرأ (?:أيضا|ايضا|المزيد)|إقرأ أيضا|קראו עוד|קרא עוד|यह भी पढ़ें|और पढ़ें|ये भी पढ़ें)" + WORD_END
    + r"|関連記事|あわせて読みたい|併せて読みたい|こちらもおすすめ|続きを読む|相关阅读|相關閱讀|延伸阅读|延伸閱讀"
    r"|推荐阅读|推薦閱讀|相关新闻|相關新聞|相关报道|相關報導|관련\s?기사|함께 (?:보면|읽으면) 좋은 기사"
)
# Headers of a list of other stories (a whole line): most read, related, popular.
LIST_HEADER = (
    r"meest gelezen|gerelateerde artikelen|mest l[aä]sta?|relaterade artiklar|mest l[æe]ste|mest lest"
    r"|luetuimmat(?: uutiset)?|najcz[eę][sś]ciej czytane|najpopularniejsze|podobne artyku[lł]y|nej[cč]ten[eě]j[sš][ií]"
    r"|souvisej[ií]c[ií] [cč]l[aá]nky|самое (?:читаемое|популярное)|популярное|похожие (?:статьи|новости)"
    r"|новости по теме|найпопулярніше|en [cç]ok okunan(?:lar)?|i\u0307?lgili haberler|benzer haberler"
    r"|cele mai citite|articole similare|legolvasottabb|berita terkait|artikel terkait|terpopuler"
    r"|tin li[eê]n quan|b[aà]i vi[eế]t li[eê]n quan|δημοφιλ[ηή]|الأكثر قراءة|أخبار ذات صلة|مقالات ذات صلة"
    r"|संबंधित खबरें|mais lid[ao]s|not[ií]cias relacionadas|pi[uù] lett[ie]|articoli correlati"
    r"|人気記事|人気の記事|おすすめ記事|アクセスランキング|热门文章|热门新闻|相关文章|相關文章|热点新闻"
    r"|많이 본 (?:뉴스|기사)|인기\s?기사|추천 기사|son yaz[iı]lar|последние статьи|最新記事|最新文章|최신 기사"
)
# The home link opening a breadcrumb trail ("Главная > Новости", "ホーム＞ニュース").
HOME = (
    r"главная|головна|strona g[lł][oó]wna|anasayfa|ana sayfa|etusivu|forside|startsida|beranda|trang ch[uủ]"
    r"|αρχικ[ηή]|الرئيسية|ראשי|ホーム|トップ|首页|首頁|홈"
)
# "Previous" / "next" alone on a line.
PREV_NEXT_ALONE = (
    r"назад|далее|вперед|вперёд|poprzedni|nast[eę]pny|dalej|wstecz|[oö]nceki|sonraki|vorige|volgende"
    r"|f[oö]reg[aå]ende|n[aä]sta|precedente|successivo|pr[oó]xim[oa]|前へ|次へ|前の記事|次の記事|上一篇|下一篇"
    r"|上一页|下一页|이전 기사|다음 기사"
)
# Comment counters and headers ("Комментарии (3)", "Yorumlar", "댓글 0").
COMMENTS = (
    r"комментари[йиея]в?|komentarz[ey]?|yorum(?:lar)?|reacties?|kommentarer|kommentit|komentar|b[iì]nh lu[aậ]n"
    r"|コメント|评论|評論|留言|댓글"
)
# Subscription and follow prompts opening a line.
SUBSCRIBE = (
    r"(?:подпиш(?:итесь|ись)|подписывайтесь|подписаться|subskrybuj|zapisz si[eę]|obserwuj nas|abone ol"
    r"|bizi takip edin|abonneer|schrijf je in|volg ons|prenumerera|f[oö]lj oss|abonnér|f[oø]lg os|tilaa"
    r"|seuraa meit[aä]|iscriviti|seguici|abbonati|assine|inscreva-se|siga-nos|ikuti kami|berlangganan"
    r"|b[uü]ltenimize|e-b[uü]ltenimize|bu i[cç]erik abonelere [oö]zel(?:dir)?|ten artyku[lł] jest dost[eę]pny tylko"
    r"|este (?:artigo|conte[uú]do) [eé] exclusivo|[dđ][aă]ng k[yý] nh[aậ]n)" + WORD_END
    + r"|メルマガ|ニュースレター|この記事は(?:有料)?会員限定|有料会員限定|この記事の続きは|続きは(?:有料)?会員"
    r"|订阅|訂閱|关注我们|關注我們|付费内容|구독하기|뉴스레터|이 기사는 유료|유료\s?회원\s?전용"
)
# The label of a line of the story's tags or keywords, before its colon ("Etiketler:", "Теги:", "タグ：").
TAGS = (
    r"etiketler|anahtar kelimeler|теги|метки|ключевые слова|тег[иі]|tagit|avainsanat|tagi|s[lł]owa kluczowe"
    r"|c[ií]mk[eé]k|[sš]t[ií]tky|etichete|palavras-chave|etichette|trefwoorden|etiketter|nyckelord|emneord"
    r"|ετικ[εέ]τεσ|الوسوم|كلمات مفتاحية|תגיות|टैग|thẻ|từ khóa|タグ|キーワード|标签|標籤|关键词|關鍵詞|태그|키워드"
)
# An advertisement label (a whole line).
ADVERT = (
    r"reklama|реклама|reklam|reclame|advertentie|annons|annonse|mainos|iklan|qu[aả]ng c[aá]o|hirdet[eé]s"
    r"|διαφ[ηή]μιση|إعلان|publicidade|patrocinado|sponsorizzato|gesponsert|広告|スポンサーリンク|广告|廣告|광고"
)
# Rights notices (anywhere in a short line).
RIGHTS_RESERVED = (
    r"alle rechten voorbehouden|todos os direitos reservados|все права защищены|wszelkie prawa zastrze[zż]one"
    r"|t[uü]m haklar[iı] sakl[iı]d[iı]r|alla r[aä]ttigheter f[oö]rbeh[aå]llna|alle rettigheder forbeholdes"
    r"|alle rettigheter reservert|kaikki oikeudet pid[aä]tet[aä][aä]n|v[sš]echna pr[aá]va vyhrazena"
    r"|toate drepturile rezervate|minden jog fenntartva|hak cipta dilindungi|جميع الحقوق محفوظة"
    r"|με επιφ[υύ]λαξη παντ[οό]σ δικαιωμ[αά]τοσ|सर्वाधिकार सुरक्षित|無断転載|無断複製|版权所有|版權所有"
    r"|무단\s?전재|재배포\s?금지"
)
# Words of a share bar ("Partager sur Facebook Twitter", "Поделиться ВКонтакте Telegram", "シェア ツイート",
# "공유하기 페이스북 트위터"), every language's; the primary ones say "share" (a line of network names alone
# is a share bar only with one of them).
SHARE_WORDS = (
    "partager", "partagez", "partage", "share", "shares", "sharing", "teilen", "compartir",
    "condividi", "compartilhar", "delen", "tweet", "tweeter", "email", "e", "mail", "courriel",
    "imprimer", "print", "drucken", "imprimir", "stampa", "facebook", "twitter", "x", "linkedin",
    "whatsapp", "pinterest", "telegram", "messenger", "reddit", "flipboard", "bluesky", "threads",
    "mastodon", "copier", "copy", "copiar", "kopieren", "lien", "link", "enlace", "url", "sur", "on",
    "via", "per", "the", "this", "article", "cet", "artikel", "el", "la", "le", "les", "en", "par",
    "by", "auf", "por",
    "поделиться", "поделитесь", "вконтакте", "vk", "одноклассники", "udostępnij", "paylaş", "dela", "jaa",
    "sdílet", "bagikan", "シェア", "ツイート", "はてブ", "pocket", "line", "共有", "分享", "分享到", "微信", "微博",
    "공유", "공유하기", "페이스북", "트위터", "카카오톡", "카카오스토리", "weibo", "wechat", "viber", "xing",
    # European Portuguese, Danish and Norwegian ("Del på Facebook"), Ukrainian, Hungarian, Romanian, Greek,
    # Arabic, Hebrew, Hindi and Vietnamese ("chia sẻ"), with the small words of "share on ...".
    "partilhar", "partilhe", "partilha", "del", "på", "em", "no", "su", "na", "поділитися", "megosztás",
    "distribuie", "κοινοποίηση", "κοινοποιήστε", "شارك", "مشاركة", "فيسبوك", "تويتر", "واتساب", "שתפו", "שתף",
    "शेयर", "chia", "sẻ",
)
SHARE_PRIMARY = (
    "partager", "partagez", "share", "teilen", "compartir", "condividi", "compartilhar", "delen",
    "tweet", "tweeter", "facebook", "twitter", "linkedin", "whatsapp", "pinterest", "telegram",
    "messenger", "reddit", "flipboard", "imprimer", "print", "drucken", "imprimir",
    "поделиться", "поделитесь", "вконтакте", "udostępnij", "paylaş", "dela", "jaa", "sdílet", "bagikan",
    "シェア", "ツイート", "分享", "分享到", "공유", "공유하기", "카카오톡",
    "partilhar", "partilhe", "del", "поділитися", "megosztás", "distribuie", "κοινοποίηση", "κοινοποιήστε",
    "شارك", "مشاركة", "שתפו", "שתף", "शेयर", "chia",
)
# A reading-time estimate ("5 min read", "Lesezeit: 4 Minuten", "読了時間：約3分"), anywhere in a short line.
READING_TIME = (
    r"(?<!\w)(?:\d+ ?-?(?:min|mins|minute|minutes)\.? read|read(?:ing)? time|lesezeit|lesedauer"
    r"|temps de lecture|tiempo de lectura|tempo de leitura|tempo di lettura|leestijd|l[aä]stid|lese?tid"
    r"|l[æe]setid|lukuaika|czas czytania|время (?:чтения|прочтения)|okuma s[uü]resi|waktu baca"
    r"|th[oờ]i gian [dđ][oọ]c)" + WORD_END + r"|読了時間|阅读时间|閱讀時間|읽는 시간"
)
# The marker of a dateline ("Опубликовано: 5 марта 2024", "Atualizado em 05/03/2024", "입력 2024.03.05
# 14:30", "更新日：2024年3月5日"), followed by its date (``dates.is_marked_date``).
DATELINE = (
    r"(?:publicado|atualizado|gepubliceerd|bijgewerkt|publicerad|uppdaterad|publiceret|opdateret|publisert"
    r"|oppdatert|julkaistu|p[aä]ivitetty|opublikowano|zaktualizowano|aktualizacja|publikov[aá]no"
    r"|aktualizov[aá]no|publicat|actualizat|k[oö]zz[eé]t[eé]ve|friss[ií]tve|diterbitkan|diperbarui"
    r"|dipublikasikan|c[aậ]p nh[aậ]t|opublikowany|опубликовано|обновлено|дата публикации|опубліковано"
    r"|оновлено|yay[iı]nlanma(?: tarihi)?|g[uü]ncelleme(?: tarihi)?|yay[iı]nland[iı]|g[uü]ncellendi"
    r"|δημοσ[ιί]ευση|ενημ[εέ]ρωση|نشر في|آخر تحديث|تاريخ النشر|פורסם|עודכן|प्रकाशित|अपडेट)" + WORD_END
    + r"|更新日時?|公開日時?|配信日時?|掲載日|投稿日|发布时间|發布時間|发布日期|更新时间|更新時間"
    r"|기사입력|입력|수정|승인|업데이트"
)
# A cookie consent banner opening a line ("Мы используем файлы cookie", "Ta strona używa plików cookies",
# "当サイトではクッキーを使用しています"): the site or "we" using cookies, in the news languages.
COOKIE_NOTICE = (
    r"(?:wij gebruiken|deze (?:web)?site gebruikt|vi anv[aä]nder|den h[aä]r webbplatsen anv[aä]nder|vi bruger"
    r"|denne (?:hjemme|web)side bruger|vi bruker|k[aä]yt[aä]mme|t[aä]m[aä] (?:verkko)?sivusto k[aä]ytt[aä][aä]"
    r"|u[zż]ywamy|ta strona (?:internetowa )?(?:u[zż]ywa|wykorzystuje)|pou[zž][ií]v[aá]me|tento web pou[zž][ií]v[aá]"
    r"|folosim|acest site (?:web )?folose[sșş]te|ez a (?:web)?oldal|weboldalunk|мы используем|этот сайт использует"
    r"|наш сайт использует|ми використовуємо|цей сайт використовує|bu (?:web ?)?site\w{0,5}"
    r"|kami menggunakan|situs (?:web )?ini menggunakan|ch[uú]ng t[oô]i s[uử] d[uụ]ng"
    r"|trang web n[aà]y s[uử] d[uụ]ng|χρησιμοποιο[υύ]με|αυτ[οό]σ ο ιστ[οό]τοποσ χρησιμοποιε[ιί]"
    r"|نستخدم|يستخدم هذا الموقع"
    r"|אנו משתמשים|אתר זה משתמש)" + WORD_END + r".{0,40}?(?:cookie|[cç]erez|eväste|sütik|informasjonskaps|ملفات تعريف"
    r"|עוגיות|кук|печенек)|[cç]erez(?:ler)?i? kullan[iı]yoruz|s[uü]tiket haszn[aá]lunk"
    r"|(?:当サイト|本サイト|このサイト|このウェブサイト)(?:では)?、?(?:cookie|クッキー)"
    r"|(?:本网站|本網站|我们|我們)(?:使用|采用|採用)\s?cookie"
    r"|(?:이 (?:웹)?사이트는|당사는) 쿠키"
)
# A media marker opening a caption's credit or a gallery/video label ("Фото: РИА Новости", "Zdjęcie:
# PAP", "写真：共同", "사진=연합뉴스", "Ảnh: ..."), before its separator (see ``rules``).
MEDIA = (
    r"(?:фото(?:графия)?|видео|фотогалерея|zdj[eę]cie|fot(?=\.)|wideo|galeria|foto[gğ]raf|galeri|kuva|billede|fotó"
    r"|vide[oó]|φωτογραφ[ιί]α|φωτο|βιντεο|β[ιί]ντεο|صورة|فيديو|צילום|וידאו|फोटो|वीडियो|[aả]nh|图片来源|图片|圖片"
    r"|视频|視頻|写真|動画|映像|사진|동영상|영상)"
)
# "Previous article" / "next article" opening a line, maybe before the headline it links to.
PREV_NEXT = (
    r"(?:предыдущая (?:статья|новость)|следующая (?:статья|новость)|попередня (?:стаття|новина)"
    r"|наступна (?:стаття|новина)|poprzedni artyku[lł]|nast[eę]pny artyku[lł]|[oö]nceki (?:haber|yaz[iı])"
    r"|sonraki (?:haber|yaz[iı])|vorige artikel|volgende artikel|f[oö]reg[aå]ende artikel|n[aä]sta artikel"
    r"|forrige artikel|n[æe]ste artikel|artigo anterior|pr[oó]ximo artigo|mat[eé]ria anterior|pr[oó]xima mat[eé]ria"
    r"|edellinen artikkeli|seuraava artikkeli|artikel sebelumnya|artikel selanjutnya|b[aà]i tr[uư][oớ]c|b[aà]i ti[eế]p)"
    + WORD_END
)
# "See also" / "related" markers (before a list of headlines, or a separator and one).
SEE_ALSO = (
    r"zie ook|meer over dit onderwerp|se [aä]ven|se ogs[aå]|katso my[oö]s|см\. также|дивіться також|vezi [sșş]i"
    r"|l[aá]sd m[eé]g|lihat juga|viz t[eé][zž]|pozri tie[zž]|veja tamb[eé]m|ver tamb[eé]m|vedi anche"
    r"|δε[ιί]τε επ[ιί]σησ|انظر أيضا|ראו גם|यह भी देखें|另见|参见"
)

"""Whether a short cleaned body is an article: a brief or a teaser holds a sentence of its own; an error
page, a "JavaScript required" page, a login, subscribe or cookie wall, an empty template or a page of
links does not.

A body longer than the brief size (``CleanConfig.brief_max_chars``) is an article by its size, as it
always was; below it, length alone cannot tell a wire brief (a title and one or two sentences) from a
wall, so the body must show what an article is made of. Cue phrases are in matching-key form
(``normalize_for_matching``: casefolded, ASCII apostrophes) and match a line's beginning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from streams.clean.scripts import CLAUSE_BREAKS, ends_sentence, latin_word_count, runs_on

# A line that says the page is an error, not an article ("404", "Page not found", "Access denied", in
# en/fr/de/es/it/pt/nl, Scandinavian, Polish, Russian, Turkish, Chinese, Japanese, Korean). Anchored
# at the line's start and short: a brief about a court ruling may say "access was denied" inside a
# sentence, never open a line with the page's error label.
_ERROR_PAGE_PHRASES = (
    r"(?:error |erreur |fehler |errore |erro |fout )?404"
    r"(?:$|\s*[-:|.!(]|\s+(?:error|not found|page|erreur|fehler))",
    r"(?:error |erreur |fehler )?403 forbidden",
    r"(?:sorry, )?(?:the )?page (?:not found|cannot be found|could not be found)", r"page introuvable",
    r"page non trouv[eé]e", r"seite (?:nicht gefunden|wurde nicht gefunden)", r"p[aá]gina no encontrada",
    r"pagina non trovata", r"p[aá]gina n[aã]o encontrada", r"pagina niet gevonden",
    r"sidan (?:kunde inte hittas|hittades inte)", r"siden (?:blev ikke fundet|finnes ikke|ble ikke funnet)",
    r"nie znaleziono strony", r"strona nie istnieje", r"страница не найдена", r"sayfa bulunamad[iı]",
    r"(?:sorry, )?(?:the|this) page (?:you (?:are|were) looking for|you requested|does not exist|doesn't exist"
    r"|is no longer available|has been (?:removed|moved))",
    r"(?:d[eé]sol[eé], )?la page (?:que vous (?:recherchez|cherchez|demandez)|demand[eé]e)"
    r" (?:n'existe|est introuvable)",
    r"cette page n'existe (?:pas|plus)", r"die (?:angeforderte|gesuchte|aufgerufene) seite",
    r"la p[aá]gina que (?:buscas|busca|has solicitado|solicitaste)", r"la pagina che (?:stai cercando|cerchi)",
    r"access denied", r"acc[eè]s (?:refus[eé]|interdit)", r"zugriff verweigert", r"acceso denegado",
    r"accesso negato", r"acesso negado", r"toegang geweigerd", r"доступ запрещ[её]н",
    r"you don't have permission to access", r"ページが見つかりません", r"お探しのページは見つかりませんでした",
    r"页面不存在", r"找不到页面", r"頁面不存在", r"找不到頁面", r"페이지를 찾을 수 없습니다",
)
_ERROR_PAGE = re.compile(unicodedata.normalize("NFC", "(?:" + "|".join(_ERROR_PAGE_PHRASES) + r")"))
# A line of a wall standing where the article should be: JavaScript or cookies required, a login or
# subscription prompt, a robot check. It does not count as the article's sentence; a teaser's lead
# next to it still does (a paywalled teaser is an article).
_WALL_PHRASES = (
    r"(?:please )?(?:enable|activate|turn on) (?:javascript|cookies)",
    r"javascript (?:is|must be) (?:required|disabled|enabled)", r"you need to enable javascript",
    r"this (?:site|page|website|app) requires javascript", r"your browser (?:does not|doesn't) support",
    r"(?:please )?(?:log|sign) ?in(?: to| or|$)", r"you must be logged in",
    r"(?:create|register for) (?:a free |an )?account", r"(?:don't|do not) have an account",
    r"not (?:a|yet a) (?:subscriber|member)", r"pas encore (?:de compte|abonn[eé])",
    r"noch kein (?:konto|abo|abonnent)", r"(?:a[uú]n )?no tienes (?:una )?cuenta", r"register (?:now|for free)",
    r"(?:please )?verify (?:that )?you are (?:a )?human", r"are you a robot", r"checking your browser",
    r"subscribe(?: to| now| for| today| here|$)", r"subscribers? only", r"subscription required", r"for subscribers",
    r"(?:to )?(?:continue|keep) reading", r"to read (?:this|the (?:full|rest))",
    r"already (?:a )?(?:subscriber|member|registered)", r"veuillez activer (?:le )?javascript",
    r"activez (?:le )?javascript", r"javascript est (?:d[eé]sactiv[eé]|requis|n[eé]cessaire)", r"connectez-vous",
    r"identifiez-vous", r"se connecter", r"cr[eé]ez (?:votre|un) compte", r"abonnez-vous",
    r"cet article est r[eé]serv[eé]", r"pour (?:lire|continuer [aà] lire) la suite", r"d[eé]j[aà] abonn[eé]",
    r"bitte aktivieren sie (?:javascript|cookies)", r"javascript ist (?:deaktiviert|erforderlich)",
    r"(?:bitte )?melden sie sich", r"anmelden", r"registrieren", r"jetzt (?:abonnieren|registrieren|weiterlesen)",
    r"weiterlesen mit", r"dieser (?:artikel|beitrag|inhalt) ist (?:nur |exklusiv )?f[uü]r",
    r"(?:activa|habilita) (?:el )?javascript", r"inicia sesi[oó]n", r"reg[ií]strate", r"suscr[ií]bete",
    r"este (?:art[ií]culo|contenido) es (?:exclusivo|solo) para", r"(?:abilita|attiva) (?:il )?javascript",
    r"accedi", r"abbonati", r"questo articolo [eè] riservato", r"ative o javascript", r"fa[cç]a login", r"assine",
    r"(?:wij|we) gebruiken cookies", r"deze (?:web)?site (?:gebruikt|maakt gebruik van) cookies",
    r"vi (?:anv[aä]nder|bruger|bruker) cookies", r"u[zż]ywamy (?:plik[oó]w )?cookies",
    r"мы используем (?:файлы )?cookie", r"(?:this|our) (?:web)?site uses cookies",
    r"(?:accept|akzeptieren|accepter|aceptar|accetta)(?: all| alle| tout| todas?| tutti)? cookies",
    # The consent button left once the cookie rule took the banner's sentence (``rules``).
    r"alles accepteren", r"accepteer (?:alle )?cookies", r"acceptera alla(?: cookies)?", r"godk[aä]nn alla",
    r"accepter alle(?: cookies)?", r"godta alle(?: cookies)?", r"(?:za)?akceptuj(?:[eę])? wszystkie",
    r"принять все", r"t[uü]m[uü]n[uü] kabul et", r"[cç]erezleri kabul et", r"hyv[aä]ksy kaikki",
    r"schakel javascript in", r"log in om", r"включите javascript", r"войдите", r"zaloguj si[eę]",
    r"w[lł][aą]cz javascript",
)
_WALL = re.compile(unicodedata.normalize("NFC", "(?:" + "|".join(_WALL_PHRASES) + r")(?!\w)"))
# A sentence of an article: at least this many (Latin-sized) words ending in a sentence mark (closing
# quotes or brackets may follow it). Four words is the shortest complete news sentence ("Police
# arrested two suspects."); a menu item, a link or a button label is shorter or does not end as a
# sentence does.
SENTENCE_MIN_WORDS = 4
# A lead cut short by "…" or without a mark (a teaser's, a feed's truncation) is a sentence when it is
# long and runs in lowercase: a menu on one line is capitalised words, a headline link is 6-10 words,
# and a teaser's cut lead is 15-30 words of prose. ("..." ends in a full stop: four words suffice, as
# for any sentence.)
CUT_SENTENCE_WORDS = 12
CUT_SENTENCE_LOWERCASE_WORDS = 4
_CLOSERS = "\"'»”’)]」』）"
# Thai, Lao, Myanmar and Khmer mark no sentence end (or not always): a line of enough words in them is
# taken for a sentence.
_NO_MARK_SCRIPT = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
NO_MARK_SENTENCE_WORDS = 10
_CUE_KEY_CHARS = 120


def is_sentence(line: str) -> bool:
    """Whether ``line`` reads as a sentence: words ending in a sentence mark (not a comma or colon),
    or a long lead of running text cut short."""
    stripped = line.rstrip().rstrip(_CLOSERS)
    if not stripped:
        return False
    words = latin_word_count(stripped)
    if _NO_MARK_SCRIPT.search(stripped):
        return words >= NO_MARK_SENTENCE_WORDS
    if ends_sentence(stripped) and stripped[-1] not in CLAUSE_BREAKS:
        return words >= SENTENCE_MIN_WORDS
    return words >= CUT_SENTENCE_WORDS and _running_words(stripped) >= CUT_SENTENCE_LOWERCASE_WORDS


def _running_words(line: str) -> float:
    """The Latin-sized words of ``line`` that do not open with a capital: a lowercase letter, or a
    letter of a script without case (Chinese, Japanese, Korean, Arabic, Hebrew, Devanagari, Thai...),
    where no word is capitalised and a menu cannot be told by its capitals. Counting lowercase
    letters alone refused every cut lead in those scripts ("no sentence"), and a Japanese run of
    sixty characters is one space-separated word but about twenty Latin-sized ones."""
    return sum(latin_word_count(word) for word in line.split() if runs_on(word[:1]))


def not_an_article(body: str, normalize: Callable[[str], str], need_sentence: bool = True) -> str | None:
    """Why the short ``body`` is no article (an error page, a wall, no sentence), or None when it holds
    a sentence of its own. Without ``need_sentence`` (a text under the length floor, which dedup may
    still find a copy of) a body without a sentence is not refused here unless it is a wall."""
    walls = 0
    for line in body.split("\n"):
        if not line.strip():
            continue
        key = normalize(line[:_CUE_KEY_CHARS])
        if _ERROR_PAGE.match(key):
            return f"an error page ({line.strip()[:60]!r})"
        if _WALL.match(key):
            walls += 1
            continue
        if is_sentence(line):
            return None
    if walls:
        return "a login, subscription or JavaScript wall with no article text"
    if not need_sentence:
        return None
    return "no sentence of article text (navigation, links or an empty template)"

"""Generic line rules for page boilerplate (fr/en/de/es, a few it/pt/nl forms, and the cue phrases of
``cues`` for other news languages).

Every rule looks at one line's *matching key* (``normalize_for_matching`` of its first
``_KEY_CHARS`` characters), so patterns are written once in lowercase with ASCII apostrophes and
dashes, and no regex ever sees more than a bounded prefix of a line. Patterns are anchored
alternations without nested quantifiers: no catastrophic backtracking.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from streams.clean import cues
from streams.clean.breadcrumbs import is_breadcrumb
from streams.clean.dates import is_dateline
from streams.clean.inline_credits import strip_inline_credits
from streams.clean.machine_tokens import is_bare_url, is_token_id
from streams.clean.names import is_cjk_byline, names_follow
from streams.clean.observe import current
from streams.clean.scripts import FULL_STOPS, ends_clause, ends_sentence, latin_length, latin_word_count
from streams.clean.unicode import normalize_for_matching

# Rules decide on a line's beginning; boilerplate lines are short, so 300 characters is plenty.
_KEY_CHARS = 300
# "Short line" limits. Boilerplate prompts/links fit in ~250 characters; anything longer is prose.
SHORT = 250
# A headline following a "Read also" marker on its own line: headlines are < ~200 characters.
HEADLINE_MAX = 200
# A section header such as "Most read" introduces a list of a few headlines; remove at most this many.
LIST_HEADLINES_MAX = 8

_SEP = r"\s*[:|>»\-/•·]"


def _with_cues(pattern: str, more: str) -> re.Pattern[str]:
    """``pattern`` (an alternation ending in ")" or ")$") with the alternatives ``more`` of ``cues``
    added, in NFC like the matching keys (a Devanagari nukta letter is decomposed there)."""
    head, end = (pattern[:-2], ")$") if pattern.endswith(")$") else (pattern[:-1], ")")
    return re.compile(unicodedata.normalize("NFC", f"{head}|{more}{end}"))


_READ_ALSO_STRONG = _with_cues(
    r"(?:[aà] lire (?:aussi|[eé]galement|encore)|lire (?:aussi|[eé]galement|la suite)|read (?:more|also|next)"
    r"|lesen sie (?:auch|mehr|hier)|mehr zum thema|auch interessant|das k[oö]nnte sie (?:auch )?interessieren"
    r"|lea (?:tambi[eé]n|adem[aá]s)|leer m[aá]s|(?:tambi[eé]n )?(?:le|te) puede interesar|leggi anche"
    r"|leia (?:tamb[eé]m|mais)|lees ook|[aà] voir aussi)",
    cues.READ_ALSO,
)
_READ_ALSO_WEAK = _with_cues(
    r"(?:voir aussi|see also|related(?: articles?| stories| content| news| coverage)?|more on this(?: story)?"
    r"|ver tambi[eé]n|m[aá]s informaci[oó]n|noticias relacionadas|sur le m[eê]me sujet|dans la m[eê]me rubrique"
    r"|weitere artikel|verwandte artikel|zum thema)",
    cues.SEE_ALSO,
)
# Headers introducing a list of other stories.
_LIST_HEADER = _with_cues(
    r"(?:les plus lus|les plus partag[eé]s|[aà] la une|most (?:read|popular|viewed|shared)|trending(?: now)?"
    r"|top stories|you may also like|recommended(?: for you)?|meistgelesen|meistgelesene artikel|beliebteste artikel"
    r"|lo m[aá]s (?:le[ií]do|visto)|m[aá]s le[ií]das|[uú]ltimas noticias|derni[eè]res minutes|derni[eè]res infos"
    r"|latest news|related articles|related stories|sur le m[eê]me sujet|dans la m[eê]me rubrique"
    r"|noticias relacionadas|weitere artikel|don't miss|recent (?:articles|posts|stories)|further reading"
    r"|helpful links|articles r[eé]cents|derniers articles|neueste artikel|art[ií]culos recientes"
    r"|articoli recenti|artigos recentes)$",
    cues.LIST_HEADER,
)
# A line of the story's tags ("Filed under: Politics | Elections", "Schlagwörter: ..."): the label, a colon.
_TAGS = _with_cues(r"(?:filed under|tags|tagged(?: with| in)?|mots-cl[eé]s|schlagw[oö]rter|etiquetas)", cues.TAGS)
_PREV_NEXT = _with_cues(
    r"(?:article (?:pr[eé]c[eé]dent|suivant)|(?:previous|next|prev|older|newer) (?:article|post|story|entry)"
    r"|(?:vorheriger|n[aä]chster|voriger) (?:artikel|beitrag)"
    r"|(?:art[ií]culo|noticia|entrada|nota) (?:anterior|siguiente)"
    r"|(?:siguiente|anterior) (?:art[ií]culo|noticia|entrada)|articolo (?:precedente|successivo))",
    cues.PREV_NEXT,
)
_PREV_NEXT_ALONE = _with_cues(
    r"(?:pr[eé]c[eé]dent|suivant|previous|next|prev|zur[uü]ck|weiter|anterior|siguiente|[<>«»‹›]+)$",
    cues.PREV_NEXT_ALONE,
)
_MEDIA = re.compile(unicodedata.normalize(
    "NFC",
    r"(?:vid[eé]os?|photos?|fotos?|images?|bilder?|galerie|gallery|diaporama|slideshow|infographie|audio|podcast"
    r"|en images|en vid[eé]o|cr[eé]dits? photos?|photo credit|fotograf[ií]a|watch|regardez|ver v[ií]deo|im video|"
    + cues.MEDIA + r")\b",
))
# What separates a media marker from its credit ("Photo: AFP", "사진=연합뉴스", "写真：共同").
_MEDIA_SEPARATORS = (":", "-", "|", "/", "©", "=", "：")
_COUNTER = re.compile(
    r"[(\[]?\d{1,7}[)\]]?(?: (?:commentaires?|comments?|kommentare?|comentarios?|r[eé]actions?|reactions?"
    r"|partages|shares|vues|views|likes|j'aime|antworten|respuestas|" + cues.COMMENTS + "))?$"
)
_COMMENTS_HEADER = re.compile(
    r"(?:commentaires?|comments?|kommentare?|comentarios?|r[eé]actions?|" + cues.COMMENTS
    + r")(?: \(\d{1,7}\)| \d{1,7})?$"
)
_SUBSCRIBE = _with_cues(
    r"(?:abonnez-vous|inscrivez-vous|s'abonner|s'inscrire|suivez-nous|suivez toute l'actualit[eé]|d[eé]j[aà] abonn[eé]"
    r"|cet article est r[eé]serv[eé]|pour lire la suite|t[eé]l[eé]chargez (?:notre|l')appli"
    r"|recevez (?:notre|nos|gratuitement)|subscribe\b|sign up|follow us|join our|get our|download (?:our|the) app"
    r"|already a (?:subscriber|member)|to continue reading|this article is for subscribers|newsletter"
    r"|abonnieren sie|jetzt abonnieren|folgen sie uns|melden sie sich|sie sind bereits abonnent"
    r"|suscr[ií]bete|s[ií]guenos|reg[ií]strate|ya eres suscriptor|recibe (?:nuestra|nuestro|las)"
    r"|weiterlesen mit|jetzt weiterlesen|dieser (?:artikel|beitrag|inhalt) ist (?:nur |exklusiv )?f[uü]r"
    r"|(?:este|el) (?:art[ií]culo|contenido) es (?:exclusivo|solo) para|questo articolo [eè] riservato)",
    cues.SUBSCRIBE,
)
# A copyright notice: the sign, or the word followed by the sign, a year or a capitalised owner
# ("Copyright 2019 Hawaii News Now"); "Copyright law changed in 2019" is a sentence about copyright.
_COPYRIGHT = re.compile(r"(?:©|\(c\) |\u2117|copyright(?: ?[©:]| \(c\)| \d{4}|$))")
_COPYRIGHT_ANY = re.compile(
    r"(?:tous droits r[eé]serv[eé]s|all rights reserved|alle rechte vorbehalten|todos los derechos reservados"
    r"|tutti i diritti riservati|reproduction interdite|reproduction (?:totale ou partielle )?interdite)"
)
# The rights notices of ``cues`` are looked for in the last RIGHTS_TAIL characters of a line, where
# they stand ("© 2024 Gazeta. Wszelkie prawa zastrzeżone.", "<저작권자 © 시민일보, 무단 전재-재배포 금지>"):
# searching a whole line for every phrase of every language cost more than all the other rules.
RIGHTS_TAIL = 60
_RIGHTS_MORE = re.compile(unicodedata.normalize("NFC", cues.RIGHTS_RESERVED))
_DIGIT = re.compile(r"\d")
# A byline's marker: "by" in the languages of the rules, "av"/"af" (Scandinavian), and the word
# "author" or "report" of other languages with a colon ("Autor: Anna Nowak", "Автор: Ирина Петрова",
# "Haber: Ahmet Yılmaz"), and "Written by" (alone: the name on its own line); the English "Author:"
# line is kept (WCXB's references keep it as text).
_BYLINE = re.compile(
    r"(?:(?:written by:?|par|by|von|por|di|door|av|af) |(?:autor|autora|autorin|автор|yazar|haber|tekst|текст): ?)\S"
    r"|written by$"
)
# A byline in Arabic or Hebrew ("بقلم أحمد خالد", "מאת דנה לוי"): no capitals to tell a name by, so the
# marker and at most three words make the whole line.
_UNCASED_BYLINE = re.compile(r"(?:بقلم|מאת):? (?:[^\W\d_]+ ?){1,3}")
# Cookie consent banners and their cookie tables: "We use cookies...", "Necessary cookies are...",
# "Cookie | Duration | Description" and a row per cookie (consent plugins print the same texts on every
# site that uses them).
_COOKIE_NOTICE = _with_cues(
    r"(?:(?:we|this (?:web)?site|our (?:web)?site) (?:uses?|may use) cookies"
    r"|(?:necessary|functional|analytics?|performance|advertisement|other uncategorized|non-necessary) cookies"
    r" (?:are|help|is|may)|cookies? (?:policy|settings|preferences|consent)$|manage consent$|cookie; duration"
    r"|cookielawinfo|viewed_cookie_policy|(?:nous utilisons|ce site (?:web )?utilise) (?:des )?cookies"
    r"|(?:wir verwenden|wir nutzen|diese (?:web)?seite (?:verwendet|nutzt)|diese website (?:verwendet|nutzt)) cookies"
    r"|(?:utilizamos|usamos|este sitio (?:web )?utiliza|esta web utiliza|este site (?:utiliza|usa)) cookies"
    r"|(?:questo sito (?:web )?utilizza|utilizziamo) (?:i )?cookie)",
    cues.COOKIE_NOTICE,
)
# Cookie notices run longer than other boilerplate lines (a consent banner is 2-4 sentences).
COOKIE_NOTICE_MAX = 600
# Words of a photo or video credit besides the names ("Photo courtesy of ...", "Image via ...").
_CREDIT_WORDS = frozenset(
    ("courtesy", "of", "via", "by", "credit", "credits", "source", "used", "under", "license", "licence", "from",
     "par", "por", "von", "di", "de", "avec", "mit", "con")
)
_ADVERT = _with_cues(
    r"(?:publicit[eé]|advertisement|advertising|sponsored|anzeige|werbung|publicidad|pubblicit[aà]|annonce|ad)$",
    cues.ADVERT,
)
_READING_TIME = re.compile(cues.READING_TIME)
# A "read also" marker may open inside a bracket ("[Related]", "【関連記事】") and is followed by a
# separator, a closing bracket or nothing when a headline follows it.
_OPENING_BRACKETS = "[(【〔「『<"
_MARKER_ENDS = ":|>»-/•.…：]】〕」』)"
# A reading-time line is short ("5 min read", "Estimated reading time: 4 minutes").
READING_TIME_MAX = 80
_WORD = re.compile(r"\w+")

# Words of a share bar, and the ones saying "share" (see ``cues.SHARE_WORDS``).
_SHARE_WORDS = frozenset(cues.SHARE_WORDS)
_SHARE_PRIMARY = frozenset(cues.SHARE_PRIMARY)


@dataclass
class RuleStats:
    """Lines and characters removed by the rules, with counts per rule name."""

    lines_removed: int = 0
    chars_removed: int = 0
    fired: Counter[str] = field(default_factory=Counter)

    def add(self, rule: str, chars: int, lines: int = 1) -> None:
        self.lines_removed += lines
        self.chars_removed += chars
        self.fired[rule] += 1


def _short_no_sentence(line: str, limit: int = HEADLINE_MAX) -> bool:
    return len(line) <= limit and latin_length(line) <= limit and not ends_sentence(line)


def is_headline_like(line: str) -> bool:
    """A plausible headline: short, at least two (Latin-sized) words, not ending like a sentence."""
    if latin_length(line) > HEADLINE_MAX or latin_word_count(line) < 2:
        return False
    return not ends_clause(line) or line.endswith("...") or line.endswith("…")


# Matches a key of more than 14 words: too many for a share bar, found without listing the words (a
# lead paragraph's ~30 words cost ~3 us to list).
_OVER_14_WORDS = re.compile(r"\W*(?:\w+\W+){14}\w")


def _is_share(key: str) -> bool:
    if _OVER_14_WORDS.match(key):
        return False
    words = _WORD.findall(key)
    if not 1 <= len(words) <= 14:
        return False
    return all(w in _SHARE_WORDS for w in words) and any(w in _SHARE_PRIMARY for w in words)


# Inside the article, a media word followed by this many words or more, none of them a credit's, is a
# subheading ("Video Production Best Practices", "Audio Interfaces and Recording Software"); a credit
# names an agency or a photographer ("Photo AFP", "Foto Anna Schmidt") or says whose it is ("Photo
# courtesy of ...").
SUBHEADING_MIN_WORDS = 3


def _titled_phrase(words: list[str]) -> bool:
    return len(words) >= SUBHEADING_MIN_WORDS and not any(w.lower().strip(":,.") in _CREDIT_WORDS for w in words)


def _copyright_owner(line: str) -> bool:
    """"Copyright" followed by a capitalised owner's name."""
    words = line.split(None, 2)
    # Every word after it a name's: "Copyright Complexity in a Fragmented World" is a subheading.
    return len(words) >= 2 and words[0].lower() == "copyright" and words[1][:1].isupper() and names_follow(line)


def _is_reading_time(line: str, key: str) -> bool:
    """A reading-time estimate: its marker with a figure ("5 min read", "Lesezeit: 4 Minuten") or
    introducing one ("Estimated reading time:"); never a sentence."""
    return (
        not ends_sentence(line.rstrip(":："))
        and (_DIGIT.search(key) is not None or key.endswith((":", "：")))
        and bool(_READING_TIME.search(key))
    )


def _compound(key: str, match: re.Match[str]) -> bool:
    """Whether the media word is the first part of a compound ("Video-on-demand", "Audio-Visual
    Equipment"): a hyphen joined to the next word, not a separator before a credit ("Photo - AFP")."""
    return key[match.end() : match.end() + 1] == "-" and key[match.end() + 1 : match.end() + 2].isalnum()


def _after(match: re.Match[str], key: str) -> str:
    return key[match.end():].lstrip()


def classify(
    line: str, normalize: Callable[[str], str] = normalize_for_matching, inside: bool = False
) -> tuple[str | None, int]:
    """The rule that removes ``line`` (or None) and how many following headline lines go with it.

    ``normalize`` is ``normalize_for_matching`` or a memo of it; ``inside``: the line stands between
    two paragraphs of prose."""
    key = normalize(line[:_KEY_CHARS])
    if not key:
        return None, 0
    n = len(line)
    m = _READ_ALSO_STRONG.match(key, len(key) - len(key.lstrip(_OPENING_BRACKETS)))
    if m:
        rest = _after(m, key)
        if not rest or rest[0] in _MARKER_ENDS:
            return "read_also", (0 if rest.strip(_MARKER_ENDS + " ") else 1)
        # Run on into a sentence ending with a full stop ("Read more about how much sleep you need."),
        # it is the article's; a linked headline stops without a mark, with a question mark or an
        # ellipsis, or with a colon before its list.
        if n <= SHORT and not (line[-1] in FULL_STOPS and not line.endswith("...")):
            return "read_also", 0
    m = _READ_ALSO_WEAK.match(key)
    if m:
        rest = _after(m, key)
        if not rest:
            return "read_also", LIST_HEADLINES_MAX
        if re.match(r"[:：|>»\-/•]", rest) and n <= SHORT:
            return "read_also", 0 if rest.strip(":：|>»-/• ") else LIST_HEADLINES_MAX
    if _LIST_HEADER.match(key.rstrip(" :")):
        return "related_list", LIST_HEADLINES_MAX
    if n <= 300:
        if _PREV_NEXT.match(key) and not ends_sentence(line):  # "Previous article in the journal ... ." is text
            return "prev_next", 0 if len(key) > 25 else 1
        if _PREV_NEXT_ALONE.match(key):
            return "prev_next", 1
    if _COUNTER.match(key) or _COMMENTS_HEADER.match(key):
        return "counter", 0
    if n <= SHORT:
        m = _MEDIA.match(key)
        if m and not _compound(key, m):
            rest = _after(m, key)
            if (rest[:1] in _MEDIA_SEPARATORS and n <= 300) or (
                # The marker alone, with a credit ("Photo AFP", "Gallery (12)") or a one-word label
                # ("Vidéo de l'actualité"); a short line that goes on in lowercase is a subheading or
                # a list item ("Audio quality and battery life").
                _short_no_sentence(line, 60)
                and names_follow(line, len(m.group(0).split()), _CREDIT_WORDS, 1)
                and not (inside and _titled_phrase(line.split()[len(m.group(0).split()) :]))
            ):
                return "media_marker", 0
        if _is_share(key):
            return "share", 0
        m = _TAGS.match(key)
        if m and _after(m, key)[:1] in (":", "："):
            return "tags", 0
        if _SUBSCRIBE.match(key):
            return "subscribe", 0
        if (
            _COPYRIGHT.match(key)
            or _copyright_owner(line)
            or _COPYRIGHT_ANY.search(key)
            or _RIGHTS_MORE.search(key, max(0, len(key) - RIGHTS_TAIL))
        ):
            return "copyright", 0
        if is_breadcrumb(line, key, inside):
            return "breadcrumb", 0
        if _ADVERT.match(key):
            return "advert", 0
        if n <= READING_TIME_MAX and _is_reading_time(line, key):
            return "reading_time", 0
    if n <= COOKIE_NOTICE_MAX and _COOKIE_NOTICE.match(key):
        return "cookie_notice", 0
    if n <= 200:
        if is_bare_url(key):
            return "bare_url", 0
        if is_token_id(line):
            return "tracking_id", 0
        if is_dateline(line, key):
            return "dateline", 0
        marker_words = 2 if key.startswith("written") else 1  # "Written by", "By", "Autor:"
        if (
            _BYLINE.match(key)
            and len(key.split()) <= 5 + marker_words
            and _short_no_sentence(line, 80)
            and line[0].isupper()
            and names_follow(line, marker_words)
        ) or is_cjk_byline(line) or _UNCASED_BYLINE.fullmatch(key):
            return "byline", 0
    return None, 0


# A paragraph of prose: a sentence of at least PROSE_WORDS Latin-sized words. A line between two of
# them is inside the article (a subheading, a list item), where the page's navigation does not stand.
PROSE_WORDS = 12
PROSE_CHARS = 200
_CLOSING_MARKS = "\"'”’»)]」』）"


def _is_prose(line: str) -> bool:
    # A line of PROSE_CHARS characters holds PROSE_WORDS words in any script: no need to count them. A
    # quotation closes after its sentence mark ('... "We will rebuild."').
    return ends_sentence(line.rstrip(_CLOSING_MARKS)) and (
        len(line) >= PROSE_CHARS or latin_word_count(line) >= PROSE_WORDS
    )


def apply_rules(
    blocks: list[list[str]],
    stats: RuleStats,
    normalize: Callable[[str], str] = normalize_for_matching,
    plain: frozenset[str] = frozenset(),
) -> list[list[str]]:
    """Blocks (paragraphs of lines) with rule-matched lines removed; empty blocks dropped.

    ``plain``: lines the page shows without a link (from HTML): the headlines that a "read also" or
    "most read" marker announces are links, so such a line after the marker is the article's (its
    subheading, when the linked headline itself was already left out of the extraction)."""
    obs = current()
    out: list[list[str]] = []
    pending = 0  # headline lines still to drop after a "Read also"/"Most read" marker
    pending_rule = ""
    # The first and the last block of prose, looked for from each end (usually the first few blocks).
    first = next((i for i, block in enumerate(blocks) if any(map(_is_prose, block))), 0)
    last = next((i for i in range(len(blocks) - 1, first, -1) if any(map(_is_prose, blocks[i]))), first)
    for i, block in enumerate(blocks):
        kept: list[str] = []
        inside = first < i < last
        for line in block:
            rule, follow = classify(line, normalize, inside)
            if obs is not None:
                obs.line_rule(rule, inside)
            if rule is not None:
                stats.add(rule, len(line))
                pending, pending_rule = follow, rule
                continue
            if pending and is_headline_like(line) and line not in plain:
                stats.add(pending_rule, len(line))
                stats.fired[pending_rule] -= 1  # the marker already counted this firing
                pending -= 1
                continue
            pending = 0
            stripped, credits = strip_inline_credits(line)
            if credits:
                stats.fired["inline_media"] += credits
                stats.chars_removed += len(line) - len(stripped)
                line = stripped.strip()
            if line:
                kept.append(line)
        if kept:
            out.append(kept)
    if obs is not None:
        obs.rules(blocks, out)
    return out

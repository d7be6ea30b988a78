"""Lines that are only a date: the dateline a page prints above or below its article, in the month
and weekday names of many languages and the date figures of Chinese, Japanese and Korean."""

from __future__ import annotations

import re
import unicodedata

from streams.clean import cues
from streams.clean.scripts import ends_sentence, latin_length

# A bare date line ("Friday, November 14, 2025", "15. März 2024, 14:30 Uhr", "5 марта 2024, 14:30",
# "2024年3月5日(火)"): month and weekday names and their abbreviations (en, fr, de, es, it, pt, nl,
# Scandinavian, Indonesian, Russian and Polish genitives, Turkish, Thai, Arabic), Chinese, Japanese
# and Korean date figures and weekdays; and the small words and time-zone codes that may stand between them.
DATE_NAMES = (
    r"jan(?:uary|vier|uar|eiro|uari)?|feb(?:ruary|rero|ruar|braio|ruari)?|f[eé]v(?:rier)?|fevereiro"
    r"|mar(?:ch|s|t|zo|[cç]o|et|ts)?|m[aä]rz|apr(?:il|ile)?|avr(?:il)?|abr(?:il)?|ma[iy]|mayo|maggio|maio|mei|maj"
    r"|jun(?:e|i|io|ho)?|juin|giugno|jul(?:y|i|io|ho)?|juil(?:let)?|luglio|aug(?:ust|usti|ustus)?|ao[uû]t"
    r"|ago(?:sto)?|agustus|sep(?:t|tember|tembre|tiembre|tembro)?|sett(?:embre)?|set(?:embro)?"
    r"|oct(?:ober|obre|ubre)?|okt(?:ober)?|ott(?:obre)?|out(?:ubro)?|nov(?:ember|embre|iembre|embro)?"
    r"|dec(?:ember)?|d[eé]c(?:embre)?|dez(?:ember|embro)?|dic(?:iembre|embre)?|gen(?:naio)?|ene(?:ro)?|desember"
    r"|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    r"|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|wrze[sś]nia|pa[zź]dziernika|listopada|grudnia"
    r"|ocak|[sş]ubat|nisan|may[iı]s|haziran|temmuz|a[gğ]ustos|eyl[uü]l|ekim|kas[iı]m|aral[iı]k|maart"
    r"|มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม"
    r"|يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"
    r"|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag"
    r"|samstag|sonntag|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|segunda|ter[cç]a|quarta"
    r"|quinta|sexta|(?:segunda|ter[cç]a|quarta|quinta|sexta)-feira|luned[iì]|marted[iì]|mercoled[iì]"
    r"|gioved[iì]|venerd[iì]|sabato|domenica|pazartesi|sal[iı]|[cç]ar[sş]amba|per[sş]embe|cuma|cumartesi|pazar"
    r"|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье"
    r"|(?:\d{1,4}[年月日时時分년월일시분]\s?)+(?:[(（][月火水木金土日一二三四五六天월화수목금토일][)）]?)?"
    r"|(?:星期|周|週)[一二三四五六日天]"
)
DATE_FILLERS = (
    r"at|à|às|a|as|de|del|di|le|el|um|am|pm|a\.m\.|p\.m\.|h|uhr|klo|kl|o|в|г|года|the|of|on|y|et|und|and"
    r"|utc|gmt|cet|cest|est|edt|cst|cdt|pst|pdt|bst|ist|jst|kst|msk|aest|aedt|午前|午後|上午|下午|오전|오후"
)

# A bare date line (see DATE_NAMES): every word a date word, a figure or a filler, with a
# whole date ("12.03.2024") or a month or weekday name and a year or a time ("Sep 26, 2022", "5 марта
# 2024, 14:30"). A time alone ("10:00 - 12:00") may be a schedule's row, a year alone a heading, and a
# day and month alone ("1 juillet", "- Jeudi 7 mai -") heads the days of a live report or a timeline
# (and opens one OrangeSum text in ten as part of the article's text).
BARE_DATE_MAX = 60
_DATE_NAME = re.compile(f"(?:{DATE_NAMES})\\.?$")
_DATE_WORD = re.compile(f"(?:{DATE_NAMES}|{DATE_FILLERS}|\\d{{1,4}}(?:[.,:/h-]\\d{{1,4}}){{0,2}}"
                        r"(?:st|nd|rd|th|er|e|º)?)\.?$")
# Day, month and year with one separator ("12.03.2024", "2024-03-12"); "3.8/5" is a rating.
_WHOLE_DATE = re.compile(r"(?:\d{1,2}([./-])\d{1,2}\1\d{2,4}|\d{4}([./-])\d{1,2}\2\d{1,2})\.?$")
_DATE_PUNCT = ",;|•·()–—-،"  # the Arabic comma too
_DIGIT = re.compile(r"\d")
# A year (25xx: the Thai Buddhist era) or a time.
_YEAR_OR_TIME = re.compile(r"(?<!\d)(?:1[89]|2[05])\d\d(?!\d)|\d[:h]\d\d|\d[年년]")


def is_bare_date(line: str, key: str) -> bool:
    """Whether ``line`` (matching key ``key``) is only a date, maybe with a time: see BARE_DATE_MAX."""
    if len(line) > BARE_DATE_MAX or not _DIGIT.search(key) or latin_length(line) > BARE_DATE_MAX:
        return False
    words = [w for w in (w.strip(_DATE_PUNCT) for w in key.split()) if w]
    if not all(_DATE_WORD.match(w) for w in words):
        return False
    if any(_WHOLE_DATE.match(w) for w in words):
        return True
    return _YEAR_OR_TIME.search(key) is not None and any(_DATE_NAME.match(w) for w in words)


# The words of a relative date ("3 days ago", "vor 2 Stunden", "il y a 5 minutes", "hace 2 horas").
_RELATIVE = re.compile(
    r"(?:ago|mins?|minutes?|hours?|hrs?|days?|weeks?|months?|years?|vor|minuten|stunden?|tage?n?|wochen|il|y"
    r"|heures?|jours?|semaines?|mois|ans?|hace|minutos?|horas?|d[ií]as?|semanas?|meses|fa|or[ae]|giorni)$"
)


def words_beyond_date(key: str) -> int:
    """How many words of a matching key are neither date words, figures, fillers (see DATE_NAMES) nor
    the words of a relative date."""
    words = (w.strip(_DATE_PUNCT + ":|") for w in key.split())
    return sum(1 for w in words if w and not _DATE_WORD.match(w) and not _RELATIVE.match(w))


# A dateline in the news languages beyond those of ``rules``: its marker (``cues.DATELINE``), then at
# once a date: a whole date figure ("입력 2024.03.05 14:30 | 수정 ...") or a bare date to the end of the
# line ("Опубликовано: 5 марта 2024, 14:30"). The marker words also open other lines ("Обновлено 12
# приложений", "Publicado em 2019, o livro ..."): a figure alone does not make them a date.
MARKED_DATE_MAX = 120
_MARKER = re.compile(unicodedata.normalize("NFC", cues.DATELINE))
# Between the marker and its date: separators and at most one small word ("em", "op", "am", "в").
_MARKER_GAP = re.compile(r"[\s:：,|\-–]*(?:(?:em|op|am|on|le|el|il|в|at|um|på|den|ngày|tarihi)\s+)?")
_DATE_FIGURE = re.compile(r"(?:\d{1,2}([./-])\d{1,2}\1\d{2,4}|\d{4}([./-])\d{1,2}\2\d{1,2})(?!\d)")


def is_marked_date(line: str, key: str) -> bool:
    """Whether ``line`` (matching key ``key``) is a dateline of another news language: see MARKED_DATE_MAX."""
    if len(line) > MARKED_DATE_MAX:
        return False
    marker = _MARKER.match(key)
    if marker is None:
        return False
    gap = _MARKER_GAP.match(key, marker.end())
    rest = key[gap.end() if gap else marker.end() :]
    return _DATE_FIGURE.match(rest) is not None or is_bare_date(rest, rest)


# A dateline of the rules' languages: its marker ("Publié le", "Updated", "Stand:"), then a date, a
# time, a weekday or a month (their first letters in en/fr/de/es/it/pt), or nothing (the marker alone
# on a short line); "Published in 2019, the study found..." is a sentence.
DATELINE_MAX = 120
_DATELINE = re.compile(
    r"(?:publi[eé] le|mis [aà] jour le|modifi[eé] le|le \d{1,2}/\d{1,2}/\d{2,4}|published(?: on)?|updated(?: on)?"
    r"|last updated|posted(?: on)?|ver[oö]ffentlicht(?: am)?|aktualisiert(?: am)?|stand(?=:)|publicado(?: el)?"
    r"|actualizado(?: el)?|pubblicato(?: il)?)\b"
)
_DATE_FOLLOWS = re.compile(
    r"[\s:,|\-]*(?:$|\d|\(|(?:on|le|am|el|il|em|at|à|a las|um|by|par|von|por|di) "
    r"|(?:jan|f[eé]v|feb|mar|m[aä]r|avr|apr|abr|ma[iy]|mag|jun|jui|giu|jul|lug|aug|ao[uû]|ago|sep|set|oct|okt|ott"
    r"|out|nov|d[eé]c|dez|dic|ene|gen|mon|tue|wed|thu|fri|sat|sun|lun|mer|jeu|ven|sam|dim|die|mit|don|fre|son"
    r"|mi[eé]|jue|vie|s[aá]b|dom|seg|ter|qua|qui|sex))"
)
# Words after a dateline's marker that are no date word ("Publié le 5 mars 2024 à 14h30, mis à jour le
# ..."); with more, the marker opens a sentence ("Published on 5 March, the report found 12 cases").
DATELINE_OTHER_WORDS = 2
# A marker without a figure stands alone on a short line ("Posted on", "PUBLISHED").
MARKER_ALONE_MAX = 40


def is_dateline(line: str, key: str) -> bool:
    """Whether ``line`` (matching key ``key``) is a dateline: a bare date, a marker and its date, or a
    marker alone."""
    if is_bare_date(line, key) or is_marked_date(line, key):
        return True
    marker = _DATELINE.match(key)
    if marker is None or len(line) > DATELINE_MAX or not _DATE_FOLLOWS.match(key, marker.end()):
        return False
    if _DIGIT.search(key):
        return words_beyond_date(key[marker.end() :]) <= DATELINE_OTHER_WORDS
    return len(line) <= MARKER_ALONE_MAX and latin_length(line) <= MARKER_ALONE_MAX and not ends_sentence(line)

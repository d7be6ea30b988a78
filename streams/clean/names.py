"""Whether the words after a marker are people's or agencies' names (a byline, a photo credit, the
sections of a navigation trail)."""

from __future__ import annotations

import re

# Words that may stand lowercase among the names of a byline ("By Ana de la Vega and Tom Lee"); any
# other lowercase word makes the line a sentence or a subheading ("Por qué subieron los precios",
# "Von der Leyen fordert mehr Geld", "By the numbers").
NAME_PARTICLES = frozenset(
    ("and", "et", "und", "y", "e", "en", "&", "de", "van", "von", "der", "den", "da", "di", "del", "della", "la",
     "le", "du", "des", "dos", "do", "al", "bin", "ter", "zu")
)


def names_follow(line: str, skip: int = 1, also: frozenset[str] = frozenset(), other: int = 0) -> bool:
    """Whether the words after the first ``skip`` ones (a byline's or a credit's marker) are names:
    capitalised, name particles, or (lowercased, without punctuation) in ``also``; up to ``other``
    other words allowed."""
    for word in line.split()[skip:]:
        if word[:1].isupper() or not word[:1].isalpha() or word in NAME_PARTICLES or word.lower().strip(":,.") in also:
            continue
        other -= 1
        if other < 0:
            return False
    return True


# A Chinese, Japanese or Korean byline: a name of two to five characters with the reporter's title
# before or after it ("山田太郎記者", "김민수 기자", "记者 王明", "(서울=연합뉴스) 김민수 기자"), maybe in brackets
# and with an e-mail address; no capitals to tell the name by, so the whole line must be that short.
_REPORTER = "記者|记者|기자|특파원|特派員|特派员|編集委員|论说员"
_CJK_BYLINE = re.compile(
    rf"[\[(（【]?(?:\([^()]{{1,12}}\)\s?)?(?:(?:{_REPORTER})\s?[^\W\d_]{{2,5}}|[^\W\d_]{{2,5}}\s?(?:{_REPORTER}))"
    r"(?:\s?[\w.+-]+@[\w.-]+)?[\])）】]?"
)
CJK_BYLINE_MAX = 40


def is_cjk_byline(line: str) -> bool:
    """Whether ``line`` is only a Chinese, Japanese or Korean byline (see _CJK_BYLINE)."""
    return len(line) <= CJK_BYLINE_MAX and _CJK_BYLINE.fullmatch(line.strip()) is not None

"""Whether the words after a marker are people's or agencies' names (a byline, a photo credit, the
sections of a navigation trail)."""

from __future__ import annotations

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

"""What a model runs into the front of a name, and where the span of the name starts.

English spans open with words that say what the name is or what one thinks of it, not with the
name: a prefix in small letters ("pro-Kremlin", "anti-EU"), a common noun ("magazine Der Spiegel"),
a sentence's "The" before an institution ("The Home Office said").
:func:`~streams.entities.spans.clean_span` asks these before it reads articles and junk words.
"""

from __future__ import annotations

import re


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


# A prefix written in small letters before a name says for or against it ("pro-Kremlin", "anti-EU",
# "pre-Maidan"): the name is what follows. Capitalised, it opens a name ("Anti-Defamation League");
# "anti-Semitism" is one word, whose second half names nothing.
_LOWER_PREFIX = re.compile(r"(?:pro|anti|pre)-(?=[A-ZÀ-Þ])(?!Semit)")
# In English a word in small letters opening a span before a capitalised one is a common noun the
# model ran in ("magazine Der Spiegel"), but for the particles of names ("al Qaeda", "von der Leyen").
# Not before a one-word rest, which it names as often ("serie A").
_LOWER_WORD = re.compile(r"([a-z]+) (?=[A-Z]\S* \S)")
_PARTICLES = _words("al el de del della delle degli di da das dos du il la le los las van von der den ter zu bin ibn")
# Words of an institution's name, which a sentence opens with "The" before ("The Council of Europe
# ruled", "The Home Office said"): the article is no part of it, as it is not inside a sentence. Not
# a newspaper's ("The Times", "The Washington Post"), whose "The" is its title's.
_INSTITUTION_WORDS = _words(
    """
    Association Council Union Ministry Office Agency Party Museum Bank Institution Institute Committee
    Commission Department Court Federation Foundation Organization Organisation Authority Bureau League
    Movement Parliament Government Assembly Senate Police Society Alliance University Academy Tribunal
    Centre Center Fund Board
    """
)


def run_in_head(surface: str, lang: str | None) -> int:
    """The length of what opens ``surface`` and is no part of the name (0: nothing): a prefix in
    small letters, in English a common noun."""
    prefix = _LOWER_PREFIX.match(surface)
    if prefix:
        return prefix.end()
    common = _LOWER_WORD.match(surface) if lang == "en" else None
    if common and common.group(1) not in _PARTICLES:
        return common.end()
    return 0


def names_an_institution(rest: str) -> bool:
    """Whether a word of ``rest`` (what follows "The") is an institution's ("Council of Europe")."""
    return any(word in _INSTITUTION_WORDS for word in rest.split())

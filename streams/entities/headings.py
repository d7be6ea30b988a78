"""Names inside a title-case heading, cut from the heading's capitalised common words.

A text opening with a heading in title case ("Pakistan Submits Preliminary Report on Trade") gives
the model no case cue: it runs a name on into the capitalised words after or before it. In such a
heading, the parts of a model span that are names are the runs of its words the knowledge base
knows or the body writes capitalised too ("Pakistan"); the heading's other capitalised words are
common words and fall out of the span. A span no part of which is a name is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from streams.entities.model import ModelSpan

# Words a title-case heading leaves in lower case; the other words count for the heading's casing.
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "off", "on", "or", "over"}
    | {"per", "the", "to", "up", "via", "vs", "with"}
)
# A heading in title case has at least this many words beyond the small ones, all capitalised and
# most of them in lower case after the first letter.
_MIN_HEADING_WORDS = 3
_WORD = re.compile(r"[^\W\d_][\w.&-]*")
# What opens a sentence in the body: a word after it, capitalised, may be a common word.
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;\"“‘'(\n]\s*|\s[-–—]\s+)$")


def title_case_heading(text: str) -> int:
    """The end of ``text``'s first line when that line is a heading in title case (every word
    beyond the small ones capitalised) followed by a body; else 0."""
    cut = text.find("\n")
    if cut < 0 or text[:cut].rstrip().endswith("."):
        return 0  # no body, or a line a full stop ends: a sentence, a table's row
    words = [w for w in _WORD.findall(text[:cut]) if len(w) > 1 and w.lower() not in _SMALL_WORDS]
    if len(words) < _MIN_HEADING_WORDS or not all(w[0].isupper() for w in words):
        return 0
    if 2 * sum(w.isupper() for w in words) > len(words):
        return 0  # a heading in capitals: no word's case tells a name (see .casing)
    return cut


def _in_body(body: str, surface: str) -> bool:
    """Whether the body writes ``surface``, capitalised as it is; a single word only where no
    sentence opens before it (a sentence capitalises its first word, name or not)."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(surface)}(?![\w-])")
    for match in pattern.finditer(body):
        if " " in surface or not _SENTENCE_OPENING.search(body, max(0, match.start() - 12), match.start()):
            return True
    return False


def heading_parts(
    text: str, start: int, end: int, heading_end: int, known: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """The names in a model span inside a title-case heading ending at ``heading_end`` (see
    :func:`title_case_heading`). The span is cut at its common words, those the body never writes
    capitalised; of each run of words left, its longest runs, left to right, that ``known`` (the
    knowledge base) knows or the body writes are names. A span without a common word, or which
    the body writes whole, is left as it is."""
    if not heading_end or end > heading_end:
        return [(start, end)]
    body = text[heading_end:]
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    words = [(s, e - 1 if text[e - 1] == "." and text.count(".", s, e) == 1 else e) for s, e in words]

    def is_name(a: int, b: int) -> bool:
        surface = text[a:b]
        return known(surface) or _in_body(body, surface)

    common = [text[s].isupper() and text[s:e].lower() not in _SMALL_WORDS and not is_name(s, e) for s, e in words]
    if not any(common) or is_name(start, end):
        return [(start, end)]
    parts: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            if any(common[i:j]):
                continue
            a, b = words[i][0], words[j - 1][1]
            if text[a].isupper() and text[b - 1 : b].isalnum() and is_name(a, b):
                parts.append((a, b))
                i = j
                break
        else:
            i += 1
    return parts or [(start, end)]


def heading_names(text: str, spans: list[ModelSpan], heading_end: int, known: Callable[[str], bool]) -> list[ModelSpan]:
    """The model's spans with those in a title-case heading cut to their names (see
    :func:`heading_parts`). A name in the heading takes the label the model gives it in the body,
    where the words around tell more than the heading's capitalised ones ("Mumbai Attacks" is an
    event, "Mumbai" a place; "Ulm" opening a heading read as an organisation is the body's city)."""
    body_labels: dict[str, str] = {}
    for span in spans:
        if span.start >= heading_end:
            body_labels.setdefault(text[span.start : span.end], span.label)
    out: list[ModelSpan] = []
    for span in spans:
        for start, end in heading_parts(text, span.start, span.end, heading_end, known):
            label = body_labels.get(text[start:end], span.label)
            out.append(ModelSpan(start, end, label))
    return out

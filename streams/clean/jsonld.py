"""The article text a page declares in its schema.org JSON-LD (``articleBody``), used as a witness to
choose between extractions: publishers fill it from the same source as the page's article."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from html import unescape
from typing import Any

from streams.clean.scripts import CJK

# JSON-LD blocks are read from at most this many script elements of at most this size each (real
# pages carry a few blocks of a few to a few hundred kilobytes).
MAX_SCRIPTS = 16
MAX_SCRIPT_CHARS = 1_000_000
# Nesting read to find the key (``@graph`` lists, ``mainEntity`` objects: a few levels in practice).
MAX_DEPTH = 6
_LD_SCRIPT = re.compile(r"<script\b[^>]*application/ld\+json[^>]*>", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,1000}>")
# Markup that ends a paragraph when articleBody carries HTML.
_BREAK_TAG = re.compile(r"<(?:/p|br\s*/?|/div|/h[1-6]|/li)\s*>", re.IGNORECASE)
_TOKEN = re.compile(r"\w+")
_CJK_CHAR = re.compile(f"[{CJK}]")


@dataclass(frozen=True)
class DeclaredArticle:
    """The article text a page declares (plain text, one paragraph a line) and the headline declared
    with it ("" when none)."""

    text: str
    headline: str


def _find_body(data: Any, depth: int = 0) -> tuple[str, str] | None:
    """The first ``articleBody`` under ``data`` and the ``headline`` (or ``name``) of its object."""
    if depth > MAX_DEPTH:
        return None
    if isinstance(data, dict):
        body = data.get("articleBody")
        if isinstance(body, str) and body.strip():
            # A paywalled article declares its full text for search engines while the page shows a
            # teaser: that text is not what the page presents.
            if _not_free(data.get("isAccessibleForFree")):
                return None
            headline = data.get("headline") or data.get("name")
            return body, headline if isinstance(headline, str) else ""
        children: Any = data.values()
    elif isinstance(data, list):
        children = data
    else:
        return None
    for child in children:
        if isinstance(child, dict | list) and (found := _find_body(child, depth + 1)):
            return found
    return None


def _not_free(flag: Any) -> bool:
    return flag is False or (isinstance(flag, str) and flag.strip().lower() in ("false", "no", "0"))


def _plain(markup: str) -> str:
    """Declared text (HTML allowed) as plain text of one paragraph a line."""
    text = unescape(_TAG.sub(" ", _BREAK_TAG.sub("\n", markup)))
    return "\n".join(line for line in (" ".join(ln.split()) for ln in text.splitlines()) if line)


def declared_article(html: str) -> DeclaredArticle | None:
    """The first non-empty ``articleBody`` of the page's JSON-LD blocks, with its headline (None: none)."""
    if '"articleBody"' not in html:  # one C-level scan: most pages declare no article text
        return None
    at = 0
    for _ in range(MAX_SCRIPTS):
        start = _LD_SCRIPT.search(html, at)
        if start is None:
            return None
        end = _SCRIPT_END.search(html, start.end())
        if end is None:
            return None
        at = end.end()
        if "articleBody" not in html[start.end() : end.start()] or end.start() - start.end() > MAX_SCRIPT_CHARS:
            continue
        try:
            # strict=False: publishers leave raw line breaks inside JSON strings.
            data = json.loads(html[start.end() : end.start()], strict=False)
        except ValueError:
            continue
        found = _find_body(data)
        if found:
            return DeclaredArticle(_plain(found[0]), " ".join(unescape(found[1]).split()))
    return None


def article_body(html: str) -> str | None:
    """The text of :func:`declared_article` (None: none)."""
    declared = declared_article(html)
    return declared.text if declared is not None else None


def tokens(text: str) -> Counter[str]:
    """The bag of lowercased word tokens of a text; a run holding Chinese or Japanese characters gives
    its pairs of adjacent characters: there a run of word characters is a clause, which any tag
    inside it (a linked keyword, a ruby reading) splits in the page's text, and which an edited
    title rewords, so compared whole two copies of one text would share no "word"."""
    words = _TOKEN.findall(text.lower())
    if not _CJK_CHAR.search(text):
        return Counter(words)
    bag: Counter[str] = Counter()
    for word in words:
        if len(word) > 2 and _CJK_CHAR.search(word):
            bag.update(word[i : i + 2] for i in range(len(word) - 1))
        else:
            bag[word] += 1
    return bag


def overlap_f1(ours: Counter[str], reference: Counter[str]) -> float:
    """Bag-of-words F1 of two token bags (0 when either is empty)."""
    common = sum((ours & reference).values())
    if not common:
        return 0.0
    precision, recall = common / sum(ours.values()), common / sum(reference.values())
    return 2 * precision * recall / (precision + recall)

"""The page's headings read from its raw HTML: its first h1 elements (as a reader sees them, and
whether each links to the home page: a logo) and its <title> element."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

# The page's h1 elements are looked for in the raw HTML (one more parse would cost more than the
# rest of the title choice): at most this many start tags are read, and an h1's tag and text are
# bounded (a headline is < 300 characters; attributes and inline markup add a few hundred).
MAX_H1_TAGS = 4
MAX_H1_MARKUP = 4000
# A start tag read to its end: a ">" inside a quoted attribute value ("dblclick->title#highlight")
# does not end it. The alternatives never overlap (one unquoted character or one quoted value) and
# none crosses a "<", so a match attempt reads no further than the next tag.
_H1_START = re.compile(r"<h1(?=[\s>])(?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*>", re.IGNORECASE)
_H1_END = re.compile(r"</h1\s*>", re.IGNORECASE)
# Inline elements render without a break: "Planning <span class='drop-cap'>C</span>ycle" reads
# "Planning Cycle"; any other tag (<br>, a block) separates words.
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|dfn|em|font|i|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var)"
    r"(?:\s[^<>]*)?>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^<>]*>")


def _heading_text(markup: str) -> str:
    """The text a reader sees in a heading's markup: inline tags removed, other tags a space."""
    return " ".join(unescape(_TAG.sub(" ", _INLINE_TAG.sub("", markup))).split())


# A link to the site's home page ("/", "https://host/", "//host", "/index.html"): an h1 inside one,
# or holding one, is the logo (the site's name), never the headline. The link that opens before the h1
# is looked for in the HOME_LINK_BEFORE characters before it.
_HOME_HREF = re.compile(
    r"<a\s(?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*?\bhref\s*=\s*[\"']?"
    r"(?:(?:https?:)?//[^/\"'\s<>]+/?|/)(?:index\.[a-z]{2,5})?(?=[\"'\s>])",
    re.IGNORECASE,
)
_LINK_END = re.compile(r"</a\s*>", re.IGNORECASE)
HOME_LINK_BEFORE = 300


@dataclass(frozen=True)
class Heading:
    """The text of an h1 element, and whether it links to the site's home page (a logo)."""

    text: str
    links_home: bool


def _links_home(html: str, start: int, markup: str) -> bool:
    """Whether the h1 starting at ``start`` (inner markup ``markup``) holds a link to the home page or
    stands inside one opened just before it."""
    if _HOME_HREF.search(markup):
        return True
    before = html[max(0, start - HOME_LINK_BEFORE) : start]
    opened = list(_HOME_HREF.finditer(before))
    return bool(opened) and _LINK_END.search(before, opened[-1].end()) is None


def h1_elements(html: str) -> list[Heading]:
    """The page's first h1 elements (up to MAX_H1_TAGS; empty ones left out)."""
    found: list[Heading] = []
    at = 0
    for _ in range(MAX_H1_TAGS):
        start = _H1_START.search(html, at)
        if start is None:
            break
        at = start.end()
        if start.end() - start.start() > MAX_H1_MARKUP:
            continue
        closed = _H1_END.search(html, start.end(), start.end() + MAX_H1_MARKUP)
        if closed is None:
            continue
        markup = html[start.end() : closed.start()]
        text = _heading_text(markup)
        if text and not _commented_out(html, start.start()):
            found.append(Heading(text, _links_home(html, start.start(), markup)))
        at = closed.end()
    return found


def _commented_out(html: str, at: int) -> bool:
    """Whether position ``at`` of the page is inside an HTML comment (markup a reader never sees)."""
    opened = html.rfind("<!--", 0, at)
    return opened >= 0 and html.find("-->", opened + 4, at) < 0


def page_headings(html: str) -> list[str]:
    """The texts of the page's first h1 elements (up to MAX_H1_TAGS; empty ones left out)."""
    return [heading.text for heading in h1_elements(html)]


# The <title> element is looked for in the page's head: its first TITLE_ELEMENT_SEARCH characters.
TITLE_ELEMENT_SEARCH = 200_000
_TITLE_ELEMENT = re.compile(r"<title(?:\s[^<>]*)?>([^<]{1,1000})</title\s*>", re.IGNORECASE)


def title_element(html: str) -> str | None:
    """The text of the page's <title> element (None when absent or empty)."""
    found = _TITLE_ELEMENT.search(html, 0, TITLE_ELEMENT_SEARCH)
    text = " ".join(unescape(found.group(1)).split()) if found else ""
    return text or None


def is_logo(title: str, headings: list[Heading]) -> bool:
    """Whether ``title`` is the text of an h1 that links to the home page."""
    key = " ".join(title.lower().split())
    return any(h.links_home and h.text.lower() == key for h in headings)

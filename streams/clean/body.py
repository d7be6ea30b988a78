"""The lines of a trafilatura body (its XML: <p>, <head>, <list>/<item>, <table>/<row>/<cell>, <lb/>,
<ref> links), read in one walk for both uses: the blocks of the chosen extraction and the link
density of each line of the recall extraction (see ``interior``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BodyBlock:
    """The lines of one body element and their link text (<ref>) in characters: per line for the
    items of a list and the rows of a table; for any other element one figure for the whole, its
    lines being the <lb/>-separated pieces of one paragraph."""

    lines: list[str]
    link_chars: list[int]

    def linked(self) -> list[tuple[str, int]]:
        """The block as lines with their link characters (a paragraph as one line)."""
        if len(self.link_chars) == len(self.lines):
            return list(zip(self.lines, self.link_chars, strict=True))
        return [(" ".join(self.lines), self.link_chars[0])]


# Elements that start a line of their own when nested in another (a list inside a list item, a
# paragraph inside a quote): their text is not glued to the text before and after them.
_NESTED_BLOCKS = frozenset(("list", "item", "p", "head", "quote", "table", "row", "cell"))


def _text_lines(el: Any) -> list[str]:
    """An element's text split at <lb/> line breaks and around nested block elements."""
    parts: list[str] = []
    current: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            current.append(node.text)
        for child in node:
            if child.tag == "lb":
                parts.append("".join(current))
                current.clear()
            elif child.tag in _NESTED_BLOCKS:
                parts.append("".join(current))
                current.clear()
                walk(child)
                parts.append("".join(current))
                current.clear()
            else:
                walk(child)
            if child.tail:
                current.append(child.tail)

    walk(el)
    parts.append("".join(current))
    return [" ".join(p.split()) for p in parts if p.strip()]


def _flat_text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


# A link to a place on the same page ("#section": a heading's own anchor, a footnote mark) leads
# nowhere else: it is not navigation. trafilatura resolves such a target against the site's root
# ("https://host#section"), so a target that is a bare origin with a fragment is one too.
_IN_PAGE = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?(?://[^/?#]*)?/?#", re.IGNORECASE)


def _leads_away(ref: Any) -> bool:
    return not _IN_PAGE.match(ref.get("target") or "")


def _link_chars(el: Any) -> int:
    return sum(len(_flat_text(ref)) for ref in el.iter("ref") if _leads_away(ref))


def _tail(text: str | None) -> BodyBlock | None:
    return BodyBlock([" ".join(text.split())], [0]) if text and text.strip() else None


def _element_block(el: Any) -> BodyBlock | None:
    """One line per list item and table row (cells joined by "; ": a pipe-joined row would look like
    a navigation menu to the rules), the lines between <lb/>s of any other element, none of a graphic."""
    lines: list[str] = []
    links: list[int] = []
    if el.tag == "list":
        for item in el.findall("item"):
            if text := " ".join(_text_lines(item)):
                lines.append(text)
                links.append(_link_chars(item))
    elif el.tag == "table":
        for row in el.iter("row"):
            cells = [c for c in row if c.tag == "cell"]
            if text := "; ".join(t for t in (" ".join(_text_lines(c)) for c in cells) if t):
                lines.append(text)
                links.append(_link_chars(row))
    elif el.tag != "graphic":
        lines = _text_lines(el)
        links = [_link_chars(el)]
    return BodyBlock(lines, links) if lines else None


# Block elements a <div> of the body may hold: such a <div> is a wrapper (trafilatura keeps one when
# its recall mode takes a whole container), read as the blocks inside it. Read as one element, the
# article and the comment section after it, each in its wrapper, were two "lines" of the recall
# extraction, and the comments came back as one new line inside the article.
_BLOCK_CHILDREN = frozenset(("p", "head", "list", "table", "quote", "div", "code"))


def _is_wrapper(el: Any) -> bool:
    return el.tag == "div" and any(child.tag in _BLOCK_CHILDREN for child in el)


def _element_blocks(el: Any) -> list[BodyBlock]:
    """The blocks of one element of the body and of its tail text: a wrapper <div> gives the blocks of
    its text and of each element inside it."""
    blocks = body_blocks(el) if _is_wrapper(el) else [b for b in (_element_block(el),) if b is not None]
    tail = _tail(el.tail)
    return blocks + [tail] if tail is not None else blocks


def body_blocks(body: Any, max_lines: int | None = None) -> list[BodyBlock]:
    """The blocks of a body: text directly inside it, each top-level element's lines (the blocks inside
    a wrapper <div>), each element's tail text; stops once ``max_lines`` lines are read (None: no
    bound)."""
    blocks: list[BodyBlock] = []
    count = 0
    if head := _tail(body.text):  # text directly inside <body> is content too
        blocks.append(head)
        count += 1
    for el in body:
        for block in _element_blocks(el):
            blocks.append(block)
            count += len(block.lines)
        if max_lines is not None and count >= max_lines:
            break
    return blocks

"""trafilatura's link-density test with its lengths measured at Latin size.

trafilatura removes a paragraph shorter than 30 characters (60 when it is the last of its container;
100 and 300 for other elements) when most of its text is links or most of its links are shorter than
10 characters: a short paragraph of short links is a menu or a tag list. Those are character counts
set for Latin text. A Chinese, Japanese or Korean paragraph says in 55 characters what an English one
says in 160, so a last paragraph with two linked keywords ("[市議会]は[三日]、...") was removed as a
menu, then the paragraph before it, now the last, and the subheading above them: the article lost its
end. Here the same test reads every length with ``scripts.latin_length``, for the cleaner's own runs
only (``latin_sized``): trafilatura called elsewhere in the process, such as the plain baseline of
``streams.evaluate.clean_eval``, keeps its own test. Text without those characters goes to
trafilatura's test unchanged.
"""

from __future__ import annotations

import importlib.metadata
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from trafilatura import htmlprocessing

from streams.clean.scripts import WIDE_CHAR, latin_length

# The test this module stands in for (None in a trafilatura without it: nothing is replaced, and
# ``latin_sized`` changes nothing).
_ORIGINAL: Any = getattr(htmlprocessing, "link_density_test", None)
_trim: Any = getattr(htmlprocessing, "trim", lambda text: " ".join(text.split()))
# trafilatura's limits (htmlprocessing.link_density_test, 2.x): the length under which an element is
# tested, by kind; a link shorter than SHORT_LINK is "short"; a single link holding more than
# SINGLE_LINK_SHARE of the text and longer than SINGLE_LINK_CHARS (SINGLE_LINK_CHARS_PRECISE in a
# precision run) makes the element a link; LINK_SHARE of the text in links, or SHORT_SHARE of the links
# short, make it navigation; an element of more than FARM_LINKS links averaging under FARM_LINK_CHARS is
# a link farm when its links hold LINK_FARM_RATIO of its text.
SHORT_LINK = 10
SINGLE_LINK_SHARE = 0.9
SINGLE_LINK_CHARS = 100
SINGLE_LINK_CHARS_PRECISE = 10
LINK_SHARE = 0.8
SHORT_SHARE = 0.8
FARM_LINKS = 4
FARM_LINK_CHARS = 100
_FARM_RATIO: float = getattr(htmlprocessing, "LINK_FARM_RATIO", 0.8)
_IS_LISTING: Any = getattr(htmlprocessing, "is_paragraph_listing", lambda links: False)

_STATE = threading.local()


def _limit(element: Any) -> int:
    if element.tag == "p":
        return 60 if element.getnext() is None else 30
    return 300 if element.getnext() is None else 100


def _latin_sized_test(element: Any, favor_precision: bool = False) -> tuple[bool, bool]:
    """trafilatura's test on an element whose text holds Chinese, Japanese or Korean characters, every
    length in Latin-sized characters; other elements, and calls outside ``latin_sized``, go to it."""
    if not getattr(_STATE, "active", False):
        return _ORIGINAL(element, favor_precision)
    links = element.findall(".//ref")
    if not links or element.find(".//graphic") is not None:
        return _ORIGINAL(element, favor_precision)
    text = _trim(element.text_content())
    if text.isascii() or not WIDE_CHAR.search(text):
        return _ORIGINAL(element, favor_precision)
    size = latin_length(text)
    link_texts = [t for t in (_trim(link.text_content()) for link in links) if t]
    sizes = [latin_length(t) for t in link_texts]
    if len(links) == 1 and sizes:
        single = SINGLE_LINK_CHARS_PRECISE if favor_precision else SINGLE_LINK_CHARS
        if sizes[0] > single and sizes[0] > size * SINGLE_LINK_SHARE:
            return True, False
    if size < _limit(element):
        if not sizes:
            return True, False
        short = sum(s < SHORT_LINK for s in sizes)
        return sum(sizes) > size * LINK_SHARE or (len(sizes) > 1 and short / len(sizes) > SHORT_SHARE), True
    if len(links) > FARM_LINKS:
        total = sum(sizes)
        if total > size * _FARM_RATIO and total < FARM_LINK_CHARS * len(sizes) and not _IS_LISTING(links):
            return True, False
    return False, False


if _ORIGINAL is not None:
    htmlprocessing.link_density_test = _latin_sized_test
else:
    # Said once at import, not silently: Chinese, Japanese and Korean pages then lose the ends of
    # articles whose last paragraphs carry linked keywords (see the module docstring).
    logging.getLogger(__name__).warning(
        "trafilatura %s has no htmlprocessing.link_density_test: its link-density limits stay at Latin "
        "sizes for Chinese, Japanese and Korean text (newsfeed was checked against trafilatura 2.3.1)",
        importlib.metadata.version("trafilatura"),
    )


@contextmanager
def latin_sized() -> Iterator[None]:
    """Within this block (in this thread), trafilatura's link-density test measures Latin-sized lengths."""
    before = getattr(_STATE, "active", False)
    _STATE.active = True
    try:
        yield
    finally:
        _STATE.active = before

"""Main-content extraction from HTML with trafilatura, keeping paragraph structure."""

from __future__ import annotations

import re
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import use_config

from streams.clean.body import body_blocks
from streams.clean.cut_lines import restore_cut_lines
from streams.clean.headings import h1_elements, is_logo, title_element
from streams.clean.interior import SAME_AT_LEAST, complete_from_recall, held_chars, linked_lines
from streams.clean.jsonld import DeclaredArticle, declared_article, overlap_f1, tokens
from streams.clean.link_density import latin_sized
from streams.clean.observe import StepObserver, current
from streams.clean.scripts import WIDE_CHAR, latin_scaled, latin_word_count
from streams.clean.title import headline_title, names_the_site_of

# trafilatura prunes trees larger than this many elements: bounds work on giant or degenerate pages
# (real article pages have a few thousand elements).
MAX_TREE_SIZE = 60_000


# trafilatura's character floors, set for Latin text: below MIN_EXTRACTED_SIZE characters an
# extraction is judged too short (and other extractors are tried), and paragraphs shorter than
# MIN_DUPLCHECK_SIZE are never checked for repetition. A Chinese or Japanese page says as much in about
# a third as many characters, so both are scaled to the page's script (``scripts.latin_scaled``).
MIN_EXTRACTED_SIZE = 250
MIN_DUPLCHECK_SIZE = 100
# The floors are scaled in steps of this many characters: a few distinct configurations, each built once.
FLOOR_STEP = 10


@lru_cache(maxsize=32)
def _config(min_extracted_size: int = MIN_EXTRACTED_SIZE, min_duplcheck_size: int = MIN_DUPLCHECK_SIZE) -> Any:
    """trafilatura's settings with the given character floors (read-only once built)."""
    config = use_config()
    config.set("DEFAULT", "max_tree_size", str(MAX_TREE_SIZE))
    config.set("DEFAULT", "extensive_date_search", "off")  # the date is a hint; the cheap search suffices
    config.set("DEFAULT", "min_extracted_size", str(min_extracted_size))
    config.set("DEFAULT", "min_duplcheck_size", str(min_duplcheck_size))
    return config


# The visible text of a page, roughly: what its script is judged on (markup and scripts are ASCII and
# would make every page look Latin). The first SCRIPT_SAMPLE_CHARS of the page are read.
SCRIPT_SAMPLE_CHARS = 200_000
# Start and end tags of code elements, read in one pass (a pattern matching a whole element would
# rescan the rest of the page for each unclosed one).
_CODE_TAG = re.compile(r"<(/?)(?:script|style)\b[^<>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]*>|&\w+;|\s+")


def _without_code(html: str) -> str:
    """``html`` without its code elements (scripts and styles, their content included)."""
    pieces: list[str] = []
    at = 0
    inside = False
    for tag in _CODE_TAG.finditer(html):
        if not inside:
            pieces.append(html[at : tag.start()])
        inside = not tag.group(1)
        at = tag.end()
    if not inside:
        pieces.append(html[at:])
    return "".join(pieces)


def _visible_text(html: str) -> str:
    """The page's first SCRIPT_SAMPLE_CHARS characters without code elements, tags, entities and spaces."""
    return _ANY_TAG.sub("", _without_code(html[:SCRIPT_SAMPLE_CHARS]))


def _step(size: int) -> int:
    return max(FLOOR_STEP, FLOOR_STEP * round(size / FLOOR_STEP))


@dataclass(frozen=True)
class _Settings:
    """trafilatura's settings for a page, and whether its text holds Chinese, Japanese or Korean
    characters (then its link-density test measures Latin-sized lengths: see ``link_density``)."""

    config: Any
    wide: bool


def _settings(html: str) -> _Settings:
    text = _visible_text(html)
    extracted = latin_scaled(MIN_EXTRACTED_SIZE, text)
    if extracted == MIN_EXTRACTED_SIZE:
        return _Settings(_config(), False)
    config = _config(_step(extracted), _step(latin_scaled(MIN_DUPLCHECK_SIZE, text)))
    return _Settings(config, WIDE_CHAR.search(text) is not None)


def config_for(html: str) -> Any:
    """trafilatura's settings for a page: its character floors scaled to the script of its text."""
    return _settings(html).config


# trafilatura's pruning is super-linear in the number of elements (a page of 30k sibling spans takes
# seconds). Benchmark article pages have < 5k elements (99th percentile ~3k); pages above 10k are
# first stripped of scripts/styles/SVG. Still above MAX_ELEMENTS (a live blog, a long comment section,
# a portal's mega-menu around a real article), the precision run alone extracts them: one run of
# ~0.4-1.4 s at 10-30k elements, less than the three runs of a page just under MAX_ELEMENTS; pages
# above MAX_ELEMENTS_ONE_RUN are refused.
MAX_ELEMENTS = 10_000
MAX_ELEMENTS_ONE_RUN = 30_000
_OPEN_TAG = re.compile(r"<[a-zA-Z]")
_HEAVY_TAGS = ("script", "style", "svg", "noscript", "iframe", "template", "math", "canvas", "select", "option")


# htmldate (inside trafilatura) walks every attribute of every element, quadratically on one element
# with a giant attribute list (100k attributes took over 10 minutes). Real pages carry a few dozen
# attributes per element at most; past MAX_ATTRIBUTES in the page, start tags with more than
# MAX_ELEMENT_ATTRIBUTES lose their attributes.
MAX_ATTRIBUTES = 30_000
MAX_ELEMENT_ATTRIBUTES = 32
_ATTRIBUTE = re.compile(r"\s[\w:.-]+\s*=")
# A start tag and its attribute text; [^<>]* cannot backtrack catastrophically (one pass per tag).
_START_TAG = re.compile(r"<([a-zA-Z][\w:-]*)([^<>]*)>")


def _trim_attributes(match: re.Match[str]) -> str:
    """A start tag with a giant attribute list loses its attributes; others are left as they are."""
    if match.group(2).count("=") > MAX_ELEMENT_ATTRIBUTES:
        return f"<{match.group(1)}>"
    return match.group(0)


class PageTooComplex(ValueError):
    """The page has too many elements to extract within bounded time."""


def _bounded_html(html: str) -> tuple[str, bool]:
    """``html`` unchanged when small enough, else stripped of heavy elements, and whether it still has
    more than MAX_ELEMENTS elements; raises PageTooComplex above MAX_ELEMENTS_ONE_RUN."""
    if len(_ATTRIBUTE.findall(html)) > MAX_ATTRIBUTES:
        # Rewritten as text, before any parser sees it: libxml2 itself is quadratic in the number of
        # attributes of one element (it checks each for duplicates).
        html = _START_TAG.sub(_trim_attributes, html)
    if len(_OPEN_TAG.findall(html)) <= MAX_ELEMENTS:
        return html, False
    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise PageTooComplex(f"unparsable page: {exc}") from exc
    etree.strip_elements(tree, *_HEAVY_TAGS, with_tail=False)
    count = sum(1 for _ in tree.iter())
    if count > MAX_ELEMENTS_ONE_RUN:
        raise PageTooComplex(f"{count} elements (maximum {MAX_ELEMENTS_ONE_RUN})")
    return str(lxml_html.tostring(tree, encoding="unicode")), count > MAX_ELEMENTS


# With favor_precision trafilatura sometimes drops most of a legitimate article; when the precise
# extraction is shorter than this share of the default one, the default extraction is used.
PRECISION_KEEP_RATIO = 0.5


# ... unless the default extraction holds the precise text REPEATED_AT_LEAST times over: it took a
# container that prints the article twice (a print version, a copy for another layout), and what it
# adds is that copy, not text precision lost; or it is one line holding the precise text's
# paragraphs: trafilatura's fallback read the whole page as one text (headline, byline, share bar
# and all run together), while the precise run found the article's paragraph (at least
# FLATTENED_MIN_WORDS Latin-sized words).
REPEATED_AT_LEAST = 1.8
FLATTENED_MIN_WORDS = 10


def _precision_stands(default: Any, precise: Any) -> bool:
    """Whether the precise extraction stands against a default one of more than twice its size: the
    default holds its text REPEATED_AT_LEAST times over, or is the whole page as one line around its
    paragraphs."""
    if default.body is None or precise is None or precise.body is None or not _size(precise):
        return False
    lines = [line for block in body_blocks(default.body) for line in block.lines]
    blocks = _blocks(precise.body)
    if held_chars(blocks, lines) >= REPEATED_AT_LEAST * _size(precise):
        return True
    paragraphs = [line for block in blocks for line in block]
    if len(lines) != 1 or not any(latin_word_count(p) >= FLATTENED_MIN_WORDS for p in paragraphs):
        return False
    return held_chars([lines], paragraphs) >= SAME_AT_LEAST * _size(precise)


@dataclass
class Extracted:
    """Blocks of lines plus the page metadata trafilatura found."""

    blocks: list[list[str]] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    date: str | None = None
    site_name: str | None = None
    # Lines the recall run shows as plain text (no link): not a headline a "read also" marker points to.
    plain_lines: frozenset[str] = frozenset()


def _blocks(body: Any) -> list[list[str]]:
    return [block.lines for block in body_blocks(body)]


def _run(html: str, url: str | None, settings: _Settings, precision: bool, recall: bool = False) -> Any:
    # The recall run keeps links (<ref>): their share of a line tells navigation from article text.
    with latin_sized() if settings.wide else nullcontext():
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=not recall, favor_precision=precision, favor_recall=recall,
            include_comments=False, include_tables=True, include_images=False, include_links=recall,
            config=settings.config, date_extraction_params={"extensive_search": False, "original_date": True},
        )


def _observed_run(
    obs: StepObserver | None, html: str, url: str | None, settings: _Settings, precision: bool, recall: bool = False
) -> Any:
    """``_run``, or the observer's run of it (shared between passes, say)."""
    if obs is None:
        return _run(html, url, settings, precision, recall)
    return obs.run(lambda: _run(html, url, settings, precision, recall), html, url, precision, recall)


def _size(doc: Any) -> int:
    return len(doc.text or "") if doc is not None else 0


_TAG = re.compile(r"<[^<>]*>")
# The article text a page declares in JSON-LD (``articleBody``) replaces the extraction when it is a
# full article (at least DECLARED_MIN_WORDS Latin-sized words: not a summary or a teaser) and the
# extraction holds less than DECLARED_MAX_HELD of its words: then the extraction found something else
# (a teaser list, a comment section) and missed the article, which sits in an unusual container.
DECLARED_MIN_WORDS = 100
DECLARED_MAX_HELD = 0.5
# ... and only when the declared text is the page's own: at least DECLARED_MIN_SHOWN of its words are
# in the page's text (the article a reader sees), or, for a page that draws its article with a script
# (its text in no element), the headline declared with it shares DECLARED_MIN_HEADLINE (word F1) with
# the page's title. A stale or shared block (another article's text, the site's latest story) is
# neither: replacing the extraction with it lost the whole page.
DECLARED_MIN_SHOWN = 0.5
DECLARED_MIN_HEADLINE = 0.5


def _missed_declared(blocks: list[list[str]], declared: str) -> bool:
    """Whether the extraction missed most of a full article text that the page declares."""
    if latin_word_count(declared) < DECLARED_MIN_WORDS:
        return False
    reference = tokens(declared)
    held = sum((reference & tokens("\n".join(line for b in blocks for line in b))).values())
    return held < DECLARED_MAX_HELD * sum(reference.values())


def page_words(html: str) -> Counter[str]:
    """The bag of words of the page's text: every element's, without scripts, styles and markup."""
    return tokens(unescape(_TAG.sub(" ", _without_code(html))))


def _declared_for_page(declared: DeclaredArticle, html: str, title: str | None) -> bool:
    """Whether the declared article is the one the page presents (see DECLARED_MIN_SHOWN)."""
    reference = tokens(declared.text)
    shown = sum((reference & page_words(html)).values())
    if shown >= DECLARED_MIN_SHOWN * sum(reference.values()):
        return True
    return bool(title) and overlap_f1(tokens(declared.headline), tokens(title or "")) >= DECLARED_MIN_HEADLINE


def extract_html(html: str, url: str | None = None) -> Extracted:
    """Body blocks, title, author and date of an HTML page (empty blocks if nothing was found).

    The precision extraction (or the default one when precision lost half the text), completed with
    the lines of a recall extraction that stand inside the article and its closing question/answer
    section (see ``interior``); the recall
    extraction alone when the other two found no text; the article text the page declares in JSON-LD
    when the extraction missed most of it. A page of more than MAX_ELEMENTS elements (once stripped of
    scripts and styles) has the precision extraction alone."""
    obs = current()
    html, large = _bounded_html(html)
    settings = _settings(html)
    doc = _observed_run(obs, html, url, settings, precision=True)
    recall: Any = None
    default: Any = None
    if not large:
        default = _observed_run(obs, html, url, settings, precision=False)
        replaced = _size(doc) < PRECISION_KEEP_RATIO * _size(default) and not _precision_stands(default, doc)
        if obs is not None:
            replaced = obs.run_choice(replaced, doc, default)
        if replaced:
            doc = default
        recall = _observed_run(obs, html, url, settings, precision=False, recall=True)
    has_recall = recall is not None and recall.body is not None
    meta_title = doc.title if doc is not None else None
    headings = h1_elements(html)
    texts = [h.text for h in headings if not h.links_home]
    title = headline_title(meta_title, texts) or meta_title or None
    element = title_element(html)
    if title and element and (names_the_site_of(title, element) or is_logo(title, headings)):
        # The metadata title is the site's name (a logo h1, an og:title naming the site) that the
        # <title> element puts after the headline, or the text of an h1 linking to the home page
        # (a logo, whatever the <title> element calls the site): the <title> element stands in.
        title = element
    author = date = None
    plain: frozenset[str] = frozenset()
    if doc is None or doc.body is None or not _size(doc):
        # Neither extraction found text (the article sits in a container both judge boilerplate): the
        # recall extraction stands in; a page that is really empty is still rejected by the Cleaner.
        blocks = _blocks(recall.body) if has_recall else []
    else:
        blocks = _blocks(doc.body)
        if default is not None and default is not doc and default.body is not None:
            cut = blocks
            blocks, _ = restore_cut_lines(blocks, (line for block in _blocks(default.body) for line in block))
            if obs is not None:
                obs.cut_lines(cut, blocks)
        if has_recall:
            linked = linked_lines(recall.body)
            plain = frozenset(line.text for line in linked if line.link_density == 0.0)
            before = blocks
            blocks, _ = complete_from_recall(blocks, linked)
            if obs is not None:
                obs.recall_lines(before, linked, blocks)
        author, date = doc.author or None, doc.date or None
    declared = declared_article(html)
    if declared is not None and _missed_declared(blocks, declared.text) and _declared_for_page(declared, html, title):
        if obs is not None:
            obs.declared_article(blocks, [[line] for line in declared.text.split("\n")])
        blocks = [[line] for line in declared.text.split("\n")]
    site_name = doc.sitename if doc is not None else None
    if obs is not None:
        obs.extracted(blocks)
    return Extracted(blocks=blocks, title=title, author=author, date=date, site_name=site_name or None,
                     plain_lines=plain)

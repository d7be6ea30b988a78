"""The Cleaner: raw article -> cleaned title, body, language and a report of what was removed."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from streams.clean.config import CleanConfig
from streams.clean.html import PageTooComplex, extract_html
from streams.clean.lang import LanguageIdentifier
from streams.clean.learned import BoilerplateLearner
from streams.clean.observe import current
from streams.clean.repeats import drop_repeats
from streams.clean.rules import RuleStats, apply_rules
from streams.clean.scripts import FLOOR_WORD_PATTERN, latin_length
from streams.clean.title import clean_page_title, headline_from_text, strip_title
from streams.clean.unicode import MatchingKeys, fix_unicode
from streams.clean.verdict import not_an_article
from streams.records import CleanedArticle, CleaningReport, RawArticle, StageError

_BLANK_LINES = re.compile(r"\n\s*\n")
# In scripts written without spaces each character counts as a word (see ``scripts``): without this a
# Japanese or Chinese article of 40 sentences held "14 words" and was rejected as empty. A Korean word
# counts by pairs of syllables (about two English words for the usual one).
_WORD_PATTERN = FLOOR_WORD_PATTERN
_WORD = re.compile(_WORD_PATTERN)


def _weighted_length(text: str, floor: int) -> int:
    """The length of ``text`` for the character floor, a Chinese or Japanese character or a Korean
    syllable counting 3 (it is about a word: a Latin word and its space; a Thai or Khmer character is
    about a letter and counts 1); only counted below the floor."""
    if len(text) >= floor:
        return len(text)
    return latin_length(text)


# Lines longer than this are cut: no real paragraph is 50k characters, and later steps (matching keys,
# bigrams) then work on bounded pieces.
MAX_LINE_CHARS = 50_000


def split_blocks(text: str) -> list[list[str]]:
    """Paragraph blocks of lines. Without blank lines in the text, each line is a paragraph."""
    if _BLANK_LINES.search(text):
        chunks = _BLANK_LINES.split(text)
        return [[ln[:MAX_LINE_CHARS] for ln in c.split("\n") if ln.strip()] for c in chunks if c.strip()]
    return [[ln[:MAX_LINE_CHARS]] for ln in text.split("\n") if ln.strip()]


def _bounded(text: str, max_chars: int, max_lines: int) -> str:
    """The input cut to ``max_chars`` characters and ``max_lines`` lines."""
    if len(text) <= max_chars and text.count("\n") < max_lines:  # nothing to cut: no copies
        return text
    parts = text[:max_chars].split("\n", max_lines)
    return "\n".join(parts[:max_lines])


def _source_of(article: RawArticle) -> str | None:
    if article.source:
        return article.source
    if article.url:
        host = urlsplit(article.url).hostname or ""
        return host.removeprefix("www.") or None
    return None


class ShortArticle(StageError):
    """``empty_after_cleaning``: the cleaned body is under the minimum length. It carries the cleaned
    article: a brief too short to stand as an article may still be a copy of a known story, which
    dedup can tell (see ``streams.pipeline.prepare``)."""

    def __init__(self, message: str, cleaned: CleanedArticle) -> None:
        super().__init__("empty_after_cleaning", message)
        self.cleaned = cleaned


class Cleaner:
    """Cleans raw articles; holds the language detector and the boilerplate learner."""

    def __init__(self, config: CleanConfig, learner: BoilerplateLearner | None = None) -> None:
        self.config = config
        self.learner = learner if learner is not None else BoilerplateLearner(config)
        self.lang = LanguageIdentifier(
            config.languages, config.lang_max_chars, config.lang_disagree_confidence, config.lang_first_look_chars
        )
        # Matches a text holding at least ``min_words`` words (runs of \w, or single characters of an
        # unspaced script), in one C-level call: only whether they are there matters (counting them
        # all cost ~0.2 ms per article, and counting up to 30 matches ~7 us, this ~3 us). Possessive
        # quantifiers: a run is one word, never split to reach the count.
        self._min_words = (
            re.compile(rf"(?:\W*+(?:{_WORD_PATTERN})){{{config.min_words}}}") if config.min_words > 0 else None
        )

    def clean(self, article: RawArticle) -> CleanedArticle:
        """Clean one article; raises ``StageError`` when nothing usable remains."""
        cleaned = self.clean_text(article)
        self.identify_language(cleaned)
        return cleaned

    def clean_text(self, article: RawArticle) -> CleanedArticle:
        """:meth:`clean` without the language (``lang`` None until :meth:`identify_language`).

        Split so that a batch's language identifications can run back to back: lingua's n-gram
        tables are large, and between two articles the rest of the pipeline pushes them out of the
        CPU caches (~275 us per article interleaved with the other stages, ~140 us back to back)."""
        cfg = self.config
        report = CleaningReport()
        page_title = author = date = site_name = None
        from_html = False
        plain_lines: frozenset[str] = frozenset()
        # "not isspace()" rather than "strip()": no copy of the text (or of a megabyte-long page).
        if article.text and not article.text.isspace():
            raw_text = _bounded(article.text, cfg.max_input_chars, cfg.max_lines)
            text = fix_unicode(raw_text)
            report.chars_in = len(raw_text)
        elif article.html and not article.html.isspace():
            try:
                extracted = extract_html(article.html[: cfg.max_html_chars], article.url)
            except RecursionError as exc:
                raise StageError("extraction_failed", "HTML too deeply nested to extract") from exc
            except PageTooComplex as exc:
                raise StageError("page_too_complex", str(exc)) from exc
            from_html = True
            joined = "\n\n".join("\n".join(b) for b in extracted.blocks)
            text = fix_unicode(_bounded(joined, cfg.max_input_chars, cfg.max_lines))
            report.chars_in = len(text)
            page_title = fix_unicode(extracted.title) if extracted.title else None
            author, date, site_name = extracted.author, extracted.date, extracted.site_name
            plain_lines = extracted.plain_lines
        else:
            raise StageError("empty_input", "the article has neither text nor html")

        normalize = MatchingKeys().__getitem__  # each line's matching key computed once
        blocks = split_blocks(text)
        report.lines_in = sum(map(len, blocks))
        stats = RuleStats()
        blocks = apply_rules(blocks, stats, normalize, plain_lines)

        if article.title and not article.title.isspace():
            title = fix_unicode(article.title).replace("\n", " ")
        elif page_title:
            top_lines = [ln for b in blocks[:3] for ln in b][:4]
            title = clean_page_title(page_title.replace("\n", " "), top_lines, normalize, site_name)
        else:
            title, _ = headline_from_text(blocks, normalize)
        before_title = blocks
        blocks, t_lines, t_chars = strip_title(blocks, title, normalize)
        obs = current()
        if obs is not None:
            obs.title_line(before_title, blocks)
        if t_lines:
            stats.add("title_repeated", t_chars, t_lines)
            stats.fired["title_repeated"] += 1 - t_lines

        blocks, l_lines, l_chars = self.learner.filter(_source_of(article), article.id, blocks, normalize)

        # Reworded repeats only in text input (a story pasted twice, a lead repeated at the end): in an
        # extracted page, near-identical paragraphs are mostly the page's own (terms per region,
        # templated lines, list items), and dropping them lost more than it saved on the dev pages
        # (``python -m streams.evaluate.clean_eval``, mean F1 with exact repeats only: scrapinghub
        # +0.0017, WCXB dev +0.0022, and +0.0013 on the WCXB pages kept apart, ids divisible by 5).
        paragraphs, dropped = drop_repeats(["\n".join(b) for b in blocks], normalize, reworded=not from_html)
        if obs is not None:
            obs.repeats(dropped)
        if dropped:
            report.intra_duplicate_dropped = True
            stats.add("intra_duplicate", sum(map(len, dropped)), sum(p.count("\n") + 1 for p in dropped))
            stats.fired["intra_duplicate"] += len(dropped) - 1

        body = "\n\n".join(paragraphs)
        short = _weighted_length(body, cfg.min_chars) < cfg.min_chars or (
            self._min_words is not None and not self._min_words.match(body)
        )

        report.lines_out = sum(p.count("\n") + 1 for p in paragraphs)
        report.chars_out = len(body)
        report.lines_removed_by_rule = stats.lines_removed
        report.chars_removed_by_rule = stats.chars_removed
        report.lines_removed_learned = l_lines
        report.chars_removed_learned = l_chars
        report.rules_fired = {k: v for k, v in sorted(stats.fired.items()) if v > 0}
        cleaned = CleanedArticle(
            raw=article,
            title=title,
            text=body,
            lang=None,
            lang_confidence=0.0,
            lang_given=article.lang,
            author=author,
            published_at=article.published_at or date,
            report=report,
        )
        if body and _weighted_length(body, cfg.brief_max_chars) < cfg.brief_max_chars:
            # A short body is an article only when it shows one (a sentence of its own); an error page
            # or a wall is no brief, and is dead-lettered at once (dedup has nothing to look up).
            why = not_an_article(body, normalize, need_sentence=not short)
            if why is not None:
                raise StageError("empty_after_cleaning", f"not an article: {why}")
        if short:
            words = len(_WORD.findall(body))
            raise ShortArticle(
                f"{len(body)} chars / {words} words left after cleaning (minimum {cfg.min_chars} / {cfg.min_words})",
                cleaned,
            )
        return cleaned

    def identify_language(self, cleaned: CleanedArticle) -> None:
        """Set the language fields of an article from :meth:`clean_text` (on its title and the
        beginning of its body; a given language is kept, flagged when the text disagrees)."""
        lang = self.lang.identify(f"{cleaned.title}\n{cleaned.text[: self.config.lang_max_chars]}", cleaned.raw.lang)
        cleaned.lang = lang.lang
        cleaned.lang_confidence = lang.confidence
        cleaned.lang_disagrees = lang.disagrees

"""Configuration of the cleaning stage (thresholds documented where they are set)."""

from __future__ import annotations

from dataclasses import dataclass

# Languages the detector chooses between. Restricting the set makes lingua faster and more accurate
# (fewer look-alike candidates); these cover the feeds we ingest (Western European news plus the
# large neighbours that show up in international feeds).
DEFAULT_LANGUAGES: tuple[str, ...] = ("fr", "en", "de", "es", "it", "pt", "nl", "pl", "ru", "ar", "tr")


@dataclass(frozen=True)
class CleanConfig:
    """Thresholds of the cleaning stage."""

    # A cleaned body shorter than this is rejected with ``empty_after_cleaning`` (ShortArticle). A news
    # brief or a paywalled teaser is a title and one to three sentences, and is a real item (entities,
    # and dedup's containment work takes briefs as articles), so the floor is one short sentence:
    # "Police arrested two suspects on Monday." is 39 characters and 6 words, and teasers of a title and
    # one sentence of 43-58 characters are common ("C'est le choc du premier tour de la primaire de la
    # droite."). Below it the pipeline still has dedup look the text up (without registering it)
    # before it is dead-lettered. Junk the length alone used to catch (error pages, walls, links) is
    # told by what it is (``verdict.not_an_article``, on bodies under ``brief_max_chars``).
    # A character of a script written without spaces (Chinese, Japanese) counts 3: about a word.
    min_chars: int = 40
    # Same guard in words (catches runs of symbols/ids that pass the character floor): six words, the
    # shortest news sentence above.
    min_words: int = 6
    # A body under this many (Latin-sized) characters must hold a sentence of its own, and no error
    # page's label, to be an article: teasers, briefs, walls and error pages all fit in 400 characters
    # (three sentences), and a longer body is an article by its size (nearly every news page's body is).
    brief_max_chars: int = 400
    # A line seen in at least this many *distinct* articles of one source is learned boilerplate.
    # Footers and newsletter prompts recur in every article, so they are learned within a handful of
    # articles; 2-3 would also learn sentences shared by an article and its updated re-publication
    # or a quote repeated in follow-up coverage, which is content (dedup handles republications).
    boilerplate_min_articles: int = 5
    # Bound on learned state per source (lines tracked). A site's boilerplate is a few dozen lines.
    # The source's whole table is rewritten (one changelog record) for each of its articles, so the
    # bound is also the write cost: at 2,000 the soak benchmark wrote 43 kB per article (99% of all
    # changelog bytes). 256 keeps ~6 articles' worth of one-off lines next to the learned ones (a
    # line recurring in every article is counted each time and stays), for ~7 kB per article.
    boilerplate_max_lines_per_source: int = 256
    # Write-behind: a source's state goes to the store on its first observation and then every this
    # many (1 = every article). The worker sets 8 (NEWSFEED_BOILERPLATE_WRITE_EVERY): the ~7 kB record
    # was the largest of an article's ~7 Kafka records; a restart or rebalance forgets at most 7
    # observations per source, a tenth of what the 64 recent ids already cover.
    boilerplate_write_every: int = 1
    # Only lines up to this length are boilerplate candidates: boilerplate is short (menus, prompts,
    # footers); long paragraphs recurring across a source's articles are republications (dedup's job).
    boilerplate_max_line_chars: int = 250
    # Bound on work per article: text beyond this is cut before any regex/ftfy/detector work. The
    # longest real news articles are ~60k characters; 200k leaves margin and keeps the worst case to
    # tens of milliseconds.
    max_input_chars: int = 200_000
    # Lines kept per article (the rest is cut, like max_input_chars): the longest real articles and
    # live blogs have a few hundred paragraphs; this bounds per-line work (ftfy, rules) on inputs made of
    # tens of thousands of tiny lines.
    max_lines: int = 3000
    # HTML is bigger than its text (markup, scripts): allow more, still bounded (payloads are <= 2 MB).
    max_html_chars: int = 2_500_000
    # A given ``lang`` is kept, but flagged ``lang_disagrees`` when the detector gives another language
    # at least this confidence. lingua's relative confidence is >= 0.9 on a paragraph of clear text and
    # drops below 0.7 on short or mixed texts, so 0.8 flags real mislabels without flagging noise.
    lang_disagree_confidence: float = 0.8
    # The detector sees at most this many characters (title first): accuracy saturates after a few
    # sentences, and lingua's time grows linearly with the sample (~2 us per character: 1000 cost
    # 2 ms, then two thirds of all cleaning time). On 2,322 texts (OrangeSum, MasakhaNEWS fr, WCXB, the
    # Scrapinghub benchmark, CoNLL-2003 en) 300 characters gives the language found on 1000 for all
    # but 2 texts (one of them a fix), 200 for all but 4; lingua's low-accuracy mode changes nothing
    # here (above 120 characters both modes use trigrams only).
    lang_max_chars: int = 300
    # The detector first looks at this many characters of the sample and stops there when the verdict
    # is unambiguous (``lang.DECISIVE_CONFIDENCE``, where the cost on mixed-language samples is
    # measured), else reads the whole sample; 0 turns it off. On the 3,096 texts quoted there, first
    # looks of 150, 175 and 200 characters all keep every language and 2-decimal confidence; 200 sends
    # lingua 201 characters per text on average (its time per article down by a third, ~0.2 ms), 175
    # sends 179 but differs at 4 decimals twice as often, and 150 leaves a third of the texts
    # undecided (262 characters sent). Since the first look runs in lingua's low-accuracy mode (see
    # ``lang.LanguageIdentifier``), 120 characters: as fast as 80 or 100 with fewer fallbacks, and
    # the fewest verdict changes of 40-120 on 3,807 texts (2; 80 and 100 changed 3, 40 and 60 eight).
    lang_first_look_chars: int = 120
    languages: tuple[str, ...] = DEFAULT_LANGUAGES

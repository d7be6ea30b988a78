"""Dedup configuration. The defaults are chosen by measurement (``python -m streams.evaluate.dedup_eval``);
the sweep figures behind them are in ``streams/dedup/README.md``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DedupConfig:
    """Parameters of fingerprinting (shingles, MinHash, LSH banding) and of the dedup window."""

    # Word 5-grams: on hard_dev, 5-grams keep heavy rewrites (L3) about as similar as 3- or 4-grams do
    # while same-topic articles and templated series (same wire template, different facts) fall
    # further away; 6-grams start losing the L3 tail. See README "Sweep".
    shingle_size: int = 5
    # 128 permutations: estimate standard deviation ~0.04 at J=0.3. 256 gained only ~0.003 recall on
    # hard_dev (0.984 -> 0.987) for twice the state (one band entry per 2 rows).
    num_perm: int = 128
    # 2 rows per band: P(candidate) = 1-(1-J^2)^64 is 0.997 at J=0.3 and 0.98 at J=0.25, so LSH loses
    # almost nothing above the threshold; 3 rows would lose ~30% of pairs at J=0.3.
    bands: int = 64
    rows: int = 2
    # Estimated Jaccard of word 5-gram sets. L1-L2 rewordings are >= 0.5, heavy rewrites (L3) mostly
    # 0.3-0.6; separately written reports of one event (ECB+) stay <= 0.16 and same-topic articles
    # <= 0.2, templated series of one wire source 0.21-0.32 (0.27 for those inside a week). 0.30 is the
    # lowest value with no false positive on hard_dev (0.28 lets one templated pair through) and
    # keeps recall L1-L3 at 0.98 (L3 0.95); 0.33 drops L3 to 0.91. Full sweep in README.md.
    threshold: float = 0.3
    # Two articles with the same title ("head") need a higher estimated Jaccard: a shared title is no
    # evidence of a copy, and same-title pairs at J 0.3-0.5 are a publisher's rewritten/extended
    # version of a story or another story under a recurring title (OrangeSum `title_only`: 10 matched
    # at 0.30; from 0.5 up only 1 is left, and that pair has different titles). Copies re-published
    # under the same title are >= 0.8 (OrangeSum `near`). hard_dev variants change the title, so 0.5
    # and 0.6 keep its recall; 0.65 and 0.7 lose an L2 (J 0.65) whose title is the original's cut to
    # its first 10 words. 0.6 is 2.3 estimate s.d. above title_only's largest J (0.50), so a pair
    # at 0.5 passes by chance ~1% of the time (13% at 0.55). See README "Same title".
    head_threshold: float = 0.6
    # Without an explicit title, the head is the first 10 tokens. OrangeSum titles have 9-13 words
    # (quartiles; median 11) and its title_only pairs share their first 8 tokens in 87% of cases, 10
    # in 48%, 12 in 28%; but hard_dev variants whose title is the original's cut to 60% ("cut_suffix")
    # share 5-9 first tokens (up to 11 for 17-word titles): 8 loses hard_dev recall (0.981 -> 0.976),
    # 10 and 12 lose nothing, 16 leaves 3 title_only matches. Passing the title avoids the guess.
    head_tokens: int = 10
    # Below this estimated Jaccard a near match must keep the earlier article's lead: have its title
    # or first sentence, or a unit of its lead (lead.py) that starts within the first
    # ``lead_offset_tokens`` tokens of the new text. A partial copy (an edit, a cut, a rewrite with an
    # added paragraph) starts with the story's lead, after at most the site's lines and a new title;
    # a later version of a developing story, or another story reusing background paragraphs, writes
    # a title and a lead of its own over some of the older paragraphs and is another article
    # (OrangeSum labels such pairs, J 0.29-0.62, different stories). Above 0.7 most of the text is
    # shared: an edited copy whose lead sentence changed too is still one (OrangeSum's re-published
    # copies with an edited heading are >= 0.9). 0 = off. See README "Shared lead".
    shared_lead_below: float = 0.7
    # Where a copy's lead may start: hard_dev's copies put a breadcrumb, a date line, a byline and a
    # new title (at most 39 tokens) before it; the later versions that OrangeSum labels other stories
    # put a new title and a new lead sentence of their own (51-119 tokens) before the first shared
    # unit. 45 sits between; see README "Shared lead" for the sweep.
    lead_offset_tokens: int = 45
    # Below ``threshold``, down to ``lead_copy_threshold``, a pair is still a copy when it keeps the
    # earlier article's title or first sentence and shares at least ``lead_copy_units`` of its lead
    # units (whole sentences, verbatim). The estimate's s.d. is ~0.04 at J 0.3: 4 of hard_dev's 14
    # L3 misses are above 0.30 in truth, the others at 0.24-0.30, and 11 share 3-5 units with their
    # original; its templated pair in the window (other facts, one template) shares 2 at estimate
    # 0.24. lead_copy_threshold = threshold turns it off. See README "Lead copies".
    lead_copy_threshold: float = 0.25
    lead_copy_units: int = 3
    # Below 40 words two briefs on one topic (stock lead + name) reach J 0.4 by chance; they only
    # match exactly.
    min_tokens: int = 40
    # Containment (see lead.py): a text whose lead units are (nearly) all among the first units of an
    # earlier, longer article is that article's brief. lead_units units are kept per article (3 bytes
    # each in the store) and a brief has fewer: hard_dev briefs (a title and 2-3 sentences) have 2-6
    # units (4 / 114 / 106 / 21 / 5 of 250), so 7; 6 lost the 5 briefs of 6 units.
    containment: bool = True
    lead_units: int = 7
    # Share of the brief's tokens in units the longer article has; see README "Containment".
    containment_threshold: float = 0.9
    # A brief is at least a title and a sentence: one shared unit is a shared line, not a brief.
    containment_min_units: int = 2
    window_seconds: int = 7 * 24 * 3600
    seed: int = 1

    def __post_init__(self) -> None:
        if self.shingle_size < 1:
            raise ValueError("shingle_size must be >= 1")
        if self.bands < 1 or self.rows < 1 or self.bands * self.rows != self.num_perm:
            raise ValueError(f"bands*rows must equal num_perm ({self.bands}*{self.rows} != {self.num_perm})")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        if not self.threshold <= self.head_threshold <= 1.0 or self.head_tokens < 1:
            raise ValueError("head_threshold must be in [threshold, 1] and head_tokens >= 1")
        if not 0.0 < self.lead_copy_threshold <= self.threshold or self.lead_copy_units < 1:
            raise ValueError("lead_copy_threshold must be in (0, threshold] and lead_copy_units >= 1")
        if not 0.0 <= self.shared_lead_below <= 1.0 or self.lead_offset_tokens < 0:
            raise ValueError("shared_lead_below must be in [0, 1] and lead_offset_tokens >= 0")
        if self.lead_units < 2 or not 0.0 < self.containment_threshold <= 1.0 or self.containment_min_units < 1:
            raise ValueError("lead_units must be >= 2, containment_threshold in (0, 1], containment_min_units >= 1")
        if self.min_tokens < 0 or self.window_seconds <= 0:
            raise ValueError("min_tokens must be >= 0 and window_seconds > 0")

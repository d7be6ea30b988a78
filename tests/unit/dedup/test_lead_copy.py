"""Under the threshold, down to ``lead_copy_threshold``, a pair that keeps the earlier article's
title or first sentence and shares ``lead_copy_units`` lead units is a copy."""

from __future__ import annotations

from dataclasses import replace

from streams.dedup import DedupConfig, DedupIndex, fingerprint, signature_similarity
from streams.dedup.lead import copies_lead

CFG = DedupConfig()


def block(name: str, n: int = 20) -> str:
    """A sentence of ``n`` words found in no other block (word i of block b is ``bwi``)."""
    return " ".join(f"{name}w{i}" for i in range(n)) + "."


OLD = [block(f"o{i}") for i in range(8)]
STORY = "\n".join(OLD)
TITLE, ADDED = block("title", 8), block("n0", 10)
# A heavy rewrite: a new title, the story's first three sentences verbatim, a sentence of its own.
REWRITE = "\n".join((TITLE, *OLD[:3], ADDED))
# The same text with the third sentence run into a short clause: only two units in common.
TWO_UNITS = "\n".join((TITLE, OLD[0], OLD[1], OLD[2][:-1] + " " + block("m", 3), ADDED))


def similarity(text: str) -> float:
    return signature_similarity(fingerprint(STORY, CFG).signature, fingerprint(text, CFG).signature)


def decide(text: str, config: DedupConfig = CFG) -> tuple[str, str] | None:
    index = DedupIndex(config, {})
    assert index.check_and_add("story", fingerprint(STORY, config), 0.0) is None
    decision = index.check_and_add("later", fingerprint(text, config), 60.0)
    return None if decision is None else (decision.duplicate_of, decision.method)


def test_a_rewrite_under_the_threshold_that_keeps_three_lead_sentences_is_a_copy() -> None:
    assert CFG.lead_copy_threshold <= similarity(REWRITE) < CFG.threshold
    assert len(set(fingerprint(REWRITE, CFG).lead) & set(fingerprint(STORY, CFG).lead)) == 3
    assert decide(REWRITE) == ("story", "near")
    assert decide(REWRITE, replace(CFG, lead_copy_threshold=CFG.threshold)) is None  # the rule off


def test_two_lead_sentences_in_common_are_not_enough() -> None:
    assert CFG.lead_copy_threshold <= similarity(TWO_UNITS) < CFG.threshold
    assert decide(TWO_UNITS) is None


def test_the_same_title_still_needs_the_head_threshold() -> None:
    same_head = "\n".join((*OLD[:3], ADDED))  # no new title: the story's first words are its head
    assert fingerprint(same_head, CFG).head == fingerprint(STORY, CFG).head
    assert CFG.lead_copy_threshold <= similarity(same_head) < CFG.threshold
    assert decide(same_head) is None


def test_lead_units_in_common_must_include_the_title_or_first_sentence() -> None:
    story = (1, 2, 3, 4, 5, 6, 7)
    assert copies_lead((9, 1, 3, 4), story, 3)  # the title (unit 1) and two more
    assert copies_lead((9, 2, 3, 4), story, 3)  # the first sentence and two more
    assert not copies_lead((9, 3, 4, 5), story, 3)  # three sentences from further on
    assert not copies_lead((9, 1, 3), story, 3)
    assert not copies_lead((), story, 3)  # no units (containment off): the rule is off

"""``duplicate_of`` names the most similar earlier article, never the first one above the threshold;
an exact copy names the first article with its very text."""

from __future__ import annotations

from typing import Any

import orjson

from streams.dedup import DedupConfig, DedupIndex, fingerprint

CFG = DedupConfig()


def block(name: str, n: int = 40) -> str:
    """A sentence of ``n`` words found in no other block (word i of block b is ``bwi``)."""
    return " ".join(f"{name}w{i}" for i in range(n)) + "."


S1, S2, S3, S4, S5 = (block(f"s{i}") for i in range(1, 6))
# A and B share one block of five (true Jaccard ~0.2: two stories, both first seen). The copy of B
# shares two blocks with A (J ~0.4, above the 0.30 threshold) and three with B (J ~0.75).
STORY_A = "\n".join((S1, S2, S3))
STORY_B = "\n".join((S3, S4, S5))
COPY_OF_B = "\n".join((S2, S3, S4, S5))


def test_the_most_similar_candidate_wins_over_an_earlier_one() -> None:
    index = DedupIndex(CFG, {})
    assert index.check_and_add("a", fingerprint(STORY_A, CFG), 0.0) is None
    assert index.check_and_add("b", fingerprint(STORY_B, CFG), 60.0) is None  # A and B: two stories
    decision = index.check_and_add("copy", fingerprint(COPY_OF_B, CFG), 120.0)
    assert decision is not None and decision.method == "near"
    assert decision.duplicate_of == "b"  # not "a", the earlier article that also passes the threshold
    assert decision.similarity > 0.6


def test_equal_similarity_points_to_the_earliest() -> None:
    index = DedupIndex(CFG, {})
    text = "\n".join((S1, S2, S3, S4))
    # Two first-seen articles with one signature: the later one is only reachable by its own id.
    index.check_and_add("first", fingerprint(text, CFG), 0.0)
    assert index.check_and_add("copy", fingerprint(text + " " + block("x", 5), CFG), 30.0) is not None
    decision = index.check_and_add("again", fingerprint(text.replace(".", "!"), CFG), 60.0)
    assert decision is not None and decision.duplicate_of == "first"


# A story and a later partial copy: a title of its own, the story's first three paragraphs (the lead
# kept), then two of its own (J ~0.4, a near match). Similarity is not transitive: the later
# version's own copies must name it.
OLD_VERSION = "\n".join((S1, S2, S3, S4, S5))
NEW_TITLE, NEW_PART_1, NEW_PART_2 = block("t", 8), block("n1"), block("n2")
LATER_VERSION = "\n".join((NEW_TITLE, S1, S2, S3, NEW_PART_1, NEW_PART_2))


def test_an_exact_copy_of_a_near_copy_names_that_copy() -> None:
    index = DedupIndex(CFG, {})
    assert index.check_and_add("old", fingerprint(OLD_VERSION, CFG), 0.0) is None
    later = index.check_and_add("later", fingerprint(LATER_VERSION, CFG), 60.0)
    assert later is not None and (later.duplicate_of, later.method) == ("old", "near")
    # The same text republished: it names the article it is identical to, not the one that
    # article was matched to (which may be another story).
    copy = index.check_and_add("later-copy", fingerprint(LATER_VERSION, CFG), 120.0)
    assert copy is not None and (copy.duplicate_of, copy.method, copy.similarity) == ("later", "exact", 1.0)
    # Two hops at most: the copy's own entry names a first-seen article.
    assert index.store["a:later"]["d"] == "old" and "d" not in index.store["a:old"]


def test_a_near_copy_of_a_near_copy_names_a_first_seen_article() -> None:
    index = DedupIndex(CFG, {})
    index.check_and_add("old", fingerprint(OLD_VERSION, CFG), 0.0)
    index.check_and_add("later", fingerprint(LATER_VERSION, CFG), 60.0)
    edited = LATER_VERSION + " " + block("e", 5)
    decision = index.check_and_add("edited", fingerprint(edited, CFG), 120.0)
    # Near lookups see first-seen articles only (a copy has no signature in the index).
    assert decision is not None and (decision.duplicate_of, decision.method) == ("old", "near")


def test_the_copy_entry_survives_a_restart() -> None:
    store: dict[str, Any] = {}
    index = DedupIndex(CFG, store)
    index.check_and_add("old", fingerprint(OLD_VERSION, CFG), 0.0)
    index.check_and_add("later", fingerprint(LATER_VERSION, CFG), 60.0)
    restarted = DedupIndex(CFG, orjson.loads(orjson.dumps(store)))  # rebuilt from the changelog
    copy = restarted.check_and_add("later-copy", fingerprint(LATER_VERSION, CFG), 120.0)
    assert copy is not None and (copy.duplicate_of, copy.method) == ("later", "exact")
    assert restarted.rebuild() == 1  # only "old" has a signature in the buckets
    # Redelivered after the restart, the near copy is decided again, the same way.
    again = restarted.check_and_add("later", fingerprint(LATER_VERSION, CFG), 60.0)
    assert again is not None and (again.duplicate_of, again.method) == ("old", "near")


def test_a_copy_of_a_first_seen_article_still_names_it() -> None:
    index = DedupIndex(CFG, {})
    index.check_and_add("orig", fingerprint(STORY_B, CFG), 0.0)
    first_copy = index.check_and_add("copy1", fingerprint(COPY_OF_B, CFG), 60.0)
    exact = index.check_and_add("copy2", fingerprint(STORY_B, CFG), 120.0)
    assert first_copy is not None and exact is not None
    assert first_copy.duplicate_of == exact.duplicate_of == "orig"

"""``duplicate_of`` names the most similar earlier article, never the first one above the threshold."""

from __future__ import annotations

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


def test_a_copy_of_a_duplicate_points_to_the_original() -> None:
    index = DedupIndex(CFG, {})
    index.check_and_add("orig", fingerprint(STORY_B, CFG), 0.0)
    first_copy = index.check_and_add("copy1", fingerprint(COPY_OF_B, CFG), 60.0)
    # An exact copy of the duplicate: duplicates are not registered, so it finds the original.
    second_copy = index.check_and_add("copy2", fingerprint(COPY_OF_B, CFG), 120.0)
    assert first_copy is not None and second_copy is not None
    assert first_copy.duplicate_of == second_copy.duplicate_of == "orig"
    assert "a:copy1" not in index.store

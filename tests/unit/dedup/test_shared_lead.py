"""Below ``shared_lead_below`` a near match must keep the earlier article's lead (its title or first
sentence, or a unit shared within the first ``lead_offset_tokens`` tokens); a point between digits
cuts no unit."""

from __future__ import annotations

from dataclasses import replace

from streams.dedup import DedupConfig, DedupIndex, fingerprint
from streams.dedup.fingerprint import _fold, _unit_token_bytes
from streams.dedup.lead import LeadUnits, lead_units

CFG = DedupConfig()


def block(name: str, n: int = 40) -> str:
    """A sentence of ``n`` words found in no other block (word i of block b is ``bwi``)."""
    return " ".join(f"{name}w{i}" for i in range(n)) + "."


S1, S2, S3, S4, S5 = (block(f"s{i}") for i in range(1, 6))
OLD_VERSION = "\n".join((S1, S2, S3, S4, S5))
# A later version: seven new short sentences (more than the lead units kept) over the last three
# paragraphs of the old one: J ~0.45, above the threshold, and no unit in common in the lead.
NEW_LEAD = " ".join(block(f"n{i}", 8) for i in range(7))
LATER_VERSION = "\n".join((NEW_LEAD, S3, S4, S5))
# A cut with an added paragraph: the old lead sentence is kept.
CUT_KEEPING_THE_LEAD = "\n".join((block("t", 8), S1, S3, S4, block("u")))


def first_seen_then(config: DedupConfig, later: str) -> tuple[str, float] | None:
    index = DedupIndex(config, {})
    assert index.check_and_add("old", fingerprint(OLD_VERSION, config), 0.0) is None
    decision = index.check_and_add("later", fingerprint(later, config), 60.0)
    return None if decision is None else (decision.duplicate_of, decision.similarity)


def test_a_new_lead_over_older_paragraphs_is_another_article() -> None:
    later = fingerprint(LATER_VERSION, CFG)
    assert not set(later.lead) & set(fingerprint(OLD_VERSION, CFG).lead)
    assert first_seen_then(CFG, LATER_VERSION) is None
    # The same pair without the rule: a near match above the threshold.
    found = first_seen_then(replace(CFG, shared_lead_below=0.0), LATER_VERSION)
    assert found is not None and found[0] == "old" and CFG.threshold <= found[1] < CFG.shared_lead_below


def test_a_partial_copy_that_keeps_the_lead_is_a_duplicate() -> None:
    found = first_seen_then(CFG, CUT_KEEPING_THE_LEAD)
    assert found is not None and found[0] == "old" and found[1] < CFG.shared_lead_below


# A later version with a title and a lead sentence of its own (8 + 40 tokens, more than
# lead_offset_tokens) over the old third to fifth paragraphs: it shares units, but only after its own lead.
OWN_TITLE, OWN_LEAD = block("title", 8), block("lead")
UPDATE_OVER_OLD_PARAGRAPHS = "\n".join((OWN_TITLE, OWN_LEAD, S3, S4, S5))
# A site's lines and a new title (20 tokens in all) before a partial copy of the story.
SITE_LINES = "Accueil > Monde\nPublié le 12/03/2020 à 10h32 - Mis à jour le 12/03/2020 à 11h05\nPar la rédaction"
COPY_UNDER_SITE_LINES = "\n".join((SITE_LINES, block("new", 10), S1, S2, S3, block("u")))


def test_shared_paragraphs_after_a_lead_of_its_own_are_another_article() -> None:
    later, old = fingerprint(UPDATE_OVER_OLD_PARAGRAPHS, CFG), fingerprint(OLD_VERSION, CFG)
    assert set(later.lead) & set(old.lead)  # S3 and S4 are units of both
    assert sum(later.lead_tokens[:2]) > CFG.lead_offset_tokens
    assert first_seen_then(CFG, UPDATE_OVER_OLD_PARAGRAPHS) is None
    # Where the shared text may start, moved past the new lead: a near match below the bound.
    found = first_seen_then(replace(CFG, lead_offset_tokens=60), UPDATE_OVER_OLD_PARAGRAPHS)
    assert found is not None and found[0] == "old" and found[1] < CFG.shared_lead_below


def test_a_copy_under_site_lines_and_a_new_title_is_a_duplicate() -> None:
    found = first_seen_then(CFG, COPY_UNDER_SITE_LINES)
    assert found is not None and found[0] == "old" and found[1] < CFG.shared_lead_below


def test_a_copy_that_keeps_the_first_sentence_late_is_a_duplicate() -> None:
    # The old lead after a long paragraph of its own: the old title or first sentence kept is enough.
    text = "\n".join((OWN_TITLE, OWN_LEAD, S1, S2, S3, block("u")))
    assert sum(fingerprint(text, CFG).lead_tokens[:2]) > CFG.lead_offset_tokens
    for config in (CFG, replace(CFG, lead_offset_tokens=0)):  # whatever the offset allowed
        found = first_seen_then(config, text)
        assert found is not None and found[0] == "old"


def test_above_the_bound_no_shared_unit_is_needed() -> None:
    # Every sentence edited at its end: no unit in common, but most of the text (J ~0.7).
    edited = OLD_VERSION.replace("w39.", "w39 modifie.")
    assert not set(fingerprint(edited, CFG).lead) & set(fingerprint(OLD_VERSION, CFG).lead)
    found = first_seen_then(CFG, edited)
    assert found is not None and found[1] >= CFG.shared_lead_below


def test_the_rule_is_off_without_lead_units() -> None:
    config = replace(CFG, containment=False)  # no lead units kept: nothing to compare
    assert first_seen_then(config, LATER_VERSION) is not None


def units_of(text: str) -> LeadUnits:
    return lead_units(_unit_token_bytes(_fold(text)), 7)


def test_a_point_between_digits_cuts_no_unit() -> None:
    title = "Le temps de travail des fonctionnaires revu\n"
    pointed = units_of(title + "Quelque 310.000 agents travailleraient moins que le minimum légal.")
    spaced = units_of(title + "Quelque 310 000 agents travailleraient moins que le minimum légal.")
    assert pointed == spaced and len(spaced.hashes) == 2
    # A sentence that ends with a number and one that starts with another are still two units.
    two = units_of(title + "Ils étaient 12 en 2019. 3 sont partis depuis lors, dit le maire.")
    assert len(two.hashes) == 3


def test_units_are_the_same_with_or_without_non_ascii_letters_later() -> None:
    # A non-ASCII letter (here Polish) sends the text down the regular-expression path: the units of
    # the lead must not change with it.
    text = "Titre de la brève du jour\nLe 06.04.2019, 1.607 heures. « Oui ! » dit-il. Une autre phrase ici."
    assert units_of(text).hashes == units_of(text + "\nŁódź żółw łąka.").hashes[: len(units_of(text).hashes)]

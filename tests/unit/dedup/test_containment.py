"""Containment: a brief (title + lead of a longer story) is that story's duplicate, in either order."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import orjson

from streams.dedup import DedupConfig, DedupIndex, Fingerprint, fingerprint
from streams.dedup.fingerprint import _fold, _unit_token_bytes
from streams.dedup.lead import LeadUnits, decode_hashes, lead_units

CFG = DedupConfig()
TITLE = "Un pont de fer remplacera la passerelle du vieux port d'ici deux ans"
LEAD = [
    "La mairie a choisi mardi le projet d'un pont métallique de soixante mètres pour remplacer la "
    "passerelle en bois du vieux port, fermée depuis l'effondrement d'une pile l'hiver dernier.",
    "Les travaux, estimés à six millions d'euros, doivent débuter en septembre et durer vingt mois.",
]
REST = [
    "Les pêcheurs, qui amarrent leurs bateaux sous la passerelle, devront déplacer leurs pontons "
    "pendant toute la durée du chantier, une contrainte que le port a promis de compenser.",
    "Le pont sera ouvert aux piétons et aux vélos, avec un éclairage qui ne gênera pas les oiseaux "
    "nichant dans les falaises voisines, a précisé l'architecte retenu par le jury.",
    "Une réunion publique est prévue le mois prochain à la salle des fêtes pour présenter les "
    "plans aux habitants du quartier, qui réclamaient depuis longtemps une traversée sûre.",
    "L'opposition municipale juge le coût excessif et aurait préféré une réparation de l'ouvrage "
    "existant, classé au patrimoine de la ville depuis les années soixante-dix.",
    "Le maire a répondu que la réparation aurait coûté presque autant sans garantir la sécurité.",
]
STORY = TITLE + "\n\n" + " ".join(LEAD) + "\n\n" + "\n".join(REST)
BRIEF = TITLE + "\n\n" + " ".join(LEAD)


def fp(text: str, config: DedupConfig = CFG) -> Fingerprint:
    return fingerprint(text, config)


def test_a_later_brief_is_a_contained_duplicate() -> None:
    index = DedupIndex(CFG, {})
    assert index.check_and_add("story", fp(STORY), 0.0) is None
    decision = index.check_and_add("brief", fp(BRIEF), 3600.0)
    assert decision is not None
    assert (decision.duplicate_of, decision.method, decision.similarity) == ("story", "contained", 1.0)
    # Registered by its exact hash alone, so that its own exact copies name it.
    assert set(index.store["a:brief"]) == {"x", "ts", "d"} and index.store["a:brief"]["d"] == "story"


def test_a_brief_in_another_quote_style_and_spacing_is_still_contained() -> None:
    story = STORY.replace("mardi", "« mardi »").replace("mois.", "mois ! »")
    brief = BRIEF.replace("mardi", '"mardi"').replace("mois.", 'mois!"').replace("'", "’")
    index = DedupIndex(CFG, {})
    index.check_and_add("story", fp(story), 0.0)
    decision = index.check_and_add("brief", fp(brief), 60.0)
    assert decision is not None and decision.method == "contained"


def test_the_full_story_after_its_brief_expands_it() -> None:
    index = DedupIndex(CFG, {})
    assert index.check("brief", fp(BRIEF), 0.0).decision is None
    outcome = index.check("story", fp(STORY), 3600.0)
    assert outcome.decision is None  # the longer story is kept (news.enriched)
    assert outcome.expands is not None and outcome.expands.brief_id == "brief"
    assert "a:story" in index.store
    assert index.check("story", fp(STORY), 3600.0) == outcome  # redelivered: the same outcome


def test_containment_off_keeps_the_brief() -> None:
    config = replace(CFG, containment=False)
    index = DedupIndex(config, {})
    index.check_and_add("story", fp(STORY, config), 0.0)
    assert index.check_and_add("brief", fp(BRIEF, config), 60.0) is None
    assert "l" not in index.store["a:story"]


def test_a_shared_opening_line_then_another_story_is_not_contained() -> None:
    other = (
        "Le festival de jazz annonce sa programmation\n\n" + LEAD[0] + " Le festival accueillera cette "
        "année quarante concerts sur trois scènes, dont une installée pour la première fois sur la plage."
    )
    index = DedupIndex(CFG, {})
    index.check_and_add("story", fp(STORY), 0.0)
    outcome = index.check("other", fp(other), 60.0)
    assert outcome.decision is None and outcome.expands is None


def test_the_title_and_a_different_sentence_is_not_contained() -> None:
    stock = TITLE + "\n\nLe conseil municipal se réunira jeudi soir pour en débattre, a indiqué la mairie."
    index = DedupIndex(CFG, {})
    index.check_and_add("story", fp(STORY), 0.0)
    assert index.check_and_add("stock", fp(stock), 60.0) is None


def test_a_templated_article_with_other_facts_is_not_contained() -> None:
    template = (
        "Un pont de fer remplacera la passerelle du port de {town} d'ici {years} ans\n\n"
        "La mairie a choisi {day} le projet d'un pont métallique de {length} mètres pour remplacer la "
        "passerelle en bois du port, fermée depuis l'effondrement d'une pile l'hiver dernier. Les travaux, "
        "estimés à {cost} millions d'euros, doivent débuter en {month} et durer vingt mois."
    )
    first = template.format(town="Brest", years="deux", day="mardi", length="soixante", cost="six", month="mai")
    second = template.format(town="Sète", years="trois", day="jeudi", length="quarante", cost="cinq", month="juin")
    index = DedupIndex(CFG, {})
    index.check_and_add("first", fp(first + "\n" + "\n".join(REST)), 0.0)
    outcome = index.check("second", fp(second), 60.0)
    assert outcome.decision is None and outcome.expands is None


def test_a_title_alone_is_no_brief() -> None:
    index = DedupIndex(CFG, {})
    index.check_and_add("story", fp(STORY), 0.0)
    assert index.check_and_add("title", fp(TITLE), 60.0) is None


def test_containment_survives_a_restart_and_leaves_with_the_window() -> None:
    store: dict[str, Any] = {}
    DedupIndex(CFG, store).check_and_add("story", fp(STORY), 0.0)
    revived = orjson.loads(orjson.dumps(store))
    index = DedupIndex(CFG, revived)  # rebuilt from the store
    decision = index.check_and_add("brief", fp(BRIEF), 60.0)
    assert decision is not None and decision.duplicate_of == "story"
    copy = index.check_and_add("copy", fp(BRIEF), 120.0)  # an exact copy of the brief names the brief
    assert copy is not None and (copy.duplicate_of, copy.method) == ("brief", "exact")
    index.expire(CFG.window_seconds + 130.0)  # the story and the brief left the window
    assert set(index.store) == set()
    assert index.check_and_add("late", fp(BRIEF), CFG.window_seconds + 140.0) is None


def test_fingerprint_round_trip_keeps_the_lead() -> None:
    f = fp(STORY)
    assert f.lead and len(f.lead) == len(f.lead_tokens) == CFG.lead_units
    assert not f.lead_complete and fp(BRIEF).lead_complete
    assert Fingerprint.from_dict(orjson.loads(orjson.dumps(f.to_dict()))) == f
    old = {k: v for k, v in f.to_dict().items() if k not in ("lead", "lead_tokens")}
    assert Fingerprint.from_dict(old).lead == ()  # fingerprints made before containment


def units_of(text: str) -> LeadUnits:
    return lead_units(_unit_token_bytes(_fold(text)), 6)


def test_units_are_lines_and_sentences_with_short_pieces_joined_before() -> None:
    units = units_of("Titre de la brève du jour\nUne phrase de plus de quatre mots. Oui ! Encore une phrase ici.")
    assert units.tokens == (6, 8, 4)  # "Oui !" joins the sentence before it
    spaced = units_of("Titre de la brève du jour\n« Une phrase de plus de quatre mots ! », dit-il.")
    plain = units_of('Titre de la brève du jour\n"Une phrase de plus de quatre mots!", dit-il.')
    assert spaced == plain and len(plain.hashes) == 2


def test_encoded_units_decode_to_the_same_hashes() -> None:
    units = LeadUnits((0, 1, 0xFFFFFF, 123456), (4, 5, 6, 7))
    assert decode_hashes(units.encode()) == units.hashes
    assert decode_hashes("not base64!") == () and decode_hashes(None) == ()

"""The same-title rule: a shared title is no evidence of a copy (fixtures written for the project)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from streams.dedup import DedupConfig, DedupIndex, Fingerprint, fingerprint, signature_similarity

CFG = DedupConfig()

TITLE = "Grève des contrôleurs aériens : des centaines de vols annulés ce week-end à Marseille"
LEAD = [
    "La direction de l'aviation civile a demandé aux compagnies de réduire d'un tiers leurs programmes "
    "de vols samedi et dimanche à l'aéroport de Marseille-Provence, en raison d'un mouvement social des "
    "contrôleurs aériens.",
    "Le syndicat majoritaire réclame des recrutements supplémentaires et une revalorisation des primes "
    "de nuit, jugées insuffisantes depuis la réforme de l'an dernier.",
    "Selon la préfecture, près de trois cents vols devraient être supprimés sur les deux jours, "
    "principalement des liaisons vers la Corse, l'Algérie et les grandes villes européennes.",
    "Les voyageurs sont invités à vérifier l'état de leur vol auprès de leur compagnie avant de se rendre "
    "à l'aéroport, où des agents supplémentaires seront présents pour les orienter.",
    "Une compagnie à bas coût a déjà annoncé l'annulation de l'ensemble de ses départs de samedi matin "
    "et propose un remboursement intégral ou un report sans frais.",
    "Le ministre des transports a appelé les deux parties à reprendre le dialogue au plus vite, estimant "
    "que les passagers ne devaient pas être pris en otage d'un conflit interne.",
]
REST = [
    "Les négociations, interrompues mardi après une réunion de six heures, pourraient reprendre lundi si "
    "la direction présente un calendrier de recrutement précis.",
    "Les contrôleurs rappellent que leurs effectifs ont baissé de huit pour cent en cinq ans alors que le "
    "trafic a retrouvé son niveau d'avant la crise sanitaire.",
    "À l'aéroport, les commerçants redoutent un week-end noir au début des vacances scolaires, période qui "
    "représente habituellement une part importante de leur chiffre d'affaires.",
    "Les hôteliers de la région craignent eux aussi des annulations en cascade si le mouvement devait se "
    "prolonger au-delà de dimanche soir.",
]
UPDATE = (
    "Dimanche soir, la préfecture a indiqué que le trafic reprendrait normalement lundi matin, les "
    "syndicats ayant accepté de suspendre leur préavis le temps d'une nouvelle réunion de négociation "
    "prévue dans la semaine avec le ministère."
)
ORIGINAL = TITLE + "\n" + " ".join(LEAD + REST)
# A heavy rewrite (first four sentences + an update paragraph): J ~0.4 with the original.
HEAVY_BODY = " ".join(LEAD[:4]) + " " + UPDATE
HEAVY_OTHER_TITLE = "Marseille : le trafic aérien perturbé par un mouvement social\n" + HEAVY_BODY
HEAVY_SAME_TITLE = TITLE + "\n" + HEAVY_BODY
# A light edit (last sentence dropped) keeping the title: J > 0.9.
LIGHT_SAME_TITLE = TITLE + "\n" + " ".join(LEAD + REST[:3])


def fp(text: str, title: str | None = None) -> Fingerprint:
    return fingerprint(text, CFG, title=title)


def sim(a: str, b: str) -> float:
    return signature_similarity(fp(a).signature, fp(b).signature)


def test_fixtures_sit_where_the_rule_matters() -> None:
    assert CFG.threshold <= sim(ORIGINAL, HEAVY_OTHER_TITLE) < CFG.head_threshold
    assert CFG.threshold <= sim(ORIGINAL, HEAVY_SAME_TITLE) < CFG.head_threshold
    assert sim(ORIGINAL, LIGHT_SAME_TITLE) >= CFG.head_threshold
    assert fp(ORIGINAL).head == fp(HEAVY_SAME_TITLE).head != fp(HEAVY_OTHER_TITLE).head


def test_heavy_rewrite_under_a_new_title_is_a_near_duplicate() -> None:
    index = DedupIndex(CFG, {})
    assert index.check_and_add("orig", fp(ORIGINAL), 0.0) is None
    decision = index.check_and_add("rewrite", fp(HEAVY_OTHER_TITLE), 3600.0)
    assert decision is not None and (decision.duplicate_of, decision.method) == ("orig", "near")


def test_same_title_needs_more_than_the_base_threshold() -> None:
    index = DedupIndex(CFG, {})
    assert index.check_and_add("orig", fp(ORIGINAL), 0.0) is None
    # Same title, only ~0.4 of the text shared: an update/another story under that title.
    assert index.check_and_add("update", fp(HEAVY_SAME_TITLE), 3600.0) is None
    # Same title and nearly the same text: still a copy.
    decision = index.check_and_add("copy", fp(LIGHT_SAME_TITLE), 7200.0)
    assert decision is not None and decision.duplicate_of == "orig"
    assert decision.similarity >= CFG.head_threshold


def test_same_title_rule_off_when_head_threshold_equals_threshold() -> None:
    config = replace(CFG, head_threshold=CFG.threshold)
    index = DedupIndex(config, {})
    index.check_and_add("orig", fingerprint(ORIGINAL, config), 0.0)
    assert index.check_and_add("update", fingerprint(HEAVY_SAME_TITLE, config), 60.0) is not None


def test_explicit_title_gives_the_head() -> None:
    # With the title given, the head is the whole title, whatever its length; without it, the first
    # head_tokens tokens of the text.
    body_a, body_b = " ".join(LEAD), " ".join(REST)
    short = "Grève à Marseille"
    assert fp(short + "\n" + body_a, title=short).head == fp(short + "\n" + body_b, title=short).head
    assert fp(short + "\n" + body_a).head != fp(short + "\n" + body_b).head  # 10 tokens reach the body
    assert fp(ORIGINAL, title=TITLE).head != fp(ORIGINAL, title=TITLE + " (vidéo)").head
    assert fp(body_a, title="").head == ""  # no title: rule off for this article


def test_fingerprints_and_entries_without_head_use_the_base_threshold() -> None:
    old_dict = fp(HEAVY_SAME_TITLE).to_dict()
    del old_dict["head"]  # a prepared article fingerprinted before the head existed
    old_fp = Fingerprint.from_dict(old_dict)
    assert old_fp.head == ""
    index = DedupIndex(CFG, {})
    index.check_and_add("orig", fp(ORIGINAL), 0.0)
    assert index.check_and_add("update", old_fp, 60.0) is not None
    # An "a:" entry written before the head existed (no "h"): same.
    store: dict[str, object] = {}
    index = DedupIndex(CFG, store)
    index.check_and_add("orig", fp(ORIGINAL), 0.0)
    entry = dict(store["a:orig"])  # type: ignore[call-overload]
    del entry["h"]
    store["a:orig"] = entry
    assert index.check_and_add("update", fp(HEAVY_SAME_TITLE), 60.0) is not None


def test_config_validates_head_parameters() -> None:
    with pytest.raises(ValueError):
        DedupConfig(threshold=0.5, head_threshold=0.4)
    with pytest.raises(ValueError):
        DedupConfig(head_tokens=0)

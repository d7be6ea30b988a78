"""Unit tests of the dedup stage on fixtures written for the project (pure, fast)."""

from __future__ import annotations

import ast
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import orjson
import pytest

from streams.dedup import DedupConfig, DedupIndex, Fingerprint, fingerprint, signature_similarity, tokenize

DAY = 86400.0
CFG = DedupConfig()

STORY = (
    "Le conseil municipal de Villeneuve a voté lundi soir la rénovation complète de la piscine "
    "olympique, fermée depuis deux ans pour des raisons de sécurité.\n"
    "Le chantier, estimé à quatre millions d'euros, doit commencer au printemps prochain et durer "
    "dix-huit mois selon le maire, qui a salué un projet attendu par les clubs de natation.\n"
    "L'opposition a dénoncé un coût trop élevé et réclamé une consultation des habitants avant le "
    "lancement des travaux, une demande rejetée par la majorité à une large avance.\n"
    "Les associations sportives devront trouver d'autres bassins pendant la durée du chantier, "
    "la commune promettant des navettes gratuites vers la piscine de la ville voisine.\n"
    "Le financement sera assuré pour moitié par la région et par une subvention de l'État."
)
# The same story re-edited: other title, one sentence reworded, a boilerplate line, a sentence dropped.
REWORDED = (
    "Villeneuve : la piscine olympique va enfin être rénovée\n"
    "Publié le 12/03 à 08:15\n"
    "Le conseil municipal de Villeneuve a voté lundi soir la rénovation complète de la piscine "
    "olympique, fermée depuis deux ans pour des raisons de sécurité.\n"
    "Le chantier, estimé à quatre millions d'euros, doit commencer au printemps prochain et durer "
    "dix-huit mois d'après le maire, qui a salué un projet attendu par les clubs de natation.\n"
    "L'opposition a dénoncé un coût trop élevé et réclamé une consultation des habitants avant le "
    "lancement des travaux, une demande rejetée par la majorité à une large avance.\n"
    "Les associations sportives devront trouver d'autres bassins pendant la durée du chantier, "
    "la commune promettant des navettes gratuites vers la piscine de la ville voisine."
)
# Same title and topic, a different story.
OTHER_STORY = (
    "Le conseil municipal de Villeneuve a voté lundi soir\n"
    "Les élus ont adopté le budget de la médiathèque après trois heures de débat animé sur les "
    "horaires d'ouverture et le nombre de postes de bibliothécaires à créer cette année.\n"
    "Le maire souhaite ouvrir l'établissement le dimanche dès la rentrée, une mesure qui coûtera "
    "environ deux cent mille euros par an selon les services financiers de la ville.\n"
    "Plusieurs conseillers ont demandé une étude sur la fréquentation des autres équipements "
    "culturels de la commune avant toute décision sur le recrutement de personnel supplémentaire.\n"
    "Le vote définitif aura lieu en juin, après une consultation des usagers de la médiathèque."
)


def fp(text: str, config: DedupConfig = CFG) -> Fingerprint:
    return fingerprint(text, config)


def test_tokenize_ignores_case_punctuation_accents_and_ligatures() -> None:
    assert tokenize("L’État, « cœur » —  À  PARIS!") == tokenize("l'etat \"coeur\" a paris")


def test_tokenize_needs_no_prior_normalisation() -> None:
    from streams.clean import normalize_for_matching

    for text in (STORY, "Soft\u00adhyphen zero\u200bwidth l\u02bcapostrophe Æ\u0301 STRAẞE ﬁn", "ASCII\x07bell"):
        assert tokenize(text) == tokenize(normalize_for_matching(text))
        assert fingerprint(text, CFG) == fingerprint(normalize_for_matching(text), CFG)


def test_minhash_ignores_repeated_shingles() -> None:
    import numpy as np

    from streams.dedup.fingerprint import _shingles, minhash

    distinct = np.unique(_shingles([t.encode() for t in tokenize(STORY)], CFG.shingle_size, CFG.seed))
    repeated = np.concatenate([distinct, distinct[::-1], distinct[:5]])
    assert (minhash(repeated, CFG.num_perm, CFG.seed) == minhash(distinct, CFG.num_perm, CFG.seed)).all()


def test_exact_duplicate_robust_to_whitespace_punctuation_case() -> None:
    index = DedupIndex(CFG, {})
    assert index.check_and_add("a", fp(STORY), 0.0) is None
    variant = STORY.upper().replace(",", " ;").replace("\n", "\n\n   ").replace("'", "’")
    decision = index.check_and_add("b", fp(variant), 3600.0)
    assert decision is not None
    assert (decision.duplicate_of, decision.method, decision.similarity) == ("a", "exact", 1.0)


def test_near_duplicate_of_reworded_text() -> None:
    index = DedupIndex(CFG, {})
    assert index.check_and_add("orig", fp(STORY), 0.0) is None
    decision = index.check_and_add("copy", fp(REWORDED), 7200.0)
    assert decision is not None
    assert decision.duplicate_of == "orig" and decision.method == "near"
    assert CFG.threshold <= decision.similarity < 1.0


def test_same_title_different_story_not_matched() -> None:
    index = DedupIndex(CFG, {})
    assert index.check_and_add("orig", fp(STORY), 0.0) is None
    assert index.check_and_add("other", fp(OTHER_STORY), 600.0) is None
    assert signature_similarity(fp(STORY).signature, fp(OTHER_STORY).signature) < 0.1


def test_short_texts_do_not_near_match_but_exact_still_applies() -> None:
    a = "Incendie à Lyon : un entrepôt détruit dans la nuit, aucun blessé selon les pompiers."
    b = "Incendie à Lyon : un entrepôt détruit dans la nuit, deux blessés selon les pompiers."
    assert fp(a).n_tokens < CFG.min_tokens
    assert signature_similarity(fp(a).signature, fp(b).signature) >= CFG.threshold  # chance overlap
    index = DedupIndex(CFG, {})
    assert index.check_and_add("a", fp(a), 0.0) is None
    assert index.check_and_add("b", fp(b), 10.0) is None
    exact = index.check_and_add("c", fp(a.upper()), 20.0)
    assert exact is not None and exact.method == "exact" and exact.duplicate_of == "a"


def test_window_expiry() -> None:
    config = DedupConfig(window_seconds=2 * 86400)
    index = DedupIndex(config, {})
    assert index.check_and_add("orig", fp(STORY, config), 0.0) is None
    assert index.check_and_add("late-copy", fp(REWORDED, config), 3 * DAY) is None  # outside: new original
    # An exact copy of "orig" 3 days later: "orig" is out of the window, so it matches the newer
    # "late-copy" (near), not "orig" (exact).
    decision = index.check_and_add("late-exact", fp(STORY, config), 3 * DAY + 1)
    assert decision is not None and (decision.duplicate_of, decision.method) == ("late-copy", "near")


def test_expire_sweep_bounds_state() -> None:
    config = DedupConfig(window_seconds=int(DAY))
    index = DedupIndex(config, {})
    index.check_and_add("a", fp(STORY, config), 0.0)
    index.check_and_add("b", fp(OTHER_STORY, config), 0.5 * DAY)
    deleted = index.expire(1.2 * DAY)
    assert deleted > 0
    assert "a:a" not in index.store and "a:b" in index.store
    assert set(index.store) == {"a:b"}
    index.expire(10 * DAY)
    assert len(index.store) == 0


def test_automatic_sweep_drops_untouched_state() -> None:
    config = DedupConfig(window_seconds=int(DAY))
    index = DedupIndex(config, {})
    index.check_and_add("a", fp(STORY, config), 0.0)
    for i in range(6):  # unrelated short texts move event time forward
        index.check_and_add(f"s{i}", fp(f"brève numéro {i}", config), (i + 1) * 0.5 * DAY)
    assert "a:a" not in index.store
    assert not any(k.startswith("b:") for k in index.store)


def test_out_of_order_within_window() -> None:
    index = DedupIndex(CFG, {})
    assert index.check_and_add("newer", fp(REWORDED), 5 * DAY) is None
    decision = index.check_and_add("older", fp(STORY), 1 * DAY)  # arrives later, event time earlier
    assert decision is not None and decision.duplicate_of == "newer"
    # Out of order but more than a window apart: no match.
    assert index.check_and_add("ancient", fp(STORY + " Fin."), -3 * DAY) is None


def test_an_exact_copy_names_the_first_article_with_its_text() -> None:
    index = DedupIndex(CFG, {})
    index.check_and_add("first", fp(STORY), 0.0)
    d1 = index.check_and_add("copy1", fp(REWORDED), 100.0)
    d2 = index.check_and_add("copy2", fp(REWORDED), 200.0)
    d3 = index.check_and_add("copy3", fp(STORY), 300.0)
    assert d1 is not None and (d1.duplicate_of, d1.method) == ("first", "near")
    assert d2 is not None and (d2.duplicate_of, d2.method, d2.similarity) == ("copy1", "exact", 1.0)
    assert d3 is not None and (d3.duplicate_of, d3.method) == ("first", "exact")
    assert set(index.store) == {"a:first", "a:copy1"}  # exact copies are not registered


def test_redelivery_is_idempotent() -> None:
    index = DedupIndex(CFG, {})
    f = fp(STORY)
    assert index.check_and_add("a", f, 0.0) is None
    before = orjson.dumps(dict(index.store), option=orjson.OPT_SORT_KEYS)
    assert index.check_and_add("a", f, 0.0) is None
    assert orjson.dumps(dict(index.store), option=orjson.OPT_SORT_KEYS) == before
    # A near copy redelivered gets the same decision again (not "an exact copy of itself").
    first = index.check_and_add("b", fp(REWORDED), 10.0)
    registered = orjson.dumps(dict(index.store), option=orjson.OPT_SORT_KEYS)
    again = index.check_and_add("b", fp(REWORDED), 10.0)
    assert first == again and first is not None and first.method == "near"
    assert orjson.dumps(dict(index.store), option=orjson.OPT_SORT_KEYS) == registered


def test_store_round_trip_through_orjson() -> None:
    store: dict[str, Any] = {}
    index = DedupIndex(CFG, store)
    index.check_and_add("orig", fp(STORY), 0.0)
    index.check_and_add("short", fp("Une brève de dix mots sans plus de contenu ici."), 5.0)
    revived = orjson.loads(orjson.dumps(store))
    assert revived == store
    index2 = DedupIndex(CFG, revived)  # e.g. after a restart from the changelog
    decision = index2.check_and_add("copy", fp(REWORDED), 60.0)
    assert decision is not None and decision.duplicate_of == "orig"
    assert index2.check_and_add("orig", fp(STORY), 0.0) is None  # redelivery after restart


class WriteOnlyStore(MutableMapping[str, Any]):
    """A store that keeps serialised values and hands out copies, like a Faust table: in-place
    mutation of a returned value is lost, only ``store[key] = value`` persists."""

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}

    def __getitem__(self, key: str) -> Any:
        return orjson.loads(self._data[key])

    def __setitem__(self, key: str, value: Any) -> None:
        self._data[key] = orjson.dumps(value)

    def __delitem__(self, key: str) -> None:
        del self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._data))

    def __len__(self) -> int:
        return len(self._data)


def test_state_is_written_back_not_mutated_in_place() -> None:
    index = DedupIndex(CFG, WriteOnlyStore())
    index.check_and_add("orig", fp(STORY), 0.0)
    decision = index.check_and_add("copy", fp(REWORDED), 60.0)
    assert decision is not None and decision.duplicate_of == "orig"


def test_fingerprint_dict_round_trip_and_band_hashes() -> None:
    f = fp(STORY)
    data = orjson.loads(orjson.dumps(f.to_dict()))
    assert Fingerprint.from_dict(data) == f
    keys = f.band_hashes().tolist()
    assert len(keys) == CFG.bands and len(set(keys)) == CFG.bands
    assert fp(STORY) == f  # deterministic


def test_config_validation() -> None:
    with pytest.raises(ValueError):
        DedupConfig(num_perm=128, bands=30, rows=4)
    wide = DedupConfig(num_perm=120, bands=20, rows=6)
    assert len(fp(STORY, wide).band_hashes()) == 20


def test_dedup_package_imports_no_faust_or_kafka() -> None:
    root = Path(__file__).resolve().parents[3] / "streams" / "dedup"
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] in {"faust", "kafka", "aiokafka"} for n in names), path

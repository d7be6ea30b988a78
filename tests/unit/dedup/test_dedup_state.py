"""Store layout and in-memory lookups: one durable key per article, exact map and buckets rebuilt from the store."""

from __future__ import annotations

import base64
from collections.abc import Iterator, MutableMapping
from typing import Any

import numpy as np
import orjson

from streams.dedup import DedupConfig, DedupIndex, Fingerprint, fingerprint
from streams.dedup.bands import BandIndex

CFG = DedupConfig()

STORY = (
    "Le conseil départemental a présenté jeudi son plan pour les routes de montagne, après un hiver "
    "marqué par plusieurs éboulements qui ont coupé des villages pendant des jours entiers.\n"
    "Quarante millions d'euros seront consacrés aux filets de protection, aux purges de falaises et à "
    "la surveillance des pentes les plus instables, selon le président du département.\n"
    "Les maires des communes concernées saluent un effort attendu depuis longtemps mais demandent que "
    "les travaux commencent avant l'été, quand la circulation touristique est la plus forte.\n"
    "Un système d'alerte par message sera aussi testé dans deux vallées pour prévenir les habitants "
    "en cas de fermeture d'une route."
)
COPY = "Routes de montagne : un plan de quarante millions\n" + STORY.replace("jeudi", "ce jeudi")
OTHER = (
    "La médiathèque municipale rouvre ses portes lundi après huit mois de travaux de rénovation, avec "
    "un espace numérique agrandi et des horaires élargis le samedi.\n"
    "Les abonnés pourront emprunter jusqu'à quinze documents à la fois, contre dix auparavant, et une "
    "boîte de retour extérieure sera accessible jour et nuit.\n"
    "La ville prévoit aussi des ateliers pour les enfants chaque mercredi après-midi et des rencontres "
    "avec des auteurs de la région une fois par mois jusqu'à la fin de l'année."
)


class CountingStore(MutableMapping[str, Any]):
    """Like a Faust table: values serialised, copies handed out; counts the changelog records."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}
        self.records = 0

    def __getitem__(self, key: str) -> Any:
        return orjson.loads(self.data[key])

    def __setitem__(self, key: str, value: Any) -> None:
        self.records += 1
        self.data[key] = orjson.dumps(value)

    def __delitem__(self, key: str) -> None:
        self.records += 1  # a tombstone
        del self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.data))

    def __len__(self) -> int:
        return len(self.data)


def fp(text: str) -> Fingerprint:
    return fingerprint(text, CFG)


def test_first_seen_article_and_near_copy_cost_one_record_exact_copies_none() -> None:
    store = CountingStore()
    index = DedupIndex(CFG, store)
    assert index.check_and_add("orig", fp(STORY), 0.0) is None
    assert store.records == 1 and list(store) == ["a:orig"]
    assert set(store["a:orig"]) == {"x", "ts", "h", "s", "l"}
    memory = index.memory_bytes()
    assert index.check_and_add("copy", fp(COPY), 60.0) is not None
    # A near copy: its exact hash and what it copies, no signature and no lead units.
    assert store.records == 2 and store["a:copy"] == {"x": fp(COPY).exact, "ts": 60, "d": "orig"}
    assert index.memory_bytes() == memory  # not in the buckets nor in the lead index
    assert index.check_and_add("exact", fp(STORY), 61.0) is not None
    assert index.check_and_add("exact2", fp(COPY), 62.0) is not None
    assert store.records == 2  # exact copies are not registered


def test_restart_rebuilds_buckets_from_the_store() -> None:
    store = CountingStore()
    index = DedupIndex(CFG, store)
    index.check_and_add("orig", fp(STORY), 0.0)
    index.check_and_add("other", fp(OTHER), 10.0)
    index.check_and_add("short", fp("Une brève de dix mots sans plus de contenu ici."), 20.0)
    restarted = DedupIndex(CFG, store)  # e.g. a new worker after the changelog was replayed
    decision = restarted.check_and_add("copy", fp(COPY), 60.0)
    assert decision is not None and decision.duplicate_of == "orig"
    assert restarted.rebuild() == 2  # the two long texts; the brief has no signature
    # The exact map is rebuilt too: copies of the brief and of "other" are still caught.
    brief = restarted.check_and_add("brief-copy", fp("Une brève de dix mots sans plus de contenu ici."), 70.0)
    assert brief is not None and (brief.duplicate_of, brief.method) == ("short", "exact")
    again = restarted.check_and_add("other-copy", fp(OTHER), 80.0)
    assert again is not None and (again.duplicate_of, again.method) == ("other", "exact")


def test_the_former_layout_with_exact_keys_is_still_read_then_swept() -> None:
    """A store written by the former layout (an "x:<exact>" key beside each "a:" entry) keeps
    catching copies after an upgrade; its exact keys leave with their window."""
    config = DedupConfig(window_seconds=3600)
    orig, brief = fingerprint(STORY, config), fingerprint("Une brève de dix mots sans plus de contenu ici.", config)
    store: dict[str, Any] = {
        "x:" + orig.exact: {"id": "orig", "ts": 0},
        "a:orig": {"s": base64.b64encode(orig.signature).decode("ascii"), "ts": 0, "h": orig.head},
        "x:" + brief.exact: {"id": "short", "ts": 100},
    }
    index = DedupIndex(config, store)
    exact = index.check_and_add("exact-copy", orig, 60.0)
    assert exact is not None and (exact.duplicate_of, exact.method) == ("orig", "exact")
    near = index.check_and_add("copy", fingerprint(COPY, config), 70.0)
    assert near is not None and near.duplicate_of == "orig"
    short = index.check_and_add("brief-copy", brief, 120.0)
    assert short is not None and short.duplicate_of == "short"
    index.expire(3650.0)  # "orig" left the window, the brief and the near copy not yet
    assert set(store) == {"x:" + brief.exact, "a:copy"}
    index.expire(7200.0)
    assert store == {}


def test_invalidate_picks_up_entries_written_behind_the_index() -> None:
    store: dict[str, Any] = {}
    index = DedupIndex(CFG, store)
    index.check_and_add("other", fp(OTHER), 0.0)
    DedupIndex(CFG, store).check_and_add("orig", fp(STORY), 5.0)  # another instance wrote "orig"
    index.invalidate()
    decision = index.check_and_add("copy", fp(COPY), 60.0)
    assert decision is not None and decision.duplicate_of == "orig"


def test_legacy_and_malformed_keys_are_ignored_then_swept() -> None:
    store: dict[str, Any] = {
        "b:3:1f2e": [["old", 0], ["older", 5]],  # bucket of the former layout
        "a:broken": {"s": "not base64!", "ts": 0},
        "a:no-sig": {"ts": 0},
        "a:short-sig": {"s": "AAAA", "ts": 0},
    }
    index = DedupIndex(CFG, store)
    assert index.check_and_add("orig", fp(STORY), 10.0) is None
    assert index.rebuild() == 1
    assert index.check_and_add("copy", fp(COPY), 20.0) is not None
    index.expire(30.0)  # within the window: only the legacy bucket goes
    assert "b:3:1f2e" not in store and "a:orig" in store


def test_expire_forgets_buckets_with_the_signatures() -> None:
    config = DedupConfig(window_seconds=3600)
    index = DedupIndex(config, {})
    index.check_and_add("orig", fingerprint(STORY, config), 0.0)
    index.expire(7200.0)
    assert len(index.store) == 0
    assert index.check_and_add("copy", fingerprint(COPY, config), 7300.0) is None  # a new original


def test_band_index_merge_and_compaction_keep_lookups_exact() -> None:
    rng = np.random.default_rng(7)
    bands = 8
    hashes = rng.integers(0, 2**63, size=(40, bands), dtype=np.int64).astype(np.uint64)
    hashes[25, 3] = hashes[2, 3]  # articles 2 and 25 share a bucket
    index = BandIndex(bands, merge_every=6)  # merges several times below
    for i in range(40):
        index.add(f"r{i}", float(i), hashes[i])
    assert len(index) == 40
    for i in (0, 5, 17, 39):
        assert index.candidates(hashes[i]) == [(f"r{i}", float(i))]
    assert [cid for cid, _ in index.candidates(hashes[25])] == ["r2", "r25"]
    assert index.drop_older_than(10.0) == 10
    assert index.candidates(hashes[5]) == []
    assert [cid for cid, _ in index.candidates(hashes[25])] == ["r25"]
    index.add("late", 50.0, hashes[5])
    assert index.candidates(hashes[5]) == [("late", 50.0)]
    built = BandIndex.build(bands, [f"r{i}" for i in range(40)], range(40), hashes)
    assert built.candidates(hashes[17]) == [("r17", 17.0)]
    assert BandIndex(bands).candidates(hashes[0]) == []

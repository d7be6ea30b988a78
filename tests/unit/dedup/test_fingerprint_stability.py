"""Fingerprints are stored and compared across versions: pin them (values from the first release).

A speed-up of ``streams.dedup.fingerprint`` must leave every value here unchanged. The texts go
through each branch of the tokeniser: ASCII, accents only, non-ASCII separators, non-ASCII letters,
empty, and a text of more than one MinHash block."""

from __future__ import annotations

import hashlib

import pytest

from streams.dedup import DedupConfig, fingerprint, tokenize

DEFAULT = DedupConfig()
OTHER = DedupConfig(shingle_size=3, num_perm=256, bands=64, rows=4)

TEXTS = {
    "ascii": "Breaking NEWS:\tthe council\x07 voted (7-2) on_Monday\x0c night.",
    "accents": (
        "Le Conseil d'État a validé lundi la réforme\n"
        "Les élus ont voté à l'unanimité après trois heures de débat, œuvre commune."
    ),
    "separators": "« Grève » : 400 millions d’euros – soit 12 % – pour l’hôpital… STRAẞE ﬁn ½",
    "letters": "Москва: пресс-служба Кремля 2024 — déclaration, 東京 et \ufeffzéro\u200blargeur",
    "empty": "",
    "long": " ".join(f"mot{i % 997} été" for i in range(1500)),
}
# name -> (exact, blake2b-64 of the DEFAULT signature, of the OTHER signature, n_tokens, head)
EXPECTED = {
    "ascii": ("0914aa277411895c5f6d506f3bce7d25", "94e64376247a3e6f", "02d90f0a658b6262", 10, "fb23193b"),
    "accents": ("c389bbd263eb3e42c2c02c57a1317efb", "f5ff92d8335f7b54", "a9003fb5e0259e7f", 23, "4a144e12"),
    "separators": ("1b3373209e7ee95446e6dda9cce940a2", "78dd411a999e55dc", "45a3836c48c434b0", 14, "32b59e2c"),
    "letters": ("3b07bb5330d470b9afcd4f33c96d8b35", "c1d8de68fbd70fb2", "74ebfb505366bf26", 9, "f9408e46"),
    "empty": ("cae66941d9efbd404e4d88758ea67670", "feaee0257933ce3f", "e3c0dca537dae614", 0, ""),
    "long": ("b09883faaa7033fc5382561bb0847a17", "f8e2207b7b00831b", "afe090dfb28b5cda", 3000, "9864914b"),
}


def _digest(signature: bytes) -> str:
    return hashlib.blake2b(signature, digest_size=8).hexdigest()


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_fingerprint_values_are_stable(name: str) -> None:
    exact, sig_default, sig_other, n_tokens, head = EXPECTED[name]
    fp = fingerprint(TEXTS[name], DEFAULT)
    assert (fp.exact, _digest(fp.signature), fp.n_tokens, fp.head) == (exact, sig_default, n_tokens, head)
    fp = fingerprint(TEXTS[name], OTHER)
    assert (fp.exact, _digest(fp.signature), fp.n_tokens, fp.head) == (exact, sig_other, n_tokens, head)


def test_tokens_and_title_head_are_stable() -> None:
    assert tokenize(TEXTS["separators"]) == [
        "greve", "400", "millions", "d", "euros", "soit", "12", "pour", "l", "hopital", "strasse", "fin", "1", "2",
    ]
    assert tokenize(TEXTS["letters"]) == [
        "москва", "пресс", "служба", "кремля", "2024", "declaration", "東京", "et", "zerolargeur",
    ]
    assert fingerprint(TEXTS["accents"], DEFAULT, title="Le Conseil d'État a validé").head == "a2af524d"

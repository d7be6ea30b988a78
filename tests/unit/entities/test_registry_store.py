"""The registry's store: registrations decoded once per stored value, never read stale."""

from __future__ import annotations

from typing import Any

from streams.entities.registry_store import FULL, RegistryConfig, WindowStore, decode


def test_a_value_changed_in_the_store_is_read_anew() -> None:
    """A table restored or rewritten under the registry (a changelog replay) is what it reads."""
    store: dict[str, Any] = {}
    window = WindowStore(RegistryConfig(), store)
    window._add(FULL + "angela merkel", "per:angela-merkel", "Angela Merkel", 0.0)
    assert window._candidates(FULL + "angela merkel", 10.0) == [("per:angela-merkel", "Angela Merkel")]
    store[FULL + "angela merkel"] = "5\t0\tper:other\tAngela Merkel"
    assert window._candidates(FULL + "angela merkel", 10.0) == [("per:other", "Angela Merkel")]
    del store[FULL + "angela merkel"]
    assert window._candidates(FULL + "angela merkel", 10.0) == []


def test_adding_leaves_the_decoded_registrations_of_the_old_value_alone() -> None:
    store: dict[str, Any] = {}
    window = WindowStore(RegistryConfig(), store)
    window._add(FULL + "deutsche welle", "org:a", "Deutsche Welle", 0.0)
    before = window._entries(FULL + "deutsche welle")
    window._add(FULL + "deutsche welle", "org:b", "Deutsche Welle", 1.0)
    assert list(before) == ["org:a"]
    assert list(decode(store[FULL + "deutsche welle"])) == ["org:a", "org:b"]
    assert list(window._entries(FULL + "deutsche welle")) == ["org:a", "org:b"]

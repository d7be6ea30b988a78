"""Table writes held back until their message is published (streams.pipeline.writes)."""

from __future__ import annotations

from typing import Any

from streams.pipeline.writes import PendingWrites


def test_pending_writes_wait_for_apply_and_are_read_meanwhile() -> None:
    table: dict[str, Any] = {"a": {"n": 1}}
    deferred = PendingWrites(table)
    deferred["a"] = {"n": 2}
    first = deferred.take()
    deferred["b"] = {"n": 1}
    deferred["a"] = {"n": 3}
    second = deferred.take()
    # Nothing reached the table yet; reads see the newest pending value.
    assert table == {"a": {"n": 1}}
    assert deferred["a"] == {"n": 3} and deferred.get("b") == {"n": 1} and deferred.get("c") is None
    assert sorted(deferred) == ["a", "b"] and len(deferred) == 2
    deferred.apply(first)
    assert table["a"] == {"n": 2} and deferred["a"] == {"n": 3}  # a newer write still pending
    deferred.apply(second)
    assert table == {"a": {"n": 3}, "b": {"n": 1}} and deferred.take() == []
    table["a"] = {"n": 9}  # nothing pending: reads go to the table
    assert deferred["a"] == {"n": 9}

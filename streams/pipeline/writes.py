"""Table writes held back until the message that made them is published (see :class:`PendingWrites`)."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

# The writes one message made, in order: (key, value) pairs for :meth:`PendingWrites.apply`.
Writes = list[tuple[str, Any]]


class PendingWrites(MutableMapping[str, Any]):
    """A mapping over ``store`` whose writes wait in memory until :meth:`apply`; reads see them first.

    The worker's tables are Faust tables: a write sends a changelog record at once, and a commit
    before the event's outputs were sent would publish the write without the event's offset. So step 1
    collects each message's writes (:meth:`take`) and the worker applies them with that message's
    outputs, inside its commit gate and transaction routing."""

    def __init__(self, store: MutableMapping[str, Any]) -> None:
        self.store = store
        self._overlay: dict[str, Any] = {}
        self._log: list[tuple[str, Any]] = []

    def __getitem__(self, key: str) -> Any:
        if key in self._overlay:
            return self._overlay[key]
        return self.store[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._overlay[key] = value
        self._log.append((key, value))

    def __delitem__(self, key: str) -> None:
        raise TypeError("PendingWrites holds back writes only; deleting is not deferred")

    def __iter__(self) -> Iterator[str]:
        yield from self._overlay
        yield from (k for k in self.store if k not in self._overlay)

    def __len__(self) -> int:
        return len(self._overlay) + sum(1 for k in self.store if k not in self._overlay)

    def take(self) -> Writes:
        """The writes made since the last call (to :meth:`apply` later), in order."""
        writes, self._log = self._log, []
        return writes

    def apply(self, writes: Writes) -> None:
        """Write ``writes`` (from :meth:`take`) to the store; a value no newer write replaced leaves
        the overlay."""
        for key, value in writes:
            self.store[key] = value
            if self._overlay.get(key) is value:
                del self._overlay[key]

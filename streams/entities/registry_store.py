"""How the entity registry keeps its registrations in its store: one string per key, plain and
compact, so that a Faust table and its changelog hold it as they hold any value (see
:mod:`streams.entities.registry`)."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from streams.entities.forms import Forms, short_person_key
from streams.records import Entity

# The prefix of a key says which form of a name it holds.
FULL = "n:"  # full names (two words or more)
SURNAME = "p:"  # people's surnames (full names', and surnames seen alone)
ACRONYM = "a:"  # acronyms (given in parentheses, seen alone, or spelt by initials)
WORD = "w:"  # organisations' distinctive words
SINGLE = "s:"  # one-word names, in the singular
THING = "t:"  # names made of one word and words of its kind ("Atlantic Ocean", "Soviet Union")
PLACE = "k:"  # one-word names of knowledge-base places as articles write them ("Pologne")
GIVEN = "g:"  # people's first given names, for surnames spelt another way (.respelt)
WORDING = "v:"  # names other than people's by their words alone (.acronyms.wording_key)
KINDS = (FULL, SURNAME, ACRONYM, WORD, SINGLE, THING, PLACE, GIVEN, WORDING)


@dataclass(frozen=True, slots=True)
class Registration:
    """One id under a registry key: when it was last seen, its display name, whether the key is an
    acronym its initials only spell."""

    ts: int
    name: str
    guessed: bool = False


@dataclass(frozen=True)
class RegistryConfig:
    """Bounds of the registry."""

    # Thirty days of event time: long enough for a story's people to recur, short enough that a name
    # that changed hands (a new minister with a known surname) is forgotten.
    window_seconds: int = 30 * 24 * 3600
    max_ids_per_key: int = 8
    # A registration already in the store is rewritten (one changelog record) at most this often.
    refresh_seconds: int = 24 * 3600

    def __post_init__(self) -> None:
        if self.window_seconds <= 0 or self.max_ids_per_key < 2 or self.refresh_seconds < 0:
            raise ValueError("window_seconds > 0, max_ids_per_key >= 2 and refresh_seconds >= 0 required")


Candidate = tuple[str, str]  # (entity id, display name) registered under a key
Candidates = list[Candidate]
# A name key -> (entity id, display name) of each entity the window (or the knowledge base) holds under it.
Lookup = Callable[[str], Candidates]


class NameLookups(NamedTuple):
    """The window's names by key, as the article-level rules look them up (:mod:`.known_names`)."""

    full_names: Callable[[str], Candidates]
    one_words: Callable[[str], Candidates]
    places: Callable[[str], Candidates]
    surnames: Callable[[str], Candidates]


def encode(entries: dict[str, Registration]) -> str:
    """A key's registrations as one string, ``ts<TAB>guessed<TAB>id<TAB>name`` lines: a str per key
    holds a third of the memory of a dict of lists (the store is kept whole in memory)."""
    return "\n".join(f"{r.ts}\t{int(r.guessed)}\t{i}\t{_clean(r.name)}" for i, r in entries.items())


def decode(value: Any) -> dict[str, Registration]:
    """The registrations :func:`encode` wrote; a malformed value or line reads as none."""
    entries: dict[str, Registration] = {}
    if not isinstance(value, str):
        return entries
    for line in value.split("\n"):
        parts = line.split("\t", 3)
        if len(parts) == 4 and parts[0].lstrip("-").isdigit():
            entries[parts[2]] = Registration(int(parts[0]), parts[3], parts[1] == "1")
    return entries


def _clean(name: str) -> str:
    return " ".join(name.split())  # no tab or newline inside a field


def other_number(key: str) -> str:
    """"nazis" -> "nazi", "nazi" -> "nazis": the key of the word in the other number."""
    return key[:-1] if key.endswith("s") else key + "s"


def short_key(entity: Entity, f: Forms) -> str | None:
    """The key a one-word form is looked up under: its acronym, a person's surname, an
    organisation's word (acronyms: see the registry's ``_acronym_candidates``)."""
    if f.acronym is not None:
        return ACRONYM + f.acronym
    if entity.label == "PER":
        key = short_person_key(entity.name)
        return SURNAME + key if key else None
    return WORD + f.full if entity.label == "ORG" else None


_DECODED_MAX = 8192  # keys whose decoded registrations are kept (a few MB)


class WindowStore:
    """The registry's store and its window of event time: registrations under keys, read within the
    window, refreshed at most once per ``refresh_seconds``, swept every quarter window."""

    def __init__(self, config: RegistryConfig, store: MutableMapping[str, Any] | None = None) -> None:
        self.config = config
        self.store: MutableMapping[str, Any] = store if store is not None else {}
        self._last_sweep: float | None = None  # in memory only: a restart just delays one sweep
        # Each key's registrations as last decoded, with the stored value they were decoded from: an
        # article reads the same keys many times (each rule looks its names up), the window reads the
        # names of the day again and again. Checked against the store on every read, so never stale.
        self._decoded: dict[str, tuple[str, dict[str, Registration]]] = {}

    def expire(self, now: float) -> int:
        """Forget registrations older than a window before ``now``; returns the store keys deleted."""
        cutoff = now - self.config.window_seconds
        deleted = 0
        for key in list(self.store):
            if not key.startswith(KINDS):
                continue
            entries = decode(self.store.get(key))
            kept = {i: r for i, r in entries.items() if r.ts >= cutoff}
            if not kept:
                del self.store[key]
                deleted += 1
            elif len(kept) < len(entries):
                self.store[key] = encode(kept)
        self._last_sweep = now
        return deleted

    def _candidates(self, key: str, ts: float) -> Candidates:
        return [(i, r.name) for i, r in self._live(key, ts).items()]

    def _live(self, key: str, ts: float) -> dict[str, Registration]:
        window = self.config.window_seconds
        return {i: r for i, r in self._entries(key).items() if abs(ts - r.ts) <= window}

    def _entries(self, key: str) -> dict[str, Registration]:
        """:func:`decode` of the value under ``key``, decoded once per value (not to be changed: copy it)."""
        value = self.store.get(key)
        if not isinstance(value, str):
            return {}
        cached = self._decoded.get(key)
        if cached is not None and cached[0] == value:
            return cached[1]
        if len(self._decoded) >= _DECODED_MAX:
            self._decoded.clear()  # bounded: the keys of the day are decoded again at once
        entries = self._decoded[key] = (value, decode(value))
        return entries[1]

    def _add(self, key: str, entity_id: str, name: str, ts: float, guessed: bool = False) -> None:
        """Register ``entity_id`` under ``key`` (``guessed``: an acronym from initials only)."""
        entries = self._entries(key)
        previous = entries.get(entity_id)
        if previous is not None:
            guessed = guessed and previous.guessed  # once given, an acronym stays given
            fresh = ts - previous.ts < self.config.refresh_seconds
            if fresh and guessed == previous.guessed and name == previous.name:
                return
        entries = dict(entries)
        entries[entity_id] = Registration(int(ts), name, guessed)
        if len(entries) > self.config.max_ids_per_key:
            del entries[min(entries, key=lambda i: entries[i].ts)]
        self.store[key] = encode(entries)  # assignment: a Faust table persists only what is assigned

    def _touch(self, key: str | None, entity_id: str, ts: float) -> None:
        """Refresh the time of a registration a short form was just linked through."""
        if key is None:
            return
        entries = self._entries(key)
        entry = entries.get(entity_id)
        if entry is None or ts - entry.ts < self.config.refresh_seconds:
            return
        entries = dict(entries)
        entries[entity_id] = Registration(int(ts), entry.name, entry.guessed)
        self.store[key] = encode(entries)

    def _maybe_sweep(self, ts: float) -> None:
        if self._last_sweep is None:
            self._last_sweep = ts
        elif ts - self._last_sweep >= self.config.window_seconds / 4:
            self.expire(ts)

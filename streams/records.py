"""Record models shared by every stage. Pure: no faust, no Kafka.

The wire contracts (JSON Schema files in ``streams/schemas/``) describe the dicts these models
produce with ``to_dict``; tests validate one against the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 2  # 2: entity ids in one scheme (iso:, gn:, org:, ...) with linked_by; containment fields

Label = Literal["PER", "ORG", "LOC", "MISC"]
LABELS: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")


class StageError(Exception):
    """A failure that becomes a typed rejection record (errors are data).

    ``code`` is a stable machine-readable string (for example ``empty_after_cleaning``);
    ``message`` is for people.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(slots=True)
class RawArticle:
    """A validated input record from ``news.raw`` (at least one of ``text`` / ``html``)."""

    id: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published_at: str | None = None  # ISO 8601 as given, validated
    lang: str | None = None


@dataclass(slots=True)
class CleaningReport:
    """What the cleaning stage removed, reported in the enriched record and as metrics."""

    lines_in: int = 0
    lines_out: int = 0
    chars_in: int = 0
    chars_out: int = 0
    lines_removed_by_rule: int = 0
    chars_removed_by_rule: int = 0
    lines_removed_learned: int = 0
    chars_removed_learned: int = 0
    intra_duplicate_dropped: bool = False
    rules_fired: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines_in": self.lines_in,
            "lines_out": self.lines_out,
            "chars_in": self.chars_in,
            "chars_out": self.chars_out,
            "lines_removed_by_rule": self.lines_removed_by_rule,
            "chars_removed_by_rule": self.chars_removed_by_rule,
            "lines_removed_learned": self.lines_removed_learned,
            "chars_removed_learned": self.chars_removed_learned,
            "intra_duplicate_dropped": self.intra_duplicate_dropped,
            "rules_fired": dict(self.rules_fired),
        }


@dataclass(slots=True)
class CleanedArticle:
    """Output of the cleaning stage: reader-visible title and body plus metadata."""

    raw: RawArticle
    title: str
    text: str
    lang: str | None
    lang_confidence: float
    lang_given: str | None = None
    lang_disagrees: bool = False
    author: str | None = None
    published_at: str | None = None
    report: CleaningReport = field(default_factory=CleaningReport)

    @property
    def id(self) -> str:
        return self.raw.id


@dataclass(slots=True)
class Mention:
    """One occurrence of an entity: character offsets into ``field`` (``title`` or ``text``)."""

    field: Literal["title", "text"]
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Mention:
        return cls(d["field"], int(d["start"]), int(d["end"]))


@dataclass(slots=True)
class Entity:
    """A distinct entity of an article with all its mentions."""

    id: str
    name: str
    label: str  # one of LABELS
    mentions: list[Mention] = field(default_factory=list)
    linked: bool = False  # True when the id comes from the gazetteer
    # How the id was decided: "kb", "article", "registry" or None (streams.entities.ids)
    linked_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "linked": self.linked,
            "linked_by": self.linked_by,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        """The inverse of :meth:`to_dict` (entities travel on the internal topics as dicts)."""
        mentions = [Mention.from_dict(m) for m in d.get("mentions") or ()]
        linked_by = d.get("linked_by")
        return cls(
            str(d["id"]), str(d["name"]), str(d["label"]), mentions, bool(d.get("linked")),
            str(linked_by) if linked_by is not None else None,
        )


@dataclass(slots=True)
class DedupDecision:
    """The dedup stage's verdict on an article that duplicates an earlier one."""

    duplicate_of: str
    method: Literal["exact", "near", "contained"]  # contained: similarity = the containment score
    similarity: float


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an input message came from (copied into dead letters)."""

    topic: str
    partition: int
    offset: int

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "partition": self.partition, "offset": self.offset}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Origin:
        return cls(str(d["topic"]), int(d["partition"]), int(d["offset"]))


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One input message as read from ``news.raw`` (or a line of ``newsfeed process``'s input)."""

    value: bytes | None
    origin: Origin
    key: bytes | None = None  # the record's key: a dead letter keeps it
    headers: tuple[tuple[str, bytes], ...] = ()  # the record's headers: a dead letter keeps them

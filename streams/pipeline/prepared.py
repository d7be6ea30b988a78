"""The prepared article: what step 1 hands to dedup and tagging, and what travels on the internal topics."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from streams.dedup import Fingerprint
from streams.records import Entity, Origin

# (title, text, lang): what the entity tagger reads of an article.
TagRequest = tuple[str, str, str | None]


@dataclass(slots=True)
class PreparedArticle:
    """A decoded, cleaned, language-identified and fingerprinted article.

    ``entities`` is None until the article is tagged (in step 1, or after dedup); an article that has
    them is finished once dedup lets it through."""

    id: str
    url: str | None
    source: str | None
    published_at: str | None
    title: str
    text: str
    lang: str | None
    lang_confidence: float
    lang_given: str | None
    lang_disagrees: bool
    author: str | None
    cleaning: dict[str, Any]
    fingerprint: Fingerprint | None
    event_ts: float
    origin: Origin
    payload: str  # the raw payload as text (truncated), for a dead letter of a later stage
    entities: list[Entity] | None = None
    # Set by dedup when this first-seen article is the longer story of an earlier brief (its id).
    expands: str | None = None
    # The input record's key and headers: a dead letter of a later stage keeps them, as step 1's do.
    input_key: str | None = None
    headers: tuple[tuple[str, bytes], ...] = ()
    # Why the cleaned body is under the minimum length (cleaning's ``empty_after_cleaning`` message),
    # when it is: such an article is a dead letter unless dedup finds it a copy of a story in the window.
    short: str | None = None

    @property
    def tagged(self) -> bool:
        """Whether the article has its entities (then only its output records remain to build)."""
        return self.entities is not None

    @property
    def awaits_tags(self) -> bool:
        """Whether the tagger still has to read this article (a short one never does: it leaves dedup
        as a duplicate or a dead letter)."""
        return self.entities is None and self.short is None

    def tag_request(self) -> TagRequest:
        """What the tagger reads of this article."""
        return (self.title, self.text, self.lang)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the internal topics (:meth:`from_dict` reads it back)."""
        d: dict[str, Any] = {
            "id": self.id,
            "url": self.url,
            "source": self.source,
            "published_at": self.published_at,
            "title": self.title,
            "text": self.text,
            "lang": self.lang,
            "lang_confidence": self.lang_confidence,
            "lang_given": self.lang_given,
            "lang_disagrees": self.lang_disagrees,
            "author": self.author,
            "cleaning": self.cleaning,
            "fingerprint": self.fingerprint.to_dict() if self.fingerprint is not None else None,
            "event_ts": self.event_ts,
            "origin": self.origin.to_dict(),
            "payload": self.payload,
        }
        if self.entities is not None:
            d["entities"] = [e.to_dict() for e in self.entities]
        if self.expands is not None:
            d["expands"] = self.expands
        if self.input_key is not None:
            d["input_key"] = self.input_key
        if self.headers:
            d["headers"] = [[k, base64.b64encode(v).decode("ascii")] for k, v in self.headers]
        if self.short is not None:
            d["short"] = self.short
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PreparedArticle:
        """The inverse of :meth:`to_dict`."""
        fp = d.get("fingerprint")
        ents = d.get("entities")
        return cls(
            id=str(d["id"]),
            url=d.get("url"),
            source=d.get("source"),
            published_at=d.get("published_at"),
            title=str(d["title"]),
            text=str(d["text"]),
            lang=d.get("lang"),
            lang_confidence=float(d.get("lang_confidence") or 0.0),
            lang_given=d.get("lang_given"),
            lang_disagrees=bool(d.get("lang_disagrees")),
            author=d.get("author"),
            cleaning=d.get("cleaning") or {},
            fingerprint=Fingerprint.from_dict(fp) if fp is not None else None,
            event_ts=float(d["event_ts"]),
            origin=Origin.from_dict(d["origin"]),
            payload=str(d.get("payload") or ""),
            entities=[Entity.from_dict(e) for e in ents] if ents is not None else None,
            expands=str(d["expands"]) if d.get("expands") is not None else None,
            input_key=str(d["input_key"]) if d.get("input_key") is not None else None,
            headers=tuple((str(k), base64.b64decode(v)) for k, v in d.get("headers") or ()),
            short=str(d["short"]) if d.get("short") is not None else None,
        )

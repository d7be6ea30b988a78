"""The NER corpora of the dev sets as documents of tokens and IOB2 tags (read, never copied): CoNLL-2003,
WikiNEuRal, HIPE-2022. Shared by the evaluation (:mod:`streams.evaluate.ner_eval`) and the training
data of the French model (:mod:`streams.entities.training.french_data`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

LABELS = ("PER", "ORG", "LOC", "MISC")
Span = tuple[int, int, str]  # token start, token end (exclusive), label


@dataclass(slots=True)
class Doc:
    """Token sequence of one document with gold spans, spacing and sentence ends."""

    tokens: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # normalised to IOB2 with our labels, or "O"
    space_after: list[bool] = field(default_factory=list)
    sent_end: list[bool] = field(default_factory=list)

    def add(self, token: str, tag: str, space_after: bool = True) -> None:
        self.tokens.append(token)
        self.tags.append(tag)
        self.space_after.append(space_after)
        self.sent_end.append(False)

    def end_sentence(self) -> None:
        if self.sent_end:
            self.sent_end[-1] = True

    def text(self) -> tuple[str, list[tuple[int, int]]]:
        """The document text and each token's character offsets in it."""
        parts: list[str] = []
        offsets: list[tuple[int, int]] = []
        pos = 0
        for i, tok in enumerate(self.tokens):
            offsets.append((pos, pos + len(tok)))
            parts.append(tok)
            pos += len(tok)
            if i + 1 < len(self.tokens):
                sep = "\n" if self.sent_end[i] else (" " if self.space_after[i] else "")
                parts.append(sep)
                pos += len(sep)
        return "".join(parts), offsets

    def gold(self) -> set[Span]:
        return set(iob2_spans(self.tags))


@dataclass(slots=True)
class Dataset:
    name: str
    lang: str
    docs: list[Doc]
    labels: tuple[str, ...] = LABELS  # labels scored
    notes: str = ""


# -- readers ------------------------------------------------------------------------------------------
def iob2_spans(tags: Sequence[str]) -> Iterator[Span]:
    """Spans of IOB2 tags (a stray I- after O or another type starts an entity, as conlleval does)."""
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, lab = tag.partition("-")
        if start >= 0 and (prefix != "I" or lab != label):
            yield (start, i, label)
            start = -1
        if prefix == "B" or (prefix == "I" and start < 0):
            start, label = i, lab


def iob1_to_iob2(tags: Sequence[str]) -> list[str]:
    """IOB1 (I- everywhere, B- only between two adjacent same-type entities) -> IOB2."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def read_conll2003(path: Path) -> list[Doc]:
    docs: list[Doc] = []
    doc = Doc()
    raw_tags: list[str] = []

    def flush() -> None:
        nonlocal doc, raw_tags
        if doc.tokens:
            doc.tags = iob1_to_iob2(raw_tags)
            docs.append(doc)
        doc, raw_tags = Doc(), []

    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if not cols:
            doc.end_sentence()
            continue
        if cols[0] == "-DOCSTART-":
            flush()
            continue
        doc.add(cols[0], "O")
        raw_tags.append(cols[-1])
    flush()
    return docs


def read_wikineural(path: Path) -> list[Doc]:
    docs: list[Doc] = []
    doc = Doc()
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 3:
            if doc.tokens:
                docs.append(doc)
            doc = Doc()
            continue
        doc.add(cols[1], cols[2].strip())
    if doc.tokens:
        docs.append(doc)
    return docs


def read_hipe(paths: Iterable[Path]) -> list[Doc]:
    docs: list[Doc] = []
    for path in paths:
        doc: Doc | None = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                if "document_id" in line:
                    if doc is not None and doc.tokens:
                        docs.append(doc)
                    doc = Doc()
                continue
            cols = line.split("\t")
            if len(cols) < 10 or cols[0] == "TOKEN" or doc is None:
                continue
            tag = cols[1]
            if tag.endswith("HumanProd") or tag in ("_", ""):
                tag = "O"  # no HumanProd class in our scheme: dropped (see module docstring)
            misc = cols[-1].split("|")
            # NoSpaceAfter is not honoured: in NewsEye it is set on ~1/3 of the tokens, often wrongly
            # ("la" NoSpaceAfter "France"), and gluing words would blind both systems alike.
            doc.add(cols[0], tag)
            if "EndOfSentence" in misc:
                doc.end_sentence()
        if doc is not None and doc.tokens:
            docs.append(doc)
    return docs

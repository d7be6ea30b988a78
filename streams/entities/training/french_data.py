"""The French NER training sources, their kept-apart slices, and the mapping of HIPE to news NER.

Every source is read into :class:`streams.evaluate.ner_corpora.Doc` (tokens, IOB2 tags PER/ORG/LOC/MISC).
Each has a fixed slice kept apart for model selection and for the figures of the model card; the
rest is training data:

===================  =============================================  ==============================
source               file(s) under the NER data directory           kept apart
===================  =============================================  ==============================
wikineural           ``wikineural_fr/val.conllu``                   first 1,500 sentences
newseye              ``hipe_newseye_fr/*newseye-dev-fr.tsv``,        first 20 documents of ``dev``
                     ``*newseye-dev2-fr.tsv``
hipe2020             ``hipe2020_fr/*hipe2020-dev-fr.tsv``            first 10 documents
letemps              ``letemps_fr/*letemps-dev-fr.tsv``              first 12 documents
europeana            ``europeana_fr/enp_FR.bnf.bio``                every 10th block of 2,000 lines
                                                                   (blocks 0, 10, 20, ...)
===================  =============================================  ==============================

HIPE to news NER (training only; :mod:`streams.evaluate.ner_eval` scores HIPE's gold as given): HIPE
person mentions include titles, functions and appositions ("M. Rougemont, commissaire général");
a news record names the person ("Rougemont"), and the tagger's own rule puts a civility ("M.",
"Mme") back in front of a name. A person span is therefore cut to its name: where HIPE marks the
components (hipe2020's ``NE-FINE-COMP``), the tokens from the first to the last ``comp.name`` of its
first run; elsewhere the longest run of name-like tokens (capitalised words, initials with their
period, hyphens, particles such as "de"/"d'"/"von" between two capitalised words), titles and
civilities ("M.", "Mme", "docteur", "général") never part of a run; a particle opening the name stays
("Mme de Staël" -> "de Staël"). The other tokens of the span
become O; a span with no name at all ("MM.") is dropped. HIPE's ``HumanProd``/``prod``/``time``
classes have no counterpart in PER/ORG/LOC/MISC: products are left unannotated in training (a
newspaper title may be MISC for us), dates become O.

Names without a class (optional, ``unclassed_unannotated``; not the default, it cost F1 on the kept-apart
slices, docs/models-fr.md): HIPE and Europeana annotate PER/ORG/LOC but have no MISC, so their events,
works, peoples ("les Allemands") and other MISC-like names stand as O. With the option, in those sources a
capitalised word outside any entity is left unannotated (:data:`MISSING`, no loss) unless it opens a
sentence, where French capitalises every word; a run of such words, with the particles joining them
("Guerre de Trente Ans"), is left unannotated as a whole once one of its words is not sentence-initial.
Lowercase words, words in capitals (headings, acronyms) and civilities ("Mme", "Monsieur") stay O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from streams.entities.spans import words
from streams.entities.training.spacy_data import MISSING
from streams.evaluate.ner_corpora import Doc, iob1_to_iob2, iob2_spans, read_wikineural

WIKINEURAL_KEPT = 1500
NEWSEYE_KEPT = 20
HIPE2020_KEPT = 10
LETEMPS_KEPT = 12
EUROPEANA_KEPT_EVERY = 10
# Europeana's page list (enp_FR.bnf.md) gives line ranges for its first pages only ("L000???" after
# line 82,492): the corpus is cut into fixed blocks of lines instead (about one newspaper page).
EUROPEANA_BLOCK_LINES = 2000
# Europeana has no sentence breaks: pages are cut into pieces of about this many tokens, at a
# sentence-final token outside any entity (CoNLL-sized examples train better than whole pages).
PIECE_TOKENS = 120

SOURCES = ("wikineural", "newseye", "hipe2020", "letemps", "europeana")

# HIPE coarse classes -> ours (anything else, e.g. HumanProd, prod, time: not an entity for us).
HIPE_LABELS = {"PER": "PER", "PERS": "PER", "LOC": "LOC", "ORG": "ORG"}
# Products (newspaper titles, works) may be MISC or nothing in our scheme: not annotated for training
# rather than taught as O. Dates (``time``) are not entities for us: O.
UNKNOWN_HIPE_LABELS = frozenset({"HUMANPROD", "PROD"})

# Titles, civilities and functions that open HIPE person spans; never part of a name run.
PERSON_TITLES = words(
    """
    m mm mme mmes mlle mlles mgr me dr pr mr mrs ms sr
    monsieur madame mademoiselle messieurs mesdames docteur professeur général generai colonel capitaine
    commandant lieutenant maréchal amiral abbé père frère sœur soeur saint sainte roi reine prince princesse
    duc duchesse comte comtesse baron baronne marquis marquise président ministre conseiller sénateur député
    maire préfet juge maître citoyen citoyenne lord sir lady don dona herr frau
    """
)
PARTICLES = words("de d d' d’ du des la le von van der den di da del y et")
_CAPITALISED = re.compile(r"^[A-ZÀ-ÖØ-ÞŒ][\w\-'’.¬]*$")
_INITIAL = re.compile(r"^[A-ZÀ-ÖØ-ÞŒ]{1,2}$")
# A capital then a lowercase letter somewhere: "Allemands", "Etat", "Saint-Gall"; not "PARIS" or "S.A.".
_TITLE_CASE = re.compile(r"^[A-ZÀ-ÖØ-ÞŒ].*[a-zß-öø-ÿœ]")
# Tokens after which French starts a sentence or a quoted or listed phrase with a capital.
SENTENCE_OPENERS = frozenset({".", "!", "?", "…", ":", "—", "–", "«", '"', "(", "["})


@dataclass(slots=True)
class Source:
    """One training source: its training docs and its kept-apart docs."""

    name: str
    train: list[Doc]
    kept: list[Doc]


# -- HIPE ---------------------------------------------------------------------------------------------
def hipe_tag(coarse: str) -> str:
    """A HIPE coarse IOB2 tag ("B-pers", "I-LOC", "B-HumanProd", "_") as ours, :data:`MISSING` or "O"."""
    prefix, _, label = coarse.partition("-")
    if prefix not in ("B", "I"):
        return "O"
    if label.upper() in UNKNOWN_HIPE_LABELS:
        return MISSING
    mapped = HIPE_LABELS.get(label.upper())
    return f"{prefix}-{mapped}" if mapped else "O"


def read_hipe_file(path: Path) -> list[tuple[Doc, list[str]]]:
    """Documents of one HIPE TSV, tags mapped by :func:`hipe_tag`, each with its NE-FINE-COMP column."""
    out: list[tuple[Doc, list[str]]] = []
    doc: Doc | None = None
    comps: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            if "document_id" in line:
                if doc is not None and doc.tokens:
                    out.append((doc, comps))
                doc, comps = Doc(), []
            continue
        cols = line.split("\t")
        if len(cols) < 10 or cols[0] == "TOKEN" or doc is None:
            continue
        doc.add(cols[0], hipe_tag(cols[1]))
        comps.append(cols[5])
        if "EndOfSentence" in cols[-1].split("|"):
            doc.end_sentence()
    if doc is not None and doc.tokens:
        out.append((doc, comps))
    return out


def name_run(tokens: Sequence[str], comps: Sequence[str] | None = None) -> tuple[int, int] | None:
    """The [start, end) of the name inside a person span's ``tokens``, or None (see module docstring)."""
    if comps is not None and any(c.endswith("comp.name") for c in comps):
        start = next(i for i, c in enumerate(comps) if c.endswith("comp.name"))
        end = start + 1
        while end < len(comps) and comps[end] == "I-comp.name":
            end += 1
        return start, end
    best: tuple[int, int] | None = None
    i = 0
    while i < len(tokens):
        j = _run_end(tokens, i)
        if j > i and (best is None or j - i > best[1] - best[0]):
            best = (i, j)
        i = max(j, i + 1)
    return best


def _is_title(tokens: Sequence[str], i: int) -> bool:
    return tokens[i].lower().rstrip(".") in PERSON_TITLES


def _run_end(tokens: Sequence[str], i: int) -> int:
    """End of the name run starting at ``tokens[i]`` (``i`` itself when no run starts there)."""
    j = i
    while j < len(tokens):
        tok = tokens[j]
        if _is_title(tokens, j) and not (j > i and _INITIAL.match(tok)):
            break
        if _CAPITALISED.match(tok):
            j += 1
        elif j > i and tok in (".", "-") and j + 1 < len(tokens) and _CAPITALISED.match(tokens[j + 1]):
            j += 1  # "J . Camp", "Pierre - Auguste"
        elif j > i and tok == "." and _INITIAL.match(tokens[j - 1]):
            j += 1  # "G . P ."
        elif j > i and tokens[j - 1].endswith("¬"):
            j += 1  # a name hyphenated at a line break: "Hen¬" "rion"
        elif (tok.lower() in PARTICLES or (j > i and tok in ("'", "’"))) and _particle_leads_to_name(tokens, j):
            j += 1  # "Christine d ' Espagne", "de Gaulle" (a leading particle stays, as HIPE writes it)
        else:
            break
    return j


def _particle_leads_to_name(tokens: Sequence[str], j: int) -> bool:
    k = j + 1
    while k < len(tokens) and (tokens[k] in ("'", "’") or tokens[k].lower() in PARTICLES):
        k += 1
    return k < len(tokens) and _CAPITALISED.match(tokens[k]) is not None


def names_only(doc: Doc, comps: Sequence[str] | None = None) -> Doc:
    """``doc`` with each person span cut to its name (other labels unchanged)."""
    tags = list(doc.tags)
    for start, end, label in iob2_spans(doc.tags):
        if label != "PER":
            continue
        run = name_run(doc.tokens[start:end], comps[start:end] if comps is not None else None)
        for k in range(start, end):
            tags[k] = "O"
        if run is not None:
            tags[start + run[0]] = "B-PER"
            for k in range(start + run[0] + 1, start + run[1]):
                tags[k] = "I-PER"
    return Doc(list(doc.tokens), tags, list(doc.space_after), list(doc.sent_end))


def read_hipe_source(
    paths: Iterable[Path], kept: int, uses_comps: bool, unclassed_unannotated: bool = False
) -> tuple[list[Doc], list[Doc]]:
    """(train, kept-apart) documents of HIPE files, persons cut to names; the first ``kept`` kept apart;
    ``unclassed_unannotated``: with :func:`leave_unclassed_names_unannotated`."""
    docs = [
        names_only(
            leave_unclassed_names_unannotated(doc) if unclassed_unannotated else doc, comps if uses_comps else None
        )
        for path in paths
        for doc, comps in read_hipe_file(path)
    ]
    return docs[kept:], docs[:kept]


# -- names without a class (sources without MISC) ------------------------------------------------------
def leave_unclassed_names_unannotated(doc: Doc) -> Doc:
    """``doc`` with its capitalised O words that may be a MISC name tagged :data:`MISSING` (module docstring)."""
    tags = list(doc.tags)
    i = 0
    while i < len(tags):
        if not _unclassed_name_word(doc, i):
            i += 1
            continue
        end, members = _unclassed_run(doc, i)
        if any(not _sentence_initial(doc, k) for k in members):
            for k in range(i, end):
                tags[k] = MISSING
        i = end
    return Doc(list(doc.tokens), tags, list(doc.space_after), list(doc.sent_end))


def _unclassed_name_word(doc: Doc, i: int) -> bool:
    return doc.tags[i] == "O" and _TITLE_CASE.match(doc.tokens[i]) is not None and not _is_title(doc.tokens, i)


def _sentence_initial(doc: Doc, i: int) -> bool:
    return i == 0 or doc.sent_end[i - 1] or doc.tokens[i - 1] in SENTENCE_OPENERS


def _joins_names(token: str) -> bool:
    return token.lower() in PARTICLES or token in ("'", "’")


def _unclassed_run(doc: Doc, i: int) -> tuple[int, list[int]]:
    """End of the run of name words from ``i`` (particles between two of them included) and its name words."""
    members = [i]
    end = i + 1
    while end < len(doc.tokens):
        k = end
        while k < len(doc.tokens) and doc.tags[k] == "O" and _joins_names(doc.tokens[k]):
            k += 1
        if k >= len(doc.tokens) or not _unclassed_name_word(doc, k) or _sentence_initial(doc, k):
            break
        members.append(k)
        end = k + 1
    return end, members


# -- Europeana ----------------------------------------------------------------------------------------
def read_europeana(bio: Path, unclassed_unannotated: bool = False) -> tuple[list[Doc], list[Doc]]:
    """(train, kept-apart) pieces of the Europeana corpus: every EUROPEANA_KEPT_EVERY-th block kept apart;
    ``unclassed_unannotated``: with :func:`leave_unclassed_names_unannotated`."""
    lines = bio.read_text(encoding="utf-8").splitlines()
    train: list[Doc] = []
    kept: list[Doc] = []
    for number, first in enumerate(range(0, len(lines), EUROPEANA_BLOCK_LINES)):
        tokens, raw = [], []
        for line in lines[first : first + EUROPEANA_BLOCK_LINES]:
            token, _, tag = line.strip().rpartition(" ")
            if token:
                tokens.append(token)
                raw.append(tag if tag in ("I-PER", "I-LOC", "I-ORG", "B-PER", "B-LOC", "B-ORG") else "O")
        block = Doc(tokens, iob1_to_iob2(raw), [True] * len(tokens), [False] * len(tokens))
        if unclassed_unannotated:
            block = leave_unclassed_names_unannotated(block)
        (kept if number % EUROPEANA_KEPT_EVERY == 0 else train).extend(pieces(block, PIECE_TOKENS))
    return train, kept


def pieces(doc: Doc, size: int) -> Iterator[Doc]:
    """``doc`` cut after a sentence-final token outside any entity once a piece has ``size`` tokens."""
    start = 0
    for i, tok in enumerate(doc.tokens):
        nxt = doc.tags[i + 1] if i + 1 < len(doc.tokens) else "O"
        if i + 1 - start >= size and tok in (".", "!", "?") and not nxt.startswith("I-"):
            yield _slice(doc, start, i + 1)
            start = i + 1
    if start < len(doc.tokens):
        yield _slice(doc, start, len(doc.tokens))


def _slice(doc: Doc, start: int, end: int) -> Doc:
    tags = list(doc.tags[start:end])
    if tags and tags[0].startswith("I-"):
        tags[0] = "B-" + tags[0][2:]
    sent_end = list(doc.sent_end[start:end])
    if sent_end:
        sent_end[-1] = True
    return Doc(list(doc.tokens[start:end]), tags, list(doc.space_after[start:end]), sent_end)


# -- all sources --------------------------------------------------------------------------------------
def source_files(data: Path, name: str) -> list[Path]:
    """The files of source ``name`` under the NER data directory ``data``."""
    files = {
        "wikineural": [data / "wikineural_fr" / "val.conllu"],
        "newseye": [
            data / "hipe_newseye_fr" / "HIPE-2022-v2.1-newseye-dev-fr.tsv",
            data / "hipe_newseye_fr" / "HIPE-2022-v2.1-newseye-dev2-fr.tsv",
        ],
        "hipe2020": [data / "hipe2020_fr" / "HIPE-2022-v2.1-hipe2020-dev-fr.tsv"],
        "letemps": [data / "letemps_fr" / "HIPE-2022-v2.1-letemps-dev-fr.tsv"],
        "europeana": [data / "europeana_fr" / "enp_FR.bnf.bio"],
    }
    if name not in files:
        raise ValueError(f"unknown French source {name!r} (choose from {', '.join(SOURCES)})")
    return files[name]


def read_source(data: Path, name: str, unclassed_unannotated: bool = False) -> Source:
    """One source's training and kept-apart documents, from the NER data directory ``data``;
    ``unclassed_unannotated``: capitalised O words of the sources without MISC left unannotated."""
    files = source_files(data, name)
    if name == "wikineural":
        docs = read_wikineural(files[0])
        for doc in docs:
            doc.end_sentence()
        return Source(name, docs[WIKINEURAL_KEPT:], docs[:WIKINEURAL_KEPT])
    if name == "europeana":
        return Source(name, *read_europeana(files[0], unclassed_unannotated))
    kept, comps = {
        "newseye": (NEWSEYE_KEPT, False),
        "hipe2020": (HIPE2020_KEPT, True),
        "letemps": (LETEMPS_KEPT, False),
    }[name]
    return Source(name, *read_hipe_source(files, kept, comps, unclassed_unannotated))


def kept_for_scoring(data: Path, name: str) -> list[Doc]:
    """The kept-apart documents of a source with the gold as the source gives it (HIPE persons keep
    their titles: the scorer of :mod:`streams.evaluate.ner_eval`), for the evaluation."""
    kept = {"newseye": NEWSEYE_KEPT, "hipe2020": HIPE2020_KEPT, "letemps": LETEMPS_KEPT}.get(name)
    if kept is None:
        return read_source(data, name).kept
    return [doc for doc, _comps in read_hipe_file(source_files(data, name)[0])][:kept]

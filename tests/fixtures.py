"""Article fixtures written for the tests (never copied from ../shared/data)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

# A vocabulary of ordinary French and English news words; random draws make texts that share no
# long word sequences, so generated articles are distinct stories for the deduplicator.
_WORDS_FR = [
    "le",
    "gouvernement",
    "a",
    "annoncé",
    "mardi",
    "une",
    "réforme",
    "des",
    "retraites",
    "qui",
    "prévoit",
    "un",
    "relèvement",
    "progressif",
    "de",
    "l'âge",
    "légal",
    "selon",
    "le",
    "ministre",
    "du",
    "travail",
    "les",
    "syndicats",
    "ont",
    "appelé",
    "à",
    "une",
    "grève",
    "nationale",
    "dans",
    "les",
    "transports",
    "publics",
    "et",
    "les",
    "écoles",
    "pendant",
    "que",
    "l'opposition",
    "dénonce",
    "un",
    "texte",
    "injuste",
    "pour",
    "les",
    "salariés",
    "les",
    "plus",
    "modestes",
    "la",
    "région",
    "a",
    "reçu",
    "des",
    "fonds",
    "européens",
    "pour",
    "construire",
    "un",
    "hôpital",
    "neuf",
    "près",
    "de",
    "la",
    "gare",
    "centrale",
    "où",
    "les",
    "travaux",
    "commenceront",
    "au",
    "printemps",
    "prochain",
    "après",
    "un",
    "vote",
    "du",
    "conseil",
    "municipal",
    "les",
    "agriculteurs",
    "réclament",
    "des",
    "aides",
    "face",
    "à",
    "la",
    "sécheresse",
    "qui",
    "frappe",
    "le",
    "sud",
]
_WORDS_EN = [
    "the",
    "central",
    "bank",
    "raised",
    "interest",
    "rates",
    "on",
    "thursday",
    "citing",
    "persistent",
    "inflation",
    "in",
    "services",
    "and",
    "a",
    "tight",
    "labour",
    "market",
    "while",
    "analysts",
    "expect",
    "another",
    "increase",
    "before",
    "the",
    "end",
    "of",
    "the",
    "year",
    "the",
    "city",
    "council",
    "approved",
    "a",
    "new",
    "budget",
    "for",
    "public",
    "transport",
    "including",
    "electric",
    "buses",
    "and",
    "longer",
    "opening",
    "hours",
    "for",
    "libraries",
    "officials",
    "said",
    "the",
    "storm",
    "damaged",
    "hundreds",
    "of",
    "homes",
    "along",
    "the",
    "coast",
    "and",
    "emergency",
    "crews",
    "worked",
    "through",
    "the",
    "night",
    "to",
    "restore",
    "power",
    "to",
    "thousands",
    "of",
    "residents",
]


def synthetic_article(seed: int, lang: str = "fr", paragraphs: int = 3, words: int = 70) -> str:
    """A distinct, plausible-looking article body (deterministic for a seed)."""
    rng = random.Random(seed)
    vocab = _WORDS_FR if lang == "fr" else _WORDS_EN
    paras = []
    for _ in range(paragraphs):
        tokens = [rng.choice(vocab) for _ in range(words)]
        tokens[0] = tokens[0].capitalize()
        paras.append(" ".join(tokens) + ".")
    return "\n\n".join(paras)


def examples_file() -> Path:
    """The bundled example articles."""
    return Path(__file__).resolve().parent.parent / "streams" / "data" / "examples.jsonl"


def sample_file() -> Path:
    """The project's founding sample page (external; read from ../shared/data only)."""
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "sample" / "irak-coalition.fr.txt"


def prepared_article(**fields: Any) -> Any:
    """A :class:`~streams.pipeline.prepared.PreparedArticle` with plausible values, ``fields`` replaced."""
    from streams.pipeline.prepared import PreparedArticle

    base: dict[str, Any] = {
        "id": "a1", "url": "https://example.org/a1", "source": "example.org", "title": "Titre",
        "text": "Corps de l’article.", "lang": "fr", "lang_confidence": 0.98, "lang_given": None,
        "lang_disagrees": False, "author": None, "published_at": "2024-01-02T03:04:05Z",
        "cleaning": {"lines_in": 3}, "origin": {"topic": "news.raw", "partition": 0, "offset": 5},
        "fingerprint": None, "event_ts": 1704164645.0, "payload": "{}",
    }
    base.update(fields)
    return PreparedArticle.from_dict(base)


BRIEF_TITLE = "Le conseil municipal vote la rénovation de la piscine"
BRIEF_STORY = [
    "Le conseil municipal de Villeneuve a voté mardi soir la rénovation complète de la piscine Jean-Bouin.",
    "Les travaux, estimés à 4,2 millions d'euros, commenceront au printemps et dureront dix-huit mois. Le bassin "
    "olympique sera remplacé par deux bassins plus petits, mieux adaptés aux écoles et aux clubs de la ville.",
    "L'opposition a dénoncé un coût trop élevé et demandé un audit indépendant avant le lancement du chantier. "
    "Le maire a répondu que l'équipement, construit en 1971, ne respectait plus les normes de sécurité.",
    "Pendant la fermeture, les élèves des écoles primaires seront accueillis à la piscine intercommunale, à dix "
    "minutes en car. La mairie prendra en charge le transport et adaptera les horaires des cours de natation.",
    "Les associations sportives ont salué une décision attendue depuis des années, tout en regrettant la perte "
    "du bassin de cinquante mètres, le seul du département ouvert au public toute l'année.",
]


def story_and_brief() -> tuple[dict[str, str], dict[str, str]]:
    """A story and its brief: the title and the first sentence only (an article under cleaning's default
    floors, a short text under a floor of two sentences)."""
    return {"title": BRIEF_TITLE, "text": "\n\n".join(BRIEF_STORY)}, {"title": BRIEF_TITLE, "text": BRIEF_STORY[0]}

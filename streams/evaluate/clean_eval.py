"""Extraction quality of the cleaning stage vs plain trafilatura on the dev extraction benchmarks.

    python -m streams.evaluate.clean_eval [--data ../shared/data/extraction] [--limit N] [--jobs 2]

Data sets (read from ``--data``; never copied into the repository):

* ``scrapinghub_aeb``: ``ground-truth.json`` (``articleBody``) + ``html/<id>.html.gz``;
* ``wcxb_dev``: ``dev/html/NNNN.html.gz`` + ``dev/ground-truth/NNNN.json`` (``main_content``, ``title``).

Metric: bag-of-words precision/recall/F1 per page (multiset of lowercased word tokens), averaged over
pages. A page our cleaner rejects counts as an empty extraction (the table says how many, and why).
Prints a table, then one JSON line. ``--dump F`` writes the per-page rows; ``--rows F`` reads them back
instead of extracting, and ``--against OLD`` compares them page by page with an earlier dump (mean
before -> after per set, and the pages that moved by more than 0.001 F1).
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import orjson

if TYPE_CHECKING:
    from streams.clean import Cleaner

DEFAULT_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "extraction"
_TOKEN = re.compile(r"\w+")

Item = tuple[str, str, str | None, str, str | None]  # dataset, page id, url, gt body, gt title


def words(text: str) -> list[str]:
    """The lowercased word tokens of ``text``, as the scores count them."""
    return _TOKEN.findall(text.lower())


def tokens(text: str | None) -> Counter[str]:
    """Bag of lowercased word tokens."""
    return Counter(words(text or ""))


def prf(pred: str | None, truth: str | None) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 (an empty prediction of a non-empty truth scores 0)."""
    p, t = tokens(pred), tokens(truth)
    n_p, n_t = sum(p.values()), sum(t.values())
    if n_t == 0:
        return (1.0, 1.0, 1.0) if n_p == 0 else (0.0, 1.0, 0.0)
    if n_p == 0:
        return 0.0, 0.0, 0.0
    overlap = sum((p & t).values())
    precision, recall = overlap / n_p, overlap / n_t
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1


def load_items(data: Path, limit: int | None) -> list[Item]:
    """Pages of both data sets (the first ``limit`` of each when given)."""
    items: list[Item] = []
    aeb = data / "scrapinghub_aeb"
    if (aeb / "ground-truth.json").exists():
        truth = orjson.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
        for key in sorted(truth)[:limit]:
            rec = truth[key]
            items.append(("scrapinghub_aeb", key, rec.get("url"), rec.get("articleBody") or "", None))
    wcxb = data / "wcxb_dev" / "dev"
    if (wcxb / "ground-truth").is_dir():
        for path in sorted((wcxb / "ground-truth").glob("*.json"))[:limit]:
            rec = orjson.loads(path.read_text(encoding="utf-8"))
            gt = rec.get("ground_truth") or {}
            items.append(("wcxb_dev", path.stem, rec.get("url"), gt.get("main_content") or "", gt.get("title")))
    return items


def _html_path(data: Path, item: Item) -> Path:
    if item[0] == "scrapinghub_aeb":
        return data / "scrapinghub_aeb" / "html" / f"{item[1]}.html.gz"
    return data / "wcxb_dev" / "dev" / "html" / f"{item[1]}.html.gz"


def data_missing(data: Path) -> bool:
    """Whether neither extraction set is under ``data`` (then said on stderr, for exit status 2)."""
    if (data / "scrapinghub_aeb").is_dir() or (data / "wcxb_dev").is_dir():
        return False
    print(f"extraction data not found at {data} (expected scrapinghub_aeb/ and/or wcxb_dev/); pass --data <dir>",
          file=sys.stderr)
    return True


def read_page(data: Path, item: Item) -> str:
    """The HTML of one page (undecodable bytes replaced)."""
    return gzip.decompress(_html_path(data, item).read_bytes()).decode("utf-8", errors="replace")


def extract(cleaner: Cleaner, item: Item, page: str) -> tuple[str, str, str | None]:
    """Our body and title of one page, and the rejection's code ("", "" and the code when the cleaner
    refuses the page)."""
    from streams.records import RawArticle, StageError

    _dataset, page_id, url, _gt_body, _gt_title = item
    try:
        # A distinct source per page: pages of the benchmark are not a feed, nothing to learn across them.
        cleaned = cleaner.clean(RawArticle(id=page_id, html=page, url=url, source=f"eval:{page_id}"))
    except StageError as exc:
        return "", "", exc.code
    return cleaned.text, cleaned.title, None


# Page traits the per-group breakdown uses: the declared language, the country/generic top-level
# domain and the CMS named by <meta name="generator"> (a proxy for the site template family).
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([a-zA-Z]{2,3})", re.IGNORECASE)
_GENERATOR = re.compile(r"<meta\b[^>]*?name\s*=\s*[\"']generator[\"'][^>]*?content\s*=\s*[\"']([^\"'<>]{1,80})",
                        re.IGNORECASE)
_CMS_NAMES = ("wordpress", "drupal", "joomla", "ghost", "hugo", "wix", "squarespace", "blogger", "arc")


def page_traits(html: str, url: str | None) -> dict[str, str]:
    """``lang``, ``tld`` and ``cms`` of a page ("-" when unknown), for the per-group breakdown."""
    head = html[:100_000]
    lang = _HTML_LANG.search(head)
    generator = _GENERATOR.search(head)
    gen = generator.group(1).lower() if generator else ""
    host = urlsplit(url or "").hostname or ""
    return {
        "lang": lang.group(1).lower() if lang else "-",
        "tld": host.rsplit(".", 1)[-1] if "." in host else "-",
        "cms": next((name for name in _CMS_NAMES if name in gen), "other" if gen else "-"),
    }


_CLEANER: Any = None
# Characters of the reference the page's text language is identified on.
TEXT_LANG_CHARS = 2000


def _evaluate(args: tuple[str, Item]) -> dict[str, Any]:
    """Score ours and trafilatura's extraction of one page (runs in a worker process)."""
    global _CLEANER  # one Cleaner per worker process (the detector is costly to build)
    import trafilatura

    from streams.clean import CleanConfig, Cleaner

    data, item = Path(args[0]), args[1]
    dataset, page_id, url, gt_body, gt_title = item
    html = read_page(data, item)
    if _CLEANER is None:
        _CLEANER = Cleaner(CleanConfig())
    started = time.perf_counter()
    ours_body, ours_title, rejected = extract(_CLEANER, item, html)
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    base_s = time.perf_counter() - started
    base_body = str(getattr(doc, "text", "") or "")
    base_title = str(getattr(doc, "title", "") or "")
    row: dict[str, Any] = {"dataset": dataset, "id": page_id, "ours_s": ours_s, "base_s": base_s, "rejected": rejected}
    row.update(page_traits(html, url))
    # The language of the reference text, as the cleaner's identifier finds it: the declared one is
    # missing on many pages and sometimes wrong (an Italian page declaring English).
    row["text_lang"] = _CLEANER.lang.identify(f"{gt_title}\n{gt_body}"[:TEXT_LANG_CHARS], None).lang or "-"
    row["ours_body"] = prf(ours_body, gt_body)
    row["base_body"] = prf(base_body, gt_body)
    if gt_title:
        truth = f"{gt_title}\n{gt_body}"
        row["ours_title_body"] = prf(f"{ours_title}\n{ours_body}", truth)
        row["base_title_body"] = prf(f"{base_title}\n{base_body}", truth)
        row["ours_title"] = prf(ours_title, gt_title)
        row["base_title"] = prf(base_title, gt_title)
    return row


def _mean(rows: list[dict[str, Any]], key: str) -> dict[str, float] | None:
    vals = [r[key] for r in rows if key in r]
    if not vals:
        return None
    n = len(vals)
    return {"p": sum(v[0] for v in vals) / n, "r": sum(v[1] for v in vals) / n, "f1": sum(v[2] for v in vals) / n,
            "n": n}


def apart(row: dict[str, Any]) -> bool:
    """Whether a page is in the fixed WCXB slice kept apart from selection (page ids divisible by 5):
    a change chosen on the other pages must not lose there either."""
    return row["dataset"] == "wcxb_dev" and str(row["id"]).isdigit() and int(row["id"]) % 5 == 0


def by_set(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The rows of each data set, and those of the WCXB slice kept apart (when any) as a set of its own."""
    groups = {d: [r for r in rows if r["dataset"] == d] for d in sorted({r["dataset"] for r in rows})}
    if any(apart(r) for r in rows):
        groups["wcxb_dev_apart"] = [r for r in rows if apart(r)]
    return groups


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The per-page rows of an earlier ``--dump`` (JSON lines)."""
    return [orjson.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def write_rows(path: Path, rows: list[dict[str, Any]]) -> None:
    """Per-page rows as JSON lines (what :func:`read_rows` reads back)."""
    path.write_text("".join(orjson.dumps(r).decode() + "\n" for r in rows), encoding="utf-8")


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean P/R/F1 per data set and metric, ours and trafilatura's (and on the WCXB slice kept apart)."""
    out: dict[str, Any] = {}
    for dataset, subset in by_set(rows).items():
        # Pages the cleaner refused (scored as empty extractions), by reason: a brief or a teaser under
        # the cleaner's floors (empty_after_cleaning), a page too large to extract (page_too_complex).
        entry: dict[str, Any] = {"pages": len(subset), "rejected": dict(Counter(r["rejected"] for r in subset
                                                                                if r.get("rejected")))}
        for metric in ("body", "title_body", "title"):
            ours, base = _mean(subset, f"ours_{metric}"), _mean(subset, f"base_{metric}")
            if ours and base:
                entry[metric] = {"ours": ours, "trafilatura": base}
        entry["ms_per_page"] = {
            "ours": 1000 * sum(r["ours_s"] for r in subset) / len(subset),
            "trafilatura": 1000 * sum(r["base_s"] for r in subset) / len(subset),
        }
        out[dataset] = entry
    return out


# A page is "lost" (or "won") when its F1 trails (or leads) trafilatura's by more than this.
CLEAR_DIFFERENCE = 0.05
BOOTSTRAP_ROUNDS = 1000


def page_metric(row: dict[str, Any]) -> str:
    """The metric a page is judged on: title + body where the set has titles, else body."""
    return "title_body" if "ours_title_body" in row else "body"


def margin_of(row: dict[str, Any]) -> float:
    """Our F1 minus trafilatura's on a page (:func:`page_metric`)."""
    metric = page_metric(row)
    return float(row[f"ours_{metric}"][2] - row[f"base_{metric}"][2])


def stability(margins: list[float], seed: int = 0) -> dict[str, float]:
    """Mean margin over trafilatura, its 5th-95th percentile under a paired bootstrap of the pages,
    and the shares of pages clearly lost and clearly won."""
    n = len(margins)
    rng = random.Random(seed)
    means = sorted(sum(rng.choices(margins, k=n)) / n for _ in range(BOOTSTRAP_ROUNDS))
    return {
        "pages": n,
        "margin": sum(margins) / n,
        "p05": means[int(0.05 * BOOTSTRAP_ROUNDS)],
        "p95": means[int(0.95 * BOOTSTRAP_ROUNDS) - 1],
        "lost": sum(m < -CLEAR_DIFFERENCE for m in margins) / n,
        "won": sum(m > CLEAR_DIFFERENCE for m in margins) / n,
    }


def breakdown(rows: list[dict[str, Any]], trait: str, min_pages: int = 3) -> dict[str, dict[str, float]]:
    """:func:`stability` of the margin per value of a page trait (``lang``, ``text_lang``, ``tld``,
    ``cms``), over both sets; values with fewer than ``min_pages`` pages are pooled under "(other)"."""
    groups: dict[str, list[float]] = {}
    for row in rows:
        groups.setdefault(str(row.get(trait, "-")), []).append(margin_of(row))
    pooled: dict[str, list[float]] = {}
    for value, margins in groups.items():
        pooled.setdefault(value if len(margins) >= min_pages else "(other)", []).extend(margins)
    return {value: stability(m) for value, m in sorted(pooled.items(), key=lambda kv: -len(kv[1]))}


def print_breakdown(rows: list[dict[str, Any]], traits: list[str]) -> None:
    """Per set, then per page trait: the margin over trafilatura and how stable it is."""
    sets = {name: [margin_of(r) for r in subset] for name, subset in by_set(rows).items()}
    tables = [("set", {k: stability(v) for k, v in sets.items() if v})]
    tables += [(trait, breakdown(rows, trait)) for trait in traits]
    for name, table in tables:
        print(f"{name:<17}{'pages':>6}{'margin':>9}{'p05':>8}{'p95':>8}{'lost':>7}{'won':>7}")
        for value, st in table.items():
            print(f"{value:<17}{st['pages']:>6}{st['margin']:>+9.4f}{st['p05']:>+8.4f}{st['p95']:>+8.4f}"
                  f"{st['lost']:>7.1%}{st['won']:>7.1%}")


# A page moved "up" or "down" between two runs when its F1 changed by more than this.
MOVED = 0.001


def score_of(row: dict[str, Any]) -> float:
    """Our F1 on a page (:func:`page_metric`)."""
    return float(row[f"ours_{page_metric(row)}"][2])


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per set (and the WCXB slice kept apart), over the pages both runs scored: mean F1 before and
    after, and the ids of the pages that moved up or down by more than MOVED."""
    old = {(r["dataset"], r["id"]): score_of(r) for r in before}
    rows = [r for r in after if (r["dataset"], r["id"]) in old]
    out: dict[str, dict[str, Any]] = {}
    for name, subset in by_set(rows).items():
        deltas = [(str(r["id"]), score_of(r) - old[(r["dataset"], r["id"])]) for r in subset]
        out[name] = {
            "before": sum(old[(r["dataset"], r["id"])] for r in subset) / len(subset),
            "after": sum(score_of(r) for r in subset) / len(subset),
            "up": [(i, d) for i, d in deltas if d > MOVED],
            "down": [(i, d) for i, d in deltas if d < -MOVED],
        }
    return out


def print_comparison(table: dict[str, dict[str, Any]]) -> None:
    """Mean F1 before -> after per set, and the pages that moved (largest first)."""
    for name, e in table.items():
        moved = sorted(e["up"] + e["down"], key=lambda item: -abs(item[1]))
        pages = ", ".join(f"{i} {d:+.4f}" for i, d in moved[:12])
        print(f"{name:<17}{e['before']:.5f} -> {e['after']:.5f}  {len(e['up'])} up, {len(e['down'])} down  {pages}")


def run_rows(data: Path, limit: int | None = None, jobs: int = 2, dump: Path | None = None) -> list[dict[str, Any]]:
    """Evaluate every page: one row of scores and traits per page (also to ``dump`` as JSON lines)."""
    items = load_items(data, limit)
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            rows = list(pool.map(_evaluate, [(str(data), it) for it in items], chunksize=8))
    else:
        rows = [_evaluate((str(data), it)) for it in items]
    if dump is not None:
        write_rows(dump, rows)
    return rows


def run(data: Path, limit: int | None = None, jobs: int = 2, dump: Path | None = None) -> dict[str, Any]:
    """Evaluate every page and return the summary (per-page rows to ``dump`` as JSON lines)."""
    return summarize(run_rows(data, limit, jobs, dump))


def print_table(summary: dict[str, Any]) -> None:
    """A human-readable table of the summary."""
    print(f"{'dataset':<17}{'metric':<12}{'ours P/R/F1':>24}{'trafilatura P/R/F1':>26}")
    for dataset, entry in summary.items():
        for metric in ("body", "title_body", "title"):
            if metric in entry:
                o, b = entry[metric]["ours"], entry[metric]["trafilatura"]
                print(f"{dataset:<17}{metric:<12}{o['p']:>8.3f}{o['r']:>8.3f}{o['f1']:>8.3f}"
                      f"{b['p']:>10.3f}{b['r']:>8.3f}{b['f1']:>8.3f}")
        ms = entry["ms_per_page"]
        refused = ", ".join(f"{n} {code}" for code, n in sorted(entry["rejected"].items())) or "none refused"
        print(f"{dataset:<17}{'ms/page':<12}{ms['ours']:>24.1f}{ms['trafilatura']:>26.1f}   ({entry['pages']} pages, "
              f"{refused})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="extraction data directory")
    parser.add_argument("--limit", type=int, default=None, help="evaluate only the first N pages of each set")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--dump", type=Path, default=None, help="write per-page scores (JSON lines) here")
    parser.add_argument("--by", default="", help="also print the margin over trafilatura per page trait: "
                        "comma-separated among lang, text_lang (of the reference text), tld, cms")
    parser.add_argument("--rows", type=Path, default=None,
                        help="summarize the per-page rows of an earlier --dump instead of extracting")
    parser.add_argument("--against", type=Path, default=None,
                        help="also compare page by page with the rows of an earlier --dump (before -> now)")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    if args.rows is None and data_missing(data):
        return 2
    traits = [t for t in args.by.split(",") if t]
    unknown = set(traits) - {"lang", "text_lang", "tld", "cms"}
    if unknown:
        parser.error(f"unknown trait(s) for --by: {', '.join(sorted(unknown))}")
    rows = read_rows(args.rows) if args.rows is not None else run_rows(data, args.limit, args.jobs, args.dump)
    summary = summarize(rows)
    print_table(summary)
    if traits:
        print_breakdown(rows, traits)
    if args.against is not None:
        print_comparison(compare(read_rows(args.against), rows))
    print(orjson.dumps(summary, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode())
    return 0


if __name__ == "__main__":
    sys.exit(main())

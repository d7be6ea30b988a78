"""The step observer: the cleaning steps report to it, and nothing changes without one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streams.clean import CleanConfig, Cleaner
from streams.clean.observe import Blocks, StepObserver, current, observing
from streams.records import RawArticle

_LEAD = "The harbour ferry will run every twenty minutes from Monday, the port authority said on Friday."
_MORE = "Passengers asked for more crossings after the bridge closed for repairs earlier this spring season."
_PAGE = (
    "<html><head><title>Ferry runs more often</title></head><body><article><h1>Ferry runs more often</h1>"
    f"<p>{_LEAD}</p><p>Share on Facebook</p><p>{_MORE}</p><p>{_MORE}</p></article></body></html>"
)


class _Seen(StepObserver):
    def __init__(self) -> None:
        self.events: list[str] = []
        self.rules_seen: list[str | None] = []

    def run(self, extract: Callable[[], Any], page: str, url: str | None, precision: bool, recall: bool) -> Any:
        self.events.append(f"run {precision} {recall}")
        return extract()

    def extracted(self, blocks: Blocks) -> None:
        self.events.append("extracted")

    def line_rule(self, rule: str | None, inside: bool) -> None:
        self.rules_seen.append(rule)

    def rules(self, before: Blocks, after: Blocks) -> None:
        self.events.append("rules")

    def title_line(self, before: Blocks, after: Blocks) -> None:
        self.events.append("title")

    def repeats(self, dropped: list[str]) -> None:
        self.events.append(f"repeats {len(dropped)}")


def test_the_steps_report_in_order_and_the_output_is_unchanged() -> None:
    cleaner = Cleaner(CleanConfig())
    article = RawArticle(id="a1", html=_PAGE, url="https://port.example/ferry", source="port.example")
    plain = cleaner.clean_text(article)
    seen = _Seen()
    with observing(seen):
        observed = cleaner.clean_text(RawArticle(id="a2", html=_PAGE, url=article.url, source="other.example"))
    assert current() is None
    assert (observed.title, observed.text) == (plain.title, plain.text)
    runs = [e for e in seen.events if e.startswith("run")]
    assert runs == ["run True False", "run False False", "run False True"]
    assert seen.events[len(runs):] == ["extracted", "rules", "title", "repeats 0"]  # trafilatura kept one copy
    assert "share" in seen.rules_seen and None in seen.rules_seen

"""A context-local observer of the cleaning steps, for the evaluation tools.

The steps of the cleaning path report what they take in and give out to the observer set with
:func:`observing` (``streams.evaluate.clean_audit`` judges each step's lines against the reference
this way, ``streams.evaluate.clean_eval_runs`` shares and forces trafilatura's runs). Without an
observer a step reads one context variable and goes on: nothing of the run-time path changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

Blocks = list[list[str]]


class StepObserver:
    """What the cleaning steps report; each hook here does nothing (returns what the step does)."""

    def run(self, extract: Callable[[], Any], page: str, url: str | None, precision: bool, recall: bool) -> Any:
        """One trafilatura run of a page (``extract()`` computes it): its result is the run's."""
        return extract()

    def run_choice(self, replaced: bool, precise: Any, default: Any) -> bool:
        """Whether the default run replaces the precise one (``replaced``: the cleaner's choice)."""
        return replaced

    def cut_lines(self, before: Blocks, after: Blocks) -> None:
        """Lines cut short given back whole from the default run (same shape, a line per line)."""

    def recall_lines(self, before: Blocks, recall: Any, after: Blocks) -> None:
        """Lines of the recall run (``recall``: its linked lines) added inside and after the article."""

    def declared_article(self, before: Blocks, after: Blocks) -> None:
        """The extraction replaced by the article text the page declares in JSON-LD."""

    def extracted(self, blocks: Blocks) -> None:
        """The blocks the HTML extraction returns."""

    def line_rule(self, rule: str | None, inside: bool) -> None:
        """The line rule matching one line (None: none), ``inside`` between two blocks of prose."""

    def rules(self, before: Blocks, after: Blocks) -> None:
        """The blocks before and after the line rules (a ``line_rule`` call per line before)."""

    def title_line(self, before: Blocks, after: Blocks) -> None:
        """The blocks before and after the title's repeat was taken out."""

    def repeats(self, dropped: list[str]) -> None:
        """The paragraphs dropped as repeats."""


_OBSERVER: ContextVar[StepObserver | None] = ContextVar("clean_step_observer", default=None)


def current() -> StepObserver | None:
    """The observer set in this context, if any."""
    return _OBSERVER.get()


@contextmanager
def observing(observer: StepObserver) -> Iterator[StepObserver]:
    """The cleaning steps report to ``observer`` inside the block."""
    token = _OBSERVER.set(observer)
    try:
        yield observer
    finally:
        _OBSERVER.reset(token)

"""Errors are data: how an exception inside a stage becomes a typed error, and a batch call that
isolates the one item that fails."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from streams.records import StageError

T = TypeVar("T")
R = TypeVar("R")


def stage_error(stage: str, exc: BaseException) -> StageError:
    """``exc`` as the typed error of ``stage``: a :class:`StageError` as it is, anything else (a bug,
    which must not stop the stream either) as ``<stage>_failed`` with its type and message."""
    if isinstance(exc, StageError):
        return exc
    return StageError(f"{stage}_failed", f"{type(exc).__name__}: {exc}")


def isolated(run: Callable[[Sequence[T]], Sequence[R]], items: Sequence[T], stage: str) -> list[R | StageError]:
    """``run(items)``, one answer per item; if the batch call raises, ``run`` each item alone so that one
    bad item does not fail its batch-mates: a failing item's answer is then its typed error."""
    try:
        answers = list(run(items))
    except Exception:
        out: list[R | StageError] = []
        for item in items:
            try:
                out.append(run([item])[0])
            except Exception as exc:
                out.append(stage_error(stage, exc))
        return out
    if len(answers) != len(items):
        raise RuntimeError(f"{stage}: {len(answers)} answers for {len(items)} items")
    return list(answers)

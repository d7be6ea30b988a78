"""The canary of the extension layer: every private name of faust, mode and aiokafka that newsfeed
uses is there and unchanged, and a missing or changed one stops the worker with one clear line."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from streams.faust_ext import compat
from streams.faust_ext.compat import PRIVATE_NAMES, FaustCompatError, PrivateName, problems
from streams.tools import cli

EXTENSION = Path(compat.__file__).parent


def test_every_private_name_is_as_reviewed() -> None:
    assert problems() == []
    compat.check()


def test_the_copied_drain_loop_is_pinned_to_faust_source() -> None:
    from faust.transport.consumer import Consumer

    pinned = next(pn for pn in PRIVATE_NAMES if pn.name == "_drain_messages")
    assert pinned.sha == compat.source_sha(Consumer._drain_messages)
    # The copy's own changes are there (it is not faust's loop as is).
    copy = (EXTENSION / "drain_loop.py").read_text(encoding="utf-8")
    assert "_verified" in copy and "_hold_back" in copy


def test_every_private_name_the_extension_layer_reads_is_listed() -> None:
    """Each accessor of compat reads names that PRIVATE_NAMES lists (and checks at start-up)."""
    listed = {pn.name for pn in PRIVATE_NAMES}
    source = inspect.getsource(compat)
    accessors = source[source.index("# -- accessors"):]
    import re

    read = set(re.findall(r"\.(_[a-z][a-z_]*)\b", accessors))
    assert read <= listed, read - listed


def test_every_overridden_private_method_is_pinned() -> None:
    from streams.faust_ext.assignor import RoleAwareAssignor
    from streams.faust_ext.gated_consumer import GatedConsumer

    pinned = {pn.name for pn in PRIVATE_NAMES if pn.kind == "method" and pn.sha}
    for cls in (GatedConsumer, RoleAwareAssignor):
        for klass in cls.__mro__:
            if not klass.__module__.startswith("streams."):
                continue
            for name, member in vars(klass).items():
                if name.startswith("_") and not name.startswith("__") and inspect.isfunction(member):
                    upstream = [b for b in cls.__mro__ if not b.__module__.startswith("streams.") and name in vars(b)]
                    if upstream:
                        assert name in pinned, f"{klass.__name__}.{name} overrides faust without a pin"


def test_a_missing_name_is_reported_by_owner_and_name() -> None:
    bogus = (PrivateName("faust.transport.consumer:Consumer", "_renamed_in_a_future_faust", "attribute"),)
    assert problems(bogus) == ["faust.transport.consumer.Consumer._renamed_in_a_future_faust is missing"]


def test_a_changed_method_is_reported() -> None:
    changed = (PrivateName("faust.transport.consumer:Consumer", "_drain_messages", "method", "0" * 16, "copied"),)
    assert problems(changed) == ["faust.transport.consumer.Consumer._drain_messages changed (copied)"]


def test_a_missing_name_stops_the_worker_with_one_line(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(
        compat, "PRIVATE_NAMES",
        (*PRIVATE_NAMES, PrivateName("mode.services:Service", "_gone_upstream", "attribute")),
    )
    with pytest.raises(FaustCompatError):
        compat.check()
    monkeypatch.setenv("NEWSFEED_METRICS_PORT", "0")
    assert cli.main(["worker"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("newsfeed: error: faust-streaming ")
    assert "mode.services.Service._gone_upstream is missing" in err[0] and compat.SUPPORTED_FAUST in err[0]

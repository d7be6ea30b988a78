"""streams.faust_ext.assignor: the group leader counts the changelog topics of members running other stages."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import faust
import pytest
from faust.assignor import PartitionAssignor

from streams.faust_ext.assignor import RoleAwareAssignor


def test_faust_builds_protocol_assignments_from_the_leaders_table_manager() -> None:
    import inspect

    src = inspect.getsource(PartitionAssignor._protocol_assignments)
    assert "kafka_protocol_assignment(self._table_manager)" in src
    assert "kafka_protocol_assignment(self._table_manager)" in inspect.getsource(PartitionAssignor.on_assignment)


def test_the_leader_sees_every_members_changelogs_during_the_assignment(monkeypatch: pytest.MonkeyPatch) -> None:
    app = faust.App("roles-test", PartitionAssignor=RoleAwareAssignor)
    app.Table("dedup-index", partitions=1)  # this member (a dedup process) declares one table
    assignor = app.assignor
    assert isinstance(assignor, RoleAwareAssignor)
    own = assignor._table_manager
    seen: dict[str, Any] = {}

    def perform(self: Any, cluster: Any, member_metadata: Any) -> str:
        seen["changelogs"] = set(self._table_manager.changelog_topics)
        seen["data"] = self._table_manager.data  # everything else is the leader's own manager
        return "assignment"

    monkeypatch.setattr(PartitionAssignor, "_perform_assignment", perform)
    members = {
        "dedup": SimpleNamespace(subscription=["roles-test.prepared", "roles-test-dedup-index-changelog"]),
        "prepare": SimpleNamespace(subscription=["news.raw", "roles-test-boilerplate-changelog",
                                                 "other-app-x-changelog"]),
    }
    assert assignor._perform_assignment(None, members) == "assignment"
    assert seen["changelogs"] == {"roles-test-dedup-index-changelog", "roles-test-boilerplate-changelog"}
    assert seen["data"] is own.data
    assert assignor._table_manager is own  # restored afterwards

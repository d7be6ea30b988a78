"""faust's partition assignor for a group whose members run different stages (NEWSFEED_WORKER_ROLE).

faust assigns each topic's partitions among the members subscribed to it, so a dedup process (the
dedup agent and table only) gets ``<app>.prepared`` and the prepare processes ``news.raw``. One
thing assumes every member declares the same tables: the group leader tells a member which table
standbys (changelog partitions) it holds from the leader's *own* list of changelog topics, while
the member checks the assignment against its own list. A dedup leader left the boilerplate
table's standbys out of a prepare member's assignment, the member's check failed and it never
joined. :class:`RoleAwareAssignor` lets the leader count every changelog topic some member
subscribes to.
"""

from __future__ import annotations

from typing import Any

from faust.assignor import PartitionAssignor

from streams.faust_ext import compat


class _ChangelogView:
    """The leader's table manager, with the changelog topics of every member."""

    def __init__(self, tables: Any, changelogs: set[str]) -> None:
        self._tables = tables
        self.changelog_topics = set(tables.changelog_topics) | changelogs

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tables, name)


class RoleAwareAssignor(PartitionAssignor):
    """faust's assignor; the leader knows the changelog topics of members that run other stages."""

    def _perform_assignment(self, cluster: Any, member_metadata: Any) -> Any:
        prefix = f"{self.app.conf.id}-"
        changelogs = {
            topic for metadata in member_metadata.values() for topic in metadata.subscription
            if topic.startswith(prefix) and topic.endswith("-changelog")
        }
        with compat.table_manager_replaced(self, lambda own: _ChangelogView(own, changelogs)):
            return super()._perform_assignment(cluster, member_metadata)

"""The commit gate (streams.faust_ext.transactions): commits never split an event, a busy stream cannot starve them."""

from __future__ import annotations

import asyncio
from typing import Any

from streams.faust_ext.commit_gate import CommitGate


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_commit_waits_for_the_event_in_flight() -> None:
    async def scenario() -> list[str]:
        gate, log = CommitGate(), []
        release = asyncio.Event()

        async def event() -> None:
            async with gate.processing("raw", 0):
                log.append("first send")
                await release.wait()  # e.g. waiting on the broker between two sends of one event
                log.append("second send")
            log.append("acked")

        async def commit() -> None:
            async with gate.committing():
                log.append("commit")

        task = asyncio.create_task(event())
        await asyncio.sleep(0)
        committer = asyncio.create_task(commit())
        await asyncio.sleep(0.01)
        assert log == ["first send"]  # the commit is held back
        release.set()
        await asyncio.gather(task, committer)
        return log

    assert run(scenario()) == ["first send", "second send", "acked", "commit"]


def test_new_events_wait_while_a_commit_is_pending() -> None:
    async def scenario() -> list[str]:
        gate, log = CommitGate(), []
        release = asyncio.Event()

        async def slow_event() -> None:
            async with gate.processing("raw", 0):
                await release.wait()
            log.append("slow done")

        async def next_event() -> None:
            async with gate.processing("raw", 1):
                log.append("next event")

        async def commit() -> None:
            async with gate.committing():
                log.append("commit")

        tasks = [asyncio.create_task(slow_event())]
        await asyncio.sleep(0)
        tasks.append(asyncio.create_task(commit()))
        await asyncio.sleep(0)
        tasks.append(asyncio.create_task(next_event()))  # arrives while the commit waits
        await asyncio.sleep(0.01)
        release.set()
        await asyncio.gather(*tasks)
        return log

    assert run(scenario()) == ["slow done", "commit", "next event"]


def test_routing_names_the_source_partition_per_task() -> None:
    async def scenario() -> list[tuple[str, int] | None]:
        gate = CommitGate()
        seen: list[tuple[str, int] | None] = []

        async def agent(topic: str, partition: int) -> None:
            async with gate.processing(topic, partition):
                await asyncio.sleep(0)  # interleave with the other agent
                seen.append(gate.source.get())

        async def batch() -> None:
            async with gate.processing():
                for p in (2, 3):
                    with gate.routing("unique", p):
                        await asyncio.sleep(0)
                        seen.append(gate.source.get())
                seen.append(gate.source.get())

        await asyncio.gather(agent("raw", 0), agent("prepared", 0), batch())
        seen.append(gate.source.get())
        return seen

    seen = run(scenario())
    assert sorted(s for s in seen if s is not None) == [("prepared", 0), ("raw", 0), ("unique", 2), ("unique", 3)]
    assert seen[-1] is None and seen.count(None) == 2  # outside any event, and after the batch's loop


def test_source_routing_uses_faust_transactional_ids() -> None:
    # The same id faust's TransactionManager gives partition 3 of topic group 2, so that records
    # routed by source land in the transaction that commits that partition's offsets.
    from types import SimpleNamespace

    from streams.faust_ext.compat import transaction_id_for

    app = SimpleNamespace(conf=SimpleNamespace(id="nf"), assignor=SimpleNamespace(group_for_topic=lambda t: 2))
    assert transaction_id_for(app, "news.raw", 3) == "nf-2-3"


class _FakeTransactionProducer:
    """Records when each step of a transaction commit runs; can fail on EndTxn."""

    def __init__(self, name: str, log: list[tuple[str, str]], fail: bool = False) -> None:
        self.name, self.log, self.fail = name, log, fail

    async def send_offsets_to_transaction(self, offsets: Any, group_id: str) -> None:
        self.log.append(("offsets", self.name))
        await asyncio.sleep(0.01)  # a broker round trip

    async def commit_transaction(self) -> None:
        await asyncio.sleep(0.01)
        if self.fail:
            raise RuntimeError(f"fenced {self.name}")
        self.log.append(("committed", self.name))

    async def begin_transaction(self) -> None:
        self.log.append(("begun", self.name))


def _producer(log: list[tuple[str, str]], failing: str = "") -> Any:
    from streams.faust_ext.transactions import ConcurrentCommitProducer

    producer = object.__new__(ConcurrentCommitProducer)  # the commit path needs only these two maps
    tids = ["g-0-0", "g-0-1", "g-1-0"]
    producer._transaction_producers = {t: _FakeTransactionProducer(t, log, t == failing) for t in tids}
    producer._trn_locks = {t: asyncio.Lock() for t in tids}
    return producer


def test_transactions_of_one_commit_end_concurrently() -> None:
    """All offsets are sent before any transaction has ended: the commits overlap, none waits its turn."""
    log: list[tuple[str, str]] = []
    offsets = {t: {object(): 5} for t in ("g-0-0", "g-0-1", "g-1-0")}
    asyncio.run(_producer(log).commit_transactions(offsets, "group"))
    steps = [step for step, _ in log]
    assert steps[:3] == ["offsets"] * 3
    assert sorted(n for s, n in log if s == "committed") == sorted(offsets)
    assert sorted(n for s, n in log if s == "begun") == sorted(offsets)


def test_a_failed_transaction_is_raised_after_the_others_have_ended() -> None:
    log: list[tuple[str, str]] = []
    offsets = {t: {object(): 5} for t in ("g-0-0", "g-0-1", "g-1-0")}
    try:
        asyncio.run(_producer(log, failing="g-0-1").commit_transactions(offsets, "group"))
    except RuntimeError as exc:
        assert "fenced g-0-1" in str(exc)
    else:
        raise AssertionError("the fenced transaction's error was swallowed")
    assert sorted(n for s, n in log if s == "committed") == ["g-0-0", "g-1-0"]


def test_quiet_for_counts_from_the_end_of_the_last_event_and_is_zero_during_one() -> None:
    """What commit-when-idle reads: a worker is quiet only between events, never during one."""

    async def scenario() -> tuple[float, float, float]:
        gate = CommitGate()
        async with gate.processing("raw", 0):
            await asyncio.sleep(0.03)
            during = gate.quiet_for()
        await asyncio.sleep(0.03)
        after = gate.quiet_for()
        async with gate.processing("raw", 1):
            pass
        return during, after, gate.quiet_for()

    during, after, again = run(scenario())
    assert during == 0.0
    assert after >= 0.025  # the 30 ms since the event ended, not the 60 ms since it started
    assert after < 0.055
    assert again < 0.01  # a new event resets it

"""streams.worker.supervisor: N workers per machine, each with its own port and table directory."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest

from streams.settings import ConfigError, Settings
from streams.worker import supervisor
from streams.worker.supervisor import Supervisor, child_env, process_count


class FakeChild:
    """A worker process stand-in: exits when told, records the signals it gets."""

    pids = iter(range(1000, 2000))

    def __init__(self, env: dict[str, str]) -> None:
        self.env, self.pid = env, next(self.pids)
        self.code: int | None = None
        self.signals: list[int] = []

    def poll(self) -> int | None:
        return self.code

    def send_signal(self, sig: int) -> None:
        self.signals.append(sig)
        self.code = -sig

    def wait(self) -> int:
        assert self.code is not None
        return self.code


def settings(**kw: Any) -> Settings:
    return Settings.from_env({}, **kw)


def test_each_child_gets_one_process_its_own_port_and_directory() -> None:
    s = settings(worker_processes=3, metrics_port=9200, data_dir="/var/lib/newsfeed")
    envs = [child_env(s, i, {"NEWSFEED_BROKER": "k:9092"}) for i in range(3)]
    assert [e["NEWSFEED_METRICS_PORT"] for e in envs] == ["9200", "9201", "9202"]
    assert [e["NEWSFEED_DATA_DIR"] for e in envs] == [f"/var/lib/newsfeed/{i}" for i in range(3)]
    assert all(e["NEWSFEED_WORKER_PROCESSES"] == "1" and e["NEWSFEED_BROKER"] == "k:9092" for e in envs)
    # Metrics off stays off in every child.
    assert "NEWSFEED_METRICS_PORT" not in child_env(settings(worker_processes=2, metrics_port=0), 1, {})


def test_a_dead_worker_is_restarted_with_a_growing_pause(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clock = [100.0]
    monkeypatch.setattr(supervisor.time, "monotonic", lambda: clock[0])
    sup = Supervisor(settings(worker_processes=2, data_dir=str(tmp_path / "tables")), {}, spawn=FakeChild)
    sup.start()
    assert (tmp_path / "tables" / "1").is_dir()  # faust creates its datadir, but not its parents
    first = sup.children[1]
    first.code = 1  # crashes right away
    sup.check()
    assert sup.children[1] is first and sup.restart_at[1] == pytest.approx(101.0)
    clock[0] = 101.0
    sup.check()
    assert sup.children[1] is not first and sup.children[0].poll() is None
    sup.children[1].code = 1  # dies fast again: the pause doubles
    sup.check()
    assert sup.restart_at[1] == pytest.approx(103.0)


def test_stop_passes_the_signal_to_every_worker_and_nothing_restarts(tmp_path: Path) -> None:
    sup = Supervisor(settings(worker_processes=2, data_dir=str(tmp_path)), {}, spawn=FakeChild)
    sup.start()
    assert sup.stop(signal.SIGTERM) == 0
    assert all(c.signals == [signal.SIGTERM] for c in sup.children.values())
    children = dict(sup.children)
    sup.check()
    assert sup.children == children


def test_worker_processes_is_validated() -> None:
    with pytest.raises(ConfigError):
        settings(worker_processes=0).validate()


def test_a_dedup_process_by_default_only_with_several_processes() -> None:
    """auto (the default): one process stays whole; with more, the dedup hop gets its own."""
    assert settings().dedup_process == "false" and process_count(settings()) == 1
    assert settings(worker_processes=2).dedup_process == "true" and process_count(settings(worker_processes=2)) == 3
    assert settings(dedup_process="true").dedup_process == "true" and process_count(settings(dedup_process="TRUE")) == 2
    assert settings(worker_processes=3, dedup_process="false").dedup_process == "false"
    with pytest.raises(ConfigError):
        settings(dedup_process="sometimes").validate()


def test_a_dedup_process_runs_beside_the_prepare_processes(tmp_path: Path) -> None:
    s = settings(worker_processes=2, dedup_process="true", metrics_port=9200, data_dir=str(tmp_path))
    sup = Supervisor(s, {}, spawn=FakeChild)
    sup.start()
    envs = [sup.children[i].env for i in sorted(sup.children)]
    assert [e["NEWSFEED_WORKER_ROLE"] for e in envs] == ["prepare", "prepare", "dedup"]
    assert [e["NEWSFEED_METRICS_PORT"] for e in envs] == ["9200", "9201", "9202"]
    # Children run one process each and start no supervisor of their own.
    assert all(e["NEWSFEED_WORKER_PROCESSES"] == "1" and e["NEWSFEED_DEDUP_PROCESS"] == "false" for e in envs)
    child = Settings.from_env(envs[2])
    assert child.runs_dedup and not child.runs_prepare and child.dedup_process == "false"
    # Without it every process runs every stage.
    plain = [child_env(settings(worker_processes=2, dedup_process="false"), i, {}) for i in range(2)]
    assert all("NEWSFEED_WORKER_ROLE" not in e for e in plain)
    assert Settings.from_env(plain[0]).runs_prepare and Settings.from_env(plain[0]).runs_dedup


def test_worker_role_is_validated() -> None:
    with pytest.raises(ConfigError, match="NEWSFEED_WORKER_ROLE"):
        Settings.from_env({"NEWSFEED_WORKER_ROLE": "tag"})

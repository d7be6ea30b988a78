"""CPU time and memory of a process tree, read from ``/proc`` (Linux; psutil is not a dependency)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PROC = Path("/proc")


@dataclass(frozen=True)
class ProcStat:
    """The fields of ``/proc/<pid>/stat`` the bench needs (times in seconds)."""

    pid: int
    ppid: int
    state: str
    cpu_s: float  # utime + stime
    children_cpu_s: float  # cutime + cstime: reaped children, so a tree's total stays monotonic


def parse_stat(text: str) -> ProcStat:
    """Parse one ``/proc/<pid>/stat`` line. The command name may hold spaces and parentheses, so
    fields are split after its *last* closing parenthesis."""
    head, _, rest = text.rpartition(")")
    pid = int(head.split("(", 1)[0])
    f = rest.split()
    # f[0] is field 3 (state); utime..cstime are fields 14..17 -> f[11..14].
    ticks = float(CLOCK_TICKS)
    return ProcStat(
        pid=pid, ppid=int(f[1]), state=f[0],
        cpu_s=(int(f[11]) + int(f[12])) / ticks, children_cpu_s=(int(f[13]) + int(f[14])) / ticks,
    )


def parse_status_kb(text: str, field: str) -> int | None:
    """A ``kB`` field of ``/proc/<pid>/status`` (``VmHWM``, ``VmRSS``), or None when absent
    (kernel threads and zombies have no memory fields)."""
    prefix = field + ":"
    for line in text.splitlines():
        if line.startswith(prefix):
            return int(line[len(prefix):].split()[0])
    return None


def read_stat(pid: int) -> ProcStat | None:
    try:
        return parse_stat((PROC / str(pid) / "stat").read_text())
    except (OSError, ValueError, IndexError):
        return None  # exited meanwhile


def read_status_kb(pid: int, field: str) -> int | None:
    try:
        return parse_status_kb((PROC / str(pid) / "status").read_text(), field)
    except (OSError, ValueError):
        return None


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (all threads' ``children`` files; a scan of /proc as fallback)."""
    found: list[int] = []
    task_dir = PROC / str(pid) / "task"
    try:
        tids = list(task_dir.iterdir())
    except OSError:
        return []
    have_children_file = False
    for tid in tids:
        try:
            text = (tid / "children").read_text()
        except OSError:
            continue
        have_children_file = True
        found.extend(int(c) for c in text.split())
    if have_children_file:
        return found
    # Kernels without CONFIG_PROC_CHILDREN: scan every process's parent.
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            st = read_stat(int(entry.name))
            if st is not None and st.ppid == pid:
                found.append(st.pid)
    return found


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants that are alive now."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children(p))
    return out


@dataclass(frozen=True)
class TreeSample:
    """CPU seconds and memory of a process tree at one moment."""

    cpu_s: float
    rss_kb: int  # sum of VmRSS now
    hwm_kb: int  # sum of each process's VmHWM (peak RSS so far)


def sample_tree(pid: int) -> TreeSample | None:
    """Totals over the tree rooted at ``pid``; None when the root is gone."""
    root = read_stat(pid)
    if root is None or root.state == "Z":
        return None
    cpu = 0.0
    rss = hwm = 0
    for p in tree(pid):
        st = read_stat(p)
        if st is None:
            continue
        cpu += st.cpu_s + st.children_cpu_s
        rss += read_status_kb(p, "VmRSS") or 0
        hwm += read_status_kb(p, "VmHWM") or 0
    return TreeSample(cpu, rss, hwm)


def parse_listeners(text: str, port: int) -> set[int]:
    """Socket inodes listening on TCP ``port`` in a ``/proc/net/tcp`` or ``tcp6`` table."""
    inodes: set[int] = set()
    for line in text.splitlines()[1:]:
        f = line.split()
        # f[1] is local_address "HEXIP:HEXPORT", f[3] the state (0A = LISTEN), f[9] the inode.
        if len(f) > 9 and f[3] == "0A" and int(f[1].rsplit(":", 1)[1], 16) == port:
            inodes.add(int(f[9]))
    return inodes


def listener_pid(port: int) -> int | None:
    """The local process listening on TCP ``port`` (the broker, for the bench to sample its CPU), or
    None when there is none or its sockets are not readable (another user's process, a container)."""
    inodes: set[int] = set()
    for table in ("tcp", "tcp6"):
        try:
            inodes |= parse_listeners((PROC / "net" / table).read_text(), port)
        except OSError:
            continue
    if not inodes:
        return None
    wanted = {f"socket:[{i}]" for i in inodes}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fds = list((entry / "fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(fd) in wanted:
                    return int(entry.name)
            except OSError:
                continue
    return None


def cpu_between(samples: list[tuple[float, float]], start: float, end: float) -> float | None:
    """CPU seconds used between wall times ``start`` and ``end``, linearly interpolated from
    (time, cumulative CPU seconds) samples. The interval is clipped to the sampled span (outputs
    flushed while the process stops come after the last sample); None when they do not overlap."""
    if len(samples) < 2:
        return None
    start, end = max(start, samples[0][0]), min(end, samples[-1][0])
    if end < start:
        return None

    def at(t: float) -> float | None:
        if t < samples[0][0] or t > samples[-1][0]:
            return None
        for (t0, c0), (t1, c1) in zip(samples, samples[1:], strict=False):
            if t0 <= t <= t1:
                return c0 if t1 == t0 else c0 + (c1 - c0) * (t - t0) / (t1 - t0)
        return None

    a, b = at(start), at(end)
    if a is None or b is None:
        return None
    return b - a

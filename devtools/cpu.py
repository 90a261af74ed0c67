"""The CPU time of a process tree, read from /proc, for the CPU per request of the province run.

A process's CPU is its utime + stime (fields 14 and 15 of /proc/<pid>/stat) plus cutime +
cstime (16 and 17): the children it has already waited for. So a PostgreSQL backend that ends
within a window still counts, through the postmaster that reaps it; a living child is counted
once, by itself. The difference of two readings is the tree's CPU in between.
"""

import os
from pathlib import Path

PROC = Path("/proc")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def _stat_fields(text: str) -> list[str]:
    """The fields after the command's name, which is in parentheses and may hold spaces: the
    state is [0], the parent's pid [1], utime [11], stime [12], cutime [13], cstime [14]."""
    return text[text.rindex(")") + 2 :].split()


def _processes(proc: Path) -> dict[int, list[str]]:
    """Every process's stat fields by pid; one that ended while being read is left out."""
    found = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                found[int(entry.name)] = _stat_fields((entry / "stat").read_text())
            except (OSError, ValueError):
                continue
    return found


def tree_cpu_seconds(roots: list[int], proc: Path = PROC) -> float:
    """The CPU seconds used so far by the processes `roots` and all their descendants, with
    their reaped children's."""
    processes = _processes(proc)
    children: dict[int, list[int]] = {}
    for pid, fields in processes.items():
        children.setdefault(int(fields[1]), []).append(pid)
    ticks, seen, waiting = 0, set(), [root for root in roots if root in processes]
    while waiting:
        pid = waiting.pop()
        if pid in seen:
            continue
        seen.add(pid)
        ticks += sum(int(value) for value in processes[pid][11:15])
        waiting += children.get(pid, [])
    return ticks / TICKS_PER_SECOND

"""The CPU of a process tree (devtools/cpu.py), read from a made-up /proc."""

from pathlib import Path

from devtools.cpu import TICKS_PER_SECOND, tree_cpu_seconds


def _process(proc: Path, pid: int, parent: int, utime: int, stime: int, cutime: int = 0, cstime: int = 0):
    """A /proc/<pid>/stat as Linux writes it, with a command name holding spaces and a ')'."""
    fields = ["S", parent, 1, 1, 0, -1, 4194560, 100, 0, 0, 0, utime, stime, cutime, cstime, 20, 0, 1]
    (proc / str(pid)).mkdir()
    (proc / str(pid) / "stat").write_text(f"{pid} (gunicorn: worker) [x]) " + " ".join(map(str, fields)))


def test_a_tree_counts_its_processes_their_descendants_and_their_reaped_children(tmp_path):
    _process(tmp_path, 100, 1, utime=10, stime=5, cutime=7, cstime=3)  # gunicorn's master
    _process(tmp_path, 101, 100, utime=200, stime=20)  # a worker
    _process(tmp_path, 102, 101, utime=4, stime=1)  # a worker's child
    _process(tmp_path, 200, 1, utime=50, stime=30, cutime=40, cstime=10)  # the postmaster
    _process(tmp_path, 201, 200, utime=80, stime=20)  # a backend
    _process(tmp_path, 300, 1, utime=9999, stime=9999)  # another program on the machine
    (tmp_path / "self").mkdir()

    assert tree_cpu_seconds([100, 200], proc=tmp_path) == 480 / TICKS_PER_SECOND
    assert tree_cpu_seconds([101], proc=tmp_path) == 225 / TICKS_PER_SECOND


def test_a_tree_whose_root_has_ended_counts_nothing(tmp_path):
    _process(tmp_path, 300, 1, utime=10, stime=10)
    assert tree_cpu_seconds([100], proc=tmp_path) == 0

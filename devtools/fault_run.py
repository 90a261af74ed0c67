"""`make faults`: the faults of issue 18 injected into a set-up like the README's production one,
each --rounds times (3), and what the users and the records went through.

The set-up: a throwaway PostgreSQL with durable settings (`postgres_cluster(durable=True)` of
tests/run_suites.py), gunicorn with the production settings and 2 sync workers, one
`manage.py db_worker`, and a cell of --members members (8) signed in (`manage.py loadrun
prepare`). Jobs write their heartbeat every second and are judged stalled after 4 seconds, so
that the run lasts minutes, not hours.

The faults:
- web_worker_killed: the members save their pledge drafts back to back; a gunicorn worker is
  killed (SIGKILL) in the middle of the saves.
- postgres_restarted: the same saves while PostgreSQL restarts (`pg_ctl restart -m fast`); after
  each restart a job is started, which the worker that ran before the restart must finish.
- worker_killed_<kind>: a job of each kind (the committee's table, a cell's report, a back-up, an
  import of 300 members); the worker is killed as soon as the job runs, another one starts.
- disk_full: the media folder is a small tmpfs filled up to its last 200 KB; the members attach
  a study reflection of 300 KB, and a back-up is made there. Skipped, with why, where a tmpfs
  cannot be mounted (not root).
- damaged_backups: a back-up of the cell damaged in 129 ways (bytes flipped, cut short), each
  restored with `import_cell` into an empty database.

A member whose save gets no answer, or a 5xx, sends the same form again, as a person who presses
the button again does. Printed per fault, as `name: value`: faults_<fault>_users_saw (the answers,
counted), faults_<fault>_recovery_s (the longest time from a fault until the work succeeds
again), faults_<fault>_lost_acknowledged (saves answered as done that the database does not
hold; goal 0), faults_<fault>_half_written (pledges without exactly their three items, or
duplicated; jobs left running or ended wrongly; goal 0) and faults_<fault>_orphan_files (files
no record names; goal 0); then whether every goal is met. The exit code is 1 if one is not.
"""

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the project's folder
from devtools.fault_setup import Member, Setup, line  # noqa: E402
from devtools.faults import (  # noqa: E402
    RESULTS,
    damaged_backups,
    disk_full,
    postgres_restarted,
    web_worker_killed,
    worker_killed,
)
from tests.run_suites import PG_BIN, postgres_cluster  # noqa: E402

FAULTS = ["web_worker_killed", "postgres_restarted", "worker_killed", "damaged_backups", "disk_full"]
JOB_KINDS = ["committee_pdf", "cell_report", "cell_backup", "member_import"]


def run(url: str, folder: Path, options: argparse.Namespace) -> int:
    setup = Setup(url, folder, options)
    setup.prepare()
    try:
        setup.start_web()
        setup.start_worker()
        members = [Member(setup.port, username) for username in setup.usernames]
        for member in members:
            member.begin()
        chosen = options.only.split(",") if options.only else FAULTS
        if "web_worker_killed" in chosen:
            web_worker_killed(setup, members)
        if "postgres_restarted" in chosen and not setup.sqlite:
            postgres_restarted(setup, members)
        if "worker_killed" in chosen:
            for kind in JOB_KINDS:
                worker_killed(setup, kind)
        if "damaged_backups" in chosen:
            damaged_backups(setup)
        if "disk_full" in chosen:
            disk_full(setup, members)
    finally:
        setup.stop_all()
    failed = [name for name, result in RESULTS.items() if any(result.values())]
    line("faults_goals", "met" if not failed else "missed: " + ", ".join(failed))
    return 1 if failed else 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=8, help="members saving at once (8)")
    parser.add_argument("--rounds", type=int, default=3, help="times each fault strikes (3)")
    parser.add_argument("--only", default="", help=f"some of the faults, with commas: {','.join(FAULTS)}")
    parser.add_argument(
        "--database",
        choices=["postgresql", "sqlite"],
        default="postgresql",
        help="the throwaway PostgreSQL (default), or SQLite in a file as `make run` serves it",
    )
    options = parser.parse_args()
    if options.database == "postgresql" and not (PG_BIN / "initdb").exists():
        line(
            "faults", f"skipped: the PostgreSQL binaries are not in {PG_BIN} (apt-get install postgresql-15)"
        )
        return 0
    signal.signal(signal.SIGTERM, _interrupt)
    folder = Path(tempfile.mkdtemp(prefix="cell05-faults-"))
    try:
        if options.database == "sqlite":
            return run(f"sqlite:///{folder / 'cell05.sqlite3'}", folder, options)
        with postgres_cluster(durable=True) as url:
            return run(url, folder, options)
    except KeyboardInterrupt:
        print(
            "fault run: interrupted; the servers, the cluster and the temporary folder are removed.",
            file=sys.stderr,
        )
        return 130
    finally:
        subprocess.run(["umount", "-l", str(folder / "media")], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

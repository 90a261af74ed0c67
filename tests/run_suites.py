"""`make test`: the whole suite on SQLite, then on a throwaway PostgreSQL.

Each run is spread over the machine's cores (pytest-xdist; each worker's database a copy of one
migrated template, tests/conftest.py) with hypothesis's "ci" profile. The browser tests
(tests/e2e) run once, in the last run: on PostgreSQL, or on SQLite when PostgreSQL is missing.
The tests that reach no database run once, on SQLite.

The PostgreSQL cluster is made from the binaries in PG_BIN (default: the newest of Debian's
and Ubuntu's /usr/lib/postgresql/<version>/bin, 15 on Debian 12) in a temporary folder,
listens on a Unix socket only, runs as the unprivileged user `pgtest` when this runs as root,
and is stopped and removed afterwards, even when a test fails or the run is interrupted.
Arguments are passed on to pytest.
"""

import contextlib
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def newest_postgresql_bin() -> Path:
    """Debian 12 ships PostgreSQL 15, Ubuntu 24.04 16, Debian 13 17: the newest one installed,
    or 15's folder (which the messages then name) when there is none."""
    installed = [path.parent for path in Path("/usr/lib/postgresql").glob("*/bin/initdb")]
    if not installed:
        return Path("/usr/lib/postgresql/15/bin")
    return max(installed, key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0)


PG_BIN = Path(os.environ.get("PG_BIN") or newest_postgresql_bin())
PG_USER = "pgtest"
SUMMARY = re.compile(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed)")
NO_TESTS_COLLECTED = 5


def run_pytest(label: str, extra_env: dict, args: list[str]) -> tuple[int, dict]:
    print(f"\n===== {label} =====", flush=True)
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env |= extra_env
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    last = ""
    for line in process.stdout:
        sys.stdout.write(line)
        if line.strip():
            last = line
    code = process.wait()
    counts = {}
    for number, word in SUMMARY.findall(last):
        word = "errors" if word.startswith("error") else word
        counts[word] = counts.get(word, 0) + int(number)
    return code, counts


def _as_pg_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", PG_USER, "--", *command]
    return command


def _ensure_pg_user() -> None:
    if os.geteuid() != 0:
        return
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
            check=True,
        )


@contextlib.contextmanager
def postgres_cluster(*, durable: bool = False, settings: tuple[str, ...] = ()):
    """Yield the DATABASE_URL of a fresh cluster; remove it whatever happens. Its data is in
    the folder of its socket (`host`), under data/. Without `durable`, commits are not flushed:
    the cluster lives for one run, and only the fault run (devtools/fault_run.py) restarts it.
    `settings` are more of the server's, as `name=value`."""
    _ensure_pg_user()
    folder = Path(tempfile.mkdtemp(prefix="cell05-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, user=PG_USER)
    started = False
    try:
        subprocess.run(
            _as_pg_user(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "cell05",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-locale",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # A socket in the folder, no TCP.
        options = f"-k {folder} -c listen_addresses=''"
        options += "".join(f" -c {setting}" for setting in settings)
        if not durable:
            options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        subprocess.run(
            _as_pg_user(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-l",
                    str(folder / "log"),
                    "-w",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        started = True
        yield f"postgres://cell05@/cell05?host={folder}"
    finally:
        if started:
            subprocess.run(
                _as_pg_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        shutil.rmtree(folder, ignore_errors=True)


# Options before the caller's, so that `-n 0` or `-p no:xdist` after them runs in one process.
PARALLEL = ["-n", "auto", "--dist", "loadgroup"]
# The "ci" profile of tests/conftest.py: fewer examples, no deadline on a busy machine.
SUITE_ENV = {"HYPOTHESIS_PROFILE": "ci"}
BROWSER_TESTS_ELSEWHERE = {"CELL05_BROWSER_TESTS": "elsewhere"}
# The tests that reach no database have run on SQLite: the PostgreSQL run leaves them out.
DATABASE_FREE_TESTS_ELSEWHERE = {"CELL05_DATABASE_FREE_TESTS": "elsewhere"}
# The suite's cluster: no JIT (it compiles an occasional large query's plan for longer than the
# query runs), no autovacuum taking a core from the tests, and no WAL beyond crash recovery.
TEST_CLUSTER_SETTINGS = ("jit=off", "autovacuum=off", "wal_level=minimal", "max_wal_senders=0")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="cell05-tests-") as folder:
        return run_suites(Path(folder), sys.argv[1:])


def run_suites(folder: Path, args: list[str]) -> int:
    """`folder` holds each run's temporary files, the SQLite template among them: pytest's
    default folders are numbered, and any other pytest run on the machine removes all but the
    newest three, in use or not."""
    if "no:xdist" not in args:
        args = [*PARALLEL, *args]
    with_postgresql = (PG_BIN / "initdb").exists()
    results = []
    # Each process compiles the code and rewrites the tests' asserts once for all of them, in
    # the run's folder rather than the tree: a dozen seconds of a core per process otherwise.
    suite_env = {**SUITE_ENV, "PYTHONPYCACHEPREFIX": str(folder / "pycache")}
    sqlite_env = {**suite_env, "DATABASE_URL": "sqlite:///:memory:"}
    if with_postgresql:
        sqlite_env |= BROWSER_TESTS_ELSEWHERE
    code, counts = run_pytest("SQLite", sqlite_env, [f"--basetemp={folder / 'sqlite'}", *args])
    # Exit 5, no test collected: only browser tests were asked for, and they run on PostgreSQL
    # (which fails in turn if it collects none either).
    if code == NO_TESTS_COLLECTED and with_postgresql:
        code = 0
    results.append(("sqlite", code, counts))
    if with_postgresql:
        with postgres_cluster(settings=TEST_CLUSTER_SETTINGS) as url:
            postgresql_env = {**suite_env, **DATABASE_FREE_TESTS_ELSEWHERE, "DATABASE_URL": url}
            code, counts = run_pytest(
                "PostgreSQL", postgresql_env, [f"--basetemp={folder / 'postgresql'}", *args]
            )
        results.append(("postgresql", code, counts))
    else:
        print(f"\nPostgreSQL binaries not found in {PG_BIN}: the suite ran on SQLite only.")

    print("\n===== make test =====")
    totals = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
    for name, code, counts in results:
        state = "ok" if code == 0 else f"FAILED (pytest exit {code})"
        print(f"{name}: {state}: " + ", ".join(f"{n} {w}" for w, n in counts.items()))
        for word in totals:
            totals[word] += counts.get(word, 0)
    print("databases: " + ", ".join(name for name, _, _ in results))
    failed = totals["failed"] + totals["errors"]
    print(f"total: {totals['passed']} passed, {failed} failed, {totals['skipped']} skipped")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())

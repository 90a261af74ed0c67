"""The province run of issues 7 and 17 (`make bench`): a province built in a throwaway
PostgreSQL, measured in process (`manage.py bench_province`), then through HTTP.

It starts the cluster of tests/run_suites.py (`postgres_cluster()`), creates the database,
migrates it and runs bench_province on it with the production settings, its figures streamed
as they come (`name: value`, one per line; progress on stderr). Then `manage.py province_users`
draws the users of random cells and committees, gunicorn serves the database as the README
deploys it (sync workers, one per core) and, for each number of users (--http-users), the
users ask the floor page and go round the mix of devtools/province_http.py in alternating
windows of the same minutes (--http-windows of --http-seconds each, floor, mix, mix, floor, …).
Printed per number of users N: `http_floor_rps_N`, `province_http_rps_N`, their ratio
`province_http_rps_ratio_N`, the CPU per request of gunicorn's and PostgreSQL's process trees
(devtools/cpu.py) over the windows, `province_http_cpu_ms_per_request_N` and
`http_floor_cpu_ms_per_request_N`, `province_http_p95_ms_N` (the worst page's) and
`province_http_p95_ms_N_<page>`; then `province_http_errors` and whether the goals of issues 17
and 30 are met. gunicorn, the cluster and the temporary folder are removed whatever happens,
Ctrl-C and SIGTERM too. Without the PostgreSQL binaries it says so and exits 0. Other arguments
go to bench_province, e.g. `--cells 400 --committees 4`.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the project's folder
from devtools.cpu import tree_cpu_seconds  # noqa: E402
from devtools.province_http import (  # noqa: E402
    FLOOR_PAGE,
    ROLES,
    User,
    goals,
    roles_of,
    run_alternating,
    run_level,
    window_order,
)
from tests.http_client import (  # noqa: E402
    free_port,
    log_problems,
    production_env,
    start_gunicorn,
    stop,
    wait_until_up,
)
from tests.run_suites import PG_BIN, ROOT, postgres_cluster  # noqa: E402

DATABASE = "cell05"
PASSWORD = "province-run-" + secrets.token_hex(8)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def manage(env: dict, *args: str, capture: bool = False) -> str:
    """Run a manage.py command with its output streamed, or captured and returned; stopped if
    this run is interrupted."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE if capture else None,
        text=True,
    )
    try:
        output, _ = process.communicate()
    except KeyboardInterrupt:
        process.terminate()
        process.wait()
        raise
    if process.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed with exit code {process.returncode}")
    return output or ""


def line(name: str, value) -> None:
    print(f"{name}: {value}", flush=True)


def postmaster_pid(socket_folder: str) -> int:
    """The pid of the cluster's postmaster: the first line of its data folder's postmaster.pid."""
    return int((Path(socket_folder) / "data" / "postmaster.pid").read_text().split()[0])


def measure_http(env: dict, port: int, folder: Path, postmaster: int, options: argparse.Namespace) -> None:
    """Serve the province with gunicorn; sign the users in, then measure the floor and the mix
    in alternating windows at each number of users; print the figures and the goals."""
    needed = roles_of(max(options.http_users))
    chosen = json.loads(
        manage(
            env,
            "province_users",
            f"--scratch={DATABASE}",
            f"--password={PASSWORD}",
            f"--members={needed['member']}",
            f"--secretaries={needed['secretary']}",
            f"--offices={needed['office']}",
            capture=True,
        )
    )
    workers = options.workers or os.cpu_count() or 1
    line("province_http_workers", workers)
    line("http_floor_page", f"GET {FLOOR_PAGE} signed out")
    order = ", ".join(window_order(options.http_windows))
    line(
        "http_comparison",
        f"floor and mix in alternating windows of the same minutes, {options.http_windows} x "
        f"{options.http_seconds:g} s each per number of users ({order})",
    )
    line("http_cpu_measured", "gunicorn's and PostgreSQL's process trees, utime + stime from /proc")
    log = folder / "gunicorn.log"
    server = start_gunicorn(env, port, workers, log)
    results = {}
    try:
        wait_until_up(server, port, log, workers)
        start = time.perf_counter()
        users = []
        for index in range(max(options.http_users)):
            role = ROLES[index % len(ROLES)]
            users.append(User(port, role, chosen[role][sum(user.role == role for user in users)]))
            users[-1].sign_in(PASSWORD)
        line("province_http_signin_s", f"{time.perf_counter() - start:.1f}")
        # Each worker's first requests load templates and fill caches: a window of the mix first,
        # not counted.
        run_level(users, options.http_seconds, floor=False)
        trees = {"gunicorn": server.pid, "postgresql": postmaster}

        def cpu_seconds() -> dict[str, float]:
            return {name: tree_cpu_seconds([pid]) for name, pid in trees.items()}

        for count in options.http_users:
            line(f"http_load_average_before_{count}", " ".join(f"{load:.2f}" for load in os.getloadavg()))
            mix, floor = run_alternating(
                users[:count], options.http_windows, options.http_seconds, cpu_seconds
            )
            results[count] = (mix, floor)
            line(f"http_floor_rps_{count}", f"{floor.rps:.0f}")
            line(f"province_http_rps_{count}", f"{mix.rps:.0f}")
            line(f"province_http_rps_ratio_{count}", f"{mix.rps / floor.rps:.2f}" if floor.rps else "-")
            line(f"http_floor_cpu_ms_per_request_{count}", f"{floor.cpu_ms_per_request():.1f}")
            line(f"province_http_cpu_ms_per_request_{count}", f"{mix.cpu_ms_per_request():.1f}")
            for tree in sorted(trees):
                per_request = mix.cpu_ms_per_request(tree)
                line(f"province_http_cpu_ms_per_request_{count}_{tree}", f"{per_request:.1f}")
            # The cores the server kept busy; the rest of the machine's went to the users' threads
            # and to whatever else ran.
            line(f"province_http_server_cores_{count}", f"{mix.cpu_seconds / mix.seconds:.2f}")
            line(f"province_http_p95_ms_{count}", f"{mix.p95_ms():.0f}")
            for page in sorted(mix.times):
                line(f"province_http_p95_ms_{count}_{page}", f"{mix.p95_ms(page):.0f}")
    finally:
        stop(server)
        for entry in log_problems(log):
            print(f"gunicorn: {entry}", file=sys.stderr)
    errors = sum(sum(level.errors.values()) for levels in results.values() for level in levels)
    line("province_http_errors", errors)
    missed = goals(results)
    line("province_http_goals", "met" if not missed else "missed: " + ", ".join(missed))
    for count, levels in results.items():
        for level in levels:
            for kind, times in sorted(level.errors.items()):
                print(f"province http error at {count} users: {times} x {kind}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    parser.add_argument(
        "--http-users",
        type=lambda text: sorted({int(count) for count in text.split(",")}),
        default=[10, 20],
        help="numbers of concurrent users, one run each (10,20)",
    )
    parser.add_argument(
        "--http-windows", type=int, default=3, help="windows of the floor and of the mix, alternating (3)"
    )
    parser.add_argument("--http-seconds", type=float, default=10, help="seconds of each window (10)")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn sync workers (one per core)")
    options, build_args = parser.parse_known_args()
    if min(options.http_users) < 1 or options.http_seconds <= 0 or options.http_windows < 1:
        parser.error("--http-users, --http-windows and --http-seconds must be positive")
    if not (PG_BIN / "initdb").exists():
        print(
            f"province_run: skipped: the PostgreSQL binaries are not in {PG_BIN} "
            "(apt-get install postgresql-15)"
        )
        return 0
    signal.signal(signal.SIGTERM, _interrupt)
    folder = Path(tempfile.mkdtemp(prefix="cell05-province-"))
    try:
        with postgres_cluster() as url:
            port = free_port()
            env = production_env(url, folder, port)
            socket_folder = parse_qs(urlsplit(url).query)["host"][0]
            subprocess.run(
                [str(PG_BIN / "createdb"), "-h", socket_folder, "-U", "cell05", DATABASE], check=True
            )
            manage(env, "collectstatic", "--noinput", "--verbosity", "0")
            manage(env, "migrate", "--noinput", "--verbosity", "0")
            manage(env, "bench_province", f"--scratch={DATABASE}", *build_args)
            measure_http(env, port, folder, postmaster_pid(socket_folder), options)
        return 0
    except KeyboardInterrupt:
        print(
            "province run: interrupted; gunicorn, the cluster and the temporary folder are removed.",
            file=sys.stderr,
        )
        return 130
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(f"province run: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

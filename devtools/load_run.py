"""The load run of issue 6 (`make bench`, after the figures of issue 5).

50 members sign in at once in the last hour before the pledge deadline (the sign-in burst);
when all are signed in, all open their pledge, write three items and submit it at once (the
steady state: signed-in members working, each pausing before a request as a person reads or
types, --think seconds on average; --think 0 sends the requests back to back), against
gunicorn with the production settings and a throwaway PostgreSQL (`postgres_cluster()` of
tests/run_suites.py). Then the database must hold, for each of them, exactly one pledge of the
year, submitted once.

Loopback only: gunicorn listens on 127.0.0.1, PostgreSQL on a Unix socket. The run is bounded
(--seconds, 120 by default): when the time is up the members stop where they are. gunicorn,
the cluster and the temporary folder are removed whatever happens, Ctrl-C and SIGTERM too.

Every member is a thread with its own cookies, handled by hand because the production cookies
are `Secure`; the requests carry `X-Forwarded-Proto: https`, as from the TLS proxy, with the
Origin and Referer of https://127.0.0.1:PORT. Printed, one per line as `name: value`:
load_members, load_workers, load_requests, load_errors (answers other than 2xx/3xx, exceptions,
and answers that are not the page a browser expects, e.g. a login refused or a submission sent
back to the form), load_signin_burst_s (from the start until the last member is signed in),
load_steady_p95_ms (of every request of the signed-in members' work; goal < 300 ms) and
load_steady_p95_ms_by_step, load_lost_updates
(members whose pledge is missing, not submitted, duplicated or submitted more than once),
load_unfinished (members stopped by the time limit), load_seconds, and whether the goals are
met. What went wrong, if anything, goes to stderr. The exit code is 0 unless the run broke.
"""

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the project's folder
from tests.http_client import (  # noqa: E402
    free_port,
    log_problems,
    p95,
    parse,
    production_env,
    send,
    start_gunicorn,
    stop,
    wait_until_up,
)
from tests.run_suites import PG_BIN, ROOT, postgres_cluster  # noqa: E402

PASSWORD = "load-run-" + secrets.token_hex(8)
ITEMS = [
    ("Đọc và ghi chép một tác phẩm của Bác mỗi tháng", "12 bài ghi chép", "Hằng tháng"),
    ("Giữ gìn nếp sống giản dị, tiết kiệm trong cơ quan", "Không vi phạm", "Cả năm"),
    ("Đến với dân, lắng nghe ý kiến của dân ở khu dân cư", "4 buổi tiếp xúc", "Mỗi quý"),
]


class Deadline(Exception):
    """The run's time is up."""


class Unexpected(Exception):
    """An answer that is not what a browser expects at this step."""


class Member:
    """One member's browser: cookies, the current page, every request timed."""

    def __init__(self, run: "Run", username: str):
        self.run, self.username = run, username
        self.pace = random.Random(username)  # noqa: S311 - a pace, not a secret
        self.cookies: dict[str, str] = {}
        self.page = "/"
        self.phase = "signin"

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """Status, resolved Location path and body of one request; errors recorded."""
        if self.phase == "work" and self.run.think:
            # A person reads the page, or types, before the next request.
            time.sleep(self.pace.uniform(0.5, 1.5) * self.run.think)
        remaining = self.run.deadline - time.monotonic()
        if remaining <= 0:
            raise Deadline
        step = f"{method} {_shape(path)}"
        start = time.perf_counter()
        try:
            answer = send(
                self.run.port,
                method,
                path,
                cookies=self.cookies,
                page=self.page,
                form=form,
                timeout=min(60.0, remaining),
                user_agent="cell05-load-run",
            )
        except OSError as error:
            if time.monotonic() >= self.run.deadline:
                raise Deadline from None  # cut off by the run's time limit, not refused
            self.run.record(time.perf_counter() - start, step, self.phase)
            raise Unexpected(f"{step}: {type(error).__name__}") from None
        spent = time.perf_counter() - start
        self.run.record(spent, step, self.phase)
        if not 200 <= answer.status < 400:
            raise Unexpected(f"{step}: {answer.status}")
        if answer.status < 300:
            self.page = path
        return answer.status, answer.location, answer.text

    def expect(self, method, path, form=None, *, status: int, location: str | None = None) -> str:
        got, went, text = self.request(method, path, form)
        if got != status or (location is not None and went != location):
            raise Unexpected(f"{method} {_shape(path)}: {got} to {_shape(went)}")
        return went if status in (301, 302, 303) else text

    def form(self, text: str, *, needs: str) -> dict:
        for form in parse(text).forms:
            if needs in form["fields"] and form["action"] in (None, ""):
                return form
        raise Unexpected(f"{_shape(self.page)}: no form with {needs}")

    def sign_in(self) -> None:
        login = self.form(self.expect("GET", "/accounts/login/", status=200), needs="username")
        fields = {**login["fields"], "username": self.username, "password": PASSWORD}
        self.expect("POST", "/accounts/login/", fields, status=302, location="/")

    def work(self) -> None:
        """Open the home page, begin the own pledge, write three items, submit."""
        self.phase = "work"
        home = parse(self.expect("GET", "/", status=200))
        mine = next((link for link in home.links if link.endswith("/my-pledge/")), None)
        if mine is None:
            raise Unexpected("the home page has no link to write the own pledge")
        start = self.form(self.expect("GET", mine, status=200), needs="csrfmiddlewaretoken")
        edit = self.expect("POST", mine, start["fields"], status=302)
        if not edit.endswith("/edit/"):
            raise Unexpected(f"beginning the pledge led to {_shape(edit)}")

        page = self.form(self.expect("GET", edit, status=200), needs="items-TOTAL_FORMS")
        fields = dict(page["fields"])
        if "version" not in fields or int(fields["items-TOTAL_FORMS"]) < len(ITEMS):
            raise Unexpected("the pledge form has no version or fewer than three items")
        for index, (action, target, timeframe) in enumerate(ITEMS):
            aspects = [value for value in page["options"].get(f"items-{index}-aspect", []) if value]
            fields |= {
                f"items-{index}-action": action,
                f"items-{index}-aspect": aspects[index % len(aspects)],
                f"items-{index}-target": target,
                f"items-{index}-timeframe": timeframe,
            }
        detail = edit.removesuffix("edit/")
        self.expect("POST", edit, {**fields, "submit": ""}, status=302, location=detail)
        self.expect("GET", detail, status=200)


def _shape(path: str) -> str:
    """A path with its numbers and slugs folded, so that errors group by page."""
    parts = path.strip("/").split("/")
    if len(parts) > 1 and parts[0] == "cells":
        parts[1] = "SLUG"
    shaped = "/".join("N" if part.isdigit() else part for part in parts if part)
    return f"/{shaped}/" if shaped else "/"


class Run:
    def __init__(self, port: int, seconds: float, think: float):
        self.port = port
        self.think = think
        self.deadline = time.monotonic() + seconds
        self.lock = threading.Lock()
        self.times: dict[str, dict[str, list[float]]] = {"signin": {}, "work": {}}
        self.errors: Counter = Counter()
        self.unfinished: list[str] = []
        self.members = 0
        self.signed_in = 0  # members past their sign-in, signed in or not
        self.all_signed_in = threading.Event()
        self.started = self.burst_seconds = 0.0

    def record(self, seconds: float, step: str, phase: str) -> None:
        """A request's time, under its phase and step."""
        with self.lock:
            self.times[phase].setdefault(step, []).append(seconds)

    def past_sign_in(self) -> None:
        with self.lock:
            self.signed_in += 1
            if self.signed_in == self.members:
                self.burst_seconds = time.perf_counter() - self.started
                self.all_signed_in.set()

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] += 1

    def member(self, username: str, barrier: threading.Barrier) -> None:
        """Sign in with everybody; once all are signed in, work with everybody."""
        member = Member(self, username)
        try:
            barrier.wait(timeout=30)
            try:
                member.sign_in()
            finally:
                self.past_sign_in()
            if not self.all_signed_in.wait(timeout=max(0.0, self.deadline - time.monotonic())):
                raise Deadline
            member.work()
        except Deadline:
            with self.lock:
                self.unfinished.append(username)
        except Unexpected as error:  # the member stops at the first wrong answer
            self.error(str(error))
        except Exception as error:  # any other failure of a member is an error of the run
            self.error(f"{type(error).__name__}: {error}")


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise RuntimeError(f"manage.py {' '.join(args)} failed with exit code {done.returncode}")
    return done.stdout


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def line(name: str, value) -> None:
    print(f"{name}: {value}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=50, help="members signing in at once (50)")
    parser.add_argument("--cells", type=int, default=2, help="cells they belong to (2)")
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn sync workers (one per CPU, 2 at least)"
    )
    parser.add_argument("--seconds", type=float, default=120, help="the run's time limit (120)")
    parser.add_argument(
        "--think",
        type=float,
        default=2.0,
        help="seconds a member reads or types before each request of the work, on average (2; 0: none)",
    )
    options = parser.parse_args()
    if options.members < 1 or options.cells < 1 or options.members % options.cells:
        parser.error("--members must be a positive multiple of --cells")
    if not (PG_BIN / "initdb").exists():
        line(
            "load_run",
            f"skipped: the PostgreSQL binaries are not in {PG_BIN} (apt-get install postgresql-15)",
        )
        return 0
    # As the README deploys it: more sync workers than cores only makes each request wait longer.
    workers = options.workers or max(2, os.cpu_count() or 1)
    signal.signal(signal.SIGTERM, _interrupt)

    folder = Path(tempfile.mkdtemp(prefix="cell05-load-"))
    try:
        with postgres_cluster() as url:
            return load(url, folder, options, workers)
    except KeyboardInterrupt:
        print(
            "load run: interrupted; gunicorn, the cluster and the temporary folder are removed.",
            file=sys.stderr,
        )
        return 130
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def load(url: str, folder: Path, options: argparse.Namespace, workers: int) -> int:
    """Prepare the database, serve it with gunicorn, run the members, verify, print."""
    port = free_port()
    env = production_env(url, folder, port)
    # The cluster holds only the maintenance databases (pytest makes its own test database).
    socket_folder = parse_qs(urlsplit(url).query)["host"][0]
    subprocess.run([str(PG_BIN / "createdb"), "-h", socket_folder, "-U", "cell05", "cell05"], check=True)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    prepared = json.loads(
        manage(
            env,
            "loadrun",
            "prepare",
            f"--cells={options.cells}",
            f"--members={options.members // options.cells}",
            f"--password={PASSWORD}",
        )
    )
    usernames = [member["username"] for member in prepared["members"]]
    log = folder / "gunicorn.log"
    server = start_gunicorn(env, port, workers, log)
    try:
        wait_until_up(server, port, log, workers)
        run = Run(port, options.seconds, options.think)
        run.members = len(usernames)
        barrier = threading.Barrier(len(usernames))
        threads = [
            threading.Thread(target=run.member, args=(username, barrier), daemon=True)
            for username in usernames
        ]
        start = run.started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(0.0, run.deadline - time.monotonic()) + 35)
        seconds = time.perf_counter() - start
    finally:
        stop(server)
    for entry in log_problems(log):
        print(f"gunicorn: {entry}", file=sys.stderr)

    checked = json.loads(manage(env, "loadrun", "verify"))
    with run.lock:
        requests = sum(len(times) for phase in run.times.values() for times in phase.values())
        working = [spent for times in run.times["work"].values() for spent in times]
        errors = sum(run.errors.values())
        by_step = ", ".join(f"{step} {p95(times) * 1000:.0f}" for step, times in run.times["work"].items())
        burst = run.burst_seconds if run.all_signed_in.is_set() else None
        unfinished = list(run.unfinished)
        error_kinds = dict(run.errors)
    line("load_members", len(usernames))
    line("load_workers", workers)
    line("load_think_s", f"{options.think:g}")
    line("load_requests", requests)
    line("load_errors", errors)
    line("load_signin_burst_s", f"{burst:.1f}" if burst is not None else "not all signed in")
    line("load_steady_p95_ms", f"{p95(working) * 1000:.0f}")
    line("load_steady_p95_ms_by_step", by_step)
    line("load_lost_updates", checked["lost_updates"])
    line("load_unfinished", len(unfinished))
    line("load_seconds", f"{seconds:.1f}")
    ok = errors == 0 and checked["lost_updates"] == 0 and not unfinished and p95(working) < 0.3
    line(
        "load_goals",
        "errors 0, lost updates 0 and steady p95 < 300 ms within "
        f"{options.seconds:g} s: {'yes' if ok else 'no'}",
    )
    for kind, times in sorted(error_kinds.items()):
        print(f"load error: {times} x {kind}", file=sys.stderr)
    if unfinished:
        print(f"load run: {len(unfinished)} members stopped at the time limit", file=sys.stderr)
    for lost in checked["lost"][:10]:
        print(f"lost update: {lost}", file=sys.stderr)
    if len(checked["lost"]) > 10:
        print(f"lost update: … and {len(checked['lost']) - 10} more", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
import json
import os
import random
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the project's folder
from devtools.load_run import manage  # noqa: E402
from tests.http_client import (  # noqa: E402
    free_port,
    parse,
    production_env,
    send,
    start_gunicorn,
    stop,
    wait_until_up,
)
from tests.run_suites import PG_BIN, ROOT, _as_pg_user, postgres_cluster  # noqa: E402

PASSWORD = "fault-run-" + secrets.token_hex(8)
ITEMS = [
    ("Đọc và ghi chép một tác phẩm của Bác mỗi tháng", "Hằng tháng"),
    ("Giữ gìn nếp sống giản dị, tiết kiệm trong cơ quan", "Cả năm"),
    ("Đến với dân, lắng nghe ý kiến của dân ở khu dân cư", "Mỗi quý"),
]
FAULTS = ["web_worker_killed", "postgres_restarted", "worker_killed", "damaged_backups", "disk_full"]
JOB_KINDS = ["committee_pdf", "cell_report", "cell_backup", "member_import"]
DAMAGED_COPIES = 129
IMPORT_ROWS = 300
RESULTS: dict[str, dict] = {}


def line(name: str, value) -> None:
    print(f"{name}: {value}", flush=True)


def db(env: dict, call: str):
    """One function of devtools/fault_db.py, through `manage.py shell`: its JSON line."""
    output = manage(env, "shell", "-c", f"from devtools import fault_db; fault_db.{call}")
    return json.loads(output.strip().splitlines()[-1])


class Member:
    """One member's browser, saving the own pledge's draft again and again: the n-th save writes
    "lần n" as the first item's target, so the database tells which save it holds."""

    def __init__(self, port: int, username: str):
        self.port, self.username = port, username
        self.cookies: dict[str, str] = {}
        self.page = "/"
        self.edit = ""
        self.sent = self.acknowledged = 0
        self.saw: Counter = Counter()
        self.successes: list[tuple[float, float]] = []  # (started, answered) of each good answer

    def send(self, method: str, path: str, form: dict | None = None, files=None):
        started = time.monotonic()
        answer = send(self.port, method, path, cookies=self.cookies, page=self.page, form=form, files=files)
        if answer.status < 400:
            self.successes.append((started, time.monotonic()))
        if answer.status == 200:
            self.page = path
        return answer

    def form(self, text: str, needs: str) -> dict:
        return next(form for form in parse(text).forms if needs in form["fields"])

    def begin(self) -> None:
        """Sign in, begin the own pledge of the year; the address of its form."""
        login = self.form(self.send("GET", "/accounts/login/").text, "username")
        self.send(
            "POST", "/accounts/login/", {**login["fields"], "username": self.username, "password": PASSWORD}
        )
        home = parse(self.send("GET", "/").text)
        mine = next(link for link in home.links if link.endswith("/my-pledge/"))
        start = self.form(self.send("GET", mine).text, "csrfmiddlewaretoken")
        self.edit = self.send("POST", mine, start["fields"]).location

    def save_once(self) -> None:
        try:
            page = self.send("GET", self.edit)
        except OSError:
            self.saw["the form: no answer"] += 1
            time.sleep(0.2)
            return
        if page.status != 200:
            self.saw[f"the form: {page.status}"] += 1
            time.sleep(0.2)
            return
        form = self.form(page.text, "items-TOTAL_FORMS")
        aspects = [value for value in form["options"].get("items-0-aspect", []) if value]
        self.sent += 1
        fields = {**form["fields"], "save": ""}
        for index, (action, timeframe) in enumerate(ITEMS):
            fields |= {
                f"items-{index}-action": action,
                f"items-{index}-aspect": aspects[index % len(aspects)],
                f"items-{index}-target": f"lần {self.sent}" if index == 0 else "Cả năm",
                f"items-{index}-timeframe": timeframe,
            }
        fields["items-TOTAL_FORMS"] = str(max(len(ITEMS), int(fields["items-TOTAL_FORMS"])))
        outcome = self.post(fields)
        if outcome in ("no answer", "5xx"):
            time.sleep(0.3)  # the person presses the button again
            outcome = "sent again: " + self.post(fields)
        self.saw[outcome] += 1

    def post(self, fields: dict) -> str:
        try:
            answer = self.send("POST", self.edit, fields)
        except OSError:
            return "no answer"
        if answer.status == 302:
            self.acknowledged = self.sent
            return "saved"
        if answer.status >= 500:
            return "5xx"
        if answer.status == 200:
            return "the form again"  # refused: a stale copy, or invalid
        return str(answer.status)


class Setup:
    def __init__(self, url: str, folder: Path, options: argparse.Namespace):
        self.url, self.folder, self.options = url, folder, options
        self.port = free_port()
        self.env = production_env(url, folder, self.port)
        self.env |= {"DJANGO_JOB_HEARTBEAT_SECONDS": "1", "DJANGO_JOB_STALLED_SECONDS": "4"}
        self.sqlite = url.startswith("sqlite")
        self.socket = "" if self.sqlite else parse_qs(urlsplit(url).query)["host"][0]
        self.data = Path(self.socket) / "data"
        self.server = self.worker = None
        self.log = folder / "gunicorn.log"

    def prepare(self) -> None:
        self.create_database("cell05")
        manage(self.env, "migrate", "--noinput", "--verbosity", "0")
        manage(self.env, "collectstatic", "--noinput", "--verbosity", "0")
        prepared = json.loads(
            manage(
                self.env,
                "loadrun",
                "prepare",
                "--cells=1",
                f"--members={self.options.members}",
                f"--password={PASSWORD}",
            )
        )
        self.year = prepared["year"]
        self.usernames = [member["username"] for member in prepared["members"]]

    def create_database(self, name: str) -> str:
        """A new empty database; its DATABASE_URL."""
        if self.sqlite:
            return f"sqlite:///{self.folder / name}.sqlite3"
        subprocess.run([str(PG_BIN / "createdb"), "-h", self.socket, "-U", "cell05", name], check=True)
        return self.url.replace("/cell05?", f"/{name}?")

    def start_web(self) -> None:
        self.server = start_gunicorn(self.env, self.port, 2, self.log)
        wait_until_up(self.server, self.port, self.log, 2)

    def start_worker(self) -> None:
        command = [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--interval",
            "0.2",
            "--verbosity",
            "0",
        ]
        self.worker = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def stop_all(self) -> None:
        if self.server is not None:
            stop(self.server)
        if self.worker is not None and self.worker.poll() is None:
            self.worker.kill()
            self.worker.wait()

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_pg_user([str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def job_state(self, job: str) -> str:
        """Read straight from the database: a `manage.py shell` takes a second to start."""
        import psycopg2

        if self.sqlite:
            connection = sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=20)
            try:
                return connection.execute(
                    "SELECT state FROM reports_job WHERE id = ?", [job.replace("-", "")]
                ).fetchone()[0]
            finally:
                connection.close()
        connection = psycopg2.connect(host=self.socket, user="cell05", dbname="cell05")
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT state FROM reports_job WHERE id = %s", [job])
                return cursor.fetchone()[0]
        finally:
            connection.close()

    def orphans(self) -> list[str]:
        return db(self.env, "files()")["orphans"]


def under_saves(setup: Setup, members: list[Member], fault, rounds: int) -> list[float]:
    """The members save back to back while `fault()` strikes `rounds` times, 2 seconds apart;
    the times of the faults."""
    stopped = threading.Event()

    def work(member: Member) -> None:
        while not stopped.is_set():
            member.save_once()

    threads = [threading.Thread(target=work, args=(member,), daemon=True) for member in members]
    for thread in threads:
        thread.start()
    struck = []
    for _ in range(rounds):
        time.sleep(2 + random.random())  # noqa: S311 - a moment, not a secret
        struck.append(time.monotonic())
        fault()
    time.sleep(3)
    stopped.set()
    for thread in threads:
        thread.join(timeout=120)
    return struck


def recovery(members: list[Member], struck: list[float]) -> float:
    """The longest time from a fault until a save begun after it succeeded."""
    longest = 0.0
    for moment in struck:
        answered = [end for member in members for start, end in member.successes if start >= moment]
        longest = max(longest, (min(answered) - moment) if answered else float("inf"))
    return longest


def check_saves(setup: Setup, name: str, members: list[Member], struck: list[float]) -> None:
    held = db(setup.env, f"pledges({setup.usernames!r}, {setup.year})")
    lost = half = 0
    for member in members:
        entry = held[member.username]
        number = int(entry["first"].removeprefix("lần ") or 0) if entry["first"].startswith("lần ") else 0
        lost += number < member.acknowledged
        half += entry["pledges"] != 1 or entry["items"] != len(ITEMS)
    report(
        name,
        saw=sum((member.saw for member in members), Counter()),
        recovery_s=recovery(members, struck),
        lost=lost,
        half=half,
        orphans=len(setup.orphans()),
    )


def report(name: str, *, saw: Counter, recovery_s: float, lost: int, half: int, orphans: int) -> None:
    RESULTS[name] = {"lost": lost, "half": half, "orphans": orphans}
    line(f"faults_{name}_users_saw", ", ".join(f"{what} {count}" for what, count in saw.most_common()) or "-")
    line(f"faults_{name}_recovery_s", f"{recovery_s:.2f}")
    line(f"faults_{name}_lost_acknowledged", lost)
    line(f"faults_{name}_half_written", half)
    line(f"faults_{name}_orphan_files", orphans)


def web_worker_killed(setup: Setup, members: list[Member]) -> None:
    def kill_a_web_worker() -> None:
        children = Path(f"/proc/{setup.server.pid}/task/{setup.server.pid}/children").read_text().split()
        os.kill(int(random.choice(children)), signal.SIGKILL)  # noqa: S311

    check_saves(
        setup,
        "web_worker_killed",
        members,
        under_saves(setup, members, kill_a_web_worker, setup.options.rounds),
    )


def postgres_restarted(setup: Setup, members: list[Member]) -> None:
    jobs = []

    def restart() -> None:
        setup.pg_ctl("-m", "fast", "-w", "restart")  # with the options it was started with
        jobs.append((time.monotonic(), db(setup.env, "start_job('committee_pdf')")["job"]))

    struck = under_saves(setup, members, restart, setup.options.rounds)
    check_saves(setup, "postgres_restarted", members, struck)
    ended = [wait_for_job(setup, job, started) for started, job in jobs]
    line("faults_postgres_restarted_worker_alive", "yes" if setup.worker.poll() is None else "no")
    line(
        "faults_postgres_restarted_jobs_done_after_restart",
        f"{sum(state == 'done' for state, _ in ended)} of {len(ended)}",
    )
    RESULTS["postgres_restarted"]["half"] += sum(state != "done" for state, _ in ended)


def wait_for_job(setup: Setup, job: str, since: float, limit: float = 120) -> tuple[str, float]:
    while time.monotonic() - since < limit:
        state = setup.job_state(job)
        if state in ("done", "failed"):
            return state, time.monotonic() - since
        time.sleep(0.3)
    return "running", limit


def worker_killed(setup: Setup, kind: str) -> None:
    saw, times, half, imported = Counter(), [], 0, 0
    for _ in range(setup.options.rounds):
        started = db(setup.env, f"start_job({kind!r}, rows={IMPORT_ROWS})")
        job, members_before = started["job"], started["members"]
        deadline = time.monotonic() + 60
        while setup.job_state(job) == "queued" and time.monotonic() < deadline:
            time.sleep(0.02)
        saw["killed while it ran" if setup.job_state(job) == "running" else "killed after it ended"] += 1
        setup.worker.kill()
        setup.worker.wait()
        killed = time.monotonic()
        setup.start_worker()
        state, _ = wait_for_job(setup, job, killed)
        times.append(time.monotonic() - killed)
        ended = db(setup.env, f"job({job!r})")
        saw[f"{state} at attempt {ended['attempt']}"] += 1
        if state != "done":
            print(f"{kind}: {ended['error'][:300]}", file=sys.stderr)
        half += state != "done"
        imported += ended["members"] - members_before
    if kind == "member_import":
        # The same 300 rows each round: new members once, then the same members unchanged.
        saw[f"{imported} members added"] += 1
        half += imported != IMPORT_ROWS
    name = f"worker_killed_{kind}"
    report(name, saw=saw, recovery_s=max(times), lost=0, half=half, orphans=len(setup.orphans()))


def disk_full(setup: Setup, members: list[Member]) -> None:
    media = setup.folder / "media"
    media.mkdir(exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(media)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        line(
            "faults_disk_full", f"skipped: no tmpfs could be mounted ({mounted.stderr.strip() or 'not root'})"
        )
        return
    try:
        free = shutil.disk_usage(media).free
        (media / "filler").write_bytes(b"\0" * (free - 200 * 1024))
        saw = Counter()
        reflection = b"%PDF-1.4\n" + os.urandom(300 * 1024) + b"\n%%EOF\n"
        for member in members:
            detail = member.edit.removesuffix("edit/")
            page = member.send("GET", detail)
            form = next(
                (form for form in parse(page.text).forms if (form["action"] or "").endswith("/reflection/")),
                None,
            )
            if form is None:
                saw["no form to attach a reflection"] += 1
                continue
            answer = member.send(
                "POST",
                form["action"],
                form["fields"],
                files={"file": ("thu-hoach.pdf", reflection, "application/pdf")},
            )
            vietnamese = "hết dung lượng" in answer.text
            saw[f"{answer.status}{' (says the server is out of space)' if vietnamese else ''}"] += 1
        # The back-up finds 4 KB left: less than it needs.
        (media / "filler-2").write_bytes(b"\0" * (shutil.disk_usage(media).free - 4 * 1024))
        job = db(setup.env, "start_job('cell_backup')")["job"]
        state, _ = wait_for_job(setup, job, time.monotonic())
        ended = db(setup.env, f"job({job!r})")
        says_why = state == "failed" and "hết dung lượng" in ended["error"]
        saw[f"back-up {state}{' (says why)' if says_why else ''}"] += 1
        if not says_why:
            print(f"disk full, the back-up: {state} {ended['error'][:300]}", file=sys.stderr)
        fillers = ("filler", "filler-2")
        orphans = [name for name in setup.orphans() if name not in fillers]
        for name in fillers:
            (media / name).unlink()
        report("disk_full", saw=saw, recovery_s=0.0, lost=0, half=int(not says_why), orphans=len(orphans))
    finally:
        subprocess.run(["umount", "-l", str(media)], check=False)


def damaged_backups(setup: Setup) -> None:
    backup = setup.folder / "backup.zip"
    cell = json.loads(json.dumps(db(setup.env, "start_job('cell_backup')")))
    state, _ = wait_for_job(setup, cell["job"], time.monotonic())
    result = db(setup.env, f"job({cell['job']!r})")["result"]
    shutil.copy(setup.folder / "media" / result, backup)
    original = backup.read_bytes()
    copies = setup.folder / "damaged"
    copies.mkdir()
    chance = random.Random(18)  # noqa: S311 - the same damage every run
    for number in range(DAMAGED_COPIES):
        damaged = bytearray(original)
        if number % 3 == 0:
            damaged = damaged[: chance.randrange(len(damaged))]
        else:
            for _ in range(1 + number % 5):
                damaged[chance.randrange(len(damaged))] ^= 0xFF
        (copies / f"{number:03}.zip").write_bytes(bytes(damaged))
    restore_env = setup.env | {"DATABASE_URL": setup.create_database("restore")}
    manage(restore_env, "migrate", "--noinput", "--verbosity", "0")
    outcome = db(restore_env, f"restore_damaged({str(backup)!r}, {str(copies)!r})")
    saw = Counter(outcome["outcomes"].values())
    crashed = sum(count for what, count in saw.items() if what.startswith("crashed"))
    report("damaged_backups", saw=saw, recovery_s=0.0, lost=0, half=crashed + outcome["written"], orphans=0)


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

"""The faults of the fault run (devtools/fault_run.py), each injected into its set-up, and what
the users and the records went through, printed as `name: value`.
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from devtools.fault_setup import ITEMS, Member, Setup, db, line
from devtools.load_run import manage
from tests.http_client import parse

DAMAGED_COPIES = 129
IMPORT_ROWS = 300
RESULTS: dict[str, dict] = {}


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

"""The set-up of the fault run (devtools/fault_run.py): the servers, the worker, the database
and the members who save their pledges through the web, as a browser does.
"""

import argparse
import json
import secrets
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from devtools.load_run import manage
from tests.http_client import (
    free_port,
    parse,
    production_env,
    send,
    start_gunicorn,
    stop,
    wait_until_up,
)
from tests.run_suites import PG_BIN, ROOT, _as_pg_user

PASSWORD = "fault-run-" + secrets.token_hex(8)
ITEMS = [
    ("Đọc và ghi chép một tác phẩm của Bác mỗi tháng", "Hằng tháng"),
    ("Giữ gìn nếp sống giản dị, tiết kiệm trong cơ quan", "Cả năm"),
    ("Đến với dân, lắng nghe ý kiến của dân ở khu dân cư", "Mỗi quý"),
]


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

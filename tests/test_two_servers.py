"""Several machines (issue 7): two application servers on one PostgreSQL and one shared disk
for the uploads. What is saved through one is seen through the other, the session made at one
is good at the other, and an attachment uploaded through one is served by the other; a job
asked for at one is run by a worker of its own and its result served by the other.

Each server is a gunicorn with the production settings on its own loopback port, with its own
working folder and TMPDIR; they share only the database, DJANGO_MEDIA_ROOT and the secret key.
The browser is tests/http_client.py: cookies by hand (they are `Secure`), `X-Forwarded-Proto:
https` as from the TLS proxy, and the Origin of https://127.0.0.1:PORT for the CSRF check.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import global_settings
from django.db import connection

from plans.choices import PledgeState
from plans.models import Pledge
from tests.factories import make_study_year
from tests.http_client import HOST, free_port, parse, send, stop, wait_until_up

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two servers share one database only on PostgreSQL (SQLite here is in memory)",
    ),
]

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "two-servers-" + secrets.token_hex(8)
ITEM = ("Đọc và ghi chép một tác phẩm của Bác mỗi tháng", "12 bài ghi chép", "Hằng tháng")
# Larger than FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): the upload passes through the server's
# own TMPDIR before it lands on the shared disk.
REFLECTION = b"%PDF-1.4\n" + secrets.token_bytes(3 * 1024 * 1024) + b"\n%%EOF\n"


class Servers:
    """Two gunicorns and the folders they run in; `logs()` for the assertion messages."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.media = folder / "media"
        self.ports: dict[str, int] = {}
        self.processes: dict[str, subprocess.Popen] = {}
        self.env: dict[str, str] = {}

    def log(self, name: str) -> Path:
        return self.folder / name / "gunicorn.log"

    def run_worker(self) -> str:
        """A job worker on a machine of its own: it takes every queued job, then stops."""
        own = self.folder / "worker"
        (own / "tmp").mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch", "--no-startup-delay"],
            cwd=own,
            env={**self.env, "TMPDIR": str(own / "tmp"), "HOME": str(own)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"the worker failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout + done.stderr

    def logs(self) -> str:
        return "\n".join(
            f"--- server {name} (port {self.ports[name]}) ---\n{self.log(name).read_text(errors='replace')}"
            for name in self.processes
        )


def _test_database_url() -> str:
    """The parent's DATABASE_URL (a socket folder as ?host=), naming pytest's test database."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def _collectstatic(env: dict) -> subprocess.Popen:
    """The production settings serve hashed static files: collected as on a deployment."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture
def servers(tmp_path):
    """Start two gunicorns on one database and one media folder; stop them whatever happens."""
    found = Servers(tmp_path)
    found.media.mkdir(exist_ok=True)
    shared = {
        "DATABASE_URL": _test_database_url(),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_MEDIA_ROOT": str(found.media),
        # Static files are built once per release, the same on every machine: collected once
        # here (it takes seconds), not a state the servers share.
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    base = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    base |= shared | {"PYTHONPATH": str(ROOT)}
    found.env = base
    collect = _collectstatic(base)
    try:
        output, _ = collect.communicate(timeout=120)
        assert collect.returncode == 0, f"collectstatic failed:\n{output}"
        for name in ("a", "b"):
            own = tmp_path / name
            (own / "tmp").mkdir(parents=True)
            found.ports[name] = free_port()
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "cell05.wsgi:application",
                f"--bind={HOST}:{found.ports[name]}",
                "--workers=1",
                # Its default is one path under $HOME, the same for both servers.
                "--no-control-socket",
            ]
            with found.log(name).open("wb") as log:
                found.processes[name] = subprocess.Popen(
                    command,
                    cwd=own,
                    env={**base, "TMPDIR": str(own / "tmp"), "HOME": str(own)},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
        for name, process in found.processes.items():
            try:
                wait_until_up(process, found.ports[name], found.log(name), workers=1, seconds=30)
            except RuntimeError as error:
                pytest.fail(f"server {name}: {error}\n{found.logs()}")
        yield found
    finally:
        if collect.poll() is None:
            collect.kill()
            collect.wait()
        for process in found.processes.values():
            stop(process)


class Browser:
    """One person's browser, which may talk to either server with the same cookies."""

    def __init__(self, servers: Servers):
        self.servers = servers
        self.cookies: dict[str, str] = {}
        self.page = "/"

    def go(self, server: str, method: str, path: str, form=None, files=None, *, status: int):
        answer = send(
            self.servers.ports[server],
            method,
            path,
            cookies=self.cookies,
            page=self.page,
            form=form,
            files=files,
            timeout=30,
        )
        assert answer.status == status, (
            f"{method} {path} on server {server}: {answer.status} to {answer.location}, "
            f"expected {status}\n{answer.text[:2000]}\n{self.servers.logs()}"
        )
        if answer.status == 200:
            self.page = path
        return answer

    def form(self, server: str, path: str, *, needs: str, action: str | None = None) -> dict:
        page = self.go(server, "GET", path, status=200)
        for form in parse(page.text).forms:
            if needs in form["fields"] and form["action"] in ((action,) if action else (None, "")):
                return form
        raise AssertionError(f"{path} on server {server} has no form with {needs}:\n{page.text[:2000]}")

    def sign_in(self, server: str, username: str) -> None:
        login = self.form(server, "/accounts/login/", needs="username")
        fields = {**login["fields"], "username": username, "password": PASSWORD}
        answer = self.go(server, "POST", "/accounts/login/", fields, status=302)
        assert answer.location == "/", f"signing in at {server} led to {answer.location}"


def test_two_servers_share_the_pledges_sessions_uploads_and_jobs(world, servers, settings):
    # The servers check passwords with the default hashers, not the suite's fast MD5.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    member = world.member
    for user in (member.user, world.staff):
        user.set_password(PASSWORD)
        user.save()
    study_year = make_study_year(world.cell, 2026)
    mine = f"/cells/{world.cell.slug}/years/{study_year.year}/my-pledge/"

    # Through server A: sign in, begin the pledge, save one item, attach the reflection.
    browser = Browser(servers)
    browser.sign_in("a", member.user.username)
    start = browser.form("a", mine, needs="csrfmiddlewaretoken")
    edit = browser.go("a", "POST", mine, start["fields"], status=302).location
    assert edit.endswith("/edit/"), f"beginning the pledge led to {edit}"
    page = browser.form("a", edit, needs="items-TOTAL_FORMS")
    action, target, timeframe = ITEM
    fields = page["fields"] | {
        "items-0-action": action,
        "items-0-aspect": "ethics",
        "items-0-target": target,
        "items-0-timeframe": timeframe,
        "save": "",
    }
    assert browser.go("a", "POST", edit, fields, status=302).location == edit
    detail = edit.removesuffix("edit/")
    reflection = browser.form("a", detail, needs="version", action=f"{detail}reflection/")
    upload = {"file": ("Thu hoạch.pdf", REFLECTION, "application/pdf")}
    answer = browser.go("a", "POST", f"{detail}reflection/", reflection["fields"], upload, status=302)
    assert answer.location == detail

    # In the database: the pledge with its item, and the file on the shared disk.
    pledge = Pledge.objects.get(member=member, study_year=study_year)
    assert (pledge.state, pledge.version) == (PledgeState.DRAFT, 3)
    assert list(pledge.items.values_list("action", "aspect", "target", "timeframe")) == [
        (action, "ethics", target, timeframe)
    ]
    assert pledge.reflection_file_name == "Thu hoạch.pdf"
    assert (servers.media / pledge.reflection_file.name).read_bytes() == REFLECTION

    # Through server B, with the cookies of A: the same session, the item, the same file.
    shown = browser.go("b", "GET", detail, status=200).text
    assert action in shown, f"server b does not show the item:\n{shown[:3000]}"
    link = f"{detail}reflection/file/"
    assert link in parse(shown).links
    download = browser.go("b", "GET", link, status=200)
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.body == REFLECTION

    # Signed in afresh at B, a second browser sees the same, and A serves the file to it too.
    other = Browser(servers)
    other.sign_in("b", member.user.username)
    assert action in other.go("b", "GET", detail, status=200).text
    assert other.go("a", "GET", link, status=200).body == REFLECTION

    # Nothing stays in a server's own folders: no upload was left in its TMPDIR.
    for name in ("a", "b"):
        own = servers.folder / name
        left = sorted(str(path.relative_to(own)) for path in own.rglob("*"))
        assert left == ["gunicorn.log", "tmp"], f"server {name} keeps files: {left}"

    # The superior office asks at B for the printed table; a worker makes it; A serves it.
    office = Browser(servers)
    office.sign_in("b", world.staff.username)
    table = f"/committees/{world.committee.pk}/"
    ask = f"{table}pdf/?start=2026&end=2026"
    form = office.form("b", table, needs="csrfmiddlewaretoken", action=ask)
    job_page = office.go("b", "POST", ask, form["fields"], status=302).location
    assert "Đang chờ" in office.go("a", "GET", job_page, status=200).text
    worker_output = servers.run_worker()
    finished = office.go("a", "GET", job_page, status=200).text
    download = f"{job_page}download/"
    assert download in parse(finished).links, f"{finished[:3000]}\n{worker_output}"
    pdf = office.go("a", "GET", download, status=200)
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.body.startswith(b"%PDF-")
    assert office.go("b", "GET", download, status=200).body == pdf.body

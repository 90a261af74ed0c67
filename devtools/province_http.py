"""The HTTP part of the province run (devtools/province_run.py): signed-in users drive a mix of
pages against gunicorn, then the same number of users the cheapest page, the floor.

Each user is a thread with its own session, signed in before anything is measured, and sends
its requests back to back (no think time) for a fixed time. Ten users in a row take the roles
of ROLES (six plain members, three secretaries, one committee office; twenty users twice that),
each drawn by `manage.py province_users` from a random cell or committee, and each goes round
the pages of its role (`User.round`): a member its home, last year's pledge, this year's draft
and its save; a secretary the year page and the member list; an office its home and the
committee table. A member's round ends with a draft of this year's pledge saved
with the form's CSRF token and version: the answer must be the redirect to the form that a
browser expects. Anything else, a status other than the one expected or a failed connection,
is an error. The floor is the login page asked signed out (GET /accounts/login/): Django's
middleware and one small template, no session and no query.

The floor and the mix are compared in alternating windows of the same minutes (`run_alternating`):
a machine shared with other work serves both alike, so their ratio and the CPU per request hold
while the requests/s move with the neighbours' load.
"""

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.http_client import p95, parse, send

FLOOR_PAGE = "/accounts/login/"
ROLES = ["member"] * 6 + ["secretary"] * 3 + ["office"]
GOAL_WORST_P95_MS = 200  # at 20 users
GOAL_TABLE_P95_MS = 100  # at 10 users
# Issue 30: the mix's CPU (gunicorn's and PostgreSQL's) per request, and its rate to the floor's.
GOAL_CPU_MS_PER_REQUEST = 13
GOAL_FLOOR_RATIO = 0.30


def roles_of(users: int) -> Counter:
    """How many users of each role a run of `users` concurrent users needs."""
    return Counter(ROLES[index % len(ROLES)] for index in range(users))


class Unexpected(Exception):
    """An answer that is not what a browser expects."""


@dataclass
class Level:
    """The requests of one run (or of several windows added up): their times per page, its
    errors, how long it took and the CPU seconds the server spent meanwhile."""

    times: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    cpu_by_tree: Counter = field(default_factory=Counter)  # e.g. gunicorn, postgresql
    windows: int = 1
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def requests(self) -> int:
        return sum(len(spent) for spent in self.times.values())

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu_by_tree.values())

    def cpu_ms_per_request(self, tree: str | None = None) -> float:
        """The CPU milliseconds per request of one process tree, or of all."""
        spent = self.cpu_seconds if tree is None else self.cpu_by_tree[tree]
        return 1000 * spent / self.requests if self.requests else 0.0

    def add(self, window: "Level") -> None:
        """Count another window of the same kind in this one."""
        for page, spent in window.times.items():
            self.times.setdefault(page, []).extend(spent)
        self.errors.update(window.errors)
        self.seconds += window.seconds
        self.cpu_by_tree.update(window.cpu_by_tree)
        self.windows += window.windows

    def record(self, page: str, spent: float, error: str | None) -> None:
        with self.lock:
            self.times.setdefault(page, []).append(spent)
            if error:
                self.errors[f"{page}: {error}"] += 1

    def p95_ms(self, page: str | None = None) -> float:
        """The p95 of a page, or without one the worst page's."""
        if page is not None:
            return 1000 * p95(self.times.get(page, []))
        return max((self.p95_ms(name) for name in self.times), default=0.0)


class User:
    """One signed-in browser: its cookies, the page it is on, its role's addresses."""

    def __init__(self, port: int, role: str, pages: dict):
        self.port, self.role, self.pages = port, role, pages
        self.cookies: dict[str, str] = {}
        self.referer = "/"
        self.saves = 0

    def sign_in(self, password: str) -> None:
        login = send(self.port, "GET", FLOOR_PAGE, cookies=self.cookies)
        fields = next(form["fields"] for form in parse(login.text).forms if "username" in form["fields"])
        fields |= {"username": self.pages["username"], "password": password}
        answer = send(self.port, "POST", FLOOR_PAGE, cookies=self.cookies, page=FLOOR_PAGE, form=fields)
        if (answer.status, answer.location) != (302, "/"):
            raise RuntimeError(f"{self.pages['username']} could not sign in: {answer.status}")

    def open(
        self,
        level: Level,
        page: str,
        path: str,
        *,
        form: dict | None = None,
        status: int = 200,
        location: str | None = None,
        signed_out: bool = False,
    ):
        """One request, timed and checked: the answer, or None after an error."""
        start = time.perf_counter()
        error = answer = None
        try:
            answer = send(
                self.port,
                "POST" if form else "GET",
                path,
                cookies={} if signed_out else self.cookies,
                page=self.referer,
                form=form,
            )
            if answer.status != status or (location is not None and answer.location != location):
                error = f"{answer.status} to {answer.location}"
        except OSError as failure:
            error = type(failure).__name__
        level.record(page, time.perf_counter() - start, error)
        if error:
            return None
        self.referer = path
        return answer

    def round(self, level: Level) -> None:
        """The pages of the role, once."""
        pages = self.pages
        if self.role == "secretary":
            self.open(level, "year", pages["year"])
            self.open(level, "member_list", pages["member_list"])
        elif self.role == "office":
            self.open(level, "home_office", "/")
            self.open(level, "committee_table", pages["table"])
        elif self.open(level, "home", "/") and self.open(level, "pledge", pages["pledge"]):
            edit = self.open(level, "pledge_edit", pages["draft"])
            if edit is not None:
                draft = self._draft(edit.text)
                self.open(
                    level, "pledge_save", pages["draft"], form=draft, status=302, location=pages["draft"]
                )

    def _draft(self, page: str) -> dict:
        """The pledge form as the page gives it (token, version, items), one target changed."""
        fields = next(form["fields"] for form in parse(page).forms if "version" in form["fields"])
        self.saves += 1
        return {**fields, "items-0-target": f"{self.saves} bài ghi chép"}

    def floor(self, level: Level) -> None:
        self.open(level, "floor", FLOOR_PAGE, signed_out=True)


def run_level(users: list[User], seconds: float, floor: bool) -> Level:
    """Every user going round its pages (or the floor) back to back for `seconds`."""
    level = Level()
    end = time.monotonic() + seconds

    def work(user: User) -> None:
        while time.monotonic() < end:
            try:
                user.floor(level) if floor else user.round(level)
            except Exception as failure:  # a user's failure is an error of the run, not its end
                with level.lock:
                    level.errors[f"{type(failure).__name__}: {failure}"] += 1

    threads = [threading.Thread(target=work, args=(user,), daemon=True) for user in users]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    level.seconds = time.perf_counter() - start
    return level


def window_order(rounds: int) -> list[str]:
    """The kinds of window in the order they run: floor, mix, mix, floor, floor, mix, … Each
    kind goes first in half the rounds, so that a machine getting busier or quieter over the
    minutes weighs on both alike."""
    order = []
    for index in range(rounds):
        order += ["floor", "mix"] if index % 2 == 0 else ["mix", "floor"]
    return order


def run_alternating(
    users: list[User], rounds: int, seconds: float, cpu_seconds: Callable[[], dict[str, float]]
) -> tuple[Level, Level]:
    """The mix and the floor, each in `rounds` windows of `seconds` alternating in the same
    minutes (`window_order`), each window's CPU read with `cpu_seconds()` ({process tree:
    seconds}) before and after: (mix, floor), their windows added up."""
    totals: dict[str, Level] = {}
    for kind in window_order(rounds):
        before = cpu_seconds()
        window = run_level(users, seconds, floor=kind == "floor")
        window.cpu_by_tree = Counter({tree: spent - before[tree] for tree, spent in cpu_seconds().items()})
        if kind in totals:
            totals[kind].add(window)
        else:
            totals[kind] = window
    return totals["mix"], totals["floor"]


def goals(results: dict[int, tuple[Level, Level]]) -> list[str]:
    """The goals of issue 30 (issue 17's, restated) missed or not measured, from
    {users: (mix, floor)} measured in alternating windows."""
    missed = []
    for count, (mix, floor) in sorted(results.items()):
        if mix.cpu_ms_per_request() > GOAL_CPU_MS_PER_REQUEST:
            missed.append(
                f"CPU per request at {count} users {mix.cpu_ms_per_request():.1f} ms "
                f"(goal ≤ {GOAL_CPU_MS_PER_REQUEST})"
            )
        if floor.rps and (ratio := mix.rps / floor.rps) < GOAL_FLOOR_RATIO:
            missed.append(f"mix ÷ floor at {count} users {ratio:.2f} (goal ≥ {GOAL_FLOOR_RATIO:.2f})")
    if 20 not in results:
        missed.append("20 users not measured")
    elif (worst := results[20][0].p95_ms()) >= GOAL_WORST_P95_MS:
        missed.append(f"worst page p95 at 20 users {worst:.0f} ms (goal < {GOAL_WORST_P95_MS})")
    if 10 not in results:
        missed.append("10 users not measured")
    elif (table := results[10][0].p95_ms("committee_table")) >= GOAL_TABLE_P95_MS:
        missed.append(f"committee table p95 at 10 users {table:.0f} ms (goal < {GOAL_TABLE_P95_MS})")
    if any(mix.errors or floor.errors for mix, floor in results.values()):
        missed.append("errors (goal 0)")
    return missed

"""The HTTP province run of issues 17 and 30: its users (`manage.py province_users`, on a tiny
province), its alternating windows and the arithmetic of its figures and goals
(devtools/province_http.py); the run itself is `make bench`, whose figures are printed, not
asserted."""

import random
import time
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from devtools.management.commands.province_users import Command as ProvinceUsers
from devtools.province import build_province
from devtools.province_http import Level, goals, roles_of, run_alternating, window_order
from plans.choices import PledgeState
from plans.models import Pledge

PASSWORD = "province-users-test"


@pytest.fixture
def chosen(db):
    build_province(cells=4, committees=2, years=1, last_year=date.today().year - 1)
    rng = random.Random(1)  # noqa: S311 - which users to draw
    return ProvinceUsers().choose(rng, password=PASSWORD, members=2, secretaries=1, offices=1)


def test_province_users_gives_the_password_to_the_chosen_users_only(chosen, django_user_model):
    usernames = {user["username"] for role in ("member", "secretary", "office") for user in chosen[role]}
    assert len(usernames) == 4
    with_password = {
        user.username for user in django_user_model.objects.all() if user.check_password(PASSWORD)
    }
    assert with_password == usernames


def test_province_users_begins_a_draft_of_this_year_for_each_member(chosen):
    for user in chosen["member"]:
        draft = Pledge.objects.get(
            member__user__username=user["username"], study_year__year=date.today().year
        )
        assert draft.state == PledgeState.DRAFT
        assert draft.items.count() == 1
        assert user["draft"].endswith(f"/pledges/{draft.pk}/edit/")


def test_province_users_pages_open_for_their_users(chosen, client, django_user_model):
    for role, pages in {
        "member": ["pledge", "draft"],
        "secretary": ["year", "member_list"],
        "office": ["table"],
    }.items():
        for user in chosen[role]:
            client.force_login(django_user_model.objects.get(username=user["username"]))
            for page in pages:
                response = client.get(user[page])
                assert response.status_code == 200, f"{role} {page}: {response.status_code}"
                assert response.wsgi_request.user.username == user["username"]


def test_province_users_refuses_a_database_not_named_as_scratch(db):
    with pytest.raises(CommandError, match="Refusing to run"):
        call_command("province_users", scratch="not-this-one", password=PASSWORD)


def test_ten_users_are_six_members_three_secretaries_and_an_office():
    assert roles_of(10) == {"member": 6, "secretary": 3, "office": 1}
    assert roles_of(20) == {"member": 12, "secretary": 6, "office": 2}
    assert roles_of(3) == {"member": 3}


def _level(seconds: float, errors: int = 0, **times_ms: list[float]) -> Level:
    level = Level(
        times={page: [ms / 1000 for ms in spent] for page, spent in times_ms.items()}, seconds=seconds
    )
    if errors:
        level.errors["home: 500 to /"] = errors
    return level


def test_level_figures_are_the_rate_and_the_worst_page_p95():
    level = _level(2.0, home=[10.0] * 19 + [90.0], committee_table=[40.0] * 20)
    assert level.requests == 40
    assert level.rps == 20.0
    assert level.p95_ms("home") == 10.0  # nearest rank: the 19th of 20
    assert level.p95_ms() == 40.0
    assert level.p95_ms("year") == 0.0


def test_goals_met_and_missed():
    floor = _level(1.0, floor=[1.0] * 500)
    fast = _level(1.0, home=[50.0] * 240, committee_table=[60.0] * 10)
    assert goals({10: (fast, floor), 20: (fast, floor)}) == []
    slow = _level(1.0, errors=2, home=[250.0] * 100, committee_table=[120.0] * 10)
    assert goals({10: (slow, floor), 20: (slow, floor)}) == [
        "mix ÷ floor at 10 users 0.22 (goal ≥ 0.30)",
        "mix ÷ floor at 20 users 0.22 (goal ≥ 0.30)",
        "worst page p95 at 20 users 250 ms (goal < 200)",
        "committee table p95 at 10 users 120 ms (goal < 100)",
        "errors (goal 0)",
    ]
    assert goals({5: (fast, floor)}) == ["20 users not measured", "10 users not measured"]


def test_the_floor_and_the_mix_alternate_each_going_first_in_half_the_rounds():
    assert window_order(1) == ["floor", "mix"]
    assert window_order(3) == ["floor", "mix", "mix", "floor", "floor", "mix"]


class _OneRequestUser:
    """A user whose round and floor record one request and wait a moment."""

    def round(self, level):
        level.record("home", 0.001, None)
        time.sleep(0.001)

    def floor(self, level):
        level.record("floor", 0.001, None)
        time.sleep(0.001)


def test_alternating_windows_add_up_each_kind_and_its_cpu():
    # The servers' CPU seconds: gunicorn +10 and PostgreSQL +5 in every window.
    readings = iter({"gunicorn": 10 * n, "postgresql": 5 * n} for n in range(100))
    mix, floor = run_alternating([_OneRequestUser()], 2, 0.01, lambda: next(readings))
    assert (mix.windows, floor.windows) == (2, 2)
    assert set(mix.times) == {"home"} and set(floor.times) == {"floor"}
    assert mix.cpu_by_tree == floor.cpu_by_tree == {"gunicorn": 20, "postgresql": 10}
    assert mix.cpu_ms_per_request() == 1000 * 30 / mix.requests
    assert mix.cpu_ms_per_request("postgresql") == 1000 * 10 / mix.requests


def test_cpu_per_request_and_the_ratio_to_the_floor_are_goals():
    floor = _level(1.0, floor=[1.0] * 500)
    fast = _level(1.0, home=[50.0] * 240, committee_table=[60.0] * 10)
    fast.cpu_by_tree["gunicorn"] = 2.5  # 10 ms per request
    costly = _level(1.0, home=[50.0] * 100, committee_table=[60.0] * 10)
    costly.cpu_by_tree.update(gunicorn=1.1, postgresql=0.55)  # 15 ms per request
    assert goals({10: (fast, floor), 20: (fast, floor)}) == []
    assert goals({10: (costly, floor), 20: (fast, floor)}) == [
        "CPU per request at 10 users 15.0 ms (goal ≤ 13)",
        "mix ÷ floor at 10 users 0.22 (goal ≥ 0.30)",
    ]

"""The Monday sessions' rota, days off, swaps and recording (plans/services/monday.py)."""

import io
from datetime import date, timedelta

import pytest
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from plans.choices import MondayState
from plans.models import MondayDayOff, MondaySession
from plans.selectors.monday import recent_repeat
from plans.services import monday as monday_services
from tests.factories import (
    MondayDayOffFactory,
    make_cell,
    make_group,
    make_member,
    make_monday_session,
    make_story,
)
from tests.plans.helpers import next_monday, record_data, record_url, rota

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_cell(db):
    """A cell of three groups, created out of order: the turns follow `order`, not creation."""
    cell = make_cell(name="Chi bộ Nhỏ", slug="nho")
    third = make_group(cell, 3, name="Tổ C")
    first = make_group(cell, 1, name="Tổ A")
    second = make_group(cell, 2, name="Tổ B")
    return cell, [first, second, third]


# The rota


@pytest.mark.parametrize("year", range(2016, 2027))
def test_rota_has_every_monday_but_the_public_holidays_and_only_mondays(small_cell, year):
    cell, _ = small_cell
    created = monday_services.rota_create(cell=cell, year=year)
    days = [session.day for session in rota(cell, year)]
    holidays = monday_services.public_holidays(year)
    assert days == [session.day for session in created]
    assert {day.weekday() for day in days} == {0}
    assert not set(days) & set(holidays)
    assert days == [day for day in monday_services.mondays(year) if day not in holidays]


# Checked against the calendar and the holidays package: the Monday, and what it is.
LUNAR_MONDAYS = [
    (date(2016, 2, 8), "Lunar New Year"),  # Tết Bính Thân, the first day
    (date(2018, 2, 19), "Fourth Day of Lunar New Year"),
    (date(2020, 1, 27), "Third Day of Lunar New Year"),
    (date(2021, 2, 15), "Fourth Day of Lunar New Year"),
    (date(2024, 2, 12), "Third Day of Lunar New Year"),
    (date(2016, 4, 18), "Hung Kings' Commemoration Day (observed)"),  # 10/3 fell on Saturday 16/4
    (date(2019, 4, 15), "Hung Kings' Commemoration Day (observed)"),  # 10/3 fell on Sunday 14/4
    (date(2025, 4, 7), "Hung Kings' Commemoration Day"),  # 10/3 Ất Tỵ on a Monday
]


@pytest.mark.parametrize(("day", "name"), LUNAR_MONDAYS)
def test_rota_skips_tet_and_the_hung_kings_day_falling_on_a_monday(small_cell, day, name):
    cell, _ = small_cell
    assert day.weekday() == 0
    assert monday_services.public_holidays(day.year, language="en_US")[day] == name
    monday_services.rota_create(cell=cell, year=day.year)
    days = {session.day for session in rota(cell, day.year)}
    assert day not in days
    assert day - timedelta(weeks=1) in days or day - timedelta(weeks=1) in monday_services.public_holidays(
        day.year
    )


def test_the_lunar_holidays_move_from_year_to_year():
    tet = {
        year: min(
            day
            for day, name in monday_services.public_holidays(year, "en_US").items()
            if name == "Lunar New Year"
        )
        for year in (2021, 2022, 2023)
    }
    assert tet == {2021: date(2021, 2, 12), 2022: date(2022, 2, 1), 2023: date(2023, 1, 22)}
    assert date(2023, 4, 29) in monday_services.public_holidays(2023)  # Giỗ Tổ 2023, a Saturday


def test_groups_take_turns_in_their_order_and_wrap_round(small_cell):
    cell, groups = small_cell
    monday_services.rota_create(cell=cell, year=2021)
    names = [session.group.name for session in rota(cell, 2021)]
    assert names[:7] == ["Tổ A", "Tổ B", "Tổ C", "Tổ A", "Tổ B", "Tổ C", "Tổ A"]
    assert names == [["Tổ A", "Tổ B", "Tổ C"][index % 3] for index in range(len(names))]


def test_days_marked_off_are_skipped(small_cell):
    cell, _ = small_cell
    MondayDayOffFactory(cell=cell, day=date(2021, 1, 11), reason="Đại hội chi bộ")
    monday_services.rota_create(cell=cell, year=2021)
    sessions = rota(cell, 2021)
    assert [session.day for session in sessions[:2]] == [date(2021, 1, 4), date(2021, 1, 18)]
    assert [session.group.name for session in sessions[:2]] == ["Tổ A", "Tổ B"]


def test_regenerating_creates_nothing_twice(small_cell):
    cell, _ = small_cell
    first = monday_services.rota_create(cell=cell, year=2021)
    before = [(session.day, session.group_id) for session in rota(cell, 2021)]
    assert monday_services.rota_create(cell=cell, year=2021) == []
    assert [(session.day, session.group_id) for session in rota(cell, 2021)] == before
    assert len(before) == len(first) == 50


def test_regenerating_fills_the_gaps_continuing_from_the_latest_session_before(small_cell):
    cell, (group_a, group_b, group_c) = small_cell
    make_monday_session(cell, group_b, date(2021, 1, 4), "held")
    make_monday_session(cell, group_a, date(2021, 1, 25))
    monday_services.rota_create(cell=cell, year=2021)
    names = [session.group.name for session in rota(cell, 2021)[:6]]
    # 11/1 follows B; 18/1 follows that; 25/1 is kept as it was; 1/2 follows A.
    assert names == ["Tổ B", "Tổ C", "Tổ A", "Tổ A", "Tổ B", "Tổ C"]


def test_the_next_year_continues_the_turns_of_the_last(small_cell):
    cell, _ = small_cell
    monday_services.rota_create(cell=cell, year=2021)
    last = rota(cell, 2021)[-1].group.name
    monday_services.rota_create(cell=cell, year=2022)
    first = rota(cell, 2022)[0].group.name
    turns = ["Tổ A", "Tổ B", "Tổ C"]
    assert first == turns[(turns.index(last) + 1) % 3]
    assert (last, first) == ("Tổ B", "Tổ C")  # 2021 has 50 sessions: the 50th is B's


def test_a_cell_without_groups_gets_no_rota():
    cell = make_cell()
    with pytest.raises(ValidationError):
        monday_services.rota_create(cell=cell, year=2021)


def test_one_session_per_cell_per_day_is_a_fact_of_the_database(small_cell):
    cell, (group_a, group_b, _) = small_cell
    make_monday_session(cell, group_a, date(2021, 1, 4))
    with pytest.raises(IntegrityError), transaction.atomic():
        MondaySession.objects.create(cell=cell, group=group_b, day=date(2021, 1, 4))


def test_monday_rota_command_creates_the_rota_and_prints_it_as_csv():
    cell = make_cell(name="Chi bộ Hai Tổ", slug="hai-to")
    make_group(cell, 1, name="Tổ Một")
    make_group(cell, 2, name="Tổ Hai")
    out = io.StringIO()
    call_command("monday_rota", "--cell", "hai-to", "--year", "2021", stdout=out)
    # Every Monday of 2021 but Tết (15/2) and the observed Labour Day (3/5), groups alternating.
    skipped = {date(2021, 2, 15), date(2021, 5, 3)}
    days = [date(2021, 1, 4) + timedelta(weeks=week) for week in range(52)]
    expected_rows = [
        f"{day.isoformat()},{('Tổ Một', 'Tổ Hai')[index % 2]}"
        for index, day in enumerate(day for day in days if day not in skipped)
    ]
    expected = "\n".join(["date,group", *expected_rows]) + "\n"
    assert out.getvalue() == expected
    assert out.getvalue().startswith(
        "date,group\n2021-01-04,Tổ Một\n2021-01-11,Tổ Hai\n2021-01-18,Tổ Một\n2021-01-25,Tổ Hai\n"
    )
    assert "2021-02-08,Tổ Hai\n2021-02-22,Tổ Một\n" in out.getvalue()
    assert out.getvalue().endswith("2021-12-20,Tổ Một\n2021-12-27,Tổ Hai\n")
    again = io.StringIO()
    call_command("monday_rota", "--cell", "hai-to", "--year", "2021", stdout=again)
    assert again.getvalue() == expected
    assert MondaySession.objects.filter(cell=cell).count() == 50


# Days off, swaps, recording


def test_marking_a_day_off_removes_the_planned_session_of_that_day(plan_world):
    monday_services.rota_create(cell=plan_world.cell, year=2021)
    day_off, removed = monday_services.monday_day_off_mark(
        actor=plan_world.secretary.user, cell=plan_world.cell, day=date(2021, 3, 8), reason="Bầu cử"
    )
    assert removed is True
    assert day_off.reason == "Bầu cử"
    assert not MondaySession.objects.filter(cell=plan_world.cell, day=date(2021, 3, 8)).exists()
    assert MondaySession.objects.filter(cell=plan_world.cell, day=date(2021, 3, 15)).exists()
    assert monday_services.rota_create(cell=plan_world.cell, year=2021) == []


@pytest.mark.parametrize("state", [MondayState.HELD, MondayState.NOT_HELD])
def test_marking_a_day_off_never_removes_a_recorded_session(plan_world, state):
    session = make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8), state)
    day_off, removed = monday_services.monday_day_off_mark(
        actor=plan_world.secretary.user, cell=plan_world.cell, day=date(2021, 3, 8), reason="Bầu cử"
    )
    assert removed is False
    assert MondaySession.objects.get(pk=session.pk).state == state
    assert MondayDayOff.objects.filter(cell=plan_world.cell, day=date(2021, 3, 8)).exists()


def test_a_day_off_must_be_a_monday_and_marked_once(plan_world):
    actor = plan_world.secretary.user
    with pytest.raises(ValidationError):
        monday_services.monday_day_off_mark(
            actor=actor, cell=plan_world.cell, day=date(2021, 3, 9), reason="Họp"
        )
    monday_services.monday_day_off_mark(actor=actor, cell=plan_world.cell, day=date(2021, 3, 8), reason="Họp")
    with pytest.raises(ValidationError):
        monday_services.monday_day_off_mark(
            actor=actor, cell=plan_world.cell, day=date(2021, 3, 8), reason="Họp"
        )


def test_day_off_page_marks_a_day_and_removes_its_session(plan_world, login):
    monday_services.rota_create(cell=plan_world.cell, year=2021)
    response = login(plan_world.secretary).post(
        reverse("plans:monday_day_off", kwargs={"slug": plan_world.cell.slug}),
        {"day": "08/03/2021", "reason": "Bầu cử đại biểu Quốc hội"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2021&month=3")
    assert MondayDayOff.objects.get(cell=plan_world.cell).day == date(2021, 3, 8)
    assert not MondaySession.objects.filter(cell=plan_world.cell, day=date(2021, 3, 8)).exists()


def test_swap_exchanges_the_groups_of_two_planned_sessions(plan_world):
    first = make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8))
    second = make_monday_session(plan_world.cell, plan_world.group2, date(2021, 3, 15))
    monday_services.monday_sessions_swap(actor=plan_world.secretary.user, first=first, second=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.day, first.group) == (date(2021, 3, 8), plan_world.group2)
    assert (second.day, second.group) == (date(2021, 3, 15), plan_world.group1)


def test_swap_refuses_a_recorded_session_and_another_cells(plan_world):
    held = make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8), "held")
    planned = make_monday_session(plan_world.cell, plan_world.group2, date(2021, 3, 15))
    elsewhere = make_monday_session(plan_world.other_cell, plan_world.other_group, date(2021, 3, 22))
    with pytest.raises(ValidationError):
        monday_services.monday_sessions_swap(actor=plan_world.secretary.user, first=held, second=planned)
    with pytest.raises(ValidationError):
        monday_services.monday_sessions_swap(actor=plan_world.secretary.user, first=planned, second=elsewhere)
    with pytest.raises(PermissionDenied):
        monday_services.monday_sessions_swap(actor=plan_world.leader.user, first=planned, second=planned)
    assert MondaySession.objects.get(pk=held.pk).group == plan_world.group1
    assert MondaySession.objects.get(pk=planned.pk).group == plan_world.group2


def test_swap_page_swaps_the_chosen_sessions(plan_world, login):
    if next_monday(1).year != next_monday(2).year:
        pytest.skip("the two next Mondays fall in two years")
    first = make_monday_session(plan_world.cell, plan_world.group1, next_monday(1))
    second = make_monday_session(plan_world.cell, plan_world.group2, next_monday(2))
    url = reverse("plans:monday_swap", kwargs={"slug": plan_world.cell.slug})
    response = login(plan_world.secretary).post(
        f"{url}?year={first.day.year}", {"first": first.pk, "second": second.pk}
    )
    assert response.status_code == 302
    assert MondaySession.objects.get(pk=first.pk).group == plan_world.group2
    assert MondaySession.objects.get(pk=second.pk).group == plan_world.group1


def test_leader_records_the_session_of_the_own_group(plan_world, login):
    session = make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8))
    story = make_story(plan_world.cell, "Chiếc đồng hồ")
    response = login(plan_world.leader).post(record_url(session), record_data(plan_world.member, story))
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.state, session.reader, session.story, session.attendance) == (
        MondayState.HELD,
        plan_world.member,
        story,
        24,
    )
    assert session.history.first().history_change_reason == "monday.recorded"
    assert session.history.first().history_user == plan_world.leader.user


def test_leader_may_not_record_another_groups_session(plan_world, login):
    session = make_monday_session(plan_world.cell, plan_world.group2, date(2021, 3, 8))
    client = login(plan_world.leader)
    assert client.get(record_url(session)).status_code == 403
    response = client.post(record_url(session), record_data(plan_world.member))
    assert response.status_code == 403
    assert MondaySession.objects.get(pk=session.pk).state == MondayState.PLANNED


def test_committee_records_any_session(plan_world, login):
    session = make_monday_session(plan_world.cell, plan_world.group2, date(2021, 3, 8))
    response = login(plan_world.committee_member).post(
        record_url(session), record_data(None, state="not_held", attendance=None, reason="Mất điện")
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.state, session.not_held_reason) == (MondayState.NOT_HELD, "Mất điện")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"state": "not_held", "attendance": None, "reason": ""}, "not_held_reason"),
        ({"state": "held", "attendance": None}, "attendance"),
        ({"state": "held", "attendance": -3}, "attendance"),
        ({"state": "held", "attendance": 5000}, "attendance"),
        ({"state": "held", "reader": None}, "reader"),
    ],
)
def test_recording_refuses_incomplete_or_impossible_figures(plan_world, login, data, field):
    session = make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8))
    reader = data.pop("reader", plan_world.member)
    response = login(plan_world.secretary).post(record_url(session), record_data(reader, **data))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert MondaySession.objects.get(pk=session.pk).state == MondayState.PLANNED


def test_the_reader_must_be_a_member_of_the_cell(plan_world):
    session = make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8))
    left = make_member(plan_world.cell, plan_world.group1, left_on=date(2020, 6, 1), left_reason="moved")
    for reader in (plan_world.other_cell_member, left):
        with pytest.raises(ValidationError) as error:
            monday_services.monday_session_record(
                actor=plan_world.secretary.user,
                session=session,
                data={"state": "held", "reader": reader, "attendance": 20},
            )
        assert "reader" in error.value.message_dict
    assert MondaySession.objects.get(pk=session.pk).reader is None


def test_a_future_session_cannot_be_recorded_as_held(plan_world):
    session = make_monday_session(plan_world.cell, plan_world.group1, next_monday())
    with pytest.raises(ValidationError) as error:
        monday_services.monday_session_record(
            actor=plan_world.secretary.user,
            session=session,
            data={"state": "held", "reader": plan_world.member, "attendance": 20},
        )
    assert "state" in error.value.message_dict


def test_a_story_read_again_by_the_group_within_12_months_is_recorded_with_a_warning(plan_world, login):
    story = make_story(plan_world.cell, "Bác Hồ với việc tiết kiệm")
    make_monday_session(plan_world.cell, plan_world.group1, date(2020, 9, 14), "held", story=story)
    session = make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8))
    response = login(plan_world.leader).post(
        record_url(session), record_data(plan_world.member, story), follow=True
    )
    assert response.status_code == 200
    warnings = [m for m in response.context["messages"] if m.level == messages.WARNING]
    assert len(warnings) == 1
    assert "14/09/2020" in str(warnings[0])
    session.refresh_from_db()
    assert (session.state, session.story) == (MondayState.HELD, story)


def test_no_warning_after_12_months_or_for_another_group(plan_world):
    story = make_story(plan_world.cell)
    make_monday_session(plan_world.cell, plan_world.group1, date(2020, 3, 2), "held", story=story)
    make_monday_session(plan_world.cell, plan_world.group2, date(2021, 1, 4), "held", story=story)
    later = make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8), "held", story=story)
    assert recent_repeat(later) is None
    again = make_monday_session(plan_world.cell, plan_world.group2, date(2021, 3, 15), "held", story=story)
    assert recent_repeat(again).day == date(2021, 1, 4)

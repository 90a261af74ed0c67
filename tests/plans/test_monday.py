import io
from datetime import date, datetime, timedelta

import pytest
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from members.models import Cell
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
from tests.two_editors import refused_then_saved

pytestmark = pytest.mark.django_db


def rota(cell, year):
    return list(MondaySession.objects.filter(cell=cell, day__year=year).order_by("day"))


def next_monday(weeks: int = 1) -> date:
    today = timezone.localdate()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7) + timedelta(weeks=weeks - 1)


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


def record_data(reader, story=None, state="held", attendance=24, reason="", version=1):
    return {
        "state": state,
        "reader": reader.pk if reader else "",
        "story": story.pk if story else "",
        "attendance": "" if attendance is None else attendance,
        "note": "",
        "not_held_reason": reason,
        "version": version,
    }


def record_url(session):
    return reverse("plans:monday_record", kwargs={"slug": session.cell.slug, "pk": session.pk})


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


# Who sees what

PERSONAS = ["member", "leader", "secretary", "committee_member", "staff", "other_secretary", "anonymous"]
PAGE_TABLE = {
    "monday_rota": [200, 200, 200, 200, 200, 404, 302],
    "monday_pdf": [200, 200, 200, 200, 200, 404, 302],
    "story_list": [200, 200, 200, 200, 200, 404, 302],
    "story_detail": [200, 200, 200, 200, 200, 404, 302],
    "monday_record": [403, 200, 200, 200, 403, 404, 302],
    "monday_day_off": [403, 403, 200, 200, 403, 404, 302],
    "monday_swap": [403, 403, 200, 200, 403, 404, 302],
    "story_create": [403, 403, 200, 200, 403, 404, 302],
    "story_update": [403, 403, 200, 200, 403, 404, 302],
}
CASES = [
    (page, persona, status)
    for page, statuses in PAGE_TABLE.items()
    for persona, status in zip(PERSONAS, statuses, strict=True)
]


@pytest.mark.parametrize(("page", "persona", "status"), CASES)
def test_monday_pages_answer_each_role_exactly(plan_world, client, page, persona, status):
    session = make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8))
    story = make_story(plan_world.cell)
    kwargs = {"slug": plan_world.cell.slug}
    if page == "monday_record":
        kwargs["pk"] = session.pk
    if page in ("story_detail", "story_update"):
        kwargs["pk"] = story.pk
    url = reverse(f"plans:{page}", kwargs=kwargs)
    if page == "monday_pdf":
        url += "?year=2021&month=3"
    if persona != "anonymous":
        person = getattr(plan_world, persona)
        client.force_login(getattr(person, "user", person))
    response = client.get(url)
    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "status", "created"),
    [
        ("member", 403, 0),
        ("leader", 403, 0),
        ("staff", 403, 0),
        ("other_secretary", 404, 0),
        ("deputy", 302, 50),
    ],
)
def test_only_the_committee_generates_the_rota(plan_world, client, persona, status, created):
    person = getattr(plan_world, persona)
    client.force_login(getattr(person, "user", person))
    response = client.post(
        reverse("plans:monday_generate", kwargs={"slug": plan_world.cell.slug}), {"year": 2021}
    )
    assert response.status_code == status
    assert MondaySession.objects.filter(cell=plan_world.cell).count() == created


def test_the_rota_page_shows_edit_buttons_to_the_leader_of_the_group_only(plan_world, login):
    own = make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8))
    other = make_monday_session(plan_world.cell, plan_world.group2, date(2021, 3, 15))
    url = reverse("plans:monday_rota", kwargs={"slug": plan_world.cell.slug}) + "?year=2021&month=3"
    leader_page = login(plan_world.leader).get(url)
    assert [(s.pk, s.can["record"]) for s in leader_page.context["sessions"]] == [
        (own.pk, True),
        (other.pk, False),
    ]
    assert record_url(own) in leader_page.content.decode()
    assert record_url(other) not in leader_page.content.decode()
    member_page = login(plan_world.member).get(url)
    assert [s.can["record"] for s in member_page.context["sessions"]] == [False, False]
    assert "/record/" not in member_page.content.decode()
    assert member_page.context["can_manage"] is False
    secretary_page = login(plan_world.secretary).get(url)
    assert secretary_page.context["can_manage"] is True
    assert reverse("plans:monday_generate", kwargs={"slug": plan_world.cell.slug}) in (
        secretary_page.content.decode()
    )


def test_the_rota_page_filters_by_month(plan_world, login):
    monday_services.rota_create(cell=plan_world.cell, year=2021)
    url = reverse("plans:monday_rota", kwargs={"slug": plan_world.cell.slug})
    page = login(plan_world.member).get(url, {"year": 2021, "month": 2})
    assert [s.day for s in page.context["sessions"]] == [
        date(2021, 2, 1),
        date(2021, 2, 8),
        date(2021, 2, 22),
    ]
    assert [row["day"] for row in page.context["skipped"]] == [date(2021, 2, 15)]


def test_rota_page_makes_the_same_number_of_queries_for_3_and_30_members(plan_world, login):
    monday_services.rota_create(cell=plan_world.cell, year=2021)
    client = login(plan_world.leader)
    url = reverse("plans:monday_rota", kwargs={"slug": plan_world.cell.slug}) + "?year=2021"
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    sessions = rota(plan_world.cell, 2021)
    for number in range(24):
        member = make_member(plan_world.cell, plan_world.group1)
        session = sessions[number]
        session.state, session.reader, session.attendance = MondayState.HELD, member, 20
        session.story = make_story(plan_world.cell)
        session.save()
    assert count() == few


def test_story_page_lists_the_sessions_that_used_it(plan_world, login):
    story = make_story(plan_world.cell, "Đôi dép cao su")
    used = make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8), "held", story=story)
    make_monday_session(plan_world.cell, plan_world.group2, date(2021, 3, 15), "held")
    page = login(plan_world.member).get(story.get_absolute_url())
    assert page.status_code == 200
    assert [session.pk for session in page.context["sessions"]] == [used.pk]
    assert "08/03/2021" in page.content.decode()


def test_committee_adds_a_story_to_the_library(plan_world, login):
    response = login(plan_world.secretary).post(
        reverse("plans:story_create", kwargs={"slug": plan_world.cell.slug}),
        {
            "title": "Chiếc đồng hồ",
            "kind": "story",
            "source": "",
            "text": "Bộ phận nào cũng quan trọng.",
            "version": 1,
        },
    )
    story = plan_world.cell.stories.get()
    assert response.status_code == 302
    assert response["Location"] == story.get_absolute_url()
    assert story.history.first().history_change_reason == "story.created"


def test_member_home_shows_the_next_turn_of_the_own_group(plan_world, login):
    make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8), "held")
    make_monday_session(plan_world.cell, plan_world.group2, next_monday(1))
    turn = make_monday_session(plan_world.cell, plan_world.group1, next_monday(2))
    make_monday_session(plan_world.cell, plan_world.group1, next_monday(3))
    page = login(plan_world.member).get(reverse("home"))
    assert page.status_code == 200
    assert page.context["monday_turn"] == turn
    content = page.content.decode()
    assert turn.day.strftime("%d/%m/%Y") in content
    rota = reverse("plans:monday_rota", kwargs={"slug": plan_world.cell.slug})
    assert f"{rota}?year={turn.day.year}#session-{turn.pk}" in content


def test_in_december_the_next_turn_in_january_opens_the_rota_of_its_year(plan_world, login, monkeypatch):
    december = timezone.make_aware(datetime(2026, 12, 1, 9))
    monkeypatch.setattr(timezone, "now", lambda: december)
    turn = make_monday_session(plan_world.cell, plan_world.group1, date(2027, 1, 4))
    browser = login(plan_world.member)
    rota = reverse("plans:monday_rota", kwargs={"slug": plan_world.cell.slug})
    assert f"{rota}?year=2027#session-{turn.pk}" in browser.get(reverse("home")).content.decode()
    assert f'id="session-{turn.pk}"' in browser.get(f"{rota}?year=2027").content.decode()


def test_member_without_a_planned_turn_sees_none(plan_world, login):
    page = login(plan_world.member).get(reverse("home"))
    assert page.context["monday_turn"] is None


def test_month_pdf_lists_the_sessions_with_their_groups(plan_world, login):
    story = make_story(plan_world.cell, "Bát chè sẻ đôi")
    make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 1), "held", story=story)
    make_monday_session(plan_world.cell, plan_world.group2, date(2021, 3, 8))
    make_monday_session(plan_world.cell, plan_world.group1, date(2021, 4, 5))
    response = login(plan_world.member).get(
        reverse("plans:monday_pdf", kwargs={"slug": plan_world.cell.slug}), {"year": 2021, "month": 3}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in ("Tổ đảng số 1", "Tổ đảng số 2", "01/03/2021", "08/03/2021", "Bát chè sẻ đôi"):
        assert expected in text
    assert "05/04/2021" not in text


def test_quarter_pdf_holds_the_three_months(plan_world, login):
    make_monday_session(plan_world.cell, plan_world.group1, date(2021, 4, 5))
    make_monday_session(plan_world.cell, plan_world.group2, date(2021, 6, 28))
    make_monday_session(plan_world.cell, plan_world.group1, date(2021, 7, 5))
    response = login(plan_world.member).get(
        reverse("plans:monday_pdf", kwargs={"slug": plan_world.cell.slug}), {"year": 2021, "quarter": 2}
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "05/04/2021" in text
    assert "28/06/2021" in text
    assert "05/07/2021" not in text
    assert "quý II năm 2021" in " ".join(text.split())
    assert "T/M CHI BỘ" in text


def test_rota_page_offers_the_quarters_in_roman_numerals(plan_world, login):
    url = reverse("plans:monday_rota", kwargs={"slug": plan_world.cell.slug}) + "?year=2021"
    page = login(plan_world.member).get(url).content.decode()
    assert [f"Quý {numeral}" in page for numeral in ("I", "II", "III", "IV")] == [True] * 4
    assert "Quý 2" not in page


def test_story_list_makes_the_same_number_of_queries_for_3_and_30_stories(plan_world, login):
    for _ in range(3):
        make_story(plan_world.cell)
    client = login(plan_world.member)
    url = reverse("plans:story_list", kwargs={"slug": plan_world.cell.slug})
    client.get(url)  # the first page renews the session

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for number in range(27):
        story = make_story(plan_world.cell)
        make_monday_session(
            plan_world.cell,
            plan_world.group1,
            date(2020, 1, 6) + timedelta(weeks=number),
            "held",
            story=story,
        )
    assert count() == few


@pytest.mark.parametrize("model", ["story", "mondaydayoff", "mondaysession"])
def test_admin_lists_and_opens_the_monday_models(plan_world, client, django_user_model, model):
    story = make_story(plan_world.cell)
    make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8), "held", story=story)
    MondayDayOffFactory(cell=plan_world.cell, day=date(2021, 3, 15), reason="Bầu cử")
    client.force_login(
        django_user_model.objects.create_superuser("quantri", password="a-long-admin-password")
    )
    assert client.get(reverse(f"admin:plans_{model}_changelist")).status_code == 200
    obj = {
        "story": story,
        "mondaydayoff": MondayDayOff.objects.get(),
        "mondaysession": MondaySession.objects.get(),
    }
    assert client.get(reverse(f"admin:plans_{model}_change", args=[obj[model].pk])).status_code == 200


def test_demo_holds_the_story_library_and_the_monday_sessions_of_2017_to_2021():
    call_command("loaddemo", stdout=None)
    cell = Cell.objects.get(slug="khoi-dang")
    assert cell.stories.count() >= 12
    assert {"Chiếc đồng hồ", "Bác Hồ với việc tiết kiệm", "Cần, kiệm, liêm, chính, chí công vô tư"} <= set(
        cell.stories.values_list("title", flat=True)
    )
    sessions = list(
        MondaySession.objects.filter(cell=cell, day__year__in=range(2017, 2022)).select_related("reader")
    )
    assert {session.day.year for session in sessions} == set(range(2017, 2022))
    assert {session.state for session in sessions} == {MondayState.HELD}
    assert all(session.reader.group_id == session.group_id for session in sessions)
    assert all(20 <= session.attendance <= 27 for session in sessions)
    assert all(session.story_id for session in sessions)
    assert [session for session in sessions if recent_repeat(session)] == []
    for year in range(2017, 2022):
        held = {session.day for session in sessions if session.day.year == year}
        assert held == set(monday_services.mondays(year)) - set(monday_services.public_holidays(year)) - set(
            MondayDayOff.objects.filter(cell=cell, day__year=year).values_list("day", flat=True)
        )
    today = timezone.localdate()
    assert MondaySession.objects.filter(cell=cell, state=MondayState.PLANNED, day__gte=today).exists()
    assert not MondaySession.objects.filter(cell=cell, state=MondayState.PLANNED, day__lt=today).exists()


@pytest.mark.parametrize("kind", ["story", "monday_session"])
def test_a_save_on_an_older_copy_is_refused_and_keeps_what_was_typed(plan_world, kind):
    if kind == "story":
        record = make_story(plan_world.cell, "Chiếc đồng hồ")
        url = reverse("plans:story_update", kwargs={"slug": plan_world.cell.slug, "pk": record.pk})
        data, field = {"title": "Chiếc đồng hồ", "kind": "story", "source": ""}, "text"
        second = plan_world.committee_member
    else:
        record = make_monday_session(plan_world.cell, plan_world.group1, date(2021, 3, 8))
        url, data, field = record_url(record), record_data(plan_world.member), "note"
        second = plan_world.leader  # of the group on duty, from the phone
    refused_then_saved(
        url=url,
        data=data,
        first=plan_world.secretary,
        second=second,
        model=type(record),
        field=field,
        theirs="Bí thư sửa trên máy tính",
        mine="Tổ trưởng gõ trên điện thoại",
    )
    assert getattr(type(record).objects.get(pk=record.pk), field) == "Tổ trưởng gõ trên điện thoại"

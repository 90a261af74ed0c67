"""The Monday pages: who sees what, the rota and the story library, the PDFs (plans/views/monday.py)."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
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
    make_member,
    make_monday_session,
    make_story,
)
from tests.plans.helpers import next_monday, record_data, record_url, rota
from tests.two_editors import refused_then_saved

pytestmark = pytest.mark.django_db

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


def test_demo_holds_the_story_library_and_the_monday_sessions_of_2017_to_2021(demo):
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

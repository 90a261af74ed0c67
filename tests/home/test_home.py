"""The home page lists the work waiting for each role (issue 14, item 1): the group leader's,
the cell committee's and the superior office's, each entry linked to its record and saying since
when it waits, in a number of queries that grows with neither the cell nor the committee."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.choices import CellRole
from plans.choices import PledgeState
from reports.choices import ReportState
from tests.factories import (
    ReportFactory,
    make_case,
    make_cell,
    make_group,
    make_member,
    make_member_with_account,
    make_monday_session,
    make_pledge,
    make_study_year,
)
from tests.query_counts import first_visit_queries

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)  # a Monday


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(TODAY))
    return TODAY


@pytest.fixture
def home_world(world, today):
    """The world with the study year 2026 (pledges due on 15/12) and a member more in each group."""
    world.study_year = make_study_year(world.cell, 2026, pledge_deadline=date(2026, 12, 15))
    world.group2.leader = world.other_group_member
    world.group2.save()
    world.mate = make_member_with_account(world.cell, world.group1, full_name="Vũ Thị Bạn")
    world.far = make_member(world.cell, world.group2, full_name="Đinh Văn Xa")
    return world


@pytest.fixture
def browser(client):
    """A signed-in client reading the page in English: the English msgids are what the tests
    compare, whatever the Vietnamese catalogue says."""

    def sign_in(person):
        client.force_login(getattr(person, "user", person))
        client.cookies["django_language"] = "en"
        return client

    return sign_in


def entries(page, role: str, key: str) -> list:
    return [entry["record"] for entry in page.context[role][key]]


# The group leader


def test_leader_sees_the_own_groups_pledges_waiting_for_review_since_their_submission(home_world, browser):
    waiting = make_pledge(
        home_world.member, home_world.study_year, PledgeState.SUBMITTED, submitted_at=at(date(2026, 11, 12))
    )
    make_pledge(
        home_world.far, home_world.study_year, PledgeState.SUBMITTED, submitted_at=at(date(2026, 11, 2))
    )
    page = browser(home_world.leader).get(reverse("home"))
    assert page.status_code == 200
    assert entries(page, "leader_todo", "to_review") == [waiting]
    entry = page.context["leader_todo"]["to_review"][0]
    assert (entry["since"], entry["days"]) == (date(2026, 11, 12), 18)
    content = page.content.decode()
    assert f'<a href="{waiting.get_absolute_url()}">Nguyễn Thị Đào</a>' in content
    assert "waiting since 12/11 (18 days)" in content
    assert "Đinh Văn Xa" not in content


def test_leader_sees_the_members_who_have_not_handed_in_a_pledge_with_the_days_left(home_world, browser):
    draft = make_pledge(home_world.member, home_world.study_year, PledgeState.DRAFT)
    make_pledge(home_world.mate, home_world.study_year, PledgeState.SUBMITTED)
    page = browser(home_world.leader).get(reverse("home"))
    not_started = entries(page, "leader_todo", "not_started")
    # The group's other members, the leader included; not the other group's, not who submitted.
    assert {member.full_name for member in not_started} == {
        "Hoàng Văn Bí",
        "Phạm Thị Phó",
        "Trần Thị Tổ",
        "Nguyễn Thị Đào",
    }
    content = page.content.decode()
    assert "15 days left to the deadline" in content
    assert f'<a href="{draft.get_absolute_url()}">Nguyễn Thị Đào</a>' in content
    secretary = home_world.secretary
    assert f'<a href="{secretary.get_absolute_url()}">Hoàng Văn Bí</a>' in content
    assert "draft not submitted" in content


def test_after_the_deadline_the_leader_sees_the_days_past_it(home_world, browser, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(date(2026, 12, 18)))
    page = browser(home_world.leader).get(reverse("home"))
    assert "3 days past the deadline" in page.content.decode()


def test_self_assessments_are_due_from_december(home_world, browser, monkeypatch):
    approved = make_pledge(
        home_world.member, home_world.study_year, PledgeState.APPROVED, reviewed_at=at(date(2026, 3, 2))
    )
    make_pledge(home_world.mate, home_world.study_year, PledgeState.SELF_ASSESSED)
    client = browser(home_world.leader)
    assert entries(client.get(reverse("home")), "leader_todo", "to_self_assess") == []
    monkeypatch.setattr(timezone, "now", lambda: at(date(2026, 12, 2)))
    page = browser(home_world.leader).get(reverse("home"))  # the session of 30/11 has expired
    assert entries(page, "leader_todo", "to_self_assess") == [approved]
    # Counted from the opening day, not from the approval in March.
    assert "waiting since 01/12 (1 day)" in page.content.decode()


def test_a_self_assessment_approved_after_the_opening_waits_from_its_approval(
    home_world, browser, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: at(date(2026, 12, 9)))
    make_pledge(
        home_world.member, home_world.study_year, PledgeState.APPROVED, reviewed_at=at(date(2026, 12, 4))
    )
    page = browser(home_world.leader).get(reverse("home"))
    assert "waiting since 04/12 (5 days)" in page.content.decode()


def test_before_december_the_member_home_says_when_the_self_assessment_opens(home_world, browser):
    make_pledge(
        home_world.member, home_world.study_year, PledgeState.APPROVED, reviewed_at=at(date(2026, 3, 2))
    )
    content = browser(home_world.member).get(reverse("home")).content.decode()
    assert "The self-assessment opens on 01/12/2026" in content
    assert 'id="self-assess"' not in content


def test_from_december_the_member_home_says_the_self_assessment_is_open_and_offers_it(
    home_world, browser, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: at(date(2026, 12, 1)))
    pledge = make_pledge(
        home_world.member, home_world.study_year, PledgeState.APPROVED, reviewed_at=at(date(2026, 3, 2))
    )
    content = browser(home_world.member).get(reverse("home")).content.decode()
    assert "The self-assessment is open since 01/12/2026: assess how you carried out your pledge." in content
    assess = reverse("plans:pledge_assess", kwargs={"slug": home_world.cell.slug, "pk": pledge.pk})
    assert f'href="{assess}" id="self-assess">Self-assess</a>' in content


def test_leader_records_the_groups_turn_once_its_day_has_come(home_world, browser):
    due = make_monday_session(home_world.cell, home_world.group1, date(2026, 11, 23))
    on_the_day = make_monday_session(home_world.cell, home_world.group1, TODAY)
    make_monday_session(home_world.cell, home_world.group2, date(2026, 11, 16))
    make_monday_session(home_world.cell, home_world.group1, date(2026, 11, 9), "held")
    upcoming = make_monday_session(home_world.cell, home_world.group1, date(2026, 12, 14))
    page = browser(home_world.leader).get(reverse("home"))
    assert entries(page, "leader_todo", "to_record") == [due, on_the_day]
    assert page.context["leader_todo"]["next_turn"] == upcoming
    content = page.content.decode()
    for session in (due, on_the_day):
        record = reverse("plans:monday_record", kwargs={"slug": home_world.cell.slug, "pk": session.pk})
        assert f'href="{record}">Record</a>' in content
    assert "waiting since 23/11 (7 days)" in content
    assert "Next turn of Tổ đảng số 1: Monday <strong>14/12/2026</strong>." in content


def test_a_plain_member_sees_no_to_do_list_but_the_own_pledge(home_world, browser):
    make_pledge(home_world.mate, home_world.study_year, PledgeState.SUBMITTED)
    page = browser(home_world.member).get(reverse("home"))
    assert page.context["leader_todo"] is None
    assert page.context["committee_todo"] is None
    content = page.content.decode()
    assert 'id="todo-leader"' not in content
    assert 'id="todo-committee"' not in content
    assert 'id="own-pledge"' in content


# The cell committee


def test_secretary_sees_the_pledges_waiting_for_evaluation_and_the_late_reviews(home_world, browser):
    assessed = make_pledge(
        home_world.member,
        home_world.study_year,
        PledgeState.SELF_ASSESSED,
        self_assessed_at=at(date(2026, 11, 20)),
    )
    late = make_pledge(
        home_world.far, home_world.study_year, PledgeState.SUBMITTED, submitted_at=at(date(2026, 11, 20))
    )
    make_pledge(
        home_world.mate, home_world.study_year, PledgeState.SUBMITTED, submitted_at=at(date(2026, 11, 25))
    )
    own = make_pledge(home_world.secretary, home_world.study_year, PledgeState.SELF_ASSESSED)
    other_year = make_study_year(home_world.other_cell, 2026)
    make_pledge(home_world.other_cell_member, other_year, PledgeState.SELF_ASSESSED)
    page = browser(home_world.secretary).get(reverse("home"))
    # Nobody rates the own pledge; another cell's never shows.
    assert entries(page, "committee_todo", "to_evaluate") == [assessed]
    assert own not in entries(page, "committee_todo", "to_evaluate")
    assert entries(page, "committee_todo", "late_reviews") == [late]
    content = page.content.decode()
    assert f'<a href="{assessed.get_absolute_url()}">Nguyễn Thị Đào</a>' in content
    assert f'<a href="{late.get_absolute_url()}">Đinh Văn Xa</a>' in content
    assert "at Đỗ Văn Khác" in content
    assert "waiting since 20/11 (10 days)" in content


def test_secretary_sees_every_member_without_a_pledge_of_the_cell_and_none_of_another(home_world, browser):
    for member in (home_world.secretary, home_world.deputy, home_world.leader, home_world.member):
        make_pledge(member, home_world.study_year, PledgeState.APPROVED)
    page = browser(home_world.secretary).get(reverse("home"))
    assert {member.full_name for member in entries(page, "committee_todo", "without_pledge")} == {
        "Lê Văn Ủy",
        "Đỗ Văn Khác",
        "Vũ Thị Bạn",
        "Đinh Văn Xa",
    }


def test_secretary_sees_the_cases_whose_conclusion_or_fix_is_due_or_overdue(home_world, browser):
    overdue = make_case(home_world.cell, [home_world.member], state="in_progress", end_on=date(2026, 11, 10))
    soon = make_case(
        home_world.cell,
        [home_world.far],
        state="concluded",
        end_on=date(2026, 10, 1),
        remedy="Bổ sung bản đăng ký",
        remedy_due=date(2026, 12, 3),
    )
    make_case(home_world.cell, [home_world.mate], state="in_progress", end_on=date(2027, 1, 30))
    make_case(
        home_world.cell,
        [home_world.mate],
        state="concluded",
        remedy="Đã sửa",
        remedy_due=date(2026, 11, 1),
        remedy_done_on=date(2026, 10, 30),
    )
    make_case(
        home_world.other_cell, [home_world.other_cell_member], state="in_progress", end_on=date(2026, 11, 1)
    )
    page = browser(home_world.secretary).get(reverse("home"))
    assert entries(page, "committee_todo", "cases") == [overdue, soon]
    content = page.content.decode()
    assert f'<a href="{overdue.get_absolute_url()}">' in content
    assert "waiting since 10/11 (20 days)" in content
    assert "due 03/12 (in 3 days)" in content


def test_secretary_sees_the_monday_sessions_not_recorded_and_the_report_drafts(home_world, browser):
    unrecorded = make_monday_session(home_world.cell, home_world.group2, date(2026, 11, 16))
    make_monday_session(home_world.cell, home_world.group1, date(2026, 11, 9), "held")
    make_monday_session(home_world.cell, home_world.group1, date(2026, 12, 7))
    make_monday_session(home_world.other_cell, home_world.other_group, date(2026, 11, 16))
    draft = ReportFactory(cell=home_world.cell, signer=home_world.secretary)
    ReportFactory(
        cell=home_world.cell,
        signer=home_world.secretary,
        number=13,
        state=ReportState.FINAL,
        final_figures={},
    )
    page = browser(home_world.secretary).get(reverse("home"))
    assert entries(page, "committee_todo", "to_record") == [unrecorded]
    assert entries(page, "committee_todo", "drafts") == [draft]
    content = page.content.decode()
    assert "Tổ đảng số 2: Monday 16/11/2026, not recorded" in content
    assert f'<a href="{draft.get_absolute_url()}">12-BC/' in content


def test_secretary_sees_the_years_progress_per_group(home_world, browser):
    make_pledge(home_world.member, home_world.study_year, PledgeState.APPROVED)
    make_pledge(home_world.far, home_world.study_year, PledgeState.EVALUATED)
    page = browser(home_world.secretary).get(reverse("home"))
    rows = {str(row["group"]): row for row in page.context["committee_todo"]["groups"]}
    assert (
        rows["Tổ đảng số 1"]["members"],
        rows["Tổ đảng số 1"]["filed"],
        rows["Tổ đảng số 1"]["approved"],
    ) == (5, 1, 1)
    assert (
        rows["Tổ đảng số 2"]["members"],
        rows["Tổ đảng số 2"]["filed"],
        rows["Tổ đảng số 2"]["rated"],
    ) == (3, 1, 1)
    assert "1/5 filed · 1 approved · 0 self-assessed · 0 rated" in page.content.decode()


def test_a_leader_of_the_committee_sees_both_lists_and_the_own_pledge(home_world, browser):
    home_world.group1.leader = home_world.secretary
    home_world.group1.save()
    content = browser(home_world.secretary).get(reverse("home")).content.decode()
    assert (
        content.index('id="todo-committee"')
        < content.index('id="todo-leader"')
        < content.index('id="own-pledge"')
    )


def test_a_one_member_cell_renders_for_its_secretary(world, browser, today):
    cell = make_cell(world.committee, name="Chi bộ Một người", slug="mot-nguoi")
    make_study_year(cell, 2026)
    alone = make_member_with_account(cell, None, role=CellRole.SECRETARY, full_name="Cô Đơn")
    page = browser(alone).get(reverse("home"))
    assert page.status_code == 200
    assert [member.full_name for member in entries(page, "committee_todo", "without_pledge")] == ["Cô Đơn"]
    assert [row["members"] for row in page.context["committee_todo"]["groups"]] == [1]


def test_a_cell_without_a_study_year_renders_its_lists_without_pledges(world, browser, today):
    world.group1.leader = world.secretary
    world.group1.save()
    page = browser(world.secretary).get(reverse("home"))
    assert page.status_code == 200
    assert page.context["committee_todo"]["without_pledge"] == []
    assert page.context["leader_todo"]["to_review"] == []


# The superior committee's office


def test_office_sees_its_cells_by_progress_with_those_behind_marked(home_world, browser):
    behind = make_cell(home_world.committee, name="Chi bộ Chậm", slug="cham")
    group = make_group(behind, 1)
    make_member(behind, group)
    make_study_year(behind, 2026, pledge_deadline=date(2026, 11, 1))
    make_cell(home_world.committee, name="Chi bộ Trống", slug="trong")
    for member in (home_world.secretary, home_world.deputy, home_world.committee_member):
        make_pledge(member, home_world.study_year, PledgeState.SUBMITTED)
    page = browser(home_world.staff).get(reverse("home"))
    assert page.status_code == 200
    progress = page.context["office"]["progress"]
    assert [row["cell"].name for row in progress] == ["Chi bộ Chậm", "Chi bộ Trống", "Chi bộ Khu phố 1"]
    assert [row["pledge_rate"] for row in progress] == [0.0, 0.0, 37.5]
    assert [row["cell"].name for row in page.context["office"]["behind"]] == ["Chi bộ Chậm"]
    content = page.content.decode()
    assert "Chi bộ Thôn 2" not in content
    assert "pledges 3/8 (37.5%)" in content


def test_a_cell_with_a_monday_session_not_held_is_behind(home_world, browser):
    make_monday_session(home_world.cell, home_world.group1, date(2026, 11, 23))
    page = browser(home_world.staff).get(reverse("home"))
    (row,) = page.context["office"]["progress"]
    assert (row["monday_held"], row["monday_due"], row["behind"]) == (0, 1, True)


def test_office_home_lays_out_a_large_committee_a_page_of_cells_at_a_time(home_world, browser):
    for number in range(30):
        cell = make_cell(home_world.committee, name=f"Chi bộ Chậm {number:02d}", slug=f"cham-{number}")
        make_member(cell, make_group(cell, 1))
        make_study_year(cell, 2026, pledge_deadline=date(2026, 11, 1))
    client = browser(home_world.staff)

    first = client.get(reverse("home"))
    second = client.get(reverse("home") + "?page=2")

    assert first.content.decode().count('class="list-group-item" id="cell-') == 25
    assert second.content.decode().count('class="list-group-item" id="cell-') == 6
    assert "1 / 2" in first.content.decode()
    assert 'href="?page=2#cells-progress"' in first.content.decode()
    shown = {row["cell"].pk for row in first.context["behind_shown"]}
    assert len(shown) == 25 and len(first.context["office"]["behind"]) == 30
    assert "The 25 least advanced of 30 cells behind are shown" in first.content.decode()
    assert "Chi bộ Khu phố 1" in second.content.decode()


def test_office_sees_the_final_reports_of_its_cells(home_world, browser):
    final = ReportFactory(
        cell=home_world.cell,
        signer=home_world.secretary,
        state=ReportState.FINAL,
        final_figures={},
        finalised_at=at(date(2026, 11, 20)),
    )
    ReportFactory(cell=home_world.cell, signer=home_world.secretary, number=13)
    ReportFactory(
        cell=home_world.other_cell,
        signer=home_world.other_secretary,
        number=14,
        state=ReportState.FINAL,
        final_figures={},
    )
    page = browser(home_world.staff).get(reverse("home"))
    assert list(page.context["office"]["received"]) == [final]
    content = page.content.decode()
    assert f'<a href="{final.get_absolute_url()}">12-BC/' in content
    assert "received 20/11/2026" in content


# The queries do not grow with the cell or the committee


def count_queries(client) -> int:
    return first_visit_queries(client, reverse("home"))


def fill(world, members: int, mondays: list[date]) -> None:
    """Members in both groups with pledges in every state, and for each Monday a session not
    recorded, a case overdue and a report draft."""
    states = list(PledgeState)
    for number in range(members):
        member = make_member(world.cell, world.group1 if number % 2 else world.group2)
        make_pledge(
            member,
            world.study_year,
            states[number % len(states)],
            items=1,
            submitted_at=at(date(2026, 11, 1)),
        )
    for number, day in enumerate(mondays):
        make_monday_session(world.cell, world.group1 if number % 2 else world.group2, day)
        make_case(world.cell, [world.member, world.far], state="in_progress", end_on=day)
        ReportFactory(cell=world.cell, signer=world.secretary, number=day.day)


@pytest.mark.parametrize("persona", ["leader", "secretary", "member"])
def test_the_home_page_of_each_role_makes_the_same_queries_for_3_and_30_members(home_world, browser, persona):
    client = browser(getattr(home_world, persona))
    client.get(reverse("home"))  # warm the session
    fill(home_world, 1, [date(2026, 11, 2)])
    few = count_queries(client)
    fill(home_world, 27, [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)])
    assert count_queries(client) == few


def test_the_office_home_makes_the_same_queries_for_the_smallest_and_the_largest_committee(
    home_world, browser
):
    client = browser(home_world.staff)
    client.get(reverse("home"))  # warm the session
    few = count_queries(client)
    for number in range(5):
        cell = make_cell(home_world.committee, name=f"Chi bộ số {number}", slug=f"so-{number}")
        group = make_group(cell, 1)
        study_year = make_study_year(cell, 2026, pledge_deadline=date(2026, 11, 1))
        for _ in range(4):
            make_pledge(make_member(cell, group), study_year, PledgeState.SUBMITTED, items=0)
        make_monday_session(cell, group, date(2026, 11, 16))
        ReportFactory(cell=cell, signer=home_world.secretary, state=ReportState.FINAL, final_figures={})
    assert count_queries(client) == few

"""A report dated D counts what had happened by D, by each event's own date, however late the
record was typed in: moving an event's date across the report's date changes the figure. A final
report keeps the figures it was made with. Periods count their years as Party reports do.

Every record here is typed in today, years after the report's date: each counts by its event's
date, never by the day it was entered. Pledge events carry a time: the report's day ends at
midnight in Vietnam (Asia/Ho_Chi_Minh), not in UTC, so the moments used below (23:30 on the
report's day, 00:30 the next day) fall on the same UTC day and only the local day tells them apart.
"""

import html
import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from cell05.periods import Period
from members.choices import LeftReason
from oversight import services as oversight_services
from oversight.models import Case
from plans.models import MondaySession, Pledge
from plans.services.pledges import pledge_evaluate
from reports.choices import ReportKind, ReportState
from reports.document import assembly
from reports.document.contents import report_figures
from reports.services.editing import report_create, report_new_version
from reports.services.printing import report_finalise
from tests.factories import (
    PraiseFactory,
    RewardProposalFactory,
    make_case,
    make_member,
    make_monday_session,
    make_pledge,
    make_study_year,
    report_header,
    write_what_is_left,
)

pytestmark = pytest.mark.django_db

REPORT_DAY = date(2021, 4, 15)  # the five-year report of the source cell
NEXT_DAY = REPORT_DAY + timedelta(days=1)
EARLY = timezone.make_aware(datetime(2021, 2, 1, 9, 0))


def local(*parts) -> datetime:
    return timezone.make_aware(datetime(*parts))


LAST_EVENING = local(2021, 4, 15, 23, 30)  # 16:30 UTC on the 15th
NEXT_MORNING = local(2021, 4, 16, 0, 30)  # 17:30 UTC on the 15th


def figures(cell, day=REPORT_DAY) -> dict:
    """The figures of the report 2020–2021 dated `day`."""
    return report_figures(cell, Period.of_years(2020, 2021, as_of=day))


def of_2021(result: dict) -> dict:
    return {row["year"]: row for row in result["years"]}[2021]


def report_text(cell, day=REPORT_DAY, *, kind=ReportKind.FIVE_YEAR, years=(2020, 2021)) -> str:
    """The body of the report as the preview and the PDF print it, begun from the drafts."""
    document = assembly.unsaved_report_document(
        cell, kind=kind, start_year=years[0], end_year=years[1], report_date=day, number=1
    )
    text = " ".join(html.unescape(strip_tags(section["html"])) for section in document["sections"])
    return re.sub(r"\s+", " ", text)


def moved(record, **fields):
    """The record with its event's date changed, as a correction typed in later would."""
    record.refresh_from_db()
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()


@pytest.fixture
def year_2021(world):
    return make_study_year(world.cell, 2021)


# Pledges: filed, approved, self-assessed, rated, each from its own moment.


def test_a_pledge_counts_as_filed_from_the_moment_it_was_submitted(world, year_2021):
    pledge = make_pledge(world.member, year_2021, "submitted", submitted_at=LAST_EVENING)
    counted = figures(world.cell)
    assert (counted["pledges"], of_2021(counted)["pledges"], of_2021(counted)["pledge_rate"]) == (1, 1, 16.7)
    # A review states the members without a pledge year by year, from the cell's first study year
    # (2021): the members were not without a pledge in 2020, before its records began.
    text = report_text(world.cell)
    assert (
        "đảng viên xây dựng bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" in text
    )
    assert "; năm 2021 còn 05 đồng chí chưa đăng ký." in text
    assert "năm 2020 còn" not in text

    moved(pledge, submitted_at=NEXT_MORNING)

    counted = figures(world.cell)
    assert (counted["pledges"], of_2021(counted)["pledges"], of_2021(counted)["pledge_rate"]) == (0, 0, 0.0)
    assert "chưa ghi nhận bản đăng ký học tập và làm theo" in report_text(world.cell)


def test_a_pledge_counts_as_approved_from_its_review(world, year_2021):
    pledge = make_pledge(world.member, year_2021, "approved", submitted_at=EARLY, reviewed_at=LAST_EVENING)
    assert (of_2021(figures(world.cell))["pledges"], of_2021(figures(world.cell))["approved"]) == (1, 1)

    moved(pledge, reviewed_at=NEXT_MORNING)

    assert (of_2021(figures(world.cell))["pledges"], of_2021(figures(world.cell))["approved"]) == (1, 0)


def test_a_pledge_counts_as_self_assessed_from_its_self_assessment(world, year_2021):
    pledge = make_pledge(
        world.member,
        year_2021,
        "self_assessed",
        submitted_at=EARLY,
        reviewed_at=EARLY,
        self_assessed_at=LAST_EVENING,
    )
    assert (of_2021(figures(world.cell))["approved"], of_2021(figures(world.cell))["self_assessed"]) == (1, 1)

    # The issue's case: the year's self-assessment made in December, after the report's date.
    moved(pledge, self_assessed_at=local(2021, 12, 10, 8, 0))

    assert (of_2021(figures(world.cell))["approved"], of_2021(figures(world.cell))["self_assessed"]) == (1, 0)
    assert of_2021(figures(world.cell, date(2021, 12, 31)))["self_assessed"] == 1


def test_a_pledge_counts_as_rated_from_its_evaluation(world, year_2021):
    pledge = make_pledge(
        world.member,
        year_2021,
        "evaluated",
        rating="excellent",
        submitted_at=EARLY,
        reviewed_at=EARLY,
        self_assessed_at=EARLY,
        evaluated_at=LAST_EVENING,
    )
    assert of_2021(figures(world.cell))["ratings"]["excellent"] == 1

    moved(pledge, evaluated_at=NEXT_MORNING)

    counted = of_2021(figures(world.cell))
    assert (counted["ratings"]["excellent"], counted["self_assessed"]) == (0, 1)
    assert sum(counted["ratings"].values()) == 0


def test_a_rating_corrected_after_the_report_date_keeps_the_day_the_member_was_rated(world):
    year_2020 = make_study_year(world.cell, 2020)
    pledge = make_pledge(
        world.member,
        year_2020,
        "evaluated",
        rating="excellent",
        submitted_at=local(2020, 2, 1, 9, 0),
        reviewed_at=local(2020, 2, 3, 9, 0),
        self_assessed_at=local(2020, 12, 10, 9, 0),
        evaluated_at=local(2020, 12, 20, 9, 0),
    )
    rated = {row["year"]: row for row in figures(world.cell)["years"]}[2020]["ratings"]
    assert sum(rated.values()) == 1

    # Years later the cell corrects the rating: an event after the report's date.
    pledge_evaluate(
        actor=world.secretary.user,
        pledge=pledge,
        version=pledge.version,
        rating="good",
        score=None,
        comment="",
    )

    assert Pledge.objects.get(pk=pledge.pk).evaluated_at == local(2020, 12, 20, 9, 0)
    rated = {row["year"]: row for row in figures(world.cell)["years"]}[2020]["ratings"]
    assert (rated["excellent"], rated["good"]) == (0, 1)  # the corrected level, rated since 20/12/2020


def test_a_pledge_recorded_without_its_dates_counts_by_its_state(world, year_2021):
    make_pledge(world.member, year_2021, "evaluated", rating="good")
    counted = of_2021(figures(world.cell))
    assert [counted[name] for name in ("pledges", "approved", "self_assessed")] == [1, 1, 1]
    assert counted["ratings"]["good"] == 1


# Members: from the day they join to the day before they leave.


def test_a_member_counts_from_the_day_of_joining(world):
    newcomer = make_member(world.cell, world.group2, joined_on=REPORT_DAY)
    assert figures(world.cell)["members"] == 7
    assert "với tổng số 07 đảng viên" in report_text(world.cell)

    moved(newcomer, joined_on=NEXT_DAY)

    assert figures(world.cell)["members"] == 6
    assert "với tổng số 06 đảng viên" in report_text(world.cell)


def test_a_member_counts_until_the_day_before_leaving(world):
    world.member.left_on = NEXT_DAY
    world.member.left_reason = LeftReason.TRANSFER
    world.member.save()
    assert (figures(world.cell)["members"], of_2021(figures(world.cell))["members"]) == (6, 6)

    moved(world.member, left_on=REPORT_DAY)

    assert (figures(world.cell)["members"], of_2021(figures(world.cell))["members"]) == (5, 5)
    assert "với tổng số 05 đảng viên" in report_text(world.cell)


# Inspection and supervision: carried out from the start, concluded at the end.


def test_a_case_counts_as_carried_out_from_its_start(world):
    case = make_case(
        world.cell,
        [world.member, world.leader],
        kind="inspection",
        state="in_progress",
        decision_date=date(2021, 3, 1),
        start_on=REPORT_DAY,
    )
    assert figures(world.cell)["members_inspected"] == 2
    assert "đã tiến hành kiểm tra 02 đảng viên" in report_text(world.cell)

    # Decided before the report's date, started after it: not yet carried out then.
    moved(case, start_on=NEXT_DAY)

    assert figures(world.cell)["members_inspected"] == 0
    assert figures(world.cell)["cases"] == []
    assert "chưa tiến hành kiểm tra, giám sát đảng viên" in report_text(world.cell)


def test_a_case_recorded_without_its_start_counts_from_its_decision(world):
    case = make_case(
        world.cell, [world.member], kind="supervision", state="in_progress", decision_date=REPORT_DAY
    )
    assert figures(world.cell)["members_supervised"] == 1

    moved(case, decision_date=NEXT_DAY)

    assert figures(world.cell)["members_supervised"] == 0


def test_a_case_counts_as_concluded_from_its_end(world):
    case = make_case(
        world.cell,
        [world.member],
        kind="inspection",
        state="concluded",
        decision_date=date(2021, 3, 1),
        start_on=date(2021, 3, 5),
        end_on=REPORT_DAY,
    )
    counted = figures(world.cell)
    assert (counted["members_inspected"], counted["cases_by_conclusion"]["good"]) == (1, 1)
    assert counted["cases"][0]["conclusion"] == "Thực hiện tốt"

    moved(case, end_on=NEXT_DAY)

    counted = figures(world.cell)
    assert (counted["members_inspected"], counted["cases_by_conclusion"]["good"]) == (1, 0)
    assert counted["cases"][0]["conclusion"] == ""


def test_a_planned_case_that_never_started_is_not_carried_out(world, login):
    case = make_case(world.cell, [world.member], kind="inspection", decision_date=date(2021, 3, 1))
    counted = figures(world.cell)
    assert (counted["members_inspected"], counted["cases"]) == (0, [])
    assert "chưa tiến hành kiểm tra, giám sát đảng viên" in report_text(world.cell)
    assert "đã tiến hành kiểm tra" not in report_text(world.cell)
    table = login(world.staff).get(
        reverse("reports:committee_table", kwargs={"pk": world.committee.pk}) + "?start=2021&end=2021"
    )
    assert table.context["rows"][0]["members_inspected"] == 0

    oversight_services.case_start(actor=world.secretary.user, case=case, start_on=date(2021, 3, 10))

    assert figures(world.cell)["members_inspected"] == 1
    assert Case.objects.get(pk=case.pk).start_on == date(2021, 3, 10)


# Commendations: a praise and a proposal by their days, an outcome by the decision's day.


def test_a_praise_counts_from_its_day(world):
    praise = PraiseFactory(cell=world.cell, member=world.member, praised_on=REPORT_DAY)
    assert figures(world.cell)["comrades_praised"] == 1
    assert "biểu dương 01 đồng chí" in report_text(world.cell)

    moved(praise, praised_on=NEXT_DAY)

    assert figures(world.cell)["comrades_praised"] == 0
    assert "chưa biểu dương, đề nghị khen thưởng" in report_text(world.cell)


def test_a_proposal_counts_from_its_day(world):
    proposal = RewardProposalFactory(cell=world.cell, member=world.member, proposed_on=REPORT_DAY)
    assert figures(world.cell)["proposals_individual"] == 1
    assert "khen thưởng 01 lượt cá nhân tiêu biểu" in report_text(world.cell)

    moved(proposal, proposed_on=NEXT_DAY)

    assert figures(world.cell)["proposals_individual"] == 0


def test_a_granted_reward_counts_from_the_day_of_the_decision(world):
    proposal = RewardProposalFactory(
        cell=world.cell,
        target="collective",
        group=world.group1,
        proposed_on=date(2021, 3, 1),
        outcome="granted",
        decision_number="120-QĐ/ĐU",
        decision_date=REPORT_DAY,
    )
    counted = figures(world.cell)
    assert (counted["proposals_collective"], counted["granted_collective"]) == (1, 1)
    assert counted["proposals"][0]["outcome"] == "Được khen thưởng"

    moved(proposal, decision_date=NEXT_DAY)

    counted = figures(world.cell)
    assert (counted["proposals_collective"], counted["granted_collective"]) == (1, 0)
    assert counted["proposals"][0]["outcome"] == "Chờ quyết định"


# Monday sessions: on their day.


def test_a_monday_session_counts_on_its_day(world):
    session = make_monday_session(world.cell, world.group1, date(2021, 4, 12), "held")
    counted = figures(world.cell)
    assert (counted["monday_planned"], counted["monday_held"]) == (1, 1)
    assert "đã tổ chức đủ 01/01 buổi theo lịch (đạt 100%)" in report_text(world.cell)

    moved(session, day=date(2021, 4, 19))  # the Monday after the report's Thursday

    counted = figures(world.cell)
    assert (counted["monday_planned"], counted["monday_held"]) == (0, 0)
    assert "chưa ghi nhận buổi sinh hoạt 15 phút đầu giờ sáng thứ Hai nào" in report_text(world.cell)
    assert MondaySession.objects.get().day == date(2021, 4, 19)


# A final report keeps its figures.


def preview_text(client, report) -> str:
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    return re.sub(r"\s+", " ", html.unescape(strip_tags(page.content.decode())))


CHANGED = ("members", "members_inspected", "comrades_praised", "pledges")


def test_a_final_report_keeps_its_frozen_figures_when_records_change_afterwards(world, login):
    client = login(world.secretary)
    report = report_create(actor=world.secretary.user, cell=world.cell, data=report_header(world.secretary))
    write_what_is_left(report, world.secretary.user)
    report_finalise(actor=world.secretary.user, report=report)
    report.refresh_from_db()
    frozen, frozen_pdf = report.final_figures, report.final_pdf.read()
    pdf_url = reverse("reports:report_pdf", kwargs={"slug": world.cell.slug, "pk": report.pk})
    assert report.state == ReportState.FINAL
    assert "với tổng số 06 đảng viên" in preview_text(client, report)

    # Records typed in afterwards, each with an event inside the report's period.
    make_member(world.cell, world.group2, joined_on=date(2024, 1, 1))
    PraiseFactory(cell=world.cell, member=world.member, praised_on=date(2025, 6, 1))
    make_case(
        world.cell, [world.member], kind="inspection", state="in_progress", decision_date=date(2025, 3, 1)
    )
    make_pledge(world.member, make_study_year(world.cell, 2025), "submitted", items=0)

    report.refresh_from_db()
    assert report.final_figures == frozen
    assert [frozen[name] for name in CHANGED] == [6, 0, 0, 0]
    text = preview_text(client, report)
    assert "với tổng số 06 đảng viên" in text
    assert "07 đảng viên" not in text
    assert client.get(pdf_url).content == frozen_pdf
    # The records did change: a new version, a draft, counts them.
    copy = report_new_version(actor=world.secretary.user, report=report)
    assert "với tổng số 07 đảng viên" in preview_text(client, copy)
    live = report_figures(world.cell, copy.period)
    assert [live[name] for name in CHANGED] == [7, 1, 1, 1]


def test_a_yearly_report_counts_one_year_and_names_it(world):
    counted = report_figures(world.cell, Period.of_years(2024, 2024, as_of=date(2024, 12, 31)))
    assert [row["year"] for row in counted["years"]] == [2024]
    text = report_text(world.cell, date(2024, 12, 31), kind=ReportKind.YEARLY, years=(2024, 2024))
    assert "Trong năm 2024, Chi bộ chưa ghi nhận" in text
    assert "01 năm" not in text and "00 năm" not in text


def test_the_years_before_a_cells_first_study_year_hold_no_member_without_a_pledge(world):
    """A cell that began to use the program in 2024, its members recorded "from the records'
    start": its ten-year review does not say, year after year, that they filed nothing."""
    make_study_year(world.cell, 2024)

    counted = report_figures(world.cell, Period.of_years(2016, 2024))

    assert [(year["year"], year["members"]) for year in counted["years"]] == [
        *((year, 0) for year in range(2016, 2024)),
        (2024, 6),
    ]
    assert (counted["members"], counted["pledge_rate"]) == (6, 0.0)

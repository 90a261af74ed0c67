"""The figures of years without records (issue 27, item 2): entered from the cell's reports,
refused when they contradict each other or the year has records, and counted by the engine for
those years and only those, in no more queries."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cell05.periods import Period
from figures.across_cells import cells_progress
from figures.counting.period import period_figures
from figures.counting.records import year_has_records
from figures.models import COUNTS, EnteredYearFigures
from members.choices import CellRole
from members.models import Cell
from reports.services.entered import entered_figures_remove, entered_figures_save
from tests.factories import (
    PraiseFactory,
    RewardProposalFactory,
    StudySessionFactory,
    make_case,
    make_cell,
    make_committee,
    make_entered_year,
    make_group,
    make_member,
    make_member_with_account,
    make_monday_session,
    make_pledge,
    make_study_year,
)

pytestmark = pytest.mark.django_db


def figures_of_report(**overrides) -> dict:
    """What the form of an entered year sends: a consistent year unless told otherwise."""
    data = dict.fromkeys(COUNTS, 0) | {"report_number": "12-BC/CB", "report_date": date(2018, 12, 20)}
    data |= {
        "members": 20,
        "party_groups": 3,
        "pledges_filed": 18,
        "pledges_approved": 17,
        "pledges_self_assessed": 16,
        "rated_good": 15,
        "study_sessions": 4,
        "attended": 70,
        "attendance_expected": 80,
        "monday_planned": 48,
        "monday_held": 45,
        "members_inspected": 2,
        "inspections": 1,
        "cases_good": 1,
        "members_good": 2,
        "comrades_praised": 1,
        "praises": 1,
        "proposals_individual": 2,
        "granted_individual": 1,
    }
    return data | overrides


@pytest.fixture(autouse=True)
def english():
    """The refusals are read in English here; tests/reports/test_entered_pages.py reads them in
    Vietnamese on the page."""
    with translation.override("en"):
        yield


@pytest.fixture
def cell():
    return make_cell(make_committee())


@pytest.fixture
def secretary(cell):
    return make_member_with_account(cell, role=CellRole.SECRETARY).user


# Refusals: each contradiction with its reason, and nothing written.

CONTRADICTIONS = [
    ({"pledges_filed": 21}, "pledges_filed", "More pledges filed than members."),
    ({"pledges_approved": 19}, "pledges_approved", "More pledges approved than filed."),
    ({"pledges_self_assessed": 19}, "pledges_self_assessed", "More pledges self-assessed than filed."),
    ({"rated_excellent": 4}, "rated_excellent", "The ratings add up to more than the pledges filed."),
    ({"attended": 81}, "attended", "More attended than expected."),
    ({"monday_held": 49}, "monday_held", "More Monday sessions held than planned."),
    (
        {"members_inspected": 21, "inspections": 3},
        "members_inspected",
        "More members inspected than members.",
    ),
    (
        {"members_supervised": 21, "supervisions": 3},
        "members_supervised",
        "More members supervised than members.",
    ),
    ({"members_supervised": 1}, "supervisions", "Members supervised without any supervision."),
    ({"cases_violation": 1}, "cases_good", "More cases concluded than inspections and supervisions."),
    (
        {"members_shortcomings": 1},
        "members_good",
        "More members in the conclusions than members inspected and supervised.",
    ),
    ({"comrades_praised": 21, "praises": 21}, "comrades_praised", "More comrades praised than members."),
    ({"comrades_praised": 2}, "praises", "Fewer praises than comrades praised."),
    (
        {"granted_collective": 1},
        "granted_collective",
        "More proposals for collectives granted than proposed.",
    ),
    (
        {"granted_individual": 3},
        "granted_individual",
        "More proposals for individuals granted than proposed.",
    ),
    ({"members": -1}, "members", "A figure of the report cannot be negative."),
    ({"report_date": date(2020, 1, 10)}, "report_date", "The report of 2018 is dated in 2018 or in 2019."),
    ({"report_date": date(2017, 12, 31)}, "report_date", "The report of 2018 is dated in 2018 or in 2019."),
]


def footprint() -> tuple:
    return EnteredYearFigures.objects.count(), EnteredYearFigures.history.count()


@pytest.mark.parametrize(("overrides", "field", "message"), CONTRADICTIONS)
def test_figures_that_contradict_each_other_are_refused_with_the_reason(
    cell, secretary, overrides, field, message
):
    before = footprint()

    with pytest.raises(ValidationError) as refused:
        entered_figures_save(actor=secretary, cell=cell, year=2018, data=figures_of_report(**overrides))

    assert refused.value.message_dict[field] == [message]
    assert footprint() == before


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (2015, "Choose a year from 2016 to 2026: Directive 05 is of 15/05/2016."),
        (2027, "Choose a year from 2016 to 2026: Directive 05 is of 15/05/2016."),
    ],
)
def test_a_year_before_directive_05_or_in_the_future_is_refused(cell, secretary, year, message):
    data = figures_of_report(report_date=date(year, 12, 20))

    with pytest.raises(ValidationError) as refused:
        entered_figures_save(actor=secretary, cell=cell, year=year, data=data)

    assert refused.value.message_dict["year"] == [message]
    assert footprint() == (0, 0)


def test_a_report_dated_in_the_future_is_refused(cell, secretary):
    with pytest.raises(ValidationError) as refused:
        entered_figures_save(
            actor=secretary, cell=cell, year=2026, data=figures_of_report(report_date=date(2027, 1, 5))
        )

    assert refused.value.message_dict["report_date"] == ["The date of the report is in the future."]


@pytest.mark.parametrize("record", ["pledge", "session", "monday", "case", "praise", "proposal"])
def test_a_year_with_records_refuses_entered_figures(cell, secretary, record):
    member = make_member(cell)
    study_year = make_study_year(cell, 2018)
    make_records = {
        "pledge": lambda: make_pledge(member, study_year, "submitted"),
        "session": lambda: StudySessionFactory(study_year=study_year, held_on=date(2018, 4, 10)),
        "monday": lambda: make_monday_session(cell, make_group(cell), date(2018, 3, 5)),
        "case": lambda: make_case(cell, [member], state="in_progress", decision_date=date(2018, 5, 1)),
        "praise": lambda: PraiseFactory(cell=cell, member=member, praised_on=date(2018, 5, 19)),
        "proposal": lambda: RewardProposalFactory(cell=cell, member=member, proposed_on=date(2018, 6, 1)),
    }
    make_records[record]()
    assert year_has_records(cell, 2018)
    assert not year_has_records(cell, 2017)

    with pytest.raises(ValidationError) as refused:
        entered_figures_save(actor=secretary, cell=cell, year=2018, data=figures_of_report())

    assert refused.value.messages == [
        "The cell holds records of 2018: its figures are counted from them, not entered."
    ]
    assert footprint() == (0, 0)


def test_a_draft_pledge_is_no_record_of_the_year(cell, secretary):
    make_pledge(make_member(cell), make_study_year(cell, 2018), "draft")

    assert not year_has_records(cell, 2018)
    assert entered_figures_save(actor=secretary, cell=cell, year=2018, data=figures_of_report()).members == 20


@pytest.mark.parametrize("role", [CellRole.COMMITTEE_MEMBER, CellRole.MEMBER])
def test_only_the_secretary_or_the_deputy_enter_figures(cell, role):
    deputy = make_member_with_account(cell, role=CellRole.DEPUTY_SECRETARY).user
    other = make_member_with_account(cell, role=role).user

    with pytest.raises(PermissionDenied):
        entered_figures_save(actor=other, cell=cell, year=2018, data=figures_of_report())
    saved = entered_figures_save(actor=deputy, cell=cell, year=2018, data=figures_of_report())

    assert saved.pledges_filed == 18


def test_a_correction_and_a_removal_are_in_the_history_and_renew_the_figures(cell, secretary):
    period = Period.of_years(2018, 2018)
    saved = entered_figures_save(actor=secretary, cell=cell, year=2018, data=figures_of_report())
    assert period_figures([cell], period)[cell.pk]["pledges"] == 18
    stamp = Cell.objects.get(pk=cell.pk).figures_stamp

    entered_figures_save(
        actor=secretary, cell=cell, year=2018, data=figures_of_report(pledges_filed=19), version=saved.version
    )

    assert Cell.objects.get(pk=cell.pk).figures_stamp != stamp
    assert period_figures([cell], period)[cell.pk]["pledges"] == 19
    entered_figures_remove(actor=secretary, cell=cell, year=2018, version=saved.version + 1)
    assert period_figures([cell], period)[cell.pk]["pledges"] == 0
    assert list(
        EnteredYearFigures.history.order_by("history_date").values_list("history_change_reason", flat=True)
    ) == ["entered_figures.created", "entered_figures.updated", "entered_figures.removed"]


# The engine: entered figures are counted from their report's date, in no more queries.


def test_an_entered_year_counts_only_from_the_date_of_its_report(cell):
    make_entered_year(cell, 2018, report_date=date(2018, 12, 20))

    before = period_figures([cell], Period.of_years(2018, 2018, as_of=date(2018, 12, 19)))[cell.pk]
    after = period_figures([cell], Period.of_years(2018, 2018, as_of=date(2018, 12, 20)))[cell.pk]

    assert (before["pledges"], before["monday_held"], before["entered_years"]) == (0, 0, [])
    assert (after["pledges"], after["monday_held"], after["members"], after["party_groups"]) == (
        18,
        45,
        20,
        3,
    )
    assert after["entered_years"] == [{"year": 2018, "number": "18-BC/CB", "date": "2018-12-20"}]
    assert after["years"][0]["source"] == "entered"


def test_the_end_of_a_period_of_records_keeps_the_records_members(cell):
    make_entered_year(cell, 2018)
    make_member(cell, joined_on=date(2015, 1, 1))

    figures = period_figures([cell], Period.of_years(2018, 2019))[cell.pk]

    assert (figures["members"], figures["party_groups"]) == (1, 0)
    assert [year["members"] for year in figures["years"]] == [20, 1]


def cells_with_records(count: int) -> list[Cell]:
    committee = make_committee()
    cells = []
    for _ in range(count):
        cell = make_cell(committee)
        group = make_group(cell, 1)
        member = make_member(cell, group, joined_on=date(2015, 1, 1))
        study_year = make_study_year(cell, 2024)
        make_pledge(member, study_year, "evaluated", items=1)
        make_monday_session(cell, group, date(2024, 3, 4), "held")
        cells.append(cell)
    return cells


def test_the_engine_makes_no_more_queries_with_entered_years(django_assert_num_queries):
    period = Period.of_years(2016, 2025)
    plain, entered = cells_with_records(3), cells_with_records(3)
    for cell in entered:
        for year in range(2016, 2021):
            make_entered_year(cell, year)
    with CaptureQueriesContext(connection) as without:
        period_figures(plain, period, detail=True)

    with django_assert_num_queries(len(without)):
        figures = period_figures(entered, period, detail=True)

    assert figures[entered[0].pk]["pledges"] == 5 * 18 + 1
    assert len(figures[entered[0].pk]["entered_years"]) == 5


def test_the_home_pages_progress_of_an_entered_year_is_that_of_its_report(cell):
    make_entered_year(cell, 2026, report_date=date(2026, 12, 1), monday_planned=40, monday_held=30)

    (row,) = cells_progress([cell], 2026)

    assert (row["members"], row["filed"], row["rated"], row["monday_held"]) == (20, 18, 17, 30)

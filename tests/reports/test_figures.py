"""The figures of a period, on small hand-built data, edge by edge."""

from datetime import date

import pytest

from cell05.periods import Period
from members.choices import LeftReason
from reports.document.contents import report_figures
from tests.factories import make_case, make_member, make_pledge, make_study_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(world):
    return {year: make_study_year(world.cell, year) for year in (2019, 2020)}


def figures(world, as_of=date(2020, 12, 31)):
    return report_figures(world.cell, Period.of_years(2019, 2020, as_of=as_of))


def test_groups_and_members_of_the_cell_at_the_end_date(world, years):
    result = figures(world)
    assert (result["party_groups"], result["members"]) == (2, 6)


def test_a_member_who_left_mid_period_counts_in_the_years_before_only(world, years):
    world.member.left_on = date(2020, 3, 1)
    world.member.left_reason = LeftReason.TRANSFER
    world.member.save()
    make_pledge(world.member, years[2019], "submitted")
    make_pledge(world.member, years[2020], "submitted")
    result = figures(world)
    by_year = {row["year"]: row for row in result["years"]}
    assert (by_year[2019]["members"], by_year[2019]["pledges"]) == (6, 1)
    assert (by_year[2020]["members"], by_year[2020]["pledges"]) == (5, 0)
    assert result["members"] == 5


def test_a_member_who_joined_late_counts_from_the_joining_year(world, years):
    late = make_member(world.cell, world.group2, joined_on=date(2020, 5, 1))
    make_pledge(late, years[2020], "approved")
    by_year = {row["year"]: row for row in figures(world)["years"]}
    assert (by_year[2019]["members"], by_year[2020]["members"]) == (6, 7)
    assert (by_year[2020]["pledges"], by_year[2020]["approved"]) == (1, 1)


def test_pledge_rate_counts_filed_pledges_over_member_years(world, years):
    for member in (world.member, world.leader, world.deputy):
        make_pledge(member, years[2019], "evaluated", rating="excellent")
    make_pledge(world.secretary, years[2019], "draft")
    result = figures(world)
    assert result["pledge_rate"] == round(100 * 3 / 12, 1)
    year_2019 = result["years"][0]
    assert (year_2019["pledges"], year_2019["pledge_rate"], year_2019["ratings"]["excellent"]) == (3, 50.0, 3)


def test_a_case_spanning_two_years_counts_in_the_year_it_started(world, years):
    make_case(
        world.cell,
        [world.member, world.leader],
        kind="inspection",
        decision_date=date(2019, 12, 20),
        end_on=date(2020, 2, 10),
        state="concluded",
    )
    make_case(
        world.cell,
        [world.member],
        kind="inspection",
        decision_date=date(2019, 12, 28),
        start_on=date(2020, 3, 1),
        state="in_progress",
    )
    result = figures(world)
    by_year = {row["year"]: row for row in result["years"]}
    assert (by_year[2019]["members_inspected"], by_year[2020]["members_inspected"]) == (2, 1)
    assert result["members_inspected"] == 2
    assert result["cases_by_conclusion"]["good"] == 1


def test_a_case_still_planned_counts_in_no_year(world, years):
    make_case(world.cell, [world.member], kind="inspection", decision_date=date(2020, 3, 1))
    result = figures(world)
    assert [row["members_inspected"] for row in result["years"]] == [0, 0]
    assert result["members_inspected"] == 0


def test_the_report_date_ends_the_period(world, years):
    make_case(
        world.cell, [world.member], kind="supervision", decision_date=date(2020, 6, 1), state="in_progress"
    )
    assert figures(world, as_of=date(2020, 4, 15))["members_supervised"] == 0
    assert figures(world, as_of=date(2020, 12, 31))["members_supervised"] == 1


def test_figures_are_plain_data_that_json_can_freeze(world, years):
    import json

    make_pledge(world.member, years[2019], "evaluated")
    assert json.loads(json.dumps(figures(world))) == figures(world)

"""The ten-year review of a cell whose early years were entered from its reports (issue 27, item 2):
the engine adds those years to the records, and the report and the committee's table agree, for
random consistent figures.
"""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from cell05.periods import Period
from members.choices import CellRole
from members.models import Cell
from oversight.choices import Conclusion
from plans.choices import Rating
from reports.document.contents import report_figures
from reports.selectors import committee_table
from reports.services.entered import entered_figures_save
from tests.factories import (
    PraiseFactory,
    RewardProposalFactory,
    StudySessionFactory,
    make_case,
    make_cell,
    make_committee,
    make_group,
    make_member,
    make_member_with_account,
    make_monday_session,
    make_pledge,
    make_study_year,
)
from tests.properties import examples

pytestmark = pytest.mark.django_db

EXAMPLES = examples(12)

# The ten-year review: 2016 to 2026, as of a day of December 2026.
REVIEW = Period.of_years(2016, 2026, as_of=date(2026, 12, 1))


# Random consistent figures of a year, as a report of the cell gave them.


@st.composite
def parts(draw, total: int, count: int) -> list[int]:
    """`count` numbers adding up to at most `total`."""
    numbers = []
    for _ in range(count):
        numbers.append(draw(st.integers(0, total - sum(numbers))))
    return numbers


@st.composite
def reported_years(draw) -> dict:
    members = draw(st.integers(0, 30))
    filed = draw(st.integers(0, members))
    expected = draw(st.integers(0, 200))
    planned = draw(st.integers(0, 52))
    inspected, supervised = draw(st.integers(0, members)), draw(st.integers(0, members))
    inspections = draw(st.integers(1 if inspected else 0, 5))
    supervisions = draw(st.integers(1 if supervised else 0, 5))
    praised = draw(st.integers(0, members))
    collective, individual = draw(st.integers(0, 3)), draw(st.integers(0, 5))
    ratings = draw(parts(filed, len(Rating.values)))
    cases = draw(parts(inspections + supervisions, len(Conclusion.values)))
    concluded = draw(parts(inspected + supervised, len(Conclusion.values)))
    return {
        "members": members,
        "party_groups": draw(st.integers(0, 8)),
        "pledges_filed": filed,
        "pledges_approved": draw(st.integers(0, filed)),
        "pledges_self_assessed": draw(st.integers(0, filed)),
        **{f"rated_{rating}": count for rating, count in zip(Rating.values, ratings, strict=True)},
        "study_sessions": draw(st.integers(0, 12)),
        "attendance_expected": expected,
        "attended": draw(st.integers(0, expected)),
        "monday_planned": planned,
        "monday_held": draw(st.integers(0, planned)),
        "members_inspected": inspected,
        "members_supervised": supervised,
        "inspections": inspections,
        "supervisions": supervisions,
        **{f"cases_{value}": count for value, count in zip(Conclusion.values, cases, strict=True)},
        **{f"members_{value}": count for value, count in zip(Conclusion.values, concluded, strict=True)},
        "comrades_praised": praised,
        "praises": draw(st.integers(praised, praised + 3)),
        "proposals_collective": collective,
        "proposals_individual": individual,
        "granted_collective": draw(st.integers(0, collective)),
        "granted_individual": draw(st.integers(0, individual)),
    }


@st.composite
def recorded_years(draw) -> dict:
    """What a year of records holds, as counts of records to make."""
    return {
        "filed": draw(st.integers(0, 3)),
        "mondays_held": draw(st.integers(0, 2)),
        "mondays_not_held": draw(st.integers(0, 1)),
        "inspected": draw(st.integers(0, 2)),
        "praised": draw(st.integers(0, 2)),
        "proposals": draw(st.integers(0, 2)),
        "sessions": draw(st.integers(0, 1)),
    }


@st.composite
def pasts(draw) -> tuple[dict, dict]:
    """The cell's earlier years entered from its reports, its later years of records."""
    first_recorded = draw(st.integers(2017, 2025), label="first year of records")
    entered = {year: draw(reported_years()) for year in range(2016, first_recorded)}
    recorded = {year: draw(recorded_years()) for year in range(first_recorded, 2026)}
    return entered, recorded


def build_records(cell: Cell, recorded: dict, members: list) -> None:
    group = make_group(cell, 1)
    for year, counts in recorded.items():
        study_year = make_study_year(cell, year)
        for member in members[: counts["filed"]]:
            make_pledge(member, study_year, "evaluated", items=1, rating=Rating.EXCELLENT)
        for week in range(counts["mondays_held"] + counts["mondays_not_held"]):
            state = "held" if week < counts["mondays_held"] else "not_held"
            make_monday_session(cell, group, date(year, 3, 2 + 7 * week) - _to_monday(year, 3, 2), state)
        if counts["inspected"]:
            make_case(
                cell,
                members[: counts["inspected"]],
                kind="inspection",
                state="concluded",
                decision_date=date(year, 5, 1),
                start_on=date(year, 5, 2),
                end_on=date(year, 6, 1),
            )
        for member in members[: counts["praised"]]:
            PraiseFactory(cell=cell, member=member, praised_on=date(year, 9, 2))
        for number in range(counts["proposals"]):
            RewardProposalFactory(
                cell=cell,
                member=members[number],
                number=f"{number + 1:02d}-TTr/CB",
                proposed_on=date(year, 10, 1),
                outcome="granted",
                decision_number="9-QĐ/ĐU",
                decision_date=date(year, 11, 1),
            )
        for _ in range(counts["sessions"]):
            StudySessionFactory(study_year=study_year, held_on=date(year, 4, 10), attendees=members[:2])


def _to_monday(year, month, day):
    """How far the day is past its week's Monday."""
    return timedelta(days=date(year, month, day).weekday())


def expected_sums(entered: dict, recorded: dict, members: int) -> dict:
    """Each figure of the review: the entered years' figures plus a plain count of the records
    (the records' members are all in the cell from before 2016; a year of neither counts them)."""
    entered_rows = list(entered.values())
    record_years = [year for year in REVIEW.years if year not in entered]
    filed = sum(row["pledges_filed"] for row in entered_rows) + sum(
        recorded[year]["filed"] for year in record_years if year in recorded
    )
    member_years = sum(row["members"] for row in entered_rows) + members * len(record_years)
    inspected_records = max((counts["inspected"] for counts in recorded.values()), default=0)
    praised_records = max((counts["praised"] for counts in recorded.values()), default=0)
    total = {
        "pledges": filed,
        "pledge_rate": round(100 * filed / member_years, 1) if member_years else 0.0,
        "monday_planned": sum(row["monday_planned"] for row in entered_rows)
        + sum(c["mondays_held"] + c["mondays_not_held"] for c in recorded.values()),
        "monday_held": sum(row["monday_held"] for row in entered_rows)
        + sum(c["mondays_held"] for c in recorded.values()),
        # Records count distinct members over the period; reports gave each year's.
        "members_inspected": sum(row["members_inspected"] for row in entered_rows) + inspected_records,
        "members_supervised": sum(row["members_supervised"] for row in entered_rows),
        "comrades_praised": sum(row["comrades_praised"] for row in entered_rows) + praised_records,
        "proposals_collective": sum(row["proposals_collective"] for row in entered_rows),
        "proposals_individual": sum(row["proposals_individual"] for row in entered_rows)
        + sum(c["proposals"] for c in recorded.values()),
        "granted_collective": sum(row["granted_collective"] for row in entered_rows),
        "granted_individual": sum(row["granted_individual"] for row in entered_rows)
        + sum(c["proposals"] for c in recorded.values()),
        "cases_by_conclusion": {
            value: sum(row[f"cases_{value}"] for row in entered_rows)
            + (sum(1 for c in recorded.values() if c["inspected"]) if value == Conclusion.GOOD else 0)
            for value in Conclusion.values
        },
        "members_by_conclusion": {
            value: sum(row[f"members_{value}"] for row in entered_rows)
            + (inspected_records if value == Conclusion.GOOD else 0)
            for value in Conclusion.values
        },
        # The review ends in 2026, a year of records: the cell's size is its records'.
        "members": members,
        "party_groups": 1,
    }
    return total


def expected_year(year: int, entered: dict, recorded: dict, members: int) -> dict:
    if year in entered:
        row = entered[year]
        return {
            "source": "entered",
            "members": row["members"],
            "pledges": row["pledges_filed"],
            "approved": row["pledges_approved"],
            "self_assessed": row["pledges_self_assessed"],
            "ratings": {rating: row[f"rated_{rating}"] for rating in Rating.values},
            "monday_planned": row["monday_planned"],
            "monday_held": row["monday_held"],
            "study_sessions": row["study_sessions"],
            "members_inspected": row["members_inspected"],
            "comrades_praised": row["comrades_praised"],
        }
    counts = recorded.get(year, dict.fromkeys(("filed", "mondays_held", "mondays_not_held"), 0))
    return {
        "source": "records",
        "members": members,
        "pledges": counts["filed"],
        "approved": counts["filed"],
        "self_assessed": counts["filed"],
        "ratings": {rating: counts["filed"] if rating == Rating.EXCELLENT else 0 for rating in Rating.values},
        "monday_planned": counts["mondays_held"] + counts["mondays_not_held"],
        "monday_held": counts["mondays_held"],
        "study_sessions": counts.get("sessions", 0),
        "members_inspected": counts.get("inspected", 0),
        "comrades_praised": counts.get("praised", 0),
    }


TOTALS = (
    "members",
    "party_groups",
    "pledges",
    "pledge_rate",
    "monday_planned",
    "monday_held",
    "members_inspected",
    "members_supervised",
    "comrades_praised",
    "proposals_collective",
    "proposals_individual",
    "granted_collective",
    "granted_individual",
    "cases_by_conclusion",
    "members_by_conclusion",
)


@EXAMPLES
@given(past=pasts(), members=st.integers(3, 4))
def test_the_ten_year_review_adds_the_entered_years_to_the_records_and_the_table_agrees(db, past, members):
    entered, recorded = past
    with transaction.atomic():
        committee = make_committee()
        cell = make_cell(committee)
        secretary = make_member_with_account(cell, role=CellRole.SECRETARY, joined_on=date(2015, 1, 1))
        people = [secretary, *(make_member(cell, joined_on=date(2015, 1, 1)) for _ in range(members - 1))]
        for year, figures in entered.items():
            data = figures | {"report_number": f"{year % 100:02d}-BC/CB", "report_date": date(year, 12, 20)}
            entered_figures_save(actor=secretary.user, cell=cell, year=year, data=data)
        build_records(cell, recorded, people)

        report = report_figures(cell, REVIEW)
        row = next(row for row in committee_table(committee, REVIEW) if row["cell"] == cell)

        sums = expected_sums(entered, recorded, members)
        praises = sum(row["praises"] for row in entered.values()) + sum(
            c["praised"] for c in recorded.values()
        )
        assert {name: report[name] for name in TOTALS} == sums
        assert {name: row[name] for name in TOTALS} == sums, "the committee's table"
        # The report's "praises" are the records it cites by name; the table counts them.
        assert row["praises"] == praises
        for year_row in report["years"]:
            shown = {name: year_row[name] for name in expected_year(2016, entered, recorded, members)}
            assert shown == expected_year(year_row["year"], entered, recorded, members), year_row["year"]
        assert [year["year"] for year in report["entered_years"]] == sorted(entered)
        transaction.set_rollback(True)

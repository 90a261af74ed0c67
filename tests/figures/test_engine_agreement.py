"""One counting engine: for random cells under one committee, a random span of years and a random
report date, a cell's row in the superior committee's table, its report's figures and its year
pages agree with each other and with a plain count in Python over the records made (the oracle).
And the engine's queries do not grow with the number of cells."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cell05.periods import Period
from figures.counting.period import period_figures
from members.choices import LeftReason
from plans.choices import APPROVED_STATES, ASSESSED_STATES, FILED_STATES, PledgeState, Rating
from plans.selectors.years import year_overview
from reports.document.contents import report_figures
from reports.selectors import committee_table
from tests.factories import (
    PraiseFactory,
    RewardProposalFactory,
    StudySessionFactory,
    make_case,
    make_cell,
    make_committee,
    make_group,
    make_member,
    make_monday_session,
    make_pledge,
    make_study_year,
)
from tests.properties import examples

pytestmark = pytest.mark.django_db

EXAMPLES = examples(25, HealthCheck.data_too_large)

# The figures that the committee's table, the report and the oracle all state for a period.
PERIOD_FIELDS = (
    "members",
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
)
# The figures of a year, as the report's appendix and the year page's total state them.
YEAR_FIELDS = ("members", "filed", "approved", "self_assessed", "ratings", "rate")


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


# The records, as plain data that hypothesis draws and shrinks.


@dataclass
class MemberData:
    group: int
    joined_on: date | None
    left_on: date | None


@dataclass
class PledgeData:
    member: int
    year: int
    state: str
    rating: str
    submitted_at: datetime | None
    reviewed_at: datetime | None
    self_assessed_at: datetime | None
    evaluated_at: datetime | None


@dataclass
class CaseData:
    members: list[int]
    kind: str
    state: str
    on_directive_05: bool
    decision_date: date
    start_on: date | None
    end_on: date | None
    conclusion: str


@dataclass
class ProposalData:
    target: str
    member: int
    proposed_on: date
    outcome: str
    decision_date: date | None


@dataclass
class CellData:
    groups: int
    members: list[MemberData]
    pledges: list[PledgeData] = field(default_factory=list)
    cases: list[CaseData] = field(default_factory=list)
    praises: list[tuple[int, date]] = field(default_factory=list)
    proposals: list[ProposalData] = field(default_factory=list)
    mondays: list[tuple[date, str, int]] = field(default_factory=list)


@dataclass
class World:
    first_year: int
    last_year: int
    report_day: date
    cells: list[CellData]

    @property
    def period(self) -> Period:
        return Period.of_years(self.first_year, self.last_year, as_of=self.report_day)


@st.composite
def worlds(draw) -> World:
    first_year = draw(st.integers(2016, 2024), label="first year")
    last_year = draw(st.integers(first_year, min(first_year + 3, 2025)), label="last year")
    report_day = draw(st.dates(date(last_year, 1, 1), date(last_year + 1, 3, 31)), label="report date")
    # Most dates fall within the span; some within two days of the report's date, where an
    # engine that confuses "by D" with "before D" or UTC with local time is caught.
    near = st.integers(-2, 2).map(lambda days: report_day + timedelta(days=days))
    days = st.one_of(near, st.dates(date(first_year - 1, 1, 1), date(last_year + 1, 6, 30)))
    moments = st.one_of(
        st.none(),
        st.builds(
            lambda day, minutes: (
                timezone.make_aware(datetime(day.year, day.month, day.day)) + timedelta(minutes=minutes)
            ),
            days,
            st.integers(0, 24 * 60 - 1),
        ),
    )

    def member():
        return st.builds(
            lambda group, joined, left: MemberData(
                group, joined, left if left is None or joined is None or left > joined else None
            ),
            st.integers(0, 1),
            st.one_of(st.none(), days),
            st.one_of(st.none(), days),
        )

    cells = []
    for _ in range(draw(st.integers(1, 3), label="cells")):
        groups = draw(st.integers(1, 2))
        members = draw(st.lists(member(), max_size=8))
        for data in members:
            data.group %= groups
        cell = CellData(groups=groups, members=members)
        years = list(range(first_year, last_year + 1))
        for index in range(len(members)):
            for year in years:
                if draw(st.booleans()):
                    cell.pledges.append(
                        PledgeData(
                            member=index,
                            year=year,
                            state=draw(st.sampled_from(PledgeState.values)),
                            rating=draw(st.sampled_from(Rating.values)),
                            submitted_at=draw(moments),
                            reviewed_at=draw(moments),
                            self_assessed_at=draw(moments),
                            evaluated_at=draw(moments),
                        )
                    )
        if members:
            indexes = st.integers(0, len(members) - 1)
            cell.cases = draw(
                st.lists(
                    st.builds(
                        CaseData,
                        members=st.lists(indexes, min_size=1, max_size=3, unique=True),
                        kind=st.sampled_from(["inspection", "supervision"]),
                        state=st.sampled_from(["planned", "in_progress", "concluded"]),
                        on_directive_05=st.booleans(),
                        decision_date=days,
                        start_on=st.one_of(st.none(), days),
                        end_on=st.one_of(st.none(), days),
                        conclusion=st.sampled_from(["good", "shortcomings", "violation"]),
                    ),
                    max_size=3,
                )
            )
            cell.praises = draw(st.lists(st.tuples(indexes, days), max_size=3))
            cell.proposals = draw(
                st.lists(
                    st.builds(
                        ProposalData,
                        target=st.sampled_from(["individual", "collective"]),
                        member=indexes,
                        proposed_on=days,
                        outcome=st.sampled_from(["pending", "granted", "not_granted"]),
                        decision_date=st.one_of(st.none(), days),
                    ),
                    max_size=3,
                )
            )
        mondays = draw(
            st.lists(
                st.tuples(days, st.sampled_from(["planned", "held", "not_held"]), st.integers(0, 1)),
                max_size=5,
                unique_by=lambda monday: monday[0] - timedelta(days=monday[0].weekday()),
            )
        )
        cell.mondays = [
            (day - timedelta(days=day.weekday()), state, group % groups) for day, state, group in mondays
        ]
        cells.append(cell)
    return World(first_year, last_year, report_day, cells)


def build(world: World):
    """The records of the drawn world, under one new committee."""
    committee = make_committee()
    built = []
    for data in world.cells:
        cell = make_cell(committee)
        groups = [make_group(cell, order + 1) for order in range(data.groups)]
        members = [
            make_member(
                cell,
                groups[member.group],
                joined_on=member.joined_on,
                left_on=member.left_on,
                left_reason=LeftReason.TRANSFER if member.left_on else "",
            )
            for member in data.members
        ]
        study_years = {
            year: make_study_year(cell, year) for year in range(world.first_year, world.last_year + 1)
        }
        for pledge in data.pledges:
            make_pledge(
                members[pledge.member],
                study_years[pledge.year],
                pledge.state,
                items=0,
                rating=pledge.rating if pledge.state == PledgeState.EVALUATED else "",
                submitted_at=pledge.submitted_at,
                reviewed_at=pledge.reviewed_at,
                self_assessed_at=pledge.self_assessed_at,
                evaluated_at=pledge.evaluated_at,
            )
        for case in data.cases:
            make_case(
                cell,
                [members[index] for index in case.members],
                kind=case.kind,
                state=case.state,
                on_directive_05=case.on_directive_05,
                decision_date=case.decision_date,
                start_on=case.start_on if case.state != "planned" else None,
                end_on=case.end_on if case.state == "concluded" else None,
                conclusion=case.conclusion if case.state == "concluded" else "",
                findings="x" if case.state == "concluded" else "",
            )
        for index, day in data.praises:
            PraiseFactory(cell=cell, member=members[index], praised_on=day)
        for proposal in data.proposals:
            individual = proposal.target == "individual"
            RewardProposalFactory(
                cell=cell,
                target=proposal.target,
                member=members[proposal.member] if individual else None,
                collective_name="" if individual else "Văn phòng",
                proposed_on=proposal.proposed_on,
                outcome=proposal.outcome,
                decision_number="" if proposal.outcome == "pending" else "9-QĐ/ĐU",
                decision_date=None if proposal.outcome == "pending" else proposal.decision_date,
            )
        for day, state, group in data.mondays:
            make_monday_session(cell, groups[group], day, state)
        built.append((cell, data, study_years))
    return committee, built


# The oracle: a plain count over the drawn records, written from the rules, not from the engine.


def in_cell(member: MemberData, day: date) -> bool:
    return (member.joined_on is None or member.joined_on <= day) and (
        member.left_on is None or member.left_on > day
    )


def by(moment: datetime | None, day: date) -> bool:
    """An event with that moment had happened by the end of the day, in Vietnam."""
    return moment is None or timezone.localtime(moment).date() <= day


def within(day: date | None, period: Period) -> bool:
    return day is not None and period.first_day <= day <= period.last_day


def oracle_year(data: CellData, year: int, members_on: date, events_by: date) -> dict:
    """A study year's pledges: of the members in the cell on `members_on` (the year's last day,
    or the report's date when earlier), those filed, approved, self-assessed and rated by
    `events_by` (the report's date: a year's self-assessment is often made early the next year)."""
    members = [index for index, member in enumerate(data.members) if in_cell(member, members_on)]
    pledges = [p for p in data.pledges if p.year == year and p.member in members]
    filed = sum(p.state in FILED_STATES and by(p.submitted_at, events_by) for p in pledges)
    return {
        "members": len(members),
        "filed": filed,
        "approved": sum(p.state in APPROVED_STATES and by(p.reviewed_at, events_by) for p in pledges),
        "self_assessed": sum(
            p.state in ASSESSED_STATES and by(p.self_assessed_at, events_by) for p in pledges
        ),
        "ratings": {
            rating: sum(
                p.state == PledgeState.EVALUATED and p.rating == rating and by(p.evaluated_at, events_by)
                for p in pledges
            )
            for rating in Rating.values
        },
        "rate": percent(filed, len(members)),
    }


def report_year(data: CellData, year: int, period: Period) -> dict:
    return oracle_year(data, year, period.within_year(year).last_day, period.last_day)


def page_year(data: CellData, year: int) -> dict:
    """A finished year on its page: the members of its last day, the pledges' events until today."""
    return oracle_year(data, year, date(year, 12, 31), timezone.localdate())


def oracle(data: CellData, period: Period) -> dict:
    end = period.last_day
    years = [report_year(data, year, period) for year in period.years]
    carried_out = [
        case
        for case in data.cases
        if case.on_directive_05
        and case.state != "planned"
        and within(case.start_on or case.decision_date, period)
    ]
    proposals = [p for p in data.proposals if within(p.proposed_on, period)]

    def granted(proposal):
        return proposal.outcome == "granted" and (
            proposal.decision_date is None or proposal.decision_date <= end
        )

    mondays = [(day, state) for day, state, _group in data.mondays if within(day, period)]
    return {
        "members": sum(in_cell(member, end) for member in data.members),
        "pledges": sum(year["filed"] for year in years),
        "pledge_rate": percent(sum(year["filed"] for year in years), sum(year["members"] for year in years)),
        "monday_planned": len(mondays),
        "monday_held": sum(state == "held" for _day, state in mondays),
        "members_inspected": len({m for c in carried_out if c.kind == "inspection" for m in c.members}),
        "members_supervised": len({m for c in carried_out if c.kind == "supervision" for m in c.members}),
        "comrades_praised": len({index for index, day in data.praises if within(day, period)}),
        "proposals_collective": sum(p.target == "collective" for p in proposals),
        "proposals_individual": sum(p.target == "individual" for p in proposals),
        "granted_collective": sum(p.target == "collective" and granted(p) for p in proposals),
        "granted_individual": sum(p.target == "individual" and granted(p) for p in proposals),
    }


def engine_year(row: dict) -> dict:
    """A year of the report's figures, in the year page's words."""
    return {
        "members": row["members"],
        "filed": row["pledges"],
        "approved": row["approved"],
        "self_assessed": row["self_assessed"],
        "ratings": row["ratings"],
        "rate": row["pledge_rate"],
    }


def page_total(study_year) -> dict:
    """The total row of the year page, as its template reads it."""
    total = year_overview(study_year)["total"]
    assert len(total["missing"]) == total["members"] - total["filed"]
    return {
        **{name: total[name] for name in YEAR_FIELDS if name != "ratings"},
        "ratings": {rating: count for rating, _label, count in total["ratings"]},
    }


def check_agreement(world: World) -> None:
    period = world.period
    committee, built = build(world)
    table = {row["cell"].pk: row for row in committee_table(committee, period)}
    assert len(table) == len(built)
    this_year = timezone.localdate().year
    for cell, data, study_years in built:
        expected = oracle(data, period)
        report = report_figures(cell, period)
        assert {name: table[cell.pk][name] for name in PERIOD_FIELDS} == expected, "committee table"
        assert {name: report[name] for name in PERIOD_FIELDS} == expected, "report"
        for row in report["years"]:
            year = row["year"]
            assert engine_year(row) == report_year(data, year, period), f"report, year {year}"
            if year < this_year:
                on_the_page = page_total(study_years[year])
                assert on_the_page == page_year(data, year), f"year page {year}"
                if report_year(data, year, period) == page_year(data, year):
                    # Nothing of that year happened after the report's date: the same figures.
                    assert engine_year(row) == on_the_page, f"report and year page, {year}"


@EXAMPLES
@given(world=worlds())
def test_the_committee_table_the_report_and_the_year_pages_agree_with_a_plain_count(db, world):
    with transaction.atomic():
        check_agreement(world)
        transaction.set_rollback(True)


# The engine's queries do not depend on the number of cells.


def populated_cell(committee, number: int):
    cell = make_cell(committee)
    group = make_group(cell, 1)
    members = [make_member(cell, group, joined_on=date(2019, 1, number)) for _ in range(number + 1)]
    for year in (2020, 2021):
        study_year = make_study_year(cell, year)
        for member in members:
            make_pledge(member, study_year, "evaluated", items=0)
        StudySessionFactory(study_year=study_year)
    make_case(cell, members[:2], kind="inspection", state="concluded", decision_date=date(2020, 5, 1))
    make_case(cell, members[:1], kind="supervision", state="in_progress", decision_date=date(2021, 2, 1))
    PraiseFactory(cell=cell, member=members[0], praised_on=date(2020, 12, 1))
    RewardProposalFactory(cell=cell, member=members[0], proposed_on=date(2021, 1, 5))
    make_monday_session(cell, group, date(2021, 3, 1), "held", reader=members[0])
    return cell


def test_period_figures_makes_as_many_queries_for_five_cells_as_for_one(db):
    committee = make_committee()
    cells = [populated_cell(committee, number) for number in range(1, 6)]
    period = Period.of_years(2020, 2021, as_of=date(2021, 4, 15))

    with CaptureQueriesContext(connection) as one:
        one_cell = period_figures(cells[:1], period)
    with CaptureQueriesContext(connection) as five:
        five_cells = period_figures(cells, period)

    assert len(one) == len(five)
    assert five_cells[cells[0].pk] == one_cell[cells[0].pk]
    assert [five_cells[cell.pk]["members"] for cell in cells] == [2, 3, 4, 5, 6]
    assert [five_cells[cell.pk]["members_inspected"] for cell in cells] == [2] * 5

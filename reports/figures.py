"""The counting engine: every figure of the program is counted here, for any number of cells,
over a period, as of its last day, by each event's own date.

A pledge counts as filed from its submission, approved from its review, self-assessed and rated
from those days; a case counts from its start and its conclusion from its end; a praise, a
proposal and the decision on it from their dates; a member from joining to leaving; a Monday
session on its day. Whenever a record was typed in, it counts by the day it happened. The report,
the superior committee's table, the year page and the oversight pages read these functions, so
they cannot disagree. Each function takes the cells and returns its figures keyed by cell id,
in a number of queries that depends on neither the cells nor the members.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, ExtractYear

from cell05.periods import Period
from members.models import Member, PartyGroup, group_on, in_cell_on
from oversight.choices import CaseKind, CaseState, Conclusion, ProposalOutcome, ProposalTarget
from oversight.models import Case, Praise, RewardProposal
from plans.choices import APPROVED_STATES, ASSESSED_STATES, FILED_STATES, MondayState, PledgeState, Rating
from plans.models import MondaySession, Pledge, StudySession, StudyYear
from reports.figures_cache import cached_by_cells


def percent(part: int, whole: int) -> float:
    """A share in per cent with one decimal; nothing of nothing is 0."""
    return round(100 * part / whole, 1) if whole else 0.0


def _ids(cells) -> list[int]:
    return [cell if isinstance(cell, int) else cell.pk for cell in cells]


# Members


def member_counts(cells, day: date) -> dict[int, int]:
    """Members in each cell on the day."""
    return dict(
        Member.objects.filter(cell__in=_ids(cells))
        .filter(in_cell_on(day))
        .values_list("cell")
        .annotate(count=Count("pk"))
        .order_by()
    )


def group_counts(cells, day: date) -> dict[int, int]:
    """Party groups of each cell that existed on the day: created by then, not yet dissolved."""
    return dict(
        PartyGroup.objects.filter(cell__in=_ids(cells))
        .existing_on(day)
        .values_list("cell")
        .annotate(count=Count("pk"))
        .order_by()
    )


# Pledges


def _pledge_events(day: date) -> dict:
    """What each pledge count needs: the state it is in now and that it got there by the day.
    A date left empty (records entered without one) does not hold the pledge back."""
    moment = Period(day, day).end_moment

    def by(field):
        return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": moment})

    return {
        "filed": Q(state__in=FILED_STATES) & by("submitted_at"),
        "approved": Q(state__in=APPROVED_STATES) & by("reviewed_at"),
        "self_assessed": Q(state__in=ASSESSED_STATES) & by("self_assessed_at"),
        **{
            rating: Q(state=PledgeState.EVALUATED, rating=rating) & by("evaluated_at")
            for rating in Rating.values
        },
    }


@cached_by_cells
def pledge_counts(cells, year: int, *, as_of: date, by_group: bool = False) -> dict:
    """The pledges of a study year as of a day: the members in the cell on the year's last day
    (or on `as_of`, when earlier), and their pledges filed, approved, self-assessed and rated by
    `as_of`, and the rate. Keyed by cell id, or by (cell id, group id) with `by_group` (the
    group each member was in on that day)."""
    day = min(as_of, date(year, 12, 31))
    ids = _ids(cells)
    key = ["cell", "group_then"] if by_group else ["cell"]

    def grouped(via):
        return {"group_then": group_on(day, via=via)} if by_group else {}

    members = {
        tuple(row[k] for k in key): row["count"]
        for row in Member.objects.filter(cell__in=ids)
        .filter(in_cell_on(day))
        .values("cell", **grouped(""))
        .annotate(count=Count("pk"))
        .order_by()
    }
    events = _pledge_events(as_of)
    counted = {
        tuple(row.pop(k) for k in key): row
        # Every count is of pledges handed in: the drafts are left out before counting.
        # The cells' study years of that year first: a join on the cell would read every
        # year of pledges of the cells' members.
        for row in Pledge.objects.filter(
            study_year__in=StudyYear.objects.filter(cell__in=ids, year=year).values("pk"),
            state__in=FILED_STATES,
        )
        .filter(in_cell_on(day, via="member__"))
        .values(cell=F("member__cell"), **grouped("member__"))
        .annotate(**{name: Count("pk", filter=condition) for name, condition in events.items()})
        .order_by()
    }
    result = {}
    for member_key, count in members.items():
        row = counted.get(member_key, {})
        filed = row.get("filed", 0)
        result[member_key if by_group else member_key[0]] = {
            "members": count,
            "filed": filed,
            "approved": row.get("approved", 0),
            "self_assessed": row.get("self_assessed", 0),
            "ratings": {rating: row.get(rating, 0) for rating in Rating.values},
            "rate": percent(filed, count),
        }
    return result


# The pledge counts of a cell or a group without members.
NO_PLEDGES = {
    "members": 0,
    "filed": 0,
    "approved": 0,
    "self_assessed": 0,
    "ratings": dict.fromkeys(Rating.values, 0),
    "rate": 0.0,
}


def total_of(rows) -> dict:
    """The pledge counts of several groups (or cells) added up, with the rate of the whole."""
    rows = list(rows)
    total = {
        name: sum(row[name] for row in rows) for name in ("members", "filed", "approved", "self_assessed")
    }
    total["ratings"] = {rating: sum(row["ratings"][rating] for row in rows) for rating in Rating.values}
    total["rate"] = percent(total["filed"], total["members"])
    return total


def pledge_deadlines(cells, year: int) -> dict[int, date]:
    """The pledge deadline of each cell's study year, where the cell set one."""
    return dict(
        StudyYear.objects.filter(cell__in=_ids(cells), year=year, pledge_deadline__isnull=False).values_list(
            "cell", "pledge_deadline"
        )
    )


@cached_by_cells
def cell_sizes(cells, day: date) -> dict[int, dict]:
    """The party groups of each cell and its members on the day."""
    members = member_counts(cells, day)
    groups = group_counts(cells, day)
    return {
        cell_id: {"groups": groups.get(cell_id, 0), "members": members.get(cell_id, 0)}
        for cell_id in _ids(cells)
    }


@cached_by_cells
def year_progress(cells, year: int, *, today: date) -> dict[int, dict]:
    """How far each cell is with the year as of today: its pledges (as pledge_counts), the
    Monday sessions of the rota due before today and those held (today's may yet be recorded),
    and its pledge deadline, if set."""
    pledges = pledge_counts(cells, year, as_of=today)
    monday = monday_counts(cells, Period.of_years(year, year, as_of=today - timedelta(days=1)))
    deadlines = pledge_deadlines(cells, year)
    return {
        cell_id: {
            "pledges": pledges.get(cell_id, NO_PLEDGES),
            "monday_held": monday[cell_id]["held"],
            "monday_due": monday[cell_id]["planned"],
            "deadline": deadlines.get(cell_id),
        }
        for cell_id in _ids(cells)
    }


def filed_by(day: date) -> Q:
    """A pledge filed by that day, as every pledge count counts it."""
    return _pledge_events(day)["filed"]


# Study sessions, Monday sessions


def _keys(ids, period: Period, by_year: bool) -> list:
    return [(cell_id, year) for cell_id in ids for year in period.years] if by_year else list(ids)


def study_session_counts(cells, period: Period, *, by_year: bool = False) -> dict:
    """Study sessions held in the period and their attendance: those present over the members
    in the cell on each session's day. Keyed by cell id, or by (cell id, year)."""
    ids = _ids(cells)
    sessions = (
        StudySession.objects.filter(
            study_year__cell__in=ids, held_on__gte=period.first_day, held_on__lte=period.last_day
        )
        .values("study_year__cell", "held_on")
        .annotate(attended=Count("attendees"))
        .order_by()
    )
    stays = defaultdict(list)
    for cell_id, joined, left in Member.objects.filter(cell__in=ids).values_list(
        "cell", "joined_on", "left_on"
    ):
        stays[cell_id].append((joined, left))
    result = {key: {"sessions": 0, "attended": 0, "expected": 0} for key in _keys(ids, period, by_year)}
    for session in sessions:
        day = session["held_on"]
        cell_id = session["study_year__cell"]
        row = result[(cell_id, day.year) if by_year else cell_id]
        row["sessions"] += 1
        row["attended"] += session["attended"]
        row["expected"] += sum(
            (joined is None or joined <= day) and (left is None or left > day)
            for joined, left in stays[cell_id]
        )
    for row in result.values():
        row["attendance_rate"] = percent(row["attended"], row["expected"])
    return result


def monday_counts(cells, period: Period, *, by_year: bool = False) -> dict:
    """Monday sessions on the rota in the period, and those held. Keyed by cell id, or by
    (cell id, year)."""
    ids = _ids(cells)
    result = {key: {"planned": 0, "held": 0} for key in _keys(ids, period, by_year)}
    rows = MondaySession.objects.filter(cell__in=ids, day__gte=period.first_day, day__lte=period.last_day)
    # Each year by a range of days, not by extracting the year of each row (a function per row
    # on SQLite, where it took most of the committee table's time).
    years = period.years if by_year else [None]
    counts = {}
    for year in years:
        within = Q(day__year=year) if year else Q()
        counts[f"planned_{year}"] = Count("pk", filter=within)
        counts[f"held_{year}"] = Count("pk", filter=within & Q(state=MondayState.HELD))
    for row in rows.values("cell").annotate(**counts).order_by():
        for year in years:
            result[(row["cell"], year) if by_year else row["cell"]].update(
                planned=row[f"planned_{year}"], held=row[f"held_{year}"]
            )
    return result


# Inspection, supervision and commendations


def cases_started(cells, period: Period, *, directive_05_only: bool = True):
    """The cases carried out ("đã tiến hành") in the period: started within it. A case still
    planned was never started; one recorded without a start counts from its decision."""
    cases = Case.objects.filter(cell__in=_ids(cells)).exclude(state=CaseState.PLANNED)
    if directive_05_only:
        cases = cases.filter(on_directive_05=True)
    return cases.alias(started_on=Coalesce("start_on", "decision_date")).filter(
        started_on__gte=period.first_day, started_on__lte=period.last_day
    )


def concluded_by(day: date) -> Q:
    """A case concluded by that day (its end is the day of the conclusion)."""
    return Q(state=CaseState.CONCLUDED) & (Q(end_on__isnull=True) | Q(end_on__lte=day))


def oversight_counts(cells, period: Period, *, directive_05_only: bool = True, by_year: bool = False) -> dict:
    """Members inspected and supervised (distinct members, not cases), the cases, and the
    cases concluded by the period's end by conclusion, with their members. Keyed by cell id,
    or by (cell id, year of the start)."""
    cases = cases_started(cells, period, directive_05_only=directive_05_only).annotate(
        year=ExtractYear(Coalesce("start_on", "decision_date"))
    )
    group = ["cell", "year"] if by_year else ["cell"]

    def key(row):
        return tuple(row[name] for name in group) if by_year else row["cell"]

    result = {
        cell_id: {
            "members_inspected": 0,
            "members_supervised": 0,
            "inspections": 0,
            "supervisions": 0,
            "by_conclusion": dict.fromkeys(Conclusion.values, 0),
            "members_by_conclusion": dict.fromkeys(Conclusion.values, 0),
        }
        for cell_id in _keys(_ids(cells), period, by_year)
    }
    plural = {CaseKind.INSPECTION: "inspections", CaseKind.SUPERVISION: "supervisions"}
    people = {CaseKind.INSPECTION: "members_inspected", CaseKind.SUPERVISION: "members_supervised"}
    for row in (
        cases.values(*group, "kind")
        .annotate(members=Count("members", distinct=True), cases=Count("pk", distinct=True))
        .order_by()
    ):
        result[key(row)][people[row["kind"]]] = row["members"]
        result[key(row)][plural[row["kind"]]] = row["cases"]
    for row in (
        cases.filter(concluded_by(period.last_day))
        .values(*group, "conclusion")
        .annotate(count=Count("pk", distinct=True), members=Count("members", distinct=True))
        .order_by()
    ):
        result[key(row)]["by_conclusion"][row["conclusion"]] = row["count"]
        result[key(row)]["members_by_conclusion"][row["conclusion"]] = row["members"]
    return result


def granted_by(day: date) -> Q:
    """A proposal granted by that day: an outcome decided later was still awaited then."""
    return Q(outcome=ProposalOutcome.GRANTED) & (Q(decision_date__isnull=True) | Q(decision_date__lte=day))


def commendation_counts(cells, period: Period, *, by_year: bool = False) -> dict:
    """Comrades praised (distinct members) and praises, proposals for a reward (each one a
    "lượt") for collectives and individuals, and those granted by the period's end. Keyed by
    cell id, or by (cell id, year)."""
    ids = _ids(cells)
    result = {
        key: dict.fromkeys(
            (
                "comrades_praised",
                "praises",
                "proposals_collective",
                "proposals_individual",
                "granted_collective",
                "granted_individual",
            ),
            0,
        )
        for key in _keys(ids, period, by_year)
    }

    def rows(queryset, day_field, **counts):
        group = ["cell", f"{day_field}__year"] if by_year else ["cell"]
        for row in queryset.values(*group).annotate(**counts).order_by():
            key = (row.pop("cell"), row.pop(f"{day_field}__year")) if by_year else row.pop("cell")
            result[key].update(row)

    rows(
        Praise.objects.filter(
            cell__in=ids, praised_on__gte=period.first_day, praised_on__lte=period.last_day
        ),
        "praised_on",
        comrades_praised=Count("member", distinct=True),
        praises=Count("pk"),
    )
    granted = granted_by(period.last_day)
    rows(
        RewardProposal.objects.filter(
            cell__in=ids, proposed_on__gte=period.first_day, proposed_on__lte=period.last_day
        ),
        "proposed_on",
        proposals_collective=Count("pk", filter=Q(target=ProposalTarget.COLLECTIVE)),
        proposals_individual=Count("pk", filter=Q(target=ProposalTarget.INDIVIDUAL)),
        granted_collective=Count("pk", filter=Q(target=ProposalTarget.COLLECTIVE) & granted),
        granted_individual=Count("pk", filter=Q(target=ProposalTarget.INDIVIDUAL) & granted),
    )
    return result


# Figures of a period, per cell


@cached_by_cells
def period_figures(cells, period: Period, *, detail: bool = False) -> dict[int, dict]:
    """The figures of every cell over the period, as of its last day: the totals that the
    superior committee's table and the reports state, and per year the pledges (members of
    the cell at the year's end; the rate of the period over member-years). With `detail`,
    each year also has its study sessions, Monday sessions, oversight and praise. The number
    of queries grows with the years, never with the cells or the members."""
    ids = _ids(cells)
    pledges = [pledge_counts(ids, year, as_of=period.last_day) for year in period.years]
    members = member_counts(ids, period.last_day)
    groups = group_counts(ids, period.last_day)
    monday = monday_counts(ids, period, by_year=True)
    oversight = oversight_counts(ids, period)
    commendations = commendation_counts(ids, period)
    if detail:
        studies = study_session_counts(ids, period, by_year=True)
        oversight_years = oversight_counts(ids, period, by_year=True)
        praised_years = commendation_counts(ids, period, by_year=True)
    result = {}
    for cell_id in ids:
        years = []
        for year, of_year in zip(period.years, pledges, strict=True):
            pledge = of_year.get(cell_id, NO_PLEDGES)
            row = {
                "year": year,
                "members": pledge["members"],
                "pledges": pledge["filed"],
                "pledge_rate": pledge["rate"],
                "approved": pledge["approved"],
                "self_assessed": pledge["self_assessed"],
                "ratings": pledge["ratings"],
                "monday_planned": monday[(cell_id, year)]["planned"],
                "monday_held": monday[(cell_id, year)]["held"],
            }
            if detail:
                row.update(
                    {
                        "study_sessions": studies[(cell_id, year)]["sessions"],
                        "attendance_rate": studies[(cell_id, year)]["attendance_rate"],
                        "members_inspected": oversight_years[(cell_id, year)]["members_inspected"],
                        "members_supervised": oversight_years[(cell_id, year)]["members_supervised"],
                        "comrades_praised": praised_years[(cell_id, year)]["comrades_praised"],
                    }
                )
            years.append(row)
        filed = sum(year["pledges"] for year in years)
        member_years = sum(year["members"] for year in years)
        result[cell_id] = {
            "party_groups": groups.get(cell_id, 0),
            "members": members.get(cell_id, 0),
            "years": years,
            "pledges": filed,
            "pledge_rate": percent(filed, member_years),
            "monday_planned": sum(year["monday_planned"] for year in years),
            "monday_held": sum(year["monday_held"] for year in years),
            "members_inspected": oversight[cell_id]["members_inspected"],
            "members_supervised": oversight[cell_id]["members_supervised"],
            "cases_by_conclusion": oversight[cell_id]["by_conclusion"],
            "members_by_conclusion": oversight[cell_id]["members_by_conclusion"],
            **commendations[cell_id],
        }
    return result

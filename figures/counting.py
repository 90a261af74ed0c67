"""The counting engine: every figure of the program is counted here, for any number of cells,
over a period, as of its last day, by each event's own date.

A pledge counts as filed from its submission, approved from its review, self-assessed and rated
from those days; a case counts from its start and its conclusion from its end; a praise, a
proposal and the decision on it from their dates; a member from joining to leaving; a Monday
session on its day. Whenever a record was typed in, it counts by the day it happened. The report,
the superior committee's table, the year page and the oversight pages read these functions, so
they cannot disagree. Each function takes the cells and returns its figures keyed by cell id,
in a number of queries that depends on neither the cells nor the members.

A year that a cell holds no records of may hold the figures it reported then, entered from that
report (`EnteredYearFigures`). Every count adds them for those years: they are the state of the
report's date, so a count as of an earlier day leaves them out. They are read once per call, for
all the cells and years at once: they cost one query, however many years are entered.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Count, F, Min, Q
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cell05.periods import Period
from figures.cache import cached_by_cells
from figures.models import EnteredYearFigures
from members.models import Cell, Member, PartyGroup, group_on, in_cell_on
from oversight.choices import CaseKind, CaseState, Conclusion, ProposalOutcome, ProposalTarget
from oversight.models import Case, Praise, RewardProposal
from plans.choices import APPROVED_STATES, ASSESSED_STATES, FILED_STATES, MondayState, PledgeState, Rating
from plans.models import CellDocument, MondaySession, Pledge, StudySession, StudyYear


def percent(part: int, whole: int) -> float:
    """A share in per cent with one decimal; nothing of nothing is 0."""
    return round(100 * part / whole, 1) if whole else 0.0


def _ids(cells) -> list[int]:
    return [cell if isinstance(cell, int) else cell.pk for cell in cells]


# Figures entered from the cell's reports, for the years it holds no records of

# The entered figures of cells, keyed by (cell id, year).
Entered = dict[tuple[int, int], EnteredYearFigures]


def entered_figures(cells, years, *, as_of: date) -> Entered:
    """The figures entered for those years of the cells that were reported by `as_of`: one query."""
    ids = _ids(cells)
    if not ids:
        return {}
    rows = EnteredYearFigures.objects.filter(cell__in=ids, year__in=list(years), report_date__lte=as_of)
    return {(row.cell_id, row.year): row for row in rows}


def _entered_in(cells, period: Period) -> Entered:
    return entered_figures(cells, period.years, as_of=period.last_day)


def years_with_records(cell, years) -> set[int]:
    """The years among `years` that the cell holds records of, in one query: a filed pledge of
    its study year, a study session, a Monday session on the rota, a case started, a praise or
    a proposal. Such a year cannot hold entered figures (nor can an entered year take records)."""
    years = sorted(set(years))
    if not years:
        return set()
    period = Period(date(years[0], 1, 1), date(years[-1], 12, 31))
    cell_id = cell if isinstance(cell, int) else cell.pk
    found = (
        Pledge.objects.filter(study_year__cell=cell_id, study_year__year__in=years, state__in=FILED_STATES)
        .values_list("study_year__year")
        .order_by()
        .union(
            StudySession.objects.filter(study_year__cell=cell_id, study_year__year__in=years)
            .values_list("study_year__year")
            .order_by(),
            MondaySession.objects.filter(cell=cell_id, day__gte=period.first_day, day__lte=period.last_day)
            .annotate(year=ExtractYear("day"))
            .values_list("year")
            .order_by(),
            cases_started([cell_id], period, directive_05_only=False)
            .annotate(year=ExtractYear(Coalesce("start_on", "decision_date")))
            .values_list("year")
            .order_by(),
            Praise.objects.filter(
                cell=cell_id, praised_on__gte=period.first_day, praised_on__lte=period.last_day
            )
            .annotate(year=ExtractYear("praised_on"))
            .values_list("year")
            .order_by(),
            RewardProposal.objects.filter(
                cell=cell_id, proposed_on__gte=period.first_day, proposed_on__lte=period.last_day
            )
            .annotate(year=ExtractYear("proposed_on"))
            .values_list("year")
            .order_by(),
        )
    )
    return {year for (year,) in found} & set(years)


def year_has_records(cell, year: int) -> bool:
    """Whether the cell holds records of the year (see `years_with_records`)."""
    return year in years_with_records(cell, [year])


def year_has_entered_figures(cell, year: int) -> bool:
    """Whether the cell holds figures entered from a report for the year: such a year takes no
    records (an import of the year is refused)."""
    return EnteredYearFigures.objects.filter(cell=cell, year=year).exists()


def entered_year_refusal(cell_id: int, year: int) -> str | None:
    """Why a record of the year cannot be written: its figures were entered from a report
    (registered with cell05.closed_years, which the record keepers ask before they write). The
    cell's row is locked, as entered_figures_save locks it, so that figures cannot be entered
    between this answer and the record's save."""
    Cell.objects.select_for_update(no_key=True).filter(pk=cell_id).first()
    entered = EnteredYearFigures.objects.filter(cell=cell_id, year=year).first()
    if entered is None:
        return None
    return _(
        "The figures of %(year)s were entered from the cell's report %(number)s of %(date)s: that "
        "year takes no records. To record it, remove the entered figures first."
    ) % {
        "year": year,
        "number": entered.report_number,
        "date": formats.date_format(entered.report_date, "SHORT_DATE_FORMAT"),
    }


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

# Every field of a pledge that a figure reads. A pledge saved with all of them as they were (a
# draft's reflection, a score corrected) keeps its cell's stamp, and so the cached figures
# (figures.cache): a count that reads another field must name it here.
PLEDGE_COUNTED_FIELDS = (
    "member",
    "study_year",
    "state",
    "submitted_at",
    "reviewed_at",
    "self_assessed_at",
    "evaluated_at",
    "rating",
)


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


def pledge_counts(
    cells, year: int, *, as_of: date, by_group: bool = False, entered: Entered | None = None
) -> dict:
    """The pledges of a study year as of a day: the members in the cell on the year's last day
    (or on `as_of`, when earlier), and their pledges filed, approved, self-assessed and rated by
    `as_of`, and the rate. Keyed by cell id, or by (cell id, group id) with `by_group` (the
    group each member was in on that day). A year entered from a report
    reported by `as_of` gives its figures instead (`entered`: read here unless given); it has
    no groups, so `by_group` counts the records alone."""
    counts = _recorded_pledge_counts(cells, year, as_of=as_of, by_group=by_group)
    if by_group:
        return counts
    if entered is None:
        entered = entered_figures(cells, [year], as_of=as_of)
    return {
        **counts,
        **{
            cell_id: _entered_pledges(row)
            for (cell_id, of_year), row in entered.items()
            if of_year == year and row.report_date <= as_of
        },
    }


def _entered_pledges(row: EnteredYearFigures) -> dict:
    return {
        "members": row.members,
        "filed": row.pledges_filed,
        "approved": row.pledges_approved,
        "self_assessed": row.pledges_self_assessed,
        "ratings": row.ratings,
        "rate": percent(row.pledges_filed, row.members),
    }


@cached_by_cells
def _recorded_pledge_counts(cells, year: int, *, as_of: date, by_group: bool = False) -> dict:
    """`pledge_counts` of the records alone."""
    day = min(as_of, date(year, 12, 31))
    ids = _ids(cells)
    key = ["cell", "group_then"] if by_group else ["cell"]

    def grouped(via):
        return {"group_then": group_on(day, via=via)} if by_group else {}

    # A member recorded "from the records' start" was not a member without a pledge in the
    # years before the cell's first study year: those years are not the cell's records.
    not_begun = (
        StudyYear.objects.filter(cell__in=ids)
        .values("cell")
        .annotate(first=Min("year"))
        .filter(first__gt=year)
        .values("cell")
    )
    members = {
        tuple(row[k] for k in key): row["count"]
        for row in Member.objects.filter(cell__in=ids)
        .exclude(cell__in=not_begun)
        .filter(in_cell_on(day))
        .values("cell", **grouped(""))
        .annotate(count=Count("pk"))
        .order_by()
    }
    events = _pledge_events(as_of)
    counted: dict[tuple, dict] = {
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
    result: dict = {}
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
    # The filter leaves no empty deadline; the plugin types the column as it is declared, nullable.
    return dict(
        StudyYear.objects.filter(cell__in=_ids(cells), year=year, pledge_deadline__isnull=False).values_list(  # type: ignore[arg-type]
            "cell", "pledge_deadline"
        )
    )


@cached_by_cells
def cell_sizes(cells, day: date) -> dict[int, dict]:
    """The party groups of each cell and its members on the day; on a day of a past year that
    the cell entered from its report (reported by then), those of the report."""
    members = member_counts(cells, day)
    groups = group_counts(cells, day)
    sizes = {
        cell_id: {"groups": groups.get(cell_id, 0), "members": members.get(cell_id, 0)}
        for cell_id in _ids(cells)
    }
    # This year's members are those of the records: the cell is using the program now.
    if day.year < timezone.localdate().year:
        for (cell_id, _year), row in entered_figures(cells, [day.year], as_of=day).items():
            sizes[cell_id] = {"groups": row.party_groups, "members": row.members}
    return sizes


@cached_by_cells
def year_progress(cells, year: int, *, today: date) -> dict[int, dict]:
    """How far each cell is with the year as of today: its pledges (as pledge_counts), the
    Monday sessions of the rota due by today and those held (as monday_counts), and its pledge
    deadline, if set. A year entered from a report gives that report's figures."""
    entered = entered_figures(cells, [year], as_of=today)
    pledges = pledge_counts(cells, year, as_of=today, entered=entered)
    monday = monday_counts(cells, Period.of_years(year, year, as_of=today), entered=entered)
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


def pledge_timeliness(cells, period: Period) -> dict[tuple[int, int], dict]:
    """Per (cell id, year) of the period whose study year has a pledge deadline: the deadline,
    and the pledges filed by the period's last day on a later day than it (in the country's
    time), of the members that `pledge_counts` counts. Two queries for all the years."""
    ids = _ids(cells)
    deadlines = {
        (cell_id, year): {"deadline": deadline, "late": 0}
        for cell_id, year, deadline in StudyYear.objects.filter(
            cell__in=ids, year__in=list(period.years), pledge_deadline__isnull=False
        ).values_list("cell", "year", "pledge_deadline")
    }
    if not deadlines:
        return {}
    members = Q()
    for year in period.years:
        members |= Q(study_year__year=year) & in_cell_on(
            min(period.last_day, date(year, 12, 31)), via="member__"
        )
    late = (
        Pledge.objects.filter(
            study_year__cell__in=ids,
            study_year__year__in=list(period.years),
            study_year__pledge_deadline__isnull=False,
        )
        .filter(filed_by(period.last_day), members)
        .alias(submitted_on=TruncDate("submitted_at"))
        .filter(submitted_on__gt=F("study_year__pledge_deadline"))
        .values("study_year__cell", "study_year__year")
        .annotate(late=Count("pk"))
        .order_by()
    )
    for row in late:
        deadlines[(row["study_year__cell"], row["study_year__year"])]["late"] = row["late"]
    return deadlines


def filed_by(day: date) -> Q:
    """A pledge filed by that day, as every pledge count counts it."""
    return _pledge_events(day)["filed"]


# Study sessions, Monday sessions


def _keys(ids, period: Period, by_year: bool) -> list:
    return [(cell_id, year) for cell_id in ids for year in period.years] if by_year else list(ids)


def study_session_attendance(cells, period: Period) -> dict[int, dict]:
    """Each study session held in the period, by its id: its cell, its day, those present, the
    members in the cell on that day (joined by then, not yet left), and the rate in whole per
    cent. Two queries, whatever the number of cells, sessions and members."""
    ids = _ids(cells)
    sessions = (
        StudySession.objects.filter(
            study_year__cell__in=ids, held_on__gte=period.first_day, held_on__lte=period.last_day
        )
        .values("pk", "study_year__cell", "held_on")
        .annotate(attended=Count("attendees"))
        .order_by()
    )
    stays = defaultdict(list)
    for cell_id, joined, left in Member.objects.filter(cell__in=ids).values_list(
        "cell", "joined_on", "left_on"
    ):
        stays[cell_id].append((joined, left))
    result = {}
    for session in sessions:
        cell_id, day, attended = session["study_year__cell"], session["held_on"], session["attended"]
        expected = sum(
            (joined is None or joined <= day) and (left is None or left > day)
            for joined, left in stays[cell_id]
        )
        result[session["pk"]] = {
            "cell": cell_id,
            "held_on": day,
            "attended": attended,
            "expected": expected,
            "rate": round(100 * attended / expected) if expected else 0,
        }
    return result


def study_session_counts(
    cells, period: Period, *, by_year: bool = False, entered: Entered | None = None
) -> dict:
    """Study sessions held in the period and their attendance: those present over the members
    in the cell on each session's day (`study_session_attendance`), and those of the entered
    years. Keyed by cell id, or by (cell id, year)."""
    ids = _ids(cells)
    # Counts, and the attendance rate (a float) added at the end.
    result: dict = {key: {"sessions": 0, "attended": 0, "expected": 0} for key in _keys(ids, period, by_year)}
    for session in study_session_attendance(ids, period).values():
        row = result[(session["cell"], session["held_on"].year) if by_year else session["cell"]]
        row["sessions"] += 1
        row["attended"] += session["attended"]
        row["expected"] += session["expected"]
    for (cell_id, year), entry in _known(ids, period, entered):
        row = result[(cell_id, year) if by_year else cell_id]
        row["sessions"] += entry.study_sessions
        row["attended"] += entry.attended
        row["expected"] += entry.attendance_expected
    for row in result.values():
        row["attendance_rate"] = percent(row["attended"], row["expected"])
    return result


def monday_counts(cells, period: Period, *, by_year: bool = False, entered: Entered | None = None) -> dict:
    """Monday sessions on the rota in the period, and those held, with those of the entered
    years. Keyed by cell id, or by (cell id, year). A session is due once its day is over or
    once it is recorded: today's, still planned, may yet be held and is not counted (one rule
    for every page that counts up to today)."""
    ids = _ids(cells)
    result = {key: {"planned": 0, "held": 0} for key in _keys(ids, period, by_year)}
    rows = MondaySession.objects.filter(
        cell__in=ids, day__gte=period.first_day, day__lte=period.last_day
    ).exclude(day__gte=timezone.localdate(), state=MondayState.PLANNED)
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
    for (cell_id, year), entry in _known(ids, period, entered):
        sums = result[(cell_id, year) if by_year else cell_id]
        sums["planned"] += entry.monday_planned
        sums["held"] += entry.monday_held
    return result


def monday_not_held_by_group(cells, period: Period) -> dict[int, dict[int, int]]:
    """The Monday sessions on the rota in the period that were not held, per cell id and per
    group on duty in the order of the groups' turns (the entered years have no groups); a group
    whose sessions were all held is not listed."""
    rows = (
        MondaySession.objects.filter(
            cell__in=_ids(cells), day__gte=period.first_day, day__lte=period.last_day
        )
        .exclude(state=MondayState.HELD)
        .values("cell", "group")
        .annotate(count=Count("pk"))
        .order_by("cell", "group__order")
    )
    result: defaultdict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        result[row["cell"]][row["group"]] = row["count"]
    return dict(result)


def _known(ids, period: Period, entered: Entered | None):
    """The entered years of the cells within the period, reported by its last day: those of
    `entered` (read once by the caller of several counts), else read now."""
    if entered is None:
        entered = _entered_in(ids, period)
    wanted = set(ids)
    return [
        (key, row)
        for key, row in entered.items()
        if key[0] in wanted and key[1] in period.years and row.report_date <= period.last_day
    ]


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


def oversight_counts(
    cells,
    period: Period,
    *,
    directive_05_only: bool = True,
    by_year: bool = False,
    entered: Entered | None = None,
) -> dict:
    """Members inspected and supervised (distinct members, not cases), the cases, and the
    cases concluded by the period's end by conclusion, with their members (each member once, by
    the latest conclusion about the member); with those of the
    entered years (their reports on Directive 05: distinct within a year, added up between
    years). Keyed by cell id, or by (cell id, year of the start)."""
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
    concluded = cases.filter(concluded_by(period.last_day))
    for row in concluded.values(*group, "conclusion").annotate(count=Count("pk")).order_by():
        result[key(row)]["by_conclusion"][row["conclusion"]] = row["count"]
    # A member checked twice counts once, by the latest conclusion: the members found to do well
    # and those found with shortcomings never add up to more than the members checked.
    latest = {}
    for row in (
        concluded.filter(members__isnull=False)
        .values(*group, "members", "conclusion")
        .order_by(Coalesce("end_on", "start_on", "decision_date"), "pk")
    ):
        latest[(key(row), row["members"])] = row["conclusion"]
    for (case_key, _member), conclusion in latest.items():
        result[case_key]["members_by_conclusion"][conclusion] += 1
    for (cell_id, year), entry in _known(_ids(cells), period, entered):
        row = result[(cell_id, year) if by_year else cell_id]
        for name in ("members_inspected", "members_supervised", "inspections", "supervisions"):
            row[name] += getattr(entry, name)
        for value in Conclusion.values:
            row["by_conclusion"][value] += entry.cases_by_conclusion[value]
            row["members_by_conclusion"][value] += entry.members_by_conclusion[value]
    return result


def granted_by(day: date) -> Q:
    """A proposal granted by that day: an outcome decided later was still awaited then."""
    return Q(outcome=ProposalOutcome.GRANTED) & (Q(decision_date__isnull=True) | Q(decision_date__lte=day))


COMMENDATION_FIGURES = (
    "comrades_praised",
    "praises",
    "proposals_collective",
    "proposals_individual",
    "granted_collective",
    "granted_individual",
)


def commendation_counts(
    cells, period: Period, *, by_year: bool = False, entered: Entered | None = None
) -> dict:
    """Comrades praised (distinct members) and praises, proposals for a reward (each one a
    "lượt") for collectives and individuals, and those granted by the period's end; with those
    of the entered years. Keyed by cell id, or by (cell id, year)."""
    ids = _ids(cells)
    result = {key: dict.fromkeys(COMMENDATION_FIGURES, 0) for key in _keys(ids, period, by_year)}

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
    for (cell_id, year), entry in _known(ids, period, entered):
        row = result[(cell_id, year) if by_year else cell_id]
        for name in COMMENDATION_FIGURES:
            row[name] += getattr(entry, name)
    return result


# Figures of a period, per cell


@cached_by_cells
def period_figures(cells, period: Period, *, detail: bool = False) -> dict[int, dict]:
    """The figures of every cell over the period, as of its last day: the totals that the
    superior committee's table and the reports state, and per year the pledges (members of
    the cell at the year's end; the rate of the period over member-years). With `detail`,
    each year also has its study sessions, Monday sessions, oversight and praise. Each year
    says its source: "records", or "entered" with the number and date of the report its
    figures come from (also listed in `entered_years`); a period that ends in an entered year
    has that report's members and groups. The number of queries grows with the years, never
    with the cells, the members or the entered years."""
    ids = _ids(cells)
    entered = _entered_in(ids, period)
    pledges = [pledge_counts(ids, year, as_of=period.last_day, entered=entered) for year in period.years]
    members = member_counts(ids, period.last_day)
    groups = group_counts(ids, period.last_day)
    monday = monday_counts(ids, period, by_year=True, entered=entered)
    oversight = oversight_counts(ids, period, entered=entered)
    commendations = commendation_counts(ids, period, entered=entered)
    if detail:
        studies = study_session_counts(ids, period, by_year=True, entered=entered)
        timeliness = pledge_timeliness(ids, period)
        oversight_years = oversight_counts(ids, period, by_year=True, entered=entered)
        praised_years = commendation_counts(ids, period, by_year=True, entered=entered)
    result = {}
    for cell_id in ids:
        years = []
        for year, of_year in zip(period.years, pledges, strict=True):
            pledge = of_year.get(cell_id, NO_PLEDGES)
            row = {
                "year": year,
                **_source(entered.get((cell_id, year))),
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
                        **_pledges_missing_and_late(pledge, timeliness.get((cell_id, year)), period.last_day),
                    }
                )
            years.append(row)
        filed = sum(year["pledges"] for year in years)
        member_years = sum(year["members"] for year in years)
        # The cell's size at the period's end: its records', unless the last year is entered.
        last = entered.get((cell_id, period.last_day.year))
        result[cell_id] = {
            "party_groups": last.party_groups if last else groups.get(cell_id, 0),
            "members": last.members if last else members.get(cell_id, 0),
            "years": years,
            "entered_years": [
                {"year": year["year"], "number": year["report_number"], "date": year["report_date"]}
                for year in years
                if year["source"] == ENTERED
            ],
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


def _pledges_missing_and_late(pledge: dict, timeliness: dict | None, day: date) -> dict:
    """A member without a pledge is missing one only once the year's deadline has passed (until
    then the member may still file it); a year without a deadline, or entered from a report,
    has every member without a pledge missing one."""
    if timeliness is None:
        return {"pledges_missing": pledge["members"] - pledge["filed"], "pledges_late": 0}
    passed = timeliness["deadline"] < day
    return {
        "pledges_missing": pledge["members"] - pledge["filed"] if passed else 0,
        "pledges_late": timeliness["late"],
    }


# The cell's records in time


def first_record_day(cell) -> date | None:
    """The day of the cell's earliest record (a study year, or a year of entered figures, counts
    from its first day; a document of its register from its issue), or None for a cell without
    any."""
    first_years = [
        model.objects.filter(cell=cell).aggregate(first=Min("year"))["first"]
        for model in (StudyYear, EnteredYearFigures)
    ]
    days = [
        min((year for year in first_years if year is not None), default=None),
        *(
            model.objects.filter(cell=cell).aggregate(first=Min(field))["first"]
            for model, field in (
                (CellDocument, "issued_on"),
                (MondaySession, "day"),
                (Case, "decision_date"),
                (Praise, "praised_on"),
                (RewardProposal, "proposed_on"),
            )
        ),
    ]
    if days[0] is not None:
        days[0] = date(days[0], 1, 1)
    return min((day for day in days if day is not None), default=None)


# Where a year's figures come from (a year of `period_figures` says it).
RECORDS, ENTERED = "records", "entered"


def _source(row: EnteredYearFigures | None) -> dict:
    """A year's source, with the number and date of the report of an entered year: plain
    strings, since a final report keeps its figures as JSON."""
    if row is None:
        return {"source": RECORDS, "report_number": "", "report_date": ""}
    return {"source": ENTERED, "report_number": row.report_number, "report_date": row.report_date.isoformat()}
